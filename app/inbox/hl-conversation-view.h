/* hl-conversation-view.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_CONVERSATION_VIEW (hl_conversation_view_get_type ())

G_DECLARE_FINAL_TYPE (HlConversationView, hl_conversation_view, HL, CONVERSATION_VIEW, AdwBin)

void   hl_conversation_view_set_workspace       (HlConversationView *self,
                                                 HlWorkspace        *workspace);
void   hl_conversation_view_set_conversation_id (HlConversationView *self,
                                                 gint64              conversation_id);
gint64 hl_conversation_view_get_conversation_id (HlConversationView *self);
void   hl_conversation_view_set_show_back       (HlConversationView *self,
                                                 gboolean            show_back);
GListModel *hl_conversation_view_get_messages   (HlConversationView *self);
void   hl_conversation_view_focus_composer      (HlConversationView *self,
                                                 gboolean            note);
void   hl_conversation_view_set_typing_name     (HlConversationView *self,
                                                 const char         *name);
struct _HlComposer *hl_conversation_view_get_composer (HlConversationView *self);

G_END_DECLS

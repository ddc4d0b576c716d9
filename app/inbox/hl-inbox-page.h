/* hl-inbox-page.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-conversation.h"
#include "hl-store-inbox.h"
#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_INBOX_PAGE (hl_inbox_page_get_type ())

G_DECLARE_FINAL_TYPE (HlInboxPage, hl_inbox_page, HL, INBOX_PAGE, AdwBin)

void        hl_inbox_page_show_typing       (HlInboxPage *self,
                                             gint64       conversation_id,
                                             const char  *who);
void        hl_inbox_page_select_conversation (HlInboxPage *self,
                                               gint64       conversation_id);
GListModel *hl_inbox_page_get_model           (HlInboxPage *self);
gint64      hl_inbox_page_get_conversation_id (HlInboxPage *self);
HlConversation *hl_inbox_page_get_current      (HlInboxPage *self);
guint       hl_inbox_page_get_count           (HlInboxPage *self,
                                               HlInboxView  view);

gint64      hl_inbox_snooze_until             (const char  *preset,
                                               GDateTime   *now);

G_END_DECLS

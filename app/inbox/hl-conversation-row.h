/* hl-conversation-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-conversation.h"
#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_CONVERSATION_ROW (hl_conversation_row_get_type ())

G_DECLARE_FINAL_TYPE (HlConversationRow, hl_conversation_row, HL, CONVERSATION_ROW, HlRecordRow)

const char     *hl_channel_icon_name         (HlChannel          channel);
const char     *hl_channel_label             (HlChannel          channel);
const char     *hl_priority_label            (HlPriority         priority);
const char     *hl_status_label              (HlConversationStatus status);

G_END_DECLS

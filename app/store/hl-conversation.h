/* hl-conversation.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-record.h"

G_BEGIN_DECLS

#define HL_TYPE_CONVERSATION (hl_conversation_get_type ())

G_DECLARE_FINAL_TYPE (HlConversation, hl_conversation, HL, CONVERSATION, HlRecord)

HlChannel            hl_conversation_get_channel            (HlConversation *self);
const char *         hl_conversation_get_inbox              (HlConversation *self);
const char *         hl_conversation_get_subject            (HlConversation *self);
HlConversationStatus hl_conversation_get_status             (HlConversation *self);
HlPriority           hl_conversation_get_priority           (HlConversation *self);
gint64               hl_conversation_get_assignee_id        (HlConversation *self);
const char *         hl_conversation_get_assignee_name      (HlConversation *self);
gboolean             hl_conversation_get_assigned_to_me     (HlConversation *self);
const char *         hl_conversation_get_team               (HlConversation *self);
gint64               hl_conversation_get_contact_id         (HlConversation *self);
const char *         hl_conversation_get_contact_name       (HlConversation *self);
const char *         hl_conversation_get_contact_phone      (HlConversation *self);
const char *         hl_conversation_get_contact_email      (HlConversation *self);
const char * const * hl_conversation_get_labels             (HlConversation *self);
int                  hl_conversation_get_unread             (HlConversation *self);
gint64               hl_conversation_get_created_at         (HlConversation *self);
gint64               hl_conversation_get_last_activity_at   (HlConversation *self);
gint64               hl_conversation_get_waiting_since      (HlConversation *self);
gint64               hl_conversation_get_first_response_due (HlConversation *self);
gint64               hl_conversation_get_resolution_due     (HlConversation *self);
gint64               hl_conversation_get_snoozed_until      (HlConversation *self);
const char *         hl_conversation_get_preview            (HlConversation *self);
int                  hl_conversation_get_message_count      (HlConversation *self);
const char *         hl_conversation_get_remote_id          (HlConversation *self);

G_END_DECLS

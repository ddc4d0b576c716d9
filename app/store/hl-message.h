/* hl-message.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-record.h"

G_BEGIN_DECLS

#define HL_TYPE_MESSAGE (hl_message_get_type ())

G_DECLARE_FINAL_TYPE (HlMessage, hl_message, HL, MESSAGE, HlRecord)

gint64        hl_message_get_conversation_id (HlMessage *self);
HlMessageKind hl_message_get_kind            (HlMessage *self);
const char *  hl_message_get_sender_name     (HlMessage *self);
const char *  hl_message_get_body            (HlMessage *self);
const char *  hl_message_get_content_type    (HlMessage *self);
const char *  hl_message_get_email_from      (HlMessage *self);
const char *  hl_message_get_email_to        (HlMessage *self);
const char *  hl_message_get_email_cc        (HlMessage *self);
const char *  hl_message_get_attachments     (HlMessage *self);
HlDelivery    hl_message_get_delivery        (HlMessage *self);
const char *  hl_message_get_error           (HlMessage *self);
gint64        hl_message_get_created_at      (HlMessage *self);
const char *  hl_message_get_echo_id         (HlMessage *self);
const char *  hl_message_get_remote_id       (HlMessage *self);

G_END_DECLS

/* hl-message.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-enums.h"
#include "hl-message.h"

/* One message of a conversation thread: from the customer, an agent's reply, a private note or an
 * activity line. */

struct _HlMessage
{
  HlRecord parent_instance;

  gint64 conversation_id;
  HlMessageKind kind;
  char *sender_name;
  char *body;
  char *content_type;
  char *email_from;
  char *email_to;
  char *email_cc;
  char *attachments;
  HlDelivery delivery;
  char *error;
  gint64 created_at;
  char *echo_id;
  char *remote_id;
};

G_DEFINE_FINAL_TYPE (HlMessage, hl_message, HL_TYPE_RECORD)

static const char row_sql[] =
  "SELECT m.conversation_id, m.kind, coalesce (a.name, m.sender_name), m.body, m.content_type,"
  "       m.email_from, m.email_to, m.email_cc, m.attachments, m.delivery, m.error, m.created_at,"
  "       m.echo_id, m.remote_id"
  "  FROM messages m LEFT JOIN agents a ON a.id = m.sender_agent_id"
  " WHERE m.id = ?1";

static const HlField fields[] = {
  { "conversation-id", HL_FIELD_INT64, G_STRUCT_OFFSET (HlMessage, conversation_id) },
  { "kind", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlMessage, kind), hl_message_kind_get_type },
  { "sender-name", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, sender_name) },
  { "body", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, body) },
  { "content-type", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, content_type) },
  { "email-from", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, email_from) },
  { "email-to", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, email_to) },
  { "email-cc", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, email_cc) },
  { "attachments", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, attachments) },
  { "delivery", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlMessage, delivery), hl_delivery_get_type },
  { "error", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, error) },
  { "created-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlMessage, created_at) },
  { "echo-id", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, echo_id) },
  { "remote-id", HL_FIELD_STRING, G_STRUCT_OFFSET (HlMessage, remote_id) },
};

static void
hl_message_class_init (HlMessageClass *klass)
{
  hl_record_class_install_fields (HL_RECORD_CLASS (klass), row_sql, fields, G_N_ELEMENTS (fields));
}

static void
hl_message_init (HlMessage *self)
{
}

gint64
hl_message_get_conversation_id (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), 0);

  return self->conversation_id;
}

HlMessageKind
hl_message_get_kind (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), 0);

  return self->kind;
}

const char *
hl_message_get_sender_name (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->sender_name;
}

const char *
hl_message_get_body (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->body;
}

const char *
hl_message_get_content_type (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->content_type;
}

const char *
hl_message_get_email_from (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->email_from;
}

const char *
hl_message_get_email_to (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->email_to;
}

const char *
hl_message_get_email_cc (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->email_cc;
}

const char *
hl_message_get_attachments (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->attachments;
}

HlDelivery
hl_message_get_delivery (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), 0);

  return self->delivery;
}

const char *
hl_message_get_error (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->error;
}

gint64
hl_message_get_created_at (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), 0);

  return self->created_at;
}

const char *
hl_message_get_echo_id (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->echo_id;
}

const char *
hl_message_get_remote_id (HlMessage *self)
{
  g_return_val_if_fail (HL_IS_MESSAGE (self), NULL);

  return self->remote_id;
}

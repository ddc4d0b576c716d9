/* hl-conversation.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-enums.h"
#include "hl-conversation.h"

/* One conversation of the unified inbox, whatever its channel, with what a list row shows of its
 * contact, assignee and labels joined in. */

struct _HlConversation
{
  HlRecord parent_instance;

  HlChannel channel;
  char *inbox;
  char *subject;
  HlConversationStatus status;
  HlPriority priority;
  gint64 assignee_id;
  char *assignee_name;
  gboolean assigned_to_me;
  char *team;
  gint64 contact_id;
  char *contact_name;
  char *contact_phone;
  char *contact_email;
  char **labels;
  int unread;
  gint64 created_at;
  gint64 last_activity_at;
  gint64 waiting_since;
  gint64 first_response_due;
  gint64 resolution_due;
  gint64 snoozed_until;
  char *preview;
  int message_count;
  char *remote_id;
};

G_DEFINE_FINAL_TYPE (HlConversation, hl_conversation, HL_TYPE_RECORD)

static const char row_sql[] =
  "SELECT c.channel, c.inbox, c.subject, c.status, c.priority, c.assignee_id, a.name, a.is_me, c.team,"
  "       c.contact_id, ct.name, ct.phone, ct.email,"
  "       (SELECT group_concat (label, char (31)) FROM"
  "          (SELECT label FROM conversation_labels WHERE conversation_id = c.id ORDER BY label)),"
  "       c.unread, c.created_at, c.last_activity_at, c.waiting_since, c.first_response_due,"
  "       c.resolution_due, c.snoozed_until, c.preview, c.message_count, c.remote_id"
  "  FROM conversations c"
  "  LEFT JOIN agents a ON a.id = c.assignee_id"
  "  LEFT JOIN contacts ct ON ct.id = c.contact_id"
  " WHERE c.id = ?1";

static const HlField fields[] = {
  { "channel", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlConversation, channel), hl_channel_get_type },
  { "inbox", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, inbox) },
  { "subject", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, subject) },
  { "status", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlConversation, status), hl_conversation_status_get_type },
  { "priority", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlConversation, priority), hl_priority_get_type },
  { "assignee-id", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, assignee_id) },
  { "assignee-name", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, assignee_name) },
  { "assigned-to-me", HL_FIELD_BOOLEAN, G_STRUCT_OFFSET (HlConversation, assigned_to_me) },
  { "team", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, team) },
  { "contact-id", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, contact_id) },
  { "contact-name", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, contact_name) },
  { "contact-phone", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, contact_phone) },
  { "contact-email", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, contact_email) },
  { "labels", HL_FIELD_STRV, G_STRUCT_OFFSET (HlConversation, labels) },
  { "unread", HL_FIELD_INT, G_STRUCT_OFFSET (HlConversation, unread) },
  { "created-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, created_at) },
  { "last-activity-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, last_activity_at) },
  { "waiting-since", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, waiting_since) },
  { "first-response-due", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, first_response_due) },
  { "resolution-due", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, resolution_due) },
  { "snoozed-until", HL_FIELD_INT64, G_STRUCT_OFFSET (HlConversation, snoozed_until) },
  { "preview", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, preview) },
  { "message-count", HL_FIELD_INT, G_STRUCT_OFFSET (HlConversation, message_count) },
  { "remote-id", HL_FIELD_STRING, G_STRUCT_OFFSET (HlConversation, remote_id) },
};

static void
hl_conversation_class_init (HlConversationClass *klass)
{
  hl_record_class_install_fields (HL_RECORD_CLASS (klass), row_sql, fields, G_N_ELEMENTS (fields));
}

static void
hl_conversation_init (HlConversation *self)
{
}

HlChannel
hl_conversation_get_channel (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->channel;
}

const char *
hl_conversation_get_inbox (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->inbox;
}

const char *
hl_conversation_get_subject (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->subject;
}

HlConversationStatus
hl_conversation_get_status (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->status;
}

HlPriority
hl_conversation_get_priority (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->priority;
}

gint64
hl_conversation_get_assignee_id (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->assignee_id;
}

const char *
hl_conversation_get_assignee_name (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->assignee_name;
}

gboolean
hl_conversation_get_assigned_to_me (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), FALSE);

  return self->assigned_to_me;
}

const char *
hl_conversation_get_team (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->team;
}

gint64
hl_conversation_get_contact_id (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->contact_id;
}

const char *
hl_conversation_get_contact_name (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->contact_name;
}

const char *
hl_conversation_get_contact_phone (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->contact_phone;
}

const char *
hl_conversation_get_contact_email (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->contact_email;
}

const char * const *
hl_conversation_get_labels (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return (const char * const *) self->labels;
}

int
hl_conversation_get_unread (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->unread;
}

gint64
hl_conversation_get_created_at (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->created_at;
}

gint64
hl_conversation_get_last_activity_at (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->last_activity_at;
}

gint64
hl_conversation_get_waiting_since (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->waiting_since;
}

gint64
hl_conversation_get_first_response_due (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->first_response_due;
}

gint64
hl_conversation_get_resolution_due (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->resolution_due;
}

gint64
hl_conversation_get_snoozed_until (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->snoozed_until;
}

const char *
hl_conversation_get_preview (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->preview;
}

int
hl_conversation_get_message_count (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), 0);

  return self->message_count;
}

const char *
hl_conversation_get_remote_id (HlConversation *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (self), NULL);

  return self->remote_id;
}

/* hl-chatwoot-event.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCable"

#include "config.h"

#include <string.h>

#include "hl-chatwoot-event.h"

/* One Chatwoot cable event (API.md §11.4–11.5): its kind, the raw data object, and the ids the
 * store needs to apply it, pulled out and type-checked once here so that the sync layer never has
 * to dig in JSON for them. Ids are positive; 0 means "not in this event".
 *
 * conversation_id is the conversation's display_id, the number every REST route takes: message
 * events send it as data.conversation_id, conversation events as data.id. An event of a known kind
 * whose ids are missing or of the wrong type is refused; unknown event names are kept as
 * HL_CHATWOOT_EVENT_UNKNOWN so that a newer server is no error. */

struct _HlChatwootEvent
{
  GObject              parent_instance;

  HlChatwootEventKind  kind;
  char                *name;
  JsonObject          *data;
  gint64               account_id;
  gint64               conversation_id;
  gint64               message_id;
  gint64               contact_id;
  gint64               notification_id;
  gint64               performer_id;
  gboolean             is_private;
};

G_DEFINE_FINAL_TYPE (HlChatwootEvent, hl_chatwoot_event, G_TYPE_OBJECT)
G_DEFINE_QUARK (hl-chatwoot-event-error-quark, hl_chatwoot_event_error)

/* The nicks are the event names on the wire. */
G_DEFINE_ENUM_TYPE (HlChatwootEventKind, hl_chatwoot_event_kind,
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_MESSAGE_CREATED, "message.created"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_MESSAGE_UPDATED, "message.updated"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_FIRST_REPLY_CREATED, "first.reply.created"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_CREATED, "conversation.created"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_UPDATED, "conversation.updated"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_STATUS_CHANGED, "conversation.status_changed"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_READ, "conversation.read"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_ASSIGNEE_CHANGED, "assignee.changed"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_TEAM_CHANGED, "team.changed"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_CONTACT_CHANGED, "conversation.contact_changed"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_MENTIONED, "conversation.mentioned"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_TYPING_ON, "conversation.typing_on"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_TYPING_OFF, "conversation.typing_off"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONVERSATION_UNREAD_COUNT_CHANGED, "conversation.unread_count_changed"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONTACT_CREATED, "contact.created"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONTACT_UPDATED, "contact.updated"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONTACT_MERGED, "contact.merged"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_CONTACT_DELETED, "contact.deleted"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_NOTIFICATION_CREATED, "notification.created"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_NOTIFICATION_UPDATED, "notification.updated"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_NOTIFICATION_DELETED, "notification.deleted"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_ACCOUNT_CACHE_INVALIDATED, "account.cache_invalidated"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_PRESENCE_UPDATE, "presence.update"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_ACCOUNT_ENRICHMENT_COMPLETED, "account.enrichment_completed"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_COPILOT_MESSAGE_CREATED, "copilot.message.created"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_VOICE_CALL_INCOMING, "voice_call.incoming"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_ACCEPTED, "voice_call.outbound_accepted"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_CONNECTED, "voice_call.outbound_connected"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_VOICE_CALL_ENDED, "voice_call.ended"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_EVENT_VOICE_CALL_PERMISSION_GRANTED, "voice_call.permission_granted"))

HlChatwootEventKind
hl_chatwoot_event_kind_from_name (const char *name)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  if (name == NULL)
    return HL_CHATWOOT_EVENT_UNKNOWN;

  klass = g_type_class_ref (HL_TYPE_CHATWOOT_EVENT_KIND);
  value = g_enum_get_value_by_nick (klass, name);

  return value ? (HlChatwootEventKind) value->value : HL_CHATWOOT_EVENT_UNKNOWN;
}

const char *
hl_chatwoot_event_kind_to_name (HlChatwootEventKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_CHATWOOT_EVENT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  /* The class stays alive (static type), so the nick outlives the reference. */
  return value ? value->value_nick : "unknown";
}

static void
hl_chatwoot_event_finalize (GObject *object)
{
  HlChatwootEvent *self = (HlChatwootEvent *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->data, json_object_unref);

  G_OBJECT_CLASS (hl_chatwoot_event_parent_class)->finalize (object);
}

static void
hl_chatwoot_event_class_init (HlChatwootEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hl_chatwoot_event_finalize;
}

static void
hl_chatwoot_event_init (HlChatwootEvent *self)
{
}

static gboolean
invalid (GError     **error,
         const char  *event,
         const char  *member,
         const char  *expected)
{
  g_set_error (error, HL_CHATWOOT_EVENT_ERROR, HL_CHATWOOT_EVENT_ERROR_INVALID,
               "Chatwoot event %s: “%s” must be %s", event, member, expected);
  return FALSE;
}

/* Reads a positive integer id: the last component of @path (which names it in errors) in @object.
 * Missing or null is 0, and an error only if @required. */
static gboolean
get_id (JsonObject  *object,
        const char  *event,
        const char  *path,
        gboolean     required,
        gint64      *out,
        GError     **error)
{
  const char *member = strrchr (path, '.') ? strrchr (path, '.') + 1 : path;
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? invalid (error, event, path, "a positive integer id") : TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0)
    return invalid (error, event, path, "a positive integer id");

  *out = json_node_get_int (node);
  return TRUE;
}

/* Reads an object member, like get_id(); missing or null gives NULL, an error only if @required. */
static gboolean
get_object (JsonObject   *object,
            const char   *event,
            const char   *path,
            gboolean      required,
            JsonObject  **out,
            GError      **error)
{
  const char *member = strrchr (path, '.') ? strrchr (path, '.') + 1 : path;
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? invalid (error, event, path, "an object") : TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, event, path, "an object");

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *event,
          const char  *member,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, event, member, "a boolean");

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* The id of a sender/user push shape when it is a contact (API.md §3.3: "type":"contact"). */
static gboolean
get_contact_of (JsonObject  *person,
                const char  *event,
                const char  *member,
                gint64      *out,
                GError     **error)
{
  JsonNode *type;

  *out = 0;
  if (person == NULL)
    return TRUE;

  type = json_object_get_member (person, "type");
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) ||
      json_node_get_value_type (type) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (type), "contact") != 0)
    return TRUE;

  return get_id (person, event, member, TRUE, out, error);
}

static gboolean
get_conversation_ids (HlChatwootEvent  *self,
                      JsonObject       *conversation,
                      GError          **error)
{
  JsonObject *meta;
  JsonObject *sender;

  if (!get_id (conversation, self->name, "id", TRUE, &self->conversation_id, error))
    return FALSE;

  if (!get_object (conversation, self->name, "meta", FALSE, &meta, error) ||
      !get_object (meta, self->name, "meta.sender", FALSE, &sender, error))
    return FALSE;

  return get_id (sender, self->name, "meta.sender.id", FALSE, &self->contact_id, error);
}

static gboolean
validate (HlChatwootEvent  *self,
          GError          **error)
{
  JsonObject *data = self->data;
  JsonObject *object;
  JsonObject *performer;

  if (!get_id (data, self->name, "account_id", FALSE, &self->account_id, error))
    return FALSE;

  /* ActionCableListener adds the user who caused the event; a bot or a contact may have. */
  if (!get_object (data, self->name, "performer", FALSE, &performer, error))
    return FALSE;
  if (performer != NULL &&
      !get_id (performer, self->name, "performer.id", FALSE, &self->performer_id, error))
    return FALSE;

  switch (self->kind)
    {
    case HL_CHATWOOT_EVENT_MESSAGE_CREATED:
    case HL_CHATWOOT_EVENT_MESSAGE_UPDATED:
    case HL_CHATWOOT_EVENT_FIRST_REPLY_CREATED:
      if (!get_id (data, self->name, "id", TRUE, &self->message_id, error) ||
          !get_id (data, self->name, "conversation_id", TRUE, &self->conversation_id, error) ||
          !get_bool (data, self->name, "private", &self->is_private, error) ||
          !get_object (data, self->name, "sender", FALSE, &object, error))
        return FALSE;
      return get_contact_of (object, self->name, "sender.id", &self->contact_id, error);

    case HL_CHATWOOT_EVENT_CONVERSATION_CREATED:
    case HL_CHATWOOT_EVENT_CONVERSATION_UPDATED:
    case HL_CHATWOOT_EVENT_CONVERSATION_STATUS_CHANGED:
    case HL_CHATWOOT_EVENT_CONVERSATION_READ:
    case HL_CHATWOOT_EVENT_ASSIGNEE_CHANGED:
    case HL_CHATWOOT_EVENT_TEAM_CHANGED:
    case HL_CHATWOOT_EVENT_CONVERSATION_CONTACT_CHANGED:
    case HL_CHATWOOT_EVENT_CONVERSATION_MENTIONED:
      return get_conversation_ids (self, data, error);

    case HL_CHATWOOT_EVENT_CONVERSATION_TYPING_ON:
    case HL_CHATWOOT_EVENT_CONVERSATION_TYPING_OFF:
      if (!get_object (data, self->name, "conversation", TRUE, &object, error) ||
          !get_id (object, self->name, "conversation.id", TRUE, &self->conversation_id, error) ||
          !get_bool (data, self->name, "is_private", &self->is_private, error) ||
          !get_object (data, self->name, "user", FALSE, &object, error))
        return FALSE;
      return get_contact_of (object, self->name, "user.id", &self->contact_id, error);

    case HL_CHATWOOT_EVENT_CONTACT_CREATED:
    case HL_CHATWOOT_EVENT_CONTACT_UPDATED:
    case HL_CHATWOOT_EVENT_CONTACT_MERGED:
    case HL_CHATWOOT_EVENT_CONTACT_DELETED:
      return get_id (data, self->name, "id", TRUE, &self->contact_id, error);

    case HL_CHATWOOT_EVENT_NOTIFICATION_CREATED:
    case HL_CHATWOOT_EVENT_NOTIFICATION_UPDATED:
    case HL_CHATWOOT_EVENT_NOTIFICATION_DELETED:
      return get_object (data, self->name, "notification", TRUE, &object, error) &&
             get_id (object, self->name, "notification.id", TRUE, &self->notification_id, error);

    case HL_CHATWOOT_EVENT_ACCOUNT_CACHE_INVALIDATED:
      return get_object (data, self->name, "cache_keys", TRUE, &object, error);

    case HL_CHATWOOT_EVENT_PRESENCE_UPDATE:
      return get_object (data, self->name, "users", FALSE, &object, error) &&
             get_object (data, self->name, "contacts", FALSE, &object, error);

    case HL_CHATWOOT_EVENT_VOICE_CALL_INCOMING:
    case HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_ACCEPTED:
    case HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_CONNECTED:
    case HL_CHATWOOT_EVENT_VOICE_CALL_ENDED:
    case HL_CHATWOOT_EVENT_VOICE_CALL_PERMISSION_GRANTED:
      return get_id (data, self->name, "conversation_id", FALSE, &self->conversation_id, error);

    case HL_CHATWOOT_EVENT_CONVERSATION_UNREAD_COUNT_CHANGED:
    case HL_CHATWOOT_EVENT_ACCOUNT_ENRICHMENT_COMPLETED:
    case HL_CHATWOOT_EVENT_COPILOT_MESSAGE_CREATED:
    case HL_CHATWOOT_EVENT_UNKNOWN:
    default:
      return TRUE;
    }
}

/**
 * hl_chatwoot_event_new:
 * @name: the event name, e.g. "message.created"
 * @data: the event's data object
 * @error: return location for an #HL_CHATWOOT_EVENT_ERROR
 *
 * Returns: (transfer full) (nullable): the event, or %NULL with @error set when @data fails the
 *   checks for @name's kind
 */
HlChatwootEvent *
hl_chatwoot_event_new (const char  *name,
                       JsonObject  *data,
                       GError     **error)
{
  g_autoptr(HlChatwootEvent) self = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (HL_TYPE_CHATWOOT_EVENT, NULL);
  self->name = g_strdup (name);
  self->kind = hl_chatwoot_event_kind_from_name (name);
  self->data = json_object_ref (data);

  if (!validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * hl_chatwoot_event_new_from_frame:
 * @frame: a parsed %HL_CABLE_FRAME_MESSAGE frame
 * @error: return location for an #HL_CHATWOOT_EVENT_ERROR
 *
 * Returns: (transfer full) (nullable): the event of @frame's envelope, or %NULL with @error set
 */
HlChatwootEvent *
hl_chatwoot_event_new_from_frame (const HlCableFrame  *frame,
                                  GError             **error)
{
  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (frame->type != HL_CABLE_FRAME_MESSAGE || frame->event == NULL)
    {
      g_set_error_literal (error, HL_CHATWOOT_EVENT_ERROR, HL_CHATWOOT_EVENT_ERROR_NOT_AN_EVENT,
                           "ActionCable frame holds no Chatwoot event");
      return NULL;
    }

  if (frame->data == NULL)
    {
      invalid (error, frame->event, "data", "an object");
      return NULL;
    }

  return hl_chatwoot_event_new (frame->event, frame->data, error);
}

HlChatwootEventKind
hl_chatwoot_event_get_kind (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), HL_CHATWOOT_EVENT_UNKNOWN);

  return self->kind;
}

/* The name as sent, also for UNKNOWN events. */
const char *
hl_chatwoot_event_get_name (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), NULL);

  return self->name;
}

/**
 * hl_chatwoot_event_get_data:
 *
 * Returns: (transfer none): the event's data object, the payload of API.md §11.5
 */
JsonObject *
hl_chatwoot_event_get_data (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), NULL);

  return self->data;
}

gint64
hl_chatwoot_event_get_account_id (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), 0);

  return self->account_id;
}

/* The conversation's display_id, or 0. */
gint64
hl_chatwoot_event_get_conversation_id (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), 0);

  return self->conversation_id;
}

gint64
hl_chatwoot_event_get_message_id (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), 0);

  return self->message_id;
}

/* The contact the event is about: contact events' id, a conversation's meta.sender, the sender of
 * an incoming message, a typing contact; or 0. */
gint64
hl_chatwoot_event_get_contact_id (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), 0);

  return self->contact_id;
}

gint64
hl_chatwoot_event_get_notification_id (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), 0);

  return self->notification_id;
}

/* The user who caused the event (data.performer), or 0. */
gint64
hl_chatwoot_event_get_performer_id (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), 0);

  return self->performer_id;
}

/* A private note (message events) or private typing (typing events). */
gboolean
hl_chatwoot_event_is_private (HlChatwootEvent *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_EVENT (self), FALSE);

  return self->is_private;
}

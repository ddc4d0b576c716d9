/* hl-chatwoot-outbox.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootOutbox"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-backend-error.h"
#include "hl-backoff.h"
#include "hl-chatwoot-call-log.h"
#include "hl-chatwoot-outbox.h"
#include "hl-chatwoot-upload.h"
#include "hl-enums.h"
#include "hl-store-db.h"

#define DEFAULT_MIN_BACKOFF_MS 2000
#define DEFAULT_MAX_BACKOFF_MS (5 * 60 * 1000)
#define CLOCK_SKEW_S           120   /* server clock against ours, when matching a message by its text */
#define MAX_PAGES              10    /* pages of 20 messages looked through for a message in doubt */

struct _HlChatwootOutbox
{
  GObject           parent_instance;

  /* Owned References */
  HlStore          *store;
  HlChatwootClient *client;
  char             *backend;
  GNetworkMonitor  *monitor;
  GCancellable     *cancellable;     /* cancelled by stop () */
  HlOutboxEntry    *entry;           /* the one in flight */

  guint             timeout_id;
  gulong            changed_id;
  gulong            network_id;
  guint             min_backoff_ms;
  guint             max_backoff_ms;
  guint             pages_seen;      /* of the message search in progress */
  gint64            phone_inbox_id;  /* where calls are logged; 0: call.log entries wait */
  guint             pending_count;
  guint             failed_count;
  guint             running : 1;
  guint             busy : 1;
  guint             kick_again : 1;
  guint             counting : 1;
  guint             count_again : 1;
  guint             online : 1;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLIENT,
  PROP_ONLINE,
  PROP_PENDING_COUNT,
  PROP_FAILED_COUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HlChatwootOutbox, hl_chatwoot_outbox, G_TYPE_OBJECT)

/* The operations this sender knows; call.log goes to hl-chatwoot-call-log.c, and only once the
 * phone inbox is known (operations + 1 leaves it out). */
static const char * const operations[] = {
  "call.log",
  "message.send",
  "conversation.status",
  "conversation.assign",
  "conversation.team",
  "conversation.priority",
  "conversation.labels",
  "conversation.read",
  "conversation.unread",
  "contact.update",
  "agent.availability",
  NULL
};

static void kick (HlChatwootOutbox *self);
static void send_entry (HlChatwootOutbox *self);

static void
set_online (HlChatwootOutbox *self,
            gboolean          online)
{
  if (self->online == !!online)
    return;

  g_debug ("%s", online ? "Online" : "Offline");
  self->online = !!online;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
}

/* Counts */

static void refresh_counts (HlChatwootOutbox *self);

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  guint pending = 0, failed = 0;

  self->counting = FALSE;

  if (!hl_store_outbox_count_finish (HL_STORE (object), result, &pending, &failed, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the outbox: %s", error->message);
      return;
    }

  if (self->pending_count != pending)
    {
      self->pending_count = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_COUNT]);
    }
  if (self->failed_count != failed)
    {
      self->failed_count = failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FAILED_COUNT]);
    }

  if (self->count_again)
    refresh_counts (self);
}

static void
refresh_counts (HlChatwootOutbox *self)
{
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }

  self->counting = TRUE;
  self->count_again = FALSE;
  hl_store_outbox_count_async (self->store, self->backend, NULL, on_counted, g_object_ref (self));
}

/* Recording an outcome, then on to the next entry */

static void
on_recorded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_store_outbox_finish (HL_STORE (object), result, &error))
    g_warning ("Could not record how an outbox entry went: %s", error->message);

  g_clear_pointer (&self->entry, hl_outbox_entry_free);
  self->busy = FALSE;
  kick (self);
}

static void
entry_done (HlChatwootOutbox *self,
            gint64            remote_id)
{
  g_autofree char *id = remote_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, remote_id) : NULL;

  g_debug ("Entry %" G_GINT64_FORMAT " (%s) done%s%s", self->entry->id, self->entry->operation,
           id ? ", remote id " : "", id ? id : "");
  hl_store_outbox_done_async (self->store, self->entry->id, id, NULL, on_recorded, g_object_ref (self));
}

/* A message found or created on the server: its files as the server keeps them go on the row. */
static void
message_done (HlChatwootOutbox        *self,
              const HlChatwootMessage *message)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, message->id);

  g_debug ("Entry %" G_GINT64_FORMAT " (%s) done, remote id %s", self->entry->id, self->entry->operation, id);
  hl_store_outbox_done_with_attachments_async (self->store, self->entry->id, id, message->data.attachments, NULL,
                                               on_recorded, g_object_ref (self));
}

static void
entry_failed (HlChatwootOutbox *self,
              const char       *reason)
{
  g_debug ("Entry %" G_GINT64_FORMAT " (%s) failed: %s", self->entry->id, self->entry->operation, reason);
  hl_store_outbox_fail_async (self->store, self->entry->id, reason, NULL, on_recorded, g_object_ref (self));
}

static void
entry_later (HlChatwootOutbox *self,
             guint             delay_ms,
             const char       *reason)
{
  /* Due times are whole seconds: rounded up, never earlier than asked (Retry-After). */
  gint64 due = (g_get_real_time () + (gint64) delay_ms * 1000 + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

  g_debug ("Entry %" G_GINT64_FORMAT " (%s) again in %u ms: %s", self->entry->id, self->entry->operation,
           delay_ms, reason);
  hl_store_outbox_reschedule_async (self->store, self->entry->id, due, reason, NULL, on_recorded, g_object_ref (self));
}

static gboolean
handle_error (HlChatwootOutbox *self,
              GError           *error)
{
  guint backoff;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* stop (): the entry stays as it is, its attempt recorded; after a new start () it is
       * taken again (and checked on the server first) */
      g_clear_pointer (&self->entry, hl_outbox_entry_free);
      self->busy = FALSE;
      kick (self);
      return TRUE;
    }

  backoff = hl_backoff_delay (self->entry->attempts, self->min_backoff_ms, self->max_backoff_ms,
                              g_random_double ());

  if (error->domain == HL_BACKEND_ERROR)
    {
      switch ((HlBackendError) error->code)
        {
        case HL_BACKEND_ERROR_OFFLINE:
          set_online (self, FALSE);
          entry_later (self, backoff, error->message);
          return TRUE;

        case HL_BACKEND_ERROR_RATE_LIMITED:
          set_online (self, TRUE);
          entry_later (self, hl_backend_error_get_retry_after (error) * 1000, error->message);
          return TRUE;

        /* Nothing wrong with the entry: the server, the token or the connection is. */
        case HL_BACKEND_ERROR_SERVER:
        case HL_BACKEND_ERROR_MALFORMED:
        case HL_BACKEND_ERROR_AUTH:
        case HL_BACKEND_ERROR_NOT_CHATWOOT:
        case HL_BACKEND_ERROR_TLS:
          set_online (self, error->code != HL_BACKEND_ERROR_TLS);
          entry_later (self, backoff, error->message);
          return TRUE;

        case HL_BACKEND_ERROR_FAILED:
        case HL_BACKEND_ERROR_MFA_REQUIRED:
        case HL_BACKEND_ERROR_CONFLICT:
        case HL_BACKEND_ERROR_NOT_FOUND:
        case HL_BACKEND_ERROR_FORBIDDEN:
        default:
          break;
        }
    }

  set_online (self, TRUE);
  entry_failed (self, error->message);
  return TRUE;
}

/* Sending */

static gint64
node_id (JsonNode *node)
{
  JsonObject *object;
  JsonNode *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  object = json_node_get_object (node);
  id = json_object_get_member (object, "id");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (id);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = hl_chatwoot_client_call_finish (HL_CHATWOOT_CLIENT (object), result, &error);

  if (error != NULL)
    {
      handle_error (self, error);
      return;
    }

  set_online (self, TRUE);
  if (g_str_equal (self->entry->operation, "message.send") && hl_chatwoot_upload_has_files (self->entry->attachments))
    {
      g_autoptr(HlChatwootMessage) message = hl_chatwoot_json_message (node, NULL);

      if (message != NULL)
        {
          message_done (self, message);
          return;
        }
    }
  entry_done (self, g_str_equal (self->entry->operation, "message.send") ? node_id (node) : 0);
}

static const char *
payload_string (JsonObject *payload,
                const char *member)
{
  JsonNode *node = payload ? json_object_get_member (payload, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
parse_id (const char *text)
{
  gint64 id = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return id;
}

static int
enum_from_nick (GType       type,
                const char *nick,
                int         fallback)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return value ? value->value : fallback;
}

static void
send_contact_update (HlChatwootOutbox *self,
                     gint64            contact,
                     JsonObject       *payload)
{
  JsonObject *objects[2] = { NULL, NULL };
  HlContactData data[2] = { { 0 }, { 0 } };
  const char *keys[] = { "before", "after" };
  g_autoptr(JsonNode) changes = NULL;

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *node = json_object_get_member (payload, keys[i]);

      objects[i] = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      data[i].name = payload_string (objects[i], "name");
      data[i].email = payload_string (objects[i], "email");
      data[i].phone = payload_string (objects[i], "phone");
      data[i].company = payload_string (objects[i], "company");
      data[i].city = payload_string (objects[i], "city");
      data[i].country = payload_string (objects[i], "country");
      data[i].locale = payload_string (objects[i], "locale");
      data[i].notes = payload_string (objects[i], "notes");
      data[i].attributes = payload_string (objects[i], "attributes");
    }

  if ((changes = hl_chatwoot_json_contact_changes (&data[0], &data[1])) == NULL)
    {
      entry_done (self, 0);
      return;
    }

  hl_chatwoot_client_update_contact_async (self->client, contact, changes, self->cancellable,
                                           on_sent, g_object_ref (self));
}

static void
on_files_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = hl_chatwoot_upload_read_finish (result, &error);
  HlOutboxEntry *entry = self->entry;

  /* A file gone or too large: the agent's to fix (Discard, or Retry once it is back). */
  if (files == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        handle_error (self, error);
      else
        entry_failed (self, error->message);
      return;
    }

  hl_chatwoot_client_create_message_with_files_async (self->client, parse_id (entry->target_remote_id), entry->body,
                                                      entry->is_note, entry->echo_id, files, self->cancellable,
                                                      on_sent, g_object_ref (self));
}

/* The request of an entry whose checks, if any, have passed. */
static void
send_request (HlChatwootOutbox *self,
              JsonObject       *payload)
{
  HlOutboxEntry *entry = self->entry;
  const char *op = entry->operation;
  gint64 target = parse_id (entry->target_remote_id);

  if (g_str_equal (op, "message.send") && hl_chatwoot_upload_has_files (entry->attachments))
    hl_chatwoot_upload_read_async (entry->attachments, self->cancellable, on_files_read, g_object_ref (self));
  else if (g_str_equal (op, "message.send"))
    hl_chatwoot_client_create_message_async (self->client, target, entry->body, entry->is_note, entry->echo_id,
                                             self->cancellable, on_sent, g_object_ref (self));
  else if (g_str_equal (op, "conversation.status"))
    hl_chatwoot_client_toggle_status_async (self->client, target,
                                            enum_from_nick (HL_TYPE_CONVERSATION_STATUS,
                                                            payload_string (payload, "status"),
                                                            HL_CONVERSATION_STATUS_OPEN),
                                            json_object_get_int_member_with_default (payload, "snoozed_until", 0),
                                            self->cancellable, on_sent, g_object_ref (self));
  else if (g_str_equal (op, "conversation.assign"))
    hl_chatwoot_client_assign_async (self->client, target, parse_id (payload_string (payload, "assignee")),
                                     self->cancellable, on_sent, g_object_ref (self));
  else if (g_str_equal (op, "conversation.team"))
    hl_chatwoot_client_assign_team_async (self->client, target,
                                          json_object_get_int_member_with_default (payload, "team_id", 0),
                                          self->cancellable, on_sent, g_object_ref (self));
  else if (g_str_equal (op, "conversation.priority"))
    hl_chatwoot_client_toggle_priority_async (self->client, target,
                                              enum_from_nick (HL_TYPE_PRIORITY, payload_string (payload, "priority"),
                                                              HL_PRIORITY_NONE),
                                              self->cancellable, on_sent, g_object_ref (self));
  else if (g_str_equal (op, "conversation.labels"))
    {
      JsonNode *node = json_object_get_member (payload, "labels");
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
          g_ptr_array_add (labels, (gpointer) json_array_get_string_element (json_node_get_array (node), i));
      g_ptr_array_add (labels, NULL);

      hl_chatwoot_client_set_labels_async (self->client, target, (const char * const *) labels->pdata,
                                           self->cancellable, on_sent, g_object_ref (self));
    }
  else if (g_str_equal (op, "conversation.read"))
    hl_chatwoot_client_update_last_seen_async (self->client, target, self->cancellable, on_sent, g_object_ref (self));
  else if (g_str_equal (op, "conversation.unread"))
    hl_chatwoot_client_mark_unread_async (self->client, target, self->cancellable, on_sent, g_object_ref (self));
  else if (g_str_equal (op, "contact.update"))
    send_contact_update (self, target, payload);
  else if (g_str_equal (op, "agent.availability"))
    hl_chatwoot_client_set_availability_async (self->client,
                                               enum_from_nick (HL_TYPE_AVAILABILITY,
                                                               payload_string (payload, "availability"),
                                                               HL_AVAILABILITY_ONLINE),
                                               self->cancellable, on_sent, g_object_ref (self));
  else
    g_assert_not_reached ();
}

static JsonObject *
parse_payload (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

/* Conflicts: the conversation as it is on the server now */

static void
check_conflict (HlChatwootOutbox *self,
                JsonNode         *conversation)
{
  g_autoptr(JsonObject) payload = parse_payload (self->entry->payload);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (conversation) ? json_node_get_object (conversation) : NULL;
  g_autofree char *current = NULL;
  const char *wanted, *seen;

  if (object == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED,
                                                     _("The server sent a conversation that could not be read."));
      handle_error (self, error);
      return;
    }

  if (g_str_equal (self->entry->operation, "conversation.status"))
    {
      current = g_strdup (json_object_get_string_member_with_default (object, "status", ""));
      wanted = payload_string (payload, "status");
      seen = payload_string (payload, "seen_status");
    }
  else
    {
      JsonObject *meta = json_object_get_object_member (object, "meta");
      JsonNode *assignee = meta ? json_object_get_member (meta, "assignee") : NULL;
      gint64 id = assignee && JSON_NODE_HOLDS_OBJECT (assignee) ? node_id (assignee) : 0;

      current = id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;
      wanted = payload_string (payload, "assignee");
      seen = payload_string (payload, "seen_assignee");
    }

  /* Already so: an earlier attempt arrived, or someone made the same change. (An agent who sets
   * what was already there, say snoozes again until another time, sends it.) */
  if (g_strcmp0 (current, wanted) == 0 && g_strcmp0 (wanted, seen) != 0)
    {
      set_online (self, TRUE);
      entry_done (self, 0);
      return;
    }

  if (g_strcmp0 (current, seen) != 0)
    {
      g_autofree char *reason = NULL;

      if (g_str_equal (self->entry->operation, "conversation.status"))
        /* Translators: the statuses are Chatwoot's: open, pending, snoozed, resolved */
        reason = g_strdup_printf (_("Conflict: someone else set the conversation to “%s” in the meantime, so your change to “%s” was not applied."),
                                  current, wanted ? wanted : "");
      else
        reason = g_strdup (_("Conflict: someone else reassigned the conversation in the meantime, so your assignment was not applied."));

      set_online (self, TRUE);
      entry_failed (self, reason);
      return;
    }

  send_request (self, payload);
}

static void
on_conversation_fetched (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = hl_chatwoot_client_call_finish (HL_CHATWOOT_CLIENT (object), result, &error);

  if (error != NULL)
    handle_error (self, error);
  else
    check_conflict (self, node);
}

/* Exactly once: was a message in doubt received? */

static gboolean
is_claimed (const HlOutboxEntry *entry,
            gint64               id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return entry->claimed_remote_ids != NULL && g_strv_contains ((const char * const *) entry->claimed_remote_ids, text);
}

/**
 * hl_chatwoot_outbox_find_sent:
 * @messages: a page of GET …/messages (hl_chatwoot_json_message_page ())
 * @entry: a message.send entry
 *
 * Which of @messages is @entry's message, if an earlier attempt of it arrived: the one with its
 * echo_id, or one without an echo_id that the agent could have sent by this attempt (see the
 * header). Returns its id, or 0.
 */
gint64
hl_chatwoot_outbox_find_sent (const HlChatwootPage *messages,
                              const HlOutboxEntry  *entry)
{
  HlMessageKind kind = entry->is_note ? HL_MESSAGE_KIND_NOTE : HL_MESSAGE_KIND_OUTGOING;

  g_return_val_if_fail (messages != NULL, 0);
  g_return_val_if_fail (entry != NULL, 0);

  for (guint i = 0; i < messages->items->len; i++)
    {
      const HlChatwootMessage *m = g_ptr_array_index (messages->items, i);

      if (m->data.echo_id != NULL)
        {
          if (g_strcmp0 (m->data.echo_id, entry->echo_id) == 0)
            return m->id;
          continue;
        }

      if (m->data.kind == kind && g_strcmp0 (m->data.body, entry->body) == 0 &&
          m->data.created_at >= entry->attempted_at - CLOCK_SKEW_S && !is_claimed (entry, m->id))
        return m->id;
    }

  return 0;
}

static void list_messages (HlChatwootOutbox *self,
                           gint64            before);

static void
on_messages_listed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = hl_chatwoot_client_call_finish (HL_CHATWOOT_CLIENT (object), result, &error);
  g_autoptr(HlChatwootPage) page = NULL;
  const HlChatwootMessage *oldest;
  gint64 found;

  if (error == NULL)
    page = hl_chatwoot_json_message_page (node, &error);
  if (error != NULL)
    {
      handle_error (self, error);
      return;
    }

  set_online (self, TRUE);
  if ((found = hl_chatwoot_outbox_find_sent (page, self->entry)) > 0)
    {
      g_debug ("Message of entry %" G_GINT64_FORMAT " is already on the server as %" G_GINT64_FORMAT,
               self->entry->id, found);
      for (guint i = 0; i < page->items->len; i++)
        {
          const HlChatwootMessage *m = g_ptr_array_index (page->items, i);

          if (m->id == found)
            message_done (self, m);
        }
      return;
    }

  /* The page is in ascending order; older pages may still reach back to the first attempt. */
  oldest = page->items->len > 0 ? g_ptr_array_index (page->items, 0) : NULL;
  if (oldest != NULL && page->items->len >= 20 && oldest->data.created_at >= self->entry->attempted_at - CLOCK_SKEW_S &&
      ++self->pages_seen < MAX_PAGES)
    {
      list_messages (self, oldest->id);
      return;
    }

  send_request (self, NULL);
}

static void
list_messages (HlChatwootOutbox *self,
               gint64            before)
{
  hl_chatwoot_client_list_messages_async (self->client, parse_id (self->entry->target_remote_id), before, 0,
                                          self->cancellable, on_messages_listed, g_object_ref (self));
}

static void
on_call_logged (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_chatwoot_call_log_send_finish (result, &error))
    {
      handle_error (self, error);
      return;
    }

  set_online (self, TRUE);
  entry_done (self, 0);
}

static void
send_entry (HlChatwootOutbox *self)
{
  HlOutboxEntry *entry = self->entry;
  gboolean message = g_str_equal (entry->operation, "message.send");

  g_debug ("Sending entry %" G_GINT64_FORMAT " (%s, attempt %u)", entry->id, entry->operation, entry->attempts + 1);

  if (g_str_equal (entry->operation, "call.log"))
    {
      hl_chatwoot_call_log_send_async (self->store, self->client, self->phone_inbox_id, entry, self->cancellable,
                                       on_call_logged, g_object_ref (self));
      return;
    }

  if (parse_id (entry->target_remote_id) == 0 || (message && entry->body == NULL))
    {
      entry_failed (self, _("This change belongs to something that is not on the server (yet), so it cannot be sent."));
      return;
    }

  if (message && entry->message_remote_id != NULL)
    {
      /* The realtime echo came first. */
      entry_done (self, parse_id (entry->message_remote_id));
      return;
    }

  if (message && entry->attempts > 0)
    {
      self->pages_seen = 0;
      list_messages (self, 0);
      return;
    }

  if (g_str_equal (entry->operation, "conversation.status") || g_str_equal (entry->operation, "conversation.assign"))
    {
      hl_chatwoot_client_get_conversation_async (self->client, parse_id (entry->target_remote_id), self->cancellable,
                                                 on_conversation_fetched, g_object_ref (self));
      return;
    }

  {
    g_autoptr(JsonObject) payload = parse_payload (entry->payload);

    send_request (self, payload);
  }
}

/* Draining */

static gboolean
on_due (gpointer data)
{
  HlChatwootOutbox *self = data;

  self->timeout_id = 0;
  kick (self);
  return G_SOURCE_REMOVE;
}

static void
on_taken (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HlChatwootOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 next_due = 0;

  self->entry = hl_store_outbox_take_finish (HL_STORE (object), result, &next_due, &error);

  if (error != NULL)
    {
      self->busy = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the outbox: %s", error->message);
      else
        kick (self);
      return;
    }

  if (!self->running || self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      /* stopped meanwhile: the attempt is recorded, the next start checks before it sends again */
      g_clear_pointer (&self->entry, hl_outbox_entry_free);
      self->busy = FALSE;
      kick (self);
      return;
    }

  if (self->entry != NULL)
    {
      self->kick_again = FALSE;
      send_entry (self);
      return;
    }

  self->busy = FALSE;
  if (self->kick_again)
    {
      kick (self);
      return;
    }

  if (next_due > 0)
    {
      gint64 wait_ms = next_due * 1000 - g_get_real_time () / 1000;

      g_clear_handle_id (&self->timeout_id, g_source_remove);
      self->timeout_id = g_timeout_add (CLAMP (wait_ms, 0, G_MAXINT) + 20, on_due, self);
    }
}

static void
kick (HlChatwootOutbox *self)
{
  if (!self->running)
    return;

  if (self->busy)
    {
      self->kick_again = TRUE;
      return;
    }

  self->busy = TRUE;
  self->kick_again = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  hl_store_outbox_take_async (self->store, self->backend, self->phone_inbox_id > 0 ? operations : operations + 1,
                              self->cancellable, on_taken, g_object_ref (self));
}

static void
on_store_changed (HlChatwootOutbox *self,
                  HlStoreTables     tables)
{
  if ((tables & HL_STORE_TABLE_OUTBOX) == 0)
    return;

  refresh_counts (self);
  kick (self);
}

static void
on_woken (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_store_outbox_finish (HL_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not reschedule the outbox: %s", error->message);
}

/* The monitor is a hint: requests are tried whatever it says (a server on this machine or the
 * LAN needs no default route), and their outcome sets :online. When the network comes back while
 * the server could not be reached, what waits for its back-off goes at once. */
static void
on_network_changed (HlChatwootOutbox *self,
                    gboolean          available)
{
  if (!available)
    set_online (self, FALSE);
  else if (!self->online)
    hl_store_outbox_wake_async (self->store, self->backend, self->cancellable, on_woken, NULL);
  else
    kick (self);
}

/* GObject */

static void
hl_chatwoot_outbox_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HlChatwootOutbox *self = HL_CHATWOOT_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    case PROP_FAILED_COUNT:
      g_value_set_uint (value, self->failed_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_chatwoot_outbox_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HlChatwootOutbox *self = HL_CHATWOOT_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_chatwoot_outbox_constructed (GObject *object)
{
  HlChatwootOutbox *self = HL_CHATWOOT_OUTBOX (object);
  const char *backend = hl_store_get_backend (self->store);

  G_OBJECT_CLASS (hl_chatwoot_outbox_parent_class)->constructed (object);

  self->backend = g_strdup (backend ? backend : "chatwoot");
}

static void
hl_chatwoot_outbox_dispose (GObject *object)
{
  HlChatwootOutbox *self = HL_CHATWOOT_OUTBOX (object);

  hl_chatwoot_outbox_stop (self);
  g_clear_object (&self->store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (hl_chatwoot_outbox_parent_class)->dispose (object);
}

static void
hl_chatwoot_outbox_finalize (GObject *object)
{
  HlChatwootOutbox *self = HL_CHATWOOT_OUTBOX (object);

  g_clear_pointer (&self->entry, hl_outbox_entry_free);
  g_free (self->backend);

  G_OBJECT_CLASS (hl_chatwoot_outbox_parent_class)->finalize (object);
}

static void
hl_chatwoot_outbox_class_init (HlChatwootOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hl_chatwoot_outbox_get_property;
  object_class->set_property = hl_chatwoot_outbox_set_property;
  object_class->constructed = hl_chatwoot_outbox_constructed;
  object_class->dispose = hl_chatwoot_outbox_dispose;
  object_class->finalize = hl_chatwoot_outbox_finalize;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, HL_TYPE_CHATWOOT_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * HlChatwootOutbox:online:
   *
   * Whether the server can be reached: the network monitor and the last request say so. Starts
   * TRUE; the UI shows its offline banner while it is FALSE.
   */
  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_FAILED_COUNT] =
    g_param_spec_uint ("failed-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hl_chatwoot_outbox_init (HlChatwootOutbox *self)
{
  self->online = TRUE;
  self->min_backoff_ms = DEFAULT_MIN_BACKOFF_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
}

/* Public API */

HlChatwootOutbox *
hl_chatwoot_outbox_new (HlStore          *store,
                        HlChatwootClient *client)
{
  g_return_val_if_fail (HL_IS_STORE (store), NULL);
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (client), NULL);

  return g_object_new (HL_TYPE_CHATWOOT_OUTBOX, "store", store, "client", client, NULL);
}

/* Starts draining (the store must be open): now, and whenever there is something to send. */
void
hl_chatwoot_outbox_start (HlChatwootOutbox *self)
{
  g_return_if_fail (HL_IS_CHATWOOT_OUTBOX (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->changed_id = g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self,
                                              G_CONNECT_SWAPPED);
  self->network_id = g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self,
                                              G_CONNECT_SWAPPED);
  if (!g_network_monitor_get_network_available (self->monitor))
    set_online (self, FALSE);
  refresh_counts (self);
  kick (self);
}

/* Stops sending; a request in flight is cancelled (its entry stays, and is checked before it is
 * sent again). */
void
hl_chatwoot_outbox_stop (HlChatwootOutbox *self)
{
  g_return_if_fail (HL_IS_CHATWOOT_OUTBOX (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_signal_handler (&self->network_id, self->monitor);
  g_clear_object (&self->monitor);
}

gboolean
hl_chatwoot_outbox_get_online (HlChatwootOutbox *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_OUTBOX (self), FALSE);

  return self->online;
}

guint
hl_chatwoot_outbox_get_pending_count (HlChatwootOutbox *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_OUTBOX (self), 0);

  return self->pending_count;
}

guint
hl_chatwoot_outbox_get_failed_count (HlChatwootOutbox *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_OUTBOX (self), 0);

  return self->failed_count;
}

static void
on_retried (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_store_outbox_finish (HL_STORE (object), result, &error))
    g_warning ("Could not retry an outbox entry: %s", error->message);
}

/* The agent's Retry on a failed entry: it is sent again at once (the store's ::changed kicks the
 * drain). */
void
hl_chatwoot_outbox_retry (HlChatwootOutbox *self,
                          gint64            entry_id)
{
  g_return_if_fail (HL_IS_CHATWOOT_OUTBOX (self));

  hl_store_outbox_retry_async (self->store, entry_id, NULL, on_retried, NULL);
}

/* The Retry of a failed reply or note, by its message row (what a message bubble knows). */
void
hl_chatwoot_outbox_retry_message (HlChatwootOutbox *self,
                                  gint64            message_id)
{
  g_return_if_fail (HL_IS_CHATWOOT_OUTBOX (self));

  hl_store_outbox_retry_message_async (self->store, message_id, NULL, on_retried, NULL);
}

/* The back-off after a failed attempt doubles from @min_ms up to @max_ms (tests make it short). */
void
hl_chatwoot_outbox_set_backoff (HlChatwootOutbox *self,
                                guint             min_ms,
                                guint             max_ms)
{
  g_return_if_fail (HL_IS_CHATWOOT_OUTBOX (self));

  self->min_backoff_ms = min_ms;
  self->max_backoff_ms = MAX (min_ms, max_ms);
}

/* The API-channel inbox where finished calls are logged (the `phone-inbox-id` setting); until it
 * is set, call.log entries wait. */
void
hl_chatwoot_outbox_set_phone_inbox_id (HlChatwootOutbox *self,
                                       gint64            inbox_id)
{
  g_return_if_fail (HL_IS_CHATWOOT_OUTBOX (self));

  if (self->phone_inbox_id == inbox_id)
    return;

  self->phone_inbox_id = inbox_id;
  kick (self);
}

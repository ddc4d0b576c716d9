/* hl-chatwoot-call-log.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootCallLog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-backend-error.h"
#include "hl-chatwoot-call-log.h"
#include "hl-chatwoot-outbox.h"
#include "hl-store-call-log.h"

#define TRAILING_DIGITS 7   /* a national number and its international form share at least these */

typedef struct
{
  HlStore          *store;
  HlChatwootClient *client;
  gint64            inbox_id;
  gint64            entry_id;
  gint64            call_id;
  guint             attempts;
  gint64            attempted_at;
  JsonObject       *payload;
} Send;

static void
send_free (gpointer data)
{
  Send *send = data;

  g_clear_object (&send->store);
  g_clear_object (&send->client);
  g_clear_pointer (&send->payload, json_object_unref);
  g_free (send);
}

static void advance (GTask *task);

/* Numbers */

/* The digits of a phone number (an international prefix "00" counts as "+"), or NULL for what is
 * not a number (a SIP user such as "alice"). */
static char *
number_digits (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (!strchr ("+ -.()/", *p))
        return NULL;
    }

  if (digits->len < 3)
    return NULL;
  if (g_str_has_prefix (digits->str, "00"))
    g_string_erase (digits, 0, 2);

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/**
 * hl_chatwoot_call_log_same_number:
 *
 * Whether two phone numbers are the same line: the same digits, or one is the other without its
 * country code and trunk prefix ("0612 345 678" and "+34 612 345 678"), sharing at least the last
 * seven digits.
 */
gboolean
hl_chatwoot_call_log_same_number (const char *a,
                                  const char *b)
{
  g_autofree char *x = number_digits (a);
  g_autofree char *y = number_digits (b);
  const char *shorter, *longer;
  gsize ls, ll;

  if (x == NULL || y == NULL)
    return FALSE;
  if (g_str_equal (x, y))
    return TRUE;

  shorter = strlen (x) < strlen (y) ? x : y;
  longer = shorter == x ? y : x;
  if (shorter[0] == '0')
    shorter++;   /* the trunk prefix of a national number */
  ls = strlen (shorter);
  ll = strlen (longer);

  return ls >= TRAILING_DIGITS && ls < ll && g_str_equal (longer + ll - ls, shorter);
}

/* The payload */

static const char *
payload_string (JsonObject *payload,
                const char *member)
{
  JsonNode *node = json_object_get_member (payload, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
object_id (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static void
on_recorded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!hl_store_call_log_progress_finish (HL_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  advance (task);
}

/* A step is taken: @member = @id in the payload, and the id on the matching local row. */
static void
record (GTask      *task,
        const char *member,
        gint64      id)
{
  Send *send = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *payload = NULL;

  json_object_set_int_member (send->payload, member, id);
  json_node_set_object (root, send->payload);
  payload = json_to_string (root, FALSE);

  g_debug ("Call log %" G_GINT64_FORMAT ": %s %s", send->entry_id, member, text);
  hl_store_call_log_progress_async (send->store, send->entry_id, send->call_id, payload,
                                    g_str_equal (member, "contact_id") ? text : NULL,
                                    g_str_equal (member, "conversation_id") ? text : NULL,
                                    g_str_equal (member, "message_id") ? text : NULL,
                                    g_task_get_cancellable (task), on_recorded, g_object_ref (task));
}

static JsonNode *
finish_call (GObject      *object,
             GAsyncResult *result,
             GTask        *task)
{
  GError *error = NULL;
  JsonNode *node = hl_chatwoot_client_call_finish (HL_CHATWOOT_CLIENT (object), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  return node;
}

static JsonArray *
payload_array (JsonNode *node)
{
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *payload = object ? json_object_get_member (object, "payload") : NULL;

  return payload && JSON_NODE_HOLDS_ARRAY (payload) ? json_node_get_array (payload) : NULL;
}

static void
malformed (GTask      *task,
           const char *what)
{
  g_task_return_new_error (task, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED,
                           _("The server’s answer could not be read: %s."), what);
}

/* 1. The contact */

/* The contact's source id in the phone inbox, if it has one there. */
static void
remember_source_id (Send       *send,
                    JsonObject *contact)
{
  JsonNode *node = json_object_get_member (contact, "contact_inboxes");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);
      JsonObject *ci = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *inbox = ci ? json_object_get_member (ci, "inbox") : NULL;
      const char *source_id = ci ? payload_string (ci, "source_id") : NULL;

      if (source_id != NULL && inbox != NULL && JSON_NODE_HOLDS_OBJECT (inbox) &&
          object_id (json_node_get_object (inbox), "id") == send->inbox_id)
        json_object_set_string_member (send->payload, "source_id", source_id);
    }
}

static char *
sip_identifier (const char *number)
{
  return g_strconcat ("sip:", number, NULL);
}

static gboolean
is_the_caller (JsonObject *contact,
               const char *number)
{
  g_autofree char *digits = number_digits (number);
  g_autofree char *identifier = NULL;

  if (digits != NULL)
    return hl_chatwoot_call_log_same_number (payload_string (contact, "phone_number"), number);

  identifier = sip_identifier (number);
  return g_ascii_strcasecmp (identifier, payload_string (contact, "identifier") ?: "") == 0;
}

static void
on_contact_created (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = finish_call (object, result, task);
  JsonObject *root = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *payload = root ? json_object_get_member (root, "payload") : NULL;
  JsonObject *created = payload && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL;
  JsonNode *contact = created ? json_object_get_member (created, "contact") : NULL;
  JsonNode *contact_inbox = created ? json_object_get_member (created, "contact_inbox") : NULL;
  gint64 id;

  if (node == NULL)
    return;

  if (contact == NULL || !JSON_NODE_HOLDS_OBJECT (contact) ||
      (id = object_id (json_node_get_object (contact), "id")) <= 0)
    {
      malformed (task, "payload.contact.id");
      return;
    }

  if (contact_inbox != NULL && JSON_NODE_HOLDS_OBJECT (contact_inbox) &&
      payload_string (json_node_get_object (contact_inbox), "source_id") != NULL)
    json_object_set_string_member (send->payload, "source_id",
                                   payload_string (json_node_get_object (contact_inbox), "source_id"));
  record (task, "contact_id", id);
}

static void
create_contact (GTask *task)
{
  Send *send = g_task_get_task_data (task);
  const char *number = payload_string (send->payload, "number");
  const char *name = payload_string (send->payload, "name");
  g_autofree char *digits = number_digits (number);
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/contacts",
                                           hl_chatwoot_client_get_account_id (send->client));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inbox_id");
  json_builder_add_int_value (builder, send->inbox_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name ? name : number);
  if (digits != NULL && (number[0] == '+' || g_str_has_prefix (number, "00")))
    {
      /* Chatwoot keeps phone numbers in E.164 only; a national number is kept in the name. */
      g_autofree char *e164 = g_strconcat ("+", digits, NULL);

      json_builder_set_member_name (builder, "phone_number");
      json_builder_add_string_value (builder, e164);
    }
  else if (digits == NULL)
    {
      g_autofree char *identifier = sip_identifier (number);

      json_builder_set_member_name (builder, "identifier");
      json_builder_add_string_value (builder, identifier);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  hl_chatwoot_client_request_async (send->client, "POST", path, NULL, body, g_task_get_cancellable (task),
                                    on_contact_created, g_object_ref (task));
}

static void
on_contacts_found (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = finish_call (object, result, task);
  JsonArray *contacts;
  const char *number = payload_string (send->payload, "number");

  if (node == NULL)
    return;
  if ((contacts = payload_array (node)) == NULL)
    {
      malformed (task, "payload");
      return;
    }

  for (guint i = 0; i < json_array_get_length (contacts); i++)
    {
      JsonNode *item = json_array_get_element (contacts, i);
      JsonObject *contact = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;

      if (contact != NULL && object_id (contact, "id") > 0 && is_the_caller (contact, number))
        {
          remember_source_id (send, contact);
          record (task, "contact_id", object_id (contact, "id"));
          return;
        }
    }

  create_contact (task);
}

static void
find_contact (GTask *task)
{
  Send *send = g_task_get_task_data (task);
  const char *number = payload_string (send->payload, "number");
  g_autofree char *digits = number_digits (number);
  const char *query = number;

  /* Chatwoot's search is a substring match: the trailing digits find every way of writing it. */
  if (digits != NULL)
    query = digits + (strlen (digits) > TRAILING_DIGITS ? strlen (digits) - TRAILING_DIGITS : 0);

  hl_chatwoot_client_search_contacts_async (send->client, query, 1, g_task_get_cancellable (task),
                                            on_contacts_found, g_object_ref (task));
}

/* 2. The conversation */

static void
on_conversation_created (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = finish_call (object, result, task);
  gint64 id;

  if (node == NULL)
    return;
  if ((id = object_id (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, "id")) <= 0)
    {
      malformed (task, "id");
      return;
    }

  record (task, "conversation_id", id);
}

static void
on_conversations_listed (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = finish_call (object, result, task);
  gint64 contact = object_id (send->payload, "contact_id");
  g_autofree char *source_id = NULL;
  JsonArray *conversations;

  if (node == NULL)
    return;
  if ((conversations = payload_array (node)) == NULL)
    {
      malformed (task, "payload");
      return;
    }

  /* Newest first: the latest open one in the phone inbox takes the call. */
  for (guint i = 0; i < json_array_get_length (conversations); i++)
    {
      JsonNode *item = json_array_get_element (conversations, i);
      JsonObject *conv = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;

      if (conv != NULL && object_id (conv, "inbox_id") == send->inbox_id &&
          g_strcmp0 (payload_string (conv, "status"), "open") == 0 && object_id (conv, "id") > 0)
        {
          record (task, "conversation_id", object_id (conv, "id"));
          return;
        }
    }

  /* A contact found in another inbox has no source id in this one yet: Chatwoot makes its
   * contact_inbox with the one given. */
  source_id = g_strdup (payload_string (send->payload, "source_id"));
  if (source_id == NULL)
    source_id = g_strdup_printf ("helpline-phone-%" G_GINT64_FORMAT, contact);

  hl_chatwoot_client_create_conversation_async (send->client, send->inbox_id, contact, source_id,
                                                HL_CONVERSATION_STATUS_OPEN, NULL, NULL,
                                                g_task_get_cancellable (task), on_conversation_created,
                                                g_object_ref (task));
}

static void
find_conversation (GTask *task)
{
  Send *send = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/contacts/%" G_GINT64_FORMAT
                                           "/conversations", hl_chatwoot_client_get_account_id (send->client),
                                           object_id (send->payload, "contact_id"));

  hl_chatwoot_client_request_async (send->client, "GET", path, NULL, NULL, g_task_get_cancellable (task),
                                    on_conversations_listed, g_object_ref (task));
}

/* 3., 4. The summary and the note */

typedef struct
{
  GTask         *task;
  const char    *member;
  HlOutboxEntry  entry;   /* what hl_chatwoot_outbox_find_sent () matches */
} Post;

static void
post_free (Post *post)
{
  g_object_unref (post->task);
  g_free (post->entry.body);
  g_free (post->entry.echo_id);
  g_free (post);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Post, post_free)

static void
on_posted (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Post) post = user_data;
  g_autoptr(JsonNode) node = finish_call (object, result, post->task);
  gint64 id;

  if (node == NULL)
    return;
  if ((id = object_id (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, "id")) <= 0)
    {
      malformed (post->task, "id");
      return;
    }

  record (post->task, post->member, id);
}

static void
send_post (Post *post)
{
  Send *send = g_task_get_task_data (post->task);

  hl_chatwoot_client_create_message_async (send->client, object_id (send->payload, "conversation_id"),
                                           post->entry.body, post->entry.is_note, post->entry.echo_id,
                                           g_task_get_cancellable (post->task), on_posted, post);
}

static void
on_messages_listed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Post) post = user_data;
  g_autoptr(JsonNode) node = finish_call (object, result, post->task);
  g_autoptr(HlChatwootPage) page = NULL;
  GError *error = NULL;
  gint64 found;

  if (node == NULL)
    return;
  if ((page = hl_chatwoot_json_message_page (node, &error)) == NULL)
    {
      g_task_return_error (post->task, error);
      return;
    }

  if ((found = hl_chatwoot_outbox_find_sent (page, &post->entry)) > 0)
    {
      g_debug ("The %s of call log entry is already on the server", post->member);
      record (post->task, post->member, found);
      return;
    }

  send_post (g_steal_pointer (&post));
}

static void
post_message (GTask      *task,
              const char *member,
              const char *body,
              gboolean    is_note)
{
  Send *send = g_task_get_task_data (task);
  Post *post = g_new0 (Post, 1);

  post->task = g_object_ref (task);
  post->member = member;
  post->entry.id = send->entry_id;
  post->entry.body = g_strdup (body);
  post->entry.is_note = is_note;
  post->entry.attempted_at = send->attempted_at;
  /* Stable across attempts, and never another call's (outbox ids are reused once the table empties) */
  post->entry.echo_id = g_strdup_printf ("call-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "-%s", send->call_id,
                                         send->attempted_at, is_note ? "note" : "summary");

  /* An earlier attempt may have posted it without living to record it: look first. */
  if (send->attempts > 0)
    hl_chatwoot_client_list_messages_async (send->client, object_id (send->payload, "conversation_id"), 0, 0,
                                            g_task_get_cancellable (task), on_messages_listed, post);
  else
    send_post (post);
}

/* The next step not recorded yet */
static void
advance (GTask *task)
{
  Send *send = g_task_get_task_data (task);
  const char *note = payload_string (send->payload, "note");

  if (g_task_return_error_if_cancelled (task))
    return;

  if (object_id (send->payload, "contact_id") <= 0)
    find_contact (task);
  else if (object_id (send->payload, "conversation_id") <= 0)
    find_conversation (task);
  else if (object_id (send->payload, "message_id") <= 0)
    {
      const char *summary = payload_string (send->payload, "summary");
      const char *disposition = payload_string (send->payload, "disposition");
      /* Lines of one log, each whole and already in the agent's language */
      g_autofree char *text = disposition ? g_strconcat (summary, "\n", disposition, NULL) : g_strdup (summary);

      post_message (task, "message_id", text, FALSE);
    }
  else if (note != NULL && object_id (send->payload, "note_id") <= 0)
    post_message (task, "note_id", note, TRUE);
  else
    g_task_return_boolean (task, TRUE);
}

void
hl_chatwoot_call_log_send_async (HlStore              *store,
                                 HlChatwootClient     *client,
                                 gint64                phone_inbox_id,
                                 const HlOutboxEntry  *entry,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  Send *send;

  g_return_if_fail (HL_IS_STORE (store));
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (client));
  g_return_if_fail (entry != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_chatwoot_call_log_send_async);

  send = g_new0 (Send, 1);
  send->store = g_object_ref (store);
  send->client = g_object_ref (client);
  send->inbox_id = phone_inbox_id;
  send->entry_id = entry->id;
  send->call_id = entry->target_id;
  send->attempts = entry->attempts;
  send->attempted_at = entry->attempted_at;
  g_task_set_task_data (task, send, send_free);

  if (entry->payload == NULL || !json_parser_load_from_data (parser, entry->payload, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      payload_string (json_node_get_object (root), "number") == NULL ||
      payload_string (json_node_get_object (root), "summary") == NULL)
    {
      g_task_return_new_error (task, HL_BACKEND_ERROR, HL_BACKEND_ERROR_FAILED,
                               _("This call was logged by an older version of Helpline and cannot be sent."));
      return;
    }

  send->payload = json_object_ref (json_node_get_object (root));
  advance (task);
}

gboolean
hl_chatwoot_call_log_send_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

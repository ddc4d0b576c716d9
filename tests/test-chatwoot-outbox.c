/* test-chatwoot-outbox.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "hl-attachment.h"
#include "hl-chatwoot-outbox.h"
#include "hl-enums.h"
#include "hl-store-db.h"
#include "hl-store-edits.h"
#include "hl-store-outbox.h"
#include "hl-test-chatwoot.h"
#include "hl-test-utils.h"

/* HlChatwootOutbox against the project's Chatwoot test server behind Prism (tests/chatwoot):
 * offline edits replayed in order, 429 and 5xx, a refusal and Retry, conflicts, the realtime echo
 * first, contact edits, and the app killed (SIGKILL) while the server holds the answer to a request
 * it has applied. Every test ends with Prism's violation count at 0. Skipped (a TAP plan of 0)
 * when the harness cannot run here: tests/chatwoot/node_modules or the vendor's swagger.json missing.
 *
 * The test binary is also the program that is killed: `--child queue|attach|drain DB URL TOKEN CONV`. */

#define CONV_A 5
#define CONV_B 6

static char *tokens[6];   /* by user id */

static void
load_tokens (void)
{
  g_autoptr(JsonNode) users = hl_test_chatwoot_hook ("GET", "/__test/users", NULL);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (users)); i++)
    {
      JsonObject *user = json_array_get_object_element (json_node_get_array (users), i);
      gint64 id = json_object_get_int_member (user, "id");

      if (id > 0 && id < (gint64) G_N_ELEMENTS (tokens))
        tokens[id] = g_strdup (json_object_get_string_member (user, "access_token"));
    }
}

static JsonArray *
requests (const char *path_regex,
          const char *method)
{
  g_autofree char *escaped = g_uri_escape_string (path_regex, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/__test/requests?path=%s&method=%s", escaped, method);
  g_autoptr(JsonNode) node = hl_test_chatwoot_hook ("GET", path, NULL);

  return json_array_ref (json_node_get_array (node));
}

static guint
count_requests (const char *path_regex,
                const char *method)
{
  g_autoptr(JsonArray) list = requests (path_regex, method);

  return json_array_get_length (list);
}

static guint
count_on_server (const char *echo_id)
{
  g_autofree char *path = g_strdup_printf ("/__test/messages?echo_id=%s", echo_id);
  g_autoptr(JsonNode) node = hl_test_chatwoot_hook ("GET", path, NULL);

  return json_array_get_length (json_node_get_array (node));
}

static void
assert_no_violations (void)
{
  g_autoptr(JsonNode) node = hl_test_chatwoot_hook ("GET", "/__test/violations", NULL);
  JsonObject *object = json_node_get_object (node);

  if (json_object_get_int_member (object, "count") != 0)
    {
      g_autofree char *text = json_to_string (node, TRUE);

      g_printerr ("%s\n", text);
    }
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 0);
}

/* Waiting for the client */

#define CALL(client, call) ({ \
    g_autoptr(GAsyncResult) _r = NULL; \
    g_autoptr(GError) _e = NULL; \
    JsonNode *_n; \
    call; \
    _n = hl_chatwoot_client_call_finish (client, hl_test_wait_result (&_r, 20000), &_e); \
    g_assert_no_error (_e); \
    _n; \
  })

#define EDIT(store, call) G_STMT_START { \
    g_autoptr(GAsyncResult) _r = NULL; \
    g_autoptr(GError) _e = NULL; \
    call; \
    g_assert_true (hl_store_edit_finish (store, hl_test_wait_result (&_r, 20000), &_e)); \
    g_assert_no_error (_e); \
  } G_STMT_END

static HlChatwootClient *
client_for (const char *url,
            gint64      user)
{
  g_autoptr(GError) error = NULL;
  HlChatwootClient *client = hl_chatwoot_client_new (url, 1, &error);

  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (client, tokens[user]);
  hl_chatwoot_client_set_timeout (client, 10);
  return client;
}

/* The local workspace as a sync would have left it */

typedef struct
{
  HlStore          *store;
  char             *path;
  HlChatwootClient *client;
  HlChatwootOutbox *outbox;
  gint64            agents[6];   /* local rows by Chatwoot user id */
} Fixture;

static gpointer
insert_agents (sqlite3        *db,
               gpointer        data,
               HlStoreTables  *changed,
               GError        **error)
{
  gint64 *agents = data;

  for (gint64 id = 1; id <= 5; id++)
    {
      g_autofree char *remote = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      HlAgentData agent = { .remote_id = remote, .name = remote, .is_me = id == 1 };

      if (!(agents[id] = hl_db_insert_agent (db, &agent, error)))
        return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  HlConversationData data;
  char               remote[32];
} ConversationRow;

static gpointer
insert_conversation (sqlite3        *db,
                     gpointer        data,
                     HlStoreTables  *changed,
                     GError        **error)
{
  gint64 id = hl_db_insert_conversation (db, data, error);

  return id ? g_memdup2 (&id, sizeof id) : NULL;
}

/* A local row for Chatwoot conversation @remote, with its status and assignee on the server now. */
static gint64
add_conversation (HlStore          *store,
                  HlChatwootClient *client,
                  const gint64     *agents,
                  gint64            remote)
{
  g_autoptr(JsonNode) node = CALL (client, hl_chatwoot_client_get_conversation_async (client, remote, NULL, hl_test_store_result, &_r));
  JsonObject *object = json_node_get_object (node);
  JsonObject *meta = json_object_get_object_member (object, "meta");
  JsonNode *assignee = json_object_get_member (meta, "assignee");
  g_autoptr(GEnumClass) statuses = g_type_class_ref (HL_TYPE_CONVERSATION_STATUS);
  ConversationRow row = { 0 };
  g_autofree gint64 *id = NULL;
  g_autoptr(GError) error = NULL;

  g_snprintf (row.remote, sizeof row.remote, "%" G_GINT64_FORMAT, remote);
  row.data.remote_id = row.remote;
  row.data.channel = HL_CHANNEL_CHAT;
  row.data.status = g_enum_get_value_by_nick (statuses, json_object_get_string_member (object, "status"))->value;
  if (assignee != NULL && JSON_NODE_HOLDS_OBJECT (assignee))
    row.data.assignee_id = agents[json_object_get_int_member (json_node_get_object (assignee), "id")];
  row.data.created_at = 1;

  id = hl_store_run_sync (store, insert_conversation, &row.data, &error);
  g_assert_no_error (error);
  return *id;
}

static const char *
server_status (HlChatwootClient *client,
               gint64            remote)
{
  g_autoptr(JsonNode) node = CALL (client, hl_chatwoot_client_get_conversation_async (client, remote, NULL, hl_test_store_result, &_r));

  return g_intern_string (json_object_get_string_member (json_node_get_object (node), "status"));
}

static gpointer
count_pending (sqlite3        *db,
               gpointer        data,
               HlStoreTables  *changed,
               GError        **error)
{
  return GINT_TO_POINTER (1 + (int) hl_db_query_int64 (db, "SELECT count (*) FROM outbox WHERE state = 'pending'", error));
}

/* Nothing pending in the store, and the outbox says so too (its count has caught up). */
static gboolean
drained (gpointer data)
{
  HlChatwootOutbox *outbox = data;
  g_autoptr(HlStore) store = NULL;

  g_usleep (20 * 1000);
  g_object_get (outbox, "store", &store, NULL);
  return GPOINTER_TO_INT (hl_store_run_sync (store, count_pending, NULL, NULL)) == 1 &&
         hl_chatwoot_outbox_get_pending_count (outbox) == 0 && hl_chatwoot_outbox_get_online (outbox);
}

static gboolean
one_failed (gpointer data)
{
  return hl_chatwoot_outbox_get_failed_count (data) == 1;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("chatwoot-outbox-%u.db", n++);
  g_autoptr(JsonNode) reset = hl_test_chatwoot_hook ("POST", "/__test/reset", "{}");

  f->path = hl_test_temp_path (name);
  f->store = hl_test_open_store (f->path);
  hl_store_set_backend (f->store, "chatwoot");
  g_assert_true (hl_store_run_sync (f->store, insert_agents, f->agents, NULL));
  f->client = client_for (hl_test_chatwoot_url ("PRISM_URL"), 1);
  f->outbox = hl_chatwoot_outbox_new (f->store, f->client);
  hl_chatwoot_outbox_set_backoff (f->outbox, 100, 1000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hl_chatwoot_outbox_stop (f->outbox);
  hl_test_drain ();
  g_assert_finalize_object (f->outbox);
  g_clear_object (&f->client);
  hl_store_close (f->store);
  g_assert_finalize_object (f->store);
  g_free (f->path);
  assert_no_violations ();
}

/* Offline edits, replayed in order once the server can be reached */

static guint
dead_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static gboolean
offline_with_ten (gpointer data)
{
  HlChatwootOutbox *outbox = data;

  return !hl_chatwoot_outbox_get_online (outbox) && hl_chatwoot_outbox_get_pending_count (outbox) == 10;
}

static void
test_offline_replay (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dead_url = g_strdup_printf ("http://127.0.0.1:%u", dead_port ());
  g_autoptr(HlChatwootClient) dead = client_for (dead_url, 1);
  g_autoptr(HlChatwootOutbox) offline = hl_chatwoot_outbox_new (f->store, dead);
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  gint64 b = add_conversation (f->store, f->client, f->agents, CONV_B);
  const char *labels[] = { "billing", "vip", NULL };
  g_autoptr(JsonArray) posts = NULL;
  g_autoptr(JsonNode) conv = NULL;
  g_autofree char *rows = NULL;
  g_auto(GStrv) messages = NULL;
  const char *expected[] = { "messages", "messages", "toggle_status", "labels", "assignments", "assignments" };
  const char *expected_b[] = { "messages", "toggle_priority", "unread" };
  gint64 started;

  /* No server: every edit shows at once and waits. */
  hl_chatwoot_outbox_set_backoff (offline, 100, 400);
  hl_chatwoot_outbox_start (offline);
  hl_test_send_message (f->store, a, "Erste Antwort", FALSE);
  hl_test_send_message (f->store, a, "Interne Notiz", TRUE);
  EDIT (f->store, hl_store_set_conversation_status_async (f->store, a, HL_CONVERSATION_STATUS_RESOLVED, 0, NULL, hl_test_store_result, &_r));
  EDIT (f->store, hl_store_set_conversation_labels_async (f->store, a, labels, NULL, hl_test_store_result, &_r));
  hl_test_send_message (f->store, b, "Reply in B", FALSE);
  EDIT (f->store, hl_store_set_conversation_priority_async (f->store, b, HL_PRIORITY_HIGH, NULL, hl_test_store_result, &_r));
  EDIT (f->store, hl_store_assign_conversation_async (f->store, a, f->agents[2], NULL, hl_test_store_result, &_r));
  EDIT (f->store, hl_store_assign_team_async (f->store, a, 1, "Support", NULL, hl_test_store_result, &_r));
  EDIT (f->store, hl_store_mark_conversation_read_async (f->store, b, FALSE, NULL, hl_test_store_result, &_r));
  EDIT (f->store, hl_store_set_agent_availability_async (f->store, f->agents[1], HL_AVAILABILITY_BUSY, NULL,
                                                         hl_test_store_result, &_r));

  hl_test_wait_until (offline_with_ten, offline, 10000);
  rows = hl_test_query (f->store, "SELECT group_concat (delivery) FROM messages WHERE echo_id IS NOT NULL");
  g_assert_cmpstr (rows, ==, "pending,pending,pending");
  g_clear_pointer (&rows, g_free);
  hl_chatwoot_outbox_stop (offline);

  /* Back online (the network monitor wakes what waits for its back-off): all of it, each
   * conversation in order. */
  {
    g_autoptr(GAsyncResult) woken = NULL;

    hl_store_outbox_wake_async (f->store, "chatwoot", NULL, hl_test_store_result, &woken);
    g_assert_true (hl_store_outbox_finish (f->store, hl_test_wait_result (&woken, 5000), NULL));
  }
  started = g_get_monotonic_time ();
  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (drained, f->outbox, 30000);
  g_test_message ("10 entries sent through Prism in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpuint (hl_chatwoot_outbox_get_failed_count (f->outbox), ==, 0);

  posts = requests ("/conversations/5/", "POST");
  g_assert_cmpuint (json_array_get_length (posts), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *path = json_object_get_string_member (json_array_get_object_element (posts, i), "path");

      g_assert_true (g_str_has_suffix (path, expected[i]));
    }
  g_clear_pointer (&posts, json_array_unref);
  posts = requests ("/conversations/6/", "POST");
  g_assert_cmpuint (json_array_get_length (posts), ==, G_N_ELEMENTS (expected_b));
  for (guint i = 0; i < G_N_ELEMENTS (expected_b); i++)
    {
      const char *path = json_object_get_string_member (json_array_get_object_element (posts, i), "path");

      g_assert_true (g_str_has_suffix (path, expected_b[i]));
    }
  g_assert_cmpuint (count_requests ("/profile/availability$", "POST"), ==, 1);

  /* Each message once on the server, with its id on the one local row. */
  rows = hl_test_query (f->store, "SELECT echo_id || ' ' || delivery || ' ' || remote_id FROM messages WHERE echo_id IS NOT NULL ORDER BY id");
  messages = g_strsplit (rows, "|", -1);
  g_assert_cmpuint (g_strv_length (messages), ==, 3);
  for (guint i = 0; messages[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (messages[i], " ", 3);

      g_assert_cmpstr (parts[1], ==, "sent");
      g_assert_cmpuint (count_on_server (parts[0]), ==, 1);
    }

  conv = CALL (f->client, hl_chatwoot_client_get_conversation_async (f->client, CONV_A, NULL, hl_test_store_result, &_r));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (conv), "status"), ==, "resolved");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (conv), "meta"), "assignee"), "id"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (conv), "meta"), "team"), "id"), ==, 1);
  g_assert_true (hl_chatwoot_outbox_get_online (f->outbox));
}

/* 429 waits as Retry-After says; a 5xx is tried again */

static void
test_rate_limit_and_server_error (Fixture       *f,
                                  gconstpointer  data)
{
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  g_autoptr(JsonNode) q1 = hl_test_chatwoot_hook ("POST", "/__test/fault",
                                 "{\"status\":429,\"retry_after\":2,\"path\":\"/conversations/5/messages$\",\"method\":\"POST\"}");
  g_autoptr(JsonNode) q2 = hl_test_chatwoot_hook ("POST", "/__test/fault",
                                 "{\"status\":500,\"path\":\"/conversations/5/messages$\",\"method\":\"POST\"}");
  g_autofree char *echo = NULL;
  gint64 started;
  gint64 message;

  message = hl_test_send_message (f->store, a, "Trotz Drosselung", FALSE);
  echo = hl_test_query (f->store, "SELECT echo_id FROM messages WHERE id = %" G_GINT64_FORMAT, message);

  started = g_get_monotonic_time ();
  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (drained, f->outbox, 30000);

  /* Waited out Retry-After (2 s), then the back-off after the 500. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_requests ("/conversations/5/messages$", "POST"), ==, 3);
  g_assert_cmpuint (count_on_server (echo), ==, 1);
  g_assert_cmpuint (hl_chatwoot_outbox_get_failed_count (f->outbox), ==, 0);
}

/* A refusal: failed with the server's reason, holding back the conversation; Retry sends it */

static void
test_refused_then_retry (Fixture       *f,
                         gconstpointer  data)
{
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  g_autoptr(JsonNode) fault = hl_test_chatwoot_hook ("POST", "/__test/fault",
                                    "{\"status\":422,\"body\":\"{\\\"error\\\":\\\"Message is too long for this channel\\\"}\","
                                    "\"path\":\"/conversations/5/messages$\",\"method\":\"POST\"}");
  g_autofree char *row = NULL;
  g_autofree char *echo = NULL;
  g_autoptr(JsonArray) posts = NULL;
  gint64 message;

  message = hl_test_send_message (f->store, a, "Sehr lange Antwort", FALSE);
  EDIT (f->store, hl_store_set_conversation_status_async (f->store, a, HL_CONVERSATION_STATUS_RESOLVED, 0, NULL, hl_test_store_result, &_r));
  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (one_failed, f->outbox, 20000);
  hl_test_drain ();

  row = hl_test_query (f->store, "SELECT delivery || ': ' || error FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  g_assert_true (g_str_has_prefix (row, "failed: "));
  g_assert_nonnull (strstr (row, "Message is too long for this channel"));
  /* The status change waits behind it. */
  g_assert_cmpuint (hl_chatwoot_outbox_get_pending_count (f->outbox), ==, 1);
  g_assert_cmpuint (count_requests ("/conversations/5/toggle_status$", "POST"), ==, 0);

  /* The cause is gone (the fault was for one request): Retry on the message. */
  hl_chatwoot_outbox_retry_message (f->outbox, message);
  hl_test_wait_until (drained, f->outbox, 20000);
  g_assert_cmpuint (hl_chatwoot_outbox_get_failed_count (f->outbox), ==, 0);

  echo = hl_test_query (f->store, "SELECT echo_id FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  g_assert_cmpuint (count_on_server (echo), ==, 1);
  posts = requests ("/conversations/5/(messages|toggle_status)$", "POST");
  g_assert_cmpuint (json_array_get_length (posts), ==, 3);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (json_array_get_object_element (posts, 2), "path"),
                                   "toggle_status"));
  g_assert_cmpstr (server_status (f->client, CONV_A), ==, "resolved");
}

/* Conflicts: someone else resolved or reassigned the conversation meanwhile */

static gboolean
two_failed (gpointer data)
{
  return hl_chatwoot_outbox_get_failed_count (data) == 2 && hl_chatwoot_outbox_get_pending_count (data) == 0;
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HlChatwootClient) colleague = client_for (hl_test_chatwoot_url ("PRISM_URL"), 2);
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  gint64 b = add_conversation (f->store, f->client, f->agents, CONV_B);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autofree char *reasons = NULL;
  g_autoptr(JsonNode) conv = NULL;

  /* The seed: A is pending (Ana's), B resolved (Ben's). */
  g_assert_cmpstr (server_status (f->client, CONV_A), ==, "pending");

  /* Ben resolves A and gives B to Dev while our edits wait. */
  r1 = CALL (colleague, hl_chatwoot_client_toggle_status_async (colleague, CONV_A, HL_CONVERSATION_STATUS_RESOLVED, 0,
                                                                NULL, hl_test_store_result, &_r));
  r2 = CALL (colleague, hl_chatwoot_client_assign_async (colleague, CONV_B, 4, NULL, hl_test_store_result, &_r));

  EDIT (f->store, hl_store_set_conversation_status_async (f->store, a, HL_CONVERSATION_STATUS_OPEN, 0, NULL, hl_test_store_result, &_r));
  EDIT (f->store, hl_store_assign_conversation_async (f->store, b, f->agents[3], NULL, hl_test_store_result, &_r));
  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (two_failed, f->outbox, 20000);

  reasons = hl_test_query (f->store, "SELECT last_error FROM outbox WHERE state = 'failed' ORDER BY id");
  g_assert_true (g_str_has_prefix (reasons, "Conflict: someone else set the conversation to “resolved”"));
  g_assert_nonnull (strstr (reasons, "|Conflict: someone else reassigned the conversation"));

  /* Nothing of Ben's was overwritten. */
  g_assert_cmpstr (server_status (f->client, CONV_A), ==, "resolved");
  conv = CALL (f->client, hl_chatwoot_client_get_conversation_async (f->client, CONV_B, NULL, hl_test_store_result, &_r));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (conv), "meta"), "assignee"), "id"), ==, 4);
  g_assert_cmpuint (count_requests ("/conversations/5/toggle_status$", "POST"), ==, 1);
  g_assert_cmpuint (count_requests ("/conversations/6/assignments$", "POST"), ==, 1);
}

/* A token the server no longer accepts is not the edit's fault: it waits, and goes once the
 * token is renewed */

static gboolean
refused_twice (gpointer data)
{
  /* the reply, then the look on the server for it before sending it again */
  g_usleep (20 * 1000);
  return count_requests ("/conversations/5/messages$", "POST") == 1 &&
         count_requests ("/conversations/5/messages$", "GET") >= 1;
}

static void
test_token_refused (Fixture       *f,
                    gconstpointer  data)
{
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  g_autoptr(JsonNode) expired = hl_test_chatwoot_hook ("POST", "/__test/expire_token", "{\"user_id\":1}");
  g_autofree char *echo = NULL;
  gint64 message;

  message = hl_test_send_message (f->store, a, "Nach der Anmeldung", FALSE);
  echo = hl_test_query (f->store, "SELECT echo_id FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (refused_twice, NULL, 20000);
  g_assert_cmpuint (hl_chatwoot_outbox_get_failed_count (f->outbox), ==, 0);
  g_assert_cmpuint (hl_chatwoot_outbox_get_pending_count (f->outbox), ==, 1);

  /* Signed in again: the client has the new token. */
  hl_chatwoot_client_set_access_token (f->client,
                                       json_object_get_string_member (json_node_get_object (expired), "new_token"));
  hl_test_wait_until (drained, f->outbox, 20000);
  g_assert_cmpuint (count_on_server (echo), ==, 1);
}

/* Snoozing a snoozed conversation again, until another time, is sent (not taken as done) */

static void
test_snooze_again (Fixture       *f,
                   gconstpointer  data)
{
  gint64 c = add_conversation (f->store, f->client, f->agents, 8);
  gint64 until = g_get_real_time () / G_USEC_PER_SEC + 3 * 86400;
  g_autoptr(JsonArray) posts = NULL;
  JsonObject *body;

  g_assert_cmpstr (server_status (f->client, 8), ==, "snoozed");
  EDIT (f->store, hl_store_set_conversation_status_async (f->store, c, HL_CONVERSATION_STATUS_SNOOZED, until, NULL,
                                                          hl_test_store_result, &_r));
  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (drained, f->outbox, 20000);

  posts = requests ("/conversations/8/toggle_status$", "POST");
  g_assert_cmpuint (json_array_get_length (posts), ==, 1);
  body = json_object_get_object_member (json_array_get_object_element (posts, 0), "body");
  g_assert_cmpstr (json_object_get_string_member (body, "status"), ==, "snoozed");
  g_assert_cmpint (json_object_get_int_member (body, "snoozed_until"), ==, until);
}

/* The realtime echo came first: the entry is done without a second message */

static gpointer
set_remote_id (sqlite3        *db,
               gpointer        data,
               HlStoreTables  *changed,
               GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE messages SET remote_id = '%s', delivery = 'delivered' WHERE echo_id = '%s'",
                                          ((char **) data)[0], ((char **) data)[1]);

  return GINT_TO_POINTER (hl_db_exec (db, sql, error));
}

static void
test_echo_first (Fixture       *f,
                 gconstpointer  data)
{
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  gint64 message = hl_test_send_message (f->store, a, "Schon angekommen", FALSE);
  g_autofree char *echo = hl_test_query (f->store, "SELECT echo_id FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  char *args[2];

  /* An earlier run sent it, and the sync matched the message.created event by its echo_id. */
  created = CALL (f->client, hl_chatwoot_client_create_message_async (f->client, CONV_A, "Schon angekommen", FALSE, echo,
                                                                      NULL, hl_test_store_result, &_r));
  remote = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (created), "id"));
  args[0] = remote;
  args[1] = echo;
  g_assert_true (hl_store_run_sync (f->store, set_remote_id, args, NULL));

  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (drained, f->outbox, 20000);

  g_assert_cmpuint (count_requests ("/conversations/5/messages$", "POST"), ==, 1);
  g_assert_cmpuint (count_on_server (echo), ==, 1);
  row = hl_test_query (f->store, "SELECT count (*) || ' ' || group_concat (remote_id) || ' ' || group_concat (delivery)"
                         " FROM messages WHERE remote_id = '%s'", remote);
  expected = g_strconcat ("1 ", remote, " delivered", NULL);
  g_assert_cmpstr (row, ==, expected);
}

/* Contact edits: only what changed, custom attributes key by key */

static gpointer
insert_contact (sqlite3        *db,
                gpointer        data,
                HlStoreTables  *changed,
                GError        **error)
{
  gint64 id = hl_db_insert_contact (db, data, error);

  return id ? g_memdup2 (&id, sizeof id) : NULL;
}

static void
test_contact_changes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) node = CALL (f->client, hl_chatwoot_client_get_contact_async (f->client, 9, NULL, hl_test_store_result, &_r));
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootContact) contact = NULL;
  g_autoptr(JsonArray) patches = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree gint64 *id = NULL;
  g_autofree char *body = NULL;
  HlContactData edited;

  contact = hl_chatwoot_json_contact (json_object_get_member (json_node_get_object (node), "payload"), &error);
  g_assert_no_error (error);
  contact->data.attributes = "{\"plan\":\"basic\",\"seats\":3}";
  id = hl_store_run_sync (f->store, insert_contact, &contact->data, &error);
  g_assert_no_error (error);

  edited = contact->data;
  edited.city = "Köln";
  edited.attributes = "{\"plan\":\"pro\",\"seats\":3}";
  EDIT (f->store, hl_store_update_contact_async (f->store, *id, &edited, NULL, hl_test_store_result, &_r));

  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (drained, f->outbox, 20000);

  patches = requests ("/contacts/9$", "PATCH");
  g_assert_cmpuint (json_array_get_length (patches), ==, 1);
  body = json_to_string (json_object_get_member (json_array_get_object_element (patches, 0), "body"), FALSE);
  g_assert_cmpstr (body, ==, "{\"additional_attributes\":{\"city\":\"Köln\"},\"custom_attributes\":{\"plan\":\"pro\"}}");
}

/* Attachments: uploaded with the message as multipart, once; a missing or too large file refused */

/* A file of @size bytes: text (UTF-8, several bytes per character) or every byte value. */
static char *
write_file (char     *path,   /* (transfer full) */
            gsize     size,
            gboolean  binary)
{
  g_autofree guint8 *bytes = g_malloc (size);
  static const char text[] = "Größe;Preis €;Menge\n";
  g_autoptr(GError) error = NULL;

  if (!binary)
    size -= size % (sizeof text - 1);   /* whole lines: no character cut in half */
  for (gsize i = 0; i < size; i++)
    bytes[i] = binary ? (guint8) ((i * 7 + i / 256) & 0xff) : (guint8) text[i % (sizeof text - 1)];
  g_file_set_contents (path, (const char *) bytes, size, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
send_with_file (HlStore    *store,
                gint64      conversation,
                const char *body,
                const char *path,
                gint64      size)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *entry = hl_attachment_build_local (file, base, size, "application/octet-stream");
  g_autofree char *attachments = g_strdup_printf ("[%s]", entry);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hl_store_send_message_full_async (store, conversation, body, attachments, FALSE, 0, NULL, hl_test_store_result, &result);
  id = hl_store_send_message_finish (store, hl_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  return id;
}

static char *
sha256_of_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Message @sent (a row with @path attached) reached conversation 5 once, as multipart with the
 * right bytes, and its row now has the server's file, which downloads to the same bytes. */
static void
assert_uploaded (HlStore    *store,
                 gint64      sent,
                 const char *path)
{
  g_autofree char *expected = sha256_of_file (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *downloaded = hl_test_temp_path ("downloaded");
  g_autofree char *echo_id = hl_test_query (store, "SELECT echo_id FROM messages WHERE id = %" G_GINT64_FORMAT, sent);
  g_autofree char *delivery = hl_test_query (store, "SELECT delivery FROM messages WHERE id = %" G_GINT64_FORMAT, sent);
  g_autofree char *stored = hl_test_query (store, "SELECT attachments FROM messages WHERE id = %" G_GINT64_FORMAT, sent);
  g_autoptr(JsonArray) posts = requests ("/conversations/5/messages$", "POST");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GFile) destination = g_file_new_for_path (downloaded);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  JsonObject *body, *file, *attachment;
  JsonArray *files;

  g_assert_cmpuint (json_array_get_length (posts), ==, 1);
  body = json_object_get_object_member (json_array_get_object_element (posts, 0), "body");
  g_assert_cmpstr (json_object_get_string_member (body, "private"), ==, "false");
  g_assert_cmpstr (json_object_get_string_member (body, "echo_id"), ==, echo_id);
  files = json_object_get_array_member (body, "attachments[]");
  g_assert_cmpuint (json_array_get_length (files), ==, 1);
  file = json_array_get_object_element (files, 0);
  g_assert_cmpstr (json_object_get_string_member (file, "filename"), ==, base);
  g_assert_cmpstr (json_object_get_string_member (file, "sha256"), ==, expected);
  g_assert_cmpuint (count_on_server (echo_id), ==, 1);

  g_assert_cmpstr (delivery, ==, "sent");
  g_assert_true (json_parser_load_from_data (parser, stored, -1, &error));
  g_assert_no_error (error);
  attachment = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_false (hl_attachment_is_pending (attachment));
  g_assert_cmpint (hl_attachment_get_size (attachment), ==, json_object_get_int_member (file, "file_size"));
  hl_attachment_save_async (attachment, destination, NULL, hl_test_store_result, &result);
  g_assert_true (hl_attachment_save_finish (hl_test_wait_result (&result, 20000), &error));
  g_assert_no_error (error);
  got = sha256_of_file (downloaded);
  g_assert_cmpstr (got, ==, expected);
  g_remove (downloaded);
}

static gboolean
two_failed_drained (gpointer data)
{
  return drained (data) && hl_chatwoot_outbox_get_failed_count (data) == 2;
}

/* Through Prism, with a text file: Prism 5.14.2's proxy forwards a request body decoded as
 * UTF-8, so bytes that are not UTF-8 reach the server changed (the next test sends those). */
static void
test_attachment (Fixture       *f,
                 gconstpointer  data)
{
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  gint64 b = add_conversation (f->store, f->client, f->agents, CONV_B);
  gint64 c = add_conversation (f->store, f->client, f->agents, 7);
  g_autofree char *path = write_file (hl_test_temp_path ("report.csv"), 200 * 1024, FALSE);
  g_autofree char *gone = hl_test_temp_path ("gone.pdf");
  g_autofree char *large = hl_test_temp_path ("large.iso");
  g_autofree char *rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sent;

  /* A sparse file over the limit, never read: its size refuses it. */
  {
    g_autoptr(GFile) big = g_file_new_for_path (large);
    g_autoptr(GFileOutputStream) out = g_file_replace (big, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (g_seekable_truncate (G_SEEKABLE (out), HL_CHATWOOT_UPLOAD_MAX_SIZE + 1, NULL, &error));
    g_assert_no_error (error);
  }

  sent = send_with_file (f->store, a, "Here is the report", path, 200 * 1024);
  send_with_file (f->store, b, "The file is gone", gone, 1000);
  send_with_file (f->store, c, "Far too big", large, HL_CHATWOOT_UPLOAD_MAX_SIZE + 1);

  hl_chatwoot_outbox_start (f->outbox);
  hl_test_wait_until (two_failed_drained, f->outbox, 30000);
  assert_uploaded (f->store, sent, path);

  /* A file gone and one too large: refused with a reason, nothing sent. */
  rows = hl_test_query (f->store, "SELECT delivery || ': ' || error FROM messages WHERE conversation_id = %" G_GINT64_FORMAT, b);
  g_assert_true (g_str_has_prefix (rows, "failed: "));
  g_assert_nonnull (strstr (rows, "is no longer on this computer"));
  g_clear_pointer (&rows, g_free);
  rows = hl_test_query (f->store, "SELECT delivery || ': ' || error FROM messages WHERE conversation_id = %" G_GINT64_FORMAT, c);
  g_assert_true (g_str_has_prefix (rows, "failed: "));
  g_assert_nonnull (strstr (rows, "larger than 40 MB"));
  g_assert_cmpuint (count_requests ("/conversations/(6|7)/messages$", "POST"), ==, 0);

  g_remove (path);
  g_remove (large);
}

/* Every byte value, straight to the test server (not through Prism, see above). */
static void
test_attachment_bytes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HlChatwootClient) direct = client_for (hl_test_chatwoot_url ("SERVER_URL"), 1);
  g_autoptr(HlChatwootOutbox) outbox = hl_chatwoot_outbox_new (f->store, direct);
  gint64 a = add_conversation (f->store, f->client, f->agents, CONV_A);
  g_autofree char *path = write_file (hl_test_temp_path ("capture.bin"), 300 * 1024 + 17, TRUE);
  gint64 sent = send_with_file (f->store, a, "", path, 300 * 1024 + 17);

  hl_chatwoot_outbox_start (outbox);
  hl_test_wait_until (drained, outbox, 30000);
  assert_uploaded (f->store, sent, path);
  hl_chatwoot_outbox_stop (outbox);
  g_remove (path);
}

/* The app killed (SIGKILL) after the server applied a request and before the app learned it */

#define N_REPLIES 5

static int
run_child (char **argv)
{
  const char *mode = argv[2];
  g_autoptr(HlStore) store = hl_test_open_store (argv[3]);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootClient) client = hl_chatwoot_client_new (argv[4], 1, &error);
  g_autoptr(HlChatwootOutbox) outbox = NULL;
  gint64 remote = g_ascii_strtoll (argv[6], NULL, 10);

  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (client, argv[5]);
  hl_store_set_backend (store, "chatwoot");

  if (g_str_equal (mode, "queue"))
    {
      gint64 agents[6];
      gint64 conversation;

      g_assert_true (hl_store_run_sync (store, insert_agents, agents, NULL));
      conversation = add_conversation (store, client, agents, remote);
      for (guint i = 1; i <= N_REPLIES; i++)
        {
          g_autofree char *body = g_strdup_printf ("Reply %u", i);

          hl_test_send_message (store, conversation, body, FALSE);
        }
      EDIT (store, hl_store_set_conversation_status_async (store, conversation, HL_CONVERSATION_STATUS_RESOLVED, 0,
                                                           NULL, hl_test_store_result, &_r));
    }
  else if (g_str_equal (mode, "attach"))
    {
      gint64 agents[6];
      gint64 conversation;
      g_autofree char *path = write_file (g_strconcat (argv[3], ".csv", NULL), 64 * 1024, FALSE);

      g_assert_true (hl_store_run_sync (store, insert_agents, agents, NULL));
      conversation = add_conversation (store, client, agents, remote);
      send_with_file (store, conversation, "With the file", path, 64 * 1024);
    }

  outbox = hl_chatwoot_outbox_new (store, client);
  hl_chatwoot_outbox_set_backoff (outbox, 100, 1000);
  hl_chatwoot_outbox_start (outbox);
  hl_test_wait_until (drained, outbox, 60000);
  hl_test_drain ();

  return hl_chatwoot_outbox_get_failed_count (outbox) == 0 ? 0 : 2;
}

static gboolean
first_reply_arrived (gpointer data)
{
  g_usleep (50 * 1000);
  return count_requests ("/conversations/5/messages$", "POST") >= 1;
}

static gboolean
third_reply_arrived (gpointer data)
{
  g_usleep (50 * 1000);
  return count_requests ("/conversations/5/messages$", "POST") >= 3;
}

static gboolean
status_change_arrived (gpointer data)
{
  g_usleep (50 * 1000);
  return count_requests ("/conversations/5/toggle_status$", "POST") >= 1;
}

static GSubprocess *
spawn_child (const char *mode,
             const char *db)
{
  const char *self_exe = g_test_get_filename (G_TEST_BUILT, "test-chatwoot-outbox", NULL);
  g_autofree char *remote = g_strdup_printf ("%d", CONV_A);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, self_exe, "--child", mode, db, hl_test_chatwoot_url ("PRISM_URL"),
                            tokens[1], remote, NULL);
  g_assert_no_error (error);
  return child;
}

/* Waits for @arrived (the server has applied a request and holds its answer), then SIGKILL. */
static void
kill_child_when (GSubprocess *child,
                 gboolean   (*arrived) (gpointer data))
{
  g_autoptr(GError) error = NULL;

  hl_test_wait_until (arrived, NULL, 30000);
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

/* Restarted: the child drains the outbox and exits, every entry sent. */
static void
drain_in_child (const char *db)
{
  g_autoptr(GSubprocess) child = spawn_child ("drain", db);
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
}

static void
test_sigkill (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) off = hl_test_chatwoot_hook ("POST", "/__test/echo_ids", "{\"stored\":false}");
  g_autoptr(JsonNode) hold = hl_test_chatwoot_hook ("POST", "/__test/fault",
                                   "{\"kind\":\"hold\",\"hold_ms\":3000,\"skip\":2,\"path\":\"/conversations/5/messages$\",\"method\":\"POST\"}");
  g_autoptr(JsonNode) hold_status = hl_test_chatwoot_hook ("POST", "/__test/fault",
                                          "{\"kind\":\"hold\",\"hold_ms\":3000,\"path\":\"/toggle_status$\",\"method\":\"POST\"}");
  g_autofree char *db = hl_test_temp_path ("killed.db");
  g_autofree char *rows = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) posts = NULL;
  g_autoptr(HlStore) store = NULL;
  g_auto(GStrv) sent = NULL;

  /* Five replies and a status change; the server applies the third reply and holds its answer. */
  child = spawn_child ("queue", db);
  kill_child_when (child, third_reply_arrived);
  g_clear_object (&child);

  /* The third reply is on the server, but the workspace does not know. */
  store = hl_test_open_store (db);
  rows = hl_test_query (store, "SELECT m.body, m.delivery, o.attempts FROM messages m JOIN outbox o ON o.target_id = m.id"
                       " AND o.operation = 'message.send' ORDER BY m.id LIMIT 1");
  g_assert_cmpstr (rows, ==, "Reply 3 pending 1");
  g_clear_pointer (&rows, g_free);
  hl_store_close (store);
  g_clear_object (&store);

  /* Restarted: it finds the third reply on the server instead of sending it again, sends the
   * others, and is killed again while the server holds the answer to the status change. */
  child = spawn_child ("drain", db);
  kill_child_when (child, status_change_arrived);
  g_clear_object (&child);

  /* Restarted again: the conversation is resolved already, so the status change is done. */
  drain_in_child (db);

  /* On the server: each reply exactly once, in order, then one status change. */
  posts = requests ("/conversations/5/messages$", "POST");
  g_assert_cmpuint (json_array_get_length (posts), ==, N_REPLIES);
  for (guint i = 0; i < N_REPLIES; i++)
    {
      JsonObject *body = json_object_get_object_member (json_array_get_object_element (posts, i), "body");
      g_autofree char *expected = g_strdup_printf ("Reply %u", i + 1);

      g_assert_cmpstr (json_object_get_string_member (body, "content"), ==, expected);
    }
  g_assert_cmpuint (count_requests ("/conversations/5/toggle_status$", "POST"), ==, 1);
  g_assert_cmpstr (server_status (f->client, CONV_A), ==, "resolved");

  /* And in the workspace: every row sent, each with its own server id. */
  store = hl_test_open_store (db);
  rows = hl_test_query (store, "SELECT echo_id, delivery, remote_id FROM messages WHERE echo_id IS NOT NULL ORDER BY id");
  hl_store_close (store);
  sent = g_strsplit (rows, "|", -1);
  g_assert_cmpuint (g_strv_length (sent), ==, N_REPLIES);
  for (guint i = 0; i < N_REPLIES; i++)
    {
      g_auto(GStrv) parts = g_strsplit (sent[i], " ", 3);

      g_assert_cmpstr (parts[1], ==, "sent");
      g_assert_cmpuint (count_on_server (parts[0]), ==, 1);
      for (guint j = 0; j < i; j++)
        g_assert_false (g_str_has_suffix (sent[j], parts[2]));
    }

  /* Let the held answer go out before Prism's count is read. */
  g_usleep (3 * G_USEC_PER_SEC);
}

/* A reply with a file, the app killed while the server holds the answer: sent once all the same. */
static void
test_sigkill_attachment (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) off = hl_test_chatwoot_hook ("POST", "/__test/echo_ids", "{\"stored\":false}");
  g_autoptr(JsonNode) hold = hl_test_chatwoot_hook ("POST", "/__test/fault",
                                   "{\"kind\":\"hold\",\"hold_ms\":3000,\"path\":\"/conversations/5/messages$\",\"method\":\"POST\"}");
  g_autofree char *db = hl_test_temp_path ("killed-attach.db");
  g_autofree char *file = g_strconcat (db, ".csv", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  gint64 sent;

  child = spawn_child ("attach", db);
  kill_child_when (child, first_reply_arrived);
  g_clear_object (&child);

  drain_in_child (db);

  store = hl_test_open_store (db);
  sent = hl_test_store_int64 (store, "SELECT id FROM messages WHERE echo_id IS NOT NULL");
  g_assert_cmpint (sent, >, 0);
  assert_uploaded (store, sent, file);
  hl_store_close (store);
  g_remove (file);

  /* Let the held answer go out before Prism's count is read. */
  g_usleep (3 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *skip = NULL;
  int rc;

  if (argc == 7 && g_str_equal (argv[1], "--child"))
    return run_child (argv);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!hl_test_chatwoot_start (&skip))
    {
      /* meson reads a TAP test's skip from its plan (an exit status of 77 would be an error) */
      g_print ("1..0 # SKIP %s\n", skip);
      return 0;
    }
  load_tokens ();

  g_test_add ("/chatwoot-outbox/offline-replay", Fixture, NULL, fixture_setup, test_offline_replay, fixture_teardown);
  g_test_add ("/chatwoot-outbox/rate-limit-and-5xx", Fixture, NULL, fixture_setup, test_rate_limit_and_server_error,
              fixture_teardown);
  g_test_add ("/chatwoot-outbox/refused-then-retry", Fixture, NULL, fixture_setup, test_refused_then_retry,
              fixture_teardown);
  g_test_add ("/chatwoot-outbox/conflict", Fixture, NULL, fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/chatwoot-outbox/token-refused", Fixture, NULL, fixture_setup, test_token_refused, fixture_teardown);
  g_test_add ("/chatwoot-outbox/snooze-again", Fixture, NULL, fixture_setup, test_snooze_again, fixture_teardown);
  g_test_add ("/chatwoot-outbox/echo-first", Fixture, NULL, fixture_setup, test_echo_first, fixture_teardown);
  g_test_add ("/chatwoot-outbox/contact-changes", Fixture, NULL, fixture_setup, test_contact_changes, fixture_teardown);
  g_test_add ("/chatwoot-outbox/attachment", Fixture, NULL, fixture_setup, test_attachment, fixture_teardown);
  g_test_add ("/chatwoot-outbox/attachment-bytes", Fixture, NULL, fixture_setup, test_attachment_bytes, fixture_teardown);
  g_test_add ("/chatwoot-outbox/sigkill-attachment", Fixture, NULL, fixture_setup, test_sigkill_attachment,
              fixture_teardown);
  g_test_add ("/chatwoot-outbox/sigkill", Fixture, NULL, fixture_setup, test_sigkill, fixture_teardown);

  rc = g_test_run ();
  hl_test_chatwoot_stop ();
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    g_clear_pointer (&tokens[i], g_free);
  return rc;
}

/* test-chatwoot-sync.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hl-actioncable.h"
#include "hl-chatwoot-client.h"
#include "hl-chatwoot-sync.h"
#include "hl-store-private.h"
#include "hl-test-utils.h"

/* HlChatwootSync against the Chatwoot contract-test harness (tests/chatwoot, started by
 * with-harness.sh, which sets PRISM_URL, CABLE_URL, TEST_URL and SERVER_URL). The cases share one
 * store and run in order: initial sync, delta sync, every realtime event kind, reconnect, 429,
 * 5xx, malformed JSON, and finally Prism's verdict on every request made. */

#define TOKEN     "tok-ana-1000"      /* Ana Ruiz, administrator, user 1 */
#define TOKEN_BEN "tok-ben-1001"
#define TIMEOUT   30000

static struct
{
  const char       *prism_url;
  const char       *cable_url;
  const char       *test_url;
  const char       *server_url;
  SoupSession      *http;
  HlStore          *store;
  HlChatwootClient *client;
  HlChatwootSync   *sync;
  HlActionCable    *cable;
  guint             synced;
  double            last_fraction;
  gboolean          fraction_went_back;
  guint             phases;
  gint64            typing_conversation;
  gboolean          typing_on;
  char             *typing_who;
} t;

/* HTTP helpers --------------------------------------------------------------------------------- */

static JsonNode *
http (const char *base,
      const char *token,
      const char *method,
      const char *path,
      const char *body,
      guint      *status)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  g_assert_nonnull (msg);
  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "api_access_token", token);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (t.http, msg, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  else
    g_assert_cmpuint (soup_message_get_status (msg), <, 300);

  /* the body is not NUL-terminated */
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  node = json_from_string (text != NULL && *text ? text : "null", NULL);
  return node ? node : json_node_new (JSON_NODE_NULL);
}

static JsonNode *
hook (const char *method,
      const char *path,
      const char *body)
{
  return http (t.test_url, NULL, method, path, body, NULL);
}

static JsonNode *
api (const char *token,
     const char *method,
     const char *path,
     const char *body)
{
  g_autofree char *full = g_strconcat ("/api/v1/accounts/1", path, NULL);

  return http (t.prism_url, token, method, full, body, NULL);
}

static gint64
all_count (const char *status)
{
  g_autofree char *path = g_strdup_printf ("/conversations?status=%s", status);
  g_autoptr(JsonNode) node = api (TOKEN, "GET", path, NULL);
  JsonObject *data = json_object_get_object_member (json_node_get_object (node), "data");

  return json_object_get_int_member (json_object_get_object_member (data, "meta"), "all_count");
}

/* Store helpers -------------------------------------------------------------------------------- */

G_GNUC_PRINTF (1, 2)
static gint64
count (const char *format,
       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return hl_test_store_int64 (t.store, sql);
}

static gpointer
query_text (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, data, error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

G_GNUC_PRINTF (1, 2)
static char *
text (const char *format,
      ...)
{
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  char *result;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  result = hl_store_run_sync (t.store, query_text, sql, &error);
  g_assert_no_error (error);
  return result;
}

/* Waits until an SQL count reaches @want (the cable and the store work meanwhile). */
typedef struct
{
  const char *sql;
  gint64      want;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return count ("%s", wait->sql) == wait->want;
}

static void
wait_count (gint64      want,
            const char *sql)
{
  CountWait wait = { sql, want };

  hl_test_wait_until (count_reached, &wait, TIMEOUT);
}

/* Sync helpers --------------------------------------------------------------------------------- */

static void
on_synced (HlChatwootSync *sync,
           gboolean        initial)
{
  t.synced++;
}

static void
on_fraction (HlChatwootSync *sync)
{
  double fraction = hl_chatwoot_sync_get_fraction (sync);

  /* A new run starts again at 0; within a run it only grows. */
  if (fraction < t.last_fraction && fraction != 0.0)
    t.fraction_went_back = TRUE;
  t.last_fraction = fraction;
}

static void
on_phase (HlChatwootSync *sync)
{
  if (*hl_chatwoot_sync_get_phase (sync) != '\0')
    t.phases++;
}

static void
on_typing (HlChatwootSync *sync,
           gint64          conversation,
           gboolean        on,
           const char     *who)
{
  t.typing_conversation = conversation;
  t.typing_on = on;
  g_free (t.typing_who);
  t.typing_who = g_strdup (who);
}

static HlChatwootSync *
new_sync (HlChatwootClient *client,
          HlActionCable    *cable)
{
  HlChatwootSync *sync = hl_chatwoot_sync_new (t.store, client, cable);

  hl_chatwoot_sync_set_phone_inbox_id (sync, 3);
  hl_chatwoot_sync_set_retry (sync, 50, 200, 4);
  hl_chatwoot_sync_set_interval (sync, 0);
  g_signal_connect (sync, "synced", G_CALLBACK (on_synced), NULL);
  g_signal_connect (sync, "notify::fraction", G_CALLBACK (on_fraction), NULL);
  g_signal_connect (sync, "notify::phase", G_CALLBACK (on_phase), NULL);
  g_signal_connect (sync, "typing", G_CALLBACK (on_typing), NULL);

  return sync;
}

static gboolean
synced_past (gpointer data)
{
  return t.synced > GPOINTER_TO_UINT (data) ||
         hl_chatwoot_sync_get_state (t.sync) == HL_CHATWOOT_SYNC_ERROR;
}

/* Runs a sync (start () for the first, sync_now () after) and waits for it to complete. */
static void
sync_and_wait (void)
{
  guint before = t.synced;

  hl_chatwoot_sync_sync_now (t.sync);
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (before), 120000);
  g_assert_cmpstr (hl_chatwoot_sync_get_last_error (t.sync), ==, NULL);
  g_assert_cmpint (hl_chatwoot_sync_get_state (t.sync), ==, HL_CHATWOOT_SYNC_IDLE);
}

static gint64
remote_conversation (const char *where)
{
  g_autofree char *id = text ("SELECT remote_id FROM conversations WHERE %s ORDER BY id LIMIT 1", where);

  g_assert_cmpstr (id, !=, "");
  return g_ascii_strtoll (id, NULL, 10);
}

/* Tests ------------------------------------------------------------------------------------------ */

static void
test_initial (void)
{
  g_autoptr(JsonNode) defs = api (TOKEN, "GET", "/custom_attribute_definitions", NULL);
  g_autoptr(JsonNode) meta = NULL;
  gint64 conversations = all_count ("open") + all_count ("pending") + all_count ("snoozed");
  guint attributes = 0;
  JsonArray *array = json_node_get_array (defs);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *model = json_object_get_string_member (json_array_get_object_element (array, i), "attribute_model");

      attributes += g_str_equal (model, "contact_attribute") || g_str_equal (model, "conversation_attribute");
    }

  t.sync = new_sync (t.client, NULL);
  hl_chatwoot_sync_start (t.sync);
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (0), 120000);
  g_assert_cmpstr (hl_chatwoot_sync_get_last_error (t.sync), ==, NULL);

  g_assert_cmpfloat (hl_chatwoot_sync_get_fraction (t.sync), ==, 1.0);
  g_assert_false (t.fraction_went_back);
  g_assert_cmpuint (t.phases, >, 3);
  g_assert_cmpint (hl_chatwoot_sync_get_last_synced_at (t.sync), >, 0);

  /* reference data and agents: the seed's numbers (tests/chatwoot/README.md); Ben is not
   * auto-offline, so online without a client of his */
  g_assert_cmpint (count ("SELECT count (*) FROM agents WHERE remote_id IS NOT NULL"), ==, 5);
  g_assert_cmpint (count ("SELECT count (*) FROM agents WHERE is_me AND remote_id = '1'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM agents WHERE remote_id = '2' AND availability = 'online'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM reference_items WHERE kind = 'inbox'"), ==, 3);
  g_assert_cmpint (count ("SELECT count (*) FROM reference_items WHERE kind = 'team'"), ==, 2);
  g_assert_cmpint (count ("SELECT count (*) FROM reference_items WHERE kind = 'label'"), ==, 6);
  g_assert_cmpint (count ("SELECT count (*) FROM reference_items WHERE kind = 'canned-response'"), ==, 5);
  g_assert_cmpint (count ("SELECT count (*) FROM reference_items WHERE kind LIKE '%%-attribute'"), ==, attributes);

  /* conversations of the agent's view, with their contacts and the last message each carries in
   * the list (threads are fetched when opened: see /chatwoot-sync/fetch-thread) */
  g_assert_cmpint (conversations, >, 25);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations"), ==, conversations);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE status = 'resolved'"), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE status = 'snoozed'"), ==, all_count ("snoozed"));
  g_assert_cmpint (count ("SELECT count (*) FROM messages"), ==, conversations);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE message_count = 0"), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM contacts"), ==,
                   count ("SELECT count (DISTINCT contact_id) FROM conversations"));
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE contact_id IS NULL"), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE channel = 'phone' AND inbox = 'Phone calls'"), >, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM conversation_labels"), >, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE assignee_id IS NOT NULL"), >, 0);

  /* help center: published articles in every locale of the handbook */
  g_assert_cmpint (count ("SELECT count (*) FROM articles"), >, 0);
  g_assert_cmpint (count ("SELECT count (DISTINCT locale) FROM articles"), >=, 3);

  /* the 30/min counts endpoint is never used, and no thread is fetched up front */
  meta = hook ("GET", "/__test/requests?path=conversations/meta", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (meta)), ==, 0);
  json_node_unref (meta);
  meta = hook ("GET", "/__test/requests?path=/messages$", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (meta)), ==, 0);
}

static gssize
fetch_thread (gint64 conversation,
              gint64 before)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gssize n;

  hl_chatwoot_sync_fetch_thread_async (t.sync, conversation, before, NULL, hl_test_store_result, &result);
  n = hl_chatwoot_sync_fetch_thread_finish (t.sync, hl_test_wait_result (&result, TIMEOUT), &error);
  g_assert_no_error (error);
  return n;
}

/* An opened conversation's thread: its latest page, once however often it is fetched; the page
 * before the oldest is empty; a 429 on the way is waited out. */
static void
test_fetch_thread (void)
{
  gint64 conversation = count ("SELECT id FROM conversations WHERE status = 'open' ORDER BY id LIMIT 1");
  g_autoptr(JsonNode) fault = NULL;
  g_autofree char *oldest = NULL;
  gint64 messages = count ("SELECT count (*) FROM messages");
  gint64 start;

  g_assert_cmpint (count ("SELECT count (*) FROM messages WHERE conversation_id = %" G_GINT64_FORMAT, conversation), ==, 1);
  g_assert_cmpint (fetch_thread (conversation, 0), ==, 6);
  g_assert_cmpint (count ("SELECT count (*) FROM messages WHERE conversation_id = %" G_GINT64_FORMAT, conversation), ==, 6);

  fault = hook ("POST", "/__test/fault", "{\"status\":429,\"retry_after\":1,\"path\":\"/messages$\",\"count\":1}");
  start = g_get_monotonic_time ();
  g_assert_cmpint (fetch_thread (conversation, 0), ==, 6);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpint (count ("SELECT count (*) FROM messages"), ==, messages + 5);

  oldest = text ("SELECT min (CAST (remote_id AS INTEGER)) FROM messages WHERE conversation_id = %" G_GINT64_FORMAT,
                 conversation);
  g_assert_cmpint (fetch_thread (conversation, g_ascii_strtoll (oldest, NULL, 10)), ==, 0);
}

static void
test_delta (void)
{
  gint64 conversation = remote_conversation ("status = 'open'");
  gint64 other = remote_conversation ("status = 'open' AND remote_id != (SELECT remote_id FROM conversations"
                                      " WHERE status = 'open' ORDER BY id LIMIT 1)");
  g_autofree char *body = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"content\":\"Delta hello\","
                                           "\"attachments\":[{\"filename\":\"invoice.pdf\",\"content_type\":\"application/pdf\","
                                           "\"content\":\"%%PDF-1.4 test\"}]}", conversation);
  g_autofree char *path = g_strdup_printf ("/conversations/%" G_GINT64_FORMAT "/toggle_status", other);
  g_autoptr(JsonNode) injected = NULL;
  g_autoptr(JsonNode) toggled = NULL;
  gint64 messages = count ("SELECT count (*) FROM messages");

  injected = hook ("POST", "/__test/inject/message", body);
  toggled = api (TOKEN_BEN, "POST", path, "{\"status\":\"pending\"}");

  sync_and_wait ();

  g_assert_cmpint (count ("SELECT count (*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                          " WHERE m.body = 'Delta hello' AND c.remote_id = '%" G_GINT64_FORMAT "'", conversation), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE remote_id = '%" G_GINT64_FORMAT "'"
                          " AND status = 'pending'", other), ==, 1);
  /* the message and the toggle's activity line, each once */
  g_assert_cmpint (count ("SELECT count (*) FROM messages"), ==, messages + 2);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE remote_id = '%" G_GINT64_FORMAT "'"
                          " AND preview = 'Delta hello'", conversation), ==, 1);
  /* its file, as the thread shows it (hl-message-row: name, size, download from data_url) */
  g_assert_cmpint (count ("SELECT count (*) FROM messages WHERE body = 'Delta hello'"
                          " AND json_array_length (attachments) = 1"
                          " AND json_extract (attachments, '$[0].file_size') = 13"
                          " AND json_extract (attachments, '$[0].file_type') = 'file'"
                          " AND json_extract (attachments, '$[0].content_type') = 'application/pdf'"
                          " AND json_extract (attachments, '$[0].data_url') LIKE 'http://127.0.0.1:%%/invoice.pdf'"), ==, 1);
}

static guint
portal_requests (void)
{
  g_autoptr(JsonNode) list = hook ("GET", "/__test/requests?path=/portals$&method=GET", NULL);

  return json_array_get_length (json_node_get_array (list));
}

/* Articles made draft, archived or deleted in Chatwoot leave the store (and its search) at the
 * next help-center refresh: not at every delta sync, but every ten minutes (here: at once). */
static void
test_articles_unpublished (void)
{
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) archived = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) published = NULL;
  guint portals = portal_requests ();
  gint64 articles = count ("SELECT count (*) FROM articles");

  g_assert_cmpint (count ("SELECT count (*) FROM articles WHERE remote_id IN ('1', '6', '10')"), ==, 3);
  g_assert_cmpint (count ("SELECT count (*) FROM articles_fts WHERE articles_fts MATCH 'parcel'"), ==, 1);

  draft = hook ("POST", "/__test/article", "{\"id\":6,\"status\":\"draft\"}");
  archived = hook ("POST", "/__test/article", "{\"id\":1,\"status\":\"archived\"}");
  deleted = hook ("POST", "/__test/article", "{\"id\":10,\"deleted\":true}");

  /* A delta sync soon after the last refresh leaves the help center alone. */
  sync_and_wait ();
  g_assert_cmpuint (portal_requests (), ==, portals);
  g_assert_cmpint (count ("SELECT count (*) FROM articles"), ==, articles);

  hl_chatwoot_sync_set_help_center_interval (t.sync, 0);
  sync_and_wait ();
  g_assert_cmpuint (portal_requests (), ==, portals + 1);
  g_assert_cmpint (count ("SELECT count (*) FROM articles WHERE remote_id IN ('1', '6', '10')"), ==, 0);
  g_assert_cmpint (count ("SELECT count (*) FROM articles"), ==, articles - 3);
  g_assert_cmpint (count ("SELECT count (*) FROM articles_fts WHERE articles_fts MATCH 'parcel'"), ==, 0);
  /* its translations are articles of their own, still published */
  g_assert_cmpint (count ("SELECT count (*) FROM articles WHERE remote_id IN ('7', '8')"), ==, 2);

  /* Published again: back. */
  published = hook ("POST", "/__test/article", "{\"id\":6,\"status\":\"published\"}");
  sync_and_wait ();
  g_assert_cmpint (count ("SELECT count (*) FROM articles WHERE remote_id = '6'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM articles"), ==, articles - 2);
}

static gboolean
cable_subscribed (gpointer data)
{
  return hl_actioncable_get_state (t.cable) == HL_ACTIONCABLE_SUBSCRIBED;
}

static char *
pubsub_token (void)
{
  g_autoptr(JsonNode) users = hook ("GET", "/__test/users", NULL);
  JsonArray *array = json_node_get_array (users);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *user = json_array_get_object_element (array, i);

      if (json_object_get_int_member (user, "id") == 1)
        return g_strdup (json_object_get_string_member (user, "pubsub_token"));
    }

  g_assert_not_reached ();
}

/* A refused change discarded while there was no session: the mark it left in the store has the
 * next session's sync fetch the conversation (the cached row showed what the server refused), and
 * the mark goes once that sync succeeds. */
static void
test_refetch_next_session (void)
{
  gint64 conversation = remote_conversation ("status = 'open'");
  g_autofree char *path = g_strdup_printf ("/__test/requests?path=/conversations/%" G_GINT64_FORMAT "$&method=GET",
                                           conversation);
  g_autofree char *refused = g_strdup_printf ("UPDATE conversations SET status = 'resolved' WHERE remote_id = '%" G_GINT64_FORMAT "'",
                                              conversation);
  g_autofree char *mark = g_strdup_printf ("INSERT INTO sync_state (backend, key, value)"
                                           " VALUES ('chatwoot', 'refetch:conversation:%" G_GINT64_FORMAT "', '')",
                                           conversation);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  guint synced;

  hl_chatwoot_sync_stop (t.sync);
  g_clear_object (&t.sync);
  hl_test_store_int64 (t.store, refused);
  hl_test_store_int64 (t.store, mark);
  before = hook ("GET", path, NULL);

  t.sync = new_sync (t.client, NULL);
  synced = t.synced;
  hl_chatwoot_sync_start (t.sync);
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (synced), TIMEOUT);
  g_assert_cmpstr (hl_chatwoot_sync_get_last_error (t.sync), ==, NULL);

  after = hook ("GET", path, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (after)), ==,
                    json_array_get_length (json_node_get_array (before)) + 1);
  g_assert_cmpint (count ("SELECT count (*) FROM conversations WHERE remote_id = '%" G_GINT64_FORMAT "'"
                          " AND status = 'open'", conversation), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM sync_state WHERE key LIKE 'refetch:%%'"), ==, 0);
}

static gboolean
sync_begun (gpointer data)
{
  return hl_chatwoot_sync_get_state (t.sync) != HL_CHATWOOT_SYNC_IDLE || t.synced > GPOINTER_TO_UINT (data);
}

static void
test_realtime_setup (void)
{
  g_autofree char *pubsub = pubsub_token ();
  guint before;

  /* The sync of the app: the same store, now with the cable; start () runs a delta sync, and the
   * subscription asks for one more. */
  hl_chatwoot_sync_stop (t.sync);
  g_clear_object (&t.sync);

  t.cable = hl_actioncable_new (t.cable_url, NULL);
  hl_actioncable_set_credentials (t.cable, pubsub, 1, 1);
  hl_actioncable_set_timings (t.cable, 50, 200, 10000, 3000, 15000, 60000);
  t.sync = new_sync (t.client, t.cable);
  before = t.synced;
  hl_chatwoot_sync_start (t.sync);
  /* The sync reads its last time from the store first; a resync asked before that is not needed
   * (a run follows anyway) and would not count here. */
  hl_test_wait_until (sync_begun, GUINT_TO_POINTER (before), TIMEOUT);
  hl_actioncable_start (t.cable);
  hl_test_wait_until (cable_subscribed, NULL, TIMEOUT);
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (before + 1), TIMEOUT);
  g_assert_cmpint (hl_chatwoot_sync_get_state (t.sync), ==, HL_CHATWOOT_SYNC_IDLE);
}

static void
test_realtime_messages (void)
{
  gint64 conversation = remote_conversation ("status = 'open'");
  g_autofree char *inject = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"content\":\"Realtime hi\","
                                             "\"attachments\":[{\"filename\":\"photo.png\",\"content_type\":\"image/png\","
                                             "\"content\":\"not really a png\"}]}", conversation);
  g_autofree char *echo = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"content\":\"Sent by me\","
                                           "\"message_type\":1,\"user_id\":1,\"echo_id\":\"hl-outbox-sync-1\"}",
                                           conversation);
  g_autofree char *local = g_strdup_printf ("INSERT INTO messages (echo_id, conversation_id, kind, body, delivery, created_at)"
                                            " SELECT 'hl-outbox-sync-1', id, 'outgoing', 'Sent by me', 'pending', 1"
                                            " FROM conversations WHERE remote_id = '%" G_GINT64_FORMAT "'", conversation);
  g_autofree char *message_id = NULL;
  g_autofree char *delete_path = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) echoed = NULL;
  gint64 messages;

  /* message.created */
  node = hook ("POST", "/__test/inject/message", inject);
  wait_count (1, "SELECT count (*) FROM messages WHERE body = 'Realtime hi'");
  g_assert_cmpint (count ("SELECT count (*) FROM messages WHERE body = 'Realtime hi'"
                          " AND json_extract (attachments, '$[0].file_type') = 'image'"
                          " AND json_extract (attachments, '$[0].file_size') = 16"
                          " AND json_extract (attachments, '$[0].thumb_url') LIKE 'http://%%'"), ==, 1);

  /* message.updated (a deletion) */
  message_id = text ("SELECT remote_id FROM messages WHERE body = 'Realtime hi'");
  delete_path = g_strdup_printf ("/conversations/%" G_GINT64_FORMAT "/messages/%s", conversation, message_id);
  deleted = api (TOKEN_BEN, "DELETE", delete_path, NULL);
  wait_count (0, "SELECT count (*) FROM messages WHERE body = 'Realtime hi'");
  g_assert_cmpint (count ("SELECT count (*) FROM messages WHERE remote_id = '%s'"
                          " AND body = 'This message was deleted'", message_id), ==, 1);

  /* The outbox contract: the echo of a message written here updates the pending row. */
  hl_test_store_int64 (t.store, local);
  messages = count ("SELECT count (*) FROM messages");
  echoed = hook ("POST", "/__test/inject/message", echo);
  wait_count (1, "SELECT count (*) FROM messages WHERE echo_id = 'hl-outbox-sync-1' AND remote_id IS NOT NULL"
                 " AND delivery = 'sent' AND created_at > 1");
  g_assert_cmpint (count ("SELECT count (*) FROM messages"), ==, messages);
}

static void
test_realtime_conversations (void)
{
  gint64 conversation = remote_conversation ("status = 'open'");
  g_autofree char *base = g_strdup_printf ("/conversations/%" G_GINT64_FORMAT, conversation);
  g_autofree char *status = g_strconcat (base, "/toggle_status", NULL);
  g_autofree char *priority = g_strconcat (base, "/toggle_priority", NULL);
  g_autofree char *assign = g_strconcat (base, "/assignments", NULL);
  g_autofree char *seen = g_strconcat (base, "/update_last_seen", NULL);
  g_autofree char *inject = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"content\":\"Are you there?\"}",
                                             conversation);
  g_autofree char *where = g_strdup_printf ("SELECT count (*) FROM conversations WHERE remote_id = '%" G_GINT64_FORMAT "'",
                                            conversation);
  g_autofree char *sql = NULL;
  g_autofree char *team = text ("SELECT name FROM reference_items WHERE kind = 'team' AND remote_id = '1'");
  g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, f = NULL, g = NULL;
  gint64 created;

  /* conversation.status_changed */
  a = api (TOKEN_BEN, "POST", status, "{\"status\":\"pending\"}");
  sql = g_strconcat (where, " AND status = 'pending'", NULL);
  wait_count (1, sql);
  g_free (sql);

  /* conversation.updated */
  b = api (TOKEN_BEN, "POST", priority, "{\"priority\":\"urgent\"}");
  sql = g_strconcat (where, " AND priority = 4", NULL);
  wait_count (1, sql);
  g_free (sql);

  /* assignee.changed */
  c = api (TOKEN_BEN, "POST", assign, "{\"assignee_id\":3}");
  sql = g_strconcat (where, " AND assignee_id = (SELECT id FROM agents WHERE remote_id = '3')", NULL);
  wait_count (1, sql);
  g_free (sql);

  /* team.changed */
  d = api (TOKEN_BEN, "POST", assign, "{\"team_id\":1}");
  sql = g_strdup_printf ("%s AND team = '%s'", where, team);
  wait_count (1, sql);
  g_free (sql);

  /* conversation.read: unread first (message.created carries the count), then read */
  f = api (TOKEN, "POST", seen, NULL);
  sql = g_strconcat (where, " AND unread = 0", NULL);
  wait_count (1, sql);
  g_free (sql);
  g_usleep (1100 * 1000);  /* the server counts messages after the last-seen second */
  e = hook ("POST", "/__test/inject/message", inject);
  wait_count (1, "SELECT count (*) FROM messages WHERE body = 'Are you there?'");
  sql = g_strconcat (where, " AND unread = 1", NULL);
  g_assert_cmpint (count ("%s", sql), ==, 1);
  g_free (sql);
  g_clear_pointer (&f, json_node_unref);
  f = api (TOKEN, "POST", seen, NULL);
  sql = g_strconcat (where, " AND unread = 0", NULL);
  wait_count (1, sql);
  g_free (sql);

  /* conversation.created, with its first message */
  g = api (TOKEN_BEN, "POST", "/conversations",
           "{\"source_id\":\"src-1-1\",\"inbox_id\":1,\"contact_id\":1,\"message\":{\"content\":\"A brand new conversation\"}}");
  created = json_object_get_int_member (json_node_get_object (g), "id");
  sql = g_strdup_printf ("SELECT count (*) FROM conversations c JOIN messages m ON m.conversation_id = c.id"
                         " WHERE c.remote_id = '%" G_GINT64_FORMAT "' AND m.body = 'A brand new conversation'", created);
  wait_count (1, sql);
}

static void
test_realtime_contacts (void)
{
  g_autofree char *contact = text ("SELECT remote_id FROM contacts ORDER BY id LIMIT 1");
  g_autofree char *update = g_strdup_printf ("{\"contact_id\":%s,\"changes\":{\"name\":\"Renamed Realtime\"}}", contact);
  g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL;

  /* contact.created */
  a = hook ("POST", "/__test/inject/event",
            "{\"event\":\"contact.created\",\"data\":{\"account_id\":1,\"id\":5001,\"name\":\"Rita Realtime\","
            "\"email\":\"rita@example.com\",\"phone_number\":\"+34 600 111 222\",\"identifier\":null,\"thumbnail\":\"\","
            "\"blocked\":false,\"additional_attributes\":{\"city\":\"Sevilla\"},\"custom_attributes\":{\"tier\":\"gold\"},"
            "\"type\":\"contact\"}}");
  wait_count (1, "SELECT count (*) FROM contacts WHERE remote_id = '5001' AND city = 'Sevilla'"
                 " AND attributes LIKE '%gold%'");

  /* contact.updated */
  b = hook ("POST", "/__test/inject/contact_update", update);
  wait_count (1, "SELECT count (*) FROM contacts WHERE name = 'Renamed Realtime'");

  /* contact.merged: the surviving contact's data */
  c = hook ("POST", "/__test/inject/event",
            "{\"event\":\"contact.merged\",\"data\":{\"account_id\":1,\"id\":5001,\"name\":\"Rita Merged\","
            "\"email\":\"rita@example.com\",\"phone_number\":null,\"additional_attributes\":{},\"custom_attributes\":{}}}");
  wait_count (1, "SELECT count (*) FROM contacts WHERE remote_id = '5001' AND name = 'Rita Merged'");

  /* contact.deleted */
  d = hook ("POST", "/__test/inject/event",
            "{\"event\":\"contact.deleted\",\"data\":{\"account_id\":1,\"id\":5001,\"name\":\"Rita Merged\"}}");
  wait_count (0, "SELECT count (*) FROM contacts WHERE remote_id = '5001'");
}

static gboolean
typing_is (gpointer data)
{
  return t.typing_conversation != 0 && t.typing_on == GPOINTER_TO_INT (data);
}

static guint
label_requests (void)
{
  g_autoptr(JsonNode) requests = hook ("GET", "/__test/requests?path=/labels$&method=GET", NULL);

  return json_array_get_length (json_node_get_array (requests));
}

static void
test_realtime_presence_typing (void)
{
  gint64 conversation = remote_conversation ("status = 'open'");
  g_autofree char *local = text ("SELECT id FROM conversations WHERE remote_id = '%" G_GINT64_FORMAT "'", conversation);
  g_autofree char *on = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"on\":true}", conversation);
  g_autofree char *off = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"on\":false}", conversation);
  g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL;
  guint before, labels;

  /* presence.update: only the agents it lists are present */
  a = hook ("POST", "/__test/inject/event",
            "{\"event\":\"presence.update\",\"user_ids\":[1],"
            "\"data\":{\"account_id\":1,\"users\":{\"1\":\"online\",\"2\":\"busy\"},\"contacts\":{}}}");
  wait_count (1, "SELECT count (*) FROM agents WHERE remote_id = '2' AND availability = 'busy'");
  g_assert_cmpint (count ("SELECT count (*) FROM agents WHERE remote_id IN ('3', '4', '5') AND availability = 'offline'"),
                   ==, 3);

  /* typing: a signal with the local conversation id, nothing stored */
  b = hook ("POST", "/__test/inject/typing", on);
  hl_test_wait_until (typing_is, GINT_TO_POINTER (TRUE), TIMEOUT);
  g_assert_cmpint (t.typing_conversation, ==, g_ascii_strtoll (local, NULL, 10));
  g_assert_cmpstr (t.typing_who, !=, "");
  c = hook ("POST", "/__test/inject/typing", off);
  hl_test_wait_until (typing_is, GINT_TO_POINTER (FALSE), TIMEOUT);

  /* conversation.unread_count_changed carries nothing: it asks for a delta sync */
  before = t.synced;
  d = hook ("POST", "/__test/inject/event", "{\"event\":\"conversation.unread_count_changed\",\"data\":{\"account_id\":1}}");
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (before), TIMEOUT);

  /* account.cache_invalidated: the reference lists are fetched again */
  labels = label_requests ();
  before = t.synced;
  e = hook ("POST", "/__test/inject/event",
            "{\"event\":\"account.cache_invalidated\",\"data\":{\"account_id\":1,"
            "\"cache_keys\":{\"label\":1,\"inbox\":1,\"team\":1}}}");
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (before), TIMEOUT);
  g_assert_cmpuint (label_requests (), ==, labels + 1);
}

static void
test_timer (void)
{
  guint before = t.synced;

  /* the schedule: a delta sync every interval, without being asked */
  hl_chatwoot_sync_set_interval (t.sync, 1);
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (before + 1), TIMEOUT);
  hl_chatwoot_sync_set_interval (t.sync, 0);
  g_assert_cmpstr (hl_chatwoot_sync_get_last_error (t.sync), ==, NULL);
}

static void
test_reconnect (void)
{
  gint64 conversation = remote_conversation ("status = 'open'");
  g_autofree char *inject = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"content\":\"Missed while away\"}",
                                             conversation);
  g_autoptr(JsonNode) node = NULL;
  guint before;

  /* The connection drops; a message comes meanwhile; its event never reaches us. */
  hl_actioncable_stop (t.cable);
  node = hook ("POST", "/__test/inject/message", inject);
  g_usleep (200 * 1000);
  hl_test_drain ();
  g_assert_cmpint (count ("SELECT count (*) FROM messages WHERE body = 'Missed while away'"), ==, 0);

  /* After the reconnect, the resync brings it. */
  before = t.synced;
  hl_actioncable_start (t.cable);
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (before), TIMEOUT);
  g_assert_cmpint (count ("SELECT count (*) FROM messages WHERE body = 'Missed while away'"), ==, 1);

  /* the server closing the socket: the same */
  g_clear_pointer (&node, json_node_unref);
  node = hook ("POST", "/__test/cable/close", "{\"drop\":true}");
  before = t.synced;
  hl_test_wait_until (synced_past, GUINT_TO_POINTER (before), TIMEOUT);
  hl_test_wait_until (cable_subscribed, NULL, TIMEOUT);
}

static void
test_rate_limited (void)
{
  g_autoptr(JsonNode) fault = hook ("POST", "/__test/fault",
                                    "{\"status\":429,\"retry_after\":2,\"path\":\"/conversations$\",\"count\":1}");
  gint64 start = g_get_monotonic_time ();

  sync_and_wait ();
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
}

static void
test_server_error (void)
{
  g_autoptr(JsonNode) fault = hook ("POST", "/__test/fault",
                                    "{\"status\":500,\"path\":\"/conversations$\",\"count\":2}");
  g_autoptr(JsonNode) queue = NULL;

  sync_and_wait ();
  /* both faults were used up by retries of the same request */
  queue = hook ("POST", "/__test/fault", "{\"status\":200,\"path\":\"^/never$\",\"count\":1}");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (queue), "queued"), ==, 1);
  json_node_unref (hook ("DELETE", "/__test/fault", NULL));
}

static void
test_malformed (void)
{
  g_autoptr(HlChatwootClient) direct = NULL;
  g_autoptr(HlChatwootSync) sync = NULL;
  g_autoptr(JsonNode) fault = NULL;
  g_autoptr(GError) error = NULL;
  gint64 conversations = count ("SELECT count (*) FROM conversations");
  gint64 messages = count ("SELECT count (*) FROM messages");
  gint64 revs = count ("SELECT sum (rev) FROM conversations");
  const char *message;

  hl_chatwoot_sync_stop (t.sync);

  /* Prism would turn broken JSON into a 500: talk to the server directly. */
  direct = hl_chatwoot_client_new (t.server_url, 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (direct, TOKEN);
  fault = hook ("POST", "/__test/fault", "{\"kind\":\"malformed\",\"path\":\"/conversations$\"}");

  sync = new_sync (direct, NULL);
  hl_chatwoot_sync_start (sync);
  while (hl_chatwoot_sync_get_state (sync) != HL_CHATWOOT_SYNC_ERROR)
    g_main_context_iteration (NULL, TRUE);

  message = hl_chatwoot_sync_get_last_error (sync);
  g_test_message ("last-error: %s", message);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "Could not sync with Chatwoot: "));
  g_assert_cmpint (count ("SELECT count (*) FROM conversations"), ==, conversations);
  g_assert_cmpint (count ("SELECT count (*) FROM messages"), ==, messages);
  g_assert_cmpint (count ("SELECT sum (rev) FROM conversations"), ==, revs);

  /* the next sync, with a sane answer, recovers */
  json_node_unref (hook ("DELETE", "/__test/fault", NULL));
  g_clear_object (&t.sync);
  t.sync = g_object_ref (sync);
  sync_and_wait ();

  /* JSON of the wrong shape: the message names the field; nothing of the page is written */
  g_clear_pointer (&fault, json_node_unref);
  fault = hook ("POST", "/__test/fault",
                "{\"status\":200,\"path\":\"/conversations$\",\"body\":"
                "\"{\\\"data\\\":{\\\"meta\\\":{},\\\"payload\\\":[{\\\"id\\\":\\\"x\\\"}]}}\"}");
  hl_chatwoot_sync_sync_now (sync);
  while (hl_chatwoot_sync_get_state (sync) != HL_CHATWOOT_SYNC_ERROR)
    g_main_context_iteration (NULL, TRUE);
  message = hl_chatwoot_sync_get_last_error (sync);
  g_test_message ("last-error: %s", message);
  g_assert_nonnull (strstr (message, "payload[0].id"));
  g_assert_cmpint (count ("SELECT count (*) FROM conversations"), ==, conversations);
  g_assert_cmpint (count ("SELECT count (*) FROM messages"), ==, messages);

  json_node_unref (hook ("DELETE", "/__test/fault", NULL));
  sync_and_wait ();
  hl_chatwoot_sync_stop (sync);
}

static void
test_no_violations (void)
{
  g_autoptr(JsonNode) node = hook ("GET", "/__test/violations", NULL);
  JsonObject *object = json_node_get_object (node);

  if (json_object_get_int_member (object, "count") != 0)
    {
      g_autofree char *dump = json_to_string (node, TRUE);
      g_test_message ("%s", dump);
    }
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  t.prism_url = g_getenv ("PRISM_URL");
  t.cable_url = g_getenv ("CABLE_URL");
  t.test_url = g_getenv ("TEST_URL");
  t.server_url = g_getenv ("SERVER_URL");
  if (t.prism_url == NULL || t.cable_url == NULL || t.test_url == NULL || t.server_url == NULL)
    {
      g_test_skip ("Run through tests/chatwoot/with-harness.sh");
      return 77;
    }

  /* One store for all the cases: not in the per-case isolated folders. */
  t.http = soup_session_new ();
  dir = g_dir_make_tmp ("helpline-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "sync.db", NULL);
  t.store = hl_test_open_store (path);
  t.client = hl_chatwoot_client_new (t.prism_url, 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (t.client, TOKEN);

  g_test_add_func ("/chatwoot-sync/initial", test_initial);
  g_test_add_func ("/chatwoot-sync/fetch-thread", test_fetch_thread);
  g_test_add_func ("/chatwoot-sync/delta", test_delta);
  g_test_add_func ("/chatwoot-sync/articles-unpublished", test_articles_unpublished);
  g_test_add_func ("/chatwoot-sync/refetch-next-session", test_refetch_next_session);
  g_test_add_func ("/chatwoot-sync/realtime-setup", test_realtime_setup);
  g_test_add_func ("/chatwoot-sync/realtime-messages", test_realtime_messages);
  g_test_add_func ("/chatwoot-sync/realtime-conversations", test_realtime_conversations);
  g_test_add_func ("/chatwoot-sync/realtime-contacts", test_realtime_contacts);
  g_test_add_func ("/chatwoot-sync/realtime-presence-typing", test_realtime_presence_typing);
  g_test_add_func ("/chatwoot-sync/timer", test_timer);
  g_test_add_func ("/chatwoot-sync/reconnect", test_reconnect);
  g_test_add_func ("/chatwoot-sync/rate-limited", test_rate_limited);
  g_test_add_func ("/chatwoot-sync/server-error", test_server_error);
  g_test_add_func ("/chatwoot-sync/malformed", test_malformed);
  g_test_add_func ("/chatwoot-sync/no-violations", test_no_violations);

  result = g_test_run ();

  if (t.cable != NULL)
    hl_actioncable_stop (t.cable);
  if (t.sync != NULL)
    hl_chatwoot_sync_stop (t.sync);
  hl_test_drain ();
  g_clear_object (&t.sync);
  g_clear_object (&t.cable);
  g_clear_object (&t.client);
  hl_store_close (t.store);
  g_clear_object (&t.store);
  g_clear_object (&t.http);
  g_free (t.typing_who);
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);

  return result;
}

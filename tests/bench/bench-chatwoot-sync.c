/* bench-chatwoot-sync.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <sys/resource.h>
#include <string.h>

#include "hl-actioncable.h"
#include "hl-chatwoot-client.h"
#include "hl-chatwoot-sync.h"
#include "hl-conversation.h"
#include "hl-query-model.h"
#include "hl-test-utils.h"

/* Against the Chatwoot contract harness (run by build-aux/bench.sh through
 * tests/chatwoot/with-harness.sh with a big seed, `--conversations 10000 --messages-per 10`):
 *  - the initial sync of the agent's view, through Prism: seconds, requests, rows;
 *  - opening a conversation: its thread fetched into the store (median and max over 20);
 *  - realtime latency: a customer message injected on the server → message.created on the cable →
 *    the store → the conversation's new preview in its row of an inbox-like HlQueryModel (median
 *    and 95th percentile over 50 events). */

#define TOKEN  "tok-ana-1000"
#define EVENTS 50
#define THREADS 20   /* conversations opened after the initial sync */

static gboolean synced;
static SoupSession *http;

static void
on_synced (HlChatwootSync *sync,
           gboolean        initial)
{
  synced = TRUE;
}

static gint64
count (HlStore    *store,
       const char *sql)
{
  return hl_test_store_int64 (store, sql);
}

static JsonNode *
hook_sync (const char *method,
           const char *path)
{
  g_autofree char *url = g_strconcat (g_getenv ("TEST_URL"), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = soup_session_send_and_read (http, msg, NULL, NULL);

  return json_from_string (body ? g_bytes_get_data (body, NULL) : "null", NULL);
}

static void
on_injected (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
}

static void
inject_async (gint64      conversation,
              const char *content)
{
  g_autofree char *url = g_strconcat (g_getenv ("TEST_URL"), "/__test/inject/message", NULL);
  g_autofree char *json = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"content\":\"%s\"}",
                                           conversation, content);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (http, msg, G_PRIORITY_DEFAULT, NULL, on_injected, NULL);
}

/* The row of conversation @id in the model shows @content as its preview. */
static gboolean
row_shows (HlQueryModel *model,
           gint64        id,
           const char   *content)
{
  g_autoptr(HlConversation) row = NULL;
  guint position = hl_query_model_find (model, id);

  if (position == G_MAXUINT)
    return FALSE;

  row = g_list_model_get_item (G_LIST_MODEL (model), position);
  return g_strcmp0 (hl_conversation_get_preview (row), content) == 0;
}

/* CPU seconds of this process (the client and its store thread), user + system. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("helpline-bench-sync-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlChatwootClient) client = NULL;
  g_autoptr(HlChatwootSync) sync = NULL;
  g_autoptr(HlActionCable) cable = NULL;
  g_autoptr(HlQueryModel) model = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  const char *pubsub = NULL;
  gint64 start, conversations, messages, requests;
  gboolean direct;
  JsonArray *array;

  if (g_getenv ("PRISM_URL") == NULL)
    {
      fprintf (stderr, "Run through tests/chatwoot/with-harness.sh\n");
      return 77;
    }

  http = soup_session_new ();
  store = hl_test_open_store (path);

  /* HL_BENCH_DIRECT=1: straight to the test server, without Prism's validation in between */
  direct = g_strcmp0 (g_getenv ("HL_BENCH_DIRECT"), "1") == 0;
  printf ("rest-through %s\n", direct ? "server" : "prism");
  client = hl_chatwoot_client_new (g_getenv (direct ? "SERVER_URL" : "PRISM_URL"), 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (client, TOKEN);

  /* initial sync */
  before = hook_sync ("GET", "/__test/requests?path=^/api/");
  sync = hl_chatwoot_sync_new (store, client, NULL);
  hl_chatwoot_sync_set_interval (sync, 0);
  g_signal_connect (sync, "synced", G_CALLBACK (on_synced), NULL);
  start = g_get_monotonic_time ();
  hl_chatwoot_sync_start (sync);
  while (!synced && hl_chatwoot_sync_get_state (sync) != HL_CHATWOOT_SYNC_ERROR)
    g_main_context_iteration (NULL, TRUE);
  if (!synced)
    g_error ("%s", hl_chatwoot_sync_get_last_error (sync));

  conversations = count (store, "SELECT count (*) FROM conversations");
  messages = count (store, "SELECT count (*) FROM messages");
  after = hook_sync ("GET", "/__test/requests?path=^/api/");
  requests = json_array_get_length (json_node_get_array (after)) - json_array_get_length (json_node_get_array (before));
  printf ("initial-sync-s %.1f\n", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  printf ("initial-sync-conversations %" G_GINT64_FORMAT "\n", conversations);
  printf ("initial-sync-messages %" G_GINT64_FORMAT "\n", messages);
  printf ("initial-sync-contacts %" G_GINT64_FORMAT "\n", count (store, "SELECT count (*) FROM contacts"));
  printf ("initial-sync-requests %" G_GINT64_FORMAT "\n", requests);
  printf ("initial-sync-client-cpu-s %.1f\n", cpu_seconds ());
  fflush (stdout);

  /* opening a conversation: its thread (a page of messages) fetched into the store */
  for (gint64 id = 1; id <= THREADS; id++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gint64 t0 = g_get_monotonic_time ();

      hl_chatwoot_sync_fetch_thread_async (sync, id * (conversations / THREADS), 0, NULL, hl_test_store_result, &result);
      if (hl_chatwoot_sync_fetch_thread_finish (sync, hl_test_wait_result (&result, 30000), &error) < 0)
        g_error ("%s", error->message);
      g_array_append_val (latencies, (double) { (g_get_monotonic_time () - t0) / 1000.0 });
    }
  g_array_sort (latencies, compare_double);
  printf ("thread-fetch-median-ms %.1f\n", g_array_index (latencies, double, THREADS / 2));
  printf ("thread-fetch-max-ms %.1f\n", g_array_index (latencies, double, THREADS - 1));
  fflush (stdout);
  g_array_set_size (latencies, 0);
  hl_chatwoot_sync_stop (sync);
  g_clear_object (&sync);

  /* realtime latency */
  users = hook_sync ("GET", "/__test/users");
  array = json_node_get_array (users);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_object_get_int_member (json_array_get_object_element (array, i), "id") == 1)
      pubsub = json_object_get_string_member (json_array_get_object_element (array, i), "pubsub_token");

  cable = hl_actioncable_new (g_getenv ("CABLE_URL"), NULL);
  hl_actioncable_set_credentials (cable, pubsub, 1, 1);
  sync = hl_chatwoot_sync_new (store, client, cable);
  hl_chatwoot_sync_set_interval (sync, 0);
  g_signal_connect (sync, "synced", G_CALLBACK (on_synced), NULL);
  synced = FALSE;
  hl_chatwoot_sync_start (sync);
  hl_actioncable_start (cable);
  while (hl_actioncable_get_state (cable) != HL_ACTIONCABLE_SUBSCRIBED || !synced ||
         hl_chatwoot_sync_get_state (sync) != HL_CHATWOOT_SYNC_IDLE)
    g_main_context_iteration (NULL, TRUE);

  model = hl_query_model_new (store, HL_TYPE_CONVERSATION,
                              HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_CONTACTS |
                              HL_STORE_TABLE_AGENTS | HL_STORE_TABLE_MESSAGES);
  hl_query_model_set_query (model, "SELECT c.id, c.rev FROM conversations c WHERE c.status != 'resolved'"
                                   " ORDER BY c.last_activity_at DESC, c.id DESC", NULL);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0 || hl_query_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < EVENTS; i++)
    {
      /* a different conversation each time, from the bottom of the list */
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM conversations WHERE status = 'open'"
                                              " ORDER BY last_activity_at ASC, id ASC LIMIT 1 OFFSET %u", i);
      g_autofree char *content = g_strdup_printf ("Latency probe %u", i);
      gint64 id = count (store, sql);
      g_autofree char *remote_sql = g_strdup_printf ("SELECT CAST (remote_id AS INTEGER) FROM conversations"
                                                     " WHERE id = %" G_GINT64_FORMAT, id);
      gint64 conversation = count (store, remote_sql);
      gint64 sent;
      double ms;

      sent = g_get_monotonic_time ();
      inject_async (conversation, content);
      while (!row_shows (model, id, content))
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (100);
          if (g_get_monotonic_time () - sent > 10 * G_USEC_PER_SEC)
            g_error ("event %u (conversation %" G_GINT64_FORMAT ") never reached the model", i, conversation);
        }
      ms = (g_get_monotonic_time () - sent) / 1000.0;
      g_array_append_val (latencies, ms);
    }

  g_array_sort (latencies, compare_double);
  printf ("realtime-to-model-median-ms %.1f\n", g_array_index (latencies, double, EVENTS / 2));
  printf ("realtime-to-model-p95-ms %.1f\n", g_array_index (latencies, double, (EVENTS * 95) / 100));
  printf ("realtime-to-model-max-ms %.1f\n", g_array_index (latencies, double, EVENTS - 1));

  hl_actioncable_stop (cable);
  hl_chatwoot_sync_stop (sync);
  g_clear_object (&model);
  hl_store_close (store);
  g_clear_object (&http);
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);

  return 0;
}

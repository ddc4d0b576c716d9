/* test-store-sync.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-backend-error.h"
#include "hl-chatwoot-batch.h"
#include "hl-store-private.h"
#include "hl-test-utils.h"

/* The store side of the Chatwoot sync without a server: batches mapped from the recorded answers
 * in tests/fixtures/chatwoot, written by hl_chatwoot_batch_apply (). Upserts keep local ids, the
 * echo of a message written here updates its row, reference lists are replaced, and a batch that
 * fails half-way leaves nothing behind. */

typedef struct
{
  HlStore *store;
} Fixture;

static JsonNode *
fixture_json (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "chatwoot", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return hl_test_store_int64 (f->store, sql);
}

static gboolean
apply (Fixture          *f,
       HlChatwootBatch  *batch,
       GError          **error)
{
  return hl_store_run_sync (f->store, hl_chatwoot_batch_apply, batch, error) != NULL;
}

static HlChatwootBatch *
conversation_batch (void)
{
  g_autoptr(JsonNode) root = fixture_json ("conversations.json");
  g_autoptr(HlChatwootContext) ctx = hl_chatwoot_context_new (0, 1);
  g_autoptr(HlChatwootPage) page = NULL;
  g_autoptr(GError) error = NULL;
  HlChatwootBatch *batch = hl_chatwoot_batch_new ();

  page = hl_chatwoot_json_conversation_page (root, ctx, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (batch->conversations, g_steal_pointer (&page->items->pdata[i]));
  g_ptr_array_set_size (page->items, 0);

  return batch;
}

static HlChatwootBatch *
message_batch (void)
{
  g_autoptr(JsonNode) root = fixture_json ("messages.json");
  g_autoptr(HlChatwootPage) page = NULL;
  g_autoptr(GError) error = NULL;
  HlChatwootBatch *batch = hl_chatwoot_batch_new ();

  page = hl_chatwoot_json_message_page (root, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (batch->messages, g_steal_pointer (&page->items->pdata[i]));
  g_ptr_array_set_size (page->items, 0);

  return batch;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = hl_test_temp_path ("store-sync.db");

  f->store = hl_test_open_store (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  hl_store_close (f->store);
  g_assert_finalize_object (f->store);
}

static void
test_upsert (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HlChatwootBatch) first = conversation_batch ();
  g_autoptr(HlChatwootBatch) again = conversation_batch ();
  g_autoptr(GError) error = NULL;
  HlChatwootConversation *conv;
  gint64 id;

  g_assert_true (apply (f, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM conversations"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM contacts"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages"), ==, 1);
  id = count (f, "SELECT id FROM conversations WHERE remote_id = '101'");

  /* The same page again, one conversation changed meanwhile: rows are updated in place. */
  conv = g_ptr_array_index (again->conversations, 0);
  conv->data.status = HL_CONVERSATION_STATUS_RESOLVED;
  conv->data.labels = NULL;
  g_assert_true (apply (f, again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM conversations"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM contacts"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages"), ==, 1);
  g_assert_cmpint (count (f, "SELECT id FROM conversations WHERE remote_id = '101' AND status = 'resolved'"), ==, id);
  g_assert_cmpint (count (f, "SELECT count (*) FROM conversation_labels WHERE conversation_id = "
                             "(SELECT id FROM conversations WHERE remote_id = '101')"), ==, 0);
  /* a contact that did not change keeps its rev */
  g_assert_cmpint (count (f, "SELECT max (rev) FROM contacts"), ==, 0);
}

static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(HlChatwootBatch) conversations = conversation_batch ();
  g_autoptr(HlChatwootBatch) messages = message_batch ();
  g_autoptr(HlChatwootBatch) again = message_batch ();
  g_autoptr(GError) error = NULL;
  gint64 local;

  g_assert_true (apply (f, conversations, &error));

  /* The outbox wrote this one: echo_id set, no remote id, pending. */
  count (f, "INSERT INTO messages (echo_id, conversation_id, kind, body, delivery, created_at)"
            " SELECT 'hl-outbox-42', id, 'outgoing', 'draft text', 'pending', 1"
            " FROM conversations WHERE remote_id = '101'");
  local = count (f, "SELECT id FROM messages WHERE echo_id = 'hl-outbox-42'");

  g_assert_true (apply (f, messages, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE echo_id = 'hl-outbox-42'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT id FROM messages WHERE remote_id = '4993' AND delivery != 'pending'"
                             " AND body != 'draft text' AND created_at > 1"), ==, local);

  /* the page again (a REST page after the realtime echo): nothing doubles; 5 + the last message
   * that came with the conversation list */
  g_assert_true (apply (f, again, &error));
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE conversation_id ="
                             " (SELECT id FROM conversations WHERE remote_id = '101')"), ==, 6);
  g_assert_cmpint (messages->missing_conversations, ==, 0);
}

static void
test_references (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) inboxes = fixture_json ("inboxes.json");
  g_autoptr(JsonNode) labels = json_from_string ("{\"payload\":[{\"id\":1,\"title\":\"vip\",\"color\":\"#f00\"},"
                                                 "{\"id\":2,\"title\":\"billing\",\"color\":null}]}", NULL);
  g_autoptr(JsonNode) fewer = json_from_string ("{\"payload\":[{\"id\":2,\"title\":\"billing\",\"color\":\"#0f0\"}]}", NULL);
  g_autoptr(JsonNode) bad = json_from_string ("{\"payload\":[{\"id\":\"3\",\"title\":\"x\"}]}", NULL);
  g_autoptr(HlChatwootBatch) first = hl_chatwoot_batch_new ();
  g_autoptr(HlChatwootBatch) second = hl_chatwoot_batch_new ();
  g_autoptr(HlChatwootBatch) third = hl_chatwoot_batch_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_chatwoot_batch_add_references (first, HL_REFERENCE_INBOX, inboxes, &error));
  g_assert_true (hl_chatwoot_batch_add_references (first, HL_REFERENCE_LABEL, labels, &error));
  g_assert_true (apply (f, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reference_items WHERE kind = 'label'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reference_items WHERE kind = 'inbox'"), >, 0);

  /* a label went away, another changed colour; inboxes are not in this batch and stay */
  g_assert_true (hl_chatwoot_batch_add_references (second, HL_REFERENCE_LABEL, fewer, &error));
  g_assert_true (apply (f, second, &error));
  g_assert_cmpint (count (f, "SELECT count (*) FROM reference_items WHERE kind = 'label'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reference_items WHERE kind = 'label' AND value = '#0f0'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM reference_items WHERE kind = 'inbox'"), >, 0);

  g_assert_false (hl_chatwoot_batch_add_references (third, HL_REFERENCE_LABEL, bad, &error));
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED);
}

static void
test_presence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) agents = fixture_json ("agents.json");
  g_autoptr(JsonNode) presence = json_from_string ("{\"account_id\":1,\"users\":{\"9\":\"busy\"}}", NULL);
  g_autoptr(HlChatwootPage) page = NULL;
  g_autoptr(HlChatwootBatch) first = hl_chatwoot_batch_new ();
  g_autoptr(HlChatwootBatch) second = hl_chatwoot_batch_new ();
  g_autoptr(GError) error = NULL;

  page = hl_chatwoot_json_agent_list (agents, 1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (first->agents, g_steal_pointer (&page->items->pdata[i]));
  g_ptr_array_set_size (page->items, 0);
  g_assert_true (apply (f, first, &error));
  g_assert_cmpint (count (f, "SELECT count (*) FROM agents"), >, 1);

  g_assert_true (hl_chatwoot_batch_add_presence (second, json_node_get_object (presence), &error));
  g_assert_true (apply (f, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM agents WHERE remote_id = '9' AND availability = 'busy'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM agents WHERE remote_id != '9' AND availability != 'offline'"), ==, 0);
}

static void
test_rollback (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HlChatwootBatch) batch = conversation_batch ();
  g_autoptr(GError) error = NULL;
  HlChatwootConversation *last;

  /* The third conversation breaks a rule of the schema: nothing of the batch may stay. */
  last = g_ptr_array_index (batch->conversations, 2);
  last->data.priority = 9;
  g_assert_false (apply (f, batch, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_INVALID);
  g_assert_cmpint (count (f, "SELECT count (*) FROM conversations"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM contacts"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/store-sync/upsert", Fixture, NULL, fixture_set_up, test_upsert, fixture_tear_down);
  g_test_add ("/store-sync/echo", Fixture, NULL, fixture_set_up, test_echo, fixture_tear_down);
  g_test_add ("/store-sync/references", Fixture, NULL, fixture_set_up, test_references, fixture_tear_down);
  g_test_add ("/store-sync/presence", Fixture, NULL, fixture_set_up, test_presence, fixture_tear_down);
  g_test_add ("/store-sync/rollback", Fixture, NULL, fixture_set_up, test_rollback, fixture_tear_down);

  return g_test_run ();
}

/* test-query-model.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-conversation.h"
#include "hl-query-model.h"
#include "hl-store-db.h"
#include "hl-test-utils.h"

typedef struct
{
  HlStore      *store;
  HlQueryModel *model;
  GArray       *changes;   /* triples: position, removed, added */
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint triple[3] = { position, removed, added };

  g_array_append_vals (f->changes, triple, 3);
}

static gpointer
exec_sql (sqlite3        *db,
          gpointer        data,
          HlStoreTables  *changed,
          GError        **error)
{
  *changed |= HL_STORE_TABLE_CONVERSATIONS;
  return GINT_TO_POINTER (hl_db_exec (db, data, error));
}

static void
run_sql (Fixture    *f,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_store_run_sync (f->store, exec_sql, (gpointer) sql, &error));
  g_assert_no_error (error);
}

static void
wait_refresh (Fixture *f)
{
  g_assert_true (hl_test_wait_for_signal (f->model, "refreshed", 5000));
  hl_test_drain ();
}

static void
assert_changes (Fixture *f,
                guint    n,
                ...)
{
  va_list args;

  g_assert_cmpuint (f->changes->len, ==, n * 3);

  va_start (args, n);
  for (guint i = 0; i < n * 3; i++)
    g_assert_cmpuint (g_array_index (f->changes, guint, i), ==, va_arg (args, guint));
  va_end (args);

  g_array_set_size (f->changes, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = hl_test_temp_path ("model.db");

  f->store = hl_test_open_store (path);
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Five conversations, ids 1..5, last activity 10..50: the list shows 5,4,3,2,1. */
  run_sql (f,
           "INSERT INTO conversations (id, channel, created_at, last_activity_at, preview) VALUES"
           " (1, 'chat', 1, 10, 'one'), (2, 'email', 1, 20, 'two'), (3, 'phone', 1, 30, 'three'),"
           " (4, 'chat', 1, 40, 'four'), (5, 'chat', 1, 50, 'five')");

  f->model = hl_query_model_new (f->store, HL_TYPE_CONVERSATION, HL_STORE_TABLE_CONVERSATIONS);
  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_items_changed), f);
  hl_query_model_set_query (f->model, "SELECT id, rev FROM conversations ORDER BY last_activity_at DESC", NULL);
  wait_refresh (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->model);
  hl_store_close (f->store);
  g_assert_finalize_object (f->store);
  g_array_unref (f->changes);
}

static void
test_initial (Fixture       *f,
              gconstpointer  data)
{
  assert_changes (f, 1, 0, 0, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 5);
  g_assert_cmpint (hl_query_model_get_id (f->model, 0), ==, 5);
  g_assert_cmpint (hl_query_model_get_id (f->model, 4), ==, 1);
  g_assert_cmpuint (hl_query_model_find (f->model, 3), ==, 2);
  g_assert_cmpuint (hl_query_model_find (f->model, 99), ==, G_MAXUINT);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->model)) == HL_TYPE_CONVERSATION);
}

static void
test_insert_at_top (Fixture       *f,
                    gconstpointer  data)
{
  g_array_set_size (f->changes, 0);
  run_sql (f, "INSERT INTO conversations (id, channel, created_at, last_activity_at) VALUES (6, 'chat', 1, 60)");
  wait_refresh (f);
  assert_changes (f, 1, 0, 0, 1);
  g_assert_cmpint (hl_query_model_get_id (f->model, 0), ==, 6);
}

static void
test_delete_middle (Fixture       *f,
                    gconstpointer  data)
{
  g_array_set_size (f->changes, 0);
  run_sql (f, "DELETE FROM conversations WHERE id = 3");
  wait_refresh (f);
  assert_changes (f, 1, 2, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 4);
}

static void
test_move_to_top (Fixture       *f,
                  gconstpointer  data)
{
  g_array_set_size (f->changes, 0);
  /* id 2 sits at position 3; new activity moves it to the top: positions 0..3 change. */
  run_sql (f, "UPDATE conversations SET last_activity_at = 99, rev = rev + 1 WHERE id = 2");
  wait_refresh (f);
  assert_changes (f, 1, 0, 4, 4);
  g_assert_cmpint (hl_query_model_get_id (f->model, 0), ==, 2);
}

static gboolean
item_loaded (gpointer data)
{
  return hl_record_get_loaded (HL_RECORD (data));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_update_in_place (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HlConversation) item = g_list_model_get_item (G_LIST_MODEL (f->model), 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  /* Items are placeholders until their batch is read. */
  g_assert_false (hl_record_get_loaded (HL_RECORD (item)));
  hl_test_wait_until (item_loaded, item, 5000);
  g_assert_cmpstr (hl_conversation_get_preview (item), ==, "four");
  g_assert_cmpint (hl_conversation_get_channel (item), ==, HL_CHANNEL_CHAT);

  g_array_set_size (f->changes, 0);
  g_signal_connect (item, "notify", G_CALLBACK (on_notify), names);

  /* A change that keeps the order: no items-changed, the same object notifies what changed. */
  run_sql (f, "UPDATE conversations SET preview = 'FOUR', unread = 3, rev = rev + 1 WHERE id = 4");
  wait_refresh (f);
  hl_test_wait_until (item_loaded, item, 5000);
  while (names->len < 2)
    g_main_context_iteration (NULL, TRUE);

  assert_changes (f, 0);
  g_assert_cmpstr (hl_conversation_get_preview (item), ==, "FOUR");
  g_assert_cmpint (hl_conversation_get_unread (item), ==, 3);
  g_assert_cmpuint (names->len, ==, 2);

  {
    g_autoptr(HlConversation) again = g_list_model_get_item (G_LIST_MODEL (f->model), 1);
    g_assert_true (again == item);
  }
}

static void
test_unchanged_refresh (Fixture       *f,
                        gconstpointer  data)
{
  g_array_set_size (f->changes, 0);
  hl_store_emit_changed (f->store, HL_STORE_TABLE_CONVERSATIONS);
  wait_refresh (f);
  assert_changes (f, 0);

  /* Tables the model doesn't watch don't refresh it. */
  hl_store_emit_changed (f->store, HL_STORE_TABLE_ARTICLES);
  hl_test_drain ();
  g_assert_false (hl_query_model_get_loading (f->model));
}

static void
test_new_query (Fixture       *f,
                gconstpointer  data)
{
  g_array_set_size (f->changes, 0);
  hl_query_model_set_query (f->model, "SELECT id, rev FROM conversations WHERE channel = ?1 ORDER BY id",
                            g_variant_new ("(s)", "chat"));
  wait_refresh (f);
  /* 5,4,3,2,1 → 1,4,5: no common head or tail. */
  assert_changes (f, 1, 0, 5, 3);
  g_assert_cmpint (hl_query_model_get_id (f->model, 0), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add ("/query-model/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("initial", test_initial);
  ADD ("insert-at-top", test_insert_at_top);
  ADD ("delete-middle", test_delete_middle);
  ADD ("move-to-top", test_move_to_top);
  ADD ("update-in-place", test_update_in_place);
  ADD ("unchanged-refresh", test_unchanged_refresh);
  ADD ("new-query", test_new_query);
#undef ADD

  return g_test_run ();
}

/* test-demo.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-store-db.h"
#include "hl-test-utils.h"
#include "hl-workspace.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Result;

static gboolean
result_done (gpointer data)
{
  return ((Result *) data)->done;
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->ok = hl_workspace_open_finish (HL_WORKSPACE (object), result, &r->error);
  r->done = TRUE;
}

static HlWorkspace *
open_workspace (const char *name)
{
  HlWorkspace *workspace = hl_workspace_new (name);
  Result r = { 0 };

  hl_workspace_open_async (workspace, NULL, on_opened, &r);
  hl_test_wait_until (result_done, &r, 30000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  return workspace;
}

static gpointer
query_count (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  gint64 n = hl_db_query_int64 (db, data, error);
  return g_memdup2 (&n, sizeof n);
}

static gint64
query (HlWorkspace *workspace,
       const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *n = hl_store_run_sync (hl_workspace_get_store (workspace), query_count, (gpointer) sql, &error);

  g_assert_no_error (error);
  return *n;
}

static void
test_demo_seed (void)
{
  g_autoptr(HlWorkspace) workspace = open_workspace ("demo");
  g_autofree char *path = hl_workspace_dup_path (workspace);

  g_assert_true (g_str_has_suffix (path, "/helpline/demo.db"));
  g_assert_cmpint (hl_workspace_get_me_id (workspace), >, 0);

  /* The demo is a real contact centre's day: see data/demo/FORMAT.md. */
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM conversations"), >=, 300);
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM contacts"), >=, 60);
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM articles"), >=, 80);
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM calls"), >=, 100);
  g_assert_cmpint (query (workspace, "SELECT count (DISTINCT channel) FROM conversations"), ==, 3);
  g_assert_cmpint (query (workspace, "SELECT count (DISTINCT locale) FROM articles"), >=, 4);
  /* Every conversation has its customer and at least one message. */
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM conversations WHERE contact_id IS NULL"), ==, 0);
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM conversations c WHERE NOT EXISTS"
                                     " (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)"), ==, 0);
  /* Multilingual, searchable without accents. */
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM contacts WHERE locale = 'ar'"), >, 0);
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM articles_fts WHERE articles_fts MATCH 'kundigung'"), >, 0);
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM agents WHERE is_me"), ==, 1);

  hl_store_close (hl_workspace_get_store (workspace));
}

static void
test_demo_reopen (void)
{
  g_autoptr(HlWorkspace) first = open_workspace ("demo");
  g_autoptr(HlWorkspace) second = NULL;
  gint64 n = query (first, "SELECT count (*) FROM conversations");

  hl_store_close (hl_workspace_get_store (first));

  /* Seeded once: opening again doesn't add a second copy. */
  second = open_workspace ("demo");
  g_assert_cmpint (query (second, "SELECT count (*) FROM conversations"), ==, n);
  hl_store_close (hl_workspace_get_store (second));
}

static void
test_local_workspace (void)
{
  g_autoptr(HlWorkspace) workspace = open_workspace ("local");

  /* The local workspace starts empty but for the agent using it. */
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM conversations"), ==, 0);
  g_assert_cmpint (query (workspace, "SELECT count (*) FROM agents WHERE is_me"), ==, 1);
  hl_store_close (hl_workspace_get_store (workspace));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/demo/seed", test_demo_seed);
  g_test_add_func ("/demo/reopen", test_demo_reopen);
  g_test_add_func ("/workspace/local", test_local_workspace);

  return g_test_run ();
}

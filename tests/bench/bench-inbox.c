/* bench-inbox.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/resource.h>

#include "hl-conversation.h"
#include "hl-query-model.h"
#include "hl-store-inbox.h"
#include "hl-test-utils.h"

#include "bench-workspace.h"

/* The inbox on a big workspace: a view or filter switch is a new id list for the list's
 * HlQueryModel (set_query → ::refreshed) plus one count of the three views, both on the store
 * worker. Prints the median and the worst of several runs per case, in milliseconds.
 *
 *   bench-inbox [CONVERSATIONS] [MESSAGES]    (default 100000 and 1000000)
 *
 * BENCH_INBOX_KEEP=1 keeps the database, for EXPLAIN QUERY PLAN. */

static gint64 n_conversations = 100000;
static gint64 n_messages = 1000000;

static void
on_refreshed (HlQueryModel *model,
              gboolean     *done)
{
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint counts[HL_N_INBOX_VIEWS];

  g_assert_true (hl_store_count_inbox_finish (HL_STORE (object), result, counts, NULL));
  *(gboolean *) user_data = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* One switch as the page does it: the list's new query and, for a filter (not for a view or a
 * sort), the counts, both waited for. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double
switch_to (HlStore             *store,
           HlQueryModel        *model,
           const HlInboxFilter *filter,
           HlInboxView          view,
           gboolean             recount,
           double              *cpu)
{
  g_autofree char *sql = NULL;
  double cpu_start = cpu_ms ();
  GVariant *params = NULL;
  gboolean refreshed = FALSE, counted = FALSE;
  gulong handler;
  gint64 start;

  sql = hl_inbox_filter_build_query (filter, view, 1, &params);
  handler = g_signal_connect (model, "refreshed", G_CALLBACK (on_refreshed), &refreshed);

  start = g_get_monotonic_time ();
  hl_query_model_set_query (model, sql, params);
  if (recount)
    hl_store_count_inbox_async (store, filter, 1, NULL, on_counted, &counted);
  else
    counted = TRUE;
  hl_test_wait_until (is_true, &refreshed, 30000);
  hl_test_wait_until (is_true, &counted, 30000);

  g_signal_handler_disconnect (model, handler);
  if (cpu)
    *cpu = cpu_ms () - cpu_start;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A write, as the agent's typing meets one: the search's set of matches is computed anew, as for a
 * new text, instead of being reused from the run before. */
static gpointer
touch (sqlite3        *db,
       gpointer        data,
       HlStoreTables  *changed,
       GError        **error)
{
  return sqlite3_exec (db, "UPDATE agents SET rev = rev WHERE id = 1", NULL, NULL, NULL) == SQLITE_OK ?
         GINT_TO_POINTER (1) : NULL;
}

static void
run_case (HlStore             *store,
          const char          *name,
          const HlInboxFilter *filter,
          HlInboxView          view,
          gboolean             recount)
{
  g_autoptr(HlQueryModel) model = hl_query_model_new (store, HL_TYPE_CONVERSATION, HL_STORE_TABLE_CONVERSATIONS);
  g_autoptr(HlInboxFilter) other = hl_inbox_filter_new ();
  double times[7], cpu[7];

  /* Each run switches from another query, as the agent does. */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      switch_to (store, model, other, (view + 1) % HL_N_INBOX_VIEWS, FALSE, NULL);
      g_assert_nonnull (hl_store_run_sync (store, touch, NULL, NULL));
      times[i] = switch_to (store, model, filter, view, recount, &cpu[i]);
    }

  /* On a shared machine the wall time is mostly the other jobs; the CPU time (all threads) is what
   * the switch itself costs. */
  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_doubles);
  qsort (cpu, G_N_ELEMENTS (cpu), sizeof (double), compare_doubles);
  printf ("%-34s %6u rows  wall median %6.1f ms, worst %6.1f ms  CPU median %6.1f ms\n", name,
          g_list_model_get_n_items (G_LIST_MODEL (model)), times[G_N_ELEMENTS (times) / 2],
          times[G_N_ELEMENTS (times) - 1], cpu[G_N_ELEMENTS (cpu) / 2]);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("bench-inbox-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlInboxFilter) filter = hl_inbox_filter_new ();
  g_autoptr(GError) error = NULL;
  char *labels[] = { (char *) "label-5", NULL };
  char *inboxes[] = { (char *) "Inbox 3", NULL };
  gint64 start;

  if (argc > 1)
    n_conversations = g_ascii_strtoll (argv[1], NULL, 10);
  if (argc > 2)
    n_messages = g_ascii_strtoll (argv[2], NULL, 10);

  store = hl_test_open_store (path);
  start = g_get_monotonic_time ();
  g_assert_true (bench_workspace_fill (store, n_conversations, n_messages, &error));
  g_assert_no_error (error);
  printf ("%" G_GINT64_FORMAT " conversations, %" G_GINT64_FORMAT " messages written in %.1f s\n",
          n_conversations, n_messages, (g_get_monotonic_time () - start) / 1e6);

  run_case (store, "view: all", filter, HL_INBOX_VIEW_ALL, FALSE);
  run_case (store, "view: mine", filter, HL_INBOX_VIEW_MINE, FALSE);
  run_case (store, "view: unassigned", filter, HL_INBOX_VIEW_UNASSIGNED, FALSE);

  filter->channels = 1 << HL_CHANNEL_PHONE;
  run_case (store, "filter: all, phone", filter, HL_INBOX_VIEW_ALL, TRUE);
  filter->statuses = 1 << HL_CONVERSATION_STATUS_RESOLVED;
  run_case (store, "filter: all, phone, resolved", filter, HL_INBOX_VIEW_ALL, TRUE);
  filter->channels = filter->statuses = 0;

  filter->priorities = 1 << HL_PRIORITY_URGENT;
  run_case (store, "filter: mine, urgent", filter, HL_INBOX_VIEW_MINE, TRUE);
  filter->priorities = 0;

  filter->labels = labels;
  run_case (store, "filter: all, one label", filter, HL_INBOX_VIEW_ALL, TRUE);
  filter->labels = NULL;
  filter->inboxes = inboxes;
  run_case (store, "filter: all, one inbox", filter, HL_INBOX_VIEW_ALL, TRUE);
  filter->inboxes = NULL;

  filter->sort = HL_INBOX_SORT_WAITING;
  run_case (store, "sort: all, by waiting time", filter, HL_INBOX_VIEW_ALL, FALSE);
  filter->sort = HL_INBOX_SORT_PRIORITY;
  run_case (store, "sort: all, by priority", filter, HL_INBOX_VIEW_ALL, FALSE);
  filter->sort = HL_INBOX_SORT_ACTIVITY;

  filter->search = g_strdup ("case 4321");
  run_case (store, "search: a word in 200 messages", filter, HL_INBOX_VIEW_ALL, TRUE);
  g_free (filter->search);
  filter->search = g_strdup ("router");
  run_case (store, "search: a word in every message", filter, HL_INBOX_VIEW_ALL, TRUE);
  /* The first key of a number: a prefix of a hundred thousand different words. */
  g_free (filter->search);
  filter->search = g_strdup ("1");
  run_case (store, "search: a prefix of many words", filter, HL_INBOX_VIEW_ALL, TRUE);

  hl_store_close (store);
  g_clear_object (&store);
  if (g_getenv ("BENCH_INBOX_KEEP"))
    {
      printf ("Database kept: %s\n", path);
      return 0;
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);

  return 0;
}

/* test-inbox-query.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hl-inbox-page.h"
#include "hl-store-inbox.h"
#include "hl-store-private.h"
#include "hl-test-utils.h"

/* The inbox's queries, built from a filter, against a small store; and the snooze presets. */

typedef struct
{
  const char *sql;
  GVariant   *params;
} Query;

static gpointer
count_rows (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  Query *query = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 *n = g_new0 (gint64, 1);

  if (!(stmt = hl_db_prepare (db, query->sql, error)) || !hl_db_bind_params (db, stmt, query->params, error))
    {
      g_free (n);
      return NULL;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    (*n)++;

  return n;
}

static gint64
list_length (HlStore             *store,
             const HlInboxFilter *filter,
             HlInboxView          view)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree gint64 *n = NULL;
  g_autoptr(GVariant) params = NULL;
  Query query;

  sql = hl_inbox_filter_build_query (filter, view, 1, &params);
  g_variant_ref_sink (params);
  query = (Query) { sql, params };
  n = hl_store_run_sync (store, count_rows, &query, &error);
  g_assert_no_error (error);

  return *n;
}

static gpointer
seed (sqlite3        *db,
      gpointer        data,
      HlStoreTables  *changed,
      GError        **error)
{
  hl_db_exec (db,
              "INSERT INTO agents (id, name, is_me) VALUES (1, 'Me', 1), (2, 'Other', 0);"
              "INSERT INTO conversations (id, channel, inbox, status, priority, assignee_id, created_at, last_activity_at)"
              " VALUES (1, 'phone', 'Support', 'open', 4, 1, 0, 10),"
              "        (2, 'chat', 'Sales'' \"desk\"', 'pending', 0, NULL, 0, 20),"
              "        (3, 'email', 'Support', 'resolved', 3, 2, 0, 30),"
              "        (4, 'email', 'Support', 'snoozed', 1, NULL, 0, 40);"
              "INSERT INTO conversation_labels VALUES (1, 'vip'), (4, 'vip'), (4, 'billing');",
              error);
  return GINT_TO_POINTER (1);
}

static void
test_inbox_query_filters (void)
{
  g_autofree char *path = hl_test_temp_path ("inbox-query.db");
  g_autoptr(HlStore) store = hl_test_open_store (path);
  g_autoptr(HlInboxFilter) filter = hl_inbox_filter_new ();
  g_autoptr(GError) error = NULL;
  guint counts[HL_N_INBOX_VIEWS];
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (hl_store_run_sync (store, seed, NULL, &error));
  g_assert_no_error (error);

  /* No filter: everything but resolved, in each view. */
  g_assert_true (hl_inbox_filter_is_empty (filter));
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_ALL), ==, 3);
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_MINE), ==, 1);
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_UNASSIGNED), ==, 2);

  hl_store_count_inbox_async (store, filter, 1, NULL, hl_test_store_result, &result);
  g_assert_true (hl_store_count_inbox_finish (store, hl_test_wait_result (&result, 5000), counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[HL_INBOX_VIEW_MINE], ==, 1);
  g_assert_cmpuint (counts[HL_INBOX_VIEW_UNASSIGNED], ==, 2);
  g_assert_cmpuint (counts[HL_INBOX_VIEW_ALL], ==, 3);
  g_clear_object (&result);

  /* Statuses chosen: resolved ones too. */
  filter->statuses = 1 << HL_CONVERSATION_STATUS_RESOLVED | 1 << HL_CONVERSATION_STATUS_OPEN;
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_ALL), ==, 2);
  filter->statuses = 0;

  filter->channels = 1 << HL_CHANNEL_EMAIL;
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_ALL), ==, 1);
  filter->channels = 0;

  filter->priorities = 1 << HL_PRIORITY_URGENT | 1 << HL_PRIORITY_HIGH;
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_ALL), ==, 1);
  filter->priorities = 0;

  /* Names the server chose are bound, quotes and all. */
  filter->inboxes = g_strsplit ("Sales' \"desk\"", ",", -1);
  g_assert_false (hl_inbox_filter_is_empty (filter));
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_ALL), ==, 1);
  g_clear_pointer (&filter->inboxes, g_strfreev);
  filter->inboxes = g_strsplit ("x') OR 1 = 1 --", ",", -1);
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_ALL), ==, 0);
  g_clear_pointer (&filter->inboxes, g_strfreev);

  /* Labels: any of them. */
  filter->labels = g_strsplit ("billing,vip", ",", -1);
  g_assert_cmpint (list_length (store, filter, HL_INBOX_VIEW_ALL), ==, 2);
  g_clear_pointer (&filter->labels, g_strfreev);

  /* The copy is deep. */
  {
    g_autoptr(HlInboxFilter) copy = NULL;

    filter->labels = g_strsplit ("vip", ",", -1);
    copy = hl_inbox_filter_copy (filter);
    g_clear_pointer (&filter->labels, g_strfreev);
    g_assert_cmpint (list_length (store, copy, HL_INBOX_VIEW_ALL), ==, 2);
  }

  hl_store_close (store);
  g_unlink (path);
}

/* The ids of the All view under @search, in list order, joined with ","; and the three counts
 * agree with the lists. */
static gpointer
list_ids (sqlite3        *db,
          gpointer        data,
          HlStoreTables  *changed,
          GError        **error)
{
  Query *query = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  int rc;

  if (!(stmt = hl_db_prepare (db, query->sql, error)) || !hl_db_bind_params (db, stmt, query->params, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len ? "," : "",
                            (gint64) sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
search (HlStore    *store,
        const char *text)
{
  g_autoptr(HlInboxFilter) filter = hl_inbox_filter_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  guint counts[HL_N_INBOX_VIEWS];
  char *ids;
  Query query;

  filter->search = g_strdup (text);
  sql = hl_inbox_filter_build_query (filter, HL_INBOX_VIEW_ALL, 1, &params);
  g_variant_ref_sink (params);
  query = (Query) { sql, params };
  ids = hl_store_run_sync (store, list_ids, &query, &error);
  g_assert_no_error (error);

  hl_store_count_inbox_async (store, filter, 1, NULL, hl_test_store_result, &result);
  g_assert_true (hl_store_count_inbox_finish (store, hl_test_wait_result (&result, 5000), counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts[HL_INBOX_VIEW_ALL], ==, list_length (store, filter, HL_INBOX_VIEW_ALL));
  g_assert_cmpint (counts[HL_INBOX_VIEW_MINE], ==, list_length (store, filter, HL_INBOX_VIEW_MINE));
  g_assert_cmpint (counts[HL_INBOX_VIEW_UNASSIGNED], ==, list_length (store, filter, HL_INBOX_VIEW_UNASSIGNED));

  return ids;
}

static void
assert_search (HlStore    *store,
               const char *text,
               const char *expected)
{
  g_autofree char *ids = search (store, text);

  g_assert_cmpstr (ids, ==, expected);
}

static gpointer
exec_sql (sqlite3        *db,
          gpointer        data,
          HlStoreTables  *changed,
          GError        **error)
{
  return hl_db_exec (db, data, error) ? GINT_TO_POINTER (1) : NULL;
}

static void
exec (HlStore    *store,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (hl_store_run_sync (store, exec_sql, (gpointer) sql, &error));
  g_assert_no_error (error);
}

/* conversation_words holds exactly the words of each conversation's messages: the same entries as
 * an index built afresh from the messages, whatever the triggers went through. */
static void
assert_words_exact (HlStore *store)
{
  exec (store,
        "CREATE VIRTUAL TABLE temp.expected_words USING fts5 ("
        "  body, content='', detail=none, columnsize=0, tokenize='unicode61 remove_diacritics 2');"
        "INSERT INTO temp.expected_words (rowid, body)"
        "  SELECT conversation_id, group_concat (body, ' ') FROM messages WHERE kind != 'activity'"
        "  GROUP BY conversation_id ORDER BY conversation_id;"
        "CREATE VIRTUAL TABLE temp.expected_vocab USING fts5vocab (temp, expected_words, instance);"
        "CREATE VIRTUAL TABLE temp.actual_vocab USING fts5vocab (main, conversation_words, instance);");
  g_assert_cmpint (hl_test_store_int64 (store, "SELECT count (*) FROM (SELECT term, doc FROM temp.actual_vocab"
                                               " EXCEPT SELECT term, doc FROM temp.expected_vocab)"), ==, 0);
  g_assert_cmpint (hl_test_store_int64 (store, "SELECT count (*) FROM (SELECT term, doc FROM temp.expected_vocab"
                                               " EXCEPT SELECT term, doc FROM temp.actual_vocab)"), ==, 0);
  exec (store, "DROP TABLE temp.actual_vocab; DROP TABLE temp.expected_vocab; DROP TABLE temp.expected_words;");
}

/* What the search finds: words of a conversation's messages (any order, in one message or in
 * several, the last one a prefix, without accents),
 * any part of the contact's name, email or phone and of the subject; and that it follows edits,
 * through the indexes' triggers, whoever writes. */
static void
test_inbox_query_search (void)
{
  g_autofree char *path = hl_test_temp_path ("inbox-search.db");
  g_autoptr(HlStore) store = hl_test_open_store (path);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (hl_store_run_sync (store, seed, NULL, &error));
  g_assert_no_error (error);
  exec (store, "INSERT INTO contacts (id, name, email, phone, created_at, updated_at)"
               " VALUES (1, 'Jürgen Krause', 'jk@example.org', '+49 151 2345678', 0, 0),"
               "        (2, 'Ana Ruiz', 'ana@ruiz.example', NULL, 0, 0)");
  exec (store, "UPDATE conversations SET contact_id = 1 WHERE id IN (1, 3)");
  exec (store, "UPDATE conversations SET contact_id = 2, subject = 'Invoice 2026-11 missing' WHERE id = 2");
  exec (store, "INSERT INTO messages (id, conversation_id, kind, body, created_at) VALUES"
               " (1, 1, 'incoming', 'Die Störung dauert an', 1),"
               " (2, 4, 'outgoing', 'The router was replaced yesterday', 2),"
               " (3, 4, 'activity', 'Assigned to Ana Ruiz', 3),"
               " (4, 2, 'note', 'Router shipped; waiting for \"tracking\"', 4)");

  assert_search (store, "storung", "1");
  assert_search (store, "replaced rou", "4");
  assert_words_exact (store);
  assert_search (store, "router  ", "4,2");
  assert_search (store, "assigned", "");
  /* Contacts and subjects: substrings, any case; resolved conversations stay out. */
  assert_search (store, "KRAUS", "1");
  assert_search (store, "2345", "1");
  assert_search (store, "uiz.exa", "2");
  assert_search (store, "e 2026-1", "2");
  /* Shorter than a trigram: a part of a contact or a subject, or the start of a word. */
  assert_search (store, "Kr", "1");
  assert_search (store, "11", "2");
  assert_search (store, "y", "4");
  /* FTS5 syntax is text. */
  assert_search (store, "\"tracking\"", "2");
  assert_search (store, "NOT OR *", "");
  /* Words, not phrases: the index keeps no positions. */
  assert_search (store, "router-was", "4");
  assert_search (store, "***", "");
  /* The words of one conversation may come from different messages. */
  exec (store, "INSERT INTO messages (id, conversation_id, kind, body, created_at) VALUES"
               " (5, 4, 'incoming', 'Still no dial tone', 5)");
  assert_search (store, "dial router", "4");
  assert_search (store, "dial storung", "");
  assert_words_exact (store);

  /* Edits, as sync and outbox write them. */
  exec (store, "UPDATE contacts SET name = 'Jürgen Maier' WHERE id = 1");
  assert_search (store, "krause", "");
  assert_search (store, "maier", "1");
  exec (store, "UPDATE conversations SET subject = NULL WHERE id = 2");
  assert_search (store, "invoice", "");
  exec (store, "UPDATE messages SET body = 'Modem replaced' WHERE id = 2");
  assert_search (store, "router", "2");
  assert_search (store, "modem", "4");
  /* The words' first characters follow them. */
  assert_search (store, "y", "");
  assert_search (store, "d", "4,1");
  assert_words_exact (store);
  /* A word two messages share stays while one of them does. */
  exec (store, "INSERT INTO messages (id, conversation_id, kind, body, created_at) VALUES"
               " (6, 2, 'outgoing', 'The router is on its way', 6)");
  exec (store, "DELETE FROM messages WHERE id = 4");
  assert_search (store, "router", "2");
  assert_search (store, "tracking", "");
  exec (store, "DELETE FROM messages WHERE id = 6");
  assert_search (store, "router", "");
  assert_words_exact (store);
  /* Moved to another conversation, turned into an activity line and back. */
  exec (store, "UPDATE messages SET conversation_id = 1 WHERE id = 5");
  assert_search (store, "dial", "1");
  assert_search (store, "d", "1");
  exec (store, "UPDATE messages SET kind = 'activity' WHERE id = 5");
  assert_search (store, "dial", "");
  exec (store, "UPDATE messages SET kind = 'note', body = 'Dial tone back' WHERE id = 5");
  assert_search (store, "dial", "1");
  assert_search (store, "storung tone", "1");
  assert_words_exact (store);
  /* Many messages in one statement, to conversations in turn, as a sync writes them. */
  exec (store, "INSERT INTO messages (conversation_id, kind, body, created_at)"
               " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
               " SELECT 1 + i % 2 * (i % 3), 'incoming', 'Batch ' || i || ' fibre', 10 + i FROM n");
  assert_search (store, "fibre", "2,1");
  exec (store, "DELETE FROM messages WHERE conversation_id = 2 AND body LIKE 'Batch%'");
  assert_search (store, "fibre", "1");
  assert_words_exact (store);
  /* An id far beyond the others (a writer may choose it) is found all the same. */
  exec (store, "INSERT INTO conversations (id, channel, status, created_at, last_activity_at)"
               " VALUES (100000000000, 'chat', 'open', 0, 5);"
               "INSERT INTO messages (conversation_id, kind, body, created_at) VALUES (100000000000, 'incoming', 'Fibre cut', 7)");
  assert_search (store, "fibre", "1,100000000000");
  exec (store, "DELETE FROM conversations WHERE id = 100000000000");
  /* A conversation's delete takes its messages' words with them. */
  exec (store, "DELETE FROM conversations WHERE id = 4");
  assert_search (store, "modem", "");
  exec (store, "DELETE FROM conversations WHERE id = 1");
  assert_search (store, "fibre", "");
  assert_words_exact (store);

  /* The indexes still agree with their tables. */
  exec (store, "INSERT INTO contacts_search (contacts_search) VALUES ('integrity-check')");
  exec (store, "INSERT INTO subjects_search (subjects_search) VALUES ('integrity-check')");
  exec (store, "INSERT INTO conversation_words (conversation_words) VALUES ('integrity-check')");
  g_assert_cmpint (hl_test_store_int64 (store, "SELECT count (*) FROM conversation_words WHERE conversation_words MATCH 'storung OR modem OR router'"), ==, 0);

  hl_store_close (store);
  g_unlink (path);
}

static void
test_inbox_query_sort (void)
{
  g_autoptr(HlInboxFilter) filter = hl_inbox_filter_new ();
  g_autoptr(GVariant) params = NULL;
  g_autofree char *by_priority = NULL;
  g_autofree char *by_waiting = NULL;

  filter->sort = HL_INBOX_SORT_PRIORITY;
  by_priority = hl_inbox_filter_build_query (filter, HL_INBOX_VIEW_ALL, 1, &params);
  g_variant_ref_sink (params);
  g_assert_nonnull (strstr (by_priority, "ORDER BY c.priority DESC"));
  g_clear_pointer (&params, g_variant_unref);

  filter->sort = HL_INBOX_SORT_WAITING;
  by_waiting = hl_inbox_filter_build_query (filter, HL_INBOX_VIEW_ALL, 1, &params);
  g_variant_ref_sink (params);
  g_assert_nonnull (strstr (by_waiting, "ORDER BY c.waiting_since IS NULL, c.waiting_since"));
}

static void
test_inbox_snooze_presets (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  /* A Wednesday afternoon. */
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 12, 2, 14, 20, 0);
  g_autoptr(GDateTime) later = g_date_time_new (utc, 2026, 12, 2, 18, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_new (utc, 2026, 12, 3, 9, 0, 0);
  g_autoptr(GDateTime) monday = g_date_time_new (utc, 2026, 12, 7, 9, 0, 0);
  g_autoptr(GDateTime) sunday = g_date_time_new (utc, 2026, 12, 6, 22, 0, 0);
  g_autoptr(GDateTime) next_monday = g_date_time_new (utc, 2026, 12, 14, 9, 0, 0);

  g_assert_cmpint (hl_inbox_snooze_until ("later-today", now), ==, g_date_time_to_unix (later));
  g_assert_cmpint (hl_inbox_snooze_until ("tomorrow", now), ==, g_date_time_to_unix (tomorrow));
  g_assert_cmpint (hl_inbox_snooze_until ("next-week", now), ==, g_date_time_to_unix (monday));
  g_assert_cmpint (hl_inbox_snooze_until ("next-week", sunday), ==, g_date_time_to_unix (monday));
  g_assert_cmpint (hl_inbox_snooze_until ("next-week", monday), ==, g_date_time_to_unix (next_monday));
  g_assert_cmpint (hl_inbox_snooze_until ("someday", now), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/inbox-query/filters", test_inbox_query_filters);
  g_test_add_func ("/inbox-query/search", test_inbox_query_search);
  g_test_add_func ("/inbox-query/sort", test_inbox_query_sort);
  g_test_add_func ("/inbox-query/snooze-presets", test_inbox_snooze_presets);

  return g_test_run ();
}

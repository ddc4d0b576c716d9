/* test-store-schema.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-store-db.h"
#include "hl-store-schema.h"
#include "hl-test-utils.h"

/* Every earlier schema version, with data in it, must open and migrate to the latest without
 * losing a row. */

static void
seed_version (sqlite3 *db,
              int      version)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_store_schema_migrate (db, version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hl_store_schema_version (db, NULL), ==, version);

  if (version < 1)
    return;

  /* Version 1 tables, written with plain SQL as that version's code would have. */
  g_assert_true (hl_db_exec (db,
    "INSERT INTO agents (id, name, is_me) VALUES (1, 'Ana Ruiz', 1);"
    "INSERT INTO contacts (id, name, phone, phone_key, created_at, updated_at)"
    "  VALUES (1, 'Jürgen Krause', '+49 151 2345678', '+491512345678', 10, 10);"
    "INSERT INTO conversations (id, channel, status, contact_id, assignee_id, created_at, last_activity_at)"
    "  VALUES (1, 'email', 'open', 1, 1, 20, 30);"
    "INSERT INTO conversation_labels VALUES (1, 'outage');"
    "INSERT INTO messages (id, conversation_id, kind, body, created_at)"
    "  VALUES (1, 1, 'incoming', 'Störung seit gestern Abend', 30);"
    "INSERT INTO messages (id, conversation_id, kind, body, created_at)"
    "  VALUES (2, 1, 'activity', 'Assigned to Ana Ruiz', 31);"
    "INSERT INTO calls (id, contact_id, direction, remote_uri, started_at, result)"
    "  VALUES (1, 1, 'incoming', '+491512345678', 40, 'missed');"
    "INSERT INTO articles (id, locale, title, body, updated_at)"
    "  VALUES (1, 'de', 'Störung melden', 'So melden Sie eine Störung.', 50);"
    "INSERT INTO outbox (backend, operation, payload, created_at) VALUES ('chatwoot', 'message.create', '{}', 60);",
    &error));
  g_assert_no_error (error);
}

static gpointer
check_data (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  int from = GPOINTER_TO_INT (data);

  g_assert_cmpint (hl_store_schema_version (db, NULL), ==, hl_store_schema_latest ());
  /* v5: the inbox list's index. */
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM sqlite_master WHERE name = 'conversations_by_activity'",
                                      NULL), ==, 1);

  if (from >= 1)
    {
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM agents", NULL), ==, 1);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM conversation_labels", NULL), ==, 1);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM messages", NULL), ==, 2);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM calls", NULL), ==, 1);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM outbox", NULL), ==, 1);
      /* v4 put the entries that were there in queues of their own target (here none: the entry's id). */
      if (from < 4)
        g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM outbox WHERE queue = 'message:' || id"
                                                " AND attempted_at IS NULL", NULL), ==, 1);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM articles_fts WHERE articles_fts MATCH 'storung'",
                                          NULL), ==, 1);
      /* The words of the messages that were already there are indexed under their conversation
       * (v7; v6 had message_words, v2 messages_fts), but not activity lines; and so are contacts
       * and subjects, by substring. */
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT max (rowid) FROM conversation_words WHERE conversation_words MATCH 'storung'",
                                          NULL), ==, 1);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM conversation_words WHERE conversation_words MATCH 'assigned'",
                                          NULL), ==, 0);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM sqlite_master WHERE name = 'message_words'",
                                          NULL), ==, 0);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM contacts_search WHERE contacts_search MATCH '\"2345\"'",
                                          NULL), ==, 1);
      g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM sqlite_master WHERE name = 'messages_fts'",
                                          NULL), ==, 0);
    }

  /* The latest schema works for new rows too. */
  g_assert_true (hl_db_exec (db,
    "INSERT INTO conversations (channel, created_at, last_activity_at) VALUES ('chat', 1, 1);"
    "INSERT INTO messages (conversation_id, kind, body, created_at) VALUES (last_insert_rowid (), 'incoming', 'hola', 1);"
    "INSERT INTO drafts (conversation_id, body, updated_at) SELECT max (id), 'borrador', 1 FROM conversations;"
    "INSERT INTO reference_items (kind, remote_id, key, name) VALUES ('label', '3', 'billing', 'billing');",
    error));
  g_assert_true (hl_db_outbox_add (db, "chatwoot", "conversation.status", 7, "{}", error));
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM outbox WHERE queue = 'conversation:7'", NULL), ==, 1);
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM conversation_words WHERE conversation_words MATCH 'hola'",
                                      NULL), ==, 1);
  /* v7: the list's index covers the search's contact test too; short text scans the subjects'
   * index; one character is a prefix the words' index keeps. */
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM sqlite_master WHERE name = 'conversations_by_subject'",
                                      NULL), ==, 1);
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM conversation_words WHERE conversation_words MATCH 'h*'",
                                      NULL), ==, 1);
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM pragma_index_info ('conversations_by_activity')"
                                          " WHERE name = 'contact_id'", NULL), ==, 1);

  return GINT_TO_POINTER (TRUE);
}

static void
test_migrate_from (gconstpointer data)
{
  int from = GPOINTER_TO_INT (data);
  g_autofree char *name = g_strdup_printf ("schema-%d.db", from);
  g_autofree char *path = hl_test_temp_path (name);
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  seed_version (db, from);
  sqlite3_close (db);

  store = hl_test_open_store (path);
  g_assert_true (hl_store_run_sync (store, check_data, GINT_TO_POINTER (from), &error));
  g_assert_no_error (error);
  hl_store_close (store);
}

static void
test_migrations_are_transactional (void)
{
  g_autofree char *path = hl_test_temp_path ("half.db");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* A table in the way makes migration 2 fail: the file must stay at version 1, untouched. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (hl_store_schema_migrate (db, 1, NULL));
  g_assert_true (hl_db_exec (db, "CREATE TABLE drafts (x)", NULL));
  g_assert_false (hl_store_schema_migrate (db, -1, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_FAILED);
  g_assert_cmpint (hl_store_schema_version (db, NULL), ==, 1);
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count (*) FROM sqlite_master WHERE name = 'messages_fts'", NULL), ==, 0);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (int v = 0; v < hl_store_schema_latest (); v++)
    {
      g_autofree char *name = g_strdup_printf ("/store-schema/migrate-from/%d", v);
      g_test_add_data_func (name, GINT_TO_POINTER (v), test_migrate_from);
    }
  g_test_add_func ("/store-schema/transactional", test_migrations_are_transactional);

  return g_test_run ();
}

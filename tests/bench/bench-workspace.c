/* bench-workspace.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "hl-store-private.h"

#include "bench-workspace.h"

/* The benchmarks' big workspace: agents (the first one is "me"), a contact for every two
 * conversations, conversations spread over channels, inboxes, statuses (60 % resolved),
 * priorities, assignees and labels, and messages spread over the conversations, each mentioning
 * "the router" and one of 5,000 case numbers. */

static gpointer
fill (sqlite3        *db,
      gpointer        data,
      HlStoreTables  *changed,
      GError        **error)
{
  gint64 n_conversations = ((gint64 *) data)[0];
  gint64 n_messages = ((gint64 *) data)[1];
  g_autofree char *sql = g_strdup_printf (
    "BEGIN;"
    "CREATE TEMP TABLE numbers (value INTEGER PRIMARY KEY);"
    "INSERT INTO numbers WITH RECURSIVE s (value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s"
    "  WHERE value < max (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")) SELECT value FROM s;"
    "INSERT INTO agents (id, name, is_me) VALUES (1, 'Me', 1);"
    "INSERT INTO agents (id, name) SELECT value, 'Agent ' || value FROM numbers WHERE value BETWEEN 2 AND 40;"
    "INSERT INTO contacts (id, name, phone, email, created_at, updated_at)"
    "  SELECT value, 'Customer ' || value, '+1555' || value, 'c' || value || '@example.com', 0, 0"
    "  FROM numbers WHERE value <= %" G_GINT64_FORMAT " / 2;"
    "INSERT INTO conversations (id, channel, inbox, status, priority, assignee_id, contact_id, unread,"
    "                           created_at, last_activity_at, waiting_since, preview)"
    "  SELECT value, CASE value %% 3 WHEN 0 THEN 'phone' WHEN 1 THEN 'chat' ELSE 'email' END,"
    "         'Inbox ' || (value %% 7),"
    "         CASE WHEN value %% 10 < 6 THEN 'resolved' WHEN value %% 10 < 8 THEN 'open'"
    "              WHEN value %% 10 = 8 THEN 'pending' ELSE 'snoozed' END,"
    "         value %% 5, CASE WHEN value %% 4 = 0 THEN NULL ELSE 1 + value %% 39 END,"
    "         1 + value %% (%" G_GINT64_FORMAT " / 2), value %% 3,"
    "         1700000000 + value, 1700000000 + value * 7 %% 1000003,"
    "         CASE WHEN value %% 2 = 0 THEN 1700000000 + value %% 99991 END, 'Preview ' || value"
    "  FROM numbers WHERE value <= %" G_GINT64_FORMAT ";"
    "INSERT INTO conversation_labels (conversation_id, label)"
    "  SELECT value, 'label-' || (value / 3 %% 12) FROM numbers WHERE value <= %" G_GINT64_FORMAT " AND value %% 3 = 0;"
    "INSERT INTO messages (conversation_id, kind, body, created_at)"
    "  SELECT 1 + value %% %" G_GINT64_FORMAT ", CASE WHEN value %% 2 = 0 THEN 'incoming' ELSE 'outgoing' END,"
    "         'Message ' || value || ' about the router, case ' || (value %% 5000), 1700000000 + value"
    "  FROM numbers WHERE value <= %" G_GINT64_FORMAT ";"
    "COMMIT;"
    "ANALYZE;",
    n_conversations, n_messages,
    n_conversations, n_conversations, n_conversations, n_conversations, n_conversations, n_messages);

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return NULL;
    }

  return GINT_TO_POINTER (1);
}

gboolean
bench_workspace_fill (HlStore  *store,
                      gint64    n_conversations,
                      gint64    n_messages,
                      GError  **error)
{
  gint64 counts[2] = { n_conversations, n_messages };

  return hl_store_run_sync (store, fill, counts, error) != NULL;
}

static gpointer
add_thread (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  gint64 *args = data;
  g_autofree char *sql = NULL;
  gint64 id;

  /* The newest unresolved conversation, made newer still: the first row of the All view. */
  id = hl_db_query_int64 (db, "SELECT id FROM conversations WHERE status != 'resolved'"
                              " ORDER BY last_activity_at DESC, id DESC LIMIT 1", error);
  if (id <= 0)
    return NULL;

  sql = g_strdup_printf ("BEGIN;"
                         "INSERT INTO messages (conversation_id, kind, body, created_at)"
                         "  WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %" G_GINT64_FORMAT ")"
                         "  SELECT %" G_GINT64_FORMAT ", CASE i %% 3 WHEN 0 THEN 'outgoing' ELSE 'incoming' END,"
                         "         'Thread message ' || i || ': the router restarts every ' || (i %% 50) || ' minutes',"
                         "         1800000000 + i FROM n;"
                         "UPDATE conversations SET last_activity_at = 1800000000 + %" G_GINT64_FORMAT ","
                         "  message_count = message_count + %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT ";"
                         "COMMIT;",
                         args[0], id, args[0], args[0], id);
  if (!hl_db_exec (db, sql, error))
    return NULL;

  args[1] = id;
  return GINT_TO_POINTER (1);
}

/* Adds a thread of @n_messages to the first conversation of the All view; returns its id. */
gint64
bench_workspace_add_thread (HlStore  *store,
                            gint64    n_messages,
                            GError  **error)
{
  gint64 args[2] = { n_messages, 0 };

  if (hl_store_run_sync (store, add_thread, args, error) == NULL)
    return 0;

  return args[1];
}

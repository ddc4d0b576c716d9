/* hl-store-call-log.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-store-call-log.h"
#include "hl-store-private.h"

typedef struct
{
  gint64  entry_id;
  gint64  call_id;
  char   *payload;
  char   *contact;
  char   *conversation;
  char   *message;
} ProgressJob;

static void
progress_job_free (gpointer data)
{
  ProgressJob *job = data;

  g_free (job->payload);
  g_free (job->contact);
  g_free (job->conversation);
  g_free (job->message);
  g_free (job);
}

/* Runs @sql with ?1 = @a, ?2 = @b and ?3 = @text, as far as it names them. */
static gboolean
exec (sqlite3     *db,
      const char  *sql,
      gint64       a,
      gint64       b,
      const char  *text,
      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, sql, error);
  int n;

  if (stmt == NULL)
    return FALSE;

  n = sqlite3_bind_parameter_count (stmt);
  sqlite3_bind_int64 (stmt, 1, a);
  if (n >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  if (n >= 3)
    hl_db_bind_text (stmt, 3, text);

  return hl_db_step_done (db, stmt, error);
}

/* The local row of @table with @remote_id, or 0. */
static gint64
find_remote (sqlite3     *db,
             const char  *table,
             const char  *remote_id,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE remote_id = ?1", table);
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, sql, error);

  if (stmt == NULL)
    return -1;
  hl_db_bind_text (stmt, 1, remote_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
map_contact (sqlite3     *db,
             gint64       call_id,
             gint64       local,
             const char  *remote_id,
             GError     **error)
{
  gint64 synced = find_remote (db, "contacts", remote_id, error);

  if (synced < 0)
    return FALSE;

  if (synced == 0 || synced == local)
    return exec (db, "UPDATE contacts SET remote_id = ?3, rev = rev + 1 WHERE id = ?1 AND remote_id IS NULL",
                 local, 0, remote_id, error);

  /* The sync knows this customer already: the call and its conversation are theirs, and the row
   * the call made for an unknown number goes when nothing else uses it. */
  return exec (db, "UPDATE calls SET contact_id = ?2, rev = rev + 1 WHERE id = ?1", call_id, synced, NULL, error) &&
         exec (db, "UPDATE conversations SET contact_id = ?2, rev = rev + 1"
                   " WHERE id = (SELECT conversation_id FROM calls WHERE id = ?1)", call_id, synced, NULL, error) &&
         exec (db, "DELETE FROM contacts WHERE id = ?1 AND remote_id IS NULL"
                   " AND NOT EXISTS (SELECT 1 FROM conversations WHERE contact_id = ?1)"
                   " AND NOT EXISTS (SELECT 1 FROM calls WHERE contact_id = ?1)", local, 0, NULL, error);
}

static gboolean
map_conversation (sqlite3     *db,
                  gint64       local,
                  const char  *remote_id,
                  GError     **error)
{
  gint64 synced = find_remote (db, "conversations", remote_id, error);

  if (synced < 0)
    return FALSE;

  if (synced == 0 || synced == local)
    return exec (db, "UPDATE conversations SET remote_id = ?3, rev = rev + 1 WHERE id = ?1 AND remote_id IS NULL",
                 local, 0, remote_id, error);

  /* The call went into a conversation the sync already has (reused, or its realtime event came
   * first): the call's lines move there, its own row goes. */
  return exec (db, "UPDATE messages SET conversation_id = ?2, rev = rev + 1 WHERE conversation_id = ?1",
               local, synced, NULL, error) &&
         exec (db, "UPDATE calls SET conversation_id = ?2, rev = rev + 1 WHERE conversation_id = ?1",
               local, synced, NULL, error) &&
         exec (db, "UPDATE conversations SET last_activity_at = max (last_activity_at,"
                   " (SELECT last_activity_at FROM conversations WHERE id = ?1)), rev = rev + 1 WHERE id = ?2",
               local, synced, NULL, error) &&
         exec (db, "DELETE FROM conversations WHERE id = ?1 AND remote_id IS NULL", local, 0, NULL, error);
}

static gboolean
map_message (sqlite3     *db,
             gint64       call_id,
             const char  *remote_id,
             GError     **error)
{
  gint64 synced = find_remote (db, "messages", remote_id, error);
  const char *activity = "SELECT m.id FROM messages m JOIN calls k ON k.conversation_id = m.conversation_id"
                         " WHERE k.id = ?1 AND m.kind = 'activity' AND m.remote_id IS NULL"
                         " AND m.created_at = coalesce (k.ended_at, k.started_at) ORDER BY m.id DESC LIMIT 1";
  g_autofree char *update = g_strdup_printf ("UPDATE messages SET remote_id = ?3, rev = rev + 1 WHERE id = (%s)", activity);
  g_autofree char *drop = g_strdup_printf ("DELETE FROM messages WHERE id = (%s)", activity);

  if (synced < 0)
    return FALSE;

  /* The call's activity line is the posted message: it gets its id, so the sync updates it rather
   * than adding it again; if the sync stored it first, that copy stands for it. */
  return exec (db, "UPDATE calls SET remote_id = ?3, rev = rev + 1 WHERE id = ?1 AND remote_id IS NULL",
               call_id, 0, remote_id, error) &&
         exec (db, synced > 0 ? drop : update, call_id, 0, remote_id, error);
}

static gpointer
record_progress (sqlite3        *db,
                 gpointer        data,
                 HlStoreTables  *changed,
                 GError        **error)
{
  ProgressJob *job = data;
  g_autoptr(sqlite3_stmt) call = NULL;
  gint64 contact = 0, conversation = 0;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!exec (db, "UPDATE outbox SET payload = ?3 WHERE id = ?1", job->entry_id, 0, job->payload, error) ||
      !(call = hl_db_prepare (db, "SELECT coalesce (contact_id, 0), coalesce (conversation_id, 0)"
                                  " FROM calls WHERE id = ?1", error)))
    goto failed;

  sqlite3_bind_int64 (call, 1, job->call_id);
  if (sqlite3_step (call) == SQLITE_ROW)
    {
      contact = sqlite3_column_int64 (call, 0);
      conversation = sqlite3_column_int64 (call, 1);
    }

  if ((job->contact != NULL && contact > 0 && !map_contact (db, job->call_id, contact, job->contact, error)) ||
      (job->conversation != NULL && conversation > 0 && !map_conversation (db, conversation, job->conversation, error)) ||
      (job->message != NULL && !map_message (db, job->call_id, job->message, error)) ||
      !hl_db_commit (db, error))
    goto failed;

  *changed |= HL_STORE_TABLE_OUTBOX;
  if (job->contact != NULL || job->conversation != NULL || job->message != NULL)
    *changed |= HL_STORE_TABLE_CALLS | HL_STORE_TABLE_CONTACTS | HL_STORE_TABLE_CONVERSATIONS |
                HL_STORE_TABLE_MESSAGES;

  return GINT_TO_POINTER (TRUE);

failed:
  hl_db_rollback (db);
  return NULL;
}

void
hl_store_call_log_progress_async (HlStore             *self,
                                  gint64               entry_id,
                                  gint64               call_id,
                                  const char          *payload,
                                  const char          *contact_remote_id,
                                  const char          *conversation_remote_id,
                                  const char          *message_remote_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ProgressJob *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (payload != NULL);

  job = g_new0 (ProgressJob, 1);
  job->entry_id = entry_id;
  job->call_id = call_id;
  job->payload = g_strdup (payload);
  job->contact = g_strdup (contact_remote_id);
  job->conversation = g_strdup (conversation_remote_id);
  job->message = g_strdup (message_remote_id);

  hl_store_run_async (self, record_progress, job, progress_job_free, NULL, cancellable, callback, user_data);
}

gboolean
hl_store_call_log_progress_finish (HlStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return hl_store_run_finish (self, result, error) != NULL;
}

/* hl-store-outbox.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hl-store-outbox.h"
#include "hl-store-private.h"
#include "hl-store-sync.h"

void
hl_outbox_entry_free (HlOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->operation);
  g_free (entry->payload);
  g_free (entry->target_remote_id);
  g_free (entry->echo_id);
  g_free (entry->body);
  g_free (entry->attachments);
  g_free (entry->message_remote_id);
  g_strfreev (entry->claimed_remote_ids);
  g_free (entry);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static gboolean
is_message (const char *operation)
{
  return g_str_has_prefix (operation, "message.");
}

/* Taking */

typedef struct
{
  char *backend;
  char *operations;   /* a JSON array, for json_each () */
} TakeJob;

typedef struct
{
  HlOutboxEntry *entry;
  gint64         next_due;
} TakeResult;

static void
take_job_free (gpointer data)
{
  TakeJob *job = data;

  g_free (job->backend);
  g_free (job->operations);
  g_free (job);
}

static void
take_result_free (gpointer data)
{
  TakeResult *result = data;

  hl_outbox_entry_free (result->entry);
  g_free (result);
}

/* The remote ids the entry's request needs, and for a message its row. */
static gboolean
resolve_target (sqlite3        *db,
                HlOutboxEntry  *entry,
                GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;

  if (is_message (entry->operation))
    sql = "SELECT c.remote_id, m.conversation_id, m.echo_id, m.body, m.kind = 'note', m.remote_id, m.attachments"
          " FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1";
  else if (g_str_has_prefix (entry->operation, "conversation."))
    sql = "SELECT remote_id FROM conversations WHERE id = ?1";
  else if (g_str_has_prefix (entry->operation, "contact."))
    sql = "SELECT remote_id FROM contacts WHERE id = ?1";
  else if (g_str_has_prefix (entry->operation, "agent."))
    sql = "SELECT remote_id FROM agents WHERE id = ?1";
  else
    return TRUE;

  if (!(stmt = hl_db_prepare (db, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->target_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;   /* the row is gone: the sender refuses the entry */

  entry->target_remote_id = column_dup (stmt, 0);
  if (!is_message (entry->operation))
    return TRUE;

  entry->conversation_id = sqlite3_column_int64 (stmt, 1);
  entry->echo_id = column_dup (stmt, 2);
  entry->body = column_dup (stmt, 3);
  entry->is_note = sqlite3_column_int (stmt, 4);
  entry->message_remote_id = column_dup (stmt, 5);
  entry->attachments = column_dup (stmt, 6);

  /* After an attempt that may have arrived, the sender looks for the message on the server among
   * those that no other message sent from here (a row with an echo_id) is known to be. A row the
   * sync stored without an echo_id may well be this very message: it does not count. */
  if (entry->attempts > 0)
    {
      g_autoptr(sqlite3_stmt) claimed = NULL;
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      if (!(claimed = hl_db_prepare (db, "SELECT remote_id FROM messages WHERE conversation_id = ?1"
                                         " AND remote_id IS NOT NULL AND echo_id IS NOT NULL AND id != ?2", error)))
        return FALSE;
      sqlite3_bind_int64 (claimed, 1, entry->conversation_id);
      sqlite3_bind_int64 (claimed, 2, entry->target_id);
      while (sqlite3_step (claimed) == SQLITE_ROW)
        g_ptr_array_add (ids, column_dup (claimed, 0));
      g_ptr_array_add (ids, NULL);
      entry->claimed_remote_ids = (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
    }

  return TRUE;
}

static gpointer
take_next (sqlite3        *db,
           gpointer        data,
           HlStoreTables  *changed,
           GError        **error)
{
  TakeJob *job = data;
  g_autoptr(sqlite3_stmt) heads = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autofree TakeResult *result = g_new0 (TakeResult, 1);
  g_autoptr(HlOutboxEntry) entry = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!hl_db_begin (db, error))
    return NULL;

  /* The head of each queue: nothing older in its queue, whatever its state. */
  heads = hl_db_prepare (db,
                         "SELECT o.id, o.operation, o.target_id, o.payload, o.attempts, o.attempted_at,"
                         /* A call's log also waits for the agent's wrap-up (hl-store-wrap-up.c). */
                         "       max (coalesce (o.next_attempt_at, 0),"
                         "            CASE WHEN json_valid (o.payload) THEN coalesce (json_extract (o.payload, '$.hold_until'), 0)"
                         "                 ELSE 0 END)"
                         " FROM outbox o WHERE o.backend = ?1 AND o.state = 'pending'"
                         "  AND o.operation IN (SELECT value FROM json_each (?2))"
                         "  AND NOT EXISTS (SELECT 1 FROM outbox p"
                         "                  WHERE p.backend = o.backend AND p.queue = o.queue AND p.id < o.id)"
                         " ORDER BY o.id",
                         error);
  if (heads == NULL)
    goto failed;
  hl_db_bind_text (heads, 1, job->backend);
  hl_db_bind_text (heads, 2, job->operations);

  while (sqlite3_step (heads) == SQLITE_ROW)
    {
      gint64 due = sqlite3_column_int64 (heads, 6);

      if (due > now)
        {
          if (result->next_due == 0 || due < result->next_due)
            result->next_due = due;
          continue;
        }

      entry = g_new0 (HlOutboxEntry, 1);
      entry->id = sqlite3_column_int64 (heads, 0);
      entry->operation = column_dup (heads, 1);
      entry->target_id = sqlite3_column_int64 (heads, 2);
      entry->payload = column_dup (heads, 3);
      entry->attempts = sqlite3_column_int (heads, 4);
      entry->attempted_at = sqlite3_column_type (heads, 5) == SQLITE_NULL ? now : sqlite3_column_int64 (heads, 5);
      break;
    }

  if (entry == NULL)
    {
      hl_db_rollback (db);
      return g_steal_pointer (&result);
    }

  if (!resolve_target (db, entry, error))
    goto failed;

  /* Recorded before the request goes out: after a crash, this entry is known to be in doubt. */
  if (!(count = hl_db_prepare (db, "UPDATE outbox SET attempts = attempts + 1, attempted_at = ?2 WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (count, 1, entry->id);
  sqlite3_bind_int64 (count, 2, entry->attempted_at);
  if (!hl_db_step_done (db, count, error) || !hl_db_commit (db, error))
    goto failed;

  result->entry = g_steal_pointer (&entry);
  return g_steal_pointer (&result);

failed:
  hl_db_rollback (db);
  return NULL;
}

void
hl_store_outbox_take_async (HlStore             *self,
                            const char          *backend,
                            const char * const  *operations,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  TakeJob *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (backend != NULL);
  g_return_if_fail (operations != NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; operations[i] != NULL; i++)
    json_builder_add_string_value (builder, operations[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  job = g_new0 (TakeJob, 1);
  job->backend = g_strdup (backend);
  job->operations = json_to_string (root, FALSE);

  hl_store_run_async (self, take_next, job, take_job_free, take_result_free, cancellable, callback, user_data);
}

HlOutboxEntry *
hl_store_outbox_take_finish (HlStore       *self,
                             GAsyncResult  *result,
                             gint64        *next_due,
                             GError       **error)
{
  TakeResult *taken = hl_store_run_finish (self, result, error);
  HlOutboxEntry *entry;

  if (next_due != NULL)
    *next_due = taken ? taken->next_due : 0;
  if (taken == NULL)
    return NULL;

  entry = g_steal_pointer (&taken->entry);
  take_result_free (taken);
  return entry;
}

/* Recording the outcome */

typedef enum
{
  OUTCOME_DONE,
  OUTCOME_RESCHEDULE,
  OUTCOME_FAIL,
  OUTCOME_RETRY,
} Outcome;

typedef struct
{
  Outcome  outcome;
  gint64   entry_id;   /* 0: the entry that sends message @message_id */
  gint64   message_id;
  char    *text;       /* remote id or reason */
  char    *attachments;
  gint64   time;
} OutcomeJob;

static void
outcome_job_free (gpointer data)
{
  OutcomeJob *job = data;

  g_free (job->text);
  g_free (job->attachments);
  g_free (job);
}

static gboolean
run_sql (sqlite3     *db,
         const char  *sql,
         gint64       id,
         const char  *text,
         gint64       time,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  /* Each statement uses the parameters it names: ?1 the row, ?2 the text, ?3 the time. */
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    hl_db_bind_text (stmt, 2, text);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, time);

  return hl_db_step_done (db, stmt, error);
}

static gboolean
record_done (sqlite3     *db,
             OutcomeJob  *job,
             gboolean     message,
             gint64       target_id,
             GError     **error)
{
  if (message && job->text != NULL)
    {
      /* Contract with the sync engine: the row written here carries the echo_id, and whoever
       * learns the server's id first (this answer or the realtime echo) sets remote_id on it. A
       * copy inserted without the echo would be the same message twice: it goes. */
      if (!run_sql (db, "DELETE FROM messages WHERE remote_id = ?2 AND id != ?1 AND echo_id IS NULL",
                    target_id, job->text, 0, error) ||
          !run_sql (db, "UPDATE messages SET remote_id = coalesce (remote_id, ?2), delivery = 'sent', error = NULL,"
                        " rev = rev + 1 WHERE id = ?1 AND (remote_id IS NULL OR delivery IN ('pending', 'failed'))",
                    target_id, job->text, 0, error))
        return FALSE;
      /* The files as the server keeps them, in place of the local ones the row showed. */
      if (job->attachments != NULL &&
          !run_sql (db, "UPDATE messages SET attachments = ?2, rev = rev + 1 WHERE id = ?1",
                    target_id, job->attachments, 0, error))
        return FALSE;
    }
  else if (message &&
           !run_sql (db, "UPDATE messages SET delivery = 'sent', error = NULL, rev = rev + 1"
                         " WHERE id = ?1 AND delivery IN ('pending', 'failed')", target_id, NULL, 0, error))
    return FALSE;

  return run_sql (db, "DELETE FROM outbox WHERE id = ?1", job->entry_id, NULL, 0, error);
}

static gpointer
record_outcome (sqlite3        *db,
                gpointer        data,
                HlStoreTables  *changed,
                GError        **error)
{
  OutcomeJob *job = data;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autofree char *operation = NULL;
  gboolean message;
  gint64 target_id;
  gboolean ok = FALSE;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!(find = hl_db_prepare (db, "SELECT id, operation, target_id FROM outbox WHERE id = ?1"
                                  " OR (?1 = 0 AND operation = 'message.send' AND target_id = ?2)", error)))
    goto failed;
  sqlite3_bind_int64 (find, 1, job->entry_id);
  sqlite3_bind_int64 (find, 2, job->message_id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND,
                   "Outbox entry %" G_GINT64_FORMAT " does not exist", job->entry_id);
      goto failed;
    }
  job->entry_id = sqlite3_column_int64 (find, 0);
  operation = column_dup (find, 1);
  target_id = sqlite3_column_int64 (find, 2);
  message = is_message (operation);

  switch (job->outcome)
    {
    case OUTCOME_DONE:
      ok = record_done (db, job, message, target_id, error);
      break;

    case OUTCOME_RESCHEDULE:
      ok = run_sql (db, "UPDATE outbox SET next_attempt_at = ?3, last_error = ?2 WHERE id = ?1",
                    job->entry_id, job->text, job->time, error);
      break;

    case OUTCOME_FAIL:
      ok = run_sql (db, "UPDATE outbox SET state = 'failed', last_error = ?2 WHERE id = ?1",
                    job->entry_id, job->text, 0, error) &&
           (!message ||
            run_sql (db, "UPDATE messages SET delivery = 'failed', error = ?2, rev = rev + 1 WHERE id = ?1",
                     target_id, job->text, 0, error));
      break;

    case OUTCOME_RETRY:
      ok = run_sql (db, "UPDATE outbox SET state = 'pending', next_attempt_at = NULL, last_error = NULL WHERE id = ?1",
                    job->entry_id, NULL, 0, error) &&
           (!message ||
            run_sql (db, "UPDATE messages SET delivery = 'pending', error = NULL, rev = rev + 1"
                         " WHERE id = ?1 AND delivery = 'failed'", target_id, NULL, 0, error));
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok || !hl_db_commit (db, error))
    goto failed;

  /* A new due time changes no count and nothing shown: the sender schedules itself. */
  if (job->outcome != OUTCOME_RESCHEDULE)
    {
      *changed |= HL_STORE_TABLE_OUTBOX;
      if (message)
        *changed |= HL_STORE_TABLE_MESSAGES;
    }

  return GINT_TO_POINTER (TRUE);

failed:
  hl_db_rollback (db);
  return NULL;
}

static void
run_outcome (HlStore             *self,
             Outcome              outcome,
             gint64               entry_id,
             const char          *text,
             gint64               time,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  OutcomeJob *job = g_new0 (OutcomeJob, 1);

  job->outcome = outcome;
  job->entry_id = entry_id;
  job->text = g_strdup (text);
  job->time = time;

  hl_store_run_async (self, record_outcome, job, outcome_job_free, NULL, cancellable, callback, user_data);
}

void
hl_store_outbox_done_async (HlStore             *self,
                            gint64               entry_id,
                            const char          *remote_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  hl_store_outbox_done_with_attachments_async (self, entry_id, remote_id, NULL, cancellable, callback, user_data);
}

/* The same for a message.send entry whose message has files: @attachments (a JSON array, as the
 * server keeps them) replaces the local files on the row. */
void
hl_store_outbox_done_with_attachments_async (HlStore             *self,
                                             gint64               entry_id,
                                             const char          *remote_id,
                                             const char          *attachments,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  OutcomeJob *job;

  g_return_if_fail (HL_IS_STORE (self));

  job = g_new0 (OutcomeJob, 1);
  job->outcome = OUTCOME_DONE;
  job->entry_id = entry_id;
  job->text = g_strdup (remote_id);
  job->attachments = g_strdup (attachments);

  hl_store_run_async (self, record_outcome, job, outcome_job_free, NULL, cancellable, callback, user_data);
}

void
hl_store_outbox_reschedule_async (HlStore             *self,
                                  gint64               entry_id,
                                  gint64               next_attempt_at,
                                  const char          *reason,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));

  run_outcome (self, OUTCOME_RESCHEDULE, entry_id, reason, next_attempt_at, cancellable, callback, user_data);
}

void
hl_store_outbox_fail_async (HlStore             *self,
                            gint64               entry_id,
                            const char          *reason,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (reason != NULL);

  run_outcome (self, OUTCOME_FAIL, entry_id, reason, 0, cancellable, callback, user_data);
}

void
hl_store_outbox_retry_async (HlStore             *self,
                             gint64               entry_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));

  run_outcome (self, OUTCOME_RETRY, entry_id, NULL, 0, cancellable, callback, user_data);
}

static gpointer
wake (sqlite3        *db,
      gpointer        data,
      HlStoreTables  *changed,
      GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, "UPDATE outbox SET next_attempt_at = NULL"
                                                    " WHERE backend = ?1 AND state = 'pending' AND next_attempt_at IS NOT NULL",
                                                error);

  if (stmt == NULL)
    return NULL;
  hl_db_bind_text (stmt, 1, data);
  if (!hl_db_step_done (db, stmt, error))
    return NULL;

  if (sqlite3_changes (db) > 0)
    *changed |= HL_STORE_TABLE_OUTBOX;
  return GINT_TO_POINTER (TRUE);
}

void
hl_store_outbox_wake_async (HlStore             *self,
                            const char          *backend,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (backend != NULL);

  hl_store_run_async (self, wake, g_strdup (backend), g_free, NULL, cancellable, callback, user_data);
}

/* The Retry of a failed reply or note, by its message row. */
void
hl_store_outbox_retry_message_async (HlStore             *self,
                                     gint64               message_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  OutcomeJob *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (message_id > 0);

  job = g_new0 (OutcomeJob, 1);
  job->outcome = OUTCOME_RETRY;
  job->message_id = message_id;

  hl_store_run_async (self, record_outcome, job, outcome_job_free, NULL, cancellable, callback, user_data);
}

gboolean
hl_store_outbox_finish (HlStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return hl_store_run_finish (self, result, error) != NULL;
}

/* Counting */

static gpointer
count_entries (sqlite3        *db,
               gpointer        data,
               HlStoreTables  *changed,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint *counts = g_new0 (guint, 2);

  stmt = hl_db_prepare (db, "SELECT count (*) FILTER (WHERE state = 'pending'), count (*) FILTER (WHERE state = 'failed')"
                            " FROM outbox WHERE backend = ?1", error);
  if (stmt == NULL)
    {
      g_free (counts);
      return NULL;
    }
  hl_db_bind_text (stmt, 1, data);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      counts[0] = sqlite3_column_int (stmt, 0);
      counts[1] = sqlite3_column_int (stmt, 1);
    }

  return counts;
}

void
hl_store_outbox_count_async (HlStore             *self,
                             const char          *backend,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (backend != NULL);

  hl_store_run_async (self, count_entries, g_strdup (backend), g_free, g_free, cancellable, callback, user_data);
}

gboolean
hl_store_outbox_count_finish (HlStore       *self,
                              GAsyncResult  *result,
                              guint         *pending,
                              guint         *failed,
                              GError       **error)
{
  g_autofree guint *counts = hl_store_run_finish (self, result, error);

  if (counts == NULL)
    return FALSE;

  if (pending != NULL)
    *pending = counts[0];
  if (failed != NULL)
    *failed = counts[1];
  return TRUE;
}

/* Reviewing refused changes */

void
hl_failed_change_free (HlFailedChange *change)
{
  if (change == NULL)
    return;

  g_free (change->operation);
  g_free (change->payload);
  g_free (change->reason);
  g_free (change->target_name);
  g_free (change->assignee_name);
  g_free (change);
}

static gpointer
list_failed (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_failed_change_free);

  /* The name that says which row it was about: a conversation by its contact. */
  stmt = hl_db_prepare (db,
                        "SELECT o.id, o.operation, o.payload, o.last_error,"
                        "  CASE WHEN o.operation LIKE 'conversation.%' THEN"
                        "         (SELECT nullif (k.name, '') FROM conversations c JOIN contacts k ON k.id = c.contact_id"
                        "          WHERE c.id = o.target_id)"
                        "       WHEN o.operation LIKE 'contact.%' THEN"
                        "         (SELECT nullif (name, '') FROM contacts WHERE id = o.target_id)"
                        "       WHEN o.operation LIKE 'agent.%' THEN"
                        "         (SELECT name FROM agents WHERE id = o.target_id)"
                        "       WHEN o.operation LIKE 'call.%' THEN"
                        "         (SELECT coalesce (nullif (k.name, ''), l.remote_uri) FROM calls l"
                        "          LEFT JOIN contacts k ON k.id = l.contact_id WHERE l.id = o.target_id)"
                        "  END,"
                        "  CASE WHEN o.operation = 'conversation.assign' THEN"
                        "         (SELECT name FROM agents WHERE remote_id = json_extract (o.payload, '$.assignee'))"
                        "  END"
                        " FROM outbox o WHERE o.backend = ?1 AND o.state = 'failed' AND o.operation != 'message.send'"
                        " ORDER BY o.id",
                        error);
  if (stmt == NULL)
    return NULL;
  hl_db_bind_text (stmt, 1, data);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      HlFailedChange *change = g_new0 (HlFailedChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->operation = column_dup (stmt, 1);
      change->payload = column_dup (stmt, 2);
      change->reason = column_dup (stmt, 3);
      change->target_name = column_dup (stmt, 4);
      change->assignee_name = column_dup (stmt, 5);
      g_ptr_array_add (changes, change);
    }

  return g_steal_pointer (&changes);
}

void
hl_store_outbox_list_failed_async (HlStore             *self,
                                   const char          *backend,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (backend != NULL);

  hl_store_run_async (self, list_failed, g_strdup (backend), g_free, (GDestroyNotify) g_ptr_array_unref,
                      cancellable, callback, user_data);
}

GPtrArray *
hl_store_outbox_list_failed_finish (HlStore       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return hl_store_run_finish (self, result, error);
}

typedef struct
{
  HlStoreTables  table;
  char          *remote_id;
} Discarded;

static void
discarded_free (gpointer data)
{
  Discarded *discarded = data;

  g_free (discarded->remote_id);
  g_free (discarded);
}

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING ?
         json_node_get_string (node) : NULL;
}

/* A discarded contact edit: each field it changed goes back to what it was, unless the field was
 * changed again here since (a later edit waits behind this one). */
static gboolean
revert_contact (sqlite3        *db,
                HlOutboxEntry  *entry,
                JsonObject     *payload,
                HlStoreTables  *changed,
                GError        **error)
{
  static const char * const columns[] = {
    "name", "email", "phone", "company", "city", "country", "locale", "notes", "attributes",
  };
  JsonNode *before_node = json_object_get_member (payload, "before");
  JsonNode *after_node = json_object_get_member (payload, "after");
  JsonObject *before = before_node && JSON_NODE_HOLDS_OBJECT (before_node) ? json_node_get_object (before_node) : NULL;
  JsonObject *after = after_node && JSON_NODE_HOLDS_OBJECT (after_node) ? json_node_get_object (after_node) : NULL;

  if (before == NULL || after == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *old = object_string (before, columns[i]);
      const char *new = object_string (after, columns[i]);
      g_autofree char *sql = NULL;
      g_autofree char *phone_key = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (g_strcmp0 (old, new) == 0)
        continue;

      /* name and attributes are never NULL in the table; the phone's lookup key goes with it */
      sql = g_strdup_printf ("UPDATE contacts SET %s = coalesce (?2, %s), phone_key = %s, rev = rev + 1"
                             " WHERE id = ?1 AND %s IS ?3",
                             columns[i], g_str_equal (columns[i], "attributes") ? "'{}'" : g_str_equal (columns[i], "name") ? "''" : "NULL",
                             g_str_equal (columns[i], "phone") ? "?4" : "phone_key", columns[i]);
      if (!(stmt = hl_db_prepare (db, sql, error)))
        return FALSE;
      phone_key = hl_normalize_phone (old);
      sqlite3_bind_int64 (stmt, 1, entry->target_id);
      hl_db_bind_text (stmt, 2, old);
      hl_db_bind_text (stmt, 3, new);
      if (g_str_equal (columns[i], "phone"))
        hl_db_bind_text (stmt, 4, phone_key);
      if (!hl_db_step_done (db, stmt, error))
        return FALSE;
      if (sqlite3_changes (db) > 0)
        *changed |= HL_STORE_TABLE_CONTACTS;
    }
  return TRUE;
}

/* A discarded change leaves the cache at once, even when no server is there to ask: a status or
 * an assignment goes back to what the conversation showed when the agent made it (the payload's
 * "seen_" value), a contact's fields to their values before the edit. (Priority, team, labels and
 * read state carry no earlier value: the refetch restores them.) */
static gboolean
revert_refused (sqlite3        *db,
                HlOutboxEntry  *entry,
                HlStoreTables  *changed,
                GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *sql, *member;
  JsonObject *payload;
  JsonNode *seen;

  if (entry->payload == NULL || !json_parser_load_from_data (parser, entry->payload, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return TRUE;
  payload = json_node_get_object (json_parser_get_root (parser));

  if (g_str_equal (entry->operation, "contact.update"))
    return revert_contact (db, entry, payload, changed, error);
  else if (g_str_equal (entry->operation, "conversation.status"))
    {
      member = "seen_status";
      sql = "UPDATE conversations SET status = ?2, rev = rev + 1 WHERE id = ?1 AND status IS NOT ?2";
    }
  else if (g_str_equal (entry->operation, "conversation.assign"))
    {
      member = "seen_assignee";
      sql = "UPDATE conversations SET assignee_id = (SELECT id FROM agents WHERE remote_id = ?2), rev = rev + 1"
            " WHERE id = ?1 AND assignee_id IS NOT (SELECT id FROM agents WHERE remote_id = ?2)";
    }
  else
    return TRUE;

  if (!(seen = json_object_get_member (payload, member)) ||
      (!JSON_NODE_HOLDS_NULL (seen) && (!JSON_NODE_HOLDS_VALUE (seen) || json_node_get_value_type (seen) != G_TYPE_STRING)))
    return TRUE;

  if (!run_sql (db, sql, entry->target_id, JSON_NODE_HOLDS_NULL (seen) ? NULL : json_node_get_string (seen), 0, error))
    return FALSE;
  if (sqlite3_changes (db) > 0)
    *changed |= HL_STORE_TABLE_CONVERSATIONS;
  return TRUE;
}

static gpointer
discard (sqlite3        *db,
         gpointer        data,
         HlStoreTables  *changed,
         GError        **error)
{
  gint64 entry_id = *(gint64 *) data;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(HlOutboxEntry) entry = g_new0 (HlOutboxEntry, 1);
  g_autofree Discarded *discarded = g_new0 (Discarded, 1);
  g_autofree char *backend = NULL;
  g_autofree char *mark = NULL;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!(find = hl_db_prepare (db, "SELECT operation, target_id, backend, payload FROM outbox WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (find, 1, entry_id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND,
                   "Outbox entry %" G_GINT64_FORMAT " does not exist", entry_id);
      goto failed;
    }
  entry->operation = column_dup (find, 0);
  entry->target_id = sqlite3_column_int64 (find, 1);
  backend = column_dup (find, 2);
  entry->payload = column_dup (find, 3);

  /* A reply or note would leave its bubble behind: those are retried from the thread. */
  if (is_message (entry->operation))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Outbox entry %" G_GINT64_FORMAT " sends a message: it cannot be discarded", entry_id);
      goto failed;
    }

  if (g_str_has_prefix (entry->operation, "conversation."))
    discarded->table = HL_STORE_TABLE_CONVERSATIONS;
  else if (g_str_has_prefix (entry->operation, "contact."))
    discarded->table = HL_STORE_TABLE_CONTACTS;
  else if (g_str_has_prefix (entry->operation, "agent."))
    discarded->table = HL_STORE_TABLE_AGENTS;

  if (!resolve_target (db, entry, error) ||
      !run_sql (db, "DELETE FROM outbox WHERE id = ?1", entry_id, NULL, 0, error) ||
      !revert_refused (db, entry, changed, error))
    goto failed;

  /* The server's copy replaces the cached row at the next sync that can fetch it: now if a
   * session runs (the caller asks it), else whenever the account is back, after a restart too. */
  mark = hl_store_sync_refetch_mark (discarded->table, entry->target_remote_id);
  if (mark != NULL && backend != NULL && !hl_store_sync_add_refetch (db, backend, mark, error))
    goto failed;

  if (!hl_db_commit (db, error))
    goto failed;

  discarded->remote_id = g_steal_pointer (&entry->target_remote_id);

  *changed |= HL_STORE_TABLE_OUTBOX;
  return g_steal_pointer (&discarded);

failed:
  hl_db_rollback (db);
  return NULL;
}

void
hl_store_outbox_discard_async (HlStore             *self,
                               gint64               entry_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (entry_id > 0);

  hl_store_run_async (self, discard, g_memdup2 (&entry_id, sizeof entry_id), g_free, discarded_free,
                      cancellable, callback, user_data);
}

gboolean
hl_store_outbox_discard_finish (HlStore        *self,
                                GAsyncResult   *result,
                                HlStoreTables  *table,
                                char          **remote_id,
                                GError        **error)
{
  Discarded *discarded = hl_store_run_finish (self, result, error);

  if (discarded == NULL)
    return FALSE;

  if (table != NULL)
    *table = discarded->table;
  if (remote_id != NULL)
    *remote_id = g_steal_pointer (&discarded->remote_id);
  discarded_free (discarded);
  return TRUE;
}

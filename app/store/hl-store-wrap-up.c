/* hl-store-wrap-up.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hl-disposition.h"
#include "hl-store-db.h"
#include "hl-store-private.h"
#include "hl-store-wrap-up.h"

/* The agent's wrap-up of a finished call: its disposition and note go on the call record, and
 * into the call's log on the server. While that log has not been tried yet (it waits for the
 * wrap-up: "hold_until", hl-store-edits.c), they go into its payload and the hold ends; once it
 * has been tried, they follow it as a private note in the same queue, so the note reaches the
 * conversation the log made. */

typedef struct
{
  gint64  call_id;
  char   *disposition;
  char   *line;      /* "Disposition: …" in the UI language (hl_disposition_dup_line ()) */
  char   *note;
  char   *backend;
  char   *echo_id;
} WrapUpJob;

static void
wrap_up_job_free (gpointer data)
{
  WrapUpJob *job = data;

  g_free (job->disposition);
  g_free (job->line);
  g_free (job->note);
  g_free (job->backend);
  g_free (job->echo_id);
  g_free (job);
}

/* The log not tried yet: its payload with the wrap-up in it, and no hold */
static char *
fill_payload (const char *payload,
              WrapUpJob  *job)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *object;

  if (!json_parser_load_from_data (parser, payload, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  json_object_remove_member (object, "hold_until");

  if (job->line != NULL)
    json_object_set_string_member (object, "disposition", job->line);
  if (job->note != NULL)
    json_object_set_string_member (object, "note", job->note);

  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

/* The log already tried (or done): the wrap-up as a private note after it */
static gboolean
add_note (sqlite3        *db,
          WrapUpJob      *job,
          const char     *queue,
          GError        **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autofree char *default_queue = NULL;
  g_autofree char *body = NULL;
  HlMessageData message = {
    .echo_id = job->echo_id,
    .kind = HL_MESSAGE_KIND_NOTE,
    .delivery = HL_DELIVERY_PENDING,
    .created_at = g_get_real_time () / G_USEC_PER_SEC,
  };
  gint64 id;

  if (job->line != NULL && job->note != NULL)
    body = g_strconcat (job->line, "\n", job->note, NULL);
  else
    body = g_strdup (job->line != NULL ? job->line : job->note);
  if (body == NULL)
    return TRUE;

  if (!(find = hl_db_prepare (db, "SELECT conversation_id, agent_id FROM calls WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (find, 1, job->call_id);
  if (sqlite3_step (find) != SQLITE_ROW || sqlite3_column_type (find, 0) == SQLITE_NULL)
    return TRUE;

  message.conversation_id = sqlite3_column_int64 (find, 0);
  message.sender_agent_id = sqlite3_column_int64 (find, 1);
  message.body = body;

  if (queue == NULL)
    queue = default_queue = g_strdup_printf ("call:%" G_GINT64_FORMAT, job->call_id);

  return (id = hl_db_insert_message (db, &message, error)) > 0 &&
         hl_db_outbox_add_queued (db, job->backend, "message.send", queue, id, NULL, error) > 0;
}

static gpointer
wrap_up (sqlite3        *db,
         gpointer        data,
         HlStoreTables  *changed,
         GError        **error)
{
  WrapUpJob *job = data;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) entry = NULL;
  HlStoreTables tables = HL_STORE_TABLE_CALLS | HL_STORE_TABLE_CONVERSATIONS;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!(update = hl_db_prepare (db, "UPDATE calls SET disposition = ?2, wrap_up_note = ?3 WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (update, 1, job->call_id);
  hl_db_bind_text (update, 2, job->disposition);
  hl_db_bind_text (update, 3, job->note);
  if (!hl_db_step_done (db, update, error))
    goto failed;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND,
                   "Call %" G_GINT64_FORMAT " does not exist", job->call_id);
      goto failed;
    }

  if (job->backend != NULL)
    {
      g_autofree char *queue = NULL;
      gboolean tried = TRUE;

      if (!(entry = hl_db_prepare (db, "SELECT id, payload, attempted_at IS NOT NULL, queue FROM outbox"
                                       " WHERE backend = ?1 AND operation = 'call.log' AND target_id = ?2"
                                       " ORDER BY id LIMIT 1", error)))
        goto failed;
      hl_db_bind_text (entry, 1, job->backend);
      sqlite3_bind_int64 (entry, 2, job->call_id);

      if (sqlite3_step (entry) == SQLITE_ROW)
        {
          queue = g_strdup ((const char *) sqlite3_column_text (entry, 3));
          tried = sqlite3_column_int (entry, 2) != 0;

          if (!tried)
            {
              g_autoptr(sqlite3_stmt) set = NULL;
              g_autofree char *payload = fill_payload ((const char *) sqlite3_column_text (entry, 1), job);

              /* A payload that isn't ours to read: the note goes after it instead. */
              tried = payload == NULL;
              if (payload != NULL)
                {
                  if (!(set = hl_db_prepare (db, "UPDATE outbox SET payload = ?2 WHERE id = ?1", error)))
                    goto failed;
                  sqlite3_bind_int64 (set, 1, sqlite3_column_int64 (entry, 0));
                  hl_db_bind_text (set, 2, payload);
                  if (!hl_db_step_done (db, set, error))
                    goto failed;
                }
            }
        }

      if (tried)
        {
          if (!add_note (db, job, queue, error))
            goto failed;
          tables |= HL_STORE_TABLE_MESSAGES;
        }
      tables |= HL_STORE_TABLE_OUTBOX;
    }

  if (!hl_db_commit (db, error))
    goto failed;

  *changed |= tables;
  return GINT_TO_POINTER (TRUE);

failed:
  hl_db_rollback (db);
  return NULL;
}

/**
 * hl_store_wrap_up_call_async:
 * @call_id: the call record (hl_store_log_call_finish ())
 * @disposition: (nullable): the disposition's code (hl-disposition.h)
 * @note: (nullable): the agent's wrap-up note
 *
 * Writes the agent's wrap-up of a call on its record and, with a server backend, into the call's
 * log there (its summary names the disposition; the note goes as a private note), and lets that
 * log go. One transaction.
 */
void
hl_store_wrap_up_call_async (HlStore             *self,
                             gint64               call_id,
                             const char          *disposition,
                             const char          *note,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  WrapUpJob *job;
  g_autofree char *trimmed = g_strstrip (g_strdup (note ? note : ""));

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (call_id > 0);

  job = g_new0 (WrapUpJob, 1);
  job->call_id = call_id;
  job->disposition = disposition && *disposition ? g_strdup (disposition) : NULL;
  /* In the agent's language, made here: gettext belongs to the main thread. */
  job->line = hl_disposition_dup_line (job->disposition);
  job->note = *trimmed ? g_steal_pointer (&trimmed) : NULL;
  job->backend = g_strdup (hl_store_get_backend (self));
  job->echo_id = g_uuid_string_random ();

  hl_store_run_async (self, wrap_up, job, wrap_up_job_free, NULL, cancellable, callback, user_data);
}

gboolean
hl_store_wrap_up_call_finish (HlStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return hl_store_run_finish (self, result, error) != NULL;
}

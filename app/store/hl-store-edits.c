/* hl-store-edits.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "hl-enums.h"
#include "hl-store-db.h"
#include "hl-store-edits.h"

typedef struct
{
  char   *backend;
  char   *operation;
  HlStoreTables table;
  gint64  target_id;
  char   *sql;
  GVariant *params;
  char   *payload;
} Edit;

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_free (edit->backend);
  g_free (edit->operation);
  g_free (edit->sql);
  g_free (edit->payload);
  g_clear_pointer (&edit->params, g_variant_unref);
  g_free (edit);
}

static gpointer
apply_edit (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  Edit *edit = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!(stmt = hl_db_prepare (db, edit->sql, error)) ||
      !hl_db_bind_params (db, stmt, edit->params, error) ||
      !hl_db_step_done (db, stmt, error))
    goto failed;

  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND,
                   "Row %" G_GINT64_FORMAT " of %s does not exist", edit->target_id, edit->operation);
      goto failed;
    }

  if (edit->backend != NULL &&
      !hl_db_outbox_add (db, edit->backend, edit->operation, edit->target_id, edit->payload, error))
    goto failed;

  if (!hl_db_commit (db, error))
    return NULL;

  *changed |= edit->table;
  if (edit->backend != NULL)
    *changed |= HL_STORE_TABLE_OUTBOX;

  return GINT_TO_POINTER (TRUE);

failed:
  hl_db_rollback (db);
  return NULL;
}

static void
run_edit (HlStore             *self,
          Edit                *edit,
          JsonBuilder         *payload,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  const char *backend = hl_store_get_backend (self);

  if (edit->table == HL_STORE_TABLE_NONE)
    edit->table = HL_STORE_TABLE_CONVERSATIONS;

  if (backend != NULL)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (payload);

      edit->backend = g_strdup (backend);
      edit->payload = json_to_string (root, FALSE);
    }

  hl_store_run_async (self, apply_edit, edit, edit_free, NULL, cancellable, callback, user_data);
}

void
hl_store_set_conversation_status_async (HlStore              *self,
                                        gint64                conversation_id,
                                        HlConversationStatus  status,
                                        gint64                snoozed_until,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  const char *nick = hl_enum_to_nick (HL_TYPE_CONVERSATION_STATUS, status);
  Edit *edit;

  g_return_if_fail (HL_IS_STORE (self));

  if (status != HL_CONVERSATION_STATUS_SNOOZED)
    snoozed_until = 0;

  edit = g_new0 (Edit, 1);
  edit->operation = g_strdup ("conversation.status");
  edit->target_id = conversation_id;
  edit->sql = g_strdup ("UPDATE conversations SET status = ?2, snoozed_until = nullif (?3, 0),"
                        " unread = CASE WHEN ?2 = 'resolved' THEN 0 ELSE unread END, rev = rev + 1"
                        " WHERE id = ?1");
  edit->params = g_variant_ref_sink (g_variant_new ("(xsx)", conversation_id, nick, snoozed_until));

  json_builder_begin_object (payload);
  json_builder_set_member_name (payload, "status");
  json_builder_add_string_value (payload, nick);
  if (snoozed_until > 0)
    {
      json_builder_set_member_name (payload, "snoozed_until");
      json_builder_add_int_value (payload, snoozed_until);
    }
  json_builder_end_object (payload);

  run_edit (self, edit, payload, cancellable, callback, user_data);
}

void
hl_store_mark_conversation_read_async (HlStore             *self,
                                       gint64               conversation_id,
                                       gboolean             read,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  Edit *edit;

  g_return_if_fail (HL_IS_STORE (self));

  edit = g_new0 (Edit, 1);
  edit->operation = g_strdup (read ? "conversation.read" : "conversation.unread");
  edit->target_id = conversation_id;
  edit->sql = g_strdup ("UPDATE conversations SET unread = CASE WHEN ?2 THEN 0 ELSE max (unread, 1) END,"
                        " rev = rev + 1 WHERE id = ?1");
  edit->params = g_variant_ref_sink (g_variant_new ("(xb)", conversation_id, read));

  json_builder_begin_object (payload);
  json_builder_end_object (payload);

  run_edit (self, edit, payload, cancellable, callback, user_data);
}

void
hl_store_set_agent_availability_async (HlStore             *self,
                                       gint64               agent_id,
                                       HlAvailability       availability,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  const char *nick = hl_enum_to_nick (HL_TYPE_AVAILABILITY, availability);
  Edit *edit;

  g_return_if_fail (HL_IS_STORE (self));

  edit = g_new0 (Edit, 1);
  edit->operation = g_strdup ("agent.availability");
  edit->table = HL_STORE_TABLE_AGENTS;
  edit->target_id = agent_id;
  edit->sql = g_strdup ("UPDATE agents SET availability = ?2,"
                        " availability_since = CASE WHEN availability = ?2 THEN availability_since ELSE ?3 END,"
                        " rev = rev + 1 WHERE id = ?1");
  edit->params = g_variant_ref_sink (g_variant_new ("(xsx)", agent_id, nick,
                                                    g_get_real_time () / G_USEC_PER_SEC));

  json_builder_begin_object (payload);
  json_builder_set_member_name (payload, "availability");
  json_builder_add_string_value (payload, nick);
  json_builder_end_object (payload);

  run_edit (self, edit, payload, cancellable, callback, user_data);
}

gboolean
hl_store_edit_finish (HlStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return hl_store_run_finish (self, result, error) != NULL;
}

/* Call logging */

typedef struct
{
  HlCallLog  log;
  char      *remote_uri;
  char      *remote_name;
  char      *recording_path;
  char      *disposition;
  char      *number;         /* the user part of the remote URI, for caller-id matching */
  char      *backend;
} CallLogJob;

static void
call_log_job_free (gpointer data)
{
  CallLogJob *job = data;

  g_free (job->remote_uri);
  g_free (job->remote_name);
  g_free (job->recording_path);
  g_free (job->number);
  g_free (job->backend);
  g_free (job->disposition);
  g_free (job);
}

static char *
describe_call (const HlCallLog *log,
               const char      *who)
{
  gint64 talk = log->answered_at > 0 && log->ended_at > log->answered_at ? log->ended_at - log->answered_at : 0;

  /* Stored in the thread as an activity line; written in English like the other activity lines a
   * server would send, and shown as they are. */
  switch (log->result)
    {
    case HL_CALL_RESULT_ANSWERED:
      return g_strdup_printf ("%s call %s %s · %d:%02d%s",
                              log->direction == HL_CALL_DIRECTION_INCOMING ? "Incoming" : "Outgoing",
                              log->direction == HL_CALL_DIRECTION_INCOMING ? "from" : "to",
                              who, (int) (talk / 60), (int) (talk % 60),
                              g_strcmp0 (log->disposition, HL_CALL_DISPOSITION_TRANSFERRED) == 0 ? " · transferred" : "");
    case HL_CALL_RESULT_MISSED:
    case HL_CALL_RESULT_ABANDONED:
      return g_strdup_printf ("%s call %s %s · not answered",
                              log->direction == HL_CALL_DIRECTION_INCOMING ? "Missed" : "Unanswered",
                              log->direction == HL_CALL_DIRECTION_INCOMING ? "from" : "to", who);
    case HL_CALL_RESULT_BUSY:
      return g_strdup_printf ("Call to %s · busy", who);
    case HL_CALL_RESULT_REJECTED:
      return g_strdup_printf ("Call %s %s · declined",
                              log->direction == HL_CALL_DIRECTION_INCOMING ? "from" : "to", who);
    case HL_CALL_RESULT_VOICEMAIL:
    case HL_CALL_RESULT_FAILED:
    default:
      return g_strdup_printf ("Call %s %s · failed",
                              log->direction == HL_CALL_DIRECTION_INCOMING ? "from" : "to", who);
    }
}

static gpointer
log_call (sqlite3        *db,
          gpointer        data,
          HlStoreTables  *changed,
          GError        **error)
{
  CallLogJob *job = data;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autofree char *key = hl_normalize_phone (job->number);
  g_autofree char *activity = NULL;
  const char *match;
  gboolean is_name = FALSE;
  gint64 contact_id = 0;
  gint64 conversation_id;
  gint64 call_id;
  gboolean answered = job->log.result == HL_CALL_RESULT_ANSWERED;
  HlConversationData conversation = {
    .channel = HL_CHANNEL_PHONE,
    .inbox = "Phone",
    .status = HL_CONVERSATION_STATUS_OPEN,
    .priority = HL_PRIORITY_NONE,
    .assignee_id = answered || job->log.direction == HL_CALL_DIRECTION_OUTGOING ? job->log.agent_id : 0,
    .unread = answered || job->log.direction == HL_CALL_DIRECTION_OUTGOING ? 0 : 1,
    .created_at = job->log.started_at,
  };

  if (!hl_db_begin (db, error))
    return NULL;

  /* Caller-id: the customer whose phone number matches, if any. A SIP user name ("customer2",
   * "alice") is no number: its digits alone would match another name's ("agent2"), so it only
   * matches the contact made for that same name. */
  for (const char *p = job->number; *p && !is_name; p++)
    is_name = g_ascii_isalpha (*p);
  match = is_name ? job->number : key;

  if (match != NULL)
    {
      if (!(find = hl_db_prepare (db, is_name ? "SELECT id FROM contacts WHERE phone = ?1 ORDER BY id LIMIT 1"
                                              : "SELECT id FROM contacts WHERE phone_key = ?1 ORDER BY id LIMIT 1",
                                  error)))
        goto failed;
      hl_db_bind_text (find, 1, match);
      if (sqlite3_step (find) == SQLITE_ROW)
        contact_id = sqlite3_column_int64 (find, 0);
    }

  if (contact_id == 0)
    {
      HlContactData contact = {
        .name = job->remote_name && *job->remote_name ? job->remote_name : job->number,
        .phone = job->number,
        .created_at = job->log.started_at,
      };

      if (!(contact_id = hl_db_insert_contact (db, &contact, error)))
        goto failed;
      *changed |= HL_STORE_TABLE_CONTACTS;
    }

  conversation.contact_id = contact_id;
  if (!(conversation_id = hl_db_insert_conversation (db, &conversation, error)))
    goto failed;

  activity = describe_call (&job->log, job->remote_name && *job->remote_name ? job->remote_name : job->number);
  {
    HlMessageData message = {
      .conversation_id = conversation_id,
      .kind = HL_MESSAGE_KIND_ACTIVITY,
      .body = activity,
      .delivery = HL_DELIVERY_DELIVERED,
      .created_at = job->log.ended_at > 0 ? job->log.ended_at : job->log.started_at,
    };
    HlCallData call = {
      .conversation_id = conversation_id,
      .contact_id = contact_id,
      .agent_id = job->log.agent_id,
      .direction = job->log.direction,
      .remote_uri = job->remote_uri,
      .started_at = job->log.started_at,
      .answered_at = job->log.answered_at,
      .ended_at = job->log.ended_at,
      .result = job->log.result,
      .recording_path = job->recording_path,
      .disposition = job->disposition,
      .mos = job->log.mos,
      .jitter_ms = job->log.jitter_ms,
      .loss_pct = job->log.loss_pct,
      .rtt_ms = job->log.rtt_ms,
    };

    if (!hl_db_insert_message (db, &message, error) ||
        !(call_id = hl_db_insert_call (db, &call, error)))
      goto failed;
  }

  /* The conversation's last activity is the end of the call, whatever the activity line says. */
  {
    g_autoptr(sqlite3_stmt) touch = hl_db_prepare (db, "UPDATE conversations SET last_activity_at = ?2,"
                                                       " preview = ?3, rev = rev + 1 WHERE id = ?1", error);
    if (touch == NULL)
      goto failed;
    sqlite3_bind_int64 (touch, 1, conversation_id);
    sqlite3_bind_int64 (touch, 2, job->log.ended_at > 0 ? job->log.ended_at : job->log.started_at);
    hl_db_bind_text (touch, 3, activity);
    if (!hl_db_step_done (db, touch, error))
      goto failed;
  }

  if (job->backend != NULL &&
      !hl_db_outbox_add (db, job->backend, "call.log", call_id, NULL, error))
    goto failed;

  if (!hl_db_commit (db, error))
    return NULL;

  *changed |= HL_STORE_TABLE_CALLS | HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_MESSAGES;
  if (job->backend != NULL)
    *changed |= HL_STORE_TABLE_OUTBOX;

  return g_memdup2 (&call_id, sizeof call_id);

failed:
  hl_db_rollback (db);
  return NULL;
}

/**
 * hl_store_log_call_async:
 *
 * Writes a finished call: the call record, a phone conversation in the inbox with the customer
 * matched by number (or a new contact for an unknown number), and, with a server backend, the
 * outbox entry that logs it there. One transaction.
 */
void
hl_store_log_call_async (HlStore             *self,
                         const HlCallLog     *log,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  CallLogJob *job;
  const char *user;
  const char *end;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (log != NULL && log->remote_uri != NULL);

  job = g_new0 (CallLogJob, 1);
  job->log = *log;
  job->remote_uri = g_strdup (log->remote_uri);
  job->remote_name = g_strdup (log->remote_name);
  job->recording_path = g_strdup (log->recording_path);
  job->disposition = g_strdup (log->disposition);
  job->log.disposition = job->disposition;
  job->backend = g_strdup (hl_store_get_backend (self));

  /* sip:+34612345678@pbx;user=phone → +34612345678 */
  user = strchr (log->remote_uri, ':');
  user = user ? user + 1 : log->remote_uri;
  end = strchr (user, '@');
  job->number = end ? g_strndup (user, end - user) : g_strdup (user);

  hl_store_run_async (self, log_call, job, call_log_job_free, g_free, cancellable, callback, user_data);
}

/* The id of the call record, or 0 with @error set. */
gint64
hl_store_log_call_finish (HlStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autofree gint64 *id = hl_store_run_finish (self, result, error);

  return id ? *id : 0;
}

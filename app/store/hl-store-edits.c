/* hl-store-edits.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hl-call-log-text.h"
#include "hl-disposition.h"
#include "hl-enums.h"
#include "hl-store-caller.h"
#include "hl-store-db.h"
#include "hl-store-edits.h"

/* A value read inside the edit's transaction, before the change, into a payload member: what the
 * agent saw (for the sender's conflict check) or a row's remote id. The SQL gets the edit's params. */
typedef struct
{
  const char *member;
  const char *sql;
} Lookup;

typedef struct
{
  char   *backend;
  char   *operation;
  HlStoreTables table;
  gint64  target_id;
  char   *sql;
  GVariant *params;
  JsonNode *payload;
  const Lookup *lookups;   /* static, { NULL } terminated; or NULL */
} Edit;

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_free (edit->backend);
  g_free (edit->operation);
  g_free (edit->sql);
  g_clear_pointer (&edit->payload, json_node_unref);
  g_clear_pointer (&edit->params, g_variant_unref);
  g_free (edit);
}

/* The end of every edit: its outbox entry when the workspace has a server (@backend), then the
 * commit; on success @tables (and the outbox) are added to @changed. On failure the caller rolls
 * back. */
static gboolean
commit_edit (sqlite3        *db,
             const char     *backend,
             const char     *operation,
             const char     *queue,
             gint64          target_id,
             const char     *payload,
             HlStoreTables   tables,
             HlStoreTables  *changed,
             GError        **error)
{
  if (backend != NULL &&
      !hl_db_outbox_add_queued (db, backend, operation, queue, target_id, payload, error))
    return FALSE;

  if (!hl_db_commit (db, error))
    return FALSE;

  *changed |= tables;
  if (backend != NULL)
    *changed |= HL_STORE_TABLE_OUTBOX;

  return TRUE;
}

static gboolean
read_lookups (sqlite3      *db,
              Edit         *edit,
              JsonObject   *payload,
              GError      **error)
{
  for (const Lookup *l = edit->lookups; l && l->member; l++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (!(stmt = hl_db_prepare (db, l->sql, error)) ||
          !hl_db_bind_params (db, stmt, edit->params, error))
        return FALSE;

      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        json_object_set_string_member (payload, l->member, (const char *) sqlite3_column_text (stmt, 0));
      else
        json_object_set_null_member (payload, l->member);
    }

  return TRUE;
}

static gpointer
apply_edit (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  Edit *edit = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *payload = NULL;

  if (!hl_db_begin (db, error))
    return NULL;

  if (edit->backend != NULL && !read_lookups (db, edit, json_node_get_object (edit->payload), error))
    goto failed;

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

  if (edit->backend != NULL)
    payload = json_to_string (edit->payload, FALSE);

  if (!commit_edit (db, edit->backend, edit->operation, NULL, edit->target_id, payload, edit->table, changed, error))
    goto failed;

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
      edit->backend = g_strdup (backend);
      edit->payload = json_builder_get_root (payload);
    }

  hl_store_run_async (self, apply_edit, edit, edit_free, NULL, cancellable, callback, user_data);
}

static const Lookup status_lookups[] = {
  { "seen_status", "SELECT status FROM conversations WHERE id = ?1" },
  { NULL }
};

/* @snoozed_until: for HL_CONVERSATION_STATUS_SNOOZED, when it opens again (Unix seconds; 0: at the
 * customer's next message). The outbox entry keeps the status the agent saw, so that the sender
 * can tell a change made meanwhile by someone else from its own. */
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
  edit->lookups = status_lookups;

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

void
hl_store_set_conversation_priority_async (HlStore             *self,
                                          gint64               conversation_id,
                                          HlPriority           priority,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  Edit *edit;

  g_return_if_fail (HL_IS_STORE (self));

  edit = g_new0 (Edit, 1);
  edit->operation = g_strdup ("conversation.priority");
  edit->target_id = conversation_id;
  edit->sql = g_strdup ("UPDATE conversations SET priority = ?2, rev = rev + 1 WHERE id = ?1");
  edit->params = g_variant_ref_sink (g_variant_new ("(xi)", conversation_id, (int) priority));

  json_builder_begin_object (payload);
  json_builder_set_member_name (payload, "priority");
  json_builder_add_string_value (payload, hl_enum_to_nick (HL_TYPE_PRIORITY, priority));
  json_builder_end_object (payload);

  run_edit (self, edit, payload, cancellable, callback, user_data);
}

static const Lookup assign_lookups[] = {
  { "seen_assignee", "SELECT a.remote_id FROM conversations c JOIN agents a ON a.id = c.assignee_id WHERE c.id = ?1" },
  { "assignee", "SELECT remote_id FROM agents WHERE id = ?2" },
  { NULL }
};

/* @agent_id: the local agent row, 0 to unassign. Like a status change, the entry keeps whom the
 * agent saw assigned (the sender's conflict check). */
void
hl_store_assign_conversation_async (HlStore             *self,
                                    gint64               conversation_id,
                                    gint64               agent_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  Edit *edit;

  g_return_if_fail (HL_IS_STORE (self));

  edit = g_new0 (Edit, 1);
  edit->operation = g_strdup ("conversation.assign");
  edit->target_id = conversation_id;
  edit->sql = g_strdup ("UPDATE conversations SET assignee_id = nullif (?2, 0), rev = rev + 1 WHERE id = ?1");
  edit->params = g_variant_ref_sink (g_variant_new ("(xx)", conversation_id, agent_id));
  edit->lookups = assign_lookups;

  json_builder_begin_object (payload);
  json_builder_end_object (payload);

  run_edit (self, edit, payload, cancellable, callback, user_data);
}

/* Teams have no table of their own (the conversation keeps the name): @team_remote_id is the
 * server's id of the team named @team_name; 0 and NULL take the team away. */
void
hl_store_assign_team_async (HlStore             *self,
                            gint64               conversation_id,
                            gint64               team_remote_id,
                            const char          *team_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  Edit *edit;

  g_return_if_fail (HL_IS_STORE (self));

  edit = g_new0 (Edit, 1);
  edit->operation = g_strdup ("conversation.team");
  edit->target_id = conversation_id;
  edit->sql = g_strdup ("UPDATE conversations SET team = nullif (?2, ''), rev = rev + 1 WHERE id = ?1");
  edit->params = g_variant_ref_sink (g_variant_new ("(xs)", conversation_id, team_name ? team_name : ""));

  json_builder_begin_object (payload);
  json_builder_set_member_name (payload, "team_id");
  json_builder_add_int_value (payload, team_remote_id);
  json_builder_end_object (payload);

  run_edit (self, edit, payload, cancellable, callback, user_data);
}

/* Replies and notes */

typedef struct
{
  gint64    conversation_id;
  char     *body;
  gboolean  is_note;
  gint64    sender_agent_id;
  char     *echo_id;
  char     *backend;
  char     *attachments;
} SendJob;

static void
send_job_free (gpointer data)
{
  SendJob *job = data;

  g_free (job->body);
  g_free (job->echo_id);
  g_free (job->backend);
  g_free (job->attachments);
  g_free (job);
}

static gboolean
check_exists (sqlite3     *db,
              const char  *sql,
              gint64       id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND,
                   "Row %" G_GINT64_FORMAT " does not exist", id);
      return FALSE;
    }
  return TRUE;
}

static gpointer
send_message (sqlite3        *db,
              gpointer        data,
              HlStoreTables  *changed,
              GError        **error)
{
  SendJob *job = data;
  g_autofree char *queue = g_strdup_printf ("conversation:%" G_GINT64_FORMAT, job->conversation_id);
  HlMessageData message = {
    .echo_id = job->echo_id,
    .conversation_id = job->conversation_id,
    .kind = job->is_note ? HL_MESSAGE_KIND_NOTE : HL_MESSAGE_KIND_OUTGOING,
    .sender_agent_id = job->sender_agent_id,
    .body = job->body,
    .attachments = job->attachments,
    .delivery = job->backend ? HL_DELIVERY_PENDING : HL_DELIVERY_SENT,
    .created_at = g_get_real_time () / G_USEC_PER_SEC,
  };
  gint64 id;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!check_exists (db, "SELECT 1 FROM conversations WHERE id = ?1", job->conversation_id, error) ||
      !(id = hl_db_insert_message (db, &message, error)))
    goto failed;

  /* The row carries everything the sender needs; the entry only points at it. */
  if (!commit_edit (db, job->backend, "message.send", queue, id, NULL,
                    HL_STORE_TABLE_MESSAGES | HL_STORE_TABLE_CONVERSATIONS, changed, error))
    goto failed;

  return g_memdup2 (&id, sizeof id);

failed:
  hl_db_rollback (db);
  return NULL;
}

/**
 * hl_store_send_message_async:
 * @is_note: a private note (seen by the team only) rather than a reply to the customer
 * @sender_agent_id: the agent who writes it (the local row), or 0
 *
 * Writes a reply or a note at once (delivery "pending" with a server backend, with a fresh echo_id
 * that the server echoes back) and its outbox entry, in one transaction. Finish with
 * hl_store_send_message_finish (), which gives the message row.
 */
void
hl_store_send_message_async (HlStore             *self,
                             gint64               conversation_id,
                             const char          *body,
                             gboolean             is_note,
                             gint64               sender_agent_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  hl_store_send_message_full_async (self, conversation_id, body, NULL, is_note, sender_agent_id,
                                    cancellable, callback, user_data);
}

/**
 * hl_store_send_message_full_async:
 * @attachments: (nullable): a JSON array for the row's attachments column
 *
 * The same as hl_store_send_message_async (), with attachments. Files the agent attached are
 * entries with a "local_path" and state "pending": the outbox sender uploads them with the message.
 */
void
hl_store_send_message_full_async (HlStore             *self,
                                  gint64               conversation_id,
                                  const char          *body,
                                  const char          *attachments,
                                  gboolean             is_note,
                                  gint64               sender_agent_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  SendJob *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (body != NULL);

  job = g_new0 (SendJob, 1);
  job->conversation_id = conversation_id;
  job->body = g_strdup (body);
  job->attachments = g_strdup (attachments);
  job->is_note = is_note;
  job->sender_agent_id = sender_agent_id;
  job->echo_id = g_uuid_string_random ();
  job->backend = g_strdup (hl_store_get_backend (self));

  hl_store_run_async (self, send_message, job, send_job_free, g_free, cancellable, callback, user_data);
}

/* The message row, or 0 with @error set. */
gint64
hl_store_send_message_finish (HlStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autofree gint64 *id = hl_store_run_finish (self, result, error);

  return id ? *id : 0;
}

/* Labels */

typedef struct
{
  gint64   conversation_id;
  char   **labels;
  char    *backend;
} LabelsJob;

static void
labels_job_free (gpointer data)
{
  LabelsJob *job = data;

  g_strfreev (job->labels);
  g_free (job->backend);
  g_free (job);
}

static gpointer
set_labels (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  LabelsJob *job = data;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!check_exists (db, "SELECT 1 FROM conversations WHERE id = ?1", job->conversation_id, error) ||
      !(clear = hl_db_prepare (db, "DELETE FROM conversation_labels WHERE conversation_id = ?1", error)) ||
      !(add = hl_db_prepare (db, "INSERT OR IGNORE INTO conversation_labels VALUES (?1, ?2)", error)))
    goto failed;

  sqlite3_bind_int64 (clear, 1, job->conversation_id);
  if (!hl_db_step_done (db, clear, error))
    goto failed;

  json_builder_begin_object (payload);
  json_builder_set_member_name (payload, "labels");
  json_builder_begin_array (payload);
  for (guint i = 0; job->labels[i] != NULL; i++)
    {
      sqlite3_reset (add);
      sqlite3_bind_int64 (add, 1, job->conversation_id);
      hl_db_bind_text (add, 2, job->labels[i]);
      if (!hl_db_step_done (db, add, error))
        goto failed;
      json_builder_add_string_value (payload, job->labels[i]);
    }
  json_builder_end_array (payload);
  json_builder_end_object (payload);

  {
    g_autoptr(sqlite3_stmt) touch = hl_db_prepare (db, "UPDATE conversations SET rev = rev + 1 WHERE id = ?1", error);

    if (touch == NULL)
      goto failed;
    sqlite3_bind_int64 (touch, 1, job->conversation_id);
    if (!hl_db_step_done (db, touch, error))
      goto failed;
  }

  root = json_builder_get_root (payload);
  text = json_to_string (root, FALSE);
  if (!commit_edit (db, job->backend, "conversation.labels", NULL, job->conversation_id, text,
                    HL_STORE_TABLE_CONVERSATIONS, changed, error))
    goto failed;

  return GINT_TO_POINTER (TRUE);

failed:
  hl_db_rollback (db);
  return NULL;
}

/* Replaces the conversation's labels with @labels (NULL or empty: none). */
void
hl_store_set_conversation_labels_async (HlStore             *self,
                                        gint64               conversation_id,
                                        const char * const  *labels,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  LabelsJob *job;

  g_return_if_fail (HL_IS_STORE (self));

  job = g_new0 (LabelsJob, 1);
  job->conversation_id = conversation_id;
  job->labels = labels ? g_strdupv ((char **) labels) : g_new0 (char *, 1);
  job->backend = g_strdup (hl_store_get_backend (self));

  hl_store_run_async (self, set_labels, job, labels_job_free, NULL, cancellable, callback, user_data);
}

/* Contact edits */

static const char * const contact_columns[] = {
  "name", "email", "phone", "company", "city", "country", "locale", "notes", "attributes",
};

typedef struct
{
  gint64  contact_id;
  char   *values[G_N_ELEMENTS (contact_columns)];
  char   *phone_key;
  char   *backend;
} ContactJob;

static void
contact_job_free (gpointer data)
{
  ContactJob *job = data;

  for (guint i = 0; i < G_N_ELEMENTS (job->values); i++)
    g_free (job->values[i]);
  g_free (job->phone_key);
  g_free (job->backend);
  g_free (job);
}

static gpointer
update_contact (sqlite3        *db,
                gpointer        data,
                HlStoreTables  *changed,
                GError        **error)
{
  ContactJob *job = data;
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autoptr(JsonObject) before = json_object_new ();
  g_autoptr(JsonObject) after = json_object_new ();
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!(read = hl_db_prepare (db, "SELECT name, email, phone, company, city, country, locale, notes, attributes"
                                  " FROM contacts WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (read, 1, job->contact_id);
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND,
                   "Contact %" G_GINT64_FORMAT " does not exist", job->contact_id);
      goto failed;
    }

  /* Both versions go into the entry: the sender sends only what differs (hl-chatwoot-json.h). */
  for (guint i = 0; i < G_N_ELEMENTS (contact_columns); i++)
    {
      const char *old = (const char *) sqlite3_column_text (read, i);

      if (old != NULL)
        json_object_set_string_member (before, contact_columns[i], old);
      if (job->values[i] != NULL)
        json_object_set_string_member (after, contact_columns[i], job->values[i]);
    }

  if (!(write = hl_db_prepare (db, "UPDATE contacts SET name = ?2, email = ?3, phone = ?4, company = ?5, city = ?6,"
                                   " country = ?7, locale = ?8, notes = ?9, attributes = coalesce (?10, '{}'),"
                                   " phone_key = ?11, updated_at = ?12, rev = rev + 1 WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (write, 1, job->contact_id);
  for (guint i = 0; i < G_N_ELEMENTS (contact_columns); i++)
    hl_db_bind_text (write, i + 2, i == 0 && job->values[i] == NULL ? "" : job->values[i]);
  hl_db_bind_text (write, 11, job->phone_key);
  sqlite3_bind_int64 (write, 12, g_get_real_time () / G_USEC_PER_SEC);
  if (!hl_db_step_done (db, write, error))
    goto failed;

  json_object_set_object_member (payload, "before", json_object_ref (before));
  json_object_set_object_member (payload, "after", json_object_ref (after));
  json_node_set_object (root, payload);
  text = json_to_string (root, FALSE);
  if (!commit_edit (db, job->backend, "contact.update", NULL, job->contact_id, text,
                    HL_STORE_TABLE_CONTACTS, changed, error))
    goto failed;

  return GINT_TO_POINTER (TRUE);

failed:
  hl_db_rollback (db);
  return NULL;
}

/**
 * hl_store_update_contact_async:
 * @contact: the whole record as the agent left it (remote_id and created_at are ignored)
 *
 * Saves the agent's edit of a customer record. The server gets only the fields that changed, and
 * of the custom attributes only the keys that changed.
 */
void
hl_store_update_contact_async (HlStore              *self,
                               gint64                contact_id,
                               const HlContactData  *contact,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  ContactJob *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (contact != NULL);

  job = g_new0 (ContactJob, 1);
  job->contact_id = contact_id;
  job->values[0] = g_strdup (contact->name);
  job->values[1] = g_strdup (contact->email);
  job->values[2] = g_strdup (contact->phone);
  job->values[3] = g_strdup (contact->company);
  job->values[4] = g_strdup (contact->city);
  job->values[5] = g_strdup (contact->country);
  job->values[6] = g_strdup (contact->locale);
  job->values[7] = g_strdup (contact->notes);
  job->values[8] = g_strdup (contact->attributes);
  job->phone_key = hl_normalize_phone (contact->phone);
  job->backend = g_strdup (hl_store_get_backend (self));

  hl_store_run_async (self, update_contact, job, contact_job_free, NULL, cancellable, callback, user_data);
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
  char      *wrap_up_note;
  char      *number;         /* the user part of the remote URI, for caller-id matching */
  char      *backend;
  char      *payload;        /* of the call.log entry (hl-chatwoot-call-log.h) */
} CallLogJob;

static void
call_log_job_free (gpointer data)
{
  CallLogJob *job = data;

  g_free (job->remote_uri);
  g_free (job->remote_name);
  g_free (job->recording_path);
  g_free (job->disposition);
  g_free (job->wrap_up_note);
  g_free (job->number);
  g_free (job->backend);
  g_free (job->payload);
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
  g_autofree char *activity = NULL;
  gint64 contact_id;
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

  /* Caller-id: the customer whose phone number matches, if any (the rule the live call uses). */
  if ((contact_id = hl_db_find_caller (db, job->number, error)) < 0)
    goto failed;

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
      .wrap_up_note = job->wrap_up_note,
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

  if (!commit_edit (db, job->backend, "call.log", NULL, call_id, job->payload,
                    HL_STORE_TABLE_CALLS | HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_MESSAGES, changed, error))
    goto failed;

  return g_memdup2 (&call_id, sizeof call_id);

failed:
  hl_db_rollback (db);
  return NULL;
}

static char *
call_log_payload (const HlCallLog *log,
                  const char      *number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  HlCallLog bare = *log;
  g_autofree char *summary = NULL;
  g_autofree char *disposition = hl_disposition_dup_line (log->disposition);

  /* The disposition has a member of its own: the wrap-up may still set it (hl-store-wrap-up.c). */
  bare.disposition = NULL;
  summary = hl_call_log_text (&bare, number);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, number);
  if (log->remote_name != NULL && *log->remote_name != '\0')
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, log->remote_name);
    }
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  if (disposition != NULL)
    {
      json_builder_set_member_name (builder, "disposition");
      json_builder_add_string_value (builder, disposition);
    }
  if (log->wrap_up)
    {
      json_builder_set_member_name (builder, "hold_until");
      json_builder_add_int_value (builder, (log->ended_at > 0 ? log->ended_at : g_get_real_time () / G_USEC_PER_SEC)
                                           + HL_WRAP_UP_HOLD_SECONDS);
    }
  if (log->wrap_up_note != NULL && *log->wrap_up_note != '\0')
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, log->wrap_up_note);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/**
 * hl_store_log_call_async:
 *
 * Writes a finished call: the call record, a phone conversation in the inbox with the customer
 * matched by number (or a new contact for an unknown number), and, with a server backend, the
 * outbox entry that logs it there (its payload: "number", "name", "summary" — the call described
 * in the app's language —, "disposition", its line of the log, and "note", the wrap-up note;
 * "hold_until" while the agent's wrap-up may still add to them). One transaction.
 */
void
hl_store_log_call_async (HlStore             *self,
                         const HlCallLog     *log,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  CallLogJob *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (log != NULL && log->remote_uri != NULL);

  job = g_new0 (CallLogJob, 1);
  job->log = *log;
  job->remote_uri = g_strdup (log->remote_uri);
  job->remote_name = g_strdup (log->remote_name);
  job->recording_path = g_strdup (log->recording_path);
  job->disposition = g_strdup (log->disposition);
  job->log.disposition = job->disposition;
  job->wrap_up_note = g_strdup (log->wrap_up_note);
  job->log.wrap_up_note = job->wrap_up_note;
  job->backend = g_strdup (hl_store_get_backend (self));

  /* sip:+34612345678@pbx;user=phone → +34612345678 */
  job->number = hl_caller_number_from_uri (log->remote_uri);

  /* What the server's sender needs, its text in the app's language now, at logging time. */
  if (job->backend != NULL)
    job->payload = call_log_payload (log, job->number);

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

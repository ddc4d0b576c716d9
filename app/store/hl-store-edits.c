/* hl-store-edits.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <json-glib/json-glib.h>

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

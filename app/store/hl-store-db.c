/* hl-store-db.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <string.h>

#include "hl-enums.h"
#include "hl-store-db.h"

const char *
hl_enum_to_nick (GType enum_type,
                 int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  g_return_val_if_fail (ev != NULL, NULL);

  /* Nicks are static strings in the generated enum tables: safe to return after the unref. */
  return ev->value_nick;
}

static char *
join_strv (const char * const *strv)
{
  return strv ? g_strjoinv ("\x1f", (char **) strv) : g_strdup ("");
}

static gint64
step_insert (sqlite3       *db,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  if (!hl_db_step_done (db, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (db);
}

gint64
hl_db_insert_agent (sqlite3            *db,
                    const HlAgentData  *data,
                    GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *teams = join_strv (data->teams);

  stmt = hl_db_prepare (db,
                        "INSERT INTO agents (remote_id, name, email, role, availability, availability_since,"
                        "                    is_me, teams)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        error);
  if (stmt == NULL)
    return 0;

  hl_db_bind_text (stmt, 1, data->remote_id);
  hl_db_bind_text (stmt, 2, data->name);
  hl_db_bind_text (stmt, 3, data->email);
  hl_db_bind_text (stmt, 4, hl_enum_to_nick (HL_TYPE_AGENT_ROLE, data->role));
  hl_db_bind_text (stmt, 5, hl_enum_to_nick (HL_TYPE_AVAILABILITY, data->availability));
  hl_db_bind_time (stmt, 6, data->availability_since);
  sqlite3_bind_int (stmt, 7, data->is_me);
  hl_db_bind_text (stmt, 8, teams);

  return step_insert (db, stmt, error);
}

gint64
hl_db_insert_contact (sqlite3              *db,
                      const HlContactData  *data,
                      GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *phone_key = hl_normalize_phone (data->phone);

  stmt = hl_db_prepare (db,
                        "INSERT INTO contacts (remote_id, name, email, phone, phone_key, company, city, country,"
                        "                      locale, notes, attributes, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce (?11, '{}'), ?12, ?12)",
                        error);
  if (stmt == NULL)
    return 0;

  hl_db_bind_text (stmt, 1, data->remote_id);
  hl_db_bind_text (stmt, 2, data->name ? data->name : "");
  hl_db_bind_text (stmt, 3, data->email);
  hl_db_bind_text (stmt, 4, data->phone);
  hl_db_bind_text (stmt, 5, phone_key);
  hl_db_bind_text (stmt, 6, data->company);
  hl_db_bind_text (stmt, 7, data->city);
  hl_db_bind_text (stmt, 8, data->country);
  hl_db_bind_text (stmt, 9, data->locale);
  hl_db_bind_text (stmt, 10, data->notes);
  hl_db_bind_text (stmt, 11, data->attributes);
  sqlite3_bind_int64 (stmt, 12, data->created_at);

  return step_insert (db, stmt, error);
}

gint64
hl_db_insert_conversation (sqlite3                   *db,
                           const HlConversationData  *data,
                           GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) label_stmt = NULL;
  gint64 id;

  stmt = hl_db_prepare (db,
                        "INSERT INTO conversations (remote_id, channel, inbox, subject, status, priority,"
                        "                           assignee_id, team, contact_id, unread, created_at,"
                        "                           last_activity_at, first_response_due, resolution_due,"
                        "                           snoozed_until)"
                        " VALUES (?1, ?2, coalesce (?3, ''), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14)",
                        error);
  if (stmt == NULL)
    return 0;

  hl_db_bind_text (stmt, 1, data->remote_id);
  hl_db_bind_text (stmt, 2, hl_enum_to_nick (HL_TYPE_CHANNEL, data->channel));
  hl_db_bind_text (stmt, 3, data->inbox);
  hl_db_bind_text (stmt, 4, data->subject);
  hl_db_bind_text (stmt, 5, hl_enum_to_nick (HL_TYPE_CONVERSATION_STATUS, data->status));
  sqlite3_bind_int (stmt, 6, data->priority);
  hl_db_bind_id (stmt, 7, data->assignee_id);
  hl_db_bind_text (stmt, 8, data->team);
  hl_db_bind_id (stmt, 9, data->contact_id);
  sqlite3_bind_int (stmt, 10, data->unread);
  sqlite3_bind_int64 (stmt, 11, data->created_at);
  hl_db_bind_time (stmt, 12, data->first_response_due);
  hl_db_bind_time (stmt, 13, data->resolution_due);
  hl_db_bind_time (stmt, 14, data->snoozed_until);

  if (!(id = step_insert (db, stmt, error)))
    return 0;

  if (data->labels != NULL && data->labels[0] != NULL)
    {
      if (!(label_stmt = hl_db_prepare (db,
                                        "INSERT OR IGNORE INTO conversation_labels (conversation_id, label)"
                                        " VALUES (?1, ?2)",
                                        error)))
        return 0;

      for (guint i = 0; data->labels[i]; i++)
        {
          sqlite3_reset (label_stmt);
          sqlite3_bind_int64 (label_stmt, 1, id);
          hl_db_bind_text (label_stmt, 2, data->labels[i]);
          if (!hl_db_step_done (db, label_stmt, error))
            return 0;
        }
    }

  return id;
}

/* A short one-line preview of a message body for list rows. */
static char *
make_preview (const char *body)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  if (body == NULL)
    return g_strdup ("");

  for (const char *p = body; *p && out->len < 240; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;

      if (g_unichar_isspace (c))
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gint64
hl_db_insert_message (sqlite3              *db,
                      const HlMessageData  *data,
                      GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) conv = NULL;
  g_autofree char *preview = NULL;
  gint64 id;

  stmt = hl_db_prepare (db,
                        "INSERT INTO messages (remote_id, echo_id, conversation_id, kind, sender_agent_id,"
                        "                      sender_name, body, email_from, email_to, email_cc, attachments,"
                        "                      delivery, created_at, content_type)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce (?11, '[]'), ?12, ?13,"
                        "         coalesce (?14, 'text'))",
                        error);
  if (stmt == NULL)
    return 0;

  hl_db_bind_text (stmt, 1, data->remote_id);
  hl_db_bind_text (stmt, 2, data->echo_id);
  sqlite3_bind_int64 (stmt, 3, data->conversation_id);
  hl_db_bind_text (stmt, 4, hl_enum_to_nick (HL_TYPE_MESSAGE_KIND, data->kind));
  hl_db_bind_id (stmt, 5, data->sender_agent_id);
  hl_db_bind_text (stmt, 6, data->sender_name);
  hl_db_bind_text (stmt, 7, data->body ? data->body : "");
  hl_db_bind_text (stmt, 8, data->email_from);
  hl_db_bind_text (stmt, 9, data->email_to);
  hl_db_bind_text (stmt, 10, data->email_cc);
  hl_db_bind_text (stmt, 11, data->attachments);
  hl_db_bind_text (stmt, 12, hl_enum_to_nick (HL_TYPE_DELIVERY, data->delivery));
  sqlite3_bind_int64 (stmt, 13, data->created_at);
  hl_db_bind_text (stmt, 14, data->content_type);

  if (!(id = step_insert (db, stmt, error)))
    return 0;

  /* The conversation's list row shows the last customer or agent message and the time since the
   * customer has been waiting for an answer; activity lines don't count as messages. */
  preview = make_preview (data->body);

  if (data->kind == HL_MESSAGE_KIND_ACTIVITY)
    {
      /* A conversation of only activity lines (a missed call, say) shows its first one. */
      conv = hl_db_prepare (db,
                            "UPDATE conversations SET preview = ?2, rev = rev + 1"
                            " WHERE id = ?1 AND preview = ''",
                            error);
      if (conv == NULL)
        return 0;

      sqlite3_bind_int64 (conv, 1, data->conversation_id);
      hl_db_bind_text (conv, 2, preview);

      return hl_db_step_done (db, conv, error) ? id : 0;
    }

  conv = hl_db_prepare (db,
                        "UPDATE conversations SET"
                        "  preview = CASE WHEN ?2 >= last_activity_at OR message_count = 0 THEN ?3 ELSE preview END,"
                        "  last_activity_at = max (last_activity_at, ?2),"
                        "  waiting_since = CASE ?4"
                        "    WHEN 'incoming' THEN coalesce (waiting_since, ?2)"
                        "    WHEN 'outgoing' THEN NULL"
                        "    ELSE waiting_since END,"
                        "  message_count = message_count + 1,"
                        "  rev = rev + 1"
                        " WHERE id = ?1",
                        error);
  if (conv == NULL)
    return 0;

  sqlite3_bind_int64 (conv, 1, data->conversation_id);
  sqlite3_bind_int64 (conv, 2, data->created_at);
  hl_db_bind_text (conv, 3, preview);
  hl_db_bind_text (conv, 4, hl_enum_to_nick (HL_TYPE_MESSAGE_KIND, data->kind));

  if (!hl_db_step_done (db, conv, error))
    return 0;

  return id;
}

gint64
hl_db_insert_call (sqlite3           *db,
                   const HlCallData  *data,
                   GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = hl_db_prepare (db,
                        "INSERT INTO calls (remote_id, conversation_id, contact_id, agent_id, direction,"
                        "                   remote_uri, started_at, answered_at, ended_at, result,"
                        "                   disposition, wrap_up_note, recording_path, mos, jitter_ms,"
                        "                   loss_pct, rtt_ms)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                        error);
  if (stmt == NULL)
    return 0;

  hl_db_bind_text (stmt, 1, data->remote_id);
  hl_db_bind_id (stmt, 2, data->conversation_id);
  hl_db_bind_id (stmt, 3, data->contact_id);
  hl_db_bind_id (stmt, 4, data->agent_id);
  hl_db_bind_text (stmt, 5, hl_enum_to_nick (HL_TYPE_CALL_DIRECTION, data->direction));
  hl_db_bind_text (stmt, 6, data->remote_uri);
  sqlite3_bind_int64 (stmt, 7, data->started_at);
  hl_db_bind_time (stmt, 8, data->answered_at);
  hl_db_bind_time (stmt, 9, data->ended_at);
  hl_db_bind_text (stmt, 10, hl_enum_to_nick (HL_TYPE_CALL_RESULT, data->result));
  hl_db_bind_text (stmt, 11, data->disposition);
  hl_db_bind_text (stmt, 12, data->wrap_up_note);
  hl_db_bind_text (stmt, 13, data->recording_path);

  if (data->mos >= 0)
    {
      sqlite3_bind_double (stmt, 14, data->mos);
      sqlite3_bind_double (stmt, 15, data->jitter_ms);
      sqlite3_bind_double (stmt, 16, data->loss_pct);
      sqlite3_bind_double (stmt, 17, data->rtt_ms);
    }

  return step_insert (db, stmt, error);
}

gint64
hl_db_insert_article (sqlite3              *db,
                      const HlArticleData  *data,
                      GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = hl_db_prepare (db,
                        "INSERT INTO articles (remote_id, locale, category, title, body, updated_at)"
                        " VALUES (?1, ?2, coalesce (?3, ''), ?4, coalesce (?5, ''), ?6)",
                        error);
  if (stmt == NULL)
    return 0;

  hl_db_bind_text (stmt, 1, data->remote_id);
  hl_db_bind_text (stmt, 2, data->locale);
  hl_db_bind_text (stmt, 3, data->category);
  hl_db_bind_text (stmt, 4, data->title);
  hl_db_bind_text (stmt, 5, data->body);
  sqlite3_bind_int64 (stmt, 6, data->updated_at);

  return step_insert (db, stmt, error);
}

/* @queue: what the entry stays in order with (see the outbox table in hl-store-schema.c); NULL:
 * the target row, "<operation's table>:<target_id>". */
gint64
hl_db_outbox_add_queued (sqlite3     *db,
                         const char  *backend,
                         const char  *operation,
                         const char  *queue,
                         gint64       target_id,
                         const char  *payload,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *default_queue = NULL;

  if (queue == NULL)
    {
      const char *dot = strchr (operation, '.');
      int len = dot ? (int) (dot - operation) : (int) strlen (operation);

      queue = default_queue = g_strdup_printf ("%.*s:%" G_GINT64_FORMAT, len, operation, target_id);
    }

  stmt = hl_db_prepare (db,
                        "INSERT INTO outbox (backend, operation, queue, target_id, payload, created_at)"
                        " VALUES (?1, ?2, ?3, ?4, coalesce (?5, '{}'), ?6)",
                        error);
  if (stmt == NULL)
    return 0;

  hl_db_bind_text (stmt, 1, backend);
  hl_db_bind_text (stmt, 2, operation);
  hl_db_bind_text (stmt, 3, queue);
  hl_db_bind_id (stmt, 4, target_id);
  hl_db_bind_text (stmt, 5, payload);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);

  return step_insert (db, stmt, error);
}

gint64
hl_db_outbox_add (sqlite3     *db,
                  const char  *backend,
                  const char  *operation,
                  gint64       target_id,
                  const char  *payload,
                  GError     **error)
{
  return hl_db_outbox_add_queued (db, backend, operation, NULL, target_id, payload, error);
}

gboolean
hl_db_set_sync_value (sqlite3     *db,
                      const char  *backend,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = hl_db_prepare (db,
                        "INSERT INTO sync_state (backend, key, value) VALUES (?1, ?2, ?3)"
                        " ON CONFLICT (backend, key) DO UPDATE SET value = excluded.value",
                        error);
  if (stmt == NULL)
    return FALSE;

  hl_db_bind_text (stmt, 1, backend);
  hl_db_bind_text (stmt, 2, key);
  hl_db_bind_text (stmt, 3, value);

  return hl_db_step_done (db, stmt, error);
}

char *
hl_db_get_sync_value (sqlite3     *db,
                      const char  *backend,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = hl_db_prepare (db, "SELECT value FROM sync_state WHERE backend = ?1 AND key = ?2", error)))
    return NULL;

  hl_db_bind_text (stmt, 1, backend);
  hl_db_bind_text (stmt, 2, key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    hl_store_set_error (error, db, rc);

  return NULL;
}

/* hl-store-sync.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hl-enums.h"
#include "hl-store-sync.h"

/* Each writer looks the row up by remote id first: an UPDATE keeps the local id that
 * conversations, messages and calls refer to (an INSERT OR REPLACE would give a new one and
 * cascade-delete the messages). Updates only bump "rev" when something changed, so that a delta
 * sync that brings nothing new doesn't make every list refresh. */

static const char * const reference_kinds[] = {
  [HL_REFERENCE_INBOX] = "inbox",
  [HL_REFERENCE_TEAM] = "team",
  [HL_REFERENCE_LABEL] = "label",
  [HL_REFERENCE_CANNED_RESPONSE] = "canned-response",
  [HL_REFERENCE_CONTACT_ATTRIBUTE] = "contact-attribute",
  [HL_REFERENCE_CONVERSATION_ATTRIBUTE] = "conversation-attribute",
};

const char *
hl_reference_kind_to_string (HlReferenceKind kind)
{
  g_return_val_if_fail (kind < HL_N_REFERENCE_KINDS, NULL);

  return reference_kinds[kind];
}

static const char *
table_name (HlStoreTables table)
{
  static const struct { HlStoreTables table; const char *name; } names[] = {
    { HL_STORE_TABLE_AGENTS, "agents" },
    { HL_STORE_TABLE_CONTACTS, "contacts" },
    { HL_STORE_TABLE_CONVERSATIONS, "conversations" },
    { HL_STORE_TABLE_MESSAGES, "messages" },
    { HL_STORE_TABLE_CALLS, "calls" },
    { HL_STORE_TABLE_ARTICLES, "articles" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].table == table)
      return names[i].name;

  return NULL;
}

static gboolean
find_by (sqlite3     *db,
         const char  *sql,
         const char  *key,
         gint64      *id,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *id = 0;
  if (key == NULL)
    return TRUE;

  if (!(stmt = hl_db_prepare (db, sql, error)))
    return FALSE;

  hl_db_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return hl_store_set_error (error, db, rc);

  return TRUE;
}

/* The local id of the row of @table with @remote_id, or 0 in @id when there is none. */
gboolean
hl_store_sync_find (sqlite3        *db,
                    HlStoreTables   table,
                    const char     *remote_id,
                    gint64         *id,
                    GError        **error)
{
  const char *name = table_name (table);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  sql = g_strdup_printf ("SELECT id FROM %s WHERE remote_id = ?1", name);
  return find_by (db, sql, remote_id, id, error);
}

gint64
hl_store_sync_agent (sqlite3            *db,
                     const HlAgentData  *data,
                     GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (data->remote_id != NULL, 0);

  if (!hl_store_sync_find (db, HL_STORE_TABLE_AGENTS, data->remote_id, &id, error))
    return 0;
  if (id == 0)
    return hl_db_insert_agent (db, data, error);

  /* The agent list has no teams; an agent's teams stay as they were. */
  stmt = hl_db_prepare (db,
                        "UPDATE agents SET name = ?2, email = ?3, role = ?4,"
                        "  availability_since = CASE WHEN availability IS ?5 THEN availability_since ELSE ?6 END,"
                        "  availability = ?5, is_me = ?7, rev = rev + 1"
                        " WHERE id = ?1 AND (name IS NOT ?2 OR email IS NOT ?3 OR role IS NOT ?4"
                        "                    OR availability IS NOT ?5 OR is_me IS NOT ?7)",
                        error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, id);
  hl_db_bind_text (stmt, 2, data->name);
  hl_db_bind_text (stmt, 3, data->email);
  hl_db_bind_text (stmt, 4, hl_enum_to_nick (HL_TYPE_AGENT_ROLE, data->role));
  hl_db_bind_text (stmt, 5, hl_enum_to_nick (HL_TYPE_AVAILABILITY, data->availability));
  hl_db_bind_time (stmt, 6, data->availability_since ? data->availability_since
                                                     : g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 7, data->is_me);

  return hl_db_step_done (db, stmt, error) ? id : 0;
}

/* Presence (API.md §11.3): @availability maps the remote ids of the agents who are present to
 * their HlAvailability (GINT_TO_POINTER); every other agent of the server is offline. */
gboolean
hl_store_sync_presence (sqlite3     *db,
                        GHashTable  *availability,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  int rc;

  if (!(select = hl_db_prepare (db, "SELECT id, remote_id, availability FROM agents WHERE remote_id IS NOT NULL",
                                error)) ||
      !(update = hl_db_prepare (db,
                                "UPDATE agents SET availability = ?2, availability_since = ?3, rev = rev + 1"
                                " WHERE id = ?1",
                                error)))
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *remote_id = (const char *) sqlite3_column_text (select, 1);
      const char *current = (const char *) sqlite3_column_text (select, 2);
      gpointer value = NULL;
      HlAvailability state = HL_AVAILABILITY_OFFLINE;
      const char *nick;

      if (g_hash_table_lookup_extended (availability, remote_id, NULL, &value))
        state = GPOINTER_TO_INT (value);
      nick = hl_enum_to_nick (HL_TYPE_AVAILABILITY, state);

      if (g_strcmp0 (current, nick) != 0)
        {
          gint64 id = sqlite3_column_int64 (select, 0);

          g_array_append_val (ids, id);
          g_ptr_array_add (states, (gpointer) nick);
        }
    }
  if (rc != SQLITE_DONE)
    return hl_store_set_error (error, db, rc);

  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (ids, gint64, i));
      hl_db_bind_text (update, 2, g_ptr_array_index (states, i));
      sqlite3_bind_int64 (update, 3, now);
      if (!hl_db_step_done (db, update, error))
        return FALSE;
    }

  return TRUE;
}

gint64
hl_store_sync_contact (sqlite3              *db,
                       const HlContactData  *data,
                       gint64                now,
                       GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *phone_key = NULL;
  gint64 id;

  g_return_val_if_fail (data->remote_id != NULL, 0);

  if (!hl_store_sync_find (db, HL_STORE_TABLE_CONTACTS, data->remote_id, &id, error))
    return 0;

  if (id == 0)
    {
      HlContactData copy = *data;

      if (copy.created_at == 0)
        copy.created_at = now;
      return hl_db_insert_contact (db, &copy, error);
    }

  /* Chatwoot has no notes or locale field of its own here: what the agent keeps stays. */
  phone_key = hl_normalize_phone (data->phone);
  stmt = hl_db_prepare (db,
                        "UPDATE contacts SET name = ?2, email = ?3, phone = ?4, phone_key = ?5,"
                        "  company = ?6, city = ?7, country = ?8, notes = coalesce (?9, notes),"
                        "  attributes = coalesce (?10, '{}'), updated_at = ?11, rev = rev + 1"
                        " WHERE id = ?1 AND (name IS NOT ?2 OR email IS NOT ?3 OR phone IS NOT ?4"
                        "   OR company IS NOT ?6 OR city IS NOT ?7 OR country IS NOT ?8"
                        "   OR notes IS NOT coalesce (?9, notes) OR attributes IS NOT coalesce (?10, '{}'))",
                        error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, id);
  hl_db_bind_text (stmt, 2, data->name ? data->name : "");
  hl_db_bind_text (stmt, 3, data->email);
  hl_db_bind_text (stmt, 4, data->phone);
  hl_db_bind_text (stmt, 5, phone_key);
  hl_db_bind_text (stmt, 6, data->company);
  hl_db_bind_text (stmt, 7, data->city);
  hl_db_bind_text (stmt, 8, data->country);
  hl_db_bind_text (stmt, 9, data->notes);
  hl_db_bind_text (stmt, 10, data->attributes);
  sqlite3_bind_int64 (stmt, 11, now);

  return hl_db_step_done (db, stmt, error) ? id : 0;
}

gboolean
hl_store_sync_delete_contact (sqlite3     *db,
                              const char  *remote_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = hl_db_prepare (db, "DELETE FROM contacts WHERE remote_id = ?1", error)))
    return FALSE;

  hl_db_bind_text (stmt, 1, remote_id);
  return hl_db_step_done (db, stmt, error);
}

static gboolean
replace_labels (sqlite3             *db,
                gint64               conversation_id,
                const char * const  *labels,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;

  if (!(clear = hl_db_prepare (db, "DELETE FROM conversation_labels WHERE conversation_id = ?1", error)) ||
      !(add = hl_db_prepare (db, "INSERT OR IGNORE INTO conversation_labels (conversation_id, label) VALUES (?1, ?2)",
                             error)))
    return FALSE;

  sqlite3_bind_int64 (clear, 1, conversation_id);
  if (!hl_db_step_done (db, clear, error))
    return FALSE;

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      sqlite3_reset (add);
      sqlite3_bind_int64 (add, 1, conversation_id);
      hl_db_bind_text (add, 2, labels[i]);
      if (!hl_db_step_done (db, add, error))
        return FALSE;
    }

  return TRUE;
}

/* @data's contact_id and assignee_id are local ids (0: none). @last_activity_at only moves the
 * row's time forward; @waiting_since 0 means nobody is waiting. */
gint64
hl_store_sync_conversation (sqlite3                   *db,
                            const HlConversationData  *data,
                            gint64                     last_activity_at,
                            gint64                     waiting_since,
                            GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (data->remote_id != NULL, 0);

  if (!hl_store_sync_find (db, HL_STORE_TABLE_CONVERSATIONS, data->remote_id, &id, error))
    return 0;

  if (id == 0)
    {
      if (!(id = hl_db_insert_conversation (db, data, error)))
        return 0;
    }
  else
    {
      stmt = hl_db_prepare (db,
                            "UPDATE conversations SET channel = ?2, inbox = coalesce (?3, ''), subject = ?4,"
                            "  status = ?5, priority = ?6, assignee_id = ?7, team = ?8,"
                            "  contact_id = coalesce (?9, contact_id), unread = ?10, snoozed_until = ?11,"
                            "  rev = rev + 1"
                            " WHERE id = ?1",
                            error);
      if (stmt == NULL)
        return 0;

      sqlite3_bind_int64 (stmt, 1, id);
      hl_db_bind_text (stmt, 2, hl_enum_to_nick (HL_TYPE_CHANNEL, data->channel));
      hl_db_bind_text (stmt, 3, data->inbox);
      hl_db_bind_text (stmt, 4, data->subject);
      hl_db_bind_text (stmt, 5, hl_enum_to_nick (HL_TYPE_CONVERSATION_STATUS, data->status));
      sqlite3_bind_int (stmt, 6, data->priority);
      hl_db_bind_id (stmt, 7, data->assignee_id);
      hl_db_bind_text (stmt, 8, data->team);
      hl_db_bind_id (stmt, 9, data->contact_id);
      sqlite3_bind_int (stmt, 10, data->unread);
      hl_db_bind_time (stmt, 11, data->snoozed_until);

      if (!hl_db_step_done (db, stmt, error) ||
          !replace_labels (db, id, data->labels, error))
        return 0;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  stmt = hl_db_prepare (db,
                        "UPDATE conversations SET last_activity_at = max (last_activity_at, ?2),"
                        "  waiting_since = ?3"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, last_activity_at);
  hl_db_bind_time (stmt, 3, waiting_since);

  return hl_db_step_done (db, stmt, error) ? id : 0;
}

/* A conversation's unread count alone, as message events carry it. */
gboolean
hl_store_sync_unread (sqlite3     *db,
                      const char  *conversation_remote_id,
                      int          unread,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = hl_db_prepare (db,
                        "UPDATE conversations SET unread = ?2, rev = rev + 1"
                        " WHERE remote_id = ?1 AND unread IS NOT ?2",
                        error);
  if (stmt == NULL)
    return FALSE;

  hl_db_bind_text (stmt, 1, conversation_remote_id);
  sqlite3_bind_int (stmt, 2, unread);

  return hl_db_step_done (db, stmt, error);
}

/* @data's conversation_id and sender_agent_id are local ids. @error_text is the server's reason
 * for a failed delivery, or NULL. */
gint64
hl_store_sync_message (sqlite3              *db,
                       const HlMessageData  *data,
                       const char           *error_text,
                       GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (data->remote_id != NULL, 0);
  g_return_val_if_fail (data->conversation_id > 0, 0);

  if (!hl_store_sync_find (db, HL_STORE_TABLE_MESSAGES, data->remote_id, &id, error))
    return 0;
  if (id == 0 && data->echo_id != NULL &&
      !find_by (db, "SELECT id FROM messages WHERE echo_id = ?1", data->echo_id, &id, error))
    return 0;

  if (id == 0)
    {
      if (!(id = hl_db_insert_message (db, data, error)))
        return 0;
      if (error_text == NULL)
        return id;
    }

  stmt = hl_db_prepare (db,
                        "UPDATE messages SET remote_id = ?2, body = ?3, delivery = ?4, error = ?5,"
                        "  created_at = ?6, attachments = coalesce (?7, '[]'),"
                        "  sender_agent_id = coalesce (?8, sender_agent_id),"
                        "  sender_name = coalesce (?9, sender_name), rev = rev + 1"
                        " WHERE id = ?1 AND (remote_id IS NOT ?2 OR body IS NOT ?3 OR delivery IS NOT ?4"
                        "   OR error IS NOT ?5 OR created_at IS NOT ?6 OR attachments IS NOT coalesce (?7, '[]'))",
                        error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, id);
  hl_db_bind_text (stmt, 2, data->remote_id);
  hl_db_bind_text (stmt, 3, data->body ? data->body : "");
  hl_db_bind_text (stmt, 4, hl_enum_to_nick (HL_TYPE_DELIVERY, data->delivery));
  hl_db_bind_text (stmt, 5, error_text);
  sqlite3_bind_int64 (stmt, 6, data->created_at);
  hl_db_bind_text (stmt, 7, data->attachments);
  hl_db_bind_id (stmt, 8, data->sender_agent_id);
  hl_db_bind_text (stmt, 9, data->sender_name);

  return hl_db_step_done (db, stmt, error) ? id : 0;
}

/* "refetch:conversation:12" for a conversation or contact with that remote id, else NULL */
char *
hl_store_sync_refetch_mark (HlStoreTables  table,
                            const char    *remote_id)
{
  if (remote_id == NULL || remote_id[0] == '\0')
    return NULL;
  if (table == HL_STORE_TABLE_CONVERSATIONS)
    return g_strconcat ("refetch:conversation:", remote_id, NULL);
  if (table == HL_STORE_TABLE_CONTACTS)
    return g_strconcat ("refetch:contact:", remote_id, NULL);
  return NULL;
}

gboolean
hl_store_sync_add_refetch (sqlite3     *db,
                           const char  *backend,
                           const char  *mark,
                           GError     **error)
{
  return hl_db_set_sync_value (db, backend, mark, "", error);
}

char **
hl_store_sync_list_refetches (sqlite3     *db,
                              const char  *backend,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!(stmt = hl_db_prepare (db, "SELECT key FROM sync_state WHERE backend = ?1 AND key LIKE 'refetch:%' ORDER BY key",
                              error)))
    return NULL;
  hl_db_bind_text (stmt, 1, backend);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (marks, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }
  g_ptr_array_add (marks, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&marks), FALSE);
}

gboolean
hl_store_sync_forget_refetches (sqlite3             *db,
                                const char          *backend,
                                const char * const  *marks,
                                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = hl_db_prepare (db, "DELETE FROM sync_state WHERE backend = ?1 AND key = ?2", error)))
    return FALSE;
  for (guint i = 0; marks[i] != NULL; i++)
    {
      hl_db_bind_text (stmt, 1, backend);
      hl_db_bind_text (stmt, 2, marks[i]);
      if (!hl_db_step_done (db, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* Removes every article from the server that is not in @remote_ids: those a complete refresh of the
 * help center no longer saw published (made draft, archived or deleted). */
gboolean
hl_store_sync_keep_articles (sqlite3             *db,
                             const char * const  *remote_ids,
                             HlStoreTables       *changed,
                             GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *ids = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; remote_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, remote_ids[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  ids = json_to_string (root, FALSE);

  if (!(stmt = hl_db_prepare (db, "DELETE FROM articles WHERE remote_id IS NOT NULL"
                                  " AND remote_id NOT IN (SELECT value FROM json_each (?1))", error)))
    return FALSE;
  hl_db_bind_text (stmt, 1, ids);
  if (!hl_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) > 0)
    *changed |= HL_STORE_TABLE_ARTICLES;
  return TRUE;
}

gint64
hl_store_sync_article (sqlite3              *db,
                       const HlArticleData  *data,
                       GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (data->remote_id != NULL, 0);

  if (!hl_store_sync_find (db, HL_STORE_TABLE_ARTICLES, data->remote_id, &id, error))
    return 0;
  if (id == 0)
    return hl_db_insert_article (db, data, error);

  stmt = hl_db_prepare (db,
                        "UPDATE articles SET locale = ?2, category = coalesce (?3, ''), title = ?4,"
                        "  body = coalesce (?5, ''), updated_at = ?6, rev = rev + 1"
                        " WHERE id = ?1 AND (locale IS NOT ?2 OR category IS NOT coalesce (?3, '')"
                        "   OR title IS NOT ?4 OR body IS NOT coalesce (?5, '') OR updated_at IS NOT ?6)",
                        error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, id);
  hl_db_bind_text (stmt, 2, data->locale);
  hl_db_bind_text (stmt, 3, data->category);
  hl_db_bind_text (stmt, 4, data->title);
  hl_db_bind_text (stmt, 5, data->body);
  sqlite3_bind_int64 (stmt, 6, data->updated_at);

  return hl_db_step_done (db, stmt, error) ? id : 0;
}

/* Replaces the whole list of @kind: entries are upserted, entries the server no longer has go. */
gboolean
hl_store_sync_references (sqlite3                *db,
                          HlReferenceKind         kind,
                          const HlReferenceData  *items,
                          guint                   n_items,
                          GError                **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) prune = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) ids = NULL;
  g_autofree char *ids_text = NULL;

  g_return_val_if_fail (kind < HL_N_REFERENCE_KINDS, FALSE);

  upsert = hl_db_prepare (db,
                          "INSERT INTO reference_items (kind, remote_id, key, name, value, details)"
                          " VALUES (?1, ?2, coalesce (?3, ''), coalesce (?4, ''), ?5, coalesce (?6, '{}'))"
                          " ON CONFLICT (kind, remote_id) DO UPDATE SET key = excluded.key, name = excluded.name,"
                          "   value = excluded.value, details = excluded.details, rev = rev + 1"
                          " WHERE key IS NOT excluded.key OR name IS NOT excluded.name"
                          "   OR value IS NOT excluded.value OR details IS NOT excluded.details",
                          error);
  prune = hl_db_prepare (db,
                         "DELETE FROM reference_items WHERE kind = ?1"
                         " AND remote_id NOT IN (SELECT value FROM json_each (?2))",
                         error);
  if (upsert == NULL || prune == NULL)
    return FALSE;

  json_builder_begin_array (builder);
  for (guint i = 0; i < n_items; i++)
    {
      sqlite3_reset (upsert);
      hl_db_bind_text (upsert, 1, reference_kinds[kind]);
      hl_db_bind_text (upsert, 2, items[i].remote_id);
      hl_db_bind_text (upsert, 3, items[i].key);
      hl_db_bind_text (upsert, 4, items[i].name);
      hl_db_bind_text (upsert, 5, items[i].value);
      hl_db_bind_text (upsert, 6, items[i].details);
      if (!hl_db_step_done (db, upsert, error))
        return FALSE;
      json_builder_add_string_value (builder, items[i].remote_id);
    }
  json_builder_end_array (builder);

  ids = json_builder_get_root (builder);
  ids_text = json_to_string (ids, FALSE);
  hl_db_bind_text (prune, 1, reference_kinds[kind]);
  hl_db_bind_text (prune, 2, ids_text);

  return hl_db_step_done (db, prune, error);
}

/* The highest remote message id the store has for a conversation (0: none): the "after" cursor of
 * a delta sync. Remote ids are decimal strings, compared as numbers. */
gint64
hl_store_sync_newest_message (sqlite3  *db,
                              gint64    conversation_id,
                              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 newest = 0;
  int rc;

  stmt = hl_db_prepare (db,
                        "SELECT coalesce (max (CAST (remote_id AS INTEGER)), 0) FROM messages"
                        " WHERE conversation_id = ?1 AND remote_id IS NOT NULL",
                        error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    newest = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return hl_store_set_error (error, db, rc), -1;

  return newest;
}

/* hl-store-inbox.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-enums.h"
#include "hl-store-db.h"
#include "hl-store-inbox.h"
#include "hl-store-private.h"
#include "hl-store-search.h"

/* The SQL is assembled from fixed fragments only: channel, status and priority filters come from
 * enums, and every value the agent or the server chose (inbox and label names, the search, the
 * agent's id) is a bound parameter. A view switch or a filter change is one query over
 * conversations that the status and assignee indexes serve; counting the three views is one more
 * pass with the same conditions. */

HlInboxFilter *
hl_inbox_filter_new (void)
{
  return g_new0 (HlInboxFilter, 1);
}

HlInboxFilter *
hl_inbox_filter_copy (const HlInboxFilter *filter)
{
  HlInboxFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_memdup2 (filter, sizeof *filter);
  copy->inboxes = g_strdupv (filter->inboxes);
  copy->labels = g_strdupv (filter->labels);
  copy->search = g_strdup (filter->search);

  return copy;
}

void
hl_inbox_filter_free (HlInboxFilter *filter)
{
  if (filter == NULL)
    return;

  g_strfreev (filter->inboxes);
  g_strfreev (filter->labels);
  g_free (filter->search);
  g_free (filter);
}

/* No filter the agent can clear: the search and the sort don't count. */
gboolean
hl_inbox_filter_is_empty (const HlInboxFilter *filter)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return filter->channels == 0 && filter->statuses == 0 && filter->priorities == 0 &&
         (filter->inboxes == NULL || filter->inboxes[0] == NULL) &&
         (filter->labels == NULL || filter->labels[0] == NULL);
}

typedef struct
{
  GString         *sql;
  GVariantBuilder  params;
  guint            n_params;
} Query;

/* Appends "?N" for a new bound parameter. */
static void
add_param (Query    *query,
           GVariant *value)
{
  g_variant_builder_add_value (&query->params, value);
  g_string_append_printf (query->sql, "?%u", ++query->n_params);
}

static void
add_enum_set (Query      *query,
              const char *column,
              GType       enum_type,
              guint       bits,
              gboolean    as_nick)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  gboolean first = TRUE;

  g_string_append_printf (query->sql, " AND c.%s IN (", column);
  for (guint i = 0; i < klass->n_values; i++)
    {
      int value = klass->values[i].value;

      if (value < 0 || value >= 32 || !(bits & (1u << value)))
        continue;

      if (!first)
        g_string_append (query->sql, ", ");
      first = FALSE;

      /* Nicks are compile-time identifiers ([a-z]+), safe to quote. */
      if (as_nick)
        g_string_append_printf (query->sql, "'%s'", klass->values[i].value_nick);
      else
        g_string_append_printf (query->sql, "%d", value);
    }
  if (first)
    g_string_append (query->sql, "NULL");
  g_string_append_c (query->sql, ')');
}

static void
add_string_set (Query              *query,
                const char         *prefix,
                const char * const *values,
                const char         *suffix)
{
  g_string_append (query->sql, prefix);
  for (guint i = 0; values[i]; i++)
    {
      if (i > 0)
        g_string_append (query->sql, ", ");
      add_param (query, g_variant_new_string (values[i]));
    }
  g_string_append (query->sql, suffix);
}

/* The conditions shared by the list and the counts, without the view's. */
static void
add_conditions (Query               *query,
                const HlInboxFilter *filter)
{
  g_autofree char *fts = hl_fts_build_query (filter->search);

  if (filter->statuses != 0)
    add_enum_set (query, "status", HL_TYPE_CONVERSATION_STATUS, filter->statuses, TRUE);
  else
    g_string_append (query->sql, " AND c.status != 'resolved'");

  if (filter->channels != 0)
    add_enum_set (query, "channel", HL_TYPE_CHANNEL, filter->channels, TRUE);
  if (filter->priorities != 0)
    add_enum_set (query, "priority", HL_TYPE_PRIORITY, filter->priorities, FALSE);

  if (filter->inboxes && filter->inboxes[0])
    add_string_set (query, " AND c.inbox IN (", (const char * const *) filter->inboxes, ")");
  if (filter->labels && filter->labels[0])
    add_string_set (query, " AND c.id IN (SELECT conversation_id FROM conversation_labels WHERE label IN (",
                    (const char * const *) filter->labels, "))");

  /* One set of matches for the list and the counts (app/store/hl-store-inbox-search.c). */
  if (fts != NULL)
    {
      g_string_append (query->sql, " AND hl_inbox_search (c.id, c.contact_id, ");
      add_param (query, g_variant_new_string (filter->search));
      g_string_append_c (query->sql, ')');
    }
}

/* Returns the "SELECT id, rev" query of @view under @filter, for an HlQueryModel, and its
 * parameters in @params (a floating tuple). */
char *
hl_inbox_filter_build_query (const HlInboxFilter  *filter,
                             HlInboxView           view,
                             gint64                me_id,
                             GVariant            **params)
{
  Query query = { g_string_new ("SELECT c.id, c.rev FROM conversations c WHERE 1"), };

  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (view < HL_N_INBOX_VIEWS, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  g_variant_builder_init (&query.params, G_VARIANT_TYPE_TUPLE);

  if (view == HL_INBOX_VIEW_MINE)
    {
      g_string_append (query.sql, " AND c.assignee_id = ");
      add_param (&query, g_variant_new_int64 (me_id));
    }
  else if (view == HL_INBOX_VIEW_UNASSIGNED)
    g_string_append (query.sql, " AND c.assignee_id IS NULL");

  add_conditions (&query, filter);

  switch (filter->sort)
    {
    case HL_INBOX_SORT_WAITING:
      g_string_append (query.sql, " ORDER BY c.waiting_since IS NULL, c.waiting_since, c.id");
      break;
    case HL_INBOX_SORT_PRIORITY:
      g_string_append (query.sql, " ORDER BY c.priority DESC, c.last_activity_at DESC, c.id DESC");
      break;
    case HL_INBOX_SORT_ACTIVITY:
    default:
      g_string_append (query.sql, " ORDER BY c.last_activity_at DESC, c.id DESC");
      break;
    }

  /* An empty tuple is "()", which the model binds as nothing. */
  *params = g_variant_builder_end (&query.params);

  return g_string_free (query.sql, FALSE);
}

/* Counts */

typedef struct
{
  char     *sql;
  GVariant *params;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_free (job->sql);
  g_clear_pointer (&job->params, g_variant_unref);
  g_free (job);
}

static gpointer
count_views (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  CountJob *job = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint *counts;
  int rc;

  if (!(stmt = hl_db_prepare (db, job->sql, error)) ||
      !hl_db_bind_params (db, stmt, job->params, error))
    return NULL;

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  counts = g_new0 (guint, HL_N_INBOX_VIEWS);
  for (guint i = 0; i < HL_N_INBOX_VIEWS; i++)
    counts[i] = (guint) sqlite3_column_int64 (stmt, (int) i);

  return counts;
}

/* Counts the conversations of each view under @filter (the search included), in one pass. */
void
hl_store_count_inbox_async (HlStore             *self,
                            const HlInboxFilter *filter,
                            gint64               me_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Query query = { g_string_new (NULL), };
  CountJob *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (filter != NULL);

  g_variant_builder_init (&query.params, G_VARIANT_TYPE_TUPLE);
  g_string_append (query.sql, "SELECT coalesce (sum (c.assignee_id = ");
  add_param (&query, g_variant_new_int64 (me_id));
  g_string_append (query.sql, "), 0), coalesce (sum (c.assignee_id IS NULL), 0), count (*)"
                              " FROM conversations c WHERE 1");
  add_conditions (&query, filter);

  job = g_new0 (CountJob, 1);
  job->params = g_variant_ref_sink (g_variant_builder_end (&query.params));
  job->sql = g_string_free (query.sql, FALSE);

  hl_store_run_async (self, count_views, job, count_job_free, g_free, cancellable, callback, user_data);
}

gboolean
hl_store_count_inbox_finish (HlStore       *self,
                             GAsyncResult  *result,
                             guint          counts[HL_N_INBOX_VIEWS],
                             GError       **error)
{
  g_autofree guint *found = hl_store_run_finish (self, result, error);

  if (found == NULL)
    return FALSE;

  memcpy (counts, found, sizeof (guint) * HL_N_INBOX_VIEWS);
  return TRUE;
}

/* Choices */

void
hl_inbox_choices_free (HlInboxChoices *choices)
{
  if (choices == NULL)
    return;

  g_strfreev (choices->inboxes);
  g_strfreev (choices->labels);
  g_clear_pointer (&choices->agent_ids, g_array_unref);
  g_strfreev (choices->agent_names);
  g_clear_pointer (&choices->team_ids, g_array_unref);
  g_strfreev (choices->team_names);
  g_free (choices);
}

/* Reads (id, name) rows, or (name) rows when @ids is NULL. */
static gboolean
read_pairs (sqlite3     *db,
            const char  *sql,
            GArray     **ids,
            GStrv       *names,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (!(stmt = hl_db_prepare (db, sql, error)))
    return FALSE;

  if (ids)
    *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (ids)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (*ids, id);
          g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 1));
        }
      else
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
    }

  *names = g_strv_builder_end (builder);

  if (rc != SQLITE_DONE)
    return hl_store_set_error (error, db, rc);

  return TRUE;
}

static gpointer
read_choices (sqlite3        *db,
              gpointer        data,
              HlStoreTables  *changed,
              GError        **error)
{
  g_autoptr(HlInboxChoices) choices = g_new0 (HlInboxChoices, 1);

  /* The server's lists come first; a local or demo workspace only has what its rows use. */
  if (!read_pairs (db,
                   "SELECT name FROM reference_items WHERE kind = 'inbox' AND name != ''"
                   " UNION SELECT DISTINCT inbox FROM conversations WHERE inbox != '' ORDER BY 1",
                   NULL, &choices->inboxes, error) ||
      !read_pairs (db,
                   "SELECT key FROM reference_items WHERE kind = 'label' AND key IS NOT NULL"
                   " UNION SELECT DISTINCT label FROM conversation_labels ORDER BY 1",
                   NULL, &choices->labels, error) ||
      !read_pairs (db, "SELECT id, name FROM agents ORDER BY is_me DESC, name COLLATE NOCASE, id",
                   &choices->agent_ids, &choices->agent_names, error) ||
      !read_pairs (db,
                   "SELECT max (id), name FROM ("
                   "  SELECT CAST (remote_id AS INTEGER) AS id, name FROM reference_items WHERE kind = 'team'"
                   "  UNION ALL SELECT DISTINCT 0, team FROM conversations WHERE team IS NOT NULL AND team != '')"
                   " GROUP BY name ORDER BY name COLLATE NOCASE",
                   &choices->team_ids, &choices->team_names, error))
    return NULL;

  return g_steal_pointer (&choices);
}

void
hl_store_list_inbox_choices_async (HlStore             *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));

  hl_store_run_async (self, read_choices, NULL, NULL, (GDestroyNotify) hl_inbox_choices_free,
                      cancellable, callback, user_data);
}

HlInboxChoices *
hl_store_list_inbox_choices_finish (HlStore       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return hl_store_run_finish (self, result, error);
}

/* News */

typedef struct
{
  gint64 after;
  gint64 me;
} NewsJob;

static void
new_message_free (gpointer data)
{
  HlInboxNewMessage *message = data;

  g_free (message->customer);
  g_free (message->body);
  g_free (message);
}

void
hl_inbox_news_free (HlInboxNews *news)
{
  if (news == NULL)
    return;

  g_clear_pointer (&news->messages, g_ptr_array_unref);
  g_free (news);
}

static gpointer
read_news (sqlite3        *db,
           gpointer        data,
           HlStoreTables  *changed,
           GError        **error)
{
  NewsJob *job = data;
  g_autoptr(HlInboxNews) news = g_new0 (HlInboxNews, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  news->messages = g_ptr_array_new_with_free_func (new_message_free);
  news->last_message_id = hl_db_query_int64 (db, "SELECT coalesce (max (id), 0) FROM messages", &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!(stmt = hl_db_prepare (db,
                              "SELECT count (*) FROM conversations WHERE unread > 0 AND status != 'resolved'"
                              " AND (assignee_id = ?1 OR assignee_id IS NULL)", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job->me);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }
  news->unread = (guint) sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The first look only sets the mark: what was there before isn't news. */
  if (job->after < 0)
    return g_steal_pointer (&news);

  if (!(stmt = hl_db_prepare (db,
                              "SELECT m.conversation_id,"
                              "       coalesce (nullif (ct.name, ''), nullif (ct.phone, ''), ct.email, ''), m.body"
                              " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                              " LEFT JOIN contacts ct ON ct.id = c.contact_id"
                              " WHERE m.id > ?1 AND m.id <= ?3 AND m.kind = 'incoming' AND c.status != 'resolved'"
                              "   AND (c.assignee_id = ?2 OR c.assignee_id IS NULL)"
                              " ORDER BY m.id LIMIT 20", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job->after);
  sqlite3_bind_int64 (stmt, 2, job->me);
  sqlite3_bind_int64 (stmt, 3, news->last_message_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HlInboxNewMessage *message = g_new0 (HlInboxNewMessage, 1);

      message->conversation_id = sqlite3_column_int64 (stmt, 0);
      message->customer = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      message->body = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (news->messages, message);
    }

  if (rc != SQLITE_DONE)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return g_steal_pointer (&news);
}

/* @after_message_id: the last look's HlInboxNews:last_message_id, or -1 for the first look. */
void
hl_store_read_inbox_news_async (HlStore             *self,
                                gint64               after_message_id,
                                gint64               me_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  NewsJob *job;

  g_return_if_fail (HL_IS_STORE (self));

  job = g_new0 (NewsJob, 1);
  job->after = after_message_id;
  job->me = me_id;

  hl_store_run_async (self, read_news, job, g_free, (GDestroyNotify) hl_inbox_news_free,
                      cancellable, callback, user_data);
}

HlInboxNews *
hl_store_read_inbox_news_finish (HlStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return hl_store_run_finish (self, result, error);
}

/* Read */

static gpointer
find_read (sqlite3        *db,
           gpointer        data,
           HlStoreTables  *changed,
           GError        **error)
{
  GArray *ids = data;
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = hl_db_prepare (db, "SELECT unread FROM conversations WHERE id = ?1", error)))
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          hl_store_set_error (error, db, rc);
          return NULL;
        }
      if (rc == SQLITE_DONE || sqlite3_column_int64 (stmt, 0) == 0)
        g_array_append_val (read, id);
    }

  return g_steal_pointer (&read);
}

/* Which of the conversations @ids (gint64) have no unread message left, or are gone: a GArray of
 * their ids, for withdrawing their notifications. */
void
hl_store_find_read_conversations_async (HlStore             *self,
                                        GArray              *ids,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (ids != NULL);

  hl_store_run_async (self, find_read, g_array_copy (ids), (GDestroyNotify) g_array_unref,
                      (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
hl_store_find_read_conversations_finish (HlStore       *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return hl_store_run_finish (self, result, error);
}

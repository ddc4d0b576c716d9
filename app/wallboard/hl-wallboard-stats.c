/* hl-wallboard-stats.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlWallboard"

#include "config.h"

#include "hl-agent.h"
#include "hl-store-private.h"
#include "hl-wallboard-stats.h"

/* Every figure of the wallboard, computed on the store worker in one job: three aggregate queries
 * (open conversations, today's calls, agents) and one row read per agent for the list. A contact
 * centre has tens of agents and hundreds of open conversations, so this takes a millisecond or two
 * and can run whenever something changes. */

static const char conversations_sql[] =
  "SELECT count (*),"
  "       sum (channel = 'phone'), sum (channel = 'chat'), sum (channel = 'email'),"
  "       sum (assignee_id IS NULL),"
  "       count (waiting_since),"
  "       min (waiting_since),"
  "       sum (waiting_since IS NOT NULL AND first_response_due IS NOT NULL AND first_response_due < ?1)"
  "  FROM conversations WHERE status = 'open'";

static const char calls_sql[] =
  "SELECT sum (direction = 'incoming'),"
  "       sum (direction = 'incoming' AND result = 'answered'),"
  "       sum (direction = 'incoming' AND result IN ('missed', 'abandoned')),"
  "       sum (direction = 'incoming' AND result = 'answered' AND answered_at IS NOT NULL"
  "            AND answered_at - started_at <= ?2),"
  "       avg (CASE WHEN result = 'answered' AND answered_at IS NOT NULL AND ended_at >= answered_at"
  "                 THEN ended_at - answered_at END),"
  "       avg (CASE WHEN mos > 0 THEN mos END)"
  "  FROM calls WHERE started_at >= ?1";

static const char agents_sql[] =
  "SELECT id, availability FROM agents"
  " ORDER BY CASE availability WHEN 'online' THEN 0 WHEN 'busy' THEN 1 ELSE 2 END,"
  "          name COLLATE NOCASE, id";

/* Local midnight of the day @now falls in. */
gint64
hl_wallboard_start_of_day (gint64 now)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) midnight = NULL;

  if (local == NULL)
    return now;

  midnight = g_date_time_new_local (g_date_time_get_year (local),
                                    g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local),
                                    0, 0, 0);

  return midnight ? g_date_time_to_unix (midnight) : now;
}

static gboolean
step_row (sqlite3       *db,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, HL_STORE_ERROR, HL_STORE_ERROR_FAILED, "An aggregate query returned no row");
  else
    hl_store_set_error (error, db, rc);

  return FALSE;
}

static gboolean
read_conversations (HlWallboardStats  *stats,
                    sqlite3           *db,
                    gint64             now,
                    GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = hl_db_prepare (db, conversations_sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);

  if (!step_row (db, stmt, error))
    return FALSE;

  /* sum () over no rows is NULL, which sqlite3_column_int() reads as 0. */
  stats->open = sqlite3_column_int (stmt, 0);
  stats->open_by_channel[HL_CHANNEL_PHONE] = sqlite3_column_int (stmt, 1);
  stats->open_by_channel[HL_CHANNEL_CHAT] = sqlite3_column_int (stmt, 2);
  stats->open_by_channel[HL_CHANNEL_EMAIL] = sqlite3_column_int (stmt, 3);
  stats->unassigned = sqlite3_column_int (stmt, 4);
  stats->waiting = sqlite3_column_int (stmt, 5);
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    stats->longest_wait = MAX (0, now - sqlite3_column_int64 (stmt, 6));
  stats->overdue = sqlite3_column_int (stmt, 7);

  return TRUE;
}

static gboolean
read_calls (HlWallboardStats  *stats,
            sqlite3           *db,
            gint64             now,
            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = hl_db_prepare (db, calls_sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, hl_wallboard_start_of_day (now));
  sqlite3_bind_int64 (stmt, 2, stats->service_level_seconds);

  if (!step_row (db, stmt, error))
    return FALSE;

  stats->calls_offered = sqlite3_column_int (stmt, 0);
  stats->calls_answered = sqlite3_column_int (stmt, 1);
  stats->calls_lost = sqlite3_column_int (stmt, 2);
  stats->calls_in_service_level = sqlite3_column_int (stmt, 3);
  if (stats->calls_offered > 0)
    stats->service_level = 100.0 * stats->calls_in_service_level / stats->calls_offered;
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    stats->average_talk_time = (gint64) (sqlite3_column_double (stmt, 4) + 0.5);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    stats->average_mos = sqlite3_column_double (stmt, 5);

  return TRUE;
}

static gboolean
read_agents (HlWallboardStats  *stats,
             sqlite3           *db,
             GError           **error)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (HL_TYPE_AGENT);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) row = NULL;
  int rc;

  if (!(stmt = hl_db_prepare (db, agents_sql, error)) ||
      !(row = hl_db_prepare (db, HL_RECORD_CLASS (klass)->row_sql, error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *availability = (const char *) sqlite3_column_text (stmt, 1);
      int row_rc;

      if (g_strcmp0 (availability, "online") == 0)
        stats->agents_online++;
      else if (g_strcmp0 (availability, "busy") == 0)
        stats->agents_busy++;
      else
        stats->agents_offline++;

      sqlite3_reset (row);
      sqlite3_bind_int64 (row, 1, id);

      if ((row_rc = sqlite3_step (row)) == SQLITE_ROW)
        g_ptr_array_add (stats->agents, hl_record_new_from_stmt (HL_TYPE_AGENT, id, row));
      else if (row_rc != SQLITE_DONE)
        return hl_store_set_error (error, db, row_rc);
    }

  if (rc != SQLITE_DONE)
    return hl_store_set_error (error, db, rc);

  return TRUE;
}

/**
 * hl_wallboard_stats_compute:
 * @db: the workspace connection (on the store worker)
 * @now: the current Unix time
 * @service_level_seconds: the answer time that counts towards the service level
 *
 * Returns: (transfer full) (nullable): the figures, or %NULL with @error set
 */
HlWallboardStats *
hl_wallboard_stats_compute (sqlite3  *db,
                            gint64    now,
                            guint     service_level_seconds,
                            GError  **error)
{
  g_autoptr(HlWallboardStats) stats = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  stats = g_new0 (HlWallboardStats, 1);
  stats->computed_at = now;
  stats->service_level_seconds = service_level_seconds;
  stats->longest_wait = -1;
  stats->service_level = -1.0;
  stats->average_talk_time = -1;
  stats->average_mos = -1.0;
  stats->agents = g_ptr_array_new_with_free_func (g_object_unref);

  if (!read_conversations (stats, db, now, error) ||
      !read_calls (stats, db, now, error) ||
      !read_agents (stats, db, error))
    return NULL;

  return g_steal_pointer (&stats);
}

void
hl_wallboard_stats_free (HlWallboardStats *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_free (self);
}

/* An HlStoreFunc: @data is an HlWallboardStatsRequest, the result an HlWallboardStats. */
gpointer
hl_wallboard_stats_func (sqlite3        *db,
                         gpointer        data,
                         HlStoreTables  *changed,
                         GError        **error)
{
  HlWallboardStatsRequest *req = data;

  return hl_wallboard_stats_compute (db, req->now, req->service_level_seconds, error);
}

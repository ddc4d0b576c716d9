/* test-wallboard-stats.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-agent.h"
#include "hl-store-private.h"
#include "hl-store-schema.h"
#include "hl-wallboard-stats.h"

/* The wallboard's figures, computed straight on a connection (no worker, no widgets). The tests
 * run in UTC so that "today" starts at a known second. */

#define NOW      ((gint64) 1795000000)
#define MIDNIGHT (NOW - NOW % 86400)

static sqlite3 *
open_db (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  hl_store_schema_migrate (db, -1, &error);
  g_assert_no_error (error);

  return db;
}

static void
run_sql (sqlite3    *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  hl_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

static void
test_start_of_day (void)
{
  g_assert_cmpint (hl_wallboard_start_of_day (NOW), ==, MIDNIGHT);
  g_assert_cmpint (hl_wallboard_start_of_day (MIDNIGHT), ==, MIDNIGHT);
  g_assert_cmpint (hl_wallboard_start_of_day (MIDNIGHT - 1), ==, MIDNIGHT - 86400);
}

static void
test_empty (void)
{
  sqlite3 *db = open_db ();
  g_autoptr(HlWallboardStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  stats = hl_wallboard_stats_compute (db, NOW, 20, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);

  g_assert_cmpint (stats->computed_at, ==, NOW);
  g_assert_cmpuint (stats->open, ==, 0);
  g_assert_cmpuint (stats->waiting, ==, 0);
  g_assert_cmpint (stats->longest_wait, ==, -1);
  g_assert_cmpuint (stats->unassigned, ==, 0);
  g_assert_cmpuint (stats->overdue, ==, 0);
  g_assert_cmpuint (stats->calls_offered, ==, 0);
  g_assert_cmpfloat (stats->service_level, <, 0);
  g_assert_cmpint (stats->average_talk_time, ==, -1);
  g_assert_cmpfloat (stats->average_mos, <, 0);
  g_assert_cmpuint (stats->agents->len, ==, 0);

  sqlite3_close (db);
}

static void
fill (sqlite3 *db)
{
  g_autofree char *sql = NULL;

  run_sql (db,
           "INSERT INTO agents (id, name, availability, availability_since, is_me, role) VALUES"
           "  (1, 'Zed', 'busy', 100, 1, 'agent'),"
           "  (2, 'bob', 'online', 100, 0, 'agent'),"
           "  (3, 'Al', 'offline', 100, 0, 'agent'),"
           "  (4, 'Ann', 'online', 100, 0, 'lead')");

  sql = g_strdup_printf (
    "INSERT INTO conversations (id, channel, status, assignee_id, created_at, last_activity_at,"
    "                           waiting_since, first_response_due) VALUES"
    "  (1, 'phone', 'open', 1, 1, 1, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "),"   /* waiting 600 s, overdue */
    "  (2, 'chat', 'open', NULL, 1, 1, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "),"  /* waiting 120 s, due later */
    "  (3, 'email', 'open', 1, 1, 1, NULL, NULL),"
    "  (4, 'chat', 'pending', NULL, 1, 1, 5, 6),"                                      /* not open */
    "  (5, 'phone', 'resolved', 2, 1, 1, NULL, NULL)",
    NOW - 600, NOW - 60, NOW - 120, NOW + 300);
  run_sql (db, sql);
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf (
    "INSERT INTO calls (direction, remote_uri, started_at, answered_at, ended_at, result, mos) VALUES"
    "  ('incoming', 'tel:1', %1$" G_GINT64_FORMAT " + 100, %1$" G_GINT64_FORMAT " + 110, %1$" G_GINT64_FORMAT " + 210, 'answered', 4.0),"
    "  ('incoming', 'tel:2', %1$" G_GINT64_FORMAT " + 200, %1$" G_GINT64_FORMAT " + 260, %1$" G_GINT64_FORMAT " + 560, 'answered', 3.0),"
    "  ('incoming', 'tel:3', %1$" G_GINT64_FORMAT " + 300, NULL, NULL, 'missed', NULL),"
    "  ('incoming', 'tel:4', %1$" G_GINT64_FORMAT " + 400, NULL, %1$" G_GINT64_FORMAT " + 430, 'abandoned', NULL),"
    "  ('outgoing', 'tel:5', %1$" G_GINT64_FORMAT " + 500, %1$" G_GINT64_FORMAT " + 505, %1$" G_GINT64_FORMAT " + 605, 'answered', NULL),"
    "  ('outgoing', 'tel:6', %1$" G_GINT64_FORMAT " + 700, NULL, NULL, 'busy', NULL),"
    "  ('incoming', 'tel:7', %1$" G_GINT64_FORMAT " - 100, %1$" G_GINT64_FORMAT " - 95, %1$" G_GINT64_FORMAT " - 10, 'answered', 1.0)",
    MIDNIGHT);
  run_sql (db, sql);
}

static void
test_figures (void)
{
  sqlite3 *db = open_db ();
  g_autoptr(HlWallboardStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  fill (db);

  stats = hl_wallboard_stats_compute (db, NOW, 20, &error);
  g_assert_no_error (error);

  /* Conversations: only open ones count */
  g_assert_cmpuint (stats->open, ==, 3);
  g_assert_cmpuint (stats->open_by_channel[HL_CHANNEL_PHONE], ==, 1);
  g_assert_cmpuint (stats->open_by_channel[HL_CHANNEL_CHAT], ==, 1);
  g_assert_cmpuint (stats->open_by_channel[HL_CHANNEL_EMAIL], ==, 1);
  g_assert_cmpuint (stats->unassigned, ==, 1);
  g_assert_cmpuint (stats->waiting, ==, 2);
  g_assert_cmpint (stats->longest_wait, ==, 600);
  g_assert_cmpuint (stats->overdue, ==, 1);

  /* Calls: today's only; yesterday's answered call is left out */
  g_assert_cmpuint (stats->calls_offered, ==, 4);
  g_assert_cmpuint (stats->calls_answered, ==, 2);
  g_assert_cmpuint (stats->calls_lost, ==, 2);
  g_assert_cmpuint (stats->calls_in_service_level, ==, 1);
  g_assert_cmpfloat_with_epsilon (stats->service_level, 25.0, 0.001);
  g_assert_cmpint (stats->average_talk_time, ==, 167);     /* (100 + 300 + 100) / 3 */
  g_assert_cmpfloat_with_epsilon (stats->average_mos, 3.5, 0.001);

  /* Agents: online, busy, offline, then by name whatever the case */
  g_assert_cmpuint (stats->agents_online, ==, 2);
  g_assert_cmpuint (stats->agents_busy, ==, 1);
  g_assert_cmpuint (stats->agents_offline, ==, 1);
  g_assert_cmpuint (stats->agents->len, ==, 4);
  g_assert_cmpstr (hl_agent_get_name (g_ptr_array_index (stats->agents, 0)), ==, "Ann");
  g_assert_cmpstr (hl_agent_get_name (g_ptr_array_index (stats->agents, 1)), ==, "bob");
  g_assert_cmpstr (hl_agent_get_name (g_ptr_array_index (stats->agents, 2)), ==, "Zed");
  g_assert_cmpstr (hl_agent_get_name (g_ptr_array_index (stats->agents, 3)), ==, "Al");
  g_assert_true (hl_record_get_loaded (g_ptr_array_index (stats->agents, 2)));
  g_assert_cmpint (hl_agent_get_open_conversations (g_ptr_array_index (stats->agents, 2)), ==, 2);
  g_assert_cmpint (hl_agent_get_role (g_ptr_array_index (stats->agents, 0)), ==, HL_AGENT_ROLE_LEAD);

  sqlite3_close (db);
}

static void
test_service_level_threshold (void)
{
  sqlite3 *db = open_db ();
  g_autoptr(HlWallboardStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  fill (db);

  /* 60 s: the second call (answered after exactly 60 s) counts too */
  stats = hl_wallboard_stats_compute (db, NOW, 60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->service_level_seconds, ==, 60);
  g_assert_cmpuint (stats->calls_in_service_level, ==, 2);
  g_assert_cmpfloat_with_epsilon (stats->service_level, 50.0, 0.001);

  sqlite3_close (db);
}

static void
test_nothing_waiting_today (void)
{
  sqlite3 *db = open_db ();
  g_autoptr(HlWallboardStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  fill (db);

  /* The next day: no call yet, the conversations still wait */
  stats = hl_wallboard_stats_compute (db, NOW + 86400, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->calls_offered, ==, 0);
  g_assert_cmpfloat (stats->service_level, <, 0);
  g_assert_cmpint (stats->average_talk_time, ==, -1);
  g_assert_cmpfloat (stats->average_mos, <, 0);
  g_assert_cmpint (stats->longest_wait, ==, 600 + 86400);

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wallboard-stats/start-of-day", test_start_of_day);
  g_test_add_func ("/wallboard-stats/empty", test_empty);
  g_test_add_func ("/wallboard-stats/figures", test_figures);
  g_test_add_func ("/wallboard-stats/service-level-threshold", test_service_level_threshold);
  g_test_add_func ("/wallboard-stats/next-day", test_nothing_waiting_today);

  return g_test_run ();
}

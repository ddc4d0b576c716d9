/* hl-wallboard-stats.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hl-store.h"

G_BEGIN_DECLS

/* The wallboard's figures at one moment, all read by one job on the store worker so that they
 * agree with each other. "Today" starts at local midnight. Figures that have no meaning yet
 * (nobody waits, no call today) are negative. */
typedef struct _HlWallboardStats HlWallboardStats;

struct _HlWallboardStats
{
  gint64     computed_at;
  guint      service_level_seconds;

  /* Conversations (status open) */
  guint      open;
  guint      open_by_channel[3];      /* indexed by HlChannel */
  guint      unassigned;
  guint      waiting;                 /* waiting_since is set */
  gint64     longest_wait;            /* seconds, -1 when nobody waits */
  guint      overdue;                 /* waiting, first response due before now */

  /* Calls started today */
  guint      calls_offered;           /* incoming */
  guint      calls_answered;          /* incoming, answered */
  guint      calls_lost;              /* incoming, missed or abandoned */
  guint      calls_in_service_level;  /* incoming, answered within service_level_seconds */
  double     service_level;           /* percent of calls_offered, -1 without incoming calls */
  gint64     average_talk_time;       /* seconds over answered calls, -1 without any */
  double     average_mos;             /* -1 without quality figures */

  /* Agents */
  guint      agents_online;
  guint      agents_busy;
  guint      agents_offline;
  GPtrArray *agents;                  /* HlAgent: online, busy, offline, then by name */
};

typedef struct
{
  gint64 now;
  guint  service_level_seconds;
} HlWallboardStatsRequest;

HlWallboardStats *hl_wallboard_stats_compute (sqlite3           *db,
                                              gint64             now,
                                              guint              service_level_seconds,
                                              GError           **error);
void              hl_wallboard_stats_free    (HlWallboardStats  *self);
gpointer          hl_wallboard_stats_func    (sqlite3           *db,
                                              gpointer           data,
                                              HlStoreTables     *changed,
                                              GError           **error);
gint64            hl_wallboard_start_of_day  (gint64             now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlWallboardStats, hl_wallboard_stats_free)

G_END_DECLS

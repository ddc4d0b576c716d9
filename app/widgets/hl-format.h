/* hl-format.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hl_format_date          (GDateTime  *then,
                               const char *format);
char *hl_format_relative_time (gint64 unix_time,
                               gint64 now);
char *hl_format_clock_time    (gint64 unix_time);
char *hl_format_date_time     (gint64 unix_time);
char *hl_format_duration      (gint64 seconds);
char *hl_format_decimal       (double value,
                               guint  digits);
char *hl_format_waiting       (gint64 seconds);
char *hl_initials             (const char *name);

G_END_DECLS

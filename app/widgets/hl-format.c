/* hl-format.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hl-format.h"

/* Times and durations as list rows and the wallboard show them, in the UI language. */

static GDateTime *
local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc ? g_date_time_to_local (utc) : NULL;
}

/* "now", "5 min", "3 h", "Yesterday", "Mon", "12 Nov" */
char *
hl_format_relative_time (gint64 unix_time,
                         gint64 now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) today = NULL;
  gint64 delta = now - unix_time;
  int days;

  if (unix_time <= 0)
    return g_strdup ("");

  if (delta < 60)
    return g_strdup (C_("time", "now"));

  if (delta < 3600)
    {
      int minutes = (int) (delta / 60);
      /* Translators: a short relative time in a list, "5 min" ago */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", minutes), minutes);
    }

  if (delta < 6 * 3600)
    {
      int hours = (int) (delta / 3600);
      /* Translators: a short relative time in a list, "3 h" ago */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h", "%d h", hours), hours);
    }

  if (!(then = local_time (unix_time)) || !(today = local_time (now)))
    return g_strdup ("");

  days = g_date_time_get_day_of_year (today) - g_date_time_get_day_of_year (then);
  if (g_date_time_get_year (today) == g_date_time_get_year (then))
    {
      if (days == 0)
        /* Translators: a time of day in a list, see strftime(3); %R is 24-hour "14:05" */
        return g_date_time_format (then, C_("time of day", "%R"));
      if (days == 1)
        return g_strdup (_("Yesterday"));
      if (days < 7)
        /* Translators: a weekday in a list, see strftime(3) */
        return g_date_time_format (then, C_("weekday", "%a"));
      /* Translators: a day in a list, see strftime(3): "12 Nov" */
      return g_date_time_format (then, C_("day and month", "%e %b"));
    }

  /* Translators: a date in a list, see strftime(3) */
  return g_date_time_format (then, C_("date", "%x"));
}

char *
hl_format_clock_time (gint64 unix_time)
{
  g_autoptr(GDateTime) then = local_time (unix_time);

  if (then == NULL)
    return g_strdup ("");

  return g_date_time_format (then, C_("time of day", "%R"));
}

char *
hl_format_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) then = local_time (unix_time);

  if (then == NULL)
    return g_strdup ("");

  /* Translators: a full date and time, see strftime(3) */
  return g_date_time_format (then, C_("date and time", "%x %R"));
}

/* A call's talk time: "0:42", "12:05", "1:02:03" */
char *
hl_format_duration (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;

  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));

  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

/* A waiting time for badges and tiles: "45 s", "12 min", "2 h 5 min" */
char *
hl_format_waiting (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;

  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d s", "%d s", (int) seconds), (int) seconds);

  if (seconds < 3600)
    {
      int minutes = (int) (seconds / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", minutes), minutes);
    }

  {
    int hours = (int) (seconds / 3600);
    int minutes = (int) (seconds / 60 % 60);
    g_autofree char *h = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h", "%d h", hours), hours);
    g_autofree char *m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", minutes), minutes);

    /* Translators: hours and minutes of a waiting time, "2 h 5 min" */
    return g_strdup_printf (C_("hours and minutes", "%s %s"), h, m);
  }
}

/* Up to two initials for an avatar-like badge. */
char *
hl_initials (const char *name)
{
  GString *out = g_string_new (NULL);
  gboolean start = TRUE;
  guint n = 0;

  for (const char *p = name; p && *p && n < 2; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        start = TRUE;
      else if (start)
        {
          g_string_append_unichar (out, g_unichar_toupper (c));
          n++;
          start = FALSE;
        }
    }

  return g_string_free (out, FALSE);
}

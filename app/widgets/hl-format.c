/* hl-format.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-format.h"
#include "hl-language.h"

/* Times and durations as list rows and the wallboard show them, in the UI language. */

static GDateTime *
local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc ? g_date_time_to_local (utc) : NULL;
}

/* Day and month names from GLib's own catalogue, which has them in more languages than most
 * systems have locales installed: in a German interface on an English system, "Freitag". */
static const char *
glib_name (const char *context,
           const char *name)
{
  return g_dpgettext2 ("glib20", context, name);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '%')
        g_string_append_c (out, '%');
      g_string_append_c (out, *p);
    }
}

/* @then formatted with @format (see g_date_time_format()) in the interface language. Where the C
 * library has no locale for that language, the names of days and months come from GLib's
 * catalogue and %x is written as 2026-12-04 rather than in the system's order. A day of the
 * month is never padded with a space ("%e" is "%-e"): the result is read, not lined up. */
char *
hl_format_date (GDateTime  *then,
                const char *format)
{
  static const char *weekdays[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
  static const char *weekdays_abbr[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "January", "February", "March", "April", "May", "June", "July",
                                  "August", "September", "October", "November", "December" };
  static const char *months_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec" };
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean own_names = !hl_language_has_time_locale ();
  int weekday, month;

  g_return_val_if_fail (then != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  weekday = g_date_time_get_day_of_week (then) - 1;
  month = g_date_time_get_month (then) - 1;

  for (const char *p = format; *p; p++)
    {
      const char *start = p;
      gboolean plain;

      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      plain = *p != '-' && *p != '_' && *p != '0' && *p != '^' && *p != '#' && *p != 'E' && *p != 'O';
      while (strchr ("-_0^#EO", *p) && p[1] != '\0')
        p++;

      if (plain && *p == 'e')
        g_string_append (out, "%-e");
      else if (own_names && plain && *p == 'A')
        append_escaped (out, glib_name ("full weekday name", weekdays[weekday]));
      else if (own_names && plain && *p == 'a')
        append_escaped (out, glib_name ("abbreviated weekday name", weekdays_abbr[weekday]));
      else if (own_names && plain && *p == 'B')
        append_escaped (out, glib_name ("full month name with day", months[month]));
      else if (own_names && plain && (*p == 'b' || *p == 'h'))
        append_escaped (out, glib_name ("abbreviated month name with day", months_abbr[month]));
      else if (own_names && plain && *p == 'x')
        g_string_append (out, "%Y-%m-%d");
      else if (own_names && plain && *p == 'c')
        g_string_append (out, "%Y-%m-%d %R");
      else
        g_string_append_len (out, start, p - start + 1);
    }

  return g_date_time_format (then, out->str);
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
        return hl_format_date (then, C_("time of day", "%R"));
      if (days == 1)
        return g_strdup (_("Yesterday"));
      if (days < 7)
        /* Translators: a weekday in a list, see strftime(3) */
        return hl_format_date (then, C_("weekday", "%a"));
      /* Translators: a day in a list, see strftime(3): "12 Nov" */
      return hl_format_date (then, C_("day and month", "%e %b"));
    }

  /* Translators: a date in a list, see strftime(3) */
  return hl_format_date (then, C_("date", "%x"));
}

char *
hl_format_clock_time (gint64 unix_time)
{
  g_autoptr(GDateTime) then = local_time (unix_time);

  if (then == NULL)
    return g_strdup ("");

  return hl_format_date (then, C_("time of day", "%R"));
}

char *
hl_format_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) then = local_time (unix_time);

  if (then == NULL)
    return g_strdup ("");

  /* Translators: a full date and time, see strftime(3) */
  return hl_format_date (then, C_("date and time", "%x %R"));
}

/* A number with @digits decimals (at most 6) in the interface language: "4.3", "4,3" in German.
 * The separator comes from the catalogue, so it follows the language chosen in the app; the C
 * library's LC_NUMERIC is the system's, and may not be installed for that language at all. */
char *
hl_format_decimal (double value,
                   guint  digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  /* Translators: the decimal separator of your language: "," in German, "." in English */
  const char *separator = C_("decimal separator", ".");
  char *point;

  g_snprintf (format, sizeof format, "%%.%uf", MIN (digits, 6));
  g_ascii_formatd (buffer, sizeof buffer, format, value);

  if ((point = strchr (buffer, '.')) == NULL || g_str_equal (separator, "."))
    return g_strdup (buffer);

  *point = '\0';
  return g_strconcat (buffer, separator, point + 1, NULL);
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

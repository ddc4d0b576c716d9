/* test-format.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-format.h"
#include "hl-language.h"

static void
test_relative_time (void)
{
  gint64 now = 1795000000;
  g_autofree char *a = hl_format_relative_time (now - 20, now);
  g_autofree char *b = hl_format_relative_time (now - 5 * 60, now);
  g_autofree char *c = hl_format_relative_time (now - 3 * 3600, now);
  g_autofree char *d = hl_format_relative_time (0, now);

  g_assert_cmpstr (a, ==, "now");
  g_assert_cmpstr (b, ==, "5 min");
  g_assert_cmpstr (c, ==, "3 h");
  g_assert_cmpstr (d, ==, "");
}

static void
test_durations (void)
{
  struct { gint64 in; const char *duration; const char *waiting; } cases[] = {
    { -5, "0:00", "0 s" },
    { 42, "0:42", "42 s" },
    { 725, "12:05", "12 min" },
    { 3723, "1:02:03", "1 h 2 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *duration = hl_format_duration (cases[i].in);
      g_autofree char *waiting = hl_format_waiting (cases[i].in);

      g_assert_cmpstr (duration, ==, cases[i].duration);
      g_assert_cmpstr (waiting, ==, cases[i].waiting);
    }
}

static void
test_initials (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "Ana Ruiz", "AR" },
    { "  jonas   becker  ", "JB" },
    { "Priya Nair Kumar", "PN" },
    { "ليلى منصور", "لم" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = hl_initials (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Days and months in the interface language, whether or not the system has its locale. */
static void
test_date_in_language (void)
{
  g_autoptr(GDateTime) friday = g_date_time_new_utc (2026, 12, 4, 14, 5, 0);
  g_autofree char *en = NULL;
  g_autofree char *de = NULL;
  g_autofree char *de_short = NULL;
  g_autofree char *de_date = NULL;
  g_autofree char *ar = NULL;
  g_autofree char *escaped = NULL;

  en = hl_format_date (friday, "%A %e %B");
  g_assert_cmpstr (en, ==, "Friday 4 December");

  hl_language_apply ("de");
  de = hl_format_date (friday, "%A, %e. %B");
  de_short = hl_format_date (friday, "%a %e. %b");
  de_date = hl_format_date (friday, "%x");
  g_assert_cmpstr (de, ==, "Freitag, 4. Dezember");
  g_assert_true (g_str_has_prefix (de_short, "Fr"));
  g_assert_true (g_str_has_suffix (de_short, " 4. Dez"));
  if (!hl_language_has_time_locale ())
    g_assert_cmpstr (de_date, ==, "2026-12-04");

  hl_language_apply ("ar");
  ar = hl_format_date (friday, "%B");
  g_assert_cmpstr (ar, ==, g_dpgettext2 ("glib20", "full month name with day", "December"));
  g_assert_cmpstr (ar, !=, "December");

  /* A name is text, not a format: a "%" in it stays a "%". */
  escaped = hl_format_date (friday, "100%% %e");
  g_assert_cmpstr (escaped, ==, "100% 4");

  hl_language_apply ("");
}

/* Decimals take the interface language's separator, whatever the C library's LC_NUMERIC. */
static void
test_decimals (void)
{
  g_autofree char *en = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *de = NULL;
  g_autofree char *fr = NULL;
  g_autofree char *zh = NULL;

  en = hl_format_decimal (4.34, 1);
  whole = hl_format_decimal (12.6, 0);
  g_assert_cmpstr (en, ==, "4.3");
  g_assert_cmpstr (whole, ==, "13");

  hl_language_apply ("de");
  de = hl_format_decimal (0.25, 2);
  g_assert_cmpstr (de, ==, "0,25");

  hl_language_apply ("fr");
  fr = hl_format_decimal (-3.5, 1);
  g_assert_cmpstr (fr, ==, "-3,5");

  hl_language_apply ("zh_CN");
  zh = hl_format_decimal (4.34, 1);
  g_assert_cmpstr (zh, ==, "4.3");

  hl_language_apply ("");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  hl_language_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/relative-time", test_relative_time);
  g_test_add_func ("/format/durations", test_durations);
  g_test_add_func ("/format/initials", test_initials);
  g_test_add_func ("/format/date-in-language", test_date_in_language);
  g_test_add_func ("/format/decimals", test_decimals);

  return g_test_run ();
}

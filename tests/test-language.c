/* test-language.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hl-language.h"

/* The languages shipped and switching gettext at run time, without GTK (the window's side is in
 * test-window's /window/language). */

static void
test_language_available (void)
{
  const char * const *codes = hl_language_get_available ();

  g_assert_true (g_strv_contains (codes, "de"));
  g_assert_true (g_strv_contains (codes, "ar"));
  g_assert_true (hl_language_is_available ("de"));
  g_assert_false (hl_language_is_available ("xx"));
  g_assert_false (hl_language_is_available (""));

  g_assert_cmpstr (hl_language_get_native_name ("de"), ==, "Deutsch");
  g_assert_cmpstr (hl_language_get_native_name ("pt_BR"), ==, "Português (Brasil)");
  g_assert_cmpstr (hl_language_get_native_name ("zh_CN"), ==, "简体中文");
  g_assert_cmpstr (hl_language_get_native_name ("xx"), ==, "xx");

  g_assert_true (hl_language_is_rtl ("ar"));
  g_assert_true (hl_language_is_rtl ("he"));
  g_assert_true (hl_language_is_rtl ("fa_IR"));
  g_assert_false (hl_language_is_rtl ("de"));
}

/* Back and forth in one process: gettext must not keep the first catalogue it read, and plural
 * forms follow each language's rule. */
static void
test_language_switch (void)
{
  hl_language_apply ("de");
  g_assert_cmpstr (hl_language_get_current (), ==, "de");
  g_assert_cmpstr (_("Recent Calls"), ==, "Letzte Anrufe");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%d conversation", "%d conversations", 1), ==, "%d Gespräch");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%d conversation", "%d conversations", 5), ==, "%d Gespräche");
  /* GLib translates library domains too: primed by hl_language_init(). */
  g_assert_cmpstr (g_dgettext ("gtk40", "_Cancel"), ==, "_Abbrechen");

  hl_language_apply ("ar");
  g_assert_cmpstr (_("Recent Calls"), ==, "المكالمات الأخيرة");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%d conversation", "%d conversations", 2), ==, "محادثتان");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%d conversation", "%d conversations", 7), ==, "%d محادثات");

  hl_language_apply ("");
  g_assert_cmpstr (hl_language_get_current (), ==, "");
  g_assert_cmpstr (g_dgettext ("gtk40", "_Cancel"), ==, "_Cancel");
}

int
main (int   argc,
      char *argv[])
{
  /* The test environment may carry the runner's own LANGUAGE: start from English. */
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  hl_language_init ();
  g_unsetenv ("LC_ALL");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/language/available", test_language_available);
  g_test_add_func ("/language/switch", test_language_switch);

  return g_test_run ();
}

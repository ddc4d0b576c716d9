/* hl-language.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlLanguage"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "hl-language.h"

/* The interface language, switched inside the running process.
 *
 * gettext picks the catalogue from $LANGUAGE as long as LC_MESSAGES is not "C", and re-reads it
 * after setlocale(). GTK and libadwaita translate their own strings through g_dgettext(), which
 * decides once per process, at its first call, whether library domains are translated at all: in
 * C.UTF-8 with the app's own domain set and no catalogue for it, the answer is "never", and a later
 * switch would leave gtk40 and libadwaita strings English. hl_language_init() makes that first call
 * while the default domain is still "messages", for which GLib always answers "translate". */

/* Each language named in its own language, as the language menu lists it. */
static const struct {
  const char *code;
  const char *name;
} native_names[] = {
  { "ar", "العربية" },
  { "de", "Deutsch" },
  { "es", "Español" },
  { "fa", "فارسی" },
  { "fr", "Français" },
  { "he", "עברית" },
  { "hi", "हिन्दी" },
  { "it", "Italiano" },
  { "ja", "日本語" },
  { "nl", "Nederlands" },
  { "pl", "Polski" },
  { "pt", "Português" },
  { "pt_BR", "Português (Brasil)" },
  { "ru", "Русский" },
  { "tr", "Türkçe" },
  { "uk", "Українська" },
  { "ur", "اردو" },
  { "zh_CN", "简体中文" },
  { "zh_TW", "繁體中文" },
};

static char *system_language;       /* $LANGUAGE as the process started, or NULL */
static char *current;               /* "" for the system's */
static gboolean time_locale_matches = TRUE;  /* LC_TIME names days and months in that language */

static const char *
localedir (void)
{
  const char *dir = g_getenv ("HL_LOCALEDIR");

  /* Uninstalled runs and tests point at the build's compiled catalogues. */
  return dir && *dir ? dir : LOCALEDIR;
}

/* Call first thing in main(), before GTK is initialised and before anything translates. */
void
hl_language_init (void)
{
  setlocale (LC_ALL, "");

  bindtextdomain (GETTEXT_PACKAGE, localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  system_language = g_strdup (g_getenv ("LANGUAGE"));
  current = g_strdup ("");

  /* Prime GLib's once-per-process decision while textdomain() is still the default. */
  (void) g_dgettext ("gtk40", "");

  textdomain (GETTEXT_PACKAGE);
}

static const char *
messages_locale (void)
{
  const char *locale = setlocale (LC_MESSAGES, NULL);

  return locale ? locale : "C";
}

/* LC_TIME in the chosen language when the system has such a locale (weekday and month names);
 * otherwise the system's own. LC_NUMERIC stays untouched: SDP and JSON are written with printf. */
static void
apply_time_locale (const char *code)
{
  g_autofree char *lang = g_strndup (code, strcspn (code, "_"));
  g_autofree char *country = NULL;
  g_autofree char *candidate = NULL;

  if (*code == '\0' || strchr (code, '_'))
    candidate = g_strdup_printf ("%s.UTF-8", code);
  else
    {
      country = g_ascii_strup (lang, -1);
      candidate = g_strdup_printf ("%s_%s.UTF-8", lang, country);
    }

  time_locale_matches = *code == '\0' || setlocale (LC_TIME, candidate) != NULL;
  if (!time_locale_matches)
    setlocale (LC_TIME, "");
}

/* Switches the process to @code ("de", "pt_BR", …) or, for "", to the system's language. What is
 * already on screen keeps its strings: the caller rebuilds the windows. */
void
hl_language_apply (const char *code)
{
  g_return_if_fail (code != NULL);

  if (*code != '\0')
    g_setenv ("LANGUAGE", code, TRUE);
  else if (system_language != NULL)
    g_setenv ("LANGUAGE", system_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  /* Re-reads the environment, and tells gettext that its cached translations are stale. */
  setlocale (LC_ALL, "");

  /* gettext ignores $LANGUAGE in the C locale; C.UTF-8 exists everywhere glibc does. */
  if (*code != '\0' &&
      (g_str_equal (messages_locale (), "C") || g_str_equal (messages_locale (), "POSIX")))
    {
      if (setlocale (LC_MESSAGES, "C.UTF-8") == NULL)
        g_warning ("No C.UTF-8 locale: the interface stays in the system language");
    }

  apply_time_locale (code);

  g_free (current);
  current = g_strdup (code);

  if (gtk_is_initialized ())
    gtk_widget_set_default_direction (*code != '\0' ? (hl_language_is_rtl (code) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR)
                                                     : gtk_get_locale_direction ());

  g_debug ("Interface language: %s (LC_MESSAGES %s, %s)", *code ? code : "system", messages_locale (),
           gtk_is_initialized () && gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL ? "RTL" : "LTR");
}

/* Whether the C library formats dates in the interface language (its LC_TIME locale is
 * installed): if not, hl_format_date() names days and months itself. */
gboolean
hl_language_has_time_locale (void)
{
  return time_locale_matches;
}

/* The code passed to the last hl_language_apply(), "" for the system's language. */
const char *
hl_language_get_current (void)
{
  return current ? current : "";
}

/* The languages Helpline ships a catalogue for (po/LINGUAS), sorted by code. */
const char * const *
hl_language_get_available (void)
{
  static char **available;   /* built once, on the main thread, and kept */

  if (available == NULL)
    {
      g_auto(GStrv) codes = g_strsplit (HL_LINGUAS, " ", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; codes[i]; i++)
        if (codes[i][0] != '\0')
          g_strv_builder_add (builder, codes[i]);

      available = g_strv_builder_end (builder);
    }

  return (const char * const *) available;
}

gboolean
hl_language_is_available (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  return g_strv_contains (hl_language_get_available (), code);
}

/* "Deutsch" for "de"; the code itself for a language missing from the table. */
const char *
hl_language_get_native_name (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (native_names); i++)
    if (g_str_equal (native_names[i].code, code))
      return native_names[i].name;

  return code;
}

gboolean
hl_language_is_rtl (const char *code)
{
  static const char *rtl[] = { "ar", "fa", "he", "ur", NULL };
  g_autofree char *lang = NULL;

  g_return_val_if_fail (code != NULL, FALSE);

  lang = g_strndup (code, strcspn (code, "_"));
  return g_strv_contains (rtl, lang);
}

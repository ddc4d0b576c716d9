/* hl-language-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPreferences"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-language.h"
#include "hl-language-row.h"

/* Preferences → Language: "System Default", then every shipped language in its own name. The row's
 * position 0 is the system's language, position i + 1 the i-th code of hl_language_get_available(). */

static gboolean
language_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char * const *codes = hl_language_get_available ();
  const char *code = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, 0);
  for (guint i = 0; codes[i]; i++)
    if (g_str_equal (codes[i], code))
      g_value_set_uint (value, i + 1);

  return TRUE;
}

static GVariant *
language_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  const char * const *codes = hl_language_get_available ();
  guint selected = g_value_get_uint (value);

  if (selected == 0 || selected > g_strv_length ((char **) codes))
    return g_variant_new_string ("");

  return g_variant_new_string (codes[selected - 1]);
}

/* Fills @row and binds it to the "language" key of @settings. */
void
hl_language_row_bind (AdwComboRow *row,
                      GSettings   *settings)
{
  const char * const *codes = hl_language_get_available ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (G_IS_SETTINGS (settings));

  gtk_string_list_append (names, _("System Default"));
  for (guint i = 0; codes[i]; i++)
    gtk_string_list_append (names, hl_language_get_native_name (codes[i]));

  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  g_settings_bind_with_mapping (settings, "language", row, "selected", G_SETTINGS_BIND_DEFAULT,
                                language_get_mapping, language_set_mapping, NULL, NULL);
}

/* hl-disposition.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlDisposition"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-disposition.h"
#include "hl-types.h"

typedef struct
{
  const char *code;
  const char *label;
} Builtin;

/* The codes stay in English in the store; their names follow the UI language. */
static const Builtin builtins[] = {
  { "resolved", NC_("call disposition", "Resolved") },
  { "follow-up", NC_("call disposition", "Follow-up needed") },
  { "callback", NC_("call disposition", "Callback requested") },
  { "escalated", NC_("call disposition", "Escalated") },
  { "complaint", NC_("call disposition", "Complaint") },
  { "wrong-number", NC_("call disposition", "Wrong number") },
};

/**
 * hl_disposition_list:
 * @settings: (nullable): the app's settings
 *
 * The dispositions the agent can choose from at wrap-up: the team's own list (the
 * `call-dispositions` setting), or Helpline's codes when that is empty.
 *
 * Returns: (transfer full): codes, in the order to show them
 */
char **
hl_disposition_list (GSettings *settings)
{
  g_auto(GStrv) custom = settings ? g_settings_get_strv (settings, "call-dispositions") : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; custom && custom[i]; i++)
    {
      g_autofree char *code = g_strstrip (g_strdup (custom[i]));

      if (*code != '\0')
        g_strv_builder_add (builder, code);
    }

  if (custom == NULL || custom[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
      g_strv_builder_add (builder, builtins[i].code);

  return g_strv_builder_end (builder);
}

/**
 * hl_disposition_dup_label:
 * @code: (nullable): a disposition as stored
 *
 * Returns: (transfer full) (nullable): its name in the UI language: Helpline's codes translated,
 *   a team's own disposition as it is written; %NULL for none
 */
char *
hl_disposition_dup_label (const char *code)
{
  if (code == NULL || *code == '\0')
    return NULL;

  if (g_str_equal (code, HL_CALL_DISPOSITION_TRANSFERRED))
    return g_strdup (C_("call disposition", "Transferred"));

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_str_equal (code, builtins[i].code))
      return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "call disposition", builtins[i].label));

  return g_strdup (code);
}

/**
 * hl_disposition_dup_line:
 * @code: (nullable): a disposition as stored
 *
 * Returns: (transfer full) (nullable): the line of a call log that names it, in the UI
 *   language ("Disposition: Resolved"), or %NULL for none
 */
char *
hl_disposition_dup_line (const char *code)
{
  g_autofree char *label = hl_disposition_dup_label (code);

  if (label == NULL)
    return NULL;

  /* Translators: a line of a call log in Chatwoot: the agent's disposition of the call */
  return g_strdup_printf (_("Disposition: %s"), label);
}

/**
 * hl_disposition_parse:
 * @list: a provisioning value: dispositions separated by semicolons
 *
 * Returns: (transfer full): the non-empty entries, trimmed, duplicates dropped
 */
char **
hl_disposition_parse (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list ? list : "", ";", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    {
      char *code = g_strstrip (parts[i]);

      if (*code == '\0' || g_ptr_array_find_with_equal_func (seen, code, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, code);
      g_strv_builder_add (builder, code);
    }

  return g_strv_builder_end (builder);
}

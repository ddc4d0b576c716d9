/* hl-preferences-window.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPreferences"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-application.h"
#include "hl-language-row.h"
#include "hl-preferences-window.h"
#include "hl-provision.h"
#include "hl-workspace.h"

/* Preferences → General. Every control is bound to its GSettings key, so a change applies at once
 * and survives a restart. */

struct _HlPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  AdwComboRow          *language_row;
  GtkSwitch            *phone_pane_switch;
  GtkSpinButton        *warning_spin;
  GtkSpinButton        *alert_spin;
  GtkSpinButton        *service_level_spin;
  AdwActionRow         *workspace_row;
  AdwActionRow         *accounts_row;
};

G_DEFINE_FINAL_TYPE (HlPreferencesWindow, hl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_str_equal (nick, "light") ? 1 : g_str_equal (nick, "dark") ? 2 : 0);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  static const char *nicks[] = { "default", "light", "dark" };
  guint i = g_value_get_uint (value);

  return g_variant_new_string (nicks[i < G_N_ELEMENTS (nicks) ? i : 0]);
}

static void
describe_accounts (HlPreferencesWindow *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = hl_provision_accounts_path ();
  g_autoptr(GString) text = g_string_new (NULL);

  /* accounts.ini is a few lines written by --provision. */
  if (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    {
      g_autofree char *uri = g_key_file_get_string (file, "Phone", "uri", NULL);
      g_autofree char *url = g_key_file_get_string (file, "Chatwoot", "url", NULL);

      if (uri)
        g_string_append_printf (text, _("Phone: %s"), uri);
      if (url)
        {
          if (text->len)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Chatwoot: %s"), url);
        }
    }

  if (text->len == 0)
    g_string_append (text, _("None. Import a provisioning file with “helpline --provision=FILE”."));

  adw_action_row_set_subtitle (self->accounts_row, text->str);
}

static void
hl_preferences_window_class_init (HlPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, phone_pane_switch);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, warning_spin);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, alert_spin);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, service_level_spin);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, workspace_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, accounts_row);
}

static void
hl_preferences_window_init (HlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HlPreferencesWindow *
hl_preferences_window_new (HlApplication *application)
{
  HlPreferencesWindow *self;
  GSettings *settings;
  HlWorkspace *workspace;

  g_return_val_if_fail (HL_IS_APPLICATION (application), NULL);

  self = g_object_new (HL_TYPE_PREFERENCES_WINDOW, NULL);
  settings = hl_application_get_settings (application);

  g_settings_bind_with_mapping (settings, "color-scheme", self->style_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  hl_language_row_bind (self->language_row, settings);
  g_settings_bind (settings, "phone-pane-visible", self->phone_pane_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "wallboard-wait-warning", self->warning_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "wallboard-wait-alert", self->alert_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "service-level-seconds", self->service_level_spin, "value", G_SETTINGS_BIND_DEFAULT);

  if ((workspace = hl_application_get_workspace (application)))
    {
      g_autofree char *path = hl_workspace_dup_path (workspace);
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s", hl_workspace_get_title (workspace), path);

      adw_action_row_set_subtitle (self->workspace_row, subtitle);
    }

  describe_accounts (self);

  return self;
}

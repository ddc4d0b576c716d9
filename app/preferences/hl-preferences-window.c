/* hl-preferences-window.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPreferences"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-accounts-page.h"
#include "hl-application.h"
#include "hl-audio-device-binding.h"
#include "hl-audio-meter.h"
#include "hl-phone.h"
#include "hl-language-row.h"
#include "hl-preferences-window.h"
#include "hl-provision.h"
#include "hl-workspace.h"

/* Preferences → General and Audio. Every control is bound to its GSettings key, so a change
 * applies at once and survives a restart. The Audio page's level bar measures the chosen
 * microphone while the window is open. */

struct _HlPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  AdwComboRow          *language_row;
  GtkSwitch            *phone_pane_switch;
  GtkSwitch            *screen_pop_switch;
  GtkSpinButton        *warning_spin;
  GtkSpinButton        *alert_spin;
  GtkSpinButton        *service_level_spin;
  AdwActionRow         *workspace_row;
  AdwActionRow         *accounts_row;
  AdwComboRow          *microphone_row;
  AdwComboRow          *speaker_row;
  AdwComboRow          *ringing_row;
  GtkLevelBar          *input_level_bar;
  AdwActionRow         *level_row;
  AdwPreferencesGroup  *processing_group;
  GtkSwitch            *echo_switch;
  GtkSwitch            *noise_switch;
  AdwActionRow         *recording_row;
  GtkSwitch            *recording_switch;

  HlAudioMeter         *meter;
  HlAudioDevices       *inputs;
  GSettings            *settings;
  HlAccountsPage       *accounts_page;
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

/* The microphone check follows the chosen microphone while the window is shown */
static void
restart_meter (HlPreferencesWindow *self)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  const char *override;

  if (self->settings == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  /* No device seen at all (a headless machine): autoaudiosrc would only try each plugin in turn */
  override = g_getenv ("HELPLINE_AUDIO_SRC");
  if ((override == NULL || *override == '\0') &&
      g_list_model_get_n_items (G_LIST_MODEL (self->inputs)) < 2)
    {
      hl_audio_meter_stop (self->meter);
      adw_action_row_set_subtitle (self->level_row, _("No microphone found"));
      return;
    }

  adw_action_row_set_subtitle (self->level_row, _("Speak to check the microphone"));
  id = g_settings_get_string (self->settings, "audio-input-device");
  if (!hl_audio_meter_start (self->meter, hl_audio_devices_lookup (self->inputs, id), &error))
    adw_action_row_set_subtitle (self->level_row, error->message);
}

static void
on_level (HlPreferencesWindow *self)
{
  gtk_level_bar_set_value (self->input_level_bar, hl_audio_meter_get_level (self->meter));
}

/* The wallboard turns to warning before alert: the alert threshold never goes below the warning
 * one. Whichever spin button the agent moves past the other takes that one along. (Both are
 * NULL once the window is disposed; the spin buttons can still tell of a change then.) */
static void
on_warning_changed (HlPreferencesWindow *self)
{
  double warning;

  if (self->warning_spin == NULL || self->alert_spin == NULL)
    return;

  warning = gtk_spin_button_get_value (self->warning_spin);
  if (gtk_spin_button_get_value (self->alert_spin) < warning)
    gtk_spin_button_set_value (self->alert_spin, warning);
}

static void
on_alert_changed (HlPreferencesWindow *self)
{
  double alert;

  if (self->warning_spin == NULL || self->alert_spin == NULL)
    return;

  alert = gtk_spin_button_get_value (self->alert_spin);
  if (gtk_spin_button_get_value (self->warning_spin) > alert)
    gtk_spin_button_set_value (self->warning_spin, alert);
}

static void
hl_preferences_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hl_preferences_window_parent_class)->map (widget);
  restart_meter (HL_PREFERENCES_WINDOW (widget));
}

static void
hl_preferences_window_unmap (GtkWidget *widget)
{
  hl_audio_meter_stop (HL_PREFERENCES_WINDOW (widget)->meter);
  GTK_WIDGET_CLASS (hl_preferences_window_parent_class)->unmap (widget);
}

static void
hl_preferences_window_dispose (GObject *object)
{
  HlPreferencesWindow *self = HL_PREFERENCES_WINDOW (object);

  if (self->meter != NULL)
    hl_audio_meter_stop (self->meter);
  g_clear_object (&self->meter);
  g_clear_object (&self->inputs);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hl_preferences_window_parent_class)->dispose (object);
}

static void
setup_audio (HlPreferencesWindow *self,
             GSettings           *settings,
             HlPhoneAudio        *audio)
{
  g_autofree char *dir = hl_phone_audio_recordings_dir ();
  g_autofree char *subtitle = NULL;
  g_autoptr(GstElementFactory) dsp = gst_element_factory_find ("webrtcdsp");

  self->settings = g_object_ref (settings);
  self->inputs = g_object_ref (hl_phone_audio_get_inputs (audio));

  hl_audio_device_selector_bind (GTK_WIDGET (self->microphone_row), self->inputs, settings,
                                 "audio-input-device");
  hl_audio_device_selector_bind (GTK_WIDGET (self->speaker_row), hl_phone_audio_get_outputs (audio),
                                 settings, "audio-output-device");
  hl_audio_device_selector_bind (GTK_WIDGET (self->ringing_row), hl_phone_audio_get_outputs (audio),
                                 settings, "audio-ringing-device");
  g_signal_connect_object (settings, "changed::audio-input-device", G_CALLBACK (restart_meter), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inputs, "items-changed", G_CALLBACK (restart_meter), self,
                           G_CONNECT_SWAPPED);

  g_settings_bind (settings, "echo-cancellation", self->echo_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "noise-suppression", self->noise_switch, "active", G_SETTINGS_BIND_DEFAULT);
  if (dsp == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->echo_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->noise_switch), FALSE);
      adw_preferences_group_set_description (self->processing_group,
                                             _("Not available: GStreamer’s webrtcdsp plugin (gstreamer1.0-plugins-bad) is not installed"));
    }

  g_settings_bind (settings, "call-recording", self->recording_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* Translators: %s is a folder */
  subtitle = g_strdup_printf (_("Answered calls, in two channels: you and the customer. You can stop a recording during the call. Saved in %s"), dir);
  adw_action_row_set_subtitle (self->recording_row, subtitle);
}

static void
hl_preferences_window_class_init (HlPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = hl_preferences_window_dispose;
  widget_class->map = hl_preferences_window_map;
  widget_class->unmap = hl_preferences_window_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, phone_pane_switch);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, screen_pop_switch);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, warning_spin);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, alert_spin);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, service_level_spin);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, workspace_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, accounts_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, microphone_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, speaker_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, ringing_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, input_level_bar);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, level_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, processing_group);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, echo_switch);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, noise_switch);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, recording_row);
  gtk_widget_class_bind_template_child (widget_class, HlPreferencesWindow, recording_switch);
}

static void
hl_preferences_window_init (HlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->meter = hl_audio_meter_new ();
  g_signal_connect_object (self->meter, "notify::level", G_CALLBACK (on_level), self, G_CONNECT_SWAPPED);
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
  g_settings_bind (settings, "screen-pop", self->screen_pop_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "wallboard-wait-warning", self->warning_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "wallboard-wait-alert", self->alert_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "service-level-seconds", self->service_level_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->warning_spin, "value-changed", G_CALLBACK (on_warning_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->alert_spin, "value-changed", G_CALLBACK (on_alert_changed), self,
                           G_CONNECT_SWAPPED);

  if ((workspace = hl_application_get_workspace (application)))
    {
      g_autofree char *path = hl_workspace_dup_path (workspace);
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s", hl_workspace_get_title (workspace), path);

      adw_action_row_set_subtitle (self->workspace_row, subtitle);
    }

  describe_accounts (self);
  setup_audio (self, settings, hl_phone_get_audio (hl_application_get_phone (application)));

  self->accounts_page = hl_accounts_page_new (hl_application_get_chatwoot (application));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->accounts_page));

  return self;
}

void
hl_preferences_window_show_accounts (HlPreferencesWindow *self)
{
  g_return_if_fail (HL_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (self->accounts_page));
}

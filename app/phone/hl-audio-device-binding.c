/* hl-audio-device-binding.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlAudioDevices"

#include "config.h"

#include <adwaita.h>

#include "hl-audio-device-binding.h"

/* A device chooser (GtkDropDown or AdwComboRow) tied to a GSettings key holding a device id.
 * Not g_settings_bind: when the chosen device is unplugged the chooser shows "System Default",
 * but the key keeps the id, so that plugging the device back in brings it back. Only the user's
 * own choice writes the key. */

typedef struct
{
  GtkWidget      *selector;    /* weak: the binding lives as its data */
  HlAudioDevices *devices;
  GSettings      *settings;
  char           *key;
  gboolean        updating;
} Binding;

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  g_signal_handlers_disconnect_by_data (binding->devices, binding);
  g_signal_handlers_disconnect_by_data (binding->settings, binding);
  g_object_unref (binding->devices);
  g_object_unref (binding->settings);
  g_free (binding->key);
  g_free (binding);
}

static void
show_setting (Binding *binding)
{
  g_autofree char *id = g_settings_get_string (binding->settings, binding->key);

  binding->updating = TRUE;
  g_object_set (binding->selector, "selected", hl_audio_devices_find (binding->devices, id), NULL);
  binding->updating = FALSE;
}

/* Before the chooser sees the change: its own reselection must not write the key */
static void
on_items_changing (Binding *binding)
{
  binding->updating = TRUE;
}

static void
on_selected (Binding *binding)
{
  g_autoptr(HlAudioDevice) item = NULL;
  guint selected;

  if (binding->updating)
    return;

  g_object_get (binding->selector, "selected", &selected, NULL);
  item = g_list_model_get_item (G_LIST_MODEL (binding->devices), selected);
  if (item != NULL)
    g_settings_set_string (binding->settings, binding->key, hl_audio_device_get_id (item));
}

void
hl_audio_device_selector_bind (GtkWidget      *selector,
                               HlAudioDevices *devices,
                               GSettings      *settings,
                               const char     *key)
{
  g_autoptr(GtkExpression) name = NULL;
  g_autofree char *signal = g_strdup_printf ("changed::%s", key);
  Binding *binding;

  g_return_if_fail (GTK_IS_DROP_DOWN (selector) || ADW_IS_COMBO_ROW (selector));
  g_return_if_fail (HL_IS_AUDIO_DEVICES (devices));
  g_return_if_fail (G_IS_SETTINGS (settings));

  binding = g_new0 (Binding, 1);
  binding->selector = selector;
  binding->devices = g_object_ref (devices);
  binding->settings = g_object_ref (settings);
  binding->key = g_strdup (key);
  g_object_set_data_full (G_OBJECT (selector), "hl-audio-device-binding", binding, binding_free);

  g_signal_connect_swapped (devices, "items-changed", G_CALLBACK (on_items_changing), binding);

  name = gtk_property_expression_new (HL_TYPE_AUDIO_DEVICE, NULL, "name");
  if (GTK_IS_DROP_DOWN (selector))
    {
      gtk_drop_down_set_expression (GTK_DROP_DOWN (selector), name);
      gtk_drop_down_set_model (GTK_DROP_DOWN (selector), G_LIST_MODEL (devices));
    }
  else
    {
      adw_combo_row_set_expression (ADW_COMBO_ROW (selector), name);
      adw_combo_row_set_model (ADW_COMBO_ROW (selector), G_LIST_MODEL (devices));
    }

  /* After the chooser's own handler: show the setting again */
  g_signal_connect_swapped (devices, "items-changed", G_CALLBACK (show_setting), binding);
  g_signal_connect_swapped (settings, signal, G_CALLBACK (show_setting), binding);
  g_signal_connect_swapped (selector, "notify::selected", G_CALLBACK (on_selected), binding);
  show_setting (binding);
}

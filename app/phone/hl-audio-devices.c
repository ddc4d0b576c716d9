/* hl-audio-devices.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlAudioDevices"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-audio-devices.h"

/* A GstDeviceMonitor filtered to Audio/Source and Audio/Sink; its bus tells about devices coming
 * and going, and each model mirrors those of its direction on the main context. */

struct _HlAudioDevice
{
  GObject    parent_instance;
  char      *id;
  char      *name;
  GstDevice *device;
};

enum {
  DEVICE_PROP_0,
  DEVICE_PROP_ID,
  DEVICE_PROP_NAME,
  DEVICE_N_PROPS
};

static GParamSpec *device_properties[DEVICE_N_PROPS];

G_DEFINE_FINAL_TYPE (HlAudioDevice, hl_audio_device, G_TYPE_OBJECT)

static void
hl_audio_device_finalize (GObject *object)
{
  HlAudioDevice *self = HL_AUDIO_DEVICE (object);

  g_free (self->id);
  g_free (self->name);
  gst_clear_object (&self->device);

  G_OBJECT_CLASS (hl_audio_device_parent_class)->finalize (object);
}

static void
hl_audio_device_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HlAudioDevice *self = HL_AUDIO_DEVICE (object);

  switch (prop_id)
    {
    case DEVICE_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case DEVICE_PROP_NAME:
      g_value_set_string (value, hl_audio_device_get_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_audio_device_class_init (HlAudioDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hl_audio_device_finalize;
  object_class->get_property = hl_audio_device_get_property;

  device_properties[DEVICE_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  device_properties[DEVICE_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, DEVICE_N_PROPS, device_properties);
}

static void
hl_audio_device_init (HlAudioDevice *self)
{
}

static HlAudioDevice *
hl_audio_device_new (GstDevice *device)
{
  HlAudioDevice *self = g_object_new (HL_TYPE_AUDIO_DEVICE, NULL);

  if (device != NULL)
    {
      self->device = gst_object_ref (device);
      self->id = hl_audio_device_dup_stable_id (device);
      self->name = gst_device_get_display_name (device);
    }
  else
    {
      /* No name of its own: hl_audio_device_get_name() translates it when asked, so that a
       * list kept across a switch of the interface language shows it in the new one. */
      self->id = g_strdup ("");
    }

  return self;
}

const char *
hl_audio_device_get_id (HlAudioDevice *self)
{
  g_return_val_if_fail (HL_IS_AUDIO_DEVICE (self), NULL);
  return self->id;
}

const char *
hl_audio_device_get_name (HlAudioDevice *self)
{
  g_return_val_if_fail (HL_IS_AUDIO_DEVICE (self), NULL);
  return self->name != NULL ? self->name : _("System Default");
}

/* Returns: (transfer none) (nullable): NULL for "System Default" */
GstDevice *
hl_audio_device_get_device (HlAudioDevice *self)
{
  g_return_val_if_fail (HL_IS_AUDIO_DEVICE (self), NULL);
  return self->device;
}

/* A name that stays the same across restarts and re-plugging: PipeWire's node.name, the
 * PulseAudio or ALSA device name (their devices' "internal-name"), or else the display name. */
char *
hl_audio_device_dup_stable_id (GstDevice *device)
{
  g_autoptr(GstStructure) props = NULL;
  const char *value;

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  props = gst_device_get_properties (device);
  if (props != NULL && (value = gst_structure_get_string (props, "node.name")) != NULL)
    return g_strdup (value);

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name"))
    {
      g_autofree char *internal = NULL;

      g_object_get (device, "internal-name", &internal, NULL);
      if (internal != NULL && *internal != '\0')
        return g_steal_pointer (&internal);
    }

  if (props != NULL && (value = gst_structure_get_string (props, "device.name")) != NULL)
    return g_strdup (value);

  return gst_device_get_display_name (device);
}

/* The monitor. GstDeviceMonitors that share a device provider don't all hear about its devices
 * coming and going (seen with 1.22: only the newest monitor did), so the process has one, for
 * both directions, shared by the models while any exists. */

typedef struct
{
  GstDeviceMonitor *monitor;
  guint             bus_watch;
  GPtrArray        *models;      /* of HlAudioDevices, not owned */
  gboolean          started;
} DeviceWatch;

static DeviceWatch *device_watch;

struct _HlAudioDevices
{
  GObject           parent_instance;
  HlAudioDirection  direction;
  GPtrArray        *items;       /* of HlAudioDevice; [0] is the default */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlAudioDevices, hl_audio_devices, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HL_TYPE_AUDIO_DEVICE;
}

static guint
get_n_items (GListModel *model)
{
  return HL_AUDIO_DEVICES (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  HlAudioDevices *self = HL_AUDIO_DEVICES (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static guint
position_of_device (HlAudioDevices *self,
                    GstDevice      *device)
{
  for (guint i = 1; i < self->items->len; i++)
    if (((HlAudioDevice *) g_ptr_array_index (self->items, i))->device == device)
      return i;

  return 0;
}

static gboolean
is_for (HlAudioDevices *self,
        GstDevice      *device)
{
  return gst_device_has_classes (device, self->direction == HL_AUDIO_INPUT ? "Audio/Source" : "Audio/Sink");
}

static void
add_device (HlAudioDevices *self,
            GstDevice      *device)
{
  if (!is_for (self, device) || position_of_device (self, device) != 0)
    return;

  g_ptr_array_add (self->items, hl_audio_device_new (device));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

static void
remove_device (HlAudioDevices *self,
               GstDevice      *device)
{
  guint position = position_of_device (self, device);

  if (position == 0)
    return;

  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  DeviceWatch *watch = user_data;
  g_autoptr(GstDevice) device = NULL;
  gboolean added = GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_ADDED;

  if (added)
    gst_message_parse_device_added (message, &device);
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_REMOVED)
    gst_message_parse_device_removed (message, &device);
  else
    return G_SOURCE_CONTINUE;

  for (guint i = 0; i < watch->models->len; i++)
    {
      if (added)
        add_device (g_ptr_array_index (watch->models, i), device);
      else
        remove_device (g_ptr_array_index (watch->models, i), device);
    }

  return G_SOURCE_CONTINUE;
}

static DeviceWatch *
device_watch_get (void)
{
  g_autoptr(GstBus) bus = NULL;

  if (device_watch != NULL)
    return device_watch;

  device_watch = g_new0 (DeviceWatch, 1);
  device_watch->models = g_ptr_array_new ();
  device_watch->monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (device_watch->monitor, "Audio/Source", NULL);
  gst_device_monitor_add_filter (device_watch->monitor, "Audio/Sink", NULL);
  bus = gst_device_monitor_get_bus (device_watch->monitor);
  device_watch->bus_watch = gst_bus_add_watch (bus, on_bus_message, device_watch);

  /* No sound server or card (a headless machine) is not an error: only the default is listed */
  device_watch->started = gst_device_monitor_start (device_watch->monitor);
  if (!device_watch->started)
    g_debug ("No audio device monitor");

  return device_watch;
}

static void
device_watch_release (HlAudioDevices *model)
{
  if (device_watch == NULL || !g_ptr_array_remove (device_watch->models, model) ||
      device_watch->models->len > 0)
    return;

  g_clear_handle_id (&device_watch->bus_watch, g_source_remove);
  if (device_watch->started)
    gst_device_monitor_stop (device_watch->monitor);
  gst_clear_object (&device_watch->monitor);
  g_ptr_array_unref (device_watch->models);
  g_clear_pointer (&device_watch, g_free);
}

static void
hl_audio_devices_dispose (GObject *object)
{
  HlAudioDevices *self = HL_AUDIO_DEVICES (object);

  device_watch_release (self);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (hl_audio_devices_parent_class)->dispose (object);
}

static void
hl_audio_devices_class_init (HlAudioDevicesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hl_audio_devices_dispose;
}

static void
hl_audio_devices_init (HlAudioDevices *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->items, hl_audio_device_new (NULL));
}

HlAudioDevices *
hl_audio_devices_new (HlAudioDirection direction)
{
  HlAudioDevices *self;
  DeviceWatch *watch;
  GList *devices;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  self = g_object_new (HL_TYPE_AUDIO_DEVICES, NULL);
  self->direction = direction;

  watch = device_watch_get ();
  g_ptr_array_add (watch->models, self);
  if (!watch->started)
    return self;

  devices = gst_device_monitor_get_devices (watch->monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    add_device (self, l->data);
  g_list_free_full (devices, gst_object_unref);

  return self;
}

/* The position of the device with @id, or 0 (System Default) when it is not connected */
guint
hl_audio_devices_find (HlAudioDevices *self,
                       const char     *id)
{
  g_return_val_if_fail (HL_IS_AUDIO_DEVICES (self), 0);

  if (id == NULL || *id == '\0')
    return 0;

  for (guint i = 1; i < self->items->len; i++)
    if (g_str_equal (((HlAudioDevice *) g_ptr_array_index (self->items, i))->id, id))
      return i;

  return 0;
}

/* Returns: (transfer none) (nullable): the device with @id, NULL for the default or one that is
 * not connected */
GstDevice *
hl_audio_devices_lookup (HlAudioDevices *self,
                         const char     *id)
{
  g_return_val_if_fail (HL_IS_AUDIO_DEVICES (self), NULL);

  return ((HlAudioDevice *) g_ptr_array_index (self->items, hl_audio_devices_find (self, id)))->device;
}

/* hl-audio-meter.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlAudioMeter"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-audio-meter.h"

/* source → level → fakesink. The source is the chosen microphone, or HELPLINE_AUDIO_SRC when set
 * (the DESIGN.md override wins, as in calls), or the default microphone. */

#define FLOOR_DB -60.0

struct _HlAudioMeter
{
  GObject     parent_instance;
  GstElement *pipeline;
  guint       bus_watch;
  double      level;
};

enum {
  PROP_0,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HlAudioMeter, hl_audio_meter, G_TYPE_OBJECT)

/* Loudness in dBFS to 0…1 on a 60 dB scale: speech sits around the middle */
double
hl_audio_level_from_db (double db)
{
  return CLAMP ((db - FLOOR_DB) / -FLOOR_DB, 0.0, 1.0);
}

/* The loudest channel's RMS in a level element's message, in dBFS, from @floor_db up to 0 */
double
hl_audio_level_message_db (const GstStructure *s,
                           double              floor_db)
{
  const GValue *value = gst_structure_get_value (s, "rms");
  double peak = floor_db;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (value == NULL || !G_VALUE_HOLDS_BOXED (value))
    return peak;

  {
    GValueArray *array = g_value_get_boxed (value);

    for (guint i = 0; array != NULL && i < array->n_values; i++)
      peak = MAX (peak, g_value_get_double (&array->values[i]));
  }
  G_GNUC_END_IGNORE_DEPRECATIONS

  return CLAMP (peak, floor_db, 0.0);
}

static void
set_level (HlAudioMeter *self,
           double        level)
{
  if (self->level == level)
    return;

  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  HlAudioMeter *self = user_data;
  const GstStructure *s = gst_message_get_structure (message);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT && gst_structure_has_name (s, "level"))
    {
      set_level (self, hl_audio_level_from_db (hl_audio_level_message_db (s, FLOOR_DB)));
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_message ("The microphone check stopped: %s", error->message);
      hl_audio_meter_stop (self);
    }

  return G_SOURCE_CONTINUE;
}

static void
hl_audio_meter_dispose (GObject *object)
{
  hl_audio_meter_stop (HL_AUDIO_METER (object));

  G_OBJECT_CLASS (hl_audio_meter_parent_class)->dispose (object);
}

static void
hl_audio_meter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LEVEL:
      g_value_set_double (value, HL_AUDIO_METER (object)->level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_audio_meter_class_init (HlAudioMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_audio_meter_dispose;
  object_class->get_property = hl_audio_meter_get_property;

  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hl_audio_meter_init (HlAudioMeter *self)
{
}

HlAudioMeter *
hl_audio_meter_new (void)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  return g_object_new (HL_TYPE_AUDIO_METER, NULL);
}

/* Starts (or restarts, on another device) measuring @device, NULL for the default */
gboolean
hl_audio_meter_start (HlAudioMeter  *self,
                      GstDevice     *device,
                      GError       **error)
{
  const char *override = g_getenv ("HELPLINE_AUDIO_SRC");
  g_autoptr(GstBus) bus = NULL;
  GstElement *source = NULL, *level, *sink;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (HL_IS_AUDIO_METER (self), FALSE);

  hl_audio_meter_stop (self);

  if (override != NULL && *override != '\0')
    source = gst_parse_bin_from_description (override, TRUE, &local_error);
  else if (device != NULL)
    source = gst_device_create_element (device, NULL);
  else
    source = gst_element_factory_make ("autoaudiosrc", NULL);
  level = gst_element_factory_make ("level", NULL);
  sink = gst_element_factory_make ("fakesink", NULL);

  if (source == NULL || level == NULL || sink == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The microphone can’t be opened"));
      g_clear_object (&source);
      g_clear_object (&level);
      g_clear_object (&sink);
      return FALSE;
    }

  g_object_set (level, "interval", (guint64) 100 * GST_MSECOND, "post-messages", TRUE, NULL);
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("helpline-mic-check"));
  gst_bin_add_many (GST_BIN (self->pipeline), source, level, sink, NULL);
  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);

  if (!gst_element_link_many (source, level, sink, NULL) ||
      gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      hl_audio_meter_stop (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The microphone can’t be started"));
      return FALSE;
    }

  return TRUE;
}

void
hl_audio_meter_stop (HlAudioMeter *self)
{
  g_return_if_fail (HL_IS_AUDIO_METER (self));

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  set_level (self, 0);
}

double
hl_audio_meter_get_level (HlAudioMeter *self)
{
  g_return_val_if_fail (HL_IS_AUDIO_METER (self), 0);

  return self->level;
}

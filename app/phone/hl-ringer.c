/* hl-ringer.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlRinger"

#include "config.h"

#include <gst/gst.h>

#include "hl-ringer.h"

/* The ring of an incoming call (two 0.4 s bursts every 2.6 s, a pattern people know from desk
 * phones), the call-waiting tone of a second call while the agent talks (two short, quiet 440 Hz
 * beeps every 5 s, as telephone networks do it, so the conversation goes on) and the short beep of
 * an auto-answered call, played through GStreamer on the ringing device chosen in Preferences or
 * the default output, or on HELPLINE_AUDIO_SINK when set (tests, headless machines; it wins over
 * the device). */

#define BURST_MS   400
#define GAP_MS     200
#define PAUSE_MS   2000

#define RING_HZ          450
#define RING_VOLUME      0.35
#define WAITING_HZ       440
#define WAITING_VOLUME   0.12
#define WAITING_BEEP_MS  200
#define WAITING_PAUSE_MS 5000

struct _HlRinger
{
  GObject     parent_instance;

  GstElement *pipeline;
  GstDevice  *device;
  gboolean    stale;      /* the device changed while it rang: rebuild when it stops */
  guint       timer;
  guint       step;
  gboolean    ringing;
  gboolean    waiting;     /* the call-waiting tone rather than the ring */
};

G_DEFINE_FINAL_TYPE (HlRinger, hl_ringer, G_TYPE_OBJECT)

static GstElement *
ensure_pipeline (HlRinger *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const char *sink = g_getenv ("HELPLINE_AUDIO_SINK");
  gboolean override = sink && *sink;

  if (self->pipeline)
    return self->pipeline;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  description = g_strdup_printf ("audiotestsrc name=tone wave=sine is-live=true ! "
                                 "audioconvert ! audioresample name=tail%s%s",
                                 override || self->device == NULL ? " ! " : "",
                                 override ? sink : self->device == NULL ? "autoaudiosink" : "");
  self->pipeline = gst_parse_launch (description, &error);
  if (self->pipeline == NULL)
    {
      g_warning ("No ringtone: %s", error->message);
      return NULL;
    }

  if (!override && self->device != NULL)
    {
      GstElement *device_sink = gst_device_create_element (self->device, NULL);
      g_autoptr(GstElement) tail = gst_bin_get_by_name (GST_BIN (self->pipeline), "tail");

      if (device_sink == NULL || !gst_bin_add (GST_BIN (self->pipeline), device_sink) ||
          !gst_element_link (tail, device_sink))
        {
          g_warning ("No ringtone: the ringing device can’t be opened");
          gst_clear_object (&self->pipeline);
        }
    }

  return self->pipeline;
}

static void
set_sounding (HlRinger *self,
              gboolean  sounding)
{
  g_autoptr(GstElement) tone = NULL;

  if (!ensure_pipeline (self))
    return;

  if (sounding && (tone = gst_bin_get_by_name (GST_BIN (self->pipeline), "tone")))
    g_object_set (tone,
                  "freq", (double) (self->waiting ? WAITING_HZ : RING_HZ),
                  "volume", self->waiting ? WAITING_VOLUME : RING_VOLUME,
                  NULL);
  gst_element_set_state (self->pipeline, sounding ? GST_STATE_PLAYING : GST_STATE_PAUSED);
}

static gboolean
ring_step (gpointer user_data)
{
  HlRinger *self = user_data;
  static const guint ring[] = { BURST_MS, GAP_MS, BURST_MS, PAUSE_MS };
  static const guint waiting[] = { WAITING_BEEP_MS, GAP_MS, WAITING_BEEP_MS, WAITING_PAUSE_MS };
  const guint *pattern = self->waiting ? waiting : ring;
  guint delay = pattern[self->step % G_N_ELEMENTS (ring)];

  set_sounding (self, self->step % 2 == 0);
  self->step++;
  self->timer = g_timeout_add (delay, ring_step, self);

  return G_SOURCE_REMOVE;
}

static gboolean
beep_done (gpointer user_data)
{
  HlRinger *self = user_data;

  self->timer = 0;
  set_sounding (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
hl_ringer_dispose (GObject *object)
{
  HlRinger *self = (HlRinger *)object;

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->pipeline)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->device);

  G_OBJECT_CLASS (hl_ringer_parent_class)->dispose (object);
}

static void
hl_ringer_class_init (HlRingerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hl_ringer_dispose;
}

static void
hl_ringer_init (HlRinger *self)
{
}

HlRinger *
hl_ringer_new (void)
{
  return g_object_new (HL_TYPE_RINGER, NULL);
}

/* Rings, or with @waiting plays the call-waiting tone; a change of mode restarts the pattern. */
void
hl_ringer_start (HlRinger *self,
                 gboolean  waiting)
{
  g_return_if_fail (HL_IS_RINGER (self));

  if (self->ringing && self->waiting == !!waiting)
    return;

  g_debug ("%s", waiting ? "Call-waiting tone" : "Ringing");
  self->ringing = TRUE;
  self->waiting = !!waiting;
  self->step = 0;
  g_clear_handle_id (&self->timer, g_source_remove);
  ring_step (self);
}

void
hl_ringer_stop (HlRinger *self)
{
  g_return_if_fail (HL_IS_RINGER (self));

  self->ringing = FALSE;
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->pipeline)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->stale)
    gst_clear_object (&self->pipeline);
  self->stale = FALSE;
}

/* One short beep: the agent hears that a call was auto-answered. */
void
hl_ringer_beep (HlRinger *self)
{
  g_return_if_fail (HL_IS_RINGER (self));

  hl_ringer_stop (self);
  self->waiting = FALSE;
  set_sounding (self, TRUE);
  self->timer = g_timeout_add (250, beep_done, self);
}

gboolean
hl_ringer_get_ringing (HlRinger *self)
{
  g_return_val_if_fail (HL_IS_RINGER (self), FALSE);

  return self->ringing;
}

/* Where it rings: @device, or NULL for the default output. Applies from the next ring. */
void
hl_ringer_set_device (HlRinger  *self,
                      GstDevice *device)
{
  g_return_if_fail (HL_IS_RINGER (self));
  g_return_if_fail (!device || GST_IS_DEVICE (device));

  if (!gst_object_replace ((GstObject **) &self->device, (GstObject *) device) || self->pipeline == NULL)
    return;

  if (self->ringing || self->timer != 0)
    {
      self->stale = TRUE;
      return;
    }

  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
}

/* hl-audio-meter.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* A microphone check outside calls: the input's loudness, ten times a second, as "level"
 * (0 silent … 1 full scale), for a GtkLevelBar in Preferences. */

#define HL_TYPE_AUDIO_METER (hl_audio_meter_get_type ())

G_DECLARE_FINAL_TYPE (HlAudioMeter, hl_audio_meter, HL, AUDIO_METER, GObject)

HlAudioMeter *hl_audio_meter_new        (void);
gboolean      hl_audio_meter_start      (HlAudioMeter  *self,
                                         GstDevice     *device,
                                         GError       **error);
void          hl_audio_meter_stop       (HlAudioMeter  *self);
double        hl_audio_meter_get_level  (HlAudioMeter  *self);

double        hl_audio_level_from_db    (double         db);
double        hl_audio_level_message_db (const GstStructure *s,
                                         double         floor_db);

G_END_DECLS

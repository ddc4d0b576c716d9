/* hl-audio-devices.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* The microphones or the speakers GStreamer's device monitor sees, as a GListModel of
 * HlAudioDevice that follows plugging and unplugging. Item 0 is always "System Default" (no
 * device, id ""). Settings keep a device by its id, which survives restarts and re-plugging;
 * a device that is gone falls back to the default. */

typedef enum
{
  HL_AUDIO_INPUT,
  HL_AUDIO_OUTPUT,
} HlAudioDirection;

#define HL_TYPE_AUDIO_DEVICE (hl_audio_device_get_type ())
#define HL_TYPE_AUDIO_DEVICES (hl_audio_devices_get_type ())

G_DECLARE_FINAL_TYPE (HlAudioDevice, hl_audio_device, HL, AUDIO_DEVICE, GObject)
G_DECLARE_FINAL_TYPE (HlAudioDevices, hl_audio_devices, HL, AUDIO_DEVICES, GObject)

const char     *hl_audio_device_get_id      (HlAudioDevice    *self);
const char     *hl_audio_device_get_name    (HlAudioDevice    *self);
GstDevice      *hl_audio_device_get_device  (HlAudioDevice    *self);

char           *hl_audio_device_dup_stable_id (GstDevice      *device);

HlAudioDevices *hl_audio_devices_new        (HlAudioDirection  direction);
guint           hl_audio_devices_find       (HlAudioDevices   *self,
                                             const char       *id);
GstDevice      *hl_audio_devices_lookup     (HlAudioDevices   *self,
                                             const char       *id);

G_END_DECLS

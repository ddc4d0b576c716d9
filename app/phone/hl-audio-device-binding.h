/* hl-audio-device-binding.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-audio-devices.h"

G_BEGIN_DECLS

void hl_audio_device_selector_bind (GtkWidget      *selector,
                                    HlAudioDevices *devices,
                                    GSettings      *settings,
                                    const char     *key);

G_END_DECLS

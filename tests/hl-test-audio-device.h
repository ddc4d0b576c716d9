/* hl-test-audio-device.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* A GstDevice whose element is a bin made from @description, as a microphone ("Audio/Source")
 * or a speaker ("Audio/Sink"); @node_name (nullable) becomes its PipeWire-style stable id. */
GstDevice *hl_test_audio_device_new (const char *display_name,
                                     const char *device_class,
                                     const char *node_name,
                                     const char *description);
guint      hl_test_audio_device_get_opened (GstDevice *device);

G_END_DECLS

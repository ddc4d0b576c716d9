/* hl-ringer.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define HL_TYPE_RINGER (hl_ringer_get_type ())

G_DECLARE_FINAL_TYPE (HlRinger, hl_ringer, HL, RINGER, GObject)

HlRinger *hl_ringer_new          (void);
void      hl_ringer_start        (HlRinger *self,
                                  gboolean  waiting);
void      hl_ringer_stop         (HlRinger *self);
void      hl_ringer_beep         (HlRinger *self);
gboolean  hl_ringer_get_ringing  (HlRinger *self);
void      hl_ringer_set_device   (HlRinger  *self,
                                  GstDevice *device);

G_END_DECLS

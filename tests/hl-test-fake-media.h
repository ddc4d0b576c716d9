/* hl-test-fake-media.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-call-media.h"

G_BEGIN_DECLS

/* Call media for tests about SIP and the UI: canned WebRTC-shaped SDP, no GStreamer. Its fields
 * say what the call asked of it. */

#define HL_TYPE_FAKE_MEDIA (hl_fake_media_get_type ())
G_DECLARE_FINAL_TYPE (HlFakeMedia, hl_fake_media, HL, FAKE_MEDIA, GObject)

struct _HlFakeMedia
{
  GObject  parent_instance;
  gboolean sending;
  gboolean muted;
  gboolean closed;
  gboolean capturing;   /* the microphone: opened by an offer or at answer */
  char    *remote_sdp;
};

HlCallMedia *hl_fake_media_new (void);
char        *hl_fake_media_sdp (const char *direction);

G_END_DECLS

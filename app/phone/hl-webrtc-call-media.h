/* hl-webrtc-call-media.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-call-media.h"
#include "hl-media-session.h"

G_BEGIN_DECLS

#define HL_TYPE_WEBRTC_CALL_MEDIA (hl_webrtc_call_media_get_type ())

G_DECLARE_FINAL_TYPE (HlWebrtcCallMedia, hl_webrtc_call_media, HL, WEBRTC_CALL_MEDIA, GObject)

HlWebrtcCallMedia *hl_webrtc_call_media_new         (HlMediaSession    *session);
HlMediaSession    *hl_webrtc_call_media_get_session (HlWebrtcCallMedia *self);

G_END_DECLS

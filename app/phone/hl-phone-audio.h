/* hl-phone-audio.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-audio-devices.h"
#include "hl-call.h"
#include "hl-media-session.h"
#include "hl-ringer.h"

G_BEGIN_DECLS

/* The phone's audio settings at work: the microphone, speaker and ringing device chosen in
 * Preferences (or in the call card, the same settings), echo cancellation and noise suppression,
 * and call recording. HELPLINE_AUDIO_SRC / HELPLINE_AUDIO_SINK win over the chosen devices. */

#define HL_TYPE_PHONE_AUDIO (hl_phone_audio_get_type ())

G_DECLARE_FINAL_TYPE (HlPhoneAudio, hl_phone_audio, HL, PHONE_AUDIO, GObject)

HlPhoneAudio   *hl_phone_audio_new               (HlRinger       *ringer);
void            hl_phone_audio_set_settings      (HlPhoneAudio   *self,
                                                  GSettings      *settings);
GSettings      *hl_phone_audio_get_settings      (HlPhoneAudio   *self);
HlAudioDevices *hl_phone_audio_get_inputs        (HlPhoneAudio   *self);
HlAudioDevices *hl_phone_audio_get_outputs       (HlPhoneAudio   *self);
void            hl_phone_audio_configure_session (HlPhoneAudio   *self,
                                                  HlMediaSession *session);
void            hl_phone_audio_add_call          (HlPhoneAudio   *self,
                                                  HlCall         *call);
gboolean        hl_phone_audio_set_recording     (HlPhoneAudio   *self,
                                                  HlCall         *call,
                                                  gboolean        recording,
                                                  GError        **error);

char           *hl_phone_audio_recordings_dir    (void);

G_END_DECLS

/* hl-phone-audio.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhoneAudio"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hl-phone-audio.h"
#include "hl-webrtc-call-media.h"

/* Devices are kept in GSettings by their stable id and looked up in the device models whenever
 * the setting or the list of devices changes; a device that is gone means the default. Calls that
 * run when that happens switch at once (the session swaps its source or sink without
 * renegotiating).
 *
 * Recording: a call is recorded from the moment it is answered when "call-recording" is on; the
 * agent can stop it (app.record), and start it when the setting is off. A call has at most one
 * recording, so the call record links one complete file. */

struct _HlPhoneAudio
{
  GObject         parent_instance;

  HlRinger       *ringer;
  GSettings      *settings;
  HlAudioDevices *inputs;
  HlAudioDevices *outputs;
  GPtrArray      *calls;        /* of HlCall, until they end */
};

G_DEFINE_FINAL_TYPE (HlPhoneAudio, hl_phone_audio, G_TYPE_OBJECT)

static gboolean
has_override (const char *variable)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0';
}

static void apply_devices (HlPhoneAudio *self);

/* The device monitors start on first use (a device chosen, or a chooser shown), so that a phone
 * that always uses the defaults never loads GStreamer's device providers. */
static HlAudioDevices *
ensure_devices (HlPhoneAudio     *self,
                HlAudioDirection  direction)
{
  HlAudioDevices **devices = direction == HL_AUDIO_INPUT ? &self->inputs : &self->outputs;

  if (*devices == NULL)
    {
      *devices = hl_audio_devices_new (direction);
      g_signal_connect_object (*devices, "items-changed", G_CALLBACK (apply_devices), self, G_CONNECT_SWAPPED);
    }

  return *devices;
}

static GstDevice *
chosen_device (HlPhoneAudio     *self,
               HlAudioDirection  direction,
               const char       *key)
{
  g_autofree char *id = NULL;

  if (self->settings == NULL ||
      has_override (direction == HL_AUDIO_INPUT ? "HELPLINE_AUDIO_SRC" : "HELPLINE_AUDIO_SINK"))
    return NULL;

  id = g_settings_get_string (self->settings, key);
  if (*id == '\0')
    return NULL;

  return hl_audio_devices_lookup (ensure_devices (self, direction), id);
}

static HlMediaSession *
session_of (HlCall *call)
{
  HlCallMedia *media = hl_call_get_media (call);

  return HL_IS_WEBRTC_CALL_MEDIA (media) ? hl_webrtc_call_media_get_session (HL_WEBRTC_CALL_MEDIA (media)) : NULL;
}

static void
apply_devices (HlPhoneAudio *self)
{
  GstDevice *input = chosen_device (self, HL_AUDIO_INPUT, "audio-input-device");
  GstDevice *output = chosen_device (self, HL_AUDIO_OUTPUT, "audio-output-device");

  hl_ringer_set_device (self->ringer, chosen_device (self, HL_AUDIO_OUTPUT, "audio-ringing-device"));

  for (guint i = 0; i < self->calls->len; i++)
    {
      HlMediaSession *session = session_of (g_ptr_array_index (self->calls, i));

      if (session != NULL)
        {
          hl_media_session_set_input_device (session, input);
          hl_media_session_set_output_device (session, output);
        }
    }
}

static void
on_setting_changed (HlPhoneAudio *self,
                    const char   *key)
{
  if (g_str_has_prefix (key, "audio-"))
    apply_devices (self);
}

/* Recording */

char *
hl_phone_audio_recordings_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "helpline", "recordings", NULL);
}

static char *
new_recording_path (HlCall  *call,
                    GError **error)
{
  g_autofree char *dir = hl_phone_audio_recordings_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, hl_call_get_call_id (call), -1);
  g_autofree char *name = g_strdup_printf ("call-%s-%.8s.ogg", stamp, hash);

  /* Recordings are personal data: only the agent's account may read them */
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The recordings folder “%s” can’t be created: %s"), dir, g_strerror (saved));
      return NULL;
    }

  return g_build_filename (dir, name, NULL);
}

static void
on_recording_stopped (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HlCall) call = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_media_session_stop_recording_finish (HL_MEDIA_SESSION (object), result, &error))
    g_debug ("The recording did not end cleanly: %s", error->message);

  hl_call_set_recording (call, FALSE, NULL);
}

/* Starts or stops recording @call. A call is recorded once: after the agent stopped it, it
 * can't start again. */
gboolean
hl_phone_audio_set_recording (HlPhoneAudio  *self,
                              HlCall        *call,
                              gboolean       recording,
                              GError       **error)
{
  HlMediaSession *session;
  g_autofree char *path = NULL;

  g_return_val_if_fail (HL_IS_PHONE_AUDIO (self), FALSE);
  g_return_val_if_fail (HL_IS_CALL (call), FALSE);

  session = session_of (call);
  if (session == NULL || hl_call_get_state (call) == HL_CALL_STATE_ENDED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("This call can’t be recorded"));
      return FALSE;
    }

  if (!recording)
    {
      if (hl_media_session_is_recording (session))
        hl_media_session_stop_recording_async (session, NULL, on_recording_stopped, g_object_ref (call));
      return TRUE;
    }

  if (hl_media_session_is_recording (session))
    return TRUE;

  if (hl_call_get_recording_path (call) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("This call’s recording was stopped; a call is recorded only once"));
      return FALSE;
    }

  if ((path = new_recording_path (call, error)) == NULL ||
      !hl_media_session_start_recording (session, path, error))
    return FALSE;

  hl_call_set_recording (call, TRUE, path);
  return TRUE;
}

static void
on_call_state (HlPhoneAudio *self,
               GParamSpec   *pspec,
               HlCall       *call)
{
  g_autoptr(GError) error = NULL;

  switch (hl_call_get_state (call))
    {
    case HL_CALL_STATE_ACTIVE:
      if (self->settings != NULL && g_settings_get_boolean (self->settings, "call-recording") &&
          hl_call_get_recording_path (call) == NULL &&
          !hl_phone_audio_set_recording (self, call, TRUE, &error))
        g_warning ("The call is not recorded: %s", error->message);
      break;
    case HL_CALL_STATE_ENDED:
      /* The media is closed: what the recorder had is on disk */
      hl_call_set_recording (call, FALSE, NULL);
      g_signal_handlers_disconnect_by_data (call, self);
      g_ptr_array_remove (self->calls, call);
      break;
    case HL_CALL_STATE_INCOMING:
    case HL_CALL_STATE_DIALING:
    case HL_CALL_STATE_ALERTING:
    case HL_CALL_STATE_HELD:
    default:
      break;
    }
}

/* Watches @call: recording when it is answered, device changes while it runs */
void
hl_phone_audio_add_call (HlPhoneAudio *self,
                         HlCall       *call)
{
  g_return_if_fail (HL_IS_PHONE_AUDIO (self));
  g_return_if_fail (HL_IS_CALL (call));

  if (g_ptr_array_find (self->calls, call, NULL) || hl_call_get_state (call) == HL_CALL_STATE_ENDED)
    return;

  g_ptr_array_add (self->calls, g_object_ref (call));
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state), self, G_CONNECT_SWAPPED);
  on_call_state (self, NULL, call);
}

/* A new call's session: the chosen devices and voice processing */
void
hl_phone_audio_configure_session (HlPhoneAudio   *self,
                                  HlMediaSession *session)
{
  g_return_if_fail (HL_IS_PHONE_AUDIO (self));
  g_return_if_fail (HL_IS_MEDIA_SESSION (session));

  hl_media_session_set_input_device (session, chosen_device (self, HL_AUDIO_INPUT, "audio-input-device"));
  hl_media_session_set_output_device (session, chosen_device (self, HL_AUDIO_OUTPUT, "audio-output-device"));
  if (self->settings != NULL)
    hl_media_session_set_voice_processing (session,
                                           g_settings_get_boolean (self->settings, "echo-cancellation"),
                                           g_settings_get_boolean (self->settings, "noise-suppression"));
}

/* GObject */

static void
hl_phone_audio_dispose (GObject *object)
{
  HlPhoneAudio *self = HL_PHONE_AUDIO (object);

  if (self->calls != NULL)
    for (guint i = 0; i < self->calls->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->calls, i), self);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->inputs);
  g_clear_object (&self->outputs);
  g_clear_object (&self->ringer);

  G_OBJECT_CLASS (hl_phone_audio_parent_class)->dispose (object);
}

static void
hl_phone_audio_class_init (HlPhoneAudioClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hl_phone_audio_dispose;
}

static void
hl_phone_audio_init (HlPhoneAudio *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
}

HlPhoneAudio *
hl_phone_audio_new (HlRinger *ringer)
{
  HlPhoneAudio *self;

  g_return_val_if_fail (HL_IS_RINGER (ringer), NULL);

  self = g_object_new (HL_TYPE_PHONE_AUDIO, NULL);
  self->ringer = g_object_ref (ringer);

  return self;
}

void
hl_phone_audio_set_settings (HlPhoneAudio *self,
                             GSettings    *settings)
{
  g_return_if_fail (HL_IS_PHONE_AUDIO (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (!g_set_object (&self->settings, settings) || settings == NULL)
    return;

  g_signal_connect_object (settings, "changed", G_CALLBACK (on_setting_changed), self, G_CONNECT_SWAPPED);
  apply_devices (self);
}

/* Returns: (transfer none) (nullable) */
GSettings *
hl_phone_audio_get_settings (HlPhoneAudio *self)
{
  g_return_val_if_fail (HL_IS_PHONE_AUDIO (self), NULL);
  return self->settings;
}

HlAudioDevices *
hl_phone_audio_get_inputs (HlPhoneAudio *self)
{
  g_return_val_if_fail (HL_IS_PHONE_AUDIO (self), NULL);
  return ensure_devices (self, HL_AUDIO_INPUT);
}

HlAudioDevices *
hl_phone_audio_get_outputs (HlPhoneAudio *self)
{
  g_return_val_if_fail (HL_IS_PHONE_AUDIO (self), NULL);
  return ensure_devices (self, HL_AUDIO_OUTPUT);
}

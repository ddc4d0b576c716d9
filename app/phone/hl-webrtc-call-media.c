/* hl-webrtc-call-media.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlMedia"

#include "config.h"

#include "hl-webrtc-call-media.h"

/* A call's media on webrtcbin: HlCallMedia (what the SIP side asks) on top of HlMediaSession (the
 * pipeline). Kept apart so that the SIP state machine is tested without GStreamer. */

struct _HlWebrtcCallMedia
{
  GObject         parent_instance;
  HlMediaSession *session;
};

static void call_media_iface_init (HlCallMediaInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlWebrtcCallMedia, hl_webrtc_call_media, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_CALL_MEDIA, call_media_iface_init))

static void
on_offer (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *sdp = hl_media_session_create_offer_finish (HL_MEDIA_SESSION (object), result, &error);

  if (sdp == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, sdp, g_free);
}

static void
create_offer_async (HlCallMedia         *media,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  HlWebrtcCallMedia *self = HL_WEBRTC_CALL_MEDIA (media);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  hl_media_session_create_offer_async (self->session, cancellable, on_offer, task);
}

static char *
propagate_string (HlCallMedia   *media,
                  GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_answer (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *sdp = hl_media_session_set_remote_offer_and_answer_finish (HL_MEDIA_SESSION (object), result, &error);

  if (sdp == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, sdp, g_free);
}

static void
answer_async (HlCallMedia         *media,
              const char          *offer,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  HlWebrtcCallMedia *self = HL_WEBRTC_CALL_MEDIA (media);

  hl_media_session_set_remote_offer_and_answer_async (self->session, offer, cancellable, on_answer,
                                                      g_task_new (self, cancellable, callback, user_data));
}

static void
on_answer_applied (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_media_session_set_remote_answer_finish (HL_MEDIA_SESSION (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
apply_answer_async (HlCallMedia         *media,
                    const char          *answer,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  HlWebrtcCallMedia *self = HL_WEBRTC_CALL_MEDIA (media);

  hl_media_session_set_remote_answer_async (self->session, answer, cancellable, on_answer_applied,
                                            g_task_new (self, cancellable, callback, user_data));
}

static gboolean
apply_answer_finish (HlCallMedia   *media,
                     GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
set_sending (HlCallMedia *media,
             gboolean     sending)
{
  hl_media_session_set_hold (HL_WEBRTC_CALL_MEDIA (media)->session, !sending);
}

static void
set_muted (HlCallMedia *media,
           gboolean     muted)
{
  hl_media_session_set_muted (HL_WEBRTC_CALL_MEDIA (media)->session, muted);
}

static void
open_capture (HlCallMedia *media)
{
  hl_media_session_open_capture (HL_WEBRTC_CALL_MEDIA (media)->session);
}

static gboolean
send_dtmf (HlCallMedia *media,
           char         digit)
{
  HlWebrtcCallMedia *self = HL_WEBRTC_CALL_MEDIA (media);

  if (!hl_media_session_can_send_dtmf (self->session))
    return FALSE;

  return hl_media_session_send_dtmf (self->session, digit, 160, NULL);
}

static void
close_media (HlCallMedia *media)
{
  hl_media_session_close (HL_WEBRTC_CALL_MEDIA (media)->session);
}

static void
call_media_iface_init (HlCallMediaInterface *iface)
{
  iface->create_offer_async = create_offer_async;
  iface->create_offer_finish = propagate_string;
  iface->answer_async = answer_async;
  iface->answer_finish = propagate_string;
  iface->apply_answer_async = apply_answer_async;
  iface->apply_answer_finish = apply_answer_finish;
  iface->set_sending = set_sending;
  iface->set_muted = set_muted;
  iface->open_capture = open_capture;
  iface->send_dtmf = send_dtmf;
  iface->close = close_media;
}

static void
hl_webrtc_call_media_dispose (GObject *object)
{
  HlWebrtcCallMedia *self = (HlWebrtcCallMedia *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (hl_webrtc_call_media_parent_class)->dispose (object);
}

static void
hl_webrtc_call_media_class_init (HlWebrtcCallMediaClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hl_webrtc_call_media_dispose;
}

static void
hl_webrtc_call_media_init (HlWebrtcCallMedia *self)
{
}

static void
on_session_dtmf (HlWebrtcCallMedia *self,
                 const char        *digit,
                 HlMediaSession    *session)
{
  g_signal_emit_by_name (self, "dtmf-received", digit);
}

HlWebrtcCallMedia *
hl_webrtc_call_media_new (HlMediaSession *session)
{
  HlWebrtcCallMedia *self;

  g_return_val_if_fail (HL_IS_MEDIA_SESSION (session), NULL);

  self = g_object_new (HL_TYPE_WEBRTC_CALL_MEDIA, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "dtmf-received", G_CALLBACK (on_session_dtmf), self, G_CONNECT_SWAPPED);

  return self;
}

HlMediaSession *
hl_webrtc_call_media_get_session (HlWebrtcCallMedia *self)
{
  g_return_val_if_fail (HL_IS_WEBRTC_CALL_MEDIA (self), NULL);

  return self->session;
}

/* hl-test-fake-media.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hl-test-fake-media.h"

static void media_iface_init (HlCallMediaInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlFakeMedia, hl_fake_media, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_CALL_MEDIA, media_iface_init))

/* An SDP body with @direction ("sendrecv", "recvonly"…) */
char *
hl_fake_media_sdp (const char *direction)
{
  /* WebRTC-shaped, as HlCall wants from an offer: ICE credentials and a DTLS fingerprint. */
  return g_strdup_printf ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                          "m=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:fake\r\na=ice-pwd:fakefakefakefakefakefake\r\n"
                          "a=fingerprint:sha-256 00:11\r\na=%s\r\n", direction);
}

static void
fake_create_offer_async (HlCallMedia *media, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (media, cancellable, callback, user_data);

  HL_FAKE_MEDIA (media)->capturing = TRUE;
  g_task_return_pointer (task, hl_fake_media_sdp ("sendrecv"), g_free);
}

static char *
fake_finish (HlCallMedia *media, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_answer_async (HlCallMedia *media, const char *offer, GCancellable *cancellable,
                   GAsyncReadyCallback callback, gpointer user_data)
{
  HlFakeMedia *self = HL_FAKE_MEDIA (media);
  g_autoptr(GTask) task = g_task_new (media, cancellable, callback, user_data);

  g_free (self->remote_sdp);
  self->remote_sdp = g_strdup (offer);
  if (strstr (offer, "m=audio") == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "No audio in the offer");
  else
    g_task_return_pointer (task, hl_fake_media_sdp (strstr (offer, "a=sendonly") ? "recvonly" : "sendrecv"), g_free);
}

static void
fake_apply_answer_async (HlCallMedia *media, const char *answer, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  HlFakeMedia *self = HL_FAKE_MEDIA (media);
  g_autoptr(GTask) task = g_task_new (media, cancellable, callback, user_data);

  g_free (self->remote_sdp);
  self->remote_sdp = g_strdup (answer);
  g_task_return_boolean (task, TRUE);
}

static gboolean
fake_apply_answer_finish (HlCallMedia *media, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void fake_set_sending (HlCallMedia *media, gboolean sending) { HL_FAKE_MEDIA (media)->sending = sending; }
static void fake_set_muted (HlCallMedia *media, gboolean muted) { HL_FAKE_MEDIA (media)->muted = muted; }
static gboolean fake_send_dtmf (HlCallMedia *media, char digit) { return FALSE; }
static void fake_close (HlCallMedia *media) { HL_FAKE_MEDIA (media)->closed = TRUE; }
static void fake_open_capture (HlCallMedia *media) { HL_FAKE_MEDIA (media)->capturing = TRUE; }

static void
media_iface_init (HlCallMediaInterface *iface)
{
  iface->create_offer_async = fake_create_offer_async;
  iface->create_offer_finish = fake_finish;
  iface->answer_async = fake_answer_async;
  iface->answer_finish = fake_finish;
  iface->apply_answer_async = fake_apply_answer_async;
  iface->apply_answer_finish = fake_apply_answer_finish;
  iface->set_sending = fake_set_sending;
  iface->set_muted = fake_set_muted;
  iface->send_dtmf = fake_send_dtmf;
  iface->close = fake_close;
  iface->open_capture = fake_open_capture;
}

static void
hl_fake_media_finalize (GObject *object)
{
  g_free (HL_FAKE_MEDIA (object)->remote_sdp);
  G_OBJECT_CLASS (hl_fake_media_parent_class)->finalize (object);
}

static void
hl_fake_media_class_init (HlFakeMediaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hl_fake_media_finalize;
}

static void
hl_fake_media_init (HlFakeMedia *self)
{
  self->sending = TRUE;
}

HlCallMedia *
hl_fake_media_new (void)
{
  return g_object_new (HL_TYPE_FAKE_MEDIA, NULL);
}

/* hl-call-media.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-call-media.h"

G_DEFINE_INTERFACE (HlCallMedia, hl_call_media, G_TYPE_OBJECT)

static void
hl_call_media_default_init (HlCallMediaInterface *iface)
{
  /**
   * HlCallMedia::dtmf-received:
   * @digit: "0"–"9", "*", "#" or "A"–"D", received in the audio (RFC 4733 events)
   */
  g_signal_new ("dtmf-received", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_STRING);
}

void
hl_call_media_create_offer_async (HlCallMedia         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (HL_IS_CALL_MEDIA (self));

  HL_CALL_MEDIA_GET_IFACE (self)->create_offer_async (self, cancellable, callback, user_data);
}

char *
hl_call_media_create_offer_finish (HlCallMedia   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (HL_IS_CALL_MEDIA (self), NULL);

  return HL_CALL_MEDIA_GET_IFACE (self)->create_offer_finish (self, result, error);
}

void
hl_call_media_answer_async (HlCallMedia         *self,
                            const char          *offer,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HL_IS_CALL_MEDIA (self));

  HL_CALL_MEDIA_GET_IFACE (self)->answer_async (self, offer, cancellable, callback, user_data);
}

char *
hl_call_media_answer_finish (HlCallMedia   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (HL_IS_CALL_MEDIA (self), NULL);

  return HL_CALL_MEDIA_GET_IFACE (self)->answer_finish (self, result, error);
}

void
hl_call_media_apply_answer_async (HlCallMedia         *self,
                                  const char          *answer,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (HL_IS_CALL_MEDIA (self));

  HL_CALL_MEDIA_GET_IFACE (self)->apply_answer_async (self, answer, cancellable, callback, user_data);
}

gboolean
hl_call_media_apply_answer_finish (HlCallMedia   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (HL_IS_CALL_MEDIA (self), FALSE);

  return HL_CALL_MEDIA_GET_IFACE (self)->apply_answer_finish (self, result, error);
}

void
hl_call_media_set_sending (HlCallMedia *self,
                           gboolean     sending)
{
  g_return_if_fail (HL_IS_CALL_MEDIA (self));

  HL_CALL_MEDIA_GET_IFACE (self)->set_sending (self, sending);
}

void
hl_call_media_set_muted (HlCallMedia *self,
                         gboolean     muted)
{
  g_return_if_fail (HL_IS_CALL_MEDIA (self));

  HL_CALL_MEDIA_GET_IFACE (self)->set_muted (self, muted);
}

void
hl_call_media_open_capture (HlCallMedia *self)
{
  g_return_if_fail (HL_IS_CALL_MEDIA (self));

  if (HL_CALL_MEDIA_GET_IFACE (self)->open_capture != NULL)
    HL_CALL_MEDIA_GET_IFACE (self)->open_capture (self);
}

gboolean
hl_call_media_send_dtmf (HlCallMedia *self,
                         char         digit)
{
  g_return_val_if_fail (HL_IS_CALL_MEDIA (self), FALSE);

  return HL_CALL_MEDIA_GET_IFACE (self)->send_dtmf (self, digit);
}

void
hl_call_media_close (HlCallMedia *self)
{
  g_return_if_fail (HL_IS_CALL_MEDIA (self));

  HL_CALL_MEDIA_GET_IFACE (self)->close (self);
}

/* hl-call-media.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a call needs from its media: SDP in, SDP out, and a few switches. The webrtcbin session
 * implements it for real calls; tests of the SIP state machine use a fake. All SDP is text. */

#define HL_TYPE_CALL_MEDIA (hl_call_media_get_type ())

G_DECLARE_INTERFACE (HlCallMedia, hl_call_media, HL, CALL_MEDIA, GObject)

struct _HlCallMediaInterface
{
  GTypeInterface parent_iface;

  /* The offer of a new outgoing call. (Re-offers for hold are the call's own SDP with another
   * direction: webrtcbin 1.22 can't change a transceiver's direction in a renegotiation.) */
  void      (*create_offer_async)  (HlCallMedia          *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
  char     *(*create_offer_finish) (HlCallMedia          *self,
                                    GAsyncResult         *result,
                                    GError              **error);
  /* The answer to the peer's offer (an INVITE or re-INVITE). */
  void      (*answer_async)        (HlCallMedia          *self,
                                    const char           *offer,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
  char     *(*answer_finish)       (HlCallMedia          *self,
                                    GAsyncResult         *result,
                                    GError              **error);
  /* The peer's answer to our offer. */
  void      (*apply_answer_async)  (HlCallMedia          *self,
                                    const char           *answer,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
  gboolean  (*apply_answer_finish) (HlCallMedia          *self,
                                    GAsyncResult         *result,
                                    GError              **error);
  /* Stops (or resumes) sending our audio: webrtcbin keeps sending on hold by itself. */
  void      (*set_sending)         (HlCallMedia          *self,
                                    gboolean              sending);
  void      (*set_muted)           (HlCallMedia          *self,
                                    gboolean              muted);
  /* Opens the microphone: an incoming call negotiates with silence while it rings and opens it
   * only when the agent answers. Optional (media without a microphone leave it NULL). */
  void      (*open_capture)        (HlCallMedia          *self);
  /* Sends a digit in the audio stream (RFC 4733); FALSE when the peer didn't negotiate it. */
  gboolean  (*send_dtmf)           (HlCallMedia          *self,
                                    char                  digit);
  void      (*close)               (HlCallMedia          *self);
};

void      hl_call_media_create_offer_async  (HlCallMedia          *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char     *hl_call_media_create_offer_finish (HlCallMedia          *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void      hl_call_media_answer_async        (HlCallMedia          *self,
                                             const char           *offer,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char     *hl_call_media_answer_finish       (HlCallMedia          *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void      hl_call_media_apply_answer_async  (HlCallMedia          *self,
                                             const char           *answer,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  hl_call_media_apply_answer_finish (HlCallMedia          *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void      hl_call_media_set_sending         (HlCallMedia          *self,
                                             gboolean              sending);
void      hl_call_media_set_muted           (HlCallMedia          *self,
                                             gboolean              muted);
void      hl_call_media_open_capture        (HlCallMedia          *self);
gboolean  hl_call_media_send_dtmf           (HlCallMedia          *self,
                                             char                  digit);
void      hl_call_media_close               (HlCallMedia          *self);

G_END_DECLS

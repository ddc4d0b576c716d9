/* hl-media-session.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* HlMediaSession: one call's audio on webrtcbin, SDP text in and out (non-trickle: candidates are
 * inside, the default one in m=/c=). Offerer: create_offer → (SIP) → set_remote_answer.
 * Answerer: set_remote_offer_and_answer. Hold: set_hold (TRUE), then create_offer for the
 * re-INVITE (it says sendonly; our audio stops at once). DTMF: send_dtmf when can_send_dtmf,
 * else SIP INFO; received RFC 4733 events come as ::dtmf-received. hl_media_warm_up() once
 * the account is registered makes the DTLS certificate and loads the plugins, so that even the
 * first answer costs milliseconds; prewarm() also builds the pipeline (it opens the audio source:
 * tests only). hl_media_warm_up_stop() waits for that work before the process exits. */

#define HL_MEDIA_ERROR (hl_media_error_quark ())

typedef enum
{
  HL_MEDIA_ERROR_FAILED,
  HL_MEDIA_ERROR_MISSING_ELEMENT,   /* a GStreamer plugin is not installed */
  HL_MEDIA_ERROR_BAD_PIPELINE,      /* HELPLINE_AUDIO_SRC/SINK or a device could not be used */
  HL_MEDIA_ERROR_INVALID_SDP,       /* the remote SDP can't be parsed or has no audio */
  HL_MEDIA_ERROR_NEGOTIATION,       /* webrtcbin refused a description */
  HL_MEDIA_ERROR_NO_CANDIDATES,     /* ICE gathering found no usable address */
  HL_MEDIA_ERROR_ICE_FAILED,        /* connectivity checks failed */
  HL_MEDIA_ERROR_CLOSED,
  HL_MEDIA_ERROR_NOT_SUPPORTED,
  HL_MEDIA_ERROR_STREAM,            /* an element posted an error while the call ran */
} HlMediaError;

/**
 * HlMediaState:
 * @HL_MEDIA_STATE_NEW: built (maybe pre-warmed), nothing negotiated yet
 * @HL_MEDIA_STATE_NEGOTIATING: an offer or answer is being made (pending)
 * @HL_MEDIA_STATE_CONNECTING: both descriptions set, ICE/DTLS connecting (pending)
 * @HL_MEDIA_STATE_CONNECTED: media flows
 * @HL_MEDIA_STATE_ON_HOLD: connected, but held by this side or the other
 * @HL_MEDIA_STATE_FAILED: ICE failed or an element error; see HlMediaSession::failed
 * @HL_MEDIA_STATE_CLOSED: hl_media_session_close() was called
 */
typedef enum
{
  HL_MEDIA_STATE_NEW,
  HL_MEDIA_STATE_NEGOTIATING,
  HL_MEDIA_STATE_CONNECTING,
  HL_MEDIA_STATE_CONNECTED,
  HL_MEDIA_STATE_ON_HOLD,
  HL_MEDIA_STATE_FAILED,
  HL_MEDIA_STATE_CLOSED,
} HlMediaState;

typedef enum
{
  HL_MEDIA_QUALITY_UNKNOWN,
  HL_MEDIA_QUALITY_GOOD,
  HL_MEDIA_QUALITY_FAIR,
  HL_MEDIA_QUALITY_POOR,
} HlMediaQuality;

typedef struct
{
  guint64        packets_sent;
  guint64        bytes_sent;
  guint64        packets_received;
  guint64        bytes_received;
  gint64         packets_lost;      /* by the other side's reports and our own receiver */
  double         jitter_ms;         /* worst of inbound and the peer's report */
  double         rtt_ms;            /* -1 when not yet known */
  double         loss_percent;
  double         mos;               /* E-model estimate, 1.0–4.5; 0 when nothing flowed */
  HlMediaQuality quality;
} HlMediaStats;

#define HL_TYPE_MEDIA_STATE (hl_media_state_get_type ())
#define HL_TYPE_MEDIA_QUALITY (hl_media_quality_get_type ())
#define HL_TYPE_MEDIA_SESSION (hl_media_session_get_type ())

/* Names of the send branch's source in the pipeline: the silence a ringing call negotiates with,
 * and the microphone (or HELPLINE_AUDIO_SRC) once the capture is open */
#define HL_MEDIA_PLACEHOLDER_NAME "capture-placeholder"
#define HL_MEDIA_CAPTURE_NAME "capture"


G_DECLARE_FINAL_TYPE (HlMediaSession, hl_media_session, HL, MEDIA_SESSION, GObject)

GQuark          hl_media_error_quark                        (void);
GType           hl_media_state_get_type                     (void);
GType           hl_media_quality_get_type                   (void);

HlMediaSession *hl_media_session_new                        (const char * const  *ice_servers,
                                                             const char          *turn_username,
                                                             const char          *turn_password);
HlMediaState    hl_media_session_get_state                  (HlMediaSession      *self);
GstElement     *hl_media_session_get_pipeline               (HlMediaSession      *self);
void            hl_media_session_add_local_address          (HlMediaSession      *self,
                                                             const char          *address);
void            hl_media_session_set_gathering_timeout      (HlMediaSession      *self,
                                                             guint                timeout_ms);
void            hl_media_session_set_input_device           (HlMediaSession      *self,
                                                             GstDevice           *device);
void            hl_media_session_set_output_device          (HlMediaSession      *self,
                                                             GstDevice           *device);
void            hl_media_session_set_voice_processing       (HlMediaSession      *self,
                                                             gboolean             echo_cancel,
                                                             gboolean             noise_suppression);
gboolean        hl_media_session_prewarm                    (HlMediaSession      *self,
                                                             GError             **error);
void            hl_media_session_open_capture               (HlMediaSession      *self);
gboolean        hl_media_session_is_capturing               (HlMediaSession      *self);

void            hl_media_session_create_offer_async         (HlMediaSession      *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char           *hl_media_session_create_offer_finish        (HlMediaSession      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void            hl_media_session_set_remote_offer_and_answer_async
                                                            (HlMediaSession      *self,
                                                             const char          *offer_sdp,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char           *hl_media_session_set_remote_offer_and_answer_finish
                                                            (HlMediaSession      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void            hl_media_session_set_remote_answer_async    (HlMediaSession      *self,
                                                             const char          *answer_sdp,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean        hl_media_session_set_remote_answer_finish   (HlMediaSession      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void            hl_media_session_set_hold                   (HlMediaSession      *self,
                                                             gboolean             hold);
gboolean        hl_media_session_get_hold                   (HlMediaSession      *self);
void            hl_media_session_set_muted                  (HlMediaSession      *self,
                                                             gboolean             muted);
gboolean        hl_media_session_get_muted                  (HlMediaSession      *self);
gboolean        hl_media_session_can_send_dtmf              (HlMediaSession      *self);
gboolean        hl_media_session_send_dtmf                  (HlMediaSession      *self,
                                                             char                 digit,
                                                             guint                duration_ms,
                                                             GError             **error);

void            hl_media_session_get_stats_async            (HlMediaSession      *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean        hl_media_session_get_stats_finish           (HlMediaSession      *self,
                                                             GAsyncResult        *result,
                                                             HlMediaStats        *stats,
                                                             GError             **error);
void            hl_media_stats_compute_quality              (HlMediaStats        *stats);

gboolean        hl_media_session_start_recording            (HlMediaSession      *self,
                                                             const char          *path,
                                                             GError             **error);
void            hl_media_session_stop_recording_async       (HlMediaSession      *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean        hl_media_session_stop_recording_finish      (HlMediaSession      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
gboolean        hl_media_session_is_recording               (HlMediaSession      *self);

void            hl_media_session_close                      (HlMediaSession      *self);

void            hl_media_warm_up                            (void);
void            hl_media_warm_up_stop                       (void);
char           *hl_media_ice_server_to_uri                  (const char          *server,
                                                             const char          *username,
                                                             const char          *password);

G_END_DECLS

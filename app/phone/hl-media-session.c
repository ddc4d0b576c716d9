/* hl-media-session.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlMedia"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gst/rtp/rtp.h>
#include <gst/sdp/sdp.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>
#include <math.h>
#include <nice/agent.h>
#include <string.h>

#include "hl-audio-meter.h"
#include "hl-media-session.h"
#include "hl-sdp.h"

/* HlMediaSession: one call's audio on webrtcbin. It knows nothing about SIP: it takes and produces
 * SDP text, non-trickle (it waits for ICE gathering, with a timeout, and returns the candidates
 * inside the SDP).
 *
 * Send:    source → audioconvert → audioresample → caps (48 kHz mono) → [webrtcdsp] → level (the
 *          input meter) → volume (mute) → valve (hold: webrtcbin 1.22 keeps sending when the
 *          direction says it shouldn't) → tee → queue → opusenc → rtpopuspay → caps (pt 111,
 *          encoding-params 2) → webrtcbin
 * Receive: webrtcbin src pad by caps: OPUS → rtpopusdepay → opusdec → the playback tail
 *          (audioconvert → audioresample → level → tee → queue → sink); TELEPHONE-EVENT →
 *          rtpdtmfdepay → fakesink, whose dtmf-event bus messages become ::dtmf-received.
 * Record:  the two tees → each in its own channel → audiomixer (left agent, right customer) →
 *          opusenc → oggmux → filesink. Ogg/Opus rather than WAV: a call that ends without the
 *          recorder seeing EOS (the pipeline is torn down at BYE) still leaves a playable file, as
 *          Ogg pages are complete on their own while a WAV header is only right once rewritten at
 *          EOS; and an hour of stereo takes ~30 MB instead of ~690 MB.
 *
 * The playback tail is built up front so that a recording can start before the other side's
 * audio arrives. webrtcbin calls back from its own threads; everything that touches the
 * session's fields hops to the main context first. */

#define DEFAULT_GATHERING_TIMEOUT_MS 2000
/* webrtcbin's jitter buffers hold the first packet for their whole latency (200 ms by default):
 * the agent heard the customer 280 ms after the INVITE where a browser hears 90 ms
 * (tests/bench). 60 ms still covers the jitter of ordinary networks; it is also 140 ms less
 * mouth-to-ear delay for the whole call. */
#define JITTER_BUFFER_MS 60
#define OPUS_RTP_CAPS "application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000," \
                      "payload=111,encoding-params=(string)2"
#define LEVEL_FLOOR_DB -100.0
#define DTMF_PT 110             /* what Chromium uses for telephone-event/48000 */
#define OPUS_FRAME_SAMPLES 960  /* opusenc's 20 ms frames at 48 kHz */

struct _HlMediaSession
{
  GObject                  parent_instance;

  GMainContext            *context;

  /* Configuration */
  char                    *stun_server;
  GPtrArray               *turn_servers;
  GPtrArray               *local_addresses;
  char                    *src_description;
  char                    *sink_description;
  GstDevice               *input_device;
  GstDevice               *output_device;
  gboolean                 echo_cancel;
  gboolean                 noise_suppression;
  guint                    gathering_timeout_ms;

  /* Owned references: the pipeline holds the elements; these are borrowed from it */
  GstElement              *pipeline;
  GstElement              *webrtc;
  GstElement              *source;
  GstElement              *send_convert;
  GstElement              *volume;
  GstElement              *valve;
  GstElement              *send_tee;
  GstElement              *play_head;
  GstElement              *sink;
  GstElement              *recv_tee;
  GstWebRTCRTPTransceiver *transceiver;
  guint                    bus_watch;
  gboolean                 capture_open;    /* else a silent placeholder stands in (privacy) */
  gboolean                 placeholder_flowing;

  /* Set from streaming threads, under the object lock */
  gboolean                 opus_linked;

  /* Negotiation */
  HlMediaState             state;
  GstWebRTCICEConnectionState ice_state;
  gboolean                 negotiating;
  gboolean                 negotiated;
  gboolean                 held;
  gboolean                 remote_held;     /* the other side's SDP says it won't receive */
  gboolean                 muted;
  gboolean                 failed;
  gboolean                 closed;
  gboolean                 gathering_complete;
  GPtrArray               *gather_tasks;
  guint                    gather_timeout_id;
  char                    *candidates;      /* from the first local description, for re-offers */
  int                      remote_dtmf_pt;
  HlSdpDirection           remote_direction;
  gboolean                 dtmf_negotiated;

  /* RFC 4733 sending: Opus packets are replaced by event packets in a probe on the payloader's
   * src pad (a streaming thread), so the stream's SSRC, sequence and caps stay as they are */
  GMutex                   dtmf_lock;
  GQueue                   dtmf_queue;      /* of DtmfTone */
  int                      dtmf_event;      /* the event being sent, or -1 */
  guint                    dtmf_duration;   /* its length, in RTP timestamp units */
  guint                    dtmf_elapsed;
  guint32                  dtmf_timestamp;
  guint                    dtmf_end_left;   /* end packets still to send (RFC 4733 §2.5.1.4) */
  int                      dtmf_send_pt;    /* the other side's telephone-event/48000 PT */

  double                   input_level;
  double                   output_level;

  /* Recording */
  GstElement              *recorder;
  GstPad                  *rec_tee_pads[2];
  char                    *recording_path;
  GTask                   *stop_recording_task;
};

G_DEFINE_FINAL_TYPE (HlMediaSession, hl_media_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (hl-media-error-quark, hl_media_error)

G_DEFINE_ENUM_TYPE (HlMediaState, hl_media_state,
  G_DEFINE_ENUM_VALUE (HL_MEDIA_STATE_NEW, "new"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_STATE_NEGOTIATING, "negotiating"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_STATE_ON_HOLD, "on-hold"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_STATE_CLOSED, "closed"))

G_DEFINE_ENUM_TYPE (HlMediaQuality, hl_media_quality,
  G_DEFINE_ENUM_VALUE (HL_MEDIA_QUALITY_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_QUALITY_GOOD, "good"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_QUALITY_FAIR, "fair"),
  G_DEFINE_ENUM_VALUE (HL_MEDIA_QUALITY_POOR, "poor"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_HOLD,
  PROP_MUTED,
  PROP_INPUT_LEVEL,
  PROP_OUTPUT_LEVEL,
  N_PROPS
};

enum {
  FAILED,
  DTMF_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static GstElement *
make_element (const char  *factory,
              const char  *name,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_MISSING_ELEMENT,
                 "The GStreamer element “%s” is missing; install the GStreamer plugin that has it",
                 factory);

  return element;
}

/* Runs @func on the session's main context with a weak reference, from any thread. */
typedef struct
{
  GWeakRef  self;
  void    (*func) (HlMediaSession *self, gpointer data);
  gpointer  data;
  GDestroyNotify data_free;
} Invocation;

static gboolean
invocation_dispatch (gpointer user_data)
{
  Invocation *inv = user_data;
  g_autoptr(HlMediaSession) self = g_weak_ref_get (&inv->self);

  if (self != NULL)
    inv->func (self, inv->data);

  return G_SOURCE_REMOVE;
}

static void
invocation_free (gpointer user_data)
{
  Invocation *inv = user_data;

  g_weak_ref_clear (&inv->self);
  if (inv->data_free != NULL && inv->data != NULL)
    inv->data_free (inv->data);
  g_free (inv);
}

static void
invoke_on_main (HlMediaSession *self,
                void          (*func) (HlMediaSession *self, gpointer data),
                gpointer        data,
                GDestroyNotify  data_free)
{
  Invocation *inv = g_new0 (Invocation, 1);
  GSource *source = g_idle_source_new ();

  g_weak_ref_init (&inv->self, self);
  inv->func = func;
  inv->data = data;
  inv->data_free = data_free;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, invocation_dispatch, inv, invocation_free);
  g_source_set_static_name (source, "[hl-media-session] invoke");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* Promises: webrtcbin replies on its own thread; the next step runs on the main context. */

/* @replied is FALSE when the promise was interrupted; @reply may be NULL on success */
typedef void (*PromiseStep) (GTask              *task,
                             gboolean            replied,
                             const GstStructure *reply);

typedef struct
{
  GTask      *task;
  GstPromise *promise;
  PromiseStep step;
} PromiseCall;

static gboolean
promise_call_dispatch (gpointer user_data)
{
  PromiseCall *call = user_data;
  const GstStructure *reply = NULL;

  GstPromiseResult result = gst_promise_wait (call->promise);

  if (result == GST_PROMISE_RESULT_REPLIED)
    reply = gst_promise_get_reply (call->promise);
  else
    g_debug ("A promise ended without a reply (%d)", result);
  call->step (call->task, result == GST_PROMISE_RESULT_REPLIED, reply);

  return G_SOURCE_REMOVE;
}

static void
promise_call_free (gpointer user_data)
{
  PromiseCall *call = user_data;

  g_object_unref (call->task);
  gst_promise_unref (call->promise);
  g_free (call);
}

static void
on_promise_changed (GstPromise *promise,
                    gpointer    user_data)
{
  PromiseCall *call = user_data;
  HlMediaSession *self = g_task_get_source_object (call->task);

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              promise_call_dispatch, call, promise_call_free);
}

/* The returned promise is owned by the call; pass it to an action signal and don't unref it. */
static GstPromise *
promise_for_step (GTask       *task,
                  PromiseStep  step)
{
  PromiseCall *call = g_new0 (PromiseCall, 1);

  call->task = g_object_ref (task);
  call->step = step;
  call->promise = gst_promise_new_with_change_func (on_promise_changed, call, NULL);

  return call->promise;
}

static gboolean
reply_ok (gboolean             replied,
          const GstStructure  *reply,
          const char          *what,
          GError             **error)
{
  const GError *reply_error = NULL;

  if (!replied)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NEGOTIATION,
                   "The media engine gave no answer to “%s”", what);
      return FALSE;
    }

  if (reply != NULL && gst_structure_has_field_typed (reply, "error", G_TYPE_ERROR))
    {
      reply_error = g_value_get_boxed (gst_structure_get_value (reply, "error"));
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NEGOTIATION,
                   "The media engine refused “%s”: %s", what,
                   reply_error ? reply_error->message : "unknown error");
      return FALSE;
    }

  return TRUE;
}

static gboolean
task_return_if_done (GTask *task)
{
  HlMediaSession *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    return TRUE;

  if (self->closed)
    {
      g_task_return_new_error (task, HL_MEDIA_ERROR, HL_MEDIA_ERROR_CLOSED,
                               "The call's media was closed");
      return TRUE;
    }

  return FALSE;
}

/* State */

static const char *
state_name (HlMediaState state)
{
  GEnumClass *klass = g_type_class_ref (HL_TYPE_MEDIA_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);

  return value ? value->value_nick : "?";
}

static void maybe_open_capture (HlMediaSession *self);

static void
update_state (HlMediaSession *self)
{
  HlMediaState state;

  if (self->closed)
    state = HL_MEDIA_STATE_CLOSED;
  else if (self->failed)
    state = HL_MEDIA_STATE_FAILED;
  else if (self->ice_state == GST_WEBRTC_ICE_CONNECTION_STATE_CONNECTED ||
           self->ice_state == GST_WEBRTC_ICE_CONNECTION_STATE_COMPLETED)
    state = (self->held || self->remote_held) ? HL_MEDIA_STATE_ON_HOLD : HL_MEDIA_STATE_CONNECTED;
  else if (self->negotiated)
    state = HL_MEDIA_STATE_CONNECTING;
  else if (self->negotiating)
    state = HL_MEDIA_STATE_NEGOTIATING;
  else
    state = HL_MEDIA_STATE_NEW;

  if (state == self->state)
    return;

  g_debug ("%p: %s → %s", self, state_name (self->state), state_name (state));
  self->state = state;
  maybe_open_capture (self);

  if (self->pipeline != NULL && g_getenv ("GST_DEBUG_DUMP_DOT_DIR") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("helpline-media-%p-%s", self, state_name (state));

      GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS (GST_BIN (self->pipeline), GST_DEBUG_GRAPH_SHOW_ALL, name);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
fail (HlMediaSession *self,
      const GError   *error)
{
  if (self->failed || self->closed)
    return;

  g_message ("Call media failed: %s", error->message);
  self->failed = TRUE;
  update_state (self);
  g_signal_emit (self, signals[FAILED], 0, error);
}

/* Whether our own audio should go out: not on our hold, not when the negotiated direction
 * says the other side won't take it. */
static void
update_send_branch (HlMediaSession *self)
{
  gboolean drop = self->held || self->remote_held;

  if (self->valve != NULL)
    g_object_set (self->valve, "drop", drop, NULL);
}

/* RFC 4733 sending */

typedef struct
{
  int   event;
  guint duration_ms;
} DtmfTone;

static int
dtmf_event_for_digit (char digit)
{
  const char *digits = "0123456789*#ABCD";
  const char *at = digit != '\0' ? strchr (digits, g_ascii_toupper (digit)) : NULL;

  return at ? (int) (at - digits) : -1;
}

static GstBuffer *
make_dtmf_packet (HlMediaSession *self,
                  GstBuffer      *opus,
                  gboolean        first,
                  gboolean        end)
{
  GstRTPBuffer in = GST_RTP_BUFFER_INIT;
  GstRTPBuffer out = GST_RTP_BUFFER_INIT;
  GstBuffer *packet = gst_rtp_buffer_new_allocate (4, 0, 0);
  guint8 *payload;
  guint duration = MIN (self->dtmf_elapsed, 0xffff);

  if (!gst_rtp_buffer_map (opus, GST_MAP_READ, &in))
    {
      gst_buffer_unref (packet);
      return NULL;
    }
  gst_rtp_buffer_map (packet, GST_MAP_WRITE, &out);

  gst_rtp_buffer_set_ssrc (&out, gst_rtp_buffer_get_ssrc (&in));
  gst_rtp_buffer_set_seq (&out, gst_rtp_buffer_get_seq (&in));
  if (first)
    self->dtmf_timestamp = gst_rtp_buffer_get_timestamp (&in);
  gst_rtp_buffer_set_timestamp (&out, self->dtmf_timestamp);
  gst_rtp_buffer_set_payload_type (&out, (guint8) self->dtmf_send_pt);
  gst_rtp_buffer_set_marker (&out, first);

  payload = gst_rtp_buffer_get_payload (&out);
  payload[0] = (guint8) self->dtmf_event;
  payload[1] = (end ? 0x80 : 0) | 10;   /* E bit, volume -10 dBm0 */
  payload[2] = (guint8) (duration >> 8);
  payload[3] = (guint8) (duration & 0xff);

  gst_rtp_buffer_unmap (&out);
  gst_rtp_buffer_unmap (&in);

  gst_buffer_copy_into (packet, opus, GST_BUFFER_COPY_TIMESTAMPS | GST_BUFFER_COPY_FLAGS, 0, -1);
  GST_BUFFER_FLAG_UNSET (packet, GST_BUFFER_FLAG_DISCONT);

  return packet;
}

static GstPadProbeReturn
on_payloaded (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         user_data)
{
  HlMediaSession *self = user_data;
  GstBuffer *opus = GST_PAD_PROBE_INFO_BUFFER (info);
  GstBuffer *packet = NULL;
  gboolean first = FALSE, end = FALSE;

  g_mutex_lock (&self->dtmf_lock);

  if (self->dtmf_event < 0 && !g_queue_is_empty (&self->dtmf_queue))
    {
      DtmfTone *tone = g_queue_pop_head (&self->dtmf_queue);

      self->dtmf_event = tone->event;
      self->dtmf_duration = tone->duration_ms * 48;
      self->dtmf_elapsed = 0;
      self->dtmf_end_left = 3;
      first = TRUE;
      g_free (tone);
    }

  if (self->dtmf_event >= 0)
    {
      if (self->dtmf_elapsed < self->dtmf_duration)
        self->dtmf_elapsed += OPUS_FRAME_SAMPLES;
      end = self->dtmf_elapsed >= self->dtmf_duration;
      packet = make_dtmf_packet (self, opus, first, end);
      if (end && --self->dtmf_end_left == 0)
        self->dtmf_event = -1;
    }

  g_mutex_unlock (&self->dtmf_lock);

  if (packet != NULL)
    {
      gst_buffer_unref (opus);
      GST_PAD_PROBE_INFO_DATA (info) = packet;
    }

  return GST_PAD_PROBE_OK;
}

/* Pipeline construction */

static GstElement *
make_bin_from_description (const char  *description,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GstElement *bin = gst_parse_bin_from_description (description, TRUE, &local_error);

  if (bin == NULL)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE,
                   "The audio %s “%s” can't be used: %s", what, description, local_error->message);
      return NULL;
    }

  return bin;
}

/* A microphone, not HELPLINE_AUDIO_SRC: it gets echo cancellation and noise suppression */
static gboolean
uses_microphone (HlMediaSession *self)
{
  return self->input_device != NULL || self->src_description == NULL;
}

static GstElement *
make_capture_source (HlMediaSession  *self,
                     GError         **error)
{
  if (!uses_microphone (self))
    return make_bin_from_description (self->src_description, "source", error);

  if (self->input_device != NULL)
    {
      GstElement *element = gst_device_create_element (self->input_device, HL_MEDIA_CAPTURE_NAME);

      if (element == NULL)
        {
          g_autofree char *name = gst_device_get_display_name (self->input_device);

          g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE,
                       "The microphone “%s” can't be opened", name);
        }
      return element;
    }

  return make_element ("autoaudiosrc", HL_MEDIA_CAPTURE_NAME, error);
}

static gboolean
source_is_placeholder (HlMediaSession *self)
{
  return self->source != NULL && g_strcmp0 (GST_OBJECT_NAME (self->source), HL_MEDIA_PLACEHOLDER_NAME) == 0;
}

static void swap_source (HlMediaSession *self);

/* The microphone replaces the placeholder once it is asked for, the placeholder's first buffer
 * went through and the transport is up: before that, a new source's first queries wait inside
 * webrtcbin, and a source started then could stay stuck behind them (the level meter and the
 * recording saw nothing under load). */
static void
maybe_open_capture (HlMediaSession *self)
{
  if (self->capture_open && !self->closed && self->pipeline != NULL && self->placeholder_flowing &&
      source_is_placeholder (self) &&
      (self->state == HL_MEDIA_STATE_CONNECTED || self->state == HL_MEDIA_STATE_ON_HOLD))
    swap_source (self);
}

static void
placeholder_flowing_main (HlMediaSession *self,
                          gpointer        data)
{
  self->placeholder_flowing = TRUE;
  g_debug ("%p: the placeholder source is flowing", self);
  maybe_open_capture (self);
}

/* The placeholder's first buffer: its negotiation and allocation queries went through. Before
 * that its streaming thread may wait in a serialized query that webrtcbin holds until the
 * transport is up, and stopping it then would block the main thread. */
static GstPadProbeReturn
on_placeholder_buffer (GstPad          *pad,
                       GstPadProbeInfo *info,
                       gpointer         user_data)
{
  invoke_on_main (user_data, placeholder_flowing_main, NULL, NULL);

  return GST_PAD_PROBE_REMOVE;
}

/* Until the capture is opened (the agent answers or calls), a live silent source stands in: the
 * call negotiates while it rings without the microphone being open, and the device swap at
 * answer needs no renegotiation. */
static GstElement *
make_source (HlMediaSession  *self,
             GError         **error)
{
  GstElement *source;

  if (!self->capture_open)
    {
      if ((source = make_element ("audiotestsrc", HL_MEDIA_PLACEHOLDER_NAME, error)) != NULL)
        {
          g_autoptr(GstPad) pad = gst_element_get_static_pad (source, "src");

          gst_util_set_object_arg (G_OBJECT (source), "wave", "silence");
          g_object_set (source, "is-live", TRUE, NULL);
          gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_placeholder_buffer, self, NULL);
        }
      return source;
    }

  if ((source = make_capture_source (self, error)) != NULL)
    gst_object_set_name (GST_OBJECT (source), HL_MEDIA_CAPTURE_NAME);

  return source;
}

static void make_sinks_not_async (GstElement *element);

/* The speaker: the chosen device, else HELPLINE_AUDIO_SINK, else the default */
static GstElement *
make_sink (HlMediaSession  *self,
           GError         **error)
{
  GstElement *sink;

  if (self->output_device != NULL)
    {
      if ((sink = gst_device_create_element (self->output_device, NULL)) == NULL)
        {
          g_autofree char *name = gst_device_get_display_name (self->output_device);

          g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE,
                       "The speaker “%s” can't be opened", name);
        }
    }
  else if (self->sink_description != NULL)
    sink = make_bin_from_description (self->sink_description, "sink", error);
  else
    sink = make_element ("autoaudiosink", NULL, error);

  if (sink != NULL)
    make_sinks_not_async (sink);

  return sink;
}

/* Sinks in the playback tail and the recorder get no data until the call connects; in a live
 * pipeline they must not hold the state change waiting for preroll. */
static void
make_sinks_not_async (GstElement *element)
{
  if (GST_IS_BIN (element))
    {
      g_autoptr(GstIterator) it = gst_bin_iterate_sinks (GST_BIN (element));
      GValue item = G_VALUE_INIT;

      while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
        {
          make_sinks_not_async (g_value_get_object (&item));
          g_value_reset (&item);
        }
      g_value_unset (&item);
    }
  else if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "async"))
    g_object_set (element, "async", FALSE, NULL);
}

static gboolean
link_many (GError     **error,
           GstElement  *first,
           ...)
{
  va_list args;
  GstElement *prev = first;
  GstElement *next;
  gboolean ok = TRUE;

  va_start (args, first);
  while ((next = va_arg (args, GstElement *)) != NULL)
    {
      if (!gst_element_link (prev, next))
        {
          g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE,
                       "Can't link %s to %s", GST_ELEMENT_NAME (prev), GST_ELEMENT_NAME (next));
          ok = FALSE;
          break;
        }
      prev = next;
    }
  va_end (args);

  return ok;
}

static void on_pad_added                (GstElement *webrtc, GstPad *pad, HlMediaSession *self);
static void watch_first_packet          (HlMediaSession *self);
static void on_ice_gathering_state      (GObject *webrtc, GParamSpec *pspec, HlMediaSession *self);
static void on_ice_connection_state     (GObject *webrtc, GParamSpec *pspec, HlMediaSession *self);
static void on_ice_candidate            (GstElement *webrtc, guint mline, const char *candidate,
                                         HlMediaSession *self);
static gboolean on_bus_message          (GstBus *bus, GstMessage *message, gpointer user_data);

/* webrtcbin's libnice agent (GstWebRTCNice's "agent"), or NULL */
static NiceAgent *
get_nice_agent (HlMediaSession *self)
{
  g_autoptr(GObject) ice = NULL;
  GObject *agent = NULL;

  g_object_get (self->webrtc, "ice-agent", &ice, NULL);
  if (ice == NULL || !g_object_class_find_property (G_OBJECT_GET_CLASS (ice), "agent"))
    return NULL;

  g_object_get (ice, "agent", &agent, NULL);
  if (agent != NULL && !NICE_IS_AGENT (agent))
    g_clear_object (&agent);

  return (NiceAgent *) agent;
}

static void
add_local_address_to_agent (HlMediaSession *self,
                            const char     *address)
{
  g_autoptr(GObject) agent = (GObject *) get_nice_agent (self);
  NiceAddress addr;

  nice_address_init (&addr);
  if (agent == NULL || !nice_address_set_from_string (&addr, address))
    {
      g_message ("Can't add the local address “%s” to ICE", address);
      return;
    }

  nice_agent_add_local_address (NICE_AGENT (agent), &addr);
}

/* UPnP IGD discovery multicasts SSDP on every interface and holds gathering for its 200 ms
 * timeout (the "gathering always takes 200 ms" of the notes); agents in a contact centre reach
 * the outside through TURN, not by opening ports on a home router. */
static void
configure_agent (HlMediaSession *self)
{
  g_autoptr(GObject) agent = (GObject *) get_nice_agent (self);

  if (agent == NULL)
    {
      g_message ("This webrtcbin has no libnice agent");
      return;
    }

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (agent), "upnp"))
    g_object_set (agent, "upnp", FALSE, NULL);

  for (guint i = 0; i < self->local_addresses->len; i++)
    add_local_address_to_agent (self, g_ptr_array_index (self->local_addresses, i));
}

/* Behind the send tee, queues hold a serialized query until everything before it has gone out:
 * webrtcbin holds the send queue's output until the transport is up, and the recorder's muxer
 * waits for the customer's audio. An allocation query (a source starting, or renegotiating when
 * the recorder joins the tee) would then block the source's streaming thread, and stopping that
 * source (the swap at answer, a new microphone) the main thread with it. Raw audio needs no
 * buffer pools: the tee fails the query at once. */
static GstPadProbeReturn
on_send_tee_query (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  if (GST_QUERY_TYPE (GST_PAD_PROBE_INFO_QUERY (info)) == GST_QUERY_ALLOCATION)
    return GST_PAD_PROBE_DROP;

  return GST_PAD_PROBE_OK;
}

static gboolean
build_send_branch (HlMediaSession  *self,
                   GError         **error)
{
  g_autoptr(GstCaps) raw_caps = gst_caps_from_string ("audio/x-raw,rate=48000,channels=1");
  g_autoptr(GstCaps) rtp_caps = gst_caps_from_string (OPUS_RTP_CAPS);
  GstElement *resample, *rawfilter, *dsp = NULL, *level, *queue, *enc, *pay, *rtpfilter;
  g_autoptr(GstPad) srcpad = NULL;
  g_autoptr(GstPad) sinkpad = NULL;

  if (!(self->source = make_source (self, error)) ||
      !(self->send_convert = make_element ("audioconvert", "send-convert", error)) ||
      !(resample = make_element ("audioresample", "send-resample", error)) ||
      !(rawfilter = make_element ("capsfilter", "send-rawcaps", error)) ||
      !(level = make_element ("level", "input-level", error)) ||
      !(self->volume = make_element ("volume", "send-volume", error)) ||
      !(self->valve = make_element ("valve", "send-valve", error)) ||
      !(self->send_tee = make_element ("tee", "send-tee", error)) ||
      !(queue = make_element ("queue", "send-queue", error)) ||
      !(enc = make_element ("opusenc", "send-enc", error)) ||
      !(pay = make_element ("rtpopuspay", "send-pay", error)) ||
      !(rtpfilter = make_element ("capsfilter", "send-rtpcaps", error)))
    return FALSE;

  /* Echo cancellation and noise suppression only for a real microphone; the probe sits in the
   * playback tail (see build_playback_tail) */
  if (uses_microphone (self) && (self->echo_cancel || self->noise_suppression))
    {
      dsp = gst_element_factory_make ("webrtcdsp", "send-dsp");
      if (dsp != NULL)
        g_object_set (dsp, "probe", "echo-probe", "echo-cancel", self->echo_cancel,
                      "noise-suppression", self->noise_suppression, NULL);
      else
        g_debug ("webrtcdsp is missing (gstreamer1.0-plugins-bad): no echo cancellation");
    }

  g_object_set (rawfilter, "caps", raw_caps, NULL);
  g_object_set (level, "interval", (guint64) 100 * GST_MSECOND, "post-messages", TRUE, NULL);
  g_object_set (self->volume, "mute", self->muted, NULL);
  g_object_set (self->valve, "drop", self->held || self->remote_held, NULL);
  g_object_set (queue, "max-size-time", (guint64) 200 * GST_MSECOND, "max-size-buffers", 0,
                "max-size-bytes", 0, "leaky", 2 /* downstream */, NULL);
  gst_util_set_object_arg (G_OBJECT (enc), "audio-type", "voice");
  g_object_set (pay, "pt", 111, NULL);
  g_object_set (rtpfilter, "caps", rtp_caps, NULL);

  gst_bin_add_many (GST_BIN (self->pipeline), self->source, self->send_convert, resample, rawfilter,
                    level, self->volume, self->valve, self->send_tee, queue, enc, pay, rtpfilter,
                    NULL);
  if (dsp != NULL)
    gst_bin_add (GST_BIN (self->pipeline), dsp);

  if (!link_many (error, self->source, self->send_convert, resample, rawfilter, NULL))
    return FALSE;
  if (dsp != NULL ? !link_many (error, rawfilter, dsp, level, NULL)
                  : !link_many (error, rawfilter, level, NULL))
    return FALSE;
  if (!link_many (error, level, self->volume, self->valve, self->send_tee, queue, enc, pay,
                  rtpfilter, NULL))
    return FALSE;

  {
    g_autoptr(GstPad) paypad = gst_element_get_static_pad (pay, "src");
    g_autoptr(GstPad) teepad = gst_element_get_static_pad (self->send_tee, "sink");

    gst_pad_add_probe (paypad, GST_PAD_PROBE_TYPE_BUFFER, on_payloaded, self, NULL);
    gst_pad_add_probe (teepad, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM, on_send_tee_query, NULL, NULL);
  }

  srcpad = gst_element_get_static_pad (rtpfilter, "src");
  sinkpad = gst_element_request_pad_simple (self->webrtc, "sink_%u");
  if (sinkpad == NULL || gst_pad_link (srcpad, sinkpad) != GST_PAD_LINK_OK)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE,
                   "Can't link the audio to webrtcbin");
      return FALSE;
    }

  g_object_get (sinkpad, "transceiver", &self->transceiver, NULL);

  return TRUE;
}

static gboolean
build_playback_tail (HlMediaSession  *self,
                     GError         **error)
{
  GstElement *resample, *level, *queue, *convert, *sink, *probe = NULL;

  if (!(self->play_head = make_element ("audioconvert", "play-convert", error)) ||
      !(resample = make_element ("audioresample", "play-resample", error)) ||
      !(level = make_element ("level", "output-level", error)) ||
      !(self->recv_tee = make_element ("tee", "recv-tee", error)) ||
      !(queue = make_element ("queue", "play-queue", error)) ||
      !(convert = make_element ("audioconvert", "play-convert2", error)))
    return FALSE;

  if ((sink = self->sink = make_sink (self, error)) == NULL)
    return FALSE;

  g_object_set (level, "interval", (guint64) 100 * GST_MSECOND, "post-messages", TRUE, NULL);
  g_object_set (self->recv_tee, "allow-not-linked", TRUE, NULL);

  gst_bin_add_many (GST_BIN (self->pipeline), self->play_head, resample, level, self->recv_tee,
                    queue, convert, sink, NULL);

  {
    g_autoptr(GstElement) dsp = gst_bin_get_by_name (GST_BIN (self->pipeline), "send-dsp");

    if (dsp != NULL)
      probe = gst_element_factory_make ("webrtcechoprobe", "echo-probe");
  }

  if (!link_many (error, self->play_head, resample, level, self->recv_tee, queue, NULL))
    return FALSE;

  if (probe != NULL)
    {
      gst_bin_add (GST_BIN (self->pipeline), probe);
      return link_many (error, queue, probe, convert, sink, NULL);
    }

  return link_many (error, queue, convert, sink, NULL);
}

static void
turn_server_added (HlMediaSession *self,
                   const char     *uri)
{
  gboolean ok = FALSE;

  g_signal_emit_by_name (self->webrtc, "add-turn-server", uri, &ok);
  if (!ok)
    g_message ("webrtcbin refused a TURN server");
  else
    {
      g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD, NULL);

      g_debug ("TURN server %s:%d added (user “%s”)", parsed ? g_uri_get_host (parsed) : "?",
               parsed ? g_uri_get_port (parsed) : -1, parsed ? g_uri_get_user (parsed) : "?");
    }
}

static gboolean
build_pipeline (HlMediaSession  *self,
                GError         **error)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("helpline-media-%u", ++counter);
  g_autoptr(GstBus) bus = NULL;

  self->pipeline = gst_pipeline_new (name);
  gst_object_ref_sink (self->pipeline);

  if (!(self->webrtc = make_element ("webrtcbin", "webrtc", error)))
    return FALSE;

  gst_util_set_object_arg (G_OBJECT (self->webrtc), "bundle-policy", "max-bundle");
  g_object_set (self->webrtc, "latency", (guint) JITTER_BUFFER_MS, NULL);
  if (self->stun_server != NULL)
    g_object_set (self->webrtc, "stun-server", self->stun_server, NULL);
  gst_bin_add (GST_BIN (self->pipeline), self->webrtc);
  for (guint i = 0; i < self->turn_servers->len; i++)
    turn_server_added (self, g_ptr_array_index (self->turn_servers, i));

  g_signal_connect_object (self->webrtc, "pad-added", G_CALLBACK (on_pad_added), self, 0);
  g_signal_connect_object (self->webrtc, "notify::ice-gathering-state",
                           G_CALLBACK (on_ice_gathering_state), self, 0);
  g_signal_connect_object (self->webrtc, "notify::ice-connection-state",
                           G_CALLBACK (on_ice_connection_state), self, 0);
  g_signal_connect_object (self->webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate), self, 0);
  watch_first_packet (self);

  configure_agent (self);

  if (!build_send_branch (self, error) || !build_playback_tail (self, error))
    return FALSE;

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);

  return TRUE;
}

static gboolean
ensure_started (HlMediaSession  *self,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->closed)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_CLOSED, "The call's media was closed");
      return FALSE;
    }

  if (self->pipeline != NULL)
    return TRUE;

  if (!build_pipeline (self, &local_error) ||
      gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (local_error == NULL)
        g_set_error (&local_error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE,
                     "The audio devices could not be started");
      if (self->pipeline != NULL)
        gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_handle_id (&self->bus_watch, g_source_remove);
      g_clear_object (&self->transceiver);
      self->webrtc = self->source = self->send_convert = self->volume = self->valve = NULL;
      self->send_tee = self->play_head = self->recv_tee = self->sink = NULL;
      g_clear_object (&self->pipeline);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Receive side, called on a streaming thread */

static void
link_to_fakesink (GstElement *pipeline,
                  GstPad     *pad,
                  const char *depay_factory)
{
  GstElement *depay = depay_factory ? gst_element_factory_make (depay_factory, NULL) : NULL;
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sinkpad = NULL;

  g_object_set (sink, "async", FALSE, "sync", FALSE, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  if (depay != NULL)
    {
      gst_bin_add (GST_BIN (pipeline), depay);
      gst_element_link (depay, sink);
      gst_element_sync_state_with_parent (depay);
      sinkpad = gst_element_get_static_pad (depay, "sink");
    }
  else
    sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_element_sync_state_with_parent (sink);

  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    g_message ("Can't link webrtcbin's %s", GST_PAD_NAME (pad));
}

static GstPadProbeReturn
on_first_decoded (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  /* A timing mark for tests and benchmarks (tests/bench/bench-calls.js reads it) */
  g_debug ("First audio from the other side decoded");

  return GST_PAD_PROBE_REMOVE;
}

/* rtpbin makes a jitter buffer when the first RTP packet of a new stream comes in: another
 * timing mark, the packet's arrival (before the jitter buffer's JITTER_BUFFER_MS) */
static void
on_new_jitterbuffer (GstElement *rtpbin,
                     GstElement *jitterbuffer,
                     guint       session,
                     guint       ssrc,
                     gpointer    user_data)
{
  g_debug ("First RTP packet from the other side received (SSRC %u)", ssrc);
}

static void
watch_first_packet (HlMediaSession *self)
{
  g_autoptr(GstElement) rtpbin = gst_bin_get_by_name (GST_BIN (self->webrtc), "rtpbin");

  if (rtpbin != NULL)
    g_signal_connect (rtpbin, "new-jitterbuffer", G_CALLBACK (on_new_jitterbuffer), NULL);
}

static void
on_pad_added (GstElement     *webrtc,
              GstPad         *pad,
              HlMediaSession *self)
{
  g_autoptr(GstCaps) caps = NULL;
  const char *encoding = NULL;
  gboolean take_opus = FALSE;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps != NULL && gst_caps_get_size (caps) > 0)
    encoding = gst_structure_get_string (gst_caps_get_structure (caps, 0), "encoding-name");

  g_debug ("webrtcbin added %s: %s", GST_PAD_NAME (pad), encoding ? encoding : "?");

  if (encoding != NULL && g_ascii_strcasecmp (encoding, "OPUS") == 0)
    {
      GST_OBJECT_LOCK (self->webrtc);
      take_opus = !self->opus_linked;
      self->opus_linked = TRUE;
      GST_OBJECT_UNLOCK (self->webrtc);
    }

  if (take_opus)
    {
      GstElement *depay = gst_element_factory_make ("rtpopusdepay", "recv-depay");
      GstElement *dec = gst_element_factory_make ("opusdec", "recv-dec");
      g_autoptr(GstPad) sinkpad = NULL;

      if (depay == NULL || dec == NULL)
        {
          g_clear_object (&depay);
          g_clear_object (&dec);
          link_to_fakesink (GST_ELEMENT (self->pipeline), pad, NULL);
          return;
        }

      g_object_set (dec, "plc", TRUE, NULL);
      {
        g_autoptr(GstPad) decoded = gst_element_get_static_pad (dec, "src");

        gst_pad_add_probe (decoded, GST_PAD_PROBE_TYPE_BUFFER, on_first_decoded, NULL, NULL);
      }
      gst_bin_add_many (GST_BIN (self->pipeline), depay, dec, NULL);
      gst_element_link_many (depay, dec, self->play_head, NULL);
      gst_element_sync_state_with_parent (dec);
      gst_element_sync_state_with_parent (depay);
      sinkpad = gst_element_get_static_pad (depay, "sink");
      if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
        g_message ("Can't link the received audio");
    }
  else if (encoding != NULL && g_ascii_strcasecmp (encoding, "TELEPHONE-EVENT") == 0)
    {
      /* RFC 4733 arrives on a pad of its own; the Opus chain must never see it */
      link_to_fakesink (GST_ELEMENT (self->pipeline), pad, "rtpdtmfdepay");
    }
  else
    {
      link_to_fakesink (GST_ELEMENT (self->pipeline), pad, NULL);
    }
}

/* ICE */

enum { CANDIDATE_HOST, CANDIDATE_SRFLX, CANDIDATE_RELAY, N_CANDIDATE_TYPES };

/* How many host, server-reflexive and relay candidates the SDP carries */
static void
count_candidate_types (const char *sdp,
                       guint       counts[N_CANDIDATE_TYPES])
{
  const char *types[N_CANDIDATE_TYPES] = { " typ host", " typ srflx", " typ relay" };
  g_auto(GStrv) lines = g_strsplit (sdp, "\n", -1);

  for (guint t = 0; t < N_CANDIDATE_TYPES; t++)
    counts[t] = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    for (guint t = 0; t < N_CANDIDATE_TYPES; t++)
      if (g_str_has_prefix (lines[i], "a=candidate:") && strstr (lines[i], types[t]) != NULL)
        counts[t]++;
}

/* Whether the TURN server from provisioning was reached shows here (tests/peers read it) */
static void
log_candidate_types (const char *sdp)
{
  guint counts[N_CANDIDATE_TYPES];

  count_candidate_types (sdp, counts);
  g_debug ("Local candidates: %u host, %u srflx, %u relay", counts[CANDIDATE_HOST],
           counts[CANDIDATE_SRFLX], counts[CANDIDATE_RELAY]);
}

static void
complete_gathering (HlMediaSession *self,
                    gboolean        timed_out);

static void
gathering_state_main (HlMediaSession *self,
                      gpointer        data)
{
  GstWebRTCICEGatheringState state = GST_WEBRTC_ICE_GATHERING_STATE_NEW;

  if (self->webrtc == NULL)
    return;

  g_object_get (self->webrtc, "ice-gathering-state", &state, NULL);
  g_debug ("ICE gathering state %d", state);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    {
      self->gathering_complete = TRUE;
      complete_gathering (self, FALSE);
    }
}

/* Ends the wait for gathering once the local description has what a call needs: a relay
 * candidate when TURN servers are configured (an agent behind NAT needs no more), else a
 * server-reflexive one when a STUN server is. Gathering "complete" waits for every server, and a
 * fallback (TURN over TCP/TLS, another region) may take seconds to answer, or never. */
static void
candidate_main (HlMediaSession *self,
                gpointer        data)
{
  GstWebRTCSessionDescription *desc = NULL;
  g_autofree char *text = NULL;
  guint counts[N_CANDIDATE_TYPES];
  gboolean want_relay = self->turn_servers->len > 0;

  if (self->webrtc == NULL || self->gather_tasks->len == 0 || self->candidates != NULL ||
      (!want_relay && self->stun_server == NULL))
    return;

  g_object_get (self->webrtc, "local-description", &desc, NULL);
  if (desc == NULL)
    return;
  text = gst_sdp_message_as_text (desc->sdp);
  gst_webrtc_session_description_free (desc);

  count_candidate_types (text, counts);
  if (counts[CANDIDATE_HOST] > 0 && counts[want_relay ? CANDIDATE_RELAY : CANDIDATE_SRFLX] > 0)
    {
      g_debug ("A %s candidate is in: not waiting for the other ICE servers",
               want_relay ? "relay" : "server-reflexive");
      complete_gathering (self, FALSE);
    }
}

static void
on_ice_candidate (GstElement     *webrtc,
                  guint           mline,
                  const char     *candidate,
                  HlMediaSession *self)
{
  invoke_on_main (self, candidate_main, NULL, NULL);
}

static void
on_ice_gathering_state (GObject        *webrtc,
                        GParamSpec     *pspec,
                        HlMediaSession *self)
{
  invoke_on_main (self, gathering_state_main, NULL, NULL);
}

static void
connection_state_main (HlMediaSession *self,
                       gpointer        data)
{
  GstWebRTCICEConnectionState state = GST_WEBRTC_ICE_CONNECTION_STATE_NEW;

  if (self->webrtc == NULL || self->closed)
    return;

  g_object_get (self->webrtc, "ice-connection-state", &state, NULL);
  g_debug ("ICE connection state %d", state);
  self->ice_state = state;

  if (state == GST_WEBRTC_ICE_CONNECTION_STATE_FAILED)
    {
      g_autoptr(GError) error = g_error_new (HL_MEDIA_ERROR, HL_MEDIA_ERROR_ICE_FAILED,
                                             "No network path to the other side was found");
      fail (self, error);
      return;
    }

  update_state (self);
}

static void
on_ice_connection_state (GObject        *webrtc,
                         GParamSpec     *pspec,
                         HlMediaSession *self)
{
  invoke_on_main (self, connection_state_main, NULL, NULL);
}

/* Bus */

static const char *
dtmf_digit (int number)
{
  static const char *digits[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#",
                                  "A", "B", "C", "D" };

  return number >= 0 && number < (int) G_N_ELEMENTS (digits) ? digits[number] : NULL;
}

static void
handle_element_message (HlMediaSession *self,
                        GstMessage     *message)
{
  const GstStructure *s = gst_message_get_structure (message);
  const char *src = GST_OBJECT_NAME (GST_MESSAGE_SRC (message));

  if (gst_structure_has_name (s, "level"))
    {
      double db = hl_audio_level_message_db (s, LEVEL_FLOOR_DB);

      if (g_str_equal (src, "input-level") && db != self->input_level)
        {
          self->input_level = db;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
        }
      else if (g_str_equal (src, "output-level") && db != self->output_level)
        {
          self->output_level = db;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_LEVEL]);
        }
    }
  else if (gst_structure_has_name (s, "dtmf-event"))
    {
      int type = 0, number = -1;
      const char *digit;

      gst_structure_get_int (s, "type", &type);
      gst_structure_get_int (s, "number", &number);
      digit = dtmf_digit (number);
      if (type == 1 && digit != NULL)
        g_signal_emit (self, signals[DTMF_RECEIVED], 0, digit);
    }
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  HlMediaSession *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("Error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 gst_error->message, debug ? debug : "");
        error = g_error_new (HL_MEDIA_ERROR, HL_MEDIA_ERROR_STREAM, "%s (%s)", gst_error->message,
                             GST_OBJECT_NAME (GST_MESSAGE_SRC (message)));
        fail (self, error);
      }
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        g_debug ("Warning from %s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 warning->message);
      }
      break;

    case GST_MESSAGE_ELEMENT:
      handle_element_message (self, message);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline) &&
          g_getenv ("GST_DEBUG_DUMP_DOT_DIR") != NULL)
        {
          GstState old_state, new_state;
          g_autofree char *name = NULL;

          gst_message_parse_state_changed (message, &old_state, &new_state, NULL);
          name = g_strdup_printf ("helpline-media-%p-%s", self,
                                  gst_element_state_get_name (new_state));
          GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS (GST_BIN (self->pipeline), GST_DEBUG_GRAPH_SHOW_ALL,
                                             name);
        }
      break;

    case GST_MESSAGE_UNKNOWN:
    case GST_MESSAGE_EOS:
    case GST_MESSAGE_INFO:
    case GST_MESSAGE_TAG:
    case GST_MESSAGE_BUFFERING:
    case GST_MESSAGE_STATE_DIRTY:
    case GST_MESSAGE_STEP_DONE:
    case GST_MESSAGE_CLOCK_PROVIDE:
    case GST_MESSAGE_CLOCK_LOST:
    case GST_MESSAGE_NEW_CLOCK:
    case GST_MESSAGE_STRUCTURE_CHANGE:
    case GST_MESSAGE_STREAM_STATUS:
    case GST_MESSAGE_APPLICATION:
    case GST_MESSAGE_SEGMENT_START:
    case GST_MESSAGE_SEGMENT_DONE:
    case GST_MESSAGE_DURATION_CHANGED:
    case GST_MESSAGE_LATENCY:
    case GST_MESSAGE_ASYNC_START:
    case GST_MESSAGE_ASYNC_DONE:
    case GST_MESSAGE_REQUEST_STATE:
    case GST_MESSAGE_STEP_START:
    case GST_MESSAGE_QOS:
    case GST_MESSAGE_PROGRESS:
    case GST_MESSAGE_TOC:
    case GST_MESSAGE_RESET_TIME:
    case GST_MESSAGE_STREAM_START:
    case GST_MESSAGE_NEED_CONTEXT:
    case GST_MESSAGE_HAVE_CONTEXT:
    case GST_MESSAGE_EXTENDED:
    case GST_MESSAGE_DEVICE_ADDED:
    case GST_MESSAGE_DEVICE_REMOVED:
    case GST_MESSAGE_PROPERTY_NOTIFY:
    case GST_MESSAGE_STREAM_COLLECTION:
    case GST_MESSAGE_STREAMS_SELECTED:
    case GST_MESSAGE_REDIRECT:
    case GST_MESSAGE_DEVICE_CHANGED:
    case GST_MESSAGE_INSTANT_RATE_REQUEST:
    case GST_MESSAGE_ANY:
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Negotiation */

typedef struct
{
  GstWebRTCSessionDescription *remote;
  char                        *remote_text;
  gboolean                     is_offer;
  gint64                       started;   /* for the timing in the debug log */
} NegotiateData;

static void
negotiate_data_free (gpointer data)
{
  NegotiateData *nd = data;

  g_clear_pointer (&nd->remote, gst_webrtc_session_description_free);
  g_free (nd->remote_text);
  g_free (nd);
}

static gboolean
parse_remote (const char                   *text,
              GstWebRTCSDPType              type,
              GstWebRTCSessionDescription **out,
              GError                      **error)
{
  GstSDPMessage *sdp = NULL;
  gboolean has_audio = FALSE;
  g_autofree char *sendrecv = NULL;

  /* webrtcbin 1.22 fails any description that changes a transceiver's direction ("transceiver
   * direction changes are not implemented"), so it only ever sees sendrecv; the real direction
   * is kept here (apply_remote_direction) and enforced with the send valve. */
  if (text != NULL && hl_sdp_get_direction (text) != HL_SDP_DIRECTION_SENDRECV)
    text = sendrecv = hl_sdp_set_direction (text, HL_SDP_DIRECTION_SENDRECV);

  if (text == NULL || !g_str_has_prefix (text, "v=0") ||
      gst_sdp_message_new_from_text (text, &sdp) != GST_SDP_OK)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_INVALID_SDP,
                   "The other side's session description can't be read");
      g_clear_pointer (&sdp, gst_sdp_message_free);
      return FALSE;
    }

  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);

      if (g_strcmp0 (gst_sdp_media_get_media (media), "audio") == 0 &&
          gst_sdp_media_get_port (media) != 0)
        has_audio = TRUE;
    }

  if (!has_audio)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_INVALID_SDP,
                   "The other side's session description has no audio");
      gst_sdp_message_free (sdp);
      return FALSE;
    }

  if (hl_sdp_find_payload (text, "opus", 48000) < 0)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_INVALID_SDP,
                   "The other side doesn't offer the Opus codec");
      gst_sdp_message_free (sdp);
      return FALSE;
    }

  *out = gst_webrtc_session_description_new (type, sdp);
  return TRUE;
}

static void
gathering_timed_out_cb (HlMediaSession *self);

static gboolean
on_gathering_timeout (gpointer user_data)
{
  HlMediaSession *self = user_data;

  self->gather_timeout_id = 0;
  gathering_timed_out_cb (self);

  return G_SOURCE_REMOVE;
}

static void
gathering_timed_out_cb (HlMediaSession *self)
{
  g_debug ("ICE gathering timed out after %u ms", self->gathering_timeout_ms);
  complete_gathering (self, TRUE);
}

/* The local description, with candidates (from this round or an earlier one) and the default
 * candidate in m=/c=. */
static char *
local_sdp_text (HlMediaSession  *self,
                gboolean         is_offer,
                GError         **error)
{
  GstWebRTCSessionDescription *desc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *with_candidates = NULL;

  g_object_get (self->webrtc, "local-description", &desc, NULL);
  if (desc == NULL)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NEGOTIATION,
                   "The media engine has no local description");
      return NULL;
    }

  text = gst_sdp_message_as_text (desc->sdp);
  gst_webrtc_session_description_free (desc);

  if (hl_sdp_count_candidates (text) > 0)
    {
      if (self->candidates == NULL)
        self->candidates = hl_sdp_get_candidates (text);
      with_candidates = g_steal_pointer (&text);
    }
  else if (self->candidates != NULL)
    {
      with_candidates = hl_sdp_add_candidates (text, self->candidates);
    }
  else
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NO_CANDIDATES,
                   "No network address could be used for the call's audio");
      return NULL;
    }

  /* The direction on the wire (webrtcbin's own stays sendrecv, see parse_remote): an offer says
   * sendonly on hold; an answer takes what the offer allows */
  {
    gboolean send = TRUE, recv = !self->held;
    g_autofree char *directed = NULL;

    if (!is_offer)
      {
        send = send && hl_sdp_direction_receives (self->remote_direction);
        recv = recv && hl_sdp_direction_sends (self->remote_direction);
      }

    directed = hl_sdp_set_direction (with_candidates,
                                     send && recv ? HL_SDP_DIRECTION_SENDRECV :
                                     send ? HL_SDP_DIRECTION_SENDONLY :
                                     recv ? HL_SDP_DIRECTION_RECVONLY :
                                     HL_SDP_DIRECTION_INACTIVE);
    g_free (with_candidates);
    with_candidates = g_steal_pointer (&directed);
  }

  return hl_sdp_set_default_candidate (with_candidates);
}

static void
complete_gathering (HlMediaSession *self,
                    gboolean        timed_out)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (self->gather_tasks->len == 0)
    return;

  g_clear_handle_id (&self->gather_timeout_id, g_source_remove);
  tasks = g_steal_pointer (&self->gather_tasks);
  self->gather_tasks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);
      g_autoptr(GError) error = NULL;
      gboolean is_offer;
      char *text;

      if (task_return_if_done (task))
        continue;

      is_offer = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "is-offer"));
      text = local_sdp_text (self, is_offer, &error);
      if (text == NULL)
        {
          self->negotiating = FALSE;
          update_state (self);
          g_task_return_error (task, g_steal_pointer (&error));
          continue;
        }

      if (timed_out)
        g_debug ("Sending the SDP with the %u candidates gathered so far",
                 hl_sdp_count_candidates (text));
      log_candidate_types (text);
      if (g_task_get_task_data (task) != NULL)
        g_debug ("Answer ready %.1f ms after the offer came in",
                 (g_get_monotonic_time () - ((NegotiateData *) g_task_get_task_data (task))->started)
                 / 1000.0);

      /* The answerer has both descriptions now */
      if (!is_offer)
        {
          self->negotiating = FALSE;
          self->negotiated = TRUE;
          update_state (self);
        }
      g_task_return_pointer (task, text, g_free);
    }
}

static void
wait_for_gathering (HlMediaSession *self,
                    GTask          *task)
{
  GstWebRTCICEGatheringState state = GST_WEBRTC_ICE_GATHERING_STATE_NEW;

  g_ptr_array_add (self->gather_tasks, g_object_ref (task));

  g_object_get (self->webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE || self->candidates != NULL)
    {
      complete_gathering (self, FALSE);
      return;
    }

  if (self->gather_timeout_id == 0)
    self->gather_timeout_id = g_timeout_add (self->gathering_timeout_ms, on_gathering_timeout,
                                             self);
}

static void
on_local_description_set (GTask              *task,
                          gboolean            replied,
                          const GstStructure *reply)
{
  HlMediaSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (task_return_if_done (task))
    return;

  if (!reply_ok (replied, reply, "set-local-description", &error))
    {
      self->negotiating = FALSE;
      update_state (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  wait_for_gathering (self, task);
}

static void
set_local (GTask               *task,
           GstWebRTCSDPType     type,
           const char          *text)
{
  HlMediaSession *self = g_task_get_source_object (task);
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *desc;

  if (gst_sdp_message_new_from_text (text, &sdp) != GST_SDP_OK)
    {
      g_clear_pointer (&sdp, gst_sdp_message_free);
      g_task_return_new_error (task, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NEGOTIATION,
                               "The local description can't be parsed");
      return;
    }

  desc = gst_webrtc_session_description_new (type, sdp);
  g_signal_emit_by_name (self->webrtc, "set-local-description", desc,
                         promise_for_step (task, on_local_description_set));
  gst_webrtc_session_description_free (desc);
}

/* The SDP text of the offer or answer (@kind) webrtcbin made, or NULL after failing @task with
 * the reason. */
static char *
description_from_reply (GTask              *task,
                        gboolean            replied,
                        const GstStructure *reply,
                        const char         *kind)
{
  HlMediaSession *self = g_task_get_source_object (task);
  GstWebRTCSessionDescription *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *step = g_strconcat ("create-", kind, NULL);
  char *text;

  if (!reply_ok (replied, reply, step, &error))
    ;
  else if (reply == NULL ||
           !gst_structure_get (reply, kind, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &description, NULL))
    g_set_error (&error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NEGOTIATION, "The media engine made no %s", kind);
  else
    {
      text = gst_sdp_message_as_text (description->sdp);
      gst_webrtc_session_description_free (description);
      return text;
    }

  self->negotiating = FALSE;
  update_state (self);
  g_task_return_error (task, g_steal_pointer (&error));
  return NULL;
}

static void
on_offer_created (GTask              *task,
                  gboolean            replied,
                  const GstStructure *reply)
{
  g_autofree char *text = NULL;

  if (task_return_if_done (task) ||
      !(text = description_from_reply (task, replied, reply, "offer")))
    return;

  /* Offer RFC 4733 too (webrtcbin offers only what its linked sink caps say) */
  if (hl_sdp_find_payload (text, "telephone-event", 48000) < 0)
    {
      char *munged = hl_sdp_add_payload (text, DTMF_PT, "telephone-event/48000", "0-15");

      g_free (text);
      text = munged;
    }

  set_local (task, GST_WEBRTC_SDP_TYPE_OFFER, text);
}

void
hl_media_session_create_offer_async (HlMediaSession      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HL_IS_MEDIA_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_media_session_create_offer_async);
  g_object_set_data (G_OBJECT (task), "is-offer", GINT_TO_POINTER (TRUE));

  /* The agent places this call: the microphone opens with it */
  hl_media_session_open_capture (self);
  if (!ensure_started (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!self->negotiated)
    {
      self->negotiating = TRUE;
      update_state (self);
    }

  g_signal_emit_by_name (self->webrtc, "create-offer", NULL,
                         promise_for_step (task, on_offer_created));
}

char *
hl_media_session_create_offer_finish (HlMediaSession  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_answer_created (GTask              *task,
                   gboolean            replied,
                   const GstStructure *reply)
{
  HlMediaSession *self = g_task_get_source_object (task);
  g_autofree char *text = NULL;

  if (task_return_if_done (task) ||
      !(text = description_from_reply (task, replied, reply, "answer")))
    return;

  /* webrtcbin 1.22 drops telephone-event from answers; put it back when the offer had it at
   * Opus's clock rate, so that the other side may send RFC 4733 (shared/notes/webrtc-sip.md) */
  if (self->remote_dtmf_pt >= 0 && hl_sdp_find_payload (text, "telephone-event", 48000) < 0)
    {
      char *munged = hl_sdp_add_payload (text, (guint) self->remote_dtmf_pt,
                                         "telephone-event/48000", "0-15");

      g_free (text);
      text = munged;
    }
  self->dtmf_negotiated = self->remote_dtmf_pt >= 0;
  g_mutex_lock (&self->dtmf_lock);
  self->dtmf_send_pt = self->remote_dtmf_pt;
  g_mutex_unlock (&self->dtmf_lock);

  set_local (task, GST_WEBRTC_SDP_TYPE_ANSWER, text);
}

static void
apply_remote_direction (HlMediaSession *self,
                        const char     *remote_text)
{
  HlSdpDirection direction = hl_sdp_get_direction (remote_text);
  gboolean remote_held = !hl_sdp_direction_receives (direction);

  self->remote_direction = direction;

  if (remote_held != self->remote_held)
    {
      g_debug ("The other side %s", remote_held ? "won't take our audio" : "takes our audio");
      self->remote_held = remote_held;
      update_send_branch (self);
      update_state (self);
    }
}

static void
on_remote_offer_set (GTask              *task,
                     gboolean            replied,
                     const GstStructure *reply)
{
  HlMediaSession *self = g_task_get_source_object (task);
  NegotiateData *nd = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (task_return_if_done (task))
    return;

  if (!reply_ok (replied, reply, "set-remote-description", &error))
    {
      self->negotiating = FALSE;
      update_state (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("set-remote-description (offer) took %.1f ms",
           (g_get_monotonic_time () - nd->started) / 1000.0);
  apply_remote_direction (self, nd->remote_text);
  g_signal_emit_by_name (self->webrtc, "create-answer", NULL,
                         promise_for_step (task, on_answer_created));
}

void
hl_media_session_set_remote_offer_and_answer_async (HlMediaSession      *self,
                                                    const char          *offer_sdp,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  NegotiateData *nd;

  g_return_if_fail (HL_IS_MEDIA_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_media_session_set_remote_offer_and_answer_async);

  nd = g_new0 (NegotiateData, 1);
  nd->is_offer = TRUE;
  nd->remote_text = g_strdup (offer_sdp);
  nd->started = g_get_monotonic_time ();
  g_task_set_task_data (task, nd, negotiate_data_free);

  if (!parse_remote (offer_sdp, GST_WEBRTC_SDP_TYPE_OFFER, &nd->remote, &error) ||
      !ensure_started (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->remote_dtmf_pt = hl_sdp_find_payload (offer_sdp, "telephone-event", 48000);
  if (!self->negotiated)
    {
      self->negotiating = TRUE;
      update_state (self);
    }

  g_signal_emit_by_name (self->webrtc, "set-remote-description", nd->remote,
                         promise_for_step (task, on_remote_offer_set));
}

char *
hl_media_session_set_remote_offer_and_answer_finish (HlMediaSession  *self,
                                                     GAsyncResult    *result,
                                                     GError         **error)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_remote_answer_set (GTask              *task,
                      gboolean            replied,
                      const GstStructure *reply)
{
  HlMediaSession *self = g_task_get_source_object (task);
  NegotiateData *nd = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (task_return_if_done (task))
    return;

  self->negotiating = FALSE;
  if (!reply_ok (replied, reply, "set-remote-description", &error))
    {
      update_state (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->negotiated = TRUE;
  g_mutex_lock (&self->dtmf_lock);
  self->dtmf_send_pt = hl_sdp_find_payload (nd->remote_text, "telephone-event", 48000);
  g_mutex_unlock (&self->dtmf_lock);
  self->dtmf_negotiated = self->dtmf_send_pt >= 0;
  apply_remote_direction (self, nd->remote_text);
  update_state (self);
  g_task_return_boolean (task, TRUE);
}

void
hl_media_session_set_remote_answer_async (HlMediaSession      *self,
                                          const char          *answer_sdp,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  NegotiateData *nd;

  g_return_if_fail (HL_IS_MEDIA_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_media_session_set_remote_answer_async);

  nd = g_new0 (NegotiateData, 1);
  nd->remote_text = g_strdup (answer_sdp);
  g_task_set_task_data (task, nd, negotiate_data_free);

  if (self->webrtc == NULL)
    {
      g_task_return_new_error (task, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NEGOTIATION,
                               "An answer came before any offer was made");
      return;
    }

  if (!parse_remote (answer_sdp, GST_WEBRTC_SDP_TYPE_ANSWER, &nd->remote, &error) ||
      !ensure_started (self, &error))
    {
      self->negotiating = FALSE;
      update_state (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_signal_emit_by_name (self->webrtc, "set-remote-description", nd->remote,
                         promise_for_step (task, on_remote_answer_set));
}

gboolean
hl_media_session_set_remote_answer_finish (HlMediaSession  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stats */

static gboolean
get_number (const GstStructure *s,
            const char         *field,
            double             *out)
{
  const GValue *value = gst_structure_get_value (s, field);
  GValue d = G_VALUE_INIT;

  if (value == NULL)
    return FALSE;

  g_value_init (&d, G_TYPE_DOUBLE);
  if (!g_value_transform (value, &d))
    return FALSE;
  *out = g_value_get_double (&d);

  return TRUE;
}

static gboolean
collect_stat (GQuark        field_id,
              const GValue *value,
              gpointer      user_data)
{
  HlMediaStats *stats = user_data;
  const GstStructure *s;
  GstWebRTCStatsType type;
  double v;

  if (!GST_VALUE_HOLDS_STRUCTURE (value))
    return TRUE;
  s = gst_value_get_structure (value);
  if (!gst_structure_get_enum (s, "type", GST_TYPE_WEBRTC_STATS_TYPE, (int *) &type))
    return TRUE;

  switch (type)
    {
    case GST_WEBRTC_STATS_OUTBOUND_RTP:
      if (get_number (s, "packets-sent", &v))
        stats->packets_sent += (guint64) v;
      if (get_number (s, "bytes-sent", &v))
        stats->bytes_sent += (guint64) v;
      break;

    case GST_WEBRTC_STATS_INBOUND_RTP:
      if (get_number (s, "packets-received", &v))
        stats->packets_received += (guint64) v;
      if (get_number (s, "bytes-received", &v))
        stats->bytes_received += (guint64) v;
      if (get_number (s, "packets-lost", &v) && v > 0)
        stats->packets_lost += (gint64) v;
      if (get_number (s, "jitter", &v))
        stats->jitter_ms = MAX (stats->jitter_ms, v * 1000.0);
      break;

    case GST_WEBRTC_STATS_REMOTE_INBOUND_RTP:
      if (get_number (s, "round-trip-time", &v) && v > 0)
        stats->rtt_ms = MAX (stats->rtt_ms, v * 1000.0);
      if (get_number (s, "jitter", &v))
        stats->jitter_ms = MAX (stats->jitter_ms, v * 1000.0);
      if (get_number (s, "fraction-lost", &v))
        stats->loss_percent = MAX (stats->loss_percent, v * 100.0);
      break;

    case GST_WEBRTC_STATS_CODEC:
    case GST_WEBRTC_STATS_REMOTE_OUTBOUND_RTP:
    case GST_WEBRTC_STATS_CSRC:
    case GST_WEBRTC_STATS_PEER_CONNECTION:
    case GST_WEBRTC_STATS_DATA_CHANNEL:
    case GST_WEBRTC_STATS_STREAM:
    case GST_WEBRTC_STATS_TRANSPORT:
    case GST_WEBRTC_STATS_CANDIDATE_PAIR:
    case GST_WEBRTC_STATS_LOCAL_CANDIDATE:
    case GST_WEBRTC_STATS_REMOTE_CANDIDATE:
    case GST_WEBRTC_STATS_CERTIFICATE:
    default:
      break;
    }

  return TRUE;
}

/* A simplified ITU-T G.107 E-model: R from delay and loss, then R → MOS. Opus's equipment
 * impairment is taken as 0 and its loss robustness as Bpl = 20 (G.113-style). */
void
hl_media_stats_compute_quality (HlMediaStats *stats)
{
  double delay, r, loss, ie;

  g_return_if_fail (stats != NULL);

  if (stats->packets_received == 0)
    {
      stats->mos = 0;
      stats->quality = HL_MEDIA_QUALITY_UNKNOWN;
      return;
    }

  delay = (stats->rtt_ms > 0 ? stats->rtt_ms / 2 : 0) + 2 * stats->jitter_ms + 20 /* frame */;
  loss = stats->loss_percent;
  if (loss <= 0 && stats->packets_received + stats->packets_lost > 0 && stats->packets_lost > 0)
    loss = 100.0 * stats->packets_lost / (stats->packets_received + stats->packets_lost);

  r = 93.2;
  r -= 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
  ie = 95.0 * loss / (loss + 20.0);
  r -= ie;
  r = CLAMP (r, 0, 100);

  stats->mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  stats->mos = CLAMP (stats->mos, 1.0, 4.5);

  if (stats->mos >= 4.0)
    stats->quality = HL_MEDIA_QUALITY_GOOD;
  else if (stats->mos >= 3.4)
    stats->quality = HL_MEDIA_QUALITY_FAIR;
  else
    stats->quality = HL_MEDIA_QUALITY_POOR;
}

static void
on_stats (GTask              *task,
          gboolean            replied,
          const GstStructure *reply)
{
  HlMediaStats *stats;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (reply == NULL)
    {
      g_task_return_new_error (task, HL_MEDIA_ERROR, HL_MEDIA_ERROR_FAILED,
                               "No statistics came back");
      return;
    }

  stats = g_new0 (HlMediaStats, 1);
  stats->rtt_ms = -1;
  gst_structure_foreach (reply, collect_stat, stats);
  hl_media_stats_compute_quality (stats);
  g_task_return_pointer (task, stats, g_free);
}

void
hl_media_session_get_stats_async (HlMediaSession      *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HL_IS_MEDIA_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_media_session_get_stats_async);

  if (self->webrtc == NULL || self->closed)
    {
      g_task_return_new_error (task, HL_MEDIA_ERROR, HL_MEDIA_ERROR_CLOSED,
                               "The call has no media");
      return;
    }

  g_signal_emit_by_name (self->webrtc, "get-stats", NULL, promise_for_step (task, on_stats));
}

gboolean
hl_media_session_get_stats_finish (HlMediaSession  *self,
                                   GAsyncResult    *result,
                                   HlMediaStats    *stats,
                                   GError         **error)
{
  g_autofree HlMediaStats *got = NULL;

  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  got = g_task_propagate_pointer (G_TASK (result), error);
  if (got == NULL)
    return FALSE;
  *stats = *got;

  return TRUE;
}

/* Hold, mute, DTMF */

void
hl_media_session_set_hold (HlMediaSession *self,
                           gboolean        hold)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));

  hold = !!hold;
  if (self->held == hold)
    return;

  self->held = hold;
  /* The next offer or answer says sendonly (or inactive). webrtcbin 1.22 refuses local
   * descriptions whose direction changed ("transceiver direction changes are not implemented"),
   * so the direction is only changed in the SDP text we hand out, and our own audio is stopped
   * here, since webrtcbin would otherwise keep sending it. */
  update_send_branch (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLD]);
}

gboolean
hl_media_session_get_hold (HlMediaSession *self)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);

  return self->held;
}

void
hl_media_session_set_muted (HlMediaSession *self,
                            gboolean        muted)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));

  muted = !!muted;
  if (self->muted == muted)
    return;

  self->muted = muted;
  if (self->volume != NULL)
    g_object_set (self->volume, "mute", muted, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
hl_media_session_get_muted (HlMediaSession *self)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);

  return self->muted;
}

/* Whether DTMF can go in the audio stream (RFC 4733): both sides negotiated
 * telephone-event/48000. When FALSE the SIP layer sends DTMF by INFO. */
gboolean
hl_media_session_can_send_dtmf (HlMediaSession *self)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);

  return self->dtmf_negotiated && self->webrtc != NULL && !self->closed;
}

/* Queues @digit (0–9, *, #, A–D) as an RFC 4733 event of @duration_ms (40–5000 ms; 0 means
 * 100 ms) in the audio stream; the Opus audio pauses while it plays. */
gboolean
hl_media_session_send_dtmf (HlMediaSession  *self,
                            char             digit,
                            guint            duration_ms,
                            GError         **error)
{
  DtmfTone *tone;
  int event;

  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);

  event = dtmf_event_for_digit (digit);
  if (event < 0)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_FAILED, "“%c” is not a DTMF digit", digit);
      return FALSE;
    }

  if (!hl_media_session_can_send_dtmf (self))
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NOT_SUPPORTED,
                   "The other side didn't agree to DTMF in the audio stream; send it by SIP INFO");
      return FALSE;
    }

  tone = g_new0 (DtmfTone, 1);
  tone->event = event;
  tone->duration_ms = CLAMP (duration_ms ? duration_ms : 100, 40, 5000);

  g_mutex_lock (&self->dtmf_lock);
  g_queue_push_tail (&self->dtmf_queue, tone);
  g_mutex_unlock (&self->dtmf_lock);

  return TRUE;
}

/* Recording */

static GstPad *
link_tee_to (GstElement *tee,
             GstElement *recorder,
             const char *pad_name)
{
  GstPad *teepad = gst_element_request_pad_simple (tee, "src_%u");
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (recorder, pad_name);

  if (gst_pad_link (teepad, sinkpad) != GST_PAD_LINK_OK)
    {
      gst_element_release_request_pad (tee, teepad);
      gst_object_unref (teepad);
      return NULL;
    }

  return teepad;
}

/* audioconvert's mix-matrix for mono in, stereo out: rows are output channels */
static void
set_pan_matrix (GstElement *convert,
                guint       channel)
{
  GValue matrix = G_VALUE_INIT;

  gst_value_array_init (&matrix, 2);
  for (guint out = 0; out < 2; out++)
    {
      GValue row = G_VALUE_INIT;
      GValue gain = G_VALUE_INIT;

      gst_value_array_init (&row, 1);
      g_value_init (&gain, G_TYPE_FLOAT);
      g_value_set_float (&gain, out == channel ? 1.0f : 0.0f);
      gst_value_array_append_and_take_value (&row, &gain);
      gst_value_array_append_and_take_value (&matrix, &row);
    }

  g_object_set_property (G_OBJECT (convert), "mix-matrix", &matrix);
  g_value_unset (&matrix);
}

/* Each side: mono → a mix matrix that puts it in its own channel of a stereo stream → audiomixer,
 * which sums them into left = agent, right = customer. (audiointerleave places its inputs in the
 * order their caps arrive, and the customer's come only once the call connects.) */
static GstElement *
make_recorder (const char  *path,
               GError     **error)
{
  static const char *sides[] = { "agent", "customer" };
  g_autoptr(GstCaps) mono = gst_caps_from_string ("audio/x-raw,format=S16LE,rate=48000,channels=1,"
                                                  "layout=interleaved");
  g_autoptr(GstCaps) stereo = gst_caps_from_string ("audio/x-raw,format=S16LE,rate=48000,"
                                                    "channels=2,layout=interleaved,"
                                                    "channel-mask=(bitmask)0x3");
  g_autoptr(GstElement) bin = gst_bin_new (NULL);
  GstElement *mix, *mixfilter, *enc, *mux, *sink;

  if (!(mix = make_element ("audiomixer", "rec-mix", error)))
    return NULL;
  gst_bin_add (GST_BIN (bin), mix);

  for (guint i = 0; i < 2; i++)
    {
      GstElement *queue, *convert, *resample, *filter, *pan, *panfilter;
      g_autoptr(GstPad) sinkpad = NULL;

      if (!(queue = make_element ("queue", NULL, error)) ||
          !(convert = make_element ("audioconvert", NULL, error)) ||
          !(resample = make_element ("audioresample", NULL, error)) ||
          !(filter = make_element ("capsfilter", NULL, error)) ||
          !(pan = make_element ("audioconvert", NULL, error)) ||
          !(panfilter = make_element ("capsfilter", NULL, error)))
        return NULL;
      g_object_set (filter, "caps", mono, NULL);
      set_pan_matrix (pan, i);
      g_object_set (panfilter, "caps", stereo, NULL);
      gst_bin_add_many (GST_BIN (bin), queue, convert, resample, filter, pan, panfilter, NULL);
      if (!link_many (error, queue, convert, resample, filter, pan, panfilter, mix, NULL))
        return NULL;

      sinkpad = gst_element_get_static_pad (queue, "sink");
      gst_element_add_pad (GST_ELEMENT (bin), gst_ghost_pad_new (sides[i], sinkpad));
    }

  /* audiomixer converts its inputs to whatever its output negotiates: keep that stereo */
  if (!(mixfilter = make_element ("capsfilter", NULL, error)) ||
      !(enc = make_element ("opusenc", NULL, error)) ||
      !(mux = make_element ("oggmux", NULL, error)) ||
      !(sink = make_element ("filesink", "rec-sink", error)))
    return NULL;
  /* 64 kb/s keeps both voices clear in their own channel; pages at most every 500 ms bound what
   * an abrupt end loses */
  g_object_set (mixfilter, "caps", stereo, NULL);
  g_object_set (enc, "bitrate", 64000, NULL);
  g_object_set (mux, "max-page-delay", (guint64) 500 * GST_MSECOND, NULL);
  g_object_set (sink, "location", path, "async", FALSE, "sync", FALSE, NULL);
  gst_bin_add_many (GST_BIN (bin), mixfilter, enc, mux, sink, NULL);
  if (!link_many (error, mix, mixfilter, enc, mux, sink, NULL))
    return NULL;

  return g_steal_pointer (&bin);
}

gboolean
hl_media_session_start_recording (HlMediaSession  *self,
                                  const char      *path,
                                  GError         **error)
{
  GstElement *recorder;
  int fd;

  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->recorder != NULL)
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_FAILED, "The call is already recorded");
      return FALSE;
    }

  if (!ensure_started (self, error))
    return FALSE;

  /* Calls are personal data: the file is the agent's alone (filesink keeps the mode of a file
   * that exists) */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || !g_close (fd, NULL))
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "The recording “%s” can't be created: %s", path, g_strerror (saved));
      return FALSE;
    }

  if (!(recorder = make_recorder (path, error)))
    return FALSE;

  gst_bin_add (GST_BIN (self->pipeline), recorder);
  self->recorder = gst_object_ref (recorder);
  self->rec_tee_pads[0] = link_tee_to (self->send_tee, recorder, "agent");
  self->rec_tee_pads[1] = link_tee_to (self->recv_tee, recorder, "customer");
  if (self->rec_tee_pads[0] == NULL || self->rec_tee_pads[1] == NULL ||
      !gst_element_sync_state_with_parent (recorder))
    {
      g_set_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_FAILED,
                   "The recording to “%s” could not be started", path);
      for (guint i = 0; i < 2; i++)
        if (self->rec_tee_pads[i] != NULL)
          {
            gst_element_release_request_pad (GST_ELEMENT (gst_pad_get_parent (self->rec_tee_pads[i])),
                                             self->rec_tee_pads[i]);
            g_clear_object (&self->rec_tee_pads[i]);
          }
      gst_element_set_state (recorder, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (self->pipeline), recorder);
      g_clear_object (&self->recorder);
      return FALSE;
    }

  g_free (self->recording_path);
  self->recording_path = g_strdup (path);
  g_debug ("Recording to %s", path);

  return TRUE;
}

static void
recording_finished_main (HlMediaSession *self,
                         gpointer        data)
{
  GstElement *recorder = g_steal_pointer (&self->recorder);
  GstElement *tees[2] = { self->send_tee, self->recv_tee };
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_recording_task);

  if (recorder == NULL)
    return;

  for (guint i = 0; i < 2; i++)
    {
      if (self->rec_tee_pads[i] != NULL)
        gst_element_release_request_pad (tees[i], self->rec_tee_pads[i]);
      g_clear_object (&self->rec_tee_pads[i]);
    }

  gst_element_set_state (recorder, GST_STATE_NULL);
  if (self->pipeline != NULL)
    gst_bin_remove (GST_BIN (self->pipeline), recorder);
  gst_object_unref (recorder);
  g_debug ("Recording %s finished", self->recording_path);

  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static GstPadProbeReturn
on_recorder_eos (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  HlMediaSession *self = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS)
    return GST_PAD_PROBE_OK;

  invoke_on_main (self, recording_finished_main, NULL, NULL);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_tee_pad_idle (GstPad          *teepad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  g_autoptr(GstPad) peer = gst_pad_get_peer (teepad);

  if (peer != NULL)
    {
      gst_pad_unlink (teepad, peer);
      gst_pad_send_event (peer, gst_event_new_eos ());
    }

  return GST_PAD_PROBE_REMOVE;
}

void
hl_media_session_stop_recording_async (HlMediaSession      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) sinkpad = NULL;

  g_return_if_fail (HL_IS_MEDIA_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_media_session_stop_recording_async);

  if (self->recorder == NULL || self->stop_recording_task != NULL)
    {
      g_task_return_new_error (task, HL_MEDIA_ERROR, HL_MEDIA_ERROR_FAILED,
                               "The call is not being recorded");
      return;
    }

  self->stop_recording_task = g_object_ref (task);

  /* EOS into both inputs: oggmux writes its last page when it sees it, and the EOS reaching the
   * file sink means the file is complete */
  sink = gst_bin_get_by_name (GST_BIN (self->recorder), "rec-sink");
  sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_recorder_eos, self, NULL);

  for (guint i = 0; i < 2; i++)
    gst_pad_add_probe (self->rec_tee_pads[i], GST_PAD_PROBE_TYPE_IDLE, on_tee_pad_idle, NULL, NULL);
}

gboolean
hl_media_session_stop_recording_finish (HlMediaSession  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
hl_media_session_is_recording (HlMediaSession *self)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);

  return self->recorder != NULL;
}

/* GObject */

static void
hl_media_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HlMediaSession *self = HL_MEDIA_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_HOLD:
      g_value_set_boolean (value, self->held);
      break;

    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;

    case PROP_INPUT_LEVEL:
      g_value_set_double (value, self->input_level);
      break;

    case PROP_OUTPUT_LEVEL:
      g_value_set_double (value, self->output_level);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_media_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HlMediaSession *self = HL_MEDIA_SESSION (object);

  switch (prop_id)
    {
    case PROP_HOLD:
      hl_media_session_set_hold (self, g_value_get_boolean (value));
      break;

    case PROP_MUTED:
      hl_media_session_set_muted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_media_session_dispose (GObject *object)
{
  HlMediaSession *self = HL_MEDIA_SESSION (object);

  hl_media_session_close (self);

  G_OBJECT_CLASS (hl_media_session_parent_class)->dispose (object);
}

static void
hl_media_session_finalize (GObject *object)
{
  HlMediaSession *self = HL_MEDIA_SESSION (object);

  g_clear_pointer (&self->gather_tasks, g_ptr_array_unref);
  g_queue_clear_full (&self->dtmf_queue, g_free);
  g_mutex_clear (&self->dtmf_lock);
  g_clear_pointer (&self->turn_servers, g_ptr_array_unref);
  g_clear_pointer (&self->local_addresses, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->input_device);
  g_clear_object (&self->output_device);
  g_free (self->stun_server);
  g_free (self->src_description);
  g_free (self->sink_description);
  g_free (self->candidates);
  g_free (self->recording_path);

  G_OBJECT_CLASS (hl_media_session_parent_class)->finalize (object);
}

static void
hl_media_session_class_init (HlMediaSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hl_media_session_get_property;
  object_class->set_property = hl_media_session_set_property;
  object_class->dispose = hl_media_session_dispose;
  object_class->finalize = hl_media_session_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HL_TYPE_MEDIA_STATE, HL_MEDIA_STATE_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLD] =
    g_param_spec_boolean ("hold", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Peak RMS of the last 100 ms in dB, -100 (silence) to 0 */
  properties[PROP_INPUT_LEVEL] =
    g_param_spec_double ("input-level", NULL, NULL, LEVEL_FLOOR_DB, 0, LEVEL_FLOOR_DB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUT_LEVEL] =
    g_param_spec_double ("output-level", NULL, NULL, LEVEL_FLOOR_DB, 0, LEVEL_FLOOR_DB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HlMediaSession::failed:
   * @error: what went wrong, in the HL_MEDIA_ERROR domain
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * HlMediaSession::dtmf-received:
   * @digit: "0"–"9", "*", "#" or "A"–"D", received as RFC 4733 events
   */
  signals[DTMF_RECEIVED] =
    g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hl_media_session_init (HlMediaSession *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->turn_servers = g_ptr_array_new_with_free_func (g_free);
  self->local_addresses = g_ptr_array_new_with_free_func (g_free);
  self->gather_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->gathering_timeout_ms = DEFAULT_GATHERING_TIMEOUT_MS;
  self->echo_cancel = TRUE;
  self->noise_suppression = TRUE;
  self->remote_dtmf_pt = -1;
  g_mutex_init (&self->dtmf_lock);
  g_queue_init (&self->dtmf_queue);
  self->dtmf_event = -1;
  self->dtmf_send_pt = -1;
  self->input_level = LEVEL_FLOOR_DB;
  self->output_level = LEVEL_FLOOR_DB;
  self->state = HL_MEDIA_STATE_NEW;
  self->ice_state = GST_WEBRTC_ICE_CONNECTION_STATE_NEW;
}

/* Public API */

/* "stun:host[:port]" → "stun://host:port"; "turn:host[:port][?transport=udp]" → with the
 * credentials as userinfo, "turn://user:pass@host:port?transport=udp" (webrtcbin's form);
 * "turns:" likewise. NULL for anything else. */
char *
hl_media_ice_server_to_uri (const char *server,
                            const char *username,
                            const char *password)
{
  const char *schemes[] = { "stun", "stuns", "turn", "turns" };
  const char *rest = NULL;
  const char *scheme = NULL;
  g_autofree char *user = NULL;
  g_autofree char *pass = NULL;

  g_return_val_if_fail (server != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      gsize len = strlen (schemes[i]);

      if (g_ascii_strncasecmp (server, schemes[i], len) == 0 && server[len] == ':')
        {
          scheme = schemes[i];
          rest = server + len + 1;
          if (g_str_has_prefix (rest, "//"))
            rest += 2;
        }
    }

  if (scheme == NULL || *rest == '\0')
    return NULL;

  if (g_str_has_prefix (scheme, "stun"))
    return g_strdup_printf ("%s://%s", scheme, rest);

  user = g_uri_escape_string (username ? username : "", NULL, FALSE);
  pass = g_uri_escape_string (password ? password : "", NULL, FALSE);

  return g_strdup_printf ("%s://%s:%s@%s", scheme, user, pass, rest);
}

/**
 * hl_media_session_new:
 * @ice_servers: (nullable): "stun:" and "turn:" URIs from provisioning
 * @turn_username: (nullable): for the TURN servers
 * @turn_password: (nullable): for the TURN servers
 *
 * Audio comes from HELPLINE_AUDIO_SRC (a bin description) or the default microphone and goes to
 * HELPLINE_AUDIO_SINK or the default speaker; both are read now.
 */
HlMediaSession *
hl_media_session_new (const char * const *ice_servers,
                      const char         *turn_username,
                      const char         *turn_password)
{
  HlMediaSession *self;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  self = g_object_new (HL_TYPE_MEDIA_SESSION, NULL);
  self->src_description = g_strdup (g_getenv ("HELPLINE_AUDIO_SRC"));
  self->sink_description = g_strdup (g_getenv ("HELPLINE_AUDIO_SINK"));
  if (self->src_description && *self->src_description == '\0')
    g_clear_pointer (&self->src_description, g_free);
  if (self->sink_description && *self->sink_description == '\0')
    g_clear_pointer (&self->sink_description, g_free);

  for (guint i = 0; ice_servers != NULL && ice_servers[i] != NULL; i++)
    {
      char *uri = hl_media_ice_server_to_uri (ice_servers[i], turn_username, turn_password);

      if (uri == NULL)
        g_message ("Ignoring the ICE server “%s”", ice_servers[i]);
      else if (g_str_has_prefix (uri, "stun") && self->stun_server == NULL)
        self->stun_server = uri;
      else if (g_str_has_prefix (uri, "turn"))
        g_ptr_array_add (self->turn_servers, uri);
      else
        {
          g_debug ("webrtcbin takes one STUN server; ignoring %s", ice_servers[i]);
          g_free (uri);
        }
    }

  return self;
}

HlMediaState
hl_media_session_get_state (HlMediaSession *self)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), HL_MEDIA_STATE_NEW);

  return self->state;
}

/**
 * hl_media_session_get_pipeline:
 *
 * Returns: (transfer none) (nullable): the pipeline, once built; for tests and debugging
 */
GstElement *
hl_media_session_get_pipeline (HlMediaSession *self)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), NULL);

  return self->pipeline;
}

/* Restricts ICE to @address (repeatable): libnice gathers on no other. Needed on loopback-only
 * hosts and in tests, where libnice would otherwise find nothing (shared/notes/webrtc-sip.md). */
void
hl_media_session_add_local_address (HlMediaSession *self,
                                    const char     *address)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));
  g_return_if_fail (address != NULL);

  g_ptr_array_add (self->local_addresses, g_strdup (address));
  if (self->webrtc != NULL)
    add_local_address_to_agent (self, address);
}

void
hl_media_session_set_gathering_timeout (HlMediaSession *self,
                                        guint           timeout_ms)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));
  g_return_if_fail (timeout_ms > 0);

  self->gathering_timeout_ms = timeout_ms;
}

/* Replaces the running source with a new one from make_source(), also during a call */
static void
swap_source (HlMediaSession *self)
{
  g_autoptr(GError) error = NULL;
  GstElement *source;

  source = make_source (self, &error);
  if (source == NULL)
    {
      fail (self, error);
      return;
    }

  g_debug ("%p: capture source %s in place of %s", self, GST_OBJECT_NAME (source), GST_OBJECT_NAME (self->source));
  gst_element_set_state (self->source, GST_STATE_NULL);
  gst_element_unlink (self->source, self->send_convert);
  gst_bin_remove (GST_BIN (self->pipeline), self->source);
  self->source = source;
  gst_bin_add (GST_BIN (self->pipeline), source);
  if (!gst_element_link (source, self->send_convert) ||
      !gst_element_sync_state_with_parent (source))
    {
      g_set_error (&error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE,
                   "The microphone could not be started");
      fail (self, error);
    }
}

/* Swaps the capture source, also during a call; NULL goes back to HELPLINE_AUDIO_SRC or the
 * default microphone. Before the capture is open it only remembers the choice. */
void
hl_media_session_set_input_device (HlMediaSession *self,
                                   GstDevice      *device)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));
  g_return_if_fail (!device || GST_IS_DEVICE (device));

  if (!g_set_object (&self->input_device, device) || self->pipeline == NULL || !self->capture_open)
    return;

  swap_source (self);
}

/**
 * hl_media_session_open_capture:
 *
 * Opens the microphone (or HELPLINE_AUDIO_SRC) in place of the silence an answering session
 * negotiates with, without renegotiating. Offers open it by themselves; a call that is never
 * answered never opens it.
 */
void
hl_media_session_open_capture (HlMediaSession *self)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));

  if (self->capture_open || self->closed)
    return;

  self->capture_open = TRUE;
  /* Else the placeholder's first buffer or the connection swaps it, as soon as that is safe */
  maybe_open_capture (self);
}

/**
 * hl_media_session_is_capturing:
 *
 * Returns: whether the microphone (or HELPLINE_AUDIO_SRC) is in the pipeline; that may be a little
 * after hl_media_session_open_capture() when the call's media is still connecting
 */
gboolean
hl_media_session_is_capturing (HlMediaSession *self)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);

  return self->source != NULL && !source_is_placeholder (self);
}

typedef struct
{
  HlMediaSession *self;
  GstElement     *sink;
} SinkSwap;

static void
sink_swap_free (gpointer data)
{
  SinkSwap *swap = data;

  g_object_unref (swap->self);
  gst_object_unref (swap->sink);
  g_free (swap);
}

/* Runs when no buffer is between the playback tail and the speaker (on a streaming thread, or at
 * once when idle): the old sink goes, the new one takes its place. No renegotiation: webrtcbin
 * doesn't see it. */
static GstPadProbeReturn
on_sink_pad_idle (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  SinkSwap *swap = user_data;
  HlMediaSession *self = swap->self;
  GstElement *old;
  g_autoptr(GstPad) sinkpad = NULL;

  if (self->pipeline == NULL)
    return GST_PAD_PROBE_REMOVE;

  GST_OBJECT_LOCK (self->pipeline);
  old = g_steal_pointer (&self->sink);
  self->sink = swap->sink;
  GST_OBJECT_UNLOCK (self->pipeline);

  if (old != NULL)
    {
      gst_element_set_state (old, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (self->pipeline), old);
    }

  gst_bin_add (GST_BIN (self->pipeline), swap->sink);
  sinkpad = gst_element_get_static_pad (swap->sink, "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK ||
      !gst_element_sync_state_with_parent (swap->sink))
    g_warning ("The new speaker could not be linked");

  return GST_PAD_PROBE_REMOVE;
}

/* Swaps the speaker, also during a call; NULL goes back to HELPLINE_AUDIO_SINK or the default
 * speaker. */
void
hl_media_session_set_output_device (HlMediaSession *self,
                                    GstDevice      *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) convert = NULL;
  g_autoptr(GstPad) srcpad = NULL;
  SinkSwap *swap;
  GstElement *sink;

  g_return_if_fail (HL_IS_MEDIA_SESSION (self));
  g_return_if_fail (!device || GST_IS_DEVICE (device));

  if (!g_set_object (&self->output_device, device) || self->pipeline == NULL)
    return;

  if ((sink = make_sink (self, &error)) == NULL)
    {
      fail (self, error);
      return;
    }

  convert = gst_bin_get_by_name (GST_BIN (self->pipeline), "play-convert2");
  srcpad = gst_element_get_static_pad (convert, "src");
  swap = g_new0 (SinkSwap, 1);
  swap->self = g_object_ref (self);
  swap->sink = gst_object_ref_sink (sink);
  gst_pad_add_probe (srcpad, GST_PAD_PROBE_TYPE_IDLE, on_sink_pad_idle, swap, sink_swap_free);
}

/* Echo cancellation and noise suppression (webrtcdsp) for the microphone; they apply from the
 * next pipeline built (calls that start afterwards). Both are on by default; neither is used
 * with HELPLINE_AUDIO_SRC, which is not a microphone. */
void
hl_media_session_set_voice_processing (HlMediaSession *self,
                                       gboolean        echo_cancel,
                                       gboolean        noise_suppression)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));

  self->echo_cancel = !!echo_cancel;
  self->noise_suppression = !!noise_suppression;
}

/* The warm-up thread, kept until hl_media_warm_up_stop() joins it. The process must not exit
 * while it runs: the certificate is an OpenSSL RSA key, and OpenSSL's exit handler frees the
 * locks that the key generation takes (SIGSEGV in pthread_rwlock_wrlock on a NULL lock). */
static GMutex warm_up_lock;
static GThread *warm_up;
static gboolean warm_up_started;
static gint warm_up_stopping;

static gpointer
warm_up_thread (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  /* A call's elements, made once and dropped, so that their plugins are loaded too (the first
   * webrtcbin of a process also loads nice, srtp, dtls and rtpmanager); none opens a device */
  const char *factories[] = { "webrtcbin", "opusenc", "opusdec", "rtpopuspay", "rtpopusdepay",
                              "audioconvert", "audioresample", "level", "volume", "valve",
                              /* what webrtcbin adds once it has a remote description */
                              "rtpbin", "rtpsession", "rtpssrcdemux", "rtpjitterbuffer",
                              "rtpptdemux", "rtpstorage", "rtpfunnel", "rtprtxsend",
                              "rtprtxreceive", "nicesrc", "nicesink", "dtlssrtpenc",
                              "dtlssrtpdec", "srtpenc", "srtpdec", "rtpdtmfdepay" };
  GstElement *dtls;

  if (g_atomic_int_get (&warm_up_stopping))
    return NULL;

  dtls = gst_element_factory_make ("dtlsdec", NULL);
  g_clear_object (&dtls);
  g_debug ("DTLS certificate made in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    {
      GstElement *element;

      /* The application is quitting: what is left would only delay it */
      if (g_atomic_int_get (&warm_up_stopping))
        return NULL;

      element = gst_element_factory_make (factories[i], NULL);

      if (element != NULL)
        gst_object_unref (gst_object_ref_sink (element));
    }
  g_debug ("Call elements loaded %.1f ms after the start", (g_get_monotonic_time () - start) / 1000.0);

  return NULL;
}

/* The first dtlsdec of a process generates the DTLS certificate that all later calls share (an
 * RSA key: 90–460 ms measured here), most of a cold answer's time; the first call's elements load
 * their plugins. This does both now, on a thread of its own, without building a pipeline or
 * touching an audio device: call it when a phone account is registered, long before the first
 * INVITE. Only the first call does anything. A process that called it must call
 * hl_media_warm_up_stop() before it exits. */
void
hl_media_warm_up (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&warm_up_lock);

  if (warm_up_started)
    return;

  warm_up_started = TRUE;
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  warm_up = g_thread_new ("hl-media-warm-up", warm_up_thread, NULL);
}

/* Skips what the warm-up has not loaded yet and waits for its thread (at most the rest of the
 * certificate, which cannot be interrupted): call it before the process exits. Later calls of
 * hl_media_warm_up() do nothing. */
void
hl_media_warm_up_stop (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&warm_up_lock);

  warm_up_started = TRUE;
  g_atomic_int_set (&warm_up_stopping, TRUE);
  if (warm_up != NULL)
    g_thread_join (g_steal_pointer (&warm_up));
}

/* Builds the pipeline and sets it playing ahead of a call, so that answering an INVITE only
 * costs set-remote-description and create-answer. The microphone stays closed (silence stands
 * in until hl_media_session_open_capture()), but the pipeline and its ICE agent keep running:
 * not for idle time, only where that is acceptable (tests). */
gboolean
hl_media_session_prewarm (HlMediaSession  *self,
                          GError         **error)
{
  g_return_val_if_fail (HL_IS_MEDIA_SESSION (self), FALSE);

  hl_media_warm_up ();

  return ensure_started (self, error);
}

/* Frees the TURN allocations on the server (refreshes with lifetime 0) instead of leaving them
 * to expire; libnice warns when an agent goes with refreshes still alive. */
static void
release_turn_allocations (HlMediaSession *self)
{
  g_autoptr(GObject) agent = NULL;

  if (self->turn_servers->len == 0)
    return;

  agent = (GObject *) get_nice_agent (self);
  if (agent != NULL)
    nice_agent_close_async (NICE_AGENT (agent), NULL, NULL);
}

void
hl_media_session_close (HlMediaSession *self)
{
  g_return_if_fail (HL_IS_MEDIA_SESSION (self));

  if (self->closed)
    return;

  self->closed = TRUE;
  g_clear_handle_id (&self->gather_timeout_id, g_source_remove);
  complete_gathering (self, FALSE); /* fails the waiting tasks as closed */

  if (self->stop_recording_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->stop_recording_task);

      g_task_return_new_error (task, HL_MEDIA_ERROR, HL_MEDIA_ERROR_CLOSED,
                               "The call ended before its recording was finished");
    }

  if (self->webrtc != NULL)
    release_turn_allocations (self);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  for (guint i = 0; i < 2; i++)
    g_clear_object (&self->rec_tee_pads[i]);
  g_clear_object (&self->recorder);
  g_clear_object (&self->transceiver);
  self->webrtc = self->source = self->send_convert = self->volume = self->valve = NULL;
  self->send_tee = self->play_head = self->recv_tee = self->sink = NULL;
  g_clear_object (&self->pipeline);

  update_state (self);
}

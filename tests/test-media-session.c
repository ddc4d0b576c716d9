/* test-media-session.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "hl-media-session.h"
#include "hl-sdp.h"
#include "hl-test-audio-device.h"
#include "hl-test-utils.h"

/* Two HlMediaSessions in one process call each other over loopback. Each sends a sine of its own
 * (A 600 Hz, B 800 Hz) and plays what it receives into an appsink; the tests look for the other
 * side's frequency in those samples. */

#define FREQ_A 600.0
#define FREQ_B 1000.0
#define SINK_RATE 16000
#define WINDOW (SINK_RATE / 4)   /* 250 ms of samples */

typedef struct
{
  HlMediaSession *a;
  HlMediaSession *b;
} Call;

/* Helpers */

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  hl_test_wait_until (is_set, slot, 10000);
  return *slot;
}

static HlMediaSession *
new_session (double      freq,
             const char *address)
{
  g_autofree char *src = g_strdup_printf ("audiotestsrc is-live=true freq=%.0f wave=sine volume=0.3",
                                          freq);
  g_autofree char *sink = g_strdup_printf ("audioconvert ! audioresample ! "
                                           "audio/x-raw,format=S16LE,rate=%d,channels=1 ! "
                                           "appsink name=rx max-buffers=400 drop=true sync=false",
                                           SINK_RATE);
  HlMediaSession *session;

  g_setenv ("HELPLINE_AUDIO_SRC", src, TRUE);
  g_setenv ("HELPLINE_AUDIO_SINK", sink, TRUE);
  session = hl_media_session_new (NULL, NULL, NULL);
  hl_media_session_add_local_address (session, address);

  return session;
}

static char *
create_offer (HlMediaSession  *session,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hl_media_session_create_offer_async (session, NULL, on_result, &result);
  return hl_media_session_create_offer_finish (session, wait_result (&result), error);
}

static char *
answer (HlMediaSession  *session,
        const char      *offer,
        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hl_media_session_set_remote_offer_and_answer_async (session, offer, NULL, on_result, &result);
  return hl_media_session_set_remote_offer_and_answer_finish (session, wait_result (&result), error);
}

static gboolean
apply_answer (HlMediaSession  *session,
              const char      *sdp,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hl_media_session_set_remote_answer_async (session, sdp, NULL, on_result, &result);
  return hl_media_session_set_remote_answer_finish (session, wait_result (&result), error);
}

static HlMediaStats
get_stats (HlMediaSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HlMediaStats stats = { 0, };

  hl_media_session_get_stats_async (session, NULL, on_result, &result);
  g_assert_true (hl_media_session_get_stats_finish (session, wait_result (&result), &stats, &error));
  g_assert_no_error (error);

  return stats;
}

static gboolean
both_flowing (gpointer data)
{
  Call *call = data;

  return hl_media_session_get_state (call->a) == HL_MEDIA_STATE_CONNECTED &&
         hl_media_session_get_state (call->b) == HL_MEDIA_STATE_CONNECTED;
}

/* A offers, B answers; returns once ICE has connected on both sides. */
static void
call_setup (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *sdp = NULL;

  call->a = new_session (FREQ_A, "127.0.0.1");
  call->b = new_session (FREQ_B, "127.0.0.1");

  offer = create_offer (call->a, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (offer, "a=candidate:"));
  g_assert_nonnull (strstr (offer, "OPUS/48000/2"));
  g_assert_nonnull (strstr (offer, "telephone-event/48000"));
  g_assert_nonnull (strstr (offer, "c=IN IP4 127.0.0.1"));
  g_assert_null (strstr (offer, "m=audio 9 "));
  g_assert_cmpint (hl_media_session_get_state (call->a), ==, HL_MEDIA_STATE_NEGOTIATING);

  sdp = answer (call->b, offer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (sdp, "a=candidate:"));
  g_assert_nonnull (strstr (sdp, "c=IN IP4 127.0.0.1"));
  /* What the call does when the agent answers */
  hl_media_session_open_capture (call->b);

  g_assert_true (apply_answer (call->a, sdp, &error));
  g_assert_no_error (error);

  hl_test_wait_until (both_flowing, call, 10000);
}

static void
call_teardown (Call *call)
{
  hl_media_session_close (call->a);
  hl_media_session_close (call->b);
  g_assert_cmpint (hl_media_session_get_state (call->a), ==, HL_MEDIA_STATE_CLOSED);
  g_assert_finalize_object (call->a);
  g_assert_finalize_object (call->b);
}

/* The last WINDOW samples that @session played, or fewer; as floats in [-1, 1]. */
static GArray *
received_samples (HlMediaSession *session)
{
  g_autoptr(GstElement) sink = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (float));
  GstSample *sample;

  sink = gst_bin_get_by_name (GST_BIN (hl_media_session_get_pipeline (session)), "rx");
  g_assert_nonnull (sink);

  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 0)) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstMapInfo map;

      if (gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          const gint16 *s = (const gint16 *) map.data;

          for (gsize i = 0; i < map.size / 2; i++)
            {
              float v = s[i] / 32768.0f;

              g_array_append_val (out, v);
            }
          gst_buffer_unmap (buffer, &map);
        }
      gst_sample_unref (sample);
    }

  if (out->len > WINDOW)
    g_array_remove_range (out, 0, out->len - WINDOW);

  return out;
}

/* Goertzel: the amplitude of @freq in @n samples (a full-scale sine gives 1.0). */
static double
tone_amplitude (const float *samples,
                gsize        n,
                double       freq,
                double       rate)
{
  double coeff = 2 * cos (2 * G_PI * freq / rate);
  double s1 = 0, s2 = 0, power;

  if (n == 0)
    return 0;

  for (gsize i = 0; i < n; i++)
    {
      /* Hann window against leakage from the edges */
      double w = 0.5 - 0.5 * cos (2 * G_PI * i / (n - 1));
      double s0 = samples[i] * w + coeff * s1 - s2;

      s2 = s1;
      s1 = s0;
    }

  power = s1 * s1 + s2 * s2 - coeff * s1 * s2;

  /* the Hann window halves the coherent gain */
  return 2 * sqrt (MAX (power, 0)) / (n * 0.5);
}

static void
assert_hears (HlMediaSession *session,
              double          want,
              double          other)
{
  g_autoptr(GArray) samples = received_samples (session);
  double a_want = tone_amplitude ((float *) samples->data, samples->len, want, SINK_RATE);
  double a_other = tone_amplitude ((float *) samples->data, samples->len, other, SINK_RATE);

  g_test_message ("%u samples: %.0f Hz at %.3f, %.0f Hz at %.3f", samples->len, want, a_want,
                  other, a_other);
  g_assert_cmpuint (samples->len, >=, WINDOW / 2);
  g_assert_cmpfloat (a_want, >, 0.05);
  g_assert_cmpfloat (a_other, <, a_want / 4);
}

static double
heard_amplitude (HlMediaSession *session,
                 double          freq)
{
  g_autoptr(GArray) samples = received_samples (session);

  return tone_amplitude ((float *) samples->data, samples->len, freq, SINK_RATE);
}

/* Tests */

static void
test_call (void)
{
  Call call = { NULL, };
  HlMediaStats a, b;

  call_setup (&call);
  spin (1500);

  assert_hears (call.b, FREQ_A, FREQ_B);
  assert_hears (call.a, FREQ_B, FREQ_A);

  a = get_stats (call.a);
  b = get_stats (call.b);
  g_test_message ("A: sent %" G_GUINT64_FORMAT " received %" G_GUINT64_FORMAT
                  " jitter %.1f ms rtt %.1f ms loss %.1f%% MOS %.2f",
                  a.packets_sent, a.packets_received, a.jitter_ms, a.rtt_ms, a.loss_percent,
                  a.mos);
  g_assert_cmpuint (a.packets_sent, >, 0);
  g_assert_cmpuint (a.packets_received, >, 0);
  g_assert_cmpuint (a.bytes_received, >, 0);
  g_assert_cmpuint (b.packets_sent, >, 0);
  g_assert_cmpuint (b.packets_received, >, 0);
  g_assert_cmpint (a.quality, ==, HL_MEDIA_QUALITY_GOOD);

  g_assert_cmpfloat (hl_media_session_get_state (call.a), ==, HL_MEDIA_STATE_CONNECTED);
  {
    double level = 0;

    g_object_get (call.a, "input-level", &level, NULL);
    g_assert_cmpfloat (level, >, -30);
    g_object_get (call.b, "output-level", &level, NULL);
    g_assert_cmpfloat (level, >, -40);
  }

  call_teardown (&call);
}

static gboolean
has_element (HlMediaSession *session,
             const char     *name)
{
  g_autoptr(GstElement) element = gst_bin_get_by_name (GST_BIN (hl_media_session_get_pipeline (session)), name);

  return element != NULL;
}

/* Privacy: a ringing call negotiates with silence; HELPLINE_AUDIO_SRC (the microphone) enters
 * the pipeline only at answer, and the connected call carries it without renegotiation. */
static void
test_capture_at_answer (void)
{
  Call call = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *sdp = NULL;

  call.a = new_session (FREQ_A, "127.0.0.1");
  call.b = new_session (FREQ_B, "127.0.0.1");
  offer = create_offer (call.a, &error);
  g_assert_no_error (error);
  /* The caller's own microphone is open from the start */
  g_assert_true (hl_media_session_is_capturing (call.a));
  g_assert_true (has_element (call.a, HL_MEDIA_CAPTURE_NAME));
  g_assert_false (has_element (call.a, HL_MEDIA_PLACEHOLDER_NAME));

  sdp = answer (call.b, offer, &error);
  g_assert_no_error (error);
  g_assert_true (apply_answer (call.a, sdp, &error));
  g_assert_no_error (error);
  hl_test_wait_until (both_flowing, &call, 10000);

  /* Ringing: connected media, but silence instead of the microphone */
  spin (800);
  g_assert_false (hl_media_session_is_capturing (call.b));
  g_assert_true (has_element (call.b, HL_MEDIA_PLACEHOLDER_NAME));
  g_assert_false (has_element (call.b, HL_MEDIA_CAPTURE_NAME));
  g_assert_cmpfloat (heard_amplitude (call.a, FREQ_B), <, 0.005);
  assert_hears (call.b, FREQ_A, FREQ_B);

  /* Answered */
  hl_media_session_open_capture (call.b);
  g_assert_true (hl_media_session_is_capturing (call.b));
  g_assert_true (has_element (call.b, HL_MEDIA_CAPTURE_NAME));
  g_assert_false (has_element (call.b, HL_MEDIA_PLACEHOLDER_NAME));
  spin (800);
  assert_hears (call.a, FREQ_B, FREQ_A);
  g_assert_cmpint (hl_media_session_get_state (call.b), ==, HL_MEDIA_STATE_CONNECTED);

  call_teardown (&call);
}

static void
test_mute (void)
{
  Call call = { NULL, };

  call_setup (&call);
  spin (800);
  assert_hears (call.b, FREQ_A, FREQ_B);

  hl_media_session_set_muted (call.a, TRUE);
  g_assert_true (hl_media_session_get_muted (call.a));
  spin (800);
  g_assert_cmpfloat (heard_amplitude (call.b, FREQ_A), <, 0.005);
  /* Only A's way is muted */
  assert_hears (call.a, FREQ_B, FREQ_A);

  hl_media_session_set_muted (call.a, FALSE);
  spin (800);
  assert_hears (call.b, FREQ_A, FREQ_B);

  call_teardown (&call);
}

static void
test_hold (void)
{
  Call call = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *sdp = NULL;
  HlMediaStats a0, a1, b0, b1;

  call_setup (&call);
  spin (500);

  /* A holds: a sendonly re-offer, B answers recvonly; neither sends audio then */
  hl_media_session_set_hold (call.a, TRUE);
  offer = create_offer (call.a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hl_sdp_get_direction (offer), ==, HL_SDP_DIRECTION_SENDONLY);
  g_assert_nonnull (strstr (offer, "a=candidate:"));
  sdp = answer (call.b, offer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hl_sdp_get_direction (sdp), ==, HL_SDP_DIRECTION_RECVONLY);
  g_assert_true (apply_answer (call.a, sdp, &error));
  g_assert_cmpint (hl_media_session_get_state (call.a), ==, HL_MEDIA_STATE_ON_HOLD);
  g_assert_cmpint (hl_media_session_get_state (call.b), ==, HL_MEDIA_STATE_ON_HOLD);

  spin (500);
  a0 = get_stats (call.a);
  b0 = get_stats (call.b);
  spin (1000);
  a1 = get_stats (call.a);
  b1 = get_stats (call.b);
  g_test_message ("on hold, 1 s: A received %" G_GUINT64_FORMAT ", B received %" G_GUINT64_FORMAT,
                  a1.packets_received - a0.packets_received,
                  b1.packets_received - b0.packets_received);
  g_assert_cmpuint (a1.packets_received - a0.packets_received, <=, 2);
  g_assert_cmpuint (b1.packets_received - b0.packets_received, <=, 2);

  /* Resume */
  g_clear_pointer (&offer, g_free);
  g_clear_pointer (&sdp, g_free);
  hl_media_session_set_hold (call.a, FALSE);
  offer = create_offer (call.a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hl_sdp_get_direction (offer), ==, HL_SDP_DIRECTION_SENDRECV);
  sdp = answer (call.b, offer, &error);
  g_assert_no_error (error);
  g_assert_true (apply_answer (call.a, sdp, &error));
  g_assert_cmpint (hl_media_session_get_state (call.a), ==, HL_MEDIA_STATE_CONNECTED);
  g_assert_cmpint (hl_media_session_get_state (call.b), ==, HL_MEDIA_STATE_CONNECTED);
  spin (1000);
  assert_hears (call.b, FREQ_A, FREQ_B);
  assert_hears (call.a, FREQ_B, FREQ_A);

  call_teardown (&call);
}

static void
on_dtmf (HlMediaSession *session,
         const char     *digit,
         GString        *got)
{
  g_string_append (got, digit);
}

static gboolean
got_three (gpointer data)
{
  return ((GString *) data)->len >= 3;
}

static gboolean
got_one (gpointer data)
{
  return ((GString *) data)->len >= 1;
}

static void
test_dtmf (void)
{
  Call call = { NULL, };
  g_autoptr(GString) at_a = g_string_new (NULL);
  g_autoptr(GString) at_b = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  call_setup (&call);
  g_signal_connect (call.a, "dtmf-received", G_CALLBACK (on_dtmf), at_a);
  g_signal_connect (call.b, "dtmf-received", G_CALLBACK (on_dtmf), at_b);
  g_assert_true (hl_media_session_can_send_dtmf (call.a));
  g_assert_true (hl_media_session_can_send_dtmf (call.b));

  g_assert_false (hl_media_session_send_dtmf (call.a, 'x', 100, &error));
  g_assert_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_FAILED);
  g_clear_error (&error);

  /* RFC 4733 both ways: the offerer's events and the answerer's */
  g_assert_true (hl_media_session_send_dtmf (call.a, '1', 100, &error));
  g_assert_true (hl_media_session_send_dtmf (call.a, '#', 100, &error));
  g_assert_true (hl_media_session_send_dtmf (call.a, '9', 160, &error));
  g_assert_true (hl_media_session_send_dtmf (call.b, '*', 100, &error));
  g_assert_no_error (error);
  hl_test_wait_until (got_three, at_b, 5000);
  hl_test_wait_until (got_one, at_a, 5000);
  g_assert_cmpstr (at_b->str, ==, "1#9");
  g_assert_cmpstr (at_a->str, ==, "*");

  /* Audio goes on after the tones */
  spin (600);
  assert_hears (call.b, FREQ_A, FREQ_B);

  g_signal_handlers_disconnect_by_data (call.a, at_a);
  g_signal_handlers_disconnect_by_data (call.b, at_b);
  call_teardown (&call);
}

/* Decodes the recording (Ogg/Opus) to 48 kHz float stereo, one array per channel. */
static void
read_recording (const char  *path,
                guint       *channels,
                GArray     **left,
                GArray     **right)
{
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! oggdemux ! opusdec name=dec ! "
                                                   "audioconvert ! audioresample ! "
                                                   "audio/x-raw,format=F32LE,rate=48000,channels=2 ! "
                                                   "appsink name=out sync=false", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  GstSample *sample;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  *left = g_array_new (FALSE, FALSE, sizeof (float));
  *right = g_array_new (FALSE, FALSE, sizeof (float));
  *channels = 0;

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstMapInfo map;

      if (*channels == 0)
        {
          g_autoptr(GstCaps) caps = NULL;
          g_autoptr(GstElement) dec = gst_bin_get_by_name (GST_BIN (pipeline), "dec");
          g_autoptr(GstPad) decsink = dec ? gst_element_get_static_pad (dec, "sink") : NULL;
          int n = 0;

          /* The channels of the file itself, not of the conversion */
          caps = decsink ? gst_pad_get_current_caps (decsink) : NULL;
          if (caps != NULL)
            gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &n);
          *channels = n;
        }

      if (gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          const float *f = (const float *) map.data;

          for (gsize i = 0; i + 1 < map.size / sizeof (float); i += 2)
            {
              g_array_append_val (*left, f[i]);
              g_array_append_val (*right, f[i + 1]);
            }
          gst_buffer_unmap (buffer, &map);
        }
      gst_sample_unref (sample);
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
assert_recording_channels (const char *path,
                           double      seconds)
{
  g_autoptr(GArray) left = NULL;
  g_autoptr(GArray) right = NULL;
  guint channels = 0, rate = 48000;
  gsize tail;
  double l_a, l_b, r_a, r_b;

  read_recording (path, &channels, &left, &right);
  g_assert_cmpuint (channels, ==, 2);
  g_test_message ("recorded %u frames", left->len);
  g_assert_cmpuint (left->len, >, rate * seconds);

  /* The last half second: left is the agent (A, 600 Hz), right the customer (B, 1000 Hz) */
  tail = left->len - rate / 2;
  l_a = tone_amplitude ((float *) left->data + tail, rate / 2, FREQ_A, rate);
  l_b = tone_amplitude ((float *) left->data + tail, rate / 2, FREQ_B, rate);
  r_a = tone_amplitude ((float *) right->data + tail, rate / 2, FREQ_A, rate);
  r_b = tone_amplitude ((float *) right->data + tail, rate / 2, FREQ_B, rate);
  g_test_message ("left: 600 Hz %.3f 1000 Hz %.3f; right: 600 Hz %.3f 1000 Hz %.3f",
                  l_a, l_b, r_a, r_b);
  g_assert_cmpfloat (l_a, >, 0.1);
  g_assert_cmpfloat (l_b, <, l_a / 10);
  g_assert_cmpfloat (r_b, >, 0.05);
  g_assert_cmpfloat (r_a, <, r_b / 10);
}

static void
test_recording (void)
{
  Call call = { NULL, };
  g_autofree char *path = hl_test_temp_path ("call.ogg");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  call_setup (&call);
  g_assert_true (hl_media_session_start_recording (call.a, path, &error));
  g_assert_no_error (error);
  g_assert_true (hl_media_session_is_recording (call.a));
  spin (2000);

  hl_media_session_stop_recording_async (call.a, NULL, on_result, &result);
  g_assert_true (hl_media_session_stop_recording_finish (call.a, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (hl_media_session_is_recording (call.a));

  /* Only the agent may read it */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_test_message ("%" G_GINT64_FORMAT " bytes for about 2 s", (gint64) st.st_size);

  assert_recording_channels (path, 1.0);

  /* The call goes on after the recording */
  spin (300);
  assert_hears (call.b, FREQ_A, FREQ_B);

  call_teardown (&call);
  g_unlink (path);
}

/* The call ends (BYE closes the media) while it is recorded: no EOS reaches the muxer, and the
 * file must still play back up to about the end. */
static void
test_recording_abrupt_end (void)
{
  Call call = { NULL, };
  g_autofree char *path = hl_test_temp_path ("abrupt.ogg");
  g_autoptr(GError) error = NULL;

  call_setup (&call);
  g_assert_true (hl_media_session_start_recording (call.a, path, &error));
  g_assert_no_error (error);
  spin (2500);
  call_teardown (&call);

  assert_recording_channels (path, 1.5);
  g_unlink (path);
}

/* Mid-call, B changes speaker and A changes microphone (Preferences or the call card): the call
 * goes on without renegotiating, B's new speaker plays A, and B hears A's new microphone. */
static void
test_switch_devices (void)
{
  Call call = { NULL, };
  g_autofree char *sink = g_strdup_printf ("audioconvert ! audioresample ! "
                                           "audio/x-raw,format=S16LE,rate=%d,channels=1 ! "
                                           "appsink name=rx max-buffers=400 drop=true sync=false",
                                           SINK_RATE);
  g_autoptr(GstDevice) headset = hl_test_audio_device_new ("Test Headset", "Audio/Sink", "test.headset", sink);
  g_autoptr(GstDevice) microphone = hl_test_audio_device_new ("Test Microphone", "Audio/Source", "test.mic",
                                                              "audiotestsrc is-live=true freq=1400 "
                                                              "wave=sine volume=0.3");
  g_autoptr(GstElement) old_sink = NULL;
  g_autoptr(GstElement) new_sink = NULL;

  call_setup (&call);
  spin (600);
  assert_hears (call.b, FREQ_A, FREQ_B);
  old_sink = gst_bin_get_by_name (GST_BIN (hl_media_session_get_pipeline (call.b)), "rx");

  hl_media_session_set_output_device (call.b, headset);
  spin (800);
  new_sink = gst_bin_get_by_name (GST_BIN (hl_media_session_get_pipeline (call.b)), "rx");
  g_assert_true (new_sink != old_sink);
  g_assert_null (GST_ELEMENT_PARENT (old_sink));
  assert_hears (call.b, FREQ_A, FREQ_B);

  hl_media_session_set_input_device (call.a, microphone);
  spin (800);
  assert_hears (call.b, 1400, FREQ_A);

  /* No renegotiation: the same connected call, both ways */
  g_assert_cmpint (hl_media_session_get_state (call.a), ==, HL_MEDIA_STATE_CONNECTED);
  g_assert_cmpint (hl_media_session_get_state (call.b), ==, HL_MEDIA_STATE_CONNECTED);
  assert_hears (call.a, FREQ_B, FREQ_A);

  call_teardown (&call);
}

static gboolean
dsp_settings (HlMediaSession *session,
              gboolean       *echo_cancel,
              gboolean       *noise_suppression)
{
  g_autoptr(GstElement) dsp = gst_bin_get_by_name (GST_BIN (hl_media_session_get_pipeline (session)), "send-dsp");
  g_autoptr(GstElement) probe = gst_bin_get_by_name (GST_BIN (hl_media_session_get_pipeline (session)), "echo-probe");

  if (dsp == NULL)
    return FALSE;

  g_assert_nonnull (probe);
  g_object_get (dsp, "echo-cancel", echo_cancel, "noise-suppression", noise_suppression, NULL);
  return TRUE;
}

/* A microphone (a device, not HELPLINE_AUDIO_SRC) goes through webrtcdsp with the echo probe on
 * the speaker's side, as the settings say; the call still carries the voice. Noise suppression is
 * left off here: it takes a steady tone for noise. */
static void
test_voice_processing (void)
{
  g_autoptr(GstDevice) microphone = hl_test_audio_device_new ("Test Microphone", "Audio/Source", "test.mic",
                                                              "audiotestsrc is-live=true freq=1400 "
                                                              "wave=sine volume=0.3");
  g_autoptr(GstElementFactory) dsp = gst_element_factory_find ("webrtcdsp");
  g_autoptr(GError) error = NULL;
  Call call = { NULL, };
  gboolean echo = FALSE, noise = TRUE;

  if (dsp == NULL)
    {
      g_test_skip ("webrtcdsp (gstreamer1.0-plugins-bad) is not installed");
      return;
    }

  /* Off: no processing at all */
  {
    g_autoptr(HlMediaSession) session = new_session (FREQ_A, "127.0.0.1");

    hl_media_session_set_input_device (session, microphone);
    hl_media_session_set_voice_processing (session, FALSE, FALSE);
    g_assert_true (hl_media_session_prewarm (session, &error));
    g_assert_no_error (error);
    g_assert_false (dsp_settings (session, &echo, &noise));
    hl_media_session_close (session);
  }

  call.a = new_session (FREQ_A, "127.0.0.1");
  hl_media_session_set_input_device (call.a, microphone);
  hl_media_session_set_voice_processing (call.a, TRUE, FALSE);
  call.b = new_session (FREQ_B, "127.0.0.1");
  {
    g_autofree char *offer = create_offer (call.a, &error);
    g_autofree char *sdp = NULL;

    g_assert_no_error (error);
    sdp = answer (call.b, offer, &error);
    g_assert_no_error (error);
    hl_media_session_open_capture (call.b);
    g_assert_true (apply_answer (call.a, sdp, &error));
    g_assert_no_error (error);
  }
  hl_test_wait_until (both_flowing, &call, 10000);

  g_assert_true (dsp_settings (call.a, &echo, &noise));
  g_assert_true (echo);
  g_assert_false (noise);
  /* HELPLINE_AUDIO_SRC is no microphone: B has none */
  g_assert_false (dsp_settings (call.b, &echo, &noise));

  spin (1500);
  assert_hears (call.b, 1400, FREQ_A);
  assert_hears (call.a, FREQ_B, FREQ_A);

  call_teardown (&call);
}

static void
test_no_address (void)
{
  g_autoptr(HlMediaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = NULL;

  /* An address no interface has: libnice can bind nothing (only a "TCP active" candidate that
   * nobody can reach) */
  session = new_session (FREQ_A, "192.0.2.254");
  hl_media_session_set_gathering_timeout (session, 400);

  offer = create_offer (session, &error);
  g_assert_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NO_CANDIDATES);
  g_assert_null (offer);
  g_assert_cmpint (hl_media_session_get_state (session), ==, HL_MEDIA_STATE_NEW);

  hl_media_session_close (session);
}

static void
test_gathering_timeout (void)
{
  g_autoptr(HlMediaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bind_address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *stun = NULL;
  g_autofree char *offer = NULL;
  const char *servers[2] = { NULL, NULL };
  gint64 start, ms;

  /* A STUN "server" on loopback that never answers: gathering waits for it; the session must
   * give up after its timeout and send the host candidates it has */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, bind_address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  stun = g_strdup_printf ("stun:127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  servers[0] = stun;

  g_setenv ("HELPLINE_AUDIO_SRC", "audiotestsrc is-live=true", TRUE);
  g_setenv ("HELPLINE_AUDIO_SINK", "fakesink", TRUE);
  session = hl_media_session_new (servers, NULL, NULL);
  hl_media_session_add_local_address (session, "127.0.0.1");
  hl_media_session_set_gathering_timeout (session, 500);
  g_assert_true (hl_media_session_prewarm (session, &error));

  start = g_get_monotonic_time ();
  offer = create_offer (session, &error);
  ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("offer after %" G_GINT64_FORMAT " ms", ms);
  g_assert_no_error (error);
  g_assert_cmpint (ms, >=, 450);
  g_assert_cmpint (ms, <, 2000);
  g_assert_nonnull (strstr (offer, "typ host"));
  g_assert_nonnull (strstr (offer, "c=IN IP4 127.0.0.1"));

  hl_media_session_close (session);
}

static void
test_bad_sdp (void)
{
  g_autoptr(HlMediaSession) session = new_session (FREQ_B, "127.0.0.1");
  g_autoptr(GError) error = NULL;
  g_autofree char *sdp = NULL;
  const char *no_audio = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                         "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
  const char *no_opus = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                        "c=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 0 8\r\n";
  /* Well-formed, but no ICE credentials and no DTLS fingerprint: webrtcbin must refuse it */
  const char *no_ice = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                       "c=IN IP4 127.0.0.1\r\nm=audio 4000 UDP/TLS/RTP/SAVPF 111\r\n"
                       "a=rtpmap:111 opus/48000/2\r\na=sendrecv\r\na=mid:0\r\n";

  sdp = answer (session, "this is not SDP", &error);
  g_assert_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_INVALID_SDP);
  g_assert_null (sdp);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  sdp = answer (session, no_audio, &error);
  g_assert_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_INVALID_SDP);
  g_clear_error (&error);

  sdp = answer (session, no_opus, &error);
  g_assert_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_INVALID_SDP);
  g_clear_error (&error);

  sdp = answer (session, no_ice, &error);
  g_assert_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_NEGOTIATION);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* An answer without an offer */
  g_assert_false (apply_answer (session, no_ice, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  hl_media_session_close (session);
}

/* Chromium's offer as JsSIP sends it (shared/notes/webrtc-sip.md), so that the first timed answer
 * is the first webrtcbin work in the process */
static const char chromium_offer[] =
  "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
  "a=group:BUNDLE 0\r\na=msid-semantic: WMS\r\n"
  "m=audio 45098 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 127.0.0.1\r\n"
  "a=rtcp:9 IN IP4 0.0.0.0\r\n"
  "a=candidate:1 1 udp 2113937151 127.0.0.1 45098 typ host generation 0\r\n"
  "a=ice-ufrag:Zr9d\r\na=ice-pwd:lGqUvdT4rxBPXGR0XwOh8Ceq\r\na=ice-options:trickle\r\n"
  "a=fingerprint:sha-256 1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70:81:"
  "92:A3:B4:C5:D6:E7:F8:09\r\n"
  "a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n"
  "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
  "a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:9 G722/8000\r\n"
  "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:13 CN/8000\r\n"
  "a=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\n"
  "a=ssrc:3735928559 cname:helpline-test\r\n";

static void
on_failed (HlMediaSession *session,
           const GError   *error,
           GError        **out)
{
  g_clear_error (out);
  *out = g_error_copy (error);
}

static void
test_bad_source (void)
{
  g_autoptr(HlMediaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  g_autofree char *offer = NULL;

  /* Not a pipeline description */
  g_setenv ("HELPLINE_AUDIO_SRC", "no-such-element ! !", TRUE);
  g_setenv ("HELPLINE_AUDIO_SINK", "fakesink", TRUE);
  session = hl_media_session_new (NULL, NULL, NULL);
  offer = create_offer (session, &error);
  g_assert_error (error, HL_MEDIA_ERROR, HL_MEDIA_ERROR_BAD_PIPELINE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_clear_object (&session);

  /* A source that fails once running: the bus watch turns it into ::failed */
  g_setenv ("HELPLINE_AUDIO_SRC", "audiotestsrc is-live=true ! identity error-after=5", TRUE);
  session = hl_media_session_new (NULL, NULL, NULL);
  hl_media_session_add_local_address (session, "127.0.0.1");
  g_signal_connect (session, "failed", G_CALLBACK (on_failed), &failure);
  hl_media_session_open_capture (session);
  g_assert_true (hl_media_session_prewarm (session, &error));
  g_assert_no_error (error);
  hl_test_wait_until (is_set, &failure, 5000);
  g_assert_error (failure, HL_MEDIA_ERROR, HL_MEDIA_ERROR_STREAM);
  g_assert_cmpint (hl_media_session_get_state (session), ==, HL_MEDIA_STATE_FAILED);
  g_test_message ("%s", failure->message);
  g_signal_handlers_disconnect_by_data (session, &failure);
  hl_media_session_close (session);
}

static double
time_answer (gboolean prewarm)
{
  g_autoptr(HlMediaSession) b = new_session (FREQ_B, "127.0.0.1");
  g_autoptr(GError) error = NULL;
  const char *offer = chromium_offer;
  g_autofree char *sdp = NULL;
  gint64 start;
  double ms;

  g_assert_no_error (error);
  if (prewarm)
    {
      g_assert_true (hl_media_session_prewarm (b, &error));
      spin (500); /* the INVITE comes later */
    }

  start = g_get_monotonic_time ();
  sdp = answer (b, offer, &error);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (error);
  /* telephone-event is put back into webrtcbin's answer */
  g_assert_cmpint (hl_sdp_find_payload (sdp, "telephone-event", 48000), ==, 110);
  g_assert_cmpint (hl_sdp_find_payload (sdp, "opus", 48000), ==, 111);
  g_assert_nonnull (strstr (sdp, "a=setup:active"));

  hl_media_session_close (b);

  return ms;
}

/* Each in a process of its own, so that the first answer is the first webrtcbin work there: the
 * once-per-process costs (plugins, the DTLS certificate) are part of what pre-warming cuts. */
static void
run_timing (gboolean prewarm)
{
  g_autoptr(GString) runs = g_string_new (NULL);

  if (!g_test_subprocess ())
    {
      g_test_skip ("Run in a process of its own by /media/prewarm-timing");
      return;
    }

  for (int i = 0; i < 3; i++)
    g_string_append_printf (runs, " %.0f", time_answer (prewarm));

  g_printerr ("# answer path (remote offer in → answer SDP out), %s, ms (first in the process, "
              "then two more):%s\n", prewarm ? "pre-warmed" : "without pre-warm", runs->str);
}

static void
test_timing_cold (void)
{
  run_timing (FALSE);
}

static void
test_timing_warm (void)
{
  run_timing (TRUE);
}

/* Quitting while the warm-up makes the DTLS certificate: exit () ran OpenSSL's exit handler under
 * the warm-up thread, which then crashed (SIGSEGV in pthread_rwlock_wrlock on a freed lock, or a
 * critical from dtlsagent). hl_media_warm_up_stop() waits for the thread; each try is a process
 * of its own that exits right after it. */
static void
test_warm_up_stop_child (void)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("Run in a process of its own by /media/warm-up-stop");
      return;
    }

  hl_media_warm_up ();
  spin (100); /* into the key generation (90–460 ms) */
  hl_media_warm_up_stop ();
  /* No new thread once stopped */
  hl_media_warm_up ();
}

static void
test_warm_up_stop (void)
{
  for (guint i = 0; i < 5; i++)
    {
      g_test_trap_subprocess ("/media/warm-up-stop/child", 30 * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
}

static void
test_prewarm_timing (void)
{
  g_test_trap_subprocess ("/media/prewarm-timing/cold", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/media/prewarm-timing/warm", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_sdp_munging (void)
{
  const char *sdp =
    "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE audio0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=sendonly\r\n"
    "a=rtpmap:111 OPUS/48000/2\r\na=rtcp-fb:111 nack pli\r\n"
    "a=candidate:1 1 UDP 2015363327 127.0.0.1 35307 typ host\r\n"
    "a=candidate:2 1 TCP 1015021823 127.0.0.1 9 typ host tcptype active\r\n"
    "a=candidate:3 1 UDP 1679819007 198.51.100.7 40000 typ srflx raddr 127.0.0.1 rport 35307\r\n";
  const char *offer = "v=0\r\ns=-\r\nm=audio 5000 RTP/AVP 111 110\r\n"
                      "a=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\n";
  g_autofree char *munged = hl_sdp_set_default_candidate (sdp);
  g_autofree char *with_dtmf = hl_sdp_add_payload (sdp, 110, "telephone-event/48000", "0-15");
  g_autofree char *bare = NULL;
  g_autofree char *cands = hl_sdp_get_candidates (sdp);
  g_autofree char *readded = NULL;
  g_autofree char *uri = NULL;

  g_assert_nonnull (strstr (munged, "m=audio 40000 UDP/TLS/RTP/SAVPF 111\r\n"));
  g_assert_nonnull (strstr (munged, "\r\nc=IN IP4 198.51.100.7\r\n"));
  g_assert_cmpint (hl_sdp_get_direction (sdp), ==, HL_SDP_DIRECTION_SENDONLY);
  g_assert_cmpint (hl_sdp_get_direction (offer), ==, HL_SDP_DIRECTION_SENDRECV);
  g_assert_cmpint (hl_sdp_find_payload (offer, "telephone-event", 48000), ==, 110);
  g_assert_cmpint (hl_sdp_find_payload (offer, "telephone-event", 8000), ==, -1);
  g_assert_cmpint (hl_sdp_find_payload (sdp, "opus", 48000), ==, 111);

  g_assert_nonnull (strstr (with_dtmf, "m=audio 9 UDP/TLS/RTP/SAVPF 111 110\r\n"));
  g_assert_nonnull (strstr (with_dtmf, "a=rtcp-fb:111 nack pli\r\na=rtpmap:110 telephone-event/48000\r\n"
                                       "a=fmtp:110 0-15\r\na=candidate:1"));
  g_assert_cmpint (hl_sdp_find_payload (with_dtmf, "telephone-event", 48000), ==, 110);

  g_assert_cmpuint (hl_sdp_count_candidates (sdp), ==, 2); /* not the TCP active one */
  bare = g_strdup ("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n");
  readded = hl_sdp_add_candidates (bare, cands);
  g_assert_cmpuint (hl_sdp_count_candidates (readded), ==, 2);
  g_assert_nonnull (strstr (readded, "tcptype active"));

  uri = hl_media_ice_server_to_uri ("turn:turn.example.org:3478?transport=udp", "ag nt", "p@ss:1");
  g_assert_cmpstr (uri, ==, "turn://ag%20nt:p%40ss%3A1@turn.example.org:3478?transport=udp");
  g_clear_pointer (&uri, g_free);
  uri = hl_media_ice_server_to_uri ("stun:stun.example.org:19302", "x", "y");
  g_assert_cmpstr (uri, ==, "stun://stun.example.org:19302");
  g_clear_pointer (&uri, g_free);
  g_assert_null (hl_media_ice_server_to_uri ("http://example.org", NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/sdp-munging", test_sdp_munging);
  g_test_add_func ("/media/bad-sdp", test_bad_sdp);
  g_test_add_func ("/media/bad-source", test_bad_source);
  g_test_add_func ("/media/no-address", test_no_address);
  g_test_add_func ("/media/gathering-timeout", test_gathering_timeout);
  g_test_add_func ("/media/call", test_call);
  g_test_add_func ("/media/mute", test_mute);
  g_test_add_func ("/media/hold", test_hold);
  g_test_add_func ("/media/dtmf", test_dtmf);
  g_test_add_func ("/media/switch-devices", test_switch_devices);
  g_test_add_func ("/media/voice-processing", test_voice_processing);
  g_test_add_func ("/media/recording", test_recording);
  g_test_add_func ("/media/recording/abrupt-end", test_recording_abrupt_end);
  g_test_add_func ("/media/warm-up-stop", test_warm_up_stop);
  g_test_add_func ("/media/warm-up-stop/child", test_warm_up_stop_child);
  g_test_add_func ("/media/capture-at-answer", test_capture_at_answer);
  g_test_add_func ("/media/prewarm-timing", test_prewarm_timing);
  g_test_add_func ("/media/prewarm-timing/cold", test_timing_cold);
  g_test_add_func ("/media/prewarm-timing/warm", test_timing_warm);

  ret = g_test_run ();
  /* prewarm() started the warm-up: as the application does at quit */
  hl_media_warm_up_stop ();

  return ret;
}

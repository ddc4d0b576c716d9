/* test-audio-devices.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>

#include "hl-audio-devices.h"
#include "hl-phone-audio.h"
#include "hl-test-audio-device.h"
#include "hl-test-utils.h"

/* HlAudioDevices against a device provider of the test's own, registered with GStreamer like
 * the PulseAudio or PipeWire ones: devices come and go while the model watches. */

static GstDevice *
test_device_new (const char *name,
                 const char *klass,
                 const char *node_name)
{
  return hl_test_audio_device_new (name, klass, node_name,
                                   g_str_equal (klass, "Audio/Source") ? "audiotestsrc" : "fakesink");
}

/* The provider: devices are added and removed by the test */

#define HL_TYPE_TEST_PROVIDER (hl_test_provider_get_type ())
G_DECLARE_FINAL_TYPE (HlTestProvider, hl_test_provider, HL, TEST_PROVIDER, GstDeviceProvider)

struct _HlTestProvider
{
  GstDeviceProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (HlTestProvider, hl_test_provider, GST_TYPE_DEVICE_PROVIDER)

static gboolean
test_provider_start (GstDeviceProvider *provider)
{
  return TRUE;
}

static void
hl_test_provider_class_init (HlTestProviderClass *klass)
{
  GstDeviceProviderClass *provider_class = GST_DEVICE_PROVIDER_CLASS (klass);

  provider_class->start = test_provider_start;
  gst_device_provider_class_set_static_metadata (provider_class, "Helpline test audio", "Audio/Source/Sink",
                                                 "Devices the test adds", "The Helpline authors");
}

static void
hl_test_provider_init (HlTestProvider *self)
{
}

static GstDeviceProvider *
test_provider (void)
{
  return gst_device_provider_factory_get_by_name ("hltestaudio");
}

/* Helpers */

static guint
count_named (GListModel *model,
             const char *name)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HlAudioDevice) item = g_list_model_get_item (model, i);

      n += g_str_equal (hl_audio_device_get_name (item), name);
    }

  return n;
}

typedef struct
{
  GListModel *model;
  const char *name;
  guint       want;
} Waiting;

static gboolean
has_count (gpointer data)
{
  Waiting *w = data;

  return count_named (w->model, w->name) == w->want;
}

static void
wait_count (HlAudioDevices *devices,
            const char     *name,
            guint           want)
{
  Waiting w = { G_LIST_MODEL (devices), name, want };

  hl_test_wait_until (has_count, &w, 5000);
}

/* Tests */

static void
test_default_first (void)
{
  g_autoptr(HlAudioDevices) devices = hl_audio_devices_new (HL_AUDIO_INPUT);
  g_autoptr(HlAudioDevice) first = g_list_model_get_item (G_LIST_MODEL (devices), 0);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (devices)), >=, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (devices)) == HL_TYPE_AUDIO_DEVICE);
  g_assert_cmpstr (hl_audio_device_get_id (first), ==, "");
  g_assert_cmpstr (hl_audio_device_get_name (first), ==, "System Default");
  g_assert_null (hl_audio_device_get_device (first));

  /* Nothing chosen, or something unknown: the default */
  g_assert_cmpuint (hl_audio_devices_find (devices, ""), ==, 0);
  g_assert_cmpuint (hl_audio_devices_find (devices, NULL), ==, 0);
  g_assert_cmpuint (hl_audio_devices_find (devices, "alsa_input.no-such-card"), ==, 0);
  g_assert_null (hl_audio_devices_lookup (devices, "alsa_input.no-such-card"));
}

static void
test_plug_and_unplug (void)
{
  g_autoptr(HlAudioDevices) inputs = hl_audio_devices_new (HL_AUDIO_INPUT);
  g_autoptr(HlAudioDevices) outputs = hl_audio_devices_new (HL_AUDIO_OUTPUT);
  g_autoptr(GstDeviceProvider) provider = test_provider ();
  GstDevice *headset_mic = test_device_new ("Test Headset Microphone", "Audio/Source", "test.headset.mic");
  GstDevice *speaker = test_device_new ("Test Speaker", "Audio/Sink", NULL);
  guint position;

  g_assert_nonnull (provider);

  /* Plugged in while the models watch: each appears in its own list only */
  gst_device_provider_device_add (provider, headset_mic);
  gst_device_provider_device_add (provider, speaker);
  wait_count (inputs, "Test Headset Microphone", 1);
  wait_count (outputs, "Test Speaker", 1);
  g_assert_cmpuint (count_named (G_LIST_MODEL (inputs), "Test Speaker"), ==, 0);
  g_assert_cmpuint (count_named (G_LIST_MODEL (outputs), "Test Headset Microphone"), ==, 0);

  /* Found by its stable id: PipeWire's node.name, else (no such property) the display name */
  position = hl_audio_devices_find (inputs, "test.headset.mic");
  g_assert_cmpuint (position, >, 0);
  g_assert_true (hl_audio_devices_lookup (inputs, "test.headset.mic") == headset_mic);
  g_assert_true (hl_audio_devices_lookup (outputs, "Test Speaker") == speaker);
  {
    g_autoptr(HlAudioDevice) item = g_list_model_get_item (G_LIST_MODEL (inputs), position);

    g_assert_cmpstr (hl_audio_device_get_id (item), ==, "test.headset.mic");
    g_assert_cmpstr (hl_audio_device_get_name (item), ==, "Test Headset Microphone");
  }

  /* A model made now sees what is already plugged in */
  {
    g_autoptr(HlAudioDevices) later = hl_audio_devices_new (HL_AUDIO_INPUT);

    g_assert_cmpuint (count_named (G_LIST_MODEL (later), "Test Headset Microphone"), ==, 1);
  }

  /* Unplugged: gone from the list, and the setting that names it falls back to the default */
  gst_device_provider_device_remove (provider, headset_mic);
  wait_count (inputs, "Test Headset Microphone", 0);
  g_assert_cmpuint (hl_audio_devices_find (inputs, "test.headset.mic"), ==, 0);
  g_assert_null (hl_audio_devices_lookup (inputs, "test.headset.mic"));

  /* Plugged back in: the same id finds it again */
  headset_mic = test_device_new ("Test Headset Microphone", "Audio/Source", "test.headset.mic");
  gst_device_provider_device_add (provider, headset_mic);
  wait_count (inputs, "Test Headset Microphone", 1);
  g_assert_cmpuint (hl_audio_devices_find (inputs, "test.headset.mic"), >, 0);

  gst_device_provider_device_remove (provider, headset_mic);
  gst_device_provider_device_remove (provider, speaker);
  wait_count (outputs, "Test Speaker", 0);
}

/* The ringing device chosen in the settings is where the ringer rings; HELPLINE_AUDIO_SINK wins */
static void
test_ringing_device (void)
{
  g_autoptr(GstDeviceProvider) provider = test_provider ();
  g_autoptr(GSettings) settings = g_settings_new ("io.helpline.Helpline");
  g_autoptr(HlRinger) ringer = hl_ringer_new ();
  g_autoptr(HlPhoneAudio) audio = hl_phone_audio_new (ringer);
  GstDevice *bell = test_device_new ("Test Desk Speaker", "Audio/Sink", "test.desk.speaker");

  g_unsetenv ("HELPLINE_AUDIO_SINK");
  gst_device_provider_device_add (provider, bell);
  hl_phone_audio_set_settings (audio, settings);
  wait_count (hl_phone_audio_get_outputs (audio), "Test Desk Speaker", 1);

  g_settings_set_string (settings, "audio-ringing-device", "test.desk.speaker");
  hl_ringer_start (ringer, FALSE);
  g_assert_cmpuint (hl_test_audio_device_get_opened (bell), ==, 1);
  hl_ringer_stop (ringer);

  /* Back to the default: the next ring doesn't open it */
  g_settings_set_string (settings, "audio-ringing-device", "");
  g_setenv ("HELPLINE_AUDIO_SINK", "fakesink", TRUE);
  hl_ringer_start (ringer, FALSE);
  hl_ringer_stop (ringer);
  g_assert_cmpuint (hl_test_audio_device_get_opened (bell), ==, 1);

  /* The override wins over the chosen device */
  g_settings_set_string (settings, "audio-ringing-device", "test.desk.speaker");
  hl_ringer_start (ringer, FALSE);
  hl_ringer_stop (ringer);
  g_assert_cmpuint (hl_test_audio_device_get_opened (bell), ==, 1);
  g_unsetenv ("HELPLINE_AUDIO_SINK");

  gst_device_provider_device_remove (provider, bell);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gst_init (NULL, NULL);
  g_assert_true (gst_device_provider_register (NULL, "hltestaudio", GST_RANK_PRIMARY, HL_TYPE_TEST_PROVIDER));

  g_test_add_func ("/audio-devices/default-first", test_default_first);
  g_test_add_func ("/audio-devices/plug-and-unplug", test_plug_and_unplug);
  g_test_add_func ("/audio-devices/ringing-device", test_ringing_device);

  return g_test_run ();
}

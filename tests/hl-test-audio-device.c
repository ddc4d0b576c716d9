/* hl-test-audio-device.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-test-audio-device.h"

#define HL_TYPE_TEST_AUDIO_DEVICE (hl_test_audio_device_get_type ())
G_DECLARE_FINAL_TYPE (HlTestAudioDevice, hl_test_audio_device, HL, TEST_AUDIO_DEVICE, GstDevice)

struct _HlTestAudioDevice
{
  GstDevice  parent_instance;
  char      *description;
  guint      opened;      /* elements made */
};

G_DEFINE_FINAL_TYPE (HlTestAudioDevice, hl_test_audio_device, GST_TYPE_DEVICE)

static GstElement *
create_element (GstDevice  *device,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  GstElement *bin = gst_parse_bin_from_description (HL_TEST_AUDIO_DEVICE (device)->description, TRUE, &error);

  g_assert_no_error (error);
  HL_TEST_AUDIO_DEVICE (device)->opened++;
  return bin;
}

static void
hl_test_audio_device_finalize (GObject *object)
{
  g_free (HL_TEST_AUDIO_DEVICE (object)->description);
  G_OBJECT_CLASS (hl_test_audio_device_parent_class)->finalize (object);
}

static void
hl_test_audio_device_class_init (HlTestAudioDeviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hl_test_audio_device_finalize;
  GST_DEVICE_CLASS (klass)->create_element = create_element;
}

static void
hl_test_audio_device_init (HlTestAudioDevice *self)
{
}

/* How many times the device's element was made: how often it was opened */
guint
hl_test_audio_device_get_opened (GstDevice *device)
{
  return HL_TEST_AUDIO_DEVICE (device)->opened;
}

GstDevice *
hl_test_audio_device_new (const char *display_name,
                          const char *device_class,
                          const char *node_name,
                          const char *description)
{
  g_autoptr(GstStructure) props = gst_structure_new_empty ("properties");
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple ("audio/x-raw");
  HlTestAudioDevice *self;

  if (node_name != NULL)
    gst_structure_set (props, "node.name", G_TYPE_STRING, node_name, NULL);

  self = g_object_new (HL_TYPE_TEST_AUDIO_DEVICE, "display-name", display_name, "device-class", device_class,
                       "caps", caps, "properties", props, NULL);
  self->description = g_strdup (description);

  return GST_DEVICE (self);
}

/* fuzz-cable-frame.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hl-cable-frame.h"
#include "hl-chatwoot-event.h"

/* libFuzzer target: any bytes received as an ActionCable text frame give a frame or an error,
 * never a crash or a leak; a frame's envelope gives a Chatwoot event or an error; and a frame's
 * identifier survives the round trip through the command builders. */
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_command (const char *text,
               const char *identifier)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert (json_parser_load_from_data (parser, text, -1, NULL));
  g_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert (g_strcmp0 (json_object_get_string_member (object, "identifier"), identifier) == 0);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlCableFrame) frame = NULL;
  g_autoptr(HlCableFrame) copy = NULL;

  frame = hl_cable_frame_parse ((const char *) data, size, &error);
  g_assert ((frame == NULL) != (error == NULL));
  if (frame == NULL)
    return 0;

  g_assert (hl_cable_frame_type_to_string (frame->type) != NULL);
  copy = hl_cable_frame_copy (frame);
  g_assert (copy->type == frame->type);

  if (frame->type == HL_CABLE_FRAME_MESSAGE)
    {
      g_autoptr(GError) event_error = NULL;
      g_autoptr(HlChatwootEvent) event = hl_chatwoot_event_new_from_frame (frame, &event_error);

      g_assert ((event == NULL) != (event_error == NULL));
      if (event != NULL)
        {
          g_assert (hl_chatwoot_event_get_account_id (event) >= 0);
          g_assert (hl_chatwoot_event_get_conversation_id (event) >= 0);
          g_assert (hl_chatwoot_event_get_message_id (event) >= 0);
          g_assert (hl_chatwoot_event_get_contact_id (event) >= 0);
          g_assert (hl_chatwoot_event_kind_to_name (hl_chatwoot_event_get_kind (event)) != NULL);
        }
    }

  if (frame->identifier != NULL)
    {
      g_autofree char *subscribe = hl_cable_frame_build_subscribe (frame->identifier);
      g_autofree char *perform = hl_cable_frame_build_perform (frame->identifier, "update_presence",
                                                               frame->data);
      g_autofree char *built = hl_cable_frame_build_identifier ("RoomChannel", frame->identifier, 1, 2);

      check_command (subscribe, frame->identifier);
      check_command (perform, frame->identifier);
      g_assert (built != NULL);
    }

  return 0;
}

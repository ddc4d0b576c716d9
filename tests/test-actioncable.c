/* test-actioncable.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-backoff.h"

#include <libsoup/soup.h>
#include <string.h>

#include "hl-actioncable.h"
#include "hl-cable-frame.h"
#include "hl-chatwoot-event.h"
#include "hl-test-utils.h"

#define WAIT_FOR(cond) G_STMT_START {                                        \
    gint64 wait_end_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;        \
    while (!(cond))                                                          \
      {                                                                      \
        if (g_get_monotonic_time () > wait_end_)                             \
          g_error ("Timed out waiting for %s", #cond);                      \
        if (!g_main_context_iteration (NULL, FALSE))                         \
          g_usleep (500);                                                    \
      }                                                                      \
  } G_STMT_END

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
}

/* ---------------------------------------------------------------- frames */

static void
test_frame_valid (void)
{
  struct {
    const char       *text;
    HlCableFrameType  type;
    const char       *identifier;
    gint64            ping_time;
    const char       *reason;
    gboolean          reconnect;
    const char       *event;
    gboolean          has_data;
  } cases[] = {
    { "{\"type\":\"welcome\"}", HL_CABLE_FRAME_WELCOME },
    { " {\"type\" : \"welcome\", \"sid\": \"x\"} \n", HL_CABLE_FRAME_WELCOME },
    { "{\"type\":\"ping\",\"message\":1751364000}", HL_CABLE_FRAME_PING, NULL, 1751364000 },
    { "{\"type\":\"confirm_subscription\",\"identifier\":\"{\\\"channel\\\":\\\"RoomChannel\\\"}\"}",
      HL_CABLE_FRAME_CONFIRM_SUBSCRIPTION, "{\"channel\":\"RoomChannel\"}" },
    { "{\"type\":\"reject_subscription\",\"identifier\":\"abc\"}", HL_CABLE_FRAME_REJECT_SUBSCRIPTION, "abc" },
    { "{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}",
      HL_CABLE_FRAME_DISCONNECT, NULL, 0, "unauthorized", FALSE },
    { "{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}",
      HL_CABLE_FRAME_DISCONNECT, NULL, 0, "server_restart", TRUE },
    { "{\"type\":\"disconnect\"}", HL_CABLE_FRAME_DISCONNECT, NULL, 0, NULL, TRUE },
    { "{\"type\":\"disconnect\",\"reason\":null,\"reconnect\":null}", HL_CABLE_FRAME_DISCONNECT, NULL, 0, NULL, TRUE },
    { "{\"identifier\":\"id\",\"message\":{\"event\":\"message.created\",\"data\":{\"id\":1}}}",
      HL_CABLE_FRAME_MESSAGE, "id", 0, NULL, FALSE, "message.created", TRUE },
    { "{\"identifier\":\"id\",\"message\":{\"event\":\"x\"}}", HL_CABLE_FRAME_MESSAGE, "id", 0, NULL, FALSE, "x", FALSE },
    { "{\"identifier\":\"id\",\"message\":\"hello\"}", HL_CABLE_FRAME_MESSAGE, "id" },
    { "{\"identifier\":\"id\",\"message\":null}", HL_CABLE_FRAME_MESSAGE, "id" },
    { "{\"identifier\":\"id\",\"message\":{\"event\":7,\"data\":[]}}", HL_CABLE_FRAME_MESSAGE, "id" },
    { "{\"type\":null,\"identifier\":\"id\",\"message\":1}", HL_CABLE_FRAME_MESSAGE, "id" },
    { "{\"type\":\"something_new\",\"x\":[1,2]}", HL_CABLE_FRAME_UNKNOWN },
    { "{\"type\":\"\"}", HL_CABLE_FRAME_UNKNOWN },
    { "{\"type\":\"\\ud83d\\ude00\"}", HL_CABLE_FRAME_UNKNOWN },
    { "{\"identifier\":\"\\u00e9\\ud83d\\ude00\",\"message\":{}}", HL_CABLE_FRAME_MESSAGE, "é😀" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HlCableFrame) frame = hl_cable_frame_parse (cases[i].text, strlen (cases[i].text), &error);
      g_autoptr(HlCableFrame) copy = NULL;
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("case %u: %s", i, shown);
      g_assert_no_error (error);
      g_assert_nonnull (frame);
      g_assert_cmpint (frame->type, ==, cases[i].type);
      g_assert_cmpstr (frame->identifier, ==, cases[i].identifier);
      g_assert_cmpint (frame->ping_time, ==, cases[i].ping_time);
      g_assert_cmpstr (frame->reason, ==, cases[i].reason);
      if (frame->type == HL_CABLE_FRAME_DISCONNECT)
        g_assert_cmpint (frame->reconnect, ==, cases[i].reconnect);
      g_assert_cmpstr (frame->event, ==, cases[i].event);
      g_assert_cmpint (frame->data != NULL, ==, cases[i].has_data);
      if (frame->type == HL_CABLE_FRAME_MESSAGE)
        g_assert_nonnull (frame->message);

      copy = hl_cable_frame_copy (frame);
      g_assert_cmpint (copy->type, ==, frame->type);
      g_assert_cmpstr (copy->identifier, ==, frame->identifier);
      g_assert_cmpstr (copy->event, ==, frame->event);
    }

  g_assert_cmpstr (hl_cable_frame_type_to_string (HL_CABLE_FRAME_PING), ==, "ping");
  g_assert_cmpstr (hl_cable_frame_type_to_string (99), ==, "invalid");
}

static void
test_frame_invalid (void)
{
  struct {
    const char *text;
    gssize      length;   /* -1: strlen */
    int         code;
  } cases[] = {
    { "", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "   ", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "not json", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"type\":\"welcome\"", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"type\":\"welcome\"}}", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "[]", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "[{\"type\":\"welcome\"}]", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "42", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "\"welcome\"", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "null", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"type\":\"w\xff\"}", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"type\":\"welcome\"}\0garbage", 27, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"type\":\"\\ud800\"}", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"identifier\":\"x\",\"message\":{\"event\":\"a\",\"data\":{\"\\udc00\":1}}}", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"identifier\":\"x\",\"message\":[[\"\\ud800x\"]]}", -1, HL_CABLE_FRAME_ERROR_MALFORMED },
    { "{\"type\":5}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":[\"ping\"]}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"ping\"}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"ping\",\"message\":\"1751364000\"}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"ping\",\"message\":1.5}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"confirm_subscription\"}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"confirm_subscription\",\"identifier\":{\"channel\":\"RoomChannel\"}}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"reject_subscription\",\"identifier\":3}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"disconnect\",\"reconnect\":\"yes\"}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"type\":\"disconnect\",\"reason\":1}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"message\":{}}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"identifier\":\"id\"}", -1, HL_CABLE_FRAME_ERROR_INVALID },
    { "{\"identifier\":1,\"message\":{}}", -1, HL_CABLE_FRAME_ERROR_INVALID },
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) big = g_string_new ("{\"identifier\":\"id\",\"message\":\"");
  g_autoptr(GString) ok_deep = g_string_new ("{\"identifier\":\"id\",\"message\":");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length < 0 ? strlen (cases[i].text) : (gsize) cases[i].length;
      g_autoptr(HlCableFrame) frame = hl_cable_frame_parse (cases[i].text, length, &error);
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("case %u: %s", i, shown);
      g_assert_null (frame);
      g_assert_error (error, HL_CABLE_FRAME_ERROR, cases[i].code);
    }

  /* Nesting: refused before json-glib recurses into it; brackets in strings don't count. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HlCableFrame) frame = hl_cable_frame_parse (deep->str, deep->len, &error);

    g_assert_null (frame);
    g_assert_error (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_TOO_LARGE);
  }
  for (guint i = 0; i < HL_CABLE_FRAME_MAX_DEPTH - 1; i++)
    g_string_append (ok_deep, "[\"[[[{{{\\\"\",");
  g_string_append (ok_deep, "1");
  for (guint i = 0; i < HL_CABLE_FRAME_MAX_DEPTH - 1; i++)
    g_string_append_c (ok_deep, ']');
  g_string_append_c (ok_deep, '}');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HlCableFrame) frame = hl_cable_frame_parse (ok_deep->str, ok_deep->len, &error);

    g_assert_no_error (error);
    g_assert_cmpint (frame->type, ==, HL_CABLE_FRAME_MESSAGE);
  }

  /* Size */
  while (big->len < HL_CABLE_FRAME_MAX_SIZE)
    g_string_append (big, "xxxxxxxxxxxxxxxx");
  g_string_append (big, "\"}");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HlCableFrame) frame = hl_cable_frame_parse (big->str, big->len, &error);

    g_assert_null (frame);
    g_assert_error (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_TOO_LARGE);
  }
}

/* ---------------------------------------------------------------- commands */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_commands (void)
{
  g_autofree char *identifier = hl_cable_frame_build_identifier ("RoomChannel", "tok\"en/é", 1, 7);
  g_autofree char *contact_identifier = hl_cable_frame_build_identifier ("RoomChannel", "widget", 0, 0);
  g_autofree char *subscribe = NULL;
  g_autofree char *unsubscribe = NULL;
  g_autofree char *perform = NULL;
  g_autofree char *perform_data = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) inner = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();

  g_assert_cmpstr (identifier, ==,
                   "{\"channel\":\"RoomChannel\",\"pubsub_token\":\"tok\\\"en/é\",\"account_id\":1,\"user_id\":7}");
  g_assert_cmpstr (contact_identifier, ==, "{\"channel\":\"RoomChannel\",\"pubsub_token\":\"widget\"}");

  /* The identifier travels as a JSON string inside the JSON command. */
  subscribe = hl_cable_frame_build_subscribe (identifier);
  g_assert_cmpstr (subscribe, ==,
                   "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"RoomChannel\\\","
                   "\\\"pubsub_token\\\":\\\"tok\\\\\\\"en/é\\\",\\\"account_id\\\":1,\\\"user_id\\\":7}\"}");
  object = parse_object (subscribe);
  g_assert_cmpstr (json_object_get_string_member (object, "identifier"), ==, identifier);
  inner = parse_object (json_object_get_string_member (object, "identifier"));
  g_assert_cmpstr (json_object_get_string_member (inner, "channel"), ==, "RoomChannel");
  g_assert_cmpstr (json_object_get_string_member (inner, "pubsub_token"), ==, "tok\"en/é");
  g_assert_cmpint (json_object_get_int_member (inner, "account_id"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (inner, "user_id"), ==, 7);
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&inner, json_object_unref);

  unsubscribe = hl_cable_frame_build_unsubscribe (identifier);
  object = parse_object (unsubscribe);
  g_assert_cmpstr (json_object_get_string_member (object, "command"), ==, "unsubscribe");
  g_assert_cmpstr (json_object_get_string_member (object, "identifier"), ==, identifier);
  g_assert_false (json_object_has_member (object, "data"));
  g_clear_pointer (&object, json_object_unref);

  perform = hl_cable_frame_build_perform (identifier, "update_presence", NULL);
  g_assert_cmpstr (strstr (perform, "\"data\""), ==, "\"data\":\"{\\\"action\\\":\\\"update_presence\\\"}\"}");
  object = parse_object (perform);
  g_assert_cmpstr (json_object_get_string_member (object, "command"), ==, "message");
  g_assert_cmpstr (json_object_get_string_member (object, "identifier"), ==, identifier);
  inner = parse_object (json_object_get_string_member (object, "data"));
  g_assert_cmpstr (json_object_get_string_member (inner, "action"), ==, "update_presence");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&inner, json_object_unref);

  json_object_set_string_member (extra, "action", "sneaky");
  json_object_set_int_member (extra, "conversation_id", 42);
  perform_data = hl_cable_frame_build_perform (identifier, "typing", extra);
  object = parse_object (perform_data);
  inner = parse_object (json_object_get_string_member (object, "data"));
  g_assert_cmpstr (json_object_get_string_member (inner, "action"), ==, "typing");
  g_assert_cmpint (json_object_get_int_member (inner, "conversation_id"), ==, 42);
}

/* ---------------------------------------------------------------- events */

#define MESSAGE_DATA \
  "{\"id\":101,\"content\":\"Hello\",\"account_id\":1,\"inbox_id\":3,\"conversation_id\":42," \
  "\"message_type\":0,\"created_at\":1751364000,\"private\":false,\"status\":\"sent\"," \
  "\"sender\":{\"id\":9,\"name\":\"Ana\",\"type\":\"contact\"}," \
  "\"conversation\":{\"assignee_id\":7,\"unread_count\":1,\"last_activity_at\":1751364000}}"

#define CONVERSATION_DATA \
  "{\"id\":42,\"inbox_id\":3,\"status\":\"open\",\"account_id\":1,\"channel\":\"Channel::Api\"," \
  "\"meta\":{\"sender\":{\"id\":9,\"type\":\"contact\"},\"assignee\":null,\"team\":null}," \
  "\"performer\":{\"id\":7,\"type\":\"user\"},\"messages\":[]}"

static void
test_event_mapping (void)
{
  struct {
    const char          *name;
    const char          *data;
    HlChatwootEventKind  kind;
    gint64               account, conversation, message, contact, notification, performer;
    gboolean             is_private;
  } cases[] = {
    { "message.created", MESSAGE_DATA, HL_CHATWOOT_EVENT_MESSAGE_CREATED, 1, 42, 101, 9 },
    { "message.updated",
      "{\"id\":101,\"conversation_id\":42,\"account_id\":1,\"private\":true,"
      "\"sender\":{\"id\":7,\"type\":\"user\"},\"previous_changes\":{\"status\":[\"sent\",\"read\"]}}",
      HL_CHATWOOT_EVENT_MESSAGE_UPDATED, 1, 42, 101, 0, 0, 0, TRUE },
    { "first.reply.created", "{\"id\":5,\"conversation_id\":2}", HL_CHATWOOT_EVENT_FIRST_REPLY_CREATED, 0, 2, 5 },
    { "conversation.created", CONVERSATION_DATA, HL_CHATWOOT_EVENT_CONVERSATION_CREATED, 1, 42, 0, 9, 0, 7 },
    { "conversation.updated", CONVERSATION_DATA, HL_CHATWOOT_EVENT_CONVERSATION_UPDATED, 1, 42, 0, 9, 0, 7 },
    { "conversation.status_changed", CONVERSATION_DATA, HL_CHATWOOT_EVENT_CONVERSATION_STATUS_CHANGED, 1, 42, 0, 9, 0, 7 },
    { "conversation.read", "{\"id\":42}", HL_CHATWOOT_EVENT_CONVERSATION_READ, 0, 42 },
    { "assignee.changed", CONVERSATION_DATA, HL_CHATWOOT_EVENT_ASSIGNEE_CHANGED, 1, 42, 0, 9, 0, 7 },
    { "team.changed", "{\"id\":42,\"meta\":{}}", HL_CHATWOOT_EVENT_TEAM_CHANGED, 0, 42 },
    { "conversation.contact_changed", CONVERSATION_DATA, HL_CHATWOOT_EVENT_CONVERSATION_CONTACT_CHANGED, 1, 42, 0, 9, 0, 7 },
    { "conversation.mentioned", CONVERSATION_DATA, HL_CHATWOOT_EVENT_CONVERSATION_MENTIONED, 1, 42, 0, 9, 0, 7 },
    { "conversation.typing_on",
      "{\"conversation\":{\"id\":42},\"user\":{\"id\":9,\"type\":\"contact\"},\"is_private\":false,\"account_id\":1}",
      HL_CHATWOOT_EVENT_CONVERSATION_TYPING_ON, 1, 42, 0, 9 },
    { "conversation.typing_off",
      "{\"conversation\":{\"id\":42},\"user\":{\"id\":7,\"type\":\"user\"},\"is_private\":true}",
      HL_CHATWOOT_EVENT_CONVERSATION_TYPING_OFF, 0, 42, 0, 0, 0, 0, TRUE },
    { "conversation.unread_count_changed", "{}", HL_CHATWOOT_EVENT_CONVERSATION_UNREAD_COUNT_CHANGED },
    { "contact.created", "{\"id\":9,\"name\":\"Ana\",\"type\":\"contact\",\"account_id\":1}", HL_CHATWOOT_EVENT_CONTACT_CREATED, 1, 0, 0, 9 },
    { "contact.updated", "{\"id\":9}", HL_CHATWOOT_EVENT_CONTACT_UPDATED, 0, 0, 0, 9 },
    { "contact.merged", "{\"id\":9}", HL_CHATWOOT_EVENT_CONTACT_MERGED, 0, 0, 0, 9 },
    { "contact.deleted", "{\"id\":9,\"account_id\":1}", HL_CHATWOOT_EVENT_CONTACT_DELETED, 1, 0, 0, 9 },
    { "notification.created",
      "{\"notification\":{\"id\":77,\"notification_type\":\"conversation_assignment\"},\"unread_count\":1,\"count\":3,\"account_id\":1}",
      HL_CHATWOOT_EVENT_NOTIFICATION_CREATED, 1, 0, 0, 0, 77 },
    { "notification.updated", "{\"notification\":{\"id\":77}}", HL_CHATWOOT_EVENT_NOTIFICATION_UPDATED, 0, 0, 0, 0, 77 },
    { "notification.deleted", "{\"notification\":{\"id\":77},\"unread_count\":0,\"count\":2}", HL_CHATWOOT_EVENT_NOTIFICATION_DELETED, 0, 0, 0, 0, 77 },
    { "account.cache_invalidated", "{\"cache_keys\":{\"label\":1,\"inbox\":2,\"team\":3},\"account_id\":1}",
      HL_CHATWOOT_EVENT_ACCOUNT_CACHE_INVALIDATED, 1 },
    { "presence.update", "{\"account_id\":1,\"users\":{\"7\":\"online\"},\"contacts\":{\"9\":\"online\"}}",
      HL_CHATWOOT_EVENT_PRESENCE_UPDATE, 1 },
    { "account.enrichment_completed", "{\"account_id\":1}", HL_CHATWOOT_EVENT_ACCOUNT_ENRICHMENT_COMPLETED, 1 },
    { "copilot.message.created", "{\"id\":3}", HL_CHATWOOT_EVENT_COPILOT_MESSAGE_CREATED },
    { "voice_call.incoming", "{\"account_id\":1,\"id\":5,\"call_id\":\"CA1\",\"conversation_id\":42}",
      HL_CHATWOOT_EVENT_VOICE_CALL_INCOMING, 1, 42 },
    { "voice_call.outbound_accepted", "{}", HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_ACCEPTED },
    { "voice_call.outbound_connected", "{}", HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_CONNECTED },
    { "voice_call.ended", "{\"conversation_id\":42,\"status\":\"completed\"}", HL_CHATWOOT_EVENT_VOICE_CALL_ENDED, 0, 42 },
    { "voice_call.permission_granted", "{}", HL_CHATWOOT_EVENT_VOICE_CALL_PERMISSION_GRANTED },
    { "user:logout", "{}", HL_CHATWOOT_EVENT_UNKNOWN },
    { "something.new", "{\"id\":\"whatever\"}", HL_CHATWOOT_EVENT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) data = parse_object (cases[i].data);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlChatwootEvent) event = hl_chatwoot_event_new (cases[i].name, data, &error);

      g_test_message ("case %u: %s", i, cases[i].name);
      g_assert_no_error (error);
      g_assert_cmpint (hl_chatwoot_event_get_kind (event), ==, cases[i].kind);
      g_assert_cmpstr (hl_chatwoot_event_get_name (event), ==, cases[i].name);
      g_assert_true (hl_chatwoot_event_get_data (event) == data);
      g_assert_cmpint (hl_chatwoot_event_get_account_id (event), ==, cases[i].account);
      g_assert_cmpint (hl_chatwoot_event_get_conversation_id (event), ==, cases[i].conversation);
      g_assert_cmpint (hl_chatwoot_event_get_message_id (event), ==, cases[i].message);
      g_assert_cmpint (hl_chatwoot_event_get_contact_id (event), ==, cases[i].contact);
      g_assert_cmpint (hl_chatwoot_event_get_notification_id (event), ==, cases[i].notification);
      g_assert_cmpint (hl_chatwoot_event_get_performer_id (event), ==, cases[i].performer);
      g_assert_cmpint (hl_chatwoot_event_is_private (event), ==, cases[i].is_private);
      if (cases[i].kind != HL_CHATWOOT_EVENT_UNKNOWN)
        {
          g_assert_cmpint (hl_chatwoot_event_kind_from_name (cases[i].name), ==, cases[i].kind);
          g_assert_cmpstr (hl_chatwoot_event_kind_to_name (cases[i].kind), ==, cases[i].name);
        }
      g_assert_finalize_object (g_steal_pointer (&event));
    }
}

static void
test_event_invalid (void)
{
  struct { const char *name; const char *data; } cases[] = {
    { "message.created", "{}" },
    { "message.created", "{\"id\":101}" },
    { "message.created", "{\"conversation_id\":42}" },
    { "message.created", "{\"id\":\"101\",\"conversation_id\":42}" },
    { "message.created", "{\"id\":101,\"conversation_id\":42.5}" },
    { "message.created", "{\"id\":-1,\"conversation_id\":42}" },
    { "message.created", "{\"id\":0,\"conversation_id\":42}" },
    { "message.created", "{\"id\":101,\"conversation_id\":42,\"private\":\"no\"}" },
    { "message.created", "{\"id\":101,\"conversation_id\":42,\"sender\":[]}" },
    { "message.created", "{\"id\":101,\"conversation_id\":42,\"sender\":{\"type\":\"contact\"}}" },
    { "message.created", "{\"id\":101,\"conversation_id\":42,\"account_id\":\"1\"}" },
    { "message.created", "{\"id\":101,\"conversation_id\":42,\"performer\":7}" },
    { "conversation.created", "{\"display_id\":42}" },
    { "conversation.updated", "{\"id\":true}" },
    { "conversation.status_changed", "{\"id\":42,\"meta\":[]}" },
    { "assignee.changed", "{\"id\":42,\"meta\":{\"sender\":\"x\"}}" },
    { "team.changed", "{\"id\":42,\"meta\":{\"sender\":{\"id\":\"9\"}}}" },
    { "conversation.typing_on", "{\"user\":{}}" },
    { "conversation.typing_on", "{\"conversation\":42}" },
    { "conversation.typing_off", "{\"conversation\":{\"id\":42},\"is_private\":1}" },
    { "contact.updated", "{\"name\":\"Ana\"}" },
    { "contact.deleted", "{\"id\":null}" },
    { "notification.created", "{\"id\":77}" },
    { "notification.deleted", "{\"notification\":{}}" },
    { "account.cache_invalidated", "{}" },
    { "presence.update", "{\"users\":[]}" },
    { "voice_call.incoming", "{\"conversation_id\":\"42\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) data = parse_object (cases[i].data);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlChatwootEvent) event = hl_chatwoot_event_new (cases[i].name, data, &error);

      g_test_message ("case %u: %s %s", i, cases[i].name, cases[i].data);
      g_assert_null (event);
      g_assert_error (error, HL_CHATWOOT_EVENT_ERROR, HL_CHATWOOT_EVENT_ERROR_INVALID);
    }
}

static void
test_event_from_frame (void)
{
  const char *good = "{\"identifier\":\"id\",\"message\":{\"event\":\"message.created\",\"data\":" MESSAGE_DATA "}}";
  struct { const char *text; int code; } bad[] = {
    { "{\"type\":\"welcome\"}", HL_CHATWOOT_EVENT_ERROR_NOT_AN_EVENT },
    { "{\"identifier\":\"id\",\"message\":\"text\"}", HL_CHATWOOT_EVENT_ERROR_NOT_AN_EVENT },
    { "{\"identifier\":\"id\",\"message\":{\"data\":{}}}", HL_CHATWOOT_EVENT_ERROR_NOT_AN_EVENT },
    { "{\"identifier\":\"id\",\"message\":{\"event\":\"contact.updated\"}}", HL_CHATWOOT_EVENT_ERROR_INVALID },
    { "{\"identifier\":\"id\",\"message\":{\"event\":\"contact.updated\",\"data\":[]}}", HL_CHATWOOT_EVENT_ERROR_INVALID },
    { "{\"identifier\":\"id\",\"message\":{\"event\":\"contact.updated\",\"data\":{}}}", HL_CHATWOOT_EVENT_ERROR_INVALID },
  };
  g_autoptr(HlCableFrame) frame = hl_cable_frame_parse (good, strlen (good), NULL);
  g_autoptr(HlChatwootEvent) event = hl_chatwoot_event_new_from_frame (frame, NULL);

  g_assert_cmpint (hl_chatwoot_event_get_kind (event), ==, HL_CHATWOOT_EVENT_MESSAGE_CREATED);
  g_assert_cmpint (hl_chatwoot_event_get_message_id (event), ==, 101);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(HlCableFrame) bad_frame = hl_cable_frame_parse (bad[i].text, strlen (bad[i].text), NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlChatwootEvent) bad_event = NULL;

      g_assert_nonnull (bad_frame);
      bad_event = hl_chatwoot_event_new_from_frame (bad_frame, &error);
      g_assert_null (bad_event);
      g_assert_error (error, HL_CHATWOOT_EVENT_ERROR, bad[i].code);
    }
}

static void
test_backoff (void)
{
  g_assert_cmpuint (hl_backoff_delay (0, 1000, 30000, 0.0), ==, 500);
  g_assert_cmpuint (hl_backoff_delay (0, 1000, 30000, 1.0), ==, 1000);
  g_assert_cmpuint (hl_backoff_delay (1, 1000, 30000, 1.0), ==, 2000);
  g_assert_cmpuint (hl_backoff_delay (4, 1000, 30000, 1.0), ==, 16000);
  g_assert_cmpuint (hl_backoff_delay (5, 1000, 30000, 1.0), ==, 30000);
  g_assert_cmpuint (hl_backoff_delay (5, 1000, 30000, 0.0), ==, 15000);
  g_assert_cmpuint (hl_backoff_delay (G_MAXUINT, 1000, 30000, 0.5), <=, 30000);
  g_assert_cmpuint (hl_backoff_delay (G_MAXUINT, 1000, 30000, 0.5), >=, 15000);
  g_assert_cmpuint (hl_backoff_delay (3, 1000, 30000, 7.0), ==, 8000);

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      guint delay = hl_backoff_delay (attempt, 1000, 30000, g_random_double ());

      g_assert_cmpuint (delay, >=, 500);
      g_assert_cmpuint (delay, <=, 30000);
    }
}

/* ---------------------------------------------------------------- fake server */

/* A SoupServer on 127.0.0.1 speaking Chatwoot's side of ActionCable (API.md §11). */
typedef struct
{
  SoupServer               *server;
  char                     *url;
  SoupWebsocketConnection  *connection;   /* the latest */
  guint                     n_connections;
  guint                     n_subscribes;
  guint                     n_unsubscribes;
  guint                     n_presence;
  char                     *identifier;
  gboolean                  welcome;
  gboolean                  ping;
  gboolean                  confirm;
  gboolean                  reject;
  guint                     ping_source;
} FakeServer;

static void
server_send (FakeServer *server,
             const char *text)
{
  if (server->connection != NULL &&
      soup_websocket_connection_get_state (server->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (server->connection, text);
}

static char *
to_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
server_broadcast (FakeServer *server,
                  const char *event,
                  const char *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  g_assert_true (json_parser_load_from_data (parser, data, -1, NULL));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, server->identifier);
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  text = to_json (builder);
  server_send (server, text);
}

static void
server_send_typed (FakeServer *server,
                   const char *type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, server->identifier);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_end_object (builder);

  text = to_json (builder);
  server_send (server, text);
}

static void
on_server_message (SoupWebsocketConnection *connection,
                   int                      type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  FakeServer *server = user_data;
  g_autoptr(JsonObject) command = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  const char *name;

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  command = parse_object (text);
  name = json_object_get_string_member (command, "command");

  if (g_str_equal (name, "subscribe"))
    {
      server->n_subscribes++;
      g_free (server->identifier);
      server->identifier = g_strdup (json_object_get_string_member (command, "identifier"));

      if (server->reject)
        server_send_typed (server, "reject_subscription");
      else if (server->confirm)
        {
          server_send_typed (server, "confirm_subscription");
          /* Chatwoot pushes the presence right after subscribing. */
          server_broadcast (server, "presence.update", "{\"account_id\":1,\"users\":{\"7\":\"online\"},\"contacts\":{}}");
        }
    }
  else if (g_str_equal (name, "unsubscribe"))
    server->n_unsubscribes++;
  else if (g_str_equal (name, "message"))
    {
      g_autoptr(JsonObject) data = parse_object (json_object_get_string_member (command, "data"));

      g_assert_cmpstr (json_object_get_string_member (command, "identifier"), ==, server->identifier);
      if (g_str_equal (json_object_get_string_member (data, "action"), "update_presence"))
        server->n_presence++;
    }
  else
    g_assert_not_reached ();
}

static void
on_websocket (SoupServer              *soup_server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  FakeServer *server = user_data;

  g_assert_cmpstr (soup_websocket_connection_get_protocol (connection), ==, "actioncable-v1-json");
  /* The server's own origin */
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                 "Origin"),
                                   g_str_has_prefix (server->url, "wss:") ? "https://127.0.0.1:" : "http://127.0.0.1:"));

  if (server->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (server->connection, server);
      g_clear_object (&server->connection);
    }
  server->connection = g_object_ref (connection);
  server->n_connections++;
  g_signal_connect (connection, "message", G_CALLBACK (on_server_message), server);

  if (server->welcome)
    server_send (server, "{\"type\":\"welcome\"}");
}

static gboolean
on_server_ping (gpointer user_data)
{
  FakeServer *server = user_data;
  g_autofree char *text = NULL;

  if (server->ping)
    {
      text = g_strdup_printf ("{\"type\":\"ping\",\"message\":%" G_GINT64_FORMAT "}", g_get_real_time () / G_USEC_PER_SEC);
      server_send (server, text);
    }

  return G_SOURCE_CONTINUE;
}

/* @certificate: (nullable): serve wss:// with it */
static FakeServer *
fake_server_new_full (GTlsCertificate *certificate)
{
  static const char *protocols[] = { "actioncable-v1-json", "actioncable-unsupported", NULL };
  FakeServer *server = g_new0 (FakeServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  server->welcome = server->ping = server->confirm = TRUE;
  server->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_websocket_handler (server->server, "/cable", NULL, (char **) protocols,
                                     on_websocket, server, NULL);
  soup_server_listen_local (server->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (certificate ? SOUP_SERVER_LISTEN_HTTPS : 0), &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  server->url = g_strdup_printf ("%s://127.0.0.1:%d/cable", certificate ? "wss" : "ws", g_uri_get_port (uris->data));
  server->ping_source = g_timeout_add (50, on_server_ping, server);

  return server;
}

static FakeServer *
fake_server_new (void)
{
  return fake_server_new_full (NULL);
}

static void
fake_server_free (FakeServer *server)
{
  g_clear_handle_id (&server->ping_source, g_source_remove);
  if (server->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (server->connection, server);
      g_clear_object (&server->connection);
    }
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_free (server->url);
  g_free (server->identifier);
  g_free (server);
}

/* ---------------------------------------------------------------- end to end */

typedef struct
{
  FakeServer          *server;
  HlActionCable       *cable;
  guint                n_connected;
  guint                n_disconnected;
  guint                n_resync;
  GPtrArray           *events;
  HlActionCableReason  last_reason;
} Fixture;

static void
on_connected (HlActionCable *cable,
              Fixture       *f)
{
  f->n_connected++;
}

static void
on_disconnected (HlActionCable       *cable,
                 HlActionCableReason  reason,
                 Fixture             *f)
{
  f->n_disconnected++;
  f->last_reason = reason;
  g_assert_cmpint (hl_actioncable_get_reason (cable), ==, reason);
  g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_DISCONNECTED);
}

static void
on_resync (HlActionCable *cable,
           Fixture       *f)
{
  f->n_resync++;
  g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_SUBSCRIBED);
}

static void
on_event (HlActionCable   *cable,
          HlChatwootEvent *event,
          Fixture         *f)
{
  g_ptr_array_add (f->events, g_object_ref (event));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = fake_server_new ();
  f->events = g_ptr_array_new_with_free_func (g_object_unref);
  f->cable = hl_actioncable_new (f->server->url, NULL);
  /* back-off 50–200 ms, silence 400 ms, confirmation 300 ms, presence 100 ms */
  hl_actioncable_set_timings (f->cable, 50, 200, 400, 300, 100, 60000);
  g_signal_connect (f->cable, "connected", G_CALLBACK (on_connected), f);
  g_signal_connect (f->cable, "disconnected", G_CALLBACK (on_disconnected), f);
  g_signal_connect (f->cable, "resync-needed", G_CALLBACK (on_resync), f);
  g_signal_connect (f->cable, "event", G_CALLBACK (on_event), f);
  hl_actioncable_set_credentials (f->cable, "secret-token", 1, 7);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  hl_actioncable_stop (f->cable);
  g_assert_finalize_object (g_steal_pointer (&f->cable));
  fake_server_free (f->server);
  g_ptr_array_unref (f->events);
}

static HlChatwootEvent *
last_event (Fixture *f)
{
  g_assert_cmpuint (f->events->len, >, 0);
  return g_ptr_array_index (f->events, f->events->len - 1);
}

static void
test_e2e_session (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) identifier = NULL;
  HlChatwootEvent *event;
  guint n;

  g_assert_cmpint (hl_actioncable_get_state (f->cable), ==, HL_ACTIONCABLE_DISCONNECTED);
  hl_actioncable_start (f->cable);
  g_assert_cmpint (hl_actioncable_get_state (f->cable), ==, HL_ACTIONCABLE_CONNECTING);

  WAIT_FOR (f->n_resync == 1);
  g_assert_cmpint (hl_actioncable_get_state (f->cable), ==, HL_ACTIONCABLE_SUBSCRIBED);
  g_assert_cmpuint (f->n_connected, ==, 1);
  g_assert_cmpuint (f->server->n_subscribes, ==, 1);

  /* §11.2: RoomChannel with the token, the account and the user. */
  identifier = parse_object (f->server->identifier);
  g_assert_cmpstr (json_object_get_string_member (identifier, "channel"), ==, "RoomChannel");
  g_assert_cmpstr (json_object_get_string_member (identifier, "pubsub_token"), ==, "secret-token");
  g_assert_cmpint (json_object_get_int_member (identifier, "account_id"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (identifier, "user_id"), ==, 7);

  /* The presence pushed on subscribe */
  WAIT_FOR (f->events->len == 1);
  g_assert_cmpint (hl_chatwoot_event_get_kind (last_event (f)), ==, HL_CHATWOOT_EVENT_PRESENCE_UPDATE);

  server_broadcast (f->server, "message.created", MESSAGE_DATA);
  WAIT_FOR (f->events->len == 2);
  event = last_event (f);
  g_assert_cmpint (hl_chatwoot_event_get_kind (event), ==, HL_CHATWOOT_EVENT_MESSAGE_CREATED);
  g_assert_cmpint (hl_chatwoot_event_get_conversation_id (event), ==, 42);
  g_assert_cmpint (hl_chatwoot_event_get_message_id (event), ==, 101);
  g_assert_cmpint (hl_chatwoot_event_get_contact_id (event), ==, 9);
  g_assert_cmpint (hl_chatwoot_event_get_account_id (event), ==, 1);

  /* Garbage, broken events, other accounts, unknown frames and events: logged and dropped. */
  g_test_expect_message ("HlCable", G_LOG_LEVEL_WARNING, "Ignoring an ActionCable frame: *not JSON*");
  server_send (f->server, "{{{ garbage");
  g_test_expect_message ("HlCable", G_LOG_LEVEL_WARNING, "Ignoring an ActionCable frame: *type*");
  server_send (f->server, "{\"type\":[\"ping\"]}");
  g_test_expect_message ("HlCable", G_LOG_LEVEL_WARNING, "Ignoring a Chatwoot event: *conversation_id*");
  server_broadcast (f->server, "message.created", "{\"id\":5}");
  server_broadcast (f->server, "contact.updated", "{\"id\":10,\"account_id\":2}");
  server_broadcast (f->server, "brand.new", "{\"id\":1}");
  server_send (f->server, "{\"type\":\"future_type\"}");
  server_send (f->server, "{\"identifier\":\"{\\\"channel\\\":\\\"Other\\\"}\",\"message\":{\"event\":\"contact.updated\",\"data\":{\"id\":11}}}");
  server_send (f->server, "{\"type\":\"welcome\"}");
  server_broadcast (f->server, "contact.updated", "{\"id\":12,\"account_id\":1}");
  WAIT_FOR (f->events->len == 3);
  g_test_assert_expected_messages ();
  g_assert_cmpint (hl_chatwoot_event_get_contact_id (last_event (f)), ==, 12);
  g_assert_cmpint (hl_actioncable_get_state (f->cable), ==, HL_ACTIONCABLE_SUBSCRIBED);

  /* Presence heartbeat while subscribed */
  WAIT_FOR (f->server->n_presence >= 2);

  /* The server drops the connection: back-off, reconnect, resubscribe, resync. */
  soup_websocket_connection_close (f->server->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  WAIT_FOR (f->n_disconnected == 1);
  g_assert_cmpint (f->last_reason, ==, HL_ACTIONCABLE_REASON_SERVER_CLOSED);
  g_assert_nonnull (hl_actioncable_get_last_error (f->cable));
  g_assert_cmpuint (hl_actioncable_get_attempt (f->cable), ==, 1);
  WAIT_FOR (f->n_resync == 2);
  g_assert_cmpuint (f->server->n_connections, ==, 2);
  g_assert_cmpuint (f->server->n_subscribes, ==, 2);
  g_assert_cmpuint (f->n_connected, ==, 2);

  /* Events flow again */
  n = f->events->len;
  server_broadcast (f->server, "conversation.status_changed", CONVERSATION_DATA);
  WAIT_FOR (f->events->len > n &&
            hl_chatwoot_event_get_kind (last_event (f)) == HL_CHATWOOT_EVENT_CONVERSATION_STATUS_CHANGED);

  /* Stopping unsubscribes and stays down. */
  hl_actioncable_stop (f->cable);
  g_assert_cmpint (hl_actioncable_get_state (f->cable), ==, HL_ACTIONCABLE_DISCONNECTED);
  g_assert_cmpint (hl_actioncable_get_reason (f->cable), ==, HL_ACTIONCABLE_REASON_NONE);
  WAIT_FOR (f->server->n_unsubscribes == 1);
  spin (400);
  g_assert_cmpuint (f->server->n_connections, ==, 2);
}

static void
test_e2e_backoff_grows (Fixture       *f,
                        gconstpointer  data)
{
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_resync == 1);

  /* Each drop before the connection is stable lengthens the next delay. */
  for (guint i = 1; i <= 3; i++)
    {
      soup_websocket_connection_close (f->server->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      WAIT_FOR (f->n_disconnected == i);
      g_assert_cmpuint (hl_actioncable_get_attempt (f->cable), ==, i);
      WAIT_FOR (f->n_resync == i + 1);
    }
}

static void
test_e2e_stable_resets_backoff (Fixture       *f,
                                gconstpointer  data)
{
  hl_actioncable_set_timings (f->cable, 50, 200, 400, 300, 100, 100);
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_resync == 1);
  soup_websocket_connection_close (f->server->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  WAIT_FOR (f->n_resync == 2);
  spin (200);
  soup_websocket_connection_close (f->server->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  WAIT_FOR (f->n_disconnected == 2);
  /* reset to 0 by the stable connection, then 1 for the attempt just scheduled */
  g_assert_cmpuint (hl_actioncable_get_attempt (f->cable), ==, 1);
  WAIT_FOR (f->n_resync == 3);
}

static void
test_e2e_ping_timeout (Fixture       *f,
                       gconstpointer  data)
{
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_resync == 1);

  /* Pings keep it alive well past the 400 ms threshold. */
  spin (700);
  g_assert_cmpuint (f->n_disconnected, ==, 0);

  f->server->ping = FALSE;
  WAIT_FOR (f->n_disconnected == 1);
  g_assert_cmpint (f->last_reason, ==, HL_ACTIONCABLE_REASON_PING_TIMEOUT);

  f->server->ping = TRUE;
  WAIT_FOR (f->n_resync == 2);
  g_assert_cmpuint (f->server->n_connections, ==, 2);
}

static void
test_e2e_no_welcome (Fixture       *f,
                     gconstpointer  data)
{
  f->server->welcome = FALSE;
  f->server->ping = FALSE;
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_disconnected == 1);
  g_assert_cmpint (f->last_reason, ==, HL_ACTIONCABLE_REASON_PROTOCOL_ERROR);
  g_assert_cmpuint (f->n_connected, ==, 0);

  f->server->welcome = TRUE;
  f->server->ping = TRUE;
  WAIT_FOR (f->n_resync == 1);
}

static void
test_e2e_reject (Fixture       *f,
                 gconstpointer  data)
{
  f->server->reject = TRUE;
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_disconnected == 1);
  g_assert_cmpint (f->last_reason, ==, HL_ACTIONCABLE_REASON_AUTH_REJECTED);
  g_assert_cmpuint (f->n_connected, ==, 1);
  g_assert_cmpuint (f->n_resync, ==, 0);
  g_assert_error (hl_actioncable_get_last_error (f->cable), G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);

  /* New credentials reconnect at once. */
  f->server->reject = FALSE;
  hl_actioncable_set_credentials (f->cable, "fresh-token", 1, 7);
  g_assert_cmpint (hl_actioncable_get_state (f->cable), ==, HL_ACTIONCABLE_CONNECTING);
  WAIT_FOR (f->n_resync == 1);
  g_assert_nonnull (strstr (f->server->identifier, "fresh-token"));
}

static void
test_e2e_no_confirm (Fixture       *f,
                     gconstpointer  data)
{
  /* Chatwoot sends nothing on a bad token (API.md §11.2). */
  f->server->confirm = FALSE;
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_disconnected == 1);
  g_assert_cmpint (f->last_reason, ==, HL_ACTIONCABLE_REASON_AUTH_REJECTED);
  g_assert_cmpuint (f->server->n_subscribes, ==, 1);
  g_assert_cmpuint (f->n_resync, ==, 0);

  /* It retries, after the longest delay. */
  f->server->confirm = TRUE;
  WAIT_FOR (f->n_resync == 1);
  g_assert_cmpuint (f->server->n_connections, ==, 2);
}

static void
test_e2e_disconnect_frame (Fixture       *f,
                           gconstpointer  data)
{
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_resync == 1);

  server_send (f->server, "{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}");
  WAIT_FOR (f->n_disconnected == 1);
  g_assert_cmpint (f->last_reason, ==, HL_ACTIONCABLE_REASON_SERVER_CLOSED);
  WAIT_FOR (f->n_resync == 2);

  server_send (f->server, "{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
  WAIT_FOR (f->n_disconnected == 2);
  g_assert_cmpint (f->last_reason, ==, HL_ACTIONCABLE_REASON_AUTH_REJECTED);
  spin (500);
  g_assert_cmpuint (f->server->n_connections, ==, 2);
  g_assert_cmpint (hl_actioncable_get_state (f->cable), ==, HL_ACTIONCABLE_DISCONNECTED);

  /* Until the owner starts it again */
  hl_actioncable_start (f->cable);
  WAIT_FOR (f->n_resync == 3);
}

static void
test_e2e_not_cable (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) url = g_string_new (f->server->url);
  g_autoptr(HlActionCable) cable = NULL;
  Fixture g = { 0, };

  /* A plain HTTP 404 where the cable should be */
  g_string_replace (url, "/cable", "/nothing", 1);
  cable = hl_actioncable_new (url->str, NULL);
  g.events = g_ptr_array_new_with_free_func (g_object_unref);
  hl_actioncable_set_timings (cable, 50, 200, 400, 300, 100, 60000);
  g_signal_connect (cable, "disconnected", G_CALLBACK (on_disconnected), &g);
  hl_actioncable_set_credentials (cable, "secret-token", 1, 7);
  hl_actioncable_start (cable);
  WAIT_FOR (g.n_disconnected == 1);
  g_assert_cmpint (g.last_reason, ==, HL_ACTIONCABLE_REASON_PROTOCOL_ERROR);
  hl_actioncable_stop (cable);
  g_assert_finalize_object (g_steal_pointer (&cable));
  g_ptr_array_unref (g.events);
}

static void
test_e2e_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HlActionCable) cable = NULL;
  g_autofree char *url = NULL;
  Fixture g = { 0, };
  guint16 port;

  /* A port that was free a moment ago: nothing listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  url = g_strdup_printf ("ws://127.0.0.1:%u/cable", port);
  cable = hl_actioncable_new (url, NULL);
  hl_actioncable_set_timings (cable, 50, 200, 400, 300, 100, 60000);
  g_signal_connect (cable, "disconnected", G_CALLBACK (on_disconnected), &g);
  hl_actioncable_set_credentials (cable, "secret-token", 1, 7);
  hl_actioncable_start (cable);
  WAIT_FOR (g.n_disconnected == 2);
  g_assert_cmpint (g.last_reason, ==, HL_ACTIONCABLE_REASON_OFFLINE);
  g_assert_cmpuint (hl_actioncable_get_attempt (cable), ==, 2);
  hl_actioncable_stop (cable);
  g_assert_finalize_object (g_steal_pointer (&cable));
}

/* A self-signed certificate (tests/fixtures/tls) is refused, unless it is the one the agent chose
 * to trust for this server. */
static void
test_e2e_trusted_certificate (void)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "fixtures", "tls", "localhost-cert.pem", NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "fixtures", "tls", "localhost-key.pem", NULL);
  g_autoptr(GTlsCertificate) server_cert = NULL;
  g_autoptr(GTlsCertificate) public_cert = NULL;
  g_autoptr(HlActionCable) cable = NULL;
  g_autoptr(GError) error = NULL;
  FakeServer *server;
  Fixture g = { 0, };

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }

  server_cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  public_cert = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  server = fake_server_new_full (server_cert);
  g.events = g_ptr_array_new_with_free_func (g_object_unref);

  cable = hl_actioncable_new (server->url, NULL);
  /* a TLS handshake takes longer than the plain tests' watchdog allows under sanitizers */
  hl_actioncable_set_timings (cable, 50, 200, 5000, 5000, 100, 60000);
  g_signal_connect (cable, "disconnected", G_CALLBACK (on_disconnected), &g);
  g_signal_connect (cable, "resync-needed", G_CALLBACK (on_resync), &g);
  hl_actioncable_set_credentials (cable, "secret-token", 1, 7);
  hl_actioncable_start (cable);
  WAIT_FOR (g.n_disconnected == 1);
  g_assert_cmpint (g.last_reason, ==, HL_ACTIONCABLE_REASON_TLS_ERROR);
  g_assert_cmpuint (server->n_connections, ==, 0);

  hl_actioncable_stop (cable);
  hl_actioncable_set_trusted_certificate (cable, public_cert);
  hl_actioncable_start (cable);
  WAIT_FOR (g.n_resync == 1);
  g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_SUBSCRIBED);

  hl_actioncable_stop (cable);
  g_assert_finalize_object (g_steal_pointer (&cable));
  fake_server_free (server);
  g_ptr_array_unref (g.events);
}

static void
test_network_monitor (void)
{
  g_autoptr(GNetworkMonitor) monitor = hl_test_network_monitor_new (FALSE);
  g_autoptr(HlActionCable) cable = NULL;

  /* Not loopback, so the monitor decides; the name never resolves (RFC 2606). */
  cable = hl_actioncable_new ("wss://chat.helpline.invalid/cable", G_NETWORK_MONITOR (monitor));
  hl_actioncable_set_timings (cable, 50, 5000, 400, 300, 100, 60000);
  hl_actioncable_set_credentials (cable, "secret-token", 1, 7);

  /* Offline: no attempt now; the next one only after the longest delay (2.5–5 s here). */
  hl_actioncable_start (cable);
  g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_DISCONNECTED);
  g_assert_cmpint (hl_actioncable_get_reason (cable), ==, HL_ACTIONCABLE_REASON_OFFLINE);
  spin (300);
  g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_DISCONNECTED);
  g_assert_cmpuint (hl_actioncable_get_attempt (cable), ==, 0);

  /* The network comes back: an attempt at once. */
  hl_test_network_monitor_set_available (monitor, TRUE);
  g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_CONNECTING);

  /* Disposing in the middle of the attempt cancels it; its callback finds nothing to touch. */
  g_assert_finalize_object (g_steal_pointer (&cable));
  spin (200);
}

static void
test_bad_url (void)
{
  const char *urls[] = { "ftp://chat.example.com/cable", "not a url", "wss:///cable", "" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(HlActionCable) cable = hl_actioncable_new (urls[i], NULL);

      hl_actioncable_set_credentials (cable, "secret-token", 1, 7);
      hl_actioncable_start (cable);
      g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_DISCONNECTED);
      g_assert_cmpint (hl_actioncable_get_reason (cable), ==, HL_ACTIONCABLE_REASON_PROTOCOL_ERROR);
      g_assert_error (hl_actioncable_get_last_error (cable), G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      spin (100);
      g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_DISCONNECTED);
      g_assert_finalize_object (g_steal_pointer (&cable));
    }
}

static void
test_dispose_while_connecting (void)
{
  FakeServer *server = fake_server_new ();
  HlActionCable *cable = hl_actioncable_new (server->url, NULL);

  hl_actioncable_set_credentials (cable, "secret-token", 1, 7);
  hl_actioncable_start (cable);
  g_assert_cmpint (hl_actioncable_get_state (cable), ==, HL_ACTIONCABLE_CONNECTING);
  g_assert_finalize_object (cable);
  spin (200);

  fake_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/actioncable/frame/valid", test_frame_valid);
  g_test_add_func ("/actioncable/frame/invalid", test_frame_invalid);
  g_test_add_func ("/actioncable/commands", test_commands);
  g_test_add_func ("/actioncable/event/mapping", test_event_mapping);
  g_test_add_func ("/actioncable/event/invalid", test_event_invalid);
  g_test_add_func ("/actioncable/event/from-frame", test_event_from_frame);
  g_test_add_func ("/actioncable/backoff", test_backoff);
  g_test_add_func ("/actioncable/e2e/trusted-certificate", test_e2e_trusted_certificate);
  g_test_add ("/actioncable/e2e/session", Fixture, NULL, fixture_set_up, test_e2e_session, fixture_tear_down);
  g_test_add ("/actioncable/e2e/backoff-grows", Fixture, NULL, fixture_set_up, test_e2e_backoff_grows, fixture_tear_down);
  g_test_add ("/actioncable/e2e/stable-resets-backoff", Fixture, NULL, fixture_set_up, test_e2e_stable_resets_backoff, fixture_tear_down);
  g_test_add ("/actioncable/e2e/ping-timeout", Fixture, NULL, fixture_set_up, test_e2e_ping_timeout, fixture_tear_down);
  g_test_add ("/actioncable/e2e/no-welcome", Fixture, NULL, fixture_set_up, test_e2e_no_welcome, fixture_tear_down);
  g_test_add ("/actioncable/e2e/reject", Fixture, NULL, fixture_set_up, test_e2e_reject, fixture_tear_down);
  g_test_add ("/actioncable/e2e/no-confirm", Fixture, NULL, fixture_set_up, test_e2e_no_confirm, fixture_tear_down);
  g_test_add ("/actioncable/e2e/disconnect-frame", Fixture, NULL, fixture_set_up, test_e2e_disconnect_frame, fixture_tear_down);
  g_test_add ("/actioncable/e2e/not-cable", Fixture, NULL, fixture_set_up, test_e2e_not_cable, fixture_tear_down);
  g_test_add_func ("/actioncable/e2e/refused", test_e2e_refused);
  g_test_add_func ("/actioncable/network-monitor", test_network_monitor);
  g_test_add_func ("/actioncable/bad-url", test_bad_url);
  g_test_add_func ("/actioncable/dispose-while-connecting", test_dispose_while_connecting);

  return g_test_run ();
}

/* hl-cable-frame.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCable"

#include "config.h"

#include <string.h>

#include "hl-cable-frame.h"

/* The ActionCable wire format (Rails actioncable-v1-json), as Chatwoot speaks it (shared/specs/
 * chatwoot/API.md §11): every frame is one JSON object. Server frames carry a "type" (welcome,
 * ping, confirm_subscription, reject_subscription, disconnect), except channel broadcasts, which
 * are {"identifier": "<string>", "message": <any JSON>}. Client commands name the subscription by
 * an identifier that is itself a JSON document serialised into a string.
 *
 * The bytes come from the network, so nothing here trusts them: size and nesting are bounded
 * before json-glib sees them, every member is type-checked, and error messages never quote the
 * frame (identifiers hold the pubsub_token, a secret). */

G_DEFINE_QUARK (hl-cable-frame-error-quark, hl_cable_frame_error)
G_DEFINE_BOXED_TYPE (HlCableFrame, hl_cable_frame, hl_cable_frame_copy, hl_cable_frame_free)

static const char * const type_names[] = {
  [HL_CABLE_FRAME_UNKNOWN] = "unknown",
  [HL_CABLE_FRAME_WELCOME] = "welcome",
  [HL_CABLE_FRAME_PING] = "ping",
  [HL_CABLE_FRAME_CONFIRM_SUBSCRIPTION] = "confirm_subscription",
  [HL_CABLE_FRAME_REJECT_SUBSCRIPTION] = "reject_subscription",
  [HL_CABLE_FRAME_DISCONNECT] = "disconnect",
  [HL_CABLE_FRAME_MESSAGE] = "message",
};

const char *
hl_cable_frame_type_to_string (HlCableFrameType type)
{
  if ((guint) type >= G_N_ELEMENTS (type_names))
    return "invalid";

  return type_names[type];
}

void
hl_cable_frame_free (HlCableFrame *frame)
{
  if (frame == NULL)
    return;

  g_free (frame->type_name);
  g_free (frame->identifier);
  g_free (frame->reason);
  g_clear_pointer (&frame->message, json_node_unref);
  g_free (frame->event);
  g_clear_pointer (&frame->data, json_object_unref);
  g_free (frame);
}

HlCableFrame *
hl_cable_frame_copy (const HlCableFrame *frame)
{
  HlCableFrame *copy;

  g_return_val_if_fail (frame != NULL, NULL);

  copy = g_new0 (HlCableFrame, 1);
  copy->type = frame->type;
  copy->type_name = g_strdup (frame->type_name);
  copy->identifier = g_strdup (frame->identifier);
  copy->ping_time = frame->ping_time;
  copy->reason = g_strdup (frame->reason);
  copy->reconnect = frame->reconnect;
  copy->message = frame->message ? json_node_ref (frame->message) : NULL;
  copy->event = g_strdup (frame->event);
  copy->data = frame->data ? json_object_ref (frame->data) : NULL;

  return copy;
}

/* Bounds the nesting depth of @text without parsing it: brackets inside strings don't count. */
static gboolean
check_depth (const char *text,
             gsize       length,
             guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* json-glib turns escapes such as a lone "\ud800" into bytes that are not UTF-8; refuse those
 * anywhere in the tree, member names included, so that no consumer ever sees them. The depth is
 * already bounded by check_depth(). */
static gboolean
node_is_utf8 (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (!g_utf8_validate (name, -1, NULL) || !node_is_utf8 (member))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        for (guint i = 0; i < n; i++)
          {
            if (!node_is_utf8 (json_array_get_element (array, i)))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static gboolean
invalid (GError     **error,
         const char  *type,
         const char  *member,
         const char  *expected)
{
  g_set_error (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_INVALID,
               "ActionCable %s frame: “%s” must be %s", type, member, expected);
  return FALSE;
}

/* Looks up a string member. A missing or null member gives NULL, and is an error only if
 * @required; any other type is an error. */
static gboolean
get_string (JsonObject  *object,
            const char  *type,
            const char  *member,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? invalid (error, type, member, "a string") : TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, type, member, "a string");

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
parse_ping (HlCableFrame  *frame,
            JsonObject    *root,
            GError       **error)
{
  JsonNode *node = json_object_get_member (root, "message");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, "ping", "message", "an integer timestamp");

  frame->ping_time = json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_subscription (HlCableFrame  *frame,
                    JsonObject    *root,
                    GError       **error)
{
  const char *identifier;

  if (!get_string (root, frame->type_name, "identifier", TRUE, &identifier, error))
    return FALSE;

  frame->identifier = g_strdup (identifier);
  return TRUE;
}

static gboolean
parse_disconnect (HlCableFrame  *frame,
                  JsonObject    *root,
                  GError       **error)
{
  const char *reason;
  JsonNode *node;

  if (!get_string (root, "disconnect", "reason", FALSE, &reason, error))
    return FALSE;
  frame->reason = g_strdup (reason);

  /* Rails always sends "reconnect"; when it is missing, behave like the Rails JS client, which
   * reconnects unless told not to. */
  frame->reconnect = TRUE;
  node = json_object_get_member (root, "reconnect");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return invalid (error, "disconnect", "reconnect", "a boolean");
      frame->reconnect = json_node_get_boolean (node);
    }

  return TRUE;
}

static gboolean
parse_message (HlCableFrame  *frame,
               JsonObject    *root,
               GError       **error)
{
  const char *identifier;
  JsonNode *message;

  if (!get_string (root, "message", "identifier", TRUE, &identifier, error))
    return FALSE;

  message = json_object_get_member (root, "message");
  if (message == NULL)
    return invalid (error, "message", "message", "present");

  frame->identifier = g_strdup (identifier);
  frame->message = json_node_ref (message);

  /* The event envelope of API.md §11.4; anything else stays a bare message for the caller to
   * refuse. */
  if (JSON_NODE_HOLDS_OBJECT (message))
    {
      JsonObject *envelope = json_node_get_object (message);
      JsonNode *event = json_object_get_member (envelope, "event");
      JsonNode *data = json_object_get_member (envelope, "data");

      if (event != NULL && JSON_NODE_HOLDS_VALUE (event) &&
          json_node_get_value_type (event) == G_TYPE_STRING)
        frame->event = g_strdup (json_node_get_string (event));
      if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
        frame->data = json_object_ref (json_node_get_object (data));
    }

  return TRUE;
}

/**
 * hl_cable_frame_parse:
 * @text: the payload of one WebSocket text frame; need not be nul-terminated
 * @length: its length in bytes
 * @error: return location for an #HL_CABLE_FRAME_ERROR
 *
 * Parses a server frame. Frames of a type this client doesn't know parse as
 * %HL_CABLE_FRAME_UNKNOWN rather than failing, so a newer server is no error.
 *
 * Returns: (transfer full) (nullable): the frame, or %NULL with @error set
 */
HlCableFrame *
hl_cable_frame_parse (const char  *text,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(HlCableFrame) frame = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *type_name;
  JsonObject *root;
  JsonNode *node;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > HL_CABLE_FRAME_MAX_SIZE)
    {
      g_set_error (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_TOO_LARGE,
                   "ActionCable frame of %" G_GSIZE_FORMAT " bytes is over the limit of %u",
                   length, (guint) HL_CABLE_FRAME_MAX_SIZE);
      return NULL;
    }

  /* Also refuses embedded nul bytes. */
  if (length == 0 || !g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_MALFORMED,
                           length == 0 ? "Empty ActionCable frame"
                                       : "ActionCable frame is not valid UTF-8");
      return NULL;
    }

  if (!check_depth (text, length, HL_CABLE_FRAME_MAX_DEPTH))
    {
      g_set_error (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_TOO_LARGE,
                   "ActionCable frame nests deeper than %u levels", (guint) HL_CABLE_FRAME_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      g_set_error (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_MALFORMED,
                   "ActionCable frame is not JSON: %s", local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_MALFORMED,
                           "ActionCable frame is not a JSON object");
      return NULL;
    }
  if (!node_is_utf8 (node))
    {
      g_set_error_literal (error, HL_CABLE_FRAME_ERROR, HL_CABLE_FRAME_ERROR_MALFORMED,
                           "ActionCable frame holds a string that is not valid Unicode");
      return NULL;
    }
  root = json_node_get_object (node);

  frame = g_new0 (HlCableFrame, 1);

  if (!get_string (root, "server", "type", FALSE, &type_name, error))
    return NULL;

  if (type_name == NULL)
    {
      frame->type = HL_CABLE_FRAME_MESSAGE;
      if (!parse_message (frame, root, error))
        return NULL;
      return g_steal_pointer (&frame);
    }

  frame->type_name = g_strdup (type_name);
  frame->type = HL_CABLE_FRAME_UNKNOWN;
  for (guint i = HL_CABLE_FRAME_WELCOME; i < HL_CABLE_FRAME_MESSAGE; i++)
    {
      if (g_str_equal (type_name, type_names[i]))
        frame->type = i;
    }

  switch (frame->type)
    {
    case HL_CABLE_FRAME_PING:
      if (!parse_ping (frame, root, error))
        return NULL;
      break;

    case HL_CABLE_FRAME_CONFIRM_SUBSCRIPTION:
    case HL_CABLE_FRAME_REJECT_SUBSCRIPTION:
      if (!parse_subscription (frame, root, error))
        return NULL;
      break;

    case HL_CABLE_FRAME_DISCONNECT:
      if (!parse_disconnect (frame, root, error))
        return NULL;
      break;

    case HL_CABLE_FRAME_WELCOME:
    case HL_CABLE_FRAME_UNKNOWN:
    case HL_CABLE_FRAME_MESSAGE:
    default:
      break;
    }

  return g_steal_pointer (&frame);
}

static char *
generate (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * hl_cable_frame_build_identifier:
 * @channel: the channel class, "RoomChannel" for Chatwoot
 * @pubsub_token: the profile's pubsub_token
 * @account_id: the account to stream, or 0 to leave it out
 * @user_id: the profile's user id, or 0 to leave it out (then Chatwoot takes the token for a
 *   contact's widget token)
 *
 * Builds the identifier of API.md §11.2: a JSON object, as a string. The keys come in a fixed
 * order so the same subscription always has the same identifier.
 *
 * Returns: (transfer full): the identifier
 */
char *
hl_cable_frame_build_identifier (const char *channel,
                                 const char *pubsub_token,
                                 gint64      account_id,
                                 gint64      user_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (channel != NULL && g_utf8_validate (channel, -1, NULL), NULL);
  g_return_val_if_fail (pubsub_token != NULL && g_utf8_validate (pubsub_token, -1, NULL), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, channel);
  json_builder_set_member_name (builder, "pubsub_token");
  json_builder_add_string_value (builder, pubsub_token);
  if (account_id > 0)
    {
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_int_value (builder, account_id);
    }
  if (user_id > 0)
    {
      json_builder_set_member_name (builder, "user_id");
      json_builder_add_int_value (builder, user_id);
    }
  json_builder_end_object (builder);

  return generate (builder);
}

static char *
build_command (const char *command,
               const char *identifier,
               const char *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, identifier);
  if (data != NULL)
    {
      json_builder_set_member_name (builder, "data");
      json_builder_add_string_value (builder, data);
    }
  json_builder_end_object (builder);

  return generate (builder);
}

/**
 * hl_cable_frame_build_subscribe:
 * @identifier: from hl_cable_frame_build_identifier()
 *
 * Returns: (transfer full): the text of a subscribe command
 */
char *
hl_cable_frame_build_subscribe (const char *identifier)
{
  g_return_val_if_fail (identifier != NULL && g_utf8_validate (identifier, -1, NULL), NULL);

  return build_command ("subscribe", identifier, NULL);
}

/**
 * hl_cable_frame_build_unsubscribe:
 * @identifier: from hl_cable_frame_build_identifier()
 *
 * Returns: (transfer full): the text of an unsubscribe command
 */
char *
hl_cable_frame_build_unsubscribe (const char *identifier)
{
  g_return_val_if_fail (identifier != NULL && g_utf8_validate (identifier, -1, NULL), NULL);

  return build_command ("unsubscribe", identifier, NULL);
}

/**
 * hl_cable_frame_build_perform:
 * @identifier: from hl_cable_frame_build_identifier()
 * @action: the channel method to call, e.g. "update_presence"
 * @data: (nullable): more arguments for the action; an "action" member in it is overridden
 *
 * Builds a "message" command that calls @action on the channel. Like the identifier, its "data"
 * is a JSON object serialised into a string.
 *
 * Returns: (transfer full): the text of the command
 */
char *
hl_cable_frame_build_perform (const char *identifier,
                              const char *action,
                              JsonObject *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *payload = NULL;

  g_return_val_if_fail (identifier != NULL && g_utf8_validate (identifier, -1, NULL), NULL);
  g_return_val_if_fail (action != NULL && g_utf8_validate (action, -1, NULL), NULL);

  json_builder_begin_object (builder);
  if (data != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, data);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (g_str_equal (name, "action"))
            continue;
          json_builder_set_member_name (builder, name);
          json_builder_add_value (builder, json_node_copy (value));
        }
    }
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_end_object (builder);

  payload = generate (builder);
  return build_command ("message", identifier, payload);
}

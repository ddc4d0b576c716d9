/* hl-chatwoot-json.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwoot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hl-backend-error.h"
#include "hl-chatwoot-json.h"

/* Times beyond the year 9999 are not times. */
#define MAX_TIME G_GINT64_CONSTANT (253402300799)

struct _HlChatwootContext
{
  gint64      phone_inbox_id;
  gint64      my_user_id;
  GHashTable *inboxes;   /* gint64* → Inbox */
};

typedef struct
{
  gint64  id;
  char   *name;
  char   *channel_type;
} Inbox;

/* Field access with the path of the field for error messages. ---------------------------------- */

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *member,
      const char  *problem)
{
  g_autofree char *where = NULL;

  if (member == NULL)
    where = g_strdup (path && *path ? path : "(top)");
  else if (path == NULL || *path == '\0')
    where = g_strdup (member);
  else
    where = g_strdup_printf ("%s.%s", path, member);

  /* Translators: the first %s is a field path such as data.payload[3].status, the second what was wrong */
  g_set_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED,
               _("The server sent unexpected data: %s: %s"), where, problem);
  return FALSE;
}

static char *
join_path (const char *path,
           const char *member)
{
  if (path == NULL || *path == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", path, member);
}

static char *
index_path (const char *path,
            guint       i)
{
  return g_strdup_printf ("%s[%u]", path ? path : "", i);
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_is_type (JsonNode *node,
              GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_member (object, name);
}

static gboolean
get_object (JsonObject  *object,
            const char  *path,
            const char  *name,
            gboolean     required,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node_is_null (node))
    return required ? fail (error, path, name, _("missing")) : TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, path, name, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *path,
           const char  *name,
           gboolean     required,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node_is_null (node))
    return required ? fail (error, path, name, _("missing")) : TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, path, name, _("expected an array"));
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *path,
         const char  *name,
         gboolean     required,
         gint64       min,
         gint64       max,
         gint64       fallback,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = member (object, name);
  gint64 value;

  *out = fallback;
  if (node_is_null (node))
    return required ? fail (error, path, name, _("missing")) : TRUE;
  if (!node_is_type (node, G_TYPE_INT64))
    return fail (error, path, name, _("expected an integer"));
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (error, path, name, _("number out of range"));
  *out = value;
  return TRUE;
}

static gboolean
get_id (JsonObject  *object,
        const char  *path,
        const char  *name,
        gboolean     required,
        gint64      *out,
        GError     **error)
{
  return get_int (object, path, name, required, 1, G_MAXINT64, 0, out, error);
}

static gboolean
get_bool (JsonObject  *object,
          const char  *path,
          const char  *name,
          gboolean     fallback,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = member (object, name);

  *out = fallback;
  if (node_is_null (node))
    return TRUE;
  if (!node_is_type (node, G_TYPE_BOOLEAN))
    return fail (error, path, name, _("expected true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A string member copied into @strings (NULL when absent or null, or an error when @required). */
static gboolean
get_string (JsonObject    *object,
            const char    *path,
            const char    *name,
            gboolean       required,
            GStringChunk  *strings,
            const char   **out,
            GError       **error)
{
  JsonNode *node = member (object, name);
  const char *value;

  *out = NULL;
  if (node_is_null (node))
    return required ? fail (error, path, name, _("missing")) : TRUE;
  if (!node_is_type (node, G_TYPE_STRING))
    return fail (error, path, name, _("expected a string"));
  value = json_node_get_string (node);
  if (!g_utf8_validate (value, -1, NULL))
    return fail (error, path, name, _("not valid UTF-8"));
  *out = g_string_chunk_insert (strings, value);
  return TRUE;
}

/* A string without copying it, for enum values. */
static gboolean
peek_string (JsonObject  *object,
             const char  *path,
             const char  *name,
             gboolean     required,
             const char **out,
             GError     **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node_is_null (node))
    return required ? fail (error, path, name, _("missing")) : TRUE;
  if (!node_is_type (node, G_TYPE_STRING))
    return fail (error, path, name, _("expected a string"));
  *out = json_node_get_string (node);
  return TRUE;
}

/* Epoch seconds (an integer, or a float like updated_at), an ISO 8601 string (Rails times such
 * as snoozed_until), or a string of digits; null and 0 mean "none" (0). */
gboolean
hl_chatwoot_json_parse_time (JsonNode *node,
                             gint64   *out)
{
  *out = 0;

  if (node_is_null (node))
    return TRUE;

  if (node_is_type (node, G_TYPE_INT64))
    {
      gint64 value = json_node_get_int (node);

      if (value < 0 || value > MAX_TIME)
        return FALSE;
      *out = value;
      return TRUE;
    }

  if (node_is_type (node, G_TYPE_DOUBLE))
    {
      double value = json_node_get_double (node);

      if (!isfinite (value) || value < 0 || value > (double) MAX_TIME)
        return FALSE;
      *out = (gint64) value;
      return TRUE;
    }

  if (node_is_type (node, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (node);
      g_autoptr(GTimeZone) utc = NULL;
      g_autoptr(GDateTime) time = NULL;
      gboolean digits = *text != '\0';

      if (*text == '\0')
        return TRUE;

      for (const char *p = text; *p; p++)
        digits = digits && g_ascii_isdigit (*p);

      if (digits)
        {
          guint64 value;

          if (!g_ascii_string_to_unsigned (text, 10, 0, MAX_TIME, &value, NULL))
            return FALSE;
          *out = (gint64) value;
          return TRUE;
        }

      utc = g_time_zone_new_utc ();
      if ((time = g_date_time_new_from_iso8601 (text, utc)) == NULL)
        return FALSE;
      *out = MAX (0, g_date_time_to_unix (time));
      return TRUE;
    }

  return FALSE;
}

static gboolean
get_time (JsonObject  *object,
          const char  *path,
          const char  *name,
          gboolean     required,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = member (object, name);

  *out = 0;
  if (node_is_null (node) && required)
    return fail (error, path, name, _("missing"));
  if (!hl_chatwoot_json_parse_time (node, out))
    return fail (error, path, name, _("expected a time"));
  return TRUE;
}

/* A JSON value stored as text (custom attributes, attachments). */
static const char *
to_json_text (GStringChunk *strings,
              JsonNode     *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return g_string_chunk_insert (strings, text);
}

static char *
remote_id (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static const char *
chunk_remote_id (GStringChunk *strings,
                 gint64        id)
{
  g_autofree char *text = remote_id (id);

  return g_string_chunk_insert (strings, text);
}

/* The object at @node, or an error naming @path. */
static JsonObject *
as_object (JsonNode    *node,
           const char  *path,
           GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, path, NULL, _("expected an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

/* Context --------------------------------------------------------------------------------------- */

static void
inbox_free (gpointer data)
{
  Inbox *inbox = data;

  g_free (inbox->name);
  g_free (inbox->channel_type);
  g_free (inbox);
}

HlChatwootContext *
hl_chatwoot_context_new (gint64 phone_inbox_id,
                         gint64 my_user_id)
{
  HlChatwootContext *ctx = g_new0 (HlChatwootContext, 1);

  ctx->phone_inbox_id = phone_inbox_id;
  ctx->my_user_id = my_user_id;
  ctx->inboxes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, inbox_free);

  return ctx;
}

void
hl_chatwoot_context_free (HlChatwootContext *ctx)
{
  if (ctx == NULL)
    return;

  g_hash_table_unref (ctx->inboxes);
  g_free (ctx);
}

void
hl_chatwoot_context_add_inbox (HlChatwootContext *ctx,
                               gint64             inbox_id,
                               const char        *name,
                               const char        *channel_type)
{
  Inbox *inbox;

  g_return_if_fail (ctx != NULL);

  inbox = g_new0 (Inbox, 1);
  inbox->id = inbox_id;
  inbox->name = g_strdup (name);
  inbox->channel_type = g_strdup (channel_type);
  g_hash_table_replace (ctx->inboxes, &inbox->id, inbox);
}

/* Reads GET …/inboxes ({"payload":[inbox…]}, §4) into @ctx. */
gboolean
hl_chatwoot_context_add_inboxes (HlChatwootContext  *ctx,
                                 JsonNode           *root,
                                 GError            **error)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
  JsonObject *object;
  JsonArray *payload;

  g_return_val_if_fail (ctx != NULL, FALSE);

  if (!(object = as_object (root, "", error)) ||
      !get_array (object, "", "payload", TRUE, &payload, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (payload); i++)
    {
      g_autofree char *path = index_path ("payload", i);
      JsonObject *inbox;
      const char *name, *channel_type;
      gint64 id;

      if (!(inbox = as_object (json_array_get_element (payload, i), path, error)) ||
          !get_id (inbox, path, "id", TRUE, &id, error) ||
          !get_string (inbox, path, "name", FALSE, strings, &name, error) ||
          !get_string (inbox, path, "channel_type", TRUE, strings, &channel_type, error))
        return FALSE;

      hl_chatwoot_context_add_inbox (ctx, id, name, channel_type);
    }

  return TRUE;
}

const char *
hl_chatwoot_context_get_inbox_name (const HlChatwootContext *ctx,
                                    gint64                   inbox_id)
{
  Inbox *inbox;

  g_return_val_if_fail (ctx != NULL, NULL);

  inbox = g_hash_table_lookup (ctx->inboxes, &inbox_id);
  return inbox ? inbox->name : NULL;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The ids of the inboxes of one channel type ("Channel::Api" for call logs), in ascending order. */
GArray *
hl_chatwoot_context_get_inbox_ids (const HlChatwootContext *ctx,
                                   const char              *channel_type)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  Inbox *inbox;

  g_return_val_if_fail (ctx != NULL, ids);

  g_hash_table_iter_init (&iter, ctx->inboxes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &inbox))
    if (g_strcmp0 (inbox->channel_type, channel_type) == 0)
      g_array_append_val (ids, inbox->id);

  g_array_sort (ids, compare_ids);
  return ids;
}

/* Email inboxes are email; every other channel (web widget, API, WhatsApp, SMS, social) is chat.
 * Phone is decided by the inbox, not the type: the API-channel inbox that receives call logs. */
HlChannel
hl_chatwoot_channel_from_type (const char *channel_type)
{
  if (g_strcmp0 (channel_type, "Channel::Email") == 0)
    return HL_CHANNEL_EMAIL;

  return HL_CHANNEL_CHAT;
}

/* Contacts (§5.1) -------------------------------------------------------------------------------- */

void
hl_chatwoot_contact_free (HlChatwootContact *contact)
{
  if (contact == NULL)
    return;

  g_string_chunk_free (contact->strings);
  g_free (contact);
}

static HlChatwootContact *
map_contact (JsonObject  *object,
             const char  *path,
             GError     **error)
{
  g_autoptr(HlChatwootContact) contact = g_new0 (HlChatwootContact, 1);
  GStringChunk *s;
  JsonObject *additional, *custom;
  JsonNode *custom_node;
  g_autofree char *additional_path = join_path (path, "additional_attributes");

  s = contact->strings = g_string_chunk_new (256);

  if (!get_id (object, path, "id", TRUE, &contact->id, error) ||
      !get_string (object, path, "name", FALSE, s, &contact->data.name, error) ||
      !get_string (object, path, "email", FALSE, s, &contact->data.email, error) ||
      !get_string (object, path, "phone_number", FALSE, s, &contact->data.phone, error) ||
      !get_string (object, path, "identifier", FALSE, s, &contact->identifier, error) ||
      !get_string (object, path, "thumbnail", FALSE, s, &contact->thumbnail, error) ||
      !get_bool (object, path, "blocked", FALSE, &contact->blocked, error) ||
      !get_time (object, path, "created_at", FALSE, &contact->data.created_at, error) ||
      !get_time (object, path, "last_activity_at", FALSE, &contact->last_activity_at, error) ||
      !get_object (object, path, "additional_attributes", FALSE, &additional, error) ||
      !get_object (object, path, "custom_attributes", FALSE, &custom, error))
    return NULL;

  if (additional != NULL &&
      (!get_string (additional, additional_path, "company_name", FALSE, s, &contact->data.company, error) ||
       !get_string (additional, additional_path, "city", FALSE, s, &contact->data.city, error) ||
       !get_string (additional, additional_path, "country", FALSE, s, &contact->data.country, error) ||
       !get_string (additional, additional_path, "description", FALSE, s, &contact->data.notes, error)))
    return NULL;

  custom_node = custom ? member (object, "custom_attributes") : NULL;
  contact->data.attributes = custom_node ? to_json_text (s, custom_node) : g_string_chunk_insert (s, "{}");
  contact->data.remote_id = chunk_remote_id (s, contact->id);
  if (contact->data.name == NULL)
    contact->data.name = g_string_chunk_insert (s, "");

  return g_steal_pointer (&contact);
}

/* One contact, bare or wrapped as GET/PUT …/contacts/{id} answer it ({"payload": contact}). */
HlChatwootContact *
hl_chatwoot_json_contact (JsonNode  *node,
                          GError   **error)
{
  JsonObject *object, *inner;
  const char *path = "";

  if (!(object = as_object (node, "", error)))
    return NULL;

  if (json_object_has_member (object, "payload"))
    {
      if (!get_object (object, "", "payload", TRUE, &inner, error))
        return NULL;
      /* POST …/contacts answers {"payload":{"contact":{…},"contact_inbox":{…}}} */
      if (json_object_has_member (inner, "contact") && !json_object_has_member (inner, "id"))
        {
          if (!get_object (inner, "payload", "contact", TRUE, &object, error))
            return NULL;
          path = "payload.contact";
        }
      else
        {
          object = inner;
          path = "payload";
        }
    }

  return map_contact (object, path, error);
}

/* Messages (§3.3) --------------------------------------------------------------------------------- */

void
hl_chatwoot_message_free (HlChatwootMessage *message)
{
  if (message == NULL)
    return;

  g_string_chunk_free (message->strings);
  g_free (message);
}

/* content_attributes.email.{from,to,cc}: arrays of addresses, joined with ", ". */
static gboolean
get_addresses (JsonObject    *email,
               const char    *path,
               const char    *name,
               GStringChunk  *strings,
               const char   **out,
               GError       **error)
{
  JsonArray *array;
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *array_path = join_path (path, name);

  *out = NULL;
  if (!get_array (email, path, name, FALSE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *element = index_path (array_path, i);

      if (!node_is_type (node, G_TYPE_STRING) || !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return fail (error, element, NULL, _("expected a string"));
      if (joined->len > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, json_node_get_string (node));
    }

  *out = g_string_chunk_insert (strings, joined->str);
  return TRUE;
}

/* Attachments keep the fields the UI shows, type-checked; the rest is dropped. */
static gboolean
map_attachments (JsonArray     *array,
                 const char    *path,
                 GStringChunk  *strings,
                 const char   **out,
                 GError       **error)
{
  static const char * const text_fields[] = {
    "file_type", "extension", "content_type", "data_url", "thumb_url", "fallback_title",
  };
  static const char * const number_fields[] = {
    "file_size", "width", "height", "coordinates_lat", "coordinates_long",
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element = index_path (path, i);
      JsonObject *object;
      gint64 id;

      if (!(object = as_object (json_array_get_element (array, i), element, error)) ||
          !get_id (object, element, "id", TRUE, &id, error))
        return FALSE;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);

      for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
        {
          const char *value;

          if (!peek_string (object, element, text_fields[f], FALSE, &value, error))
            return FALSE;
          if (value == NULL)
            continue;
          if (!g_utf8_validate (value, -1, NULL))
            return fail (error, element, text_fields[f], _("not valid UTF-8"));
          json_builder_set_member_name (builder, text_fields[f]);
          json_builder_add_string_value (builder, value);
        }

      for (guint f = 0; f < G_N_ELEMENTS (number_fields); f++)
        {
          JsonNode *node = member (object, number_fields[f]);

          if (node_is_null (node))
            continue;
          if (node_is_type (node, G_TYPE_INT64))
            {
              json_builder_set_member_name (builder, number_fields[f]);
              json_builder_add_int_value (builder, json_node_get_int (node));
            }
          else if (node_is_type (node, G_TYPE_DOUBLE) && isfinite (json_node_get_double (node)))
            {
              json_builder_set_member_name (builder, number_fields[f]);
              json_builder_add_double_value (builder, json_node_get_double (node));
            }
          else
            return fail (error, element, number_fields[f], _("expected a number"));
        }

      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  *out = to_json_text (strings, root);
  return TRUE;
}

static gboolean
parse_message_type (JsonObject     *object,
                    const char     *path,
                    HlMessageKind  *kind,
                    GError        **error)
{
  JsonNode *node = member (object, "message_type");

  if (node_is_null (node))
    return fail (error, path, "message_type", _("missing"));

  if (node_is_type (node, G_TYPE_INT64))
    {
      switch (json_node_get_int (node))
        {
        case 0: *kind = HL_MESSAGE_KIND_INCOMING; return TRUE;
        case 1: *kind = HL_MESSAGE_KIND_OUTGOING; return TRUE;
        case 2: *kind = HL_MESSAGE_KIND_ACTIVITY; return TRUE;
        case 3: *kind = HL_MESSAGE_KIND_OUTGOING; return TRUE;  /* template: sent by the business */
        default: return fail (error, path, "message_type", _("unknown message type"));
        }
    }

  if (node_is_type (node, G_TYPE_STRING))
    {
      const char *name = json_node_get_string (node);

      if (g_str_equal (name, "incoming"))
        *kind = HL_MESSAGE_KIND_INCOMING;
      else if (g_str_equal (name, "outgoing") || g_str_equal (name, "template"))
        *kind = HL_MESSAGE_KIND_OUTGOING;
      else if (g_str_equal (name, "activity"))
        *kind = HL_MESSAGE_KIND_ACTIVITY;
      else
        return fail (error, path, "message_type", _("unknown message type"));
      return TRUE;
    }

  return fail (error, path, "message_type", _("expected an integer or a string"));
}

static gboolean
parse_delivery (const char  *status,
                HlDelivery  *delivery)
{
  static const struct { const char *name; HlDelivery delivery; } map[] = {
    { "sent", HL_DELIVERY_SENT },
    { "delivered", HL_DELIVERY_DELIVERED },
    { "read", HL_DELIVERY_READ },
    { "failed", HL_DELIVERY_FAILED },
    { "progress", HL_DELIVERY_PENDING },
  };

  *delivery = HL_DELIVERY_SENT;
  if (status == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (status, map[i].name))
      {
        *delivery = map[i].delivery;
        return TRUE;
      }

  return FALSE;
}

static HlChatwootMessage *
map_message (JsonObject  *object,
             const char  *path,
             GError     **error)
{
  g_autoptr(HlChatwootMessage) message = g_new0 (HlChatwootMessage, 1);
  g_autofree char *attributes_path = join_path (path, "content_attributes");
  g_autofree char *email_path = join_path (attributes_path, "email");
  g_autofree char *sender_path = join_path (path, "sender");
  g_autofree char *attachments_path = join_path (path, "attachments");
  JsonObject *attributes = NULL, *email = NULL, *sender = NULL;
  JsonArray *attachments;
  JsonNode *echo;
  const char *status, *sender_type = NULL;
  gboolean is_private;
  GStringChunk *s;

  s = message->strings = g_string_chunk_new (256);

  if (!get_id (object, path, "id", TRUE, &message->id, error) ||
      !get_string (object, path, "content", FALSE, s, &message->data.body, error) ||
      !get_id (object, path, "conversation_id", TRUE, &message->conversation_remote_id, error) ||
      !get_id (object, path, "inbox_id", FALSE, &message->inbox_id, error) ||
      !parse_message_type (object, path, &message->data.kind, error) ||
      !get_string (object, path, "content_type", FALSE, s, &message->content_type, error) ||
      !peek_string (object, path, "status", FALSE, &status, error) ||
      !get_bool (object, path, "private", FALSE, &is_private, error) ||
      !get_time (object, path, "created_at", TRUE, &message->data.created_at, error) ||
      !get_array (object, path, "attachments", FALSE, &attachments, error) ||
      !get_object (object, path, "sender", FALSE, &sender, error))
    return NULL;

  /* content_attributes is an object, though some integrations store it as a JSON string */
  if (node_is_type (member (object, "content_attributes"), G_TYPE_STRING))
    attributes = NULL;
  else if (!get_object (object, path, "content_attributes", FALSE, &attributes, error))
    return NULL;

  if (!parse_delivery (status, &message->data.delivery))
    return fail (error, path, "status", _("unknown delivery status")), NULL;

  if (is_private && message->data.kind != HL_MESSAGE_KIND_ACTIVITY)
    message->data.kind = HL_MESSAGE_KIND_NOTE;

  /* echo_id is whatever the client sent: a string, or a number some clients use */
  echo = member (object, "echo_id");
  if (node_is_type (echo, G_TYPE_INT64))
    message->data.echo_id = chunk_remote_id (s, json_node_get_int (echo));
  else if (!get_string (object, path, "echo_id", FALSE, s, &message->data.echo_id, error))
    return NULL;
  if (message->data.echo_id != NULL && *message->data.echo_id == '\0')
    message->data.echo_id = NULL;

  if (attributes != NULL)
    {
      if (!get_string (attributes, attributes_path, "external_error", FALSE, s, &message->error, error) ||
          !get_object (attributes, attributes_path, "email", FALSE, &email, error))
        return NULL;
    }

  if (email != NULL &&
      (!get_addresses (email, email_path, "from", s, &message->data.email_from, error) ||
       !get_addresses (email, email_path, "to", s, &message->data.email_to, error) ||
       !get_addresses (email, email_path, "cc", s, &message->data.email_cc, error) ||
       !get_string (email, email_path, "subject", FALSE, s, &message->email_subject, error)))
    return NULL;

  if (attachments != NULL &&
      !map_attachments (attachments, attachments_path, s, &message->data.attachments, error))
    return NULL;

  if (sender != NULL)
    {
      gint64 sender_id;
      const char *available_name = NULL;

      if (!get_id (sender, sender_path, "id", TRUE, &sender_id, error) ||
          !get_string (sender, sender_path, "name", FALSE, s, &message->data.sender_name, error) ||
          !get_string (sender, sender_path, "available_name", FALSE, s, &available_name, error) ||
          !peek_string (sender, sender_path, "type", FALSE, &sender_type, error))
        return NULL;

      /* push_event_data also carries the model's sender_type column ("User", "Contact") */
      if (sender_type == NULL && !peek_string (object, path, "sender_type", FALSE, &sender_type, error))
        return NULL;

      if (available_name != NULL && *available_name != '\0')
        message->data.sender_name = available_name;

      if (g_strcmp0 (sender_type, "user") == 0 || g_strcmp0 (sender_type, "User") == 0)
        message->sender_user_id = sender_id;
      else if (g_strcmp0 (sender_type, "contact") == 0 || g_strcmp0 (sender_type, "Contact") == 0)
        message->sender_contact_id = sender_id;
    }

  if (message->data.body == NULL)
    message->data.body = g_string_chunk_insert (s, "");
  message->data.remote_id = chunk_remote_id (s, message->id);

  return g_steal_pointer (&message);
}

HlChatwootMessage *
hl_chatwoot_json_message (JsonNode  *node,
                          GError   **error)
{
  JsonObject *object;

  if (!(object = as_object (node, "", error)))
    return NULL;

  return map_message (object, "", error);
}

/* Conversations (§2.3, and the push shape of §11.5) ---------------------------------------------- */

void
hl_chatwoot_conversation_free (HlChatwootConversation *conversation)
{
  if (conversation == NULL)
    return;

  g_clear_pointer (&conversation->contact, hl_chatwoot_contact_free);
  g_clear_pointer (&conversation->last_message, hl_chatwoot_message_free);
  g_free (conversation->labels);
  g_string_chunk_free (conversation->strings);
  g_free (conversation);
}

static gboolean
parse_status (const char           *name,
              HlConversationStatus *status)
{
  if (g_strcmp0 (name, "open") == 0)
    *status = HL_CONVERSATION_STATUS_OPEN;
  else if (g_strcmp0 (name, "pending") == 0)
    *status = HL_CONVERSATION_STATUS_PENDING;
  else if (g_strcmp0 (name, "snoozed") == 0)
    *status = HL_CONVERSATION_STATUS_SNOOZED;
  else if (g_strcmp0 (name, "resolved") == 0)
    *status = HL_CONVERSATION_STATUS_RESOLVED;
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_priority (const char *name,
                HlPriority *priority)
{
  if (name == NULL)
    *priority = HL_PRIORITY_NONE;
  else if (g_str_equal (name, "low"))
    *priority = HL_PRIORITY_LOW;
  else if (g_str_equal (name, "medium"))
    *priority = HL_PRIORITY_MEDIUM;
  else if (g_str_equal (name, "high"))
    *priority = HL_PRIORITY_HIGH;
  else if (g_str_equal (name, "urgent"))
    *priority = HL_PRIORITY_URGENT;
  else
    return FALSE;

  return TRUE;
}

static HlChatwootConversation *
map_conversation (JsonObject               *object,
                  const char               *path,
                  const HlChatwootContext  *ctx,
                  GError                  **error)
{
  g_autoptr(HlChatwootConversation) conv = g_new0 (HlChatwootConversation, 1);
  g_autofree char *meta_path = join_path (path, "meta");
  g_autofree char *labels_path = join_path (path, "labels");
  g_autofree char *messages_path = join_path (path, "messages");
  g_autofree char *additional_path = join_path (path, "additional_attributes");
  JsonObject *meta = NULL, *additional = NULL, *sender = NULL, *assignee = NULL, *team = NULL;
  JsonArray *labels = NULL, *messages = NULL;
  const char *status, *priority, *channel_type = NULL, *assignee_type = NULL;
  gint64 unread;
  GStringChunk *s;
  Inbox *inbox = NULL;

  s = conv->strings = g_string_chunk_new (256);

  if (!get_id (object, path, "id", TRUE, &conv->id, error) ||
      !get_id (object, path, "inbox_id", TRUE, &conv->inbox_id, error) ||
      !peek_string (object, path, "status", TRUE, &status, error) ||
      !peek_string (object, path, "priority", FALSE, &priority, error) ||
      !get_time (object, path, "snoozed_until", FALSE, &conv->data.snoozed_until, error) ||
      !get_array (object, path, "labels", FALSE, &labels, error) ||
      !get_int (object, path, "unread_count", FALSE, 0, G_MAXINT, 0, &unread, error) ||
      !get_bool (object, path, "can_reply", TRUE, &conv->can_reply, error) ||
      !get_time (object, path, "created_at", TRUE, &conv->data.created_at, error) ||
      !get_time (object, path, "last_activity_at", FALSE, &conv->last_activity_at, error) ||
      !get_time (object, path, "waiting_since", FALSE, &conv->waiting_since, error) ||
      !get_time (object, path, "updated_at", FALSE, &conv->updated_at, error) ||
      !get_array (object, path, "messages", FALSE, &messages, error) ||
      !get_object (object, path, "meta", FALSE, &meta, error) ||
      !get_object (object, path, "additional_attributes", FALSE, &additional, error))
    return NULL;

  if (!parse_status (status, &conv->data.status))
    return fail (error, path, "status", _("unknown conversation status")), NULL;
  if (!parse_priority (priority, &conv->data.priority))
    return fail (error, path, "priority", _("unknown priority")), NULL;
  if (conv->data.status != HL_CONVERSATION_STATUS_SNOOZED)
    conv->data.snoozed_until = 0;
  conv->data.unread = (int) unread;

  /* the channel: meta.channel (REST) or channel (cable push data), else the inbox's type */
  if (meta != NULL && !get_string (meta, meta_path, "channel", FALSE, s, &channel_type, error))
    return NULL;
  if (channel_type == NULL && !get_string (object, path, "channel", FALSE, s, &channel_type, error))
    return NULL;
  if (ctx != NULL)
    inbox = g_hash_table_lookup (ctx->inboxes, &conv->inbox_id);
  if (channel_type == NULL && inbox != NULL && inbox->channel_type != NULL)
    channel_type = g_string_chunk_insert (s, inbox->channel_type);
  conv->channel_type = channel_type;
  if (ctx != NULL && ctx->phone_inbox_id > 0 && conv->inbox_id == ctx->phone_inbox_id)
    conv->data.channel = HL_CHANNEL_PHONE;
  else
    conv->data.channel = hl_chatwoot_channel_from_type (channel_type);
  if (inbox != NULL && inbox->name != NULL)
    conv->data.inbox = g_string_chunk_insert (s, inbox->name);

  if (additional != NULL &&
      !get_string (additional, additional_path, "mail_subject", FALSE, s, &conv->data.subject, error))
    return NULL;

  if (labels != NULL)
    {
      guint n = json_array_get_length (labels);

      conv->labels = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (labels, i);
          g_autofree char *element = index_path (labels_path, i);

          if (!node_is_type (node, G_TYPE_STRING) || !g_utf8_validate (json_node_get_string (node), -1, NULL))
            return fail (error, element, NULL, _("expected a string")), NULL;
          conv->labels[i] = g_string_chunk_insert (s, json_node_get_string (node));
        }
      conv->data.labels = (const char * const *) conv->labels;
    }

  if (meta != NULL)
    {
      g_autofree char *sender_path = join_path (meta_path, "sender");
      g_autofree char *assignee_path = join_path (meta_path, "assignee");
      g_autofree char *team_path = join_path (meta_path, "team");

      if (!get_object (meta, meta_path, "sender", FALSE, &sender, error) ||
          !get_object (meta, meta_path, "assignee", FALSE, &assignee, error) ||
          !peek_string (meta, meta_path, "assignee_type", FALSE, &assignee_type, error) ||
          !get_object (meta, meta_path, "team", FALSE, &team, error))
        return NULL;

      if (sender != NULL)
        {
          if (!(conv->contact = map_contact (sender, sender_path, error)))
            return NULL;
          conv->contact_remote_id = conv->contact->id;
        }

      /* A bot assignee is not an agent of the store */
      if (assignee != NULL && g_strcmp0 (assignee_type, "AgentBot") != 0 &&
          !get_id (assignee, assignee_path, "id", TRUE, &conv->assignee_user_id, error))
        return NULL;

      if (team != NULL &&
          (!get_id (team, team_path, "id", TRUE, &conv->team_id, error) ||
           !get_string (team, team_path, "name", FALSE, s, &conv->data.team, error)))
        return NULL;
    }

  if (messages != NULL && json_array_get_length (messages) > 0)
    {
      g_autofree char *first = index_path (messages_path, 0);
      JsonObject *last;

      if (!(last = as_object (json_array_get_element (messages, 0), first, error)) ||
          !(conv->last_message = map_message (last, first, error)))
        return NULL;
    }

  if (conv->last_activity_at == 0)
    conv->last_activity_at = conv->data.created_at;
  conv->data.remote_id = chunk_remote_id (s, conv->id);

  return g_steal_pointer (&conv);
}

HlChatwootConversation *
hl_chatwoot_json_conversation (JsonNode                 *node,
                               const HlChatwootContext  *ctx,
                               GError                  **error)
{
  JsonObject *object;

  if (!(object = as_object (node, "", error)))
    return NULL;

  return map_conversation (object, "", ctx, error);
}

/* Agents (§6) and the profile (§1.3) ------------------------------------------------------------- */

void
hl_chatwoot_agent_free (HlChatwootAgent *agent)
{
  if (agent == NULL)
    return;

  g_string_chunk_free (agent->strings);
  g_free (agent);
}

/* Unknown states count as offline, unknown roles as agent: enterprise builds add custom ones. */
static HlAvailability
parse_availability (const char *name)
{
  if (g_strcmp0 (name, "online") == 0)
    return HL_AVAILABILITY_ONLINE;
  if (g_strcmp0 (name, "busy") == 0)
    return HL_AVAILABILITY_BUSY;
  return HL_AVAILABILITY_OFFLINE;
}

static HlChatwootAgent *
map_agent (JsonObject  *object,
           const char  *path,
           gint64       my_user_id,
           GError     **error)
{
  g_autoptr(HlChatwootAgent) agent = g_new0 (HlChatwootAgent, 1);
  const char *role, *availability, *available_name;
  GStringChunk *s;

  s = agent->strings = g_string_chunk_new (128);

  if (!get_id (object, path, "id", TRUE, &agent->id, error) ||
      !get_string (object, path, "name", TRUE, s, &agent->data.name, error) ||
      !get_string (object, path, "available_name", FALSE, s, &available_name, error) ||
      !get_string (object, path, "email", FALSE, s, &agent->data.email, error) ||
      !peek_string (object, path, "role", FALSE, &role, error) ||
      !peek_string (object, path, "availability_status", FALSE, &availability, error) ||
      !get_bool (object, path, "auto_offline", TRUE, &agent->auto_offline, error) ||
      !get_string (object, path, "thumbnail", FALSE, s, &agent->thumbnail, error))
    return NULL;

  if (available_name != NULL && *available_name != '\0')
    agent->data.name = available_name;
  agent->data.role = g_strcmp0 (role, "administrator") == 0 ? HL_AGENT_ROLE_LEAD : HL_AGENT_ROLE_AGENT;
  agent->data.availability = parse_availability (availability);
  agent->data.is_me = my_user_id > 0 && agent->id == my_user_id;
  agent->data.remote_id = chunk_remote_id (s, agent->id);

  return g_steal_pointer (&agent);
}

HlChatwootAgent *
hl_chatwoot_json_agent (JsonNode  *node,
                        gint64     my_user_id,
                        GError   **error)
{
  JsonObject *object;

  if (!(object = as_object (node, "", error)))
    return NULL;

  return map_agent (object, "", my_user_id, error);
}

void
hl_chatwoot_profile_free (HlChatwootProfile *profile)
{
  if (profile == NULL)
    return;

  g_clear_pointer (&profile->accounts, g_ptr_array_unref);
  g_string_chunk_free (profile->strings);
  g_free (profile);
}

/* The user object of GET /api/v1/profile, bare or as POST /auth/sign_in wraps it ({"data": …}). */
HlChatwootProfile *
hl_chatwoot_json_profile (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(HlChatwootProfile) profile = g_new0 (HlChatwootProfile, 1);
  JsonObject *object, *ui_settings;
  JsonArray *accounts;
  const char *path = "";
  GStringChunk *s;

  s = profile->strings = g_string_chunk_new (256);
  profile->accounts = g_ptr_array_new_with_free_func (g_free);

  if (!(object = as_object (node, "", error)))
    return NULL;

  if (json_object_has_member (object, "data") && !json_object_has_member (object, "id"))
    {
      if (!get_object (object, "", "data", TRUE, &object, error))
        return NULL;
      path = "data";
    }

  if (!get_id (object, path, "id", TRUE, &profile->id, error) ||
      !get_string (object, path, "name", FALSE, s, &profile->name, error) ||
      !get_string (object, path, "display_name", FALSE, s, &profile->display_name, error) ||
      !get_string (object, path, "email", FALSE, s, &profile->email, error) ||
      !get_string (object, path, "access_token", TRUE, s, &profile->access_token, error) ||
      !get_string (object, path, "pubsub_token", FALSE, s, &profile->pubsub_token, error) ||
      !get_string (object, path, "role", FALSE, s, &profile->role, error) ||
      !get_id (object, path, "account_id", FALSE, &profile->account_id, error) ||
      !get_object (object, path, "ui_settings", FALSE, &ui_settings, error) ||
      !get_array (object, path, "accounts", FALSE, &accounts, error))
    return NULL;

  if (ui_settings != NULL)
    {
      g_autofree char *ui_path = join_path (path, "ui_settings");

      if (!get_string (ui_settings, ui_path, "locale", FALSE, s, &profile->locale, error))
        return NULL;
    }

  for (guint i = 0; accounts != NULL && i < json_array_get_length (accounts); i++)
    {
      g_autofree char *accounts_path = join_path (path, "accounts");
      g_autofree char *element = index_path (accounts_path, i);
      g_autofree HlChatwootAccount *account = g_new0 (HlChatwootAccount, 1);
      const char *availability, *availability_status;
      JsonObject *entry;

      if (!(entry = as_object (json_array_get_element (accounts, i), element, error)) ||
          !get_id (entry, element, "id", TRUE, &account->id, error) ||
          !get_string (entry, element, "name", FALSE, s, &account->name, error) ||
          !get_string (entry, element, "role", FALSE, s, &account->role, error) ||
          !get_string (entry, element, "status", FALSE, s, &account->status, error) ||
          !peek_string (entry, element, "availability", FALSE, &availability, error) ||
          !peek_string (entry, element, "availability_status", FALSE, &availability_status, error) ||
          !get_bool (entry, element, "auto_offline", TRUE, &account->auto_offline, error))
        return NULL;

      account->availability = parse_availability (availability);
      account->availability_status = parse_availability (availability_status ? availability_status : availability);
      g_ptr_array_add (profile->accounts, g_steal_pointer (&account));
    }

  return g_steal_pointer (&profile);
}

/* Articles (§7.2) --------------------------------------------------------------------------------- */

void
hl_chatwoot_article_free (HlChatwootArticle *article)
{
  if (article == NULL)
    return;

  g_clear_pointer (&article->associated_ids, g_array_unref);
  g_string_chunk_free (article->strings);
  g_free (article);
}

static HlChatwootArticle *
map_article (JsonObject  *object,
             const char  *path,
             const char  *locale,
             GError     **error)
{
  g_autoptr(HlChatwootArticle) article = g_new0 (HlChatwootArticle, 1);
  g_autofree char *category_path = join_path (path, "category");
  g_autofree char *associated_path = join_path (path, "associated_articles");
  JsonObject *category;
  JsonArray *associated;
  const char *category_locale = NULL;
  GStringChunk *s;

  s = article->strings = g_string_chunk_new (1024);
  article->associated_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!get_id (object, path, "id", TRUE, &article->id, error) ||
      !get_string (object, path, "title", TRUE, s, &article->data.title, error) ||
      !get_string (object, path, "content", FALSE, s, &article->data.body, error) ||
      !get_string (object, path, "slug", FALSE, s, &article->slug, error) ||
      !get_string (object, path, "status", FALSE, s, &article->status, error) ||
      !get_string (object, path, "description", FALSE, s, &article->description, error) ||
      !get_time (object, path, "updated_at", FALSE, &article->data.updated_at, error) ||
      !get_object (object, path, "category", FALSE, &category, error) ||
      !get_array (object, path, "associated_articles", FALSE, &associated, error))
    return NULL;

  if (category != NULL &&
      (!get_id (category, category_path, "id", FALSE, &article->category_id, error) ||
       !get_string (category, category_path, "name", FALSE, s, &article->data.category, error) ||
       !get_string (category, category_path, "locale", FALSE, s, &category_locale, error)))
    return NULL;

  for (guint i = 0; associated != NULL && i < json_array_get_length (associated); i++)
    {
      g_autofree char *element = index_path (associated_path, i);
      JsonObject *entry;
      gint64 id;

      if (!(entry = as_object (json_array_get_element (associated, i), element, error)) ||
          !get_id (entry, element, "id", TRUE, &id, error))
        return NULL;
      g_array_append_val (article->associated_ids, id);
    }

  /* The account API has no locale on articles: the request's filter, else the category's */
  if (locale != NULL && *locale != '\0')
    article->data.locale = g_string_chunk_insert (s, locale);
  else if (category_locale != NULL && *category_locale != '\0')
    article->data.locale = category_locale;
  else
    article->data.locale = g_string_chunk_insert (s, "en");

  if (article->data.body == NULL)
    article->data.body = g_string_chunk_insert (s, "");
  if (article->data.category == NULL)
    article->data.category = g_string_chunk_insert (s, "");
  article->data.remote_id = chunk_remote_id (s, article->id);

  return g_steal_pointer (&article);
}

/* One article, bare or as GET …/articles/{id} wraps it ({"payload": article}). */
HlChatwootArticle *
hl_chatwoot_json_article (JsonNode    *node,
                          const char  *locale,
                          GError     **error)
{
  JsonObject *object;
  const char *path = "";

  if (!(object = as_object (node, "", error)))
    return NULL;

  if (json_object_has_member (object, "payload") && !json_object_has_member (object, "id"))
    {
      if (!get_object (object, "", "payload", TRUE, &object, error))
        return NULL;
      path = "payload";
    }

  return map_article (object, path, locale, error);
}

/* Pages ------------------------------------------------------------------------------------------ */

void
hl_chatwoot_page_free (HlChatwootPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static HlChatwootPage *
page_new (GDestroyNotify item_free)
{
  HlChatwootPage *page = g_new0 (HlChatwootPage, 1);

  page->items = g_ptr_array_new_with_free_func (item_free);
  page->mine_count = page->assigned_count = page->unassigned_count = page->all_count = -1;
  page->count = -1;

  return page;
}

typedef gpointer (*MapFunc) (JsonObject  *object,
                             const char  *path,
                             gconstpointer user_data,
                             GError     **error);

static gboolean
map_array (HlChatwootPage  *page,
           JsonArray       *array,
           const char      *path,
           MapFunc          map,
           gconstpointer    user_data,
           GError         **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element = index_path (path, i);
      JsonObject *object;
      gpointer item;

      if (!(object = as_object (json_array_get_element (array, i), element, error)) ||
          !(item = map (object, element, user_data, error)))
        return FALSE;
      g_ptr_array_add (page->items, item);
    }

  return TRUE;
}

static gpointer
map_conversation_item (JsonObject    *object,
                       const char    *path,
                       gconstpointer  user_data,
                       GError       **error)
{
  return map_conversation (object, path, user_data, error);
}

static gpointer
map_message_item (JsonObject    *object,
                  const char    *path,
                  gconstpointer  user_data,
                  GError       **error)
{
  return map_message (object, path, error);
}

static gpointer
map_contact_item (JsonObject    *object,
                  const char    *path,
                  gconstpointer  user_data,
                  GError       **error)
{
  return map_contact (object, path, error);
}

static gpointer
map_agent_item (JsonObject    *object,
                const char    *path,
                gconstpointer  user_data,
                GError       **error)
{
  return map_agent (object, path, *(const gint64 *) user_data, error);
}

static gpointer
map_article_item (JsonObject    *object,
                  const char    *path,
                  gconstpointer  user_data,
                  GError       **error)
{
  return map_article (object, path, user_data, error);
}

static gboolean
get_count (JsonObject  *meta,
           const char  *path,
           const char  *name,
           gint64      *out,
           GError     **error)
{
  return get_int (meta, path, name, FALSE, 0, G_MAXINT64, -1, out, error);
}

/* GET …/conversations ({"data":{"meta","payload"}}), or the {"meta","payload"} of filter and
 * contact conversations. */
HlChatwootPage *
hl_chatwoot_json_conversation_page (JsonNode                 *root,
                                    const HlChatwootContext  *ctx,
                                    GError                  **error)
{
  g_autoptr(HlChatwootPage) page = page_new ((GDestroyNotify) hl_chatwoot_conversation_free);
  JsonObject *object, *meta;
  JsonArray *payload;
  const char *path = "";
  g_autofree char *payload_path = NULL;
  g_autofree char *meta_path = NULL;

  if (!(object = as_object (root, "", error)))
    return NULL;

  if (json_object_has_member (object, "data"))
    {
      if (!get_object (object, "", "data", TRUE, &object, error))
        return NULL;
      path = "data";
    }

  payload_path = join_path (path, "payload");
  meta_path = join_path (path, "meta");

  if (!get_array (object, path, "payload", TRUE, &payload, error) ||
      !get_object (object, path, "meta", FALSE, &meta, error))
    return NULL;

  if (meta != NULL &&
      (!get_count (meta, meta_path, "mine_count", &page->mine_count, error) ||
       !get_count (meta, meta_path, "assigned_count", &page->assigned_count, error) ||
       !get_count (meta, meta_path, "unassigned_count", &page->unassigned_count, error) ||
       !get_count (meta, meta_path, "all_count", &page->all_count, error)))
    return NULL;

  if (!map_array (page, payload, payload_path, map_conversation_item, ctx, error))
    return NULL;

  return g_steal_pointer (&page);
}

/* GET …/messages ({"meta","payload"}); the meta is left to the caller. */
HlChatwootPage *
hl_chatwoot_json_message_page (JsonNode  *root,
                               GError   **error)
{
  g_autoptr(HlChatwootPage) page = page_new ((GDestroyNotify) hl_chatwoot_message_free);
  JsonObject *object;
  JsonArray *payload;

  if (!(object = as_object (root, "", error)) ||
      !get_array (object, "", "payload", TRUE, &payload, error) ||
      !map_array (page, payload, "payload", map_message_item, NULL, error))
    return NULL;

  return g_steal_pointer (&page);
}

/* GET …/contacts and …/contacts/search ({"meta":{count, has_more},"payload":[…]}). */
HlChatwootPage *
hl_chatwoot_json_contact_page (JsonNode  *root,
                               GError   **error)
{
  g_autoptr(HlChatwootPage) page = page_new ((GDestroyNotify) hl_chatwoot_contact_free);
  JsonObject *object, *meta;
  JsonArray *payload;

  if (!(object = as_object (root, "", error)) ||
      !get_array (object, "", "payload", TRUE, &payload, error) ||
      !get_object (object, "", "meta", FALSE, &meta, error))
    return NULL;

  if (meta != NULL &&
      (!get_count (meta, "meta", "count", &page->count, error) ||
       !get_bool (meta, "meta", "has_more", FALSE, &page->has_more, error)))
    return NULL;

  if (!map_array (page, payload, "payload", map_contact_item, NULL, error))
    return NULL;

  return g_steal_pointer (&page);
}

/* GET …/agents: a bare array. */
HlChatwootPage *
hl_chatwoot_json_agent_list (JsonNode  *root,
                             gint64     my_user_id,
                             GError   **error)
{
  g_autoptr(HlChatwootPage) page = page_new ((GDestroyNotify) hl_chatwoot_agent_free);

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return fail (error, "", NULL, _("expected an array")), NULL;

  if (!map_array (page, json_node_get_array (root), "", map_agent_item, &my_user_id, error))
    return NULL;

  return g_steal_pointer (&page);
}

/* GET …/portals/{slug}/articles?locale= ({"payload":[…],"meta":{…}}). */
HlChatwootPage *
hl_chatwoot_json_article_page (JsonNode    *root,
                               const char  *locale,
                               GError     **error)
{
  g_autoptr(HlChatwootPage) page = page_new ((GDestroyNotify) hl_chatwoot_article_free);
  JsonObject *object;
  JsonArray *payload;

  if (!(object = as_object (root, "", error)) ||
      !get_array (object, "", "payload", TRUE, &payload, error) ||
      !map_array (page, payload, "payload", map_article_item, locale, error))
    return NULL;

  return g_steal_pointer (&page);
}

/* POST …/toggle_status: {"meta":{},"payload":{"success","conversation_id","current_status","snoozed_until"}} */
gboolean
hl_chatwoot_json_status_result (JsonNode              *root,
                                HlConversationStatus  *status,
                                gint64                *snoozed_until,
                                GError               **error)
{
  JsonObject *object, *payload;
  const char *current;
  gboolean success;

  g_return_val_if_fail (status != NULL, FALSE);
  g_return_val_if_fail (snoozed_until != NULL, FALSE);

  if (!(object = as_object (root, "", error)) ||
      !get_object (object, "", "payload", TRUE, &payload, error) ||
      !get_bool (payload, "payload", "success", TRUE, &success, error) ||
      !peek_string (payload, "payload", "current_status", TRUE, &current, error) ||
      !get_time (payload, "payload", "snoozed_until", FALSE, snoozed_until, error))
    return FALSE;

  if (!parse_status (current, status))
    return fail (error, "payload", "current_status", _("unknown conversation status"));

  if (!success)
    {
      g_set_error_literal (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_CONFLICT,
                           _("The server did not change the conversation’s status."));
      return FALSE;
    }

  return TRUE;
}

/* Contact edits ----------------------------------------------------------------------------------- */

static void
add_changed_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *before,
                    const char  *after,
                    gboolean    *any)
{
  if (g_strcmp0 (before, after) == 0)
    return;

  json_builder_set_member_name (builder, name);
  if (after == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, after);
  *any = TRUE;
}

static JsonObject *
parse_attributes (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* The body of PATCH …/contacts/{id} for an edit from @before to @after: only the fields that
 * changed. Chatwoot merges additional_attributes and custom_attributes into the stored ones, so
 * only changed keys are sent; a key removed from the attributes is sent as null (Chatwoot's
 * destroy_custom_attributes removes it for good). NULL when nothing changed. */
JsonNode *
hl_chatwoot_json_contact_changes (const HlContactData *before,
                                  const HlContactData *after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) old_attrs = NULL;
  g_autoptr(JsonObject) new_attrs = NULL;
  g_autoptr(JsonNode) empty = NULL;
  gboolean any = FALSE, any_additional = FALSE, any_custom = FALSE;

  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (after != NULL, NULL);

  json_builder_begin_object (builder);
  add_changed_string (builder, "name", before->name, after->name, &any);
  add_changed_string (builder, "email", before->email, after->email, &any);
  add_changed_string (builder, "phone_number", before->phone, after->phone, &any);

  if (g_strcmp0 (before->company, after->company) != 0 ||
      g_strcmp0 (before->city, after->city) != 0 ||
      g_strcmp0 (before->country, after->country) != 0 ||
      g_strcmp0 (before->notes, after->notes) != 0)
    {
      json_builder_set_member_name (builder, "additional_attributes");
      json_builder_begin_object (builder);
      add_changed_string (builder, "company_name", before->company, after->company, &any_additional);
      add_changed_string (builder, "city", before->city, after->city, &any_additional);
      add_changed_string (builder, "country", before->country, after->country, &any_additional);
      add_changed_string (builder, "description", before->notes, after->notes, &any_additional);
      json_builder_end_object (builder);
      any = TRUE;
    }

  old_attrs = parse_attributes (before->attributes);
  new_attrs = parse_attributes (after->attributes);
  if (old_attrs == NULL)
    old_attrs = json_object_new ();
  if (new_attrs == NULL)
    new_attrs = json_object_new ();

  if (!json_object_equal (old_attrs, new_attrs))
    {
      g_autoptr(GList) new_keys = json_object_get_members (new_attrs);
      g_autoptr(GList) old_keys = json_object_get_members (old_attrs);

      json_builder_set_member_name (builder, "custom_attributes");
      json_builder_begin_object (builder);

      for (GList *l = new_keys; l; l = l->next)
        {
          JsonNode *value = json_object_get_member (new_attrs, l->data);
          JsonNode *old = json_object_get_member (old_attrs, l->data);

          if (old != NULL && json_node_equal (old, value))
            continue;
          json_builder_set_member_name (builder, l->data);
          json_builder_add_value (builder, json_node_copy (value));
          any_custom = TRUE;
        }

      for (GList *l = old_keys; l; l = l->next)
        {
          if (json_object_has_member (new_attrs, l->data))
            continue;
          json_builder_set_member_name (builder, l->data);
          json_builder_add_null_value (builder);
          any_custom = TRUE;
        }

      json_builder_end_object (builder);
      any = any || any_custom;
    }

  json_builder_end_object (builder);

  if (!any)
    return NULL;

  return json_builder_get_root (builder);
}

/* hl-demo-seed.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlDemo"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hl-demo-seed.h"
#include "hl-enums.h"
#include "hl-store-db.h"

/* Seeds the demo workspace from the JSON files in data/demo/ (see data/demo/FORMAT.md), compiled into the
 * GResource. Runs on the store worker inside the caller's transaction. Times in the files are
 * minutes relative to @now, so the demo always shows today. */

#define DEMO_PATH RESOURCE_PATH "/demo/"

typedef struct
{
  sqlite3    *db;
  gint64      now;
  GHashTable *agents;         /* file id → row id (as gint64 in a pointer-sized box) */
  GHashTable *contacts;
  GHashTable *conversations;
} Seed;

static gint64
lookup_id (GHashTable *table,
           const char *key)
{
  gint64 *id;

  if (key == NULL || !(id = g_hash_table_lookup (table, key)))
    return 0;

  return *id;
}

static void
remember_id (GHashTable *table,
             const char *key,
             gint64      id)
{
  g_hash_table_insert (table, g_strdup (key), g_memdup2 (&id, sizeof id));
}

static gint64
minutes (Seed       *seed,
         JsonObject *obj,
         const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return 0;

  return seed->now + (gint64) (json_node_get_double (node) * 60.0);
}

static const char *
opt_string (JsonObject *obj,
            const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
parse_enum (GType        type,
            JsonObject  *obj,
            const char  *member,
            int          fallback,
            int         *out,
            GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  const char *nick = opt_string (obj, member);
  GEnumValue *ev;

  if (nick == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  if (!(ev = g_enum_get_value_by_nick (klass, nick)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Unknown %s “%s” in demo data (item %s)", member, nick,
                   opt_string (obj, "id") ? opt_string (obj, "id") : "?");
      return FALSE;
    }

  *out = ev->value;
  return TRUE;
}

static char **
string_array (JsonObject *obj,
              const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (obj, member);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *el = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (el));
        }
    }

  return g_strv_builder_end (builder);
}

static JsonArray *
get_array (JsonObject *root,
           const char *member)
{
  JsonNode *node = json_object_get_member (root, member);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
seed_agents (Seed       *seed,
             JsonArray  *array,
             GError    **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_auto(GStrv) teams = string_array (obj, "teams");
      const char *id = opt_string (obj, "id");
      HlAgentData data = {
        .name = opt_string (obj, "name"),
        .email = opt_string (obj, "email"),
        .availability_since = seed->now - 60 * (20 + 17 * i),
        .teams = (const char * const *) teams,
        /* The demo is seen through the eyes of its first agent. */
        .is_me = i == 0,
      };
      int role, availability;
      gint64 row;

      if (id == NULL || data.name == NULL ||
          !parse_enum (HL_TYPE_AGENT_ROLE, obj, "role", HL_AGENT_ROLE_AGENT, &role, error) ||
          !parse_enum (HL_TYPE_AVAILABILITY, obj, "availability", HL_AVAILABILITY_OFFLINE, &availability, error))
        goto invalid;

      data.role = role;
      data.availability = availability;

      if (!(row = hl_db_insert_agent (seed->db, &data, error)))
        return FALSE;

      remember_id (seed->agents, id, row);
    }

  return TRUE;

invalid:
  if (error && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "An agent in the demo data has no id or name");
  return FALSE;
}

static gboolean
seed_contacts (Seed       *seed,
               JsonArray  *array,
               GError    **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      const char *id = opt_string (obj, "id");
      g_autofree char *attributes = NULL;
      JsonNode *attrs = json_object_get_member (obj, "attributes");
      HlContactData data = {
        .name = opt_string (obj, "name"),
        .email = opt_string (obj, "email"),
        .phone = opt_string (obj, "phone"),
        .company = opt_string (obj, "company"),
        .city = opt_string (obj, "city"),
        .country = opt_string (obj, "country"),
        .locale = opt_string (obj, "locale"),
        .notes = opt_string (obj, "notes"),
        .created_at = minutes (seed, obj, "created"),
      };
      gint64 row;

      if (id == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A contact in the demo data has no id");
          return FALSE;
        }

      if (attrs && JSON_NODE_HOLDS_OBJECT (attrs))
        data.attributes = attributes = json_to_string (attrs, FALSE);
      if (data.created_at == 0)
        data.created_at = seed->now;

      if (!(row = hl_db_insert_contact (seed->db, &data, error)))
        return FALSE;

      remember_id (seed->contacts, id, row);
    }

  return TRUE;
}

static gboolean
seed_messages (Seed        *seed,
               gint64       conversation,
               JsonArray   *array,
               GError     **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      HlMessageData data = {
        .conversation_id = conversation,
        .sender_agent_id = lookup_id (seed->agents, opt_string (obj, "sender")),
        .body = opt_string (obj, "body"),
        .email_from = opt_string (obj, "from"),
        .email_to = opt_string (obj, "to"),
        .email_cc = opt_string (obj, "cc"),
        .content_type = opt_string (obj, "content_type"),
        .delivery = HL_DELIVERY_DELIVERED,
        .created_at = minutes (seed, obj, "at"),
      };
      int kind;

      if (!parse_enum (HL_TYPE_MESSAGE_KIND, obj, "kind", HL_MESSAGE_KIND_INCOMING, &kind, error))
        return FALSE;

      data.kind = kind;
      if (data.kind == HL_MESSAGE_KIND_OUTGOING)
        data.delivery = HL_DELIVERY_READ;

      if (!hl_db_insert_message (seed->db, &data, error))
        return FALSE;
    }

  return TRUE;
}

/* Entries of a reference list, stored where a team server's go (reference_items), so the app finds
 * both alike: the entry's "id", its @key and @name members, its @value member as the payload and
 * the whole entry as details. */
static gboolean
seed_references (Seed        *seed,
                 JsonArray   *array,
                 const char  *kind,
                 const char  *key,
                 const char  *name,
                 const char  *value,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (array == NULL)
    return TRUE;
  if (!(stmt = hl_db_prepare (seed->db,
                              "INSERT INTO reference_items (kind, remote_id, key, name, value, details)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);
      g_autofree char *details = json_to_string (node, FALSE);

      sqlite3_reset (stmt);
      hl_db_bind_text (stmt, 1, kind);
      hl_db_bind_text (stmt, 2, opt_string (obj, "id"));
      hl_db_bind_text (stmt, 3, opt_string (obj, key));
      hl_db_bind_text (stmt, 4, opt_string (obj, name));
      hl_db_bind_text (stmt, 5, opt_string (obj, value));
      hl_db_bind_text (stmt, 6, details);
      if (!hl_db_step_done (seed->db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Canned responses: the composer finds them by short code. */
static gboolean
seed_canned_responses (Seed       *seed,
                       JsonArray  *array,
                       GError    **error)
{
  return seed_references (seed, array, "canned-response", "short_code", "short_code", "content", error);
}

/* Custom attribute definitions for contacts: the record editor offers a field of each one's type. */
static gboolean
seed_contact_attributes (Seed       *seed,
                         JsonArray  *array,
                         GError    **error)
{
  return seed_references (seed, array, "contact-attribute", "attribute_key", "attribute_display_name",
                          "attribute_display_type", error);
}

static gboolean
seed_conversations (Seed       *seed,
                    JsonArray  *array,
                    GError    **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_auto(GStrv) labels = string_array (obj, "labels");
      const char *id = opt_string (obj, "id");
      HlConversationData data = {
        .inbox = opt_string (obj, "inbox"),
        .subject = opt_string (obj, "subject"),
        .assignee_id = lookup_id (seed->agents, opt_string (obj, "assignee")),
        .team = opt_string (obj, "team"),
        .contact_id = lookup_id (seed->contacts, opt_string (obj, "contact")),
        .labels = (const char * const *) labels,
        .unread = json_object_get_int_member_with_default (obj, "unread", 0),
        .created_at = minutes (seed, obj, "created"),
        .first_response_due = minutes (seed, obj, "first_response_due"),
        .resolution_due = minutes (seed, obj, "resolution_due"),
        .snoozed_until = minutes (seed, obj, "snoozed_until"),
      };
      int channel, status, priority;
      gint64 row;

      if (id == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A conversation in the demo data has no id");
          return FALSE;
        }

      if (!parse_enum (HL_TYPE_CHANNEL, obj, "channel", HL_CHANNEL_CHAT, &channel, error) ||
          !parse_enum (HL_TYPE_CONVERSATION_STATUS, obj, "status", HL_CONVERSATION_STATUS_OPEN, &status, error) ||
          !parse_enum (HL_TYPE_PRIORITY, obj, "priority", HL_PRIORITY_NONE, &priority, error))
        return FALSE;

      data.channel = channel;
      data.status = status;
      data.priority = priority;
      if (data.created_at == 0)
        data.created_at = seed->now;

      if (!(row = hl_db_insert_conversation (seed->db, &data, error)) ||
          !seed_messages (seed, row, get_array (obj, "messages"), error))
        return FALSE;

      remember_id (seed->conversations, id, row);
    }

  return TRUE;
}

static gboolean
seed_calls (Seed       *seed,
            JsonArray  *array,
            GError    **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      JsonNode *quality_node = json_object_get_member (obj, "quality");
      JsonObject *quality = quality_node && JSON_NODE_HOLDS_OBJECT (quality_node) ? json_node_get_object (quality_node) : NULL;
      gint64 ring = json_object_get_int_member_with_default (obj, "ring_seconds", 0);
      gint64 talk = json_object_get_int_member_with_default (obj, "talk_seconds", 0);
      HlCallData data = {
        .conversation_id = lookup_id (seed->conversations, opt_string (obj, "conversation")),
        .contact_id = lookup_id (seed->contacts, opt_string (obj, "contact")),
        .agent_id = lookup_id (seed->agents, opt_string (obj, "agent")),
        .remote_uri = opt_string (obj, "remote"),
        .started_at = minutes (seed, obj, "start"),
        .disposition = opt_string (obj, "disposition"),
        .mos = -1,
      };
      int direction, result;

      if (!parse_enum (HL_TYPE_CALL_DIRECTION, obj, "direction", HL_CALL_DIRECTION_INCOMING, &direction, error) ||
          !parse_enum (HL_TYPE_CALL_RESULT, obj, "result", HL_CALL_RESULT_ANSWERED, &result, error))
        return FALSE;

      if (data.remote_uri == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Call %s in the demo data has no remote party",
                       opt_string (obj, "id") ? opt_string (obj, "id") : "?");
          return FALSE;
        }

      data.direction = direction;
      data.result = result;
      if (data.result == HL_CALL_RESULT_ANSWERED)
        data.answered_at = data.started_at + ring;
      data.ended_at = data.started_at + ring + talk;

      if (quality != NULL)
        {
          data.mos = json_object_get_double_member_with_default (quality, "mos", -1);
          data.jitter_ms = json_object_get_double_member_with_default (quality, "jitter_ms", 0);
          data.loss_pct = json_object_get_double_member_with_default (quality, "loss_pct", 0);
          data.rtt_ms = json_object_get_double_member_with_default (quality, "rtt_ms", 0);
        }

      if (!hl_db_insert_call (seed->db, &data, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
seed_articles (Seed       *seed,
               JsonArray  *array,
               GError    **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      HlArticleData data = {
        .locale = opt_string (obj, "locale"),
        .category = opt_string (obj, "category"),
        .title = opt_string (obj, "title"),
        .body = opt_string (obj, "body"),
        .updated_at = minutes (seed, obj, "updated"),
      };

      if (data.locale == NULL || data.title == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Article %s in the demo data has no locale or title",
                       opt_string (obj, "id") ? opt_string (obj, "id") : "?");
          return FALSE;
        }

      if (!hl_db_insert_article (seed->db, &data, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
load_roots (GError **error)
{
  g_auto(GStrv) names = g_resources_enumerate_children (DEMO_PATH, 0, error);
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);

  if (names == NULL)
    return NULL;

  sorted = g_ptr_array_new ();
  for (guint i = 0; names[i]; i++)
    if (g_str_has_suffix (names[i], ".json"))
      g_ptr_array_add (sorted, names[i]);
  g_ptr_array_sort (sorted, compare_names);

  for (guint i = 0; i < sorted->len; i++)
    {
      g_autofree char *path = g_strconcat (DEMO_PATH, g_ptr_array_index (sorted, i), NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *text;

      if (bytes == NULL)
        return NULL;

      text = g_bytes_get_data (bytes, &len);
      if (!json_parser_load_from_data (parser, text, len, error))
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }

      if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a JSON object", path);
          return NULL;
        }

      g_ptr_array_add (roots, g_object_ref (parser));
    }

  return g_steal_pointer (&roots);
}

gboolean
hl_demo_seed (sqlite3  *db,
              gint64    now,
              GError  **error)
{
  typedef gboolean (*Stage) (Seed *, JsonArray *, GError **);
  static const struct { const char *member; Stage func; } stages[] = {
    { "agents", seed_agents },
    { "contacts", seed_contacts },
    { "conversations", seed_conversations },
    { "calls", seed_calls },
    { "articles", seed_articles },
    { "canned_responses", seed_canned_responses },
    { "contact_attributes", seed_contact_attributes },
  };
  g_autoptr(GPtrArray) roots = NULL;
  Seed seed = { db, now };
  gboolean ret = FALSE;

  if (!(roots = load_roots (error)))
    return FALSE;

  seed.agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  seed.contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  seed.conversations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Stage by stage across all files, so that a file may refer to what another defines. */
  for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
    for (guint i = 0; i < roots->len; i++)
      {
        JsonObject *root = json_node_get_object (json_parser_get_root (g_ptr_array_index (roots, i)));

        if (!stages[s].func (&seed, get_array (root, stages[s].member), error))
          goto out;
      }

  ret = TRUE;

out:
  g_hash_table_unref (seed.agents);
  g_hash_table_unref (seed.contacts);
  g_hash_table_unref (seed.conversations);

  return ret;
}

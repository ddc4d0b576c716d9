/* hl-chatwoot-batch.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootSync"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-backend-error.h"
#include "hl-chatwoot-batch.h"

#define BACKEND "chatwoot"

/* Which members a reference list entry is read from (API.md §4, §6, custom attribute definitions). */
typedef struct
{
  gboolean    wrapped;   /* {"payload": [...]} rather than a bare array */
  const char *key;
  const char *name;
  const char *value;
} ReferenceShape;

static const ReferenceShape reference_shapes[] = {
  [HL_REFERENCE_INBOX] = { TRUE, "name", "name", "channel_type" },
  [HL_REFERENCE_TEAM] = { FALSE, "name", "name", "description" },
  [HL_REFERENCE_LABEL] = { TRUE, "title", "title", "color" },
  [HL_REFERENCE_CANNED_RESPONSE] = { FALSE, "short_code", "short_code", "content" },
  [HL_REFERENCE_CONTACT_ATTRIBUTE] = { FALSE, "attribute_key", "attribute_display_name", "attribute_display_type" },
  [HL_REFERENCE_CONVERSATION_ATTRIBUTE] = { FALSE, "attribute_key", "attribute_display_name", "attribute_display_type" },
};

static void
batch_clear (HlChatwootBatch *batch)
{
  g_clear_pointer (&batch->agents, g_ptr_array_unref);
  g_clear_pointer (&batch->presence, g_hash_table_unref);
  g_clear_pointer (&batch->contacts, g_ptr_array_unref);
  g_clear_pointer (&batch->deleted_contacts, g_ptr_array_unref);
  g_clear_pointer (&batch->conversations, g_ptr_array_unref);
  g_clear_pointer (&batch->messages, g_ptr_array_unref);
  g_clear_pointer (&batch->unread, g_hash_table_unref);
  g_clear_pointer (&batch->articles, g_ptr_array_unref);
  g_clear_pointer (&batch->kept_articles, g_ptr_array_unref);
  g_clear_pointer (&batch->refetched, g_ptr_array_unref);
  for (guint i = 0; i < HL_N_REFERENCE_KINDS; i++)
    g_clear_pointer (&batch->references[i], g_array_unref);
  g_clear_pointer (&batch->sync_values, g_hash_table_unref);
  g_clear_pointer (&batch->cursors, g_hash_table_unref);
  g_clear_pointer (&batch->local_ids, g_hash_table_unref);
  g_clear_pointer (&batch->strings, g_string_chunk_free);
}

HlChatwootBatch *
hl_chatwoot_batch_new (void)
{
  HlChatwootBatch *batch = g_rc_box_new0 (HlChatwootBatch);

  batch->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_chatwoot_agent_free);
  batch->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_chatwoot_contact_free);
  batch->deleted_contacts = g_ptr_array_new_with_free_func (g_free);
  batch->conversations = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_chatwoot_conversation_free);
  batch->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_chatwoot_message_free);
  batch->articles = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_chatwoot_article_free);
  batch->unread = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  batch->sync_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  batch->cursors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  batch->local_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  batch->strings = g_string_chunk_new (512);

  return batch;
}

HlChatwootBatch *
hl_chatwoot_batch_ref (HlChatwootBatch *batch)
{
  return g_rc_box_acquire (batch);
}

void
hl_chatwoot_batch_unref (HlChatwootBatch *batch)
{
  g_rc_box_release_full (batch, (GDestroyNotify) batch_clear);
}

gboolean
hl_chatwoot_batch_is_empty (HlChatwootBatch *batch)
{
  for (guint i = 0; i < HL_N_REFERENCE_KINDS; i++)
    if (batch->references[i] != NULL)
      return FALSE;

  return batch->agents->len == 0 && batch->presence == NULL && batch->contacts->len == 0 &&
         batch->deleted_contacts->len == 0 && batch->conversations->len == 0 &&
         batch->messages->len == 0 && batch->articles->len == 0 && g_hash_table_size (batch->unread) == 0 &&
         batch->kept_articles == NULL && batch->refetched == NULL && g_hash_table_size (batch->sync_values) == 0;
}

void
hl_chatwoot_batch_set_sync_value (HlChatwootBatch *batch,
                                  const char      *key,
                                  const char      *value)
{
  g_hash_table_replace (batch->sync_values, g_strdup (key), g_strdup (value));
}

static gboolean
malformed (GError     **error,
           const char  *path,
           const char  *what)
{
  g_set_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED,
               _("The server sent data Helpline cannot read (%s: %s)"), path, what);
  return FALSE;
}

/* A string member (NULL when absent or null); FALSE for any other type. */
static gboolean
read_string (JsonObject   *object,
             const char   *member,
             const char  **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
add_reference (HlChatwootBatch  *batch,
               HlReferenceKind   kind,
               JsonObject       *item,
               const char       *path,
               GError          **error)
{
  const ReferenceShape *shape = &reference_shapes[kind];
  JsonNode *id = json_object_get_member (item, "id");
  g_autoptr(JsonNode) item_node = json_node_init_object (json_node_alloc (), item);
  g_autofree char *details = json_to_string (item_node, FALSE);
  HlReferenceData data = { 0 };
  const char *key, *name, *value;
  char remote_id[24];

  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64)
    return malformed (error, path, _("the id is not a number"));
  if (!read_string (item, shape->key, &key) || key == NULL)
    return malformed (error, path, shape->key);
  if (!read_string (item, shape->name, &name) || !read_string (item, shape->value, &value))
    return malformed (error, path, _("expected a string"));

  if (batch->references[kind] == NULL)
    batch->references[kind] = g_array_new (FALSE, TRUE, sizeof (HlReferenceData));

  g_snprintf (remote_id, sizeof remote_id, "%" G_GINT64_FORMAT, json_node_get_int (id));
  data.remote_id = g_string_chunk_insert (batch->strings, remote_id);
  data.key = g_string_chunk_insert (batch->strings, key);
  data.name = name ? g_string_chunk_insert (batch->strings, name) : data.key;
  data.value = value ? g_string_chunk_insert (batch->strings, value) : NULL;
  data.details = g_string_chunk_insert (batch->strings, details);
  g_array_append_val (batch->references[kind], data);

  return TRUE;
}

/* Adds a whole reference list as the server answered it. Custom attribute definitions hold both
 * kinds: pass either attribute kind and each entry goes by its attribute_model. */
gboolean
hl_chatwoot_batch_add_references (HlChatwootBatch  *batch,
                                  HlReferenceKind   kind,
                                  JsonNode         *root,
                                  GError          **error)
{
  gboolean attributes = kind == HL_REFERENCE_CONTACT_ATTRIBUTE || kind == HL_REFERENCE_CONVERSATION_ATTRIBUTE;
  JsonNode *list = root;
  JsonArray *array;

  g_return_val_if_fail (kind < HL_N_REFERENCE_KINDS, FALSE);

  if (reference_shapes[kind].wrapped)
    {
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
          !(list = json_object_get_member (json_node_get_object (root), "payload")))
        return malformed (error, "payload", _("missing"));
    }
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return malformed (error, reference_shapes[kind].wrapped ? "payload" : "(root)", _("expected an array"));

  /* An empty list replaces what the store had, too. */
  if (attributes)
    {
      for (guint k = HL_REFERENCE_CONTACT_ATTRIBUTE; k <= HL_REFERENCE_CONVERSATION_ATTRIBUTE; k++)
        if (batch->references[k] == NULL)
          batch->references[k] = g_array_new (FALSE, TRUE, sizeof (HlReferenceData));
    }
  else if (batch->references[kind] == NULL)
    batch->references[kind] = g_array_new (FALSE, TRUE, sizeof (HlReferenceData));

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("%s[%u]", reference_shapes[kind].wrapped ? "payload" : "", i);
      HlReferenceKind item_kind = kind;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return malformed (error, path, _("expected an object"));

      if (attributes)
        {
          const char *model = NULL;

          if (!read_string (json_node_get_object (element), "attribute_model", &model))
            return malformed (error, path, "attribute_model");
          if (g_strcmp0 (model, "contact_attribute") == 0)
            item_kind = HL_REFERENCE_CONTACT_ATTRIBUTE;
          else if (g_strcmp0 (model, "conversation_attribute") == 0)
            item_kind = HL_REFERENCE_CONVERSATION_ATTRIBUTE;
          else
            continue;  /* company attributes: nothing in the store uses them */
        }

      if (!add_reference (batch, item_kind, json_node_get_object (element), path, error))
        return FALSE;
    }

  return TRUE;
}

static HlAvailability
availability_from_string (const char *name)
{
  if (g_strcmp0 (name, "online") == 0)
    return HL_AVAILABILITY_ONLINE;
  if (g_strcmp0 (name, "busy") == 0)
    return HL_AVAILABILITY_BUSY;
  return HL_AVAILABILITY_OFFLINE;
}

/* presence.update data (API.md §11.3): {"account_id", "users": {"<id>": "online"|"busy"|…}, …} */
gboolean
hl_chatwoot_batch_add_presence (HlChatwootBatch  *batch,
                                JsonObject       *data,
                                GError          **error)
{
  JsonNode *users = json_object_get_member (data, "users");
  JsonObjectIter iter;
  const char *id;
  JsonNode *value;

  if (users == NULL || !JSON_NODE_HOLDS_OBJECT (users))
    return malformed (error, "users", _("expected an object"));

  if (batch->presence == NULL)
    batch->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  json_object_iter_init (&iter, json_node_get_object (users));
  while (json_object_iter_next (&iter, &id, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return malformed (error, "users", _("expected a string"));
      g_hash_table_replace (batch->presence, g_strdup (id),
                            GINT_TO_POINTER (availability_from_string (json_node_get_string (value))));
    }

  return TRUE;
}

/* Worker side ------------------------------------------------------------------------------------ */

static gboolean
find_remote (sqlite3        *db,
             HlStoreTables   table,
             gint64          remote,
             gint64         *id,
             GError        **error)
{
  char text[24];

  *id = 0;
  if (remote <= 0)
    return TRUE;

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, remote);
  return hl_store_sync_find (db, table, text, id, error);
}

static gboolean
apply_message (sqlite3            *db,
               HlChatwootBatch    *batch,
               HlChatwootMessage  *message,
               gint64              conversation_id,
               GError            **error)
{
  HlMessageData data = message->data;
  gint64 sender = 0;

  if (!find_remote (db, HL_STORE_TABLE_AGENTS, message->sender_user_id, &sender, error))
    return FALSE;

  data.conversation_id = conversation_id;
  data.sender_agent_id = sender;

  return hl_store_sync_message (db, &data, message->error, error) != 0;
}

static gboolean
apply_conversation (sqlite3                 *db,
                    HlChatwootBatch         *batch,
                    HlChatwootConversation  *conv,
                    gint64                   now,
                    GError                 **error)
{
  HlConversationData data = conv->data;
  gint64 contact = 0, assignee = 0, id;

  if (conv->contact != NULL)
    {
      if (!(contact = hl_store_sync_contact (db, &conv->contact->data, now, error)))
        return FALSE;
    }
  else if (!find_remote (db, HL_STORE_TABLE_CONTACTS, conv->contact_remote_id, &contact, error))
    return FALSE;

  if (!find_remote (db, HL_STORE_TABLE_AGENTS, conv->assignee_user_id, &assignee, error))
    return FALSE;

  if (batch->want_cursors)
    {
      gint64 existing = 0, newest = 0;

      if (!find_remote (db, HL_STORE_TABLE_CONVERSATIONS, conv->id, &existing, error))
        return FALSE;
      if (existing > 0 && (newest = hl_store_sync_newest_message (db, existing, error)) < 0)
        return FALSE;
      g_hash_table_replace (batch->cursors, g_memdup2 (&conv->id, sizeof conv->id),
                            g_memdup2 (&newest, sizeof newest));
    }

  data.contact_id = contact;
  data.assignee_id = assignee;
  if (!(id = hl_store_sync_conversation (db, &data, conv->last_activity_at, conv->waiting_since, error)))
    return FALSE;

  g_hash_table_replace (batch->local_ids, g_memdup2 (&conv->id, sizeof conv->id), g_memdup2 (&id, sizeof id));

  return conv->last_message == NULL || apply_message (db, batch, conv->last_message, id, error);
}

/* A NULL-terminated copy of @strings (shared with the sync run: left as it is). */
static GPtrArray *
null_terminated (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_copy (strings, NULL, NULL);

  g_ptr_array_set_free_func (copy, NULL);   /* the copy has the original's: the strings stay theirs */
  g_ptr_array_add (copy, NULL);
  return copy;
}

static gboolean
apply_all (sqlite3          *db,
           HlChatwootBatch  *batch,
           HlStoreTables    *changed,
           GError          **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer key, value;

  for (guint k = 0; k < HL_N_REFERENCE_KINDS; k++)
    {
      GArray *items = batch->references[k];

      if (items == NULL)
        continue;
      if (!hl_store_sync_references (db, k, (HlReferenceData *) items->data, items->len, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_REFERENCE;
    }

  for (guint i = 0; i < batch->agents->len; i++)
    {
      HlChatwootAgent *agent = g_ptr_array_index (batch->agents, i);

      if (!hl_store_sync_agent (db, &agent->data, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_AGENTS;
    }

  if (batch->presence != NULL)
    {
      if (!hl_store_sync_presence (db, batch->presence, now, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_AGENTS;
    }

  for (guint i = 0; i < batch->contacts->len; i++)
    {
      HlChatwootContact *contact = g_ptr_array_index (batch->contacts, i);

      if (!hl_store_sync_contact (db, &contact->data, now, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_CONTACTS;
    }

  for (guint i = 0; i < batch->deleted_contacts->len; i++)
    {
      if (!hl_store_sync_delete_contact (db, g_ptr_array_index (batch->deleted_contacts, i), error))
        return FALSE;
      *changed |= HL_STORE_TABLE_CONTACTS | HL_STORE_TABLE_CONVERSATIONS;
    }

  for (guint i = 0; i < batch->conversations->len; i++)
    {
      if (!apply_conversation (db, batch, g_ptr_array_index (batch->conversations, i), now, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_CONTACTS | HL_STORE_TABLE_MESSAGES;
    }

  for (guint i = 0; i < batch->messages->len; i++)
    {
      HlChatwootMessage *message = g_ptr_array_index (batch->messages, i);
      gint64 conversation = 0;
      gint64 *known = g_hash_table_lookup (batch->local_ids, &message->conversation_remote_id);

      if (known != NULL)
        conversation = *known;
      else if (!find_remote (db, HL_STORE_TABLE_CONVERSATIONS, message->conversation_remote_id, &conversation, error))
        return FALSE;

      if (conversation == 0)
        {
          batch->missing_conversations++;
          continue;
        }

      if (!apply_message (db, batch, message, conversation, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_MESSAGES | HL_STORE_TABLE_CONVERSATIONS;
    }

  g_hash_table_iter_init (&iter, batch->unread);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char remote[24];

      g_snprintf (remote, sizeof remote, "%" G_GINT64_FORMAT, *(gint64 *) key);
      if (!hl_store_sync_unread (db, remote, GPOINTER_TO_INT (value), error))
        return FALSE;
      *changed |= HL_STORE_TABLE_CONVERSATIONS;
    }

  for (guint i = 0; i < batch->articles->len; i++)
    {
      HlChatwootArticle *article = g_ptr_array_index (batch->articles, i);

      if (!hl_store_sync_article (db, &article->data, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_ARTICLES;
    }

  if (batch->kept_articles != NULL)
    {
      g_autoptr(GPtrArray) ids = null_terminated (batch->kept_articles);

      if (!hl_store_sync_keep_articles (db, (const char * const *) ids->pdata, changed, error))
        return FALSE;
    }

  if (batch->refetched != NULL)
    {
      g_autoptr(GPtrArray) marks = null_terminated (batch->refetched);

      if (!hl_store_sync_forget_refetches (db, BACKEND, (const char * const *) marks->pdata, error))
        return FALSE;
    }

  g_hash_table_iter_init (&iter, batch->sync_values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!hl_db_set_sync_value (db, BACKEND, key, value, error))
        return FALSE;
      *changed |= HL_STORE_TABLE_SYNC;
    }

  return TRUE;
}

/* The HlStoreFunc: everything in one transaction; on failure nothing of the batch stays. */
gpointer
hl_chatwoot_batch_apply (sqlite3        *db,
                         gpointer        data,
                         HlStoreTables  *changed,
                         GError        **error)
{
  HlChatwootBatch *batch = data;
  HlStoreTables written = HL_STORE_TABLE_NONE;

  if (!hl_db_begin (db, error))
    return NULL;

  if (!apply_all (db, batch, &written, error) || !hl_db_commit (db, error))
    {
      hl_db_rollback (db);
      g_hash_table_remove_all (batch->local_ids);
      return NULL;
    }

  *changed |= written;
  return GINT_TO_POINTER (TRUE);
}

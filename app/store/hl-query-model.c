/* hl-query-model.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlQueryModel"

#include "config.h"

#include "hl-query-model.h"
#include "hl-record.h"
#include "hl-store-private.h"

/* A GListModel over one store query, for lists of any length.
 *
 * The query selects only "id, rev" in display order: for 100,000 conversations that is a list of
 * integers, read on the store worker in a few milliseconds. Items are created only when the list
 * view asks for them, as placeholders that the worker fills in batches; a row appears as soon as
 * its batch lands (HlRecord:loaded). When the store reports a change to a watched table, the id
 * list is read again and compared with the old one: the common head and tail stay, one
 * ::items-changed covers the difference, and rows that kept their place but whose "rev" moved are
 * re-read and merged into the same objects, so their widgets update through property notifications
 * instead of being rebuilt. */

typedef struct
{
  HlRecord *item;
  gint64    rev;     /* the rev it was (or is being) loaded at; -1 before the first load */
} CacheEntry;

typedef struct
{
  GArray *ids;
  GArray *revs;
} IdList;

typedef struct
{
  GType   item_type;
  GArray *ids;
} LoadRequest;

struct _HlQueryModel
{
  GObject        parent_instance;

  HlStore       *store;
  GType          item_type;
  HlStoreTables  watch;
  char          *sql;
  GVariant      *params;

  GArray        *ids;
  GArray        *revs;
  GHashTable    *cache;        /* id → CacheEntry */
  GArray        *to_load;      /* ids waiting for the next load batch */

  GCancellable  *refresh_cancellable;
  guint          refresh_source;
  guint          load_source;
  guint          loading : 1;
  guint          refresh_again : 1;
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

enum {
  REFRESHED,
  N_SIGNALS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlQueryModel, hl_query_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_object (&entry->item);
  g_free (entry);
}

static void
id_list_free (gpointer data)
{
  IdList *list = data;

  g_array_unref (list->ids);
  g_array_unref (list->revs);
  g_free (list);
}

static void
load_request_free (gpointer data)
{
  LoadRequest *req = data;

  g_array_unref (req->ids);
  g_free (req);
}

/* Worker side */

typedef struct
{
  char     *sql;
  GVariant *params;
} QueryRequest;

static void
query_request_free (gpointer data)
{
  QueryRequest *req = data;

  g_free (req->sql);
  g_clear_pointer (&req->params, g_variant_unref);
  g_free (req);
}

static gpointer
read_ids (sqlite3        *db,
          gpointer        data,
          HlStoreTables  *changed,
          GError        **error)
{
  QueryRequest *req = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  IdList *list;
  int rc;

  if (!(stmt = hl_db_prepare (db, req->sql, error)) ||
      !hl_db_bind_params (db, stmt, req->params, error))
    return NULL;

  list = g_new0 (IdList, 1);
  list->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  list->revs = g_array_new (FALSE, FALSE, sizeof (gint64));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 rev = sqlite3_column_int64 (stmt, 1);

      g_array_append_val (list->ids, id);
      g_array_append_val (list->revs, rev);
    }

  if (rc != SQLITE_DONE)
    {
      id_list_free (list);
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return list;
}

static gpointer
read_rows (sqlite3        *db,
           gpointer        data,
           HlStoreTables  *changed,
           GError        **error)
{
  LoadRequest *req = data;
  g_autoptr(GTypeClass) klass = g_type_class_ref (req->item_type);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  if (!(stmt = hl_db_prepare (db, HL_RECORD_CLASS (klass)->row_sql, error)))
    return NULL;

  for (guint i = 0; i < req->ids->len; i++)
    {
      gint64 id = g_array_index (req->ids, gint64, i);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (rows, hl_record_new_from_stmt (req->item_type, id, stmt));
      else if (rc != SQLITE_DONE)
        {
          hl_store_set_error (error, db, rc);
          return NULL;
        }
    }

  return g_steal_pointer (&rows);
}

/* Main thread */

static void
set_loading (HlQueryModel *self,
             gboolean      loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HlQueryModel) self = user_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (!(rows = hl_store_run_finish (HL_STORE (object), result, &error)))
    {
      /* A closed workspace (its window went away) has nothing more to show. */
      if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_CLOSED))
        g_debug ("Rows not loaded: %s", error->message);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load rows: %s", error->message);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      HlRecord *fresh = g_ptr_array_index (rows, i);
      CacheEntry *entry = g_hash_table_lookup (self->cache, &(gint64) { hl_record_get_id (fresh) });

      if (entry != NULL)
        hl_record_update_from (entry->item, fresh);
    }
}

static gboolean
load_pending (gpointer user_data)
{
  HlQueryModel *self = user_data;
  LoadRequest *req;

  self->load_source = 0;

  if (self->to_load->len == 0)
    return G_SOURCE_REMOVE;

  req = g_new0 (LoadRequest, 1);
  req->item_type = self->item_type;
  req->ids = g_steal_pointer (&self->to_load);
  self->to_load = g_array_new (FALSE, FALSE, sizeof (gint64));

  hl_store_run_async (self->store, read_rows, req, load_request_free, (GDestroyNotify) g_ptr_array_unref,
                      NULL, load_done, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
queue_load (HlQueryModel *self,
            gint64        id)
{
  g_array_append_val (self->to_load, id);

  if (self->load_source == 0)
    self->load_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, load_pending, self, NULL);
}

static void
apply_ids (HlQueryModel *self,
           IdList       *list)
{
  g_autoptr(GHashTable) alive = NULL;
  GHashTableIter iter;
  CacheEntry *entry;
  gint64 *key;
  guint old_len = self->ids->len;
  guint new_len = list->ids->len;
  guint prefix = 0;
  guint suffix = 0;
  const gint64 *old_ids = (const gint64 *) (gpointer) self->ids->data;
  const gint64 *new_ids = (const gint64 *) (gpointer) list->ids->data;

  while (prefix < old_len && prefix < new_len && old_ids[prefix] == new_ids[prefix])
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old_ids[old_len - 1 - suffix] == new_ids[new_len - 1 - suffix])
    suffix++;

  g_array_unref (self->ids);
  g_array_unref (self->revs);
  self->ids = g_array_ref (list->ids);
  self->revs = g_array_ref (list->revs);

  /* Keep the objects of rows that stay (their widgets may be bound), re-read the ones whose rev
   * moved, drop the rest. */
  if (g_hash_table_size (self->cache) > 0)
    {
      alive = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < new_len; i++)
        {
          if ((entry = g_hash_table_lookup (self->cache, &new_ids[i])))
            {
              gint64 rev = g_array_index (self->revs, gint64, i);

              g_hash_table_add (alive, (gpointer) &new_ids[i]);
              if (entry->rev != rev)
                {
                  entry->rev = rev;
                  queue_load (self, new_ids[i]);
                }
            }
        }

      g_hash_table_iter_init (&iter, self->cache);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &entry))
        if (!g_hash_table_contains (alive, key))
          g_hash_table_iter_remove (&iter);
    }

  if (prefix + suffix < old_len || prefix + suffix < new_len)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                  old_len - prefix - suffix, new_len - prefix - suffix);
      if (old_len != new_len)
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
    }
}

static void refresh_now (HlQueryModel *self);

static void
refresh_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HlQueryModel) self = user_data;
  g_autoptr(GError) error = NULL;
  IdList *list;

  list = hl_store_run_finish (HL_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->refresh_cancellable);

  if (list == NULL && g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_CLOSED))
    g_debug ("List not read: %s", error->message);
  else if (list == NULL)
    g_warning ("Could not read the list: %s", error->message);
  else
    {
      apply_ids (self, list);
      id_list_free (list);
    }

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      refresh_now (self);
      return;
    }

  set_loading (self, FALSE);
  g_signal_emit (self, signals [REFRESHED], 0);
}

static void
refresh_now (HlQueryModel *self)
{
  QueryRequest *req;

  if (self->sql == NULL)
    return;

  /* One refresh at a time: a change during a refresh asks for one more afterwards. */
  if (self->refresh_cancellable != NULL)
    {
      self->refresh_again = TRUE;
      return;
    }

  req = g_new0 (QueryRequest, 1);
  req->sql = g_strdup (self->sql);
  req->params = self->params ? g_variant_ref (self->params) : NULL;

  self->refresh_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  hl_store_run_async (self->store, read_ids, req, query_request_free, id_list_free,
                      self->refresh_cancellable, refresh_done, g_object_ref (self));
}

static gboolean
refresh_idle (gpointer user_data)
{
  HlQueryModel *self = user_data;

  self->refresh_source = 0;
  refresh_now (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (HlQueryModel *self,
                  guint         tables,
                  HlStore      *store)
{
  if ((tables & self->watch) != 0)
    hl_query_model_refresh (self);
}

/* GListModel */

static GType
hl_query_model_get_item_type (GListModel *model)
{
  return HL_QUERY_MODEL (model)->item_type;
}

static guint
hl_query_model_get_n_items (GListModel *model)
{
  return HL_QUERY_MODEL (model)->ids->len;
}

static gpointer
hl_query_model_get_item (GListModel *model,
                         guint       position)
{
  HlQueryModel *self = HL_QUERY_MODEL (model);
  CacheEntry *entry;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);

  if (!(entry = g_hash_table_lookup (self->cache, &id)))
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      entry = g_new0 (CacheEntry, 1);
      entry->item = hl_record_new_from_stmt (self->item_type, id, NULL);
      entry->rev = g_array_index (self->revs, gint64, position);
      g_hash_table_insert (self->cache, key, entry);
      queue_load (self, id);
    }

  return g_object_ref (entry->item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hl_query_model_get_item_type;
  iface->get_n_items = hl_query_model_get_n_items;
  iface->get_item = hl_query_model_get_item;
}

/* GObject */

static void
hl_query_model_dispose (GObject *object)
{
  HlQueryModel *self = (HlQueryModel *)object;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hl_query_model_parent_class)->dispose (object);
}

static void
hl_query_model_finalize (GObject *object)
{
  HlQueryModel *self = (HlQueryModel *)object;

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->revs, g_array_unref);
  g_clear_pointer (&self->to_load, g_array_unref);
  g_clear_pointer (&self->params, g_variant_unref);
  g_clear_pointer (&self->sql, g_free);

  G_OBJECT_CLASS (hl_query_model_parent_class)->finalize (object);
}

static void
hl_query_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HlQueryModel *self = HL_QUERY_MODEL (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_query_model_class_init (HlQueryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_query_model_dispose;
  object_class->finalize = hl_query_model_finalize;
  object_class->get_property = hl_query_model_get_property;

  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        HL_TYPE_RECORD,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HlQueryModel::refreshed:
   *
   * Emitted when a refresh has been applied and no further one is queued.
   */
  signals [REFRESHED] =
    g_signal_new ("refreshed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
hl_query_model_init (HlQueryModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->revs = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->to_load = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, cache_entry_free);
}

/**
 * hl_query_model_new:
 * @store: the workspace store
 * @item_type: an #HlRecord subtype
 * @watch: the tables whose changes make the list refresh
 */
HlQueryModel *
hl_query_model_new (HlStore       *store,
                    GType          item_type,
                    HlStoreTables  watch)
{
  HlQueryModel *self;

  g_return_val_if_fail (HL_IS_STORE (store), NULL);
  g_return_val_if_fail (g_type_is_a (item_type, HL_TYPE_RECORD), NULL);

  /* Make sure the class exists before the worker instantiates it. */
  g_type_class_unref (g_type_class_ref (item_type));

  self = g_object_new (HL_TYPE_QUERY_MODEL, NULL);
  self->store = g_object_ref (store);
  self->item_type = item_type;
  self->watch = watch;

  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * hl_query_model_set_query:
 * @sql: a SELECT of "id, rev" in display order
 * @params: (nullable): a tuple bound to ?1, ?2, … (floating references are sunk)
 *
 * Replaces the query and refreshes.
 */
void
hl_query_model_set_query (HlQueryModel *self,
                          const char   *sql,
                          GVariant     *params)
{
  g_return_if_fail (HL_IS_QUERY_MODEL (self));
  g_return_if_fail (sql != NULL);

  if (params)
    g_variant_ref_sink (params);

  if (g_strcmp0 (sql, self->sql) == 0 &&
      ((params == NULL && self->params == NULL) ||
       (params && self->params && g_variant_equal (params, self->params))))
    {
      g_clear_pointer (&params, g_variant_unref);
      return;
    }

  g_free (self->sql);
  self->sql = g_strdup (sql);
  g_clear_pointer (&self->params, g_variant_unref);
  self->params = params;

  /* A new query supersedes a refresh of the old one. */
  if (self->refresh_cancellable)
    {
      g_cancellable_cancel (self->refresh_cancellable);
      g_clear_object (&self->refresh_cancellable);
      self->refresh_again = FALSE;
    }

  hl_query_model_refresh (self);
}

/* Schedules a refresh; several requests in one main-loop iteration become one. */
void
hl_query_model_refresh (HlQueryModel *self)
{
  g_return_if_fail (HL_IS_QUERY_MODEL (self));

  set_loading (self, TRUE);

  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT, refresh_idle, self, NULL);
}

gboolean
hl_query_model_get_loading (HlQueryModel *self)
{
  g_return_val_if_fail (HL_IS_QUERY_MODEL (self), FALSE);

  return self->loading;
}

/* The position of @id, or G_MAXUINT. Linear, for selection restore and tests. */
guint
hl_query_model_find (HlQueryModel *self,
                     gint64        id)
{
  g_return_val_if_fail (HL_IS_QUERY_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;

  return G_MAXUINT;
}

gint64
hl_query_model_get_id (HlQueryModel *self,
                       guint         position)
{
  g_return_val_if_fail (HL_IS_QUERY_MODEL (self), 0);
  g_return_val_if_fail (position < self->ids->len, 0);

  return g_array_index (self->ids, gint64, position);
}

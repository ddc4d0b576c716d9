/* hl-test-utils.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-store-edits.h"
#include "hl-store-private.h"
#include "hl-secret-store.h"
#include "hl-test-utils.h"

/* Iterates the main context until @check returns TRUE; fails the test after @timeout_ms. */
void
hl_test_wait_until (gboolean (*check) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!check (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u ms waiting for a condition", timeout_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

typedef struct
{
  GListModel *model;
  guint       than;
} MoreItems;

static gboolean
has_more_items (gpointer data)
{
  MoreItems *wait = data;

  return g_list_model_get_n_items (wait->model) > wait->than;
}

/* Waits until @model has more than @than items. */
void
hl_test_wait_more_items (GListModel *model,
                         guint       than,
                         guint       timeout_ms)
{
  hl_test_wait_until (has_more_items, &(MoreItems) { model, than }, timeout_ms);
}

static void
on_signal (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
hl_test_wait_for_signal (gpointer    instance,
                         const char *signal,
                         guint       timeout_ms)
{
  gboolean fired = FALSE;
  gulong id = g_signal_connect_swapped (instance, signal, G_CALLBACK (on_signal), &fired);

  hl_test_wait_until (is_true, &fired, timeout_ms);
  g_signal_handler_disconnect (instance, id);

  return fired;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} OpenState;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenState *state = user_data;

  state->ok = hl_store_open_finish (HL_STORE (object), result, &state->error);
  state->done = TRUE;
}

static gboolean
open_done (gpointer data)
{
  return ((OpenState *) data)->done;
}

HlStore *
hl_test_open_store (const char *path)
{
  HlStore *store = hl_store_new (path);
  OpenState state = { 0 };

  hl_store_open_async (store, NULL, on_opened, &state);
  hl_test_wait_until (open_done, &state, 10000);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);

  return store;
}

/* @name ("demo", a file's workspace…), opened; its store is ready. */
HlWorkspace *
hl_test_open_workspace (const char *name)
{
  HlWorkspace *workspace = hl_workspace_new (name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hl_workspace_open_async (workspace, NULL, hl_test_store_result, &result);
  g_assert_true (hl_workspace_open_finish (workspace, hl_test_wait_result (&result, 30000), &error));
  g_assert_no_error (error);
  return workspace;
}

/* A path in this test's own temporary data directory (G_TEST_OPTION_ISOLATE_DIRS). */
char *
hl_test_temp_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "tests", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

void
hl_test_drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* A GAsyncReadyCallback that keeps the result in *@slot (a GAsyncResult *, NULL before) */
void
hl_test_store_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
}

static gboolean
slot_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Waits for hl_test_store_result to fill *@slot; returns it (still owned by *@slot) */
GAsyncResult *
hl_test_wait_result (GAsyncResult **slot,
                     guint          timeout_ms)
{
  hl_test_wait_until (slot_is_set, slot, timeout_ms);
  return *slot;
}

static gpointer
query_text (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, data, error);
  GString *out = g_string_new (NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '|');
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i ? " " : "",
                                sqlite3_column_type (stmt, i) == SQLITE_NULL ? "NULL" : (const char *) sqlite3_column_text (stmt, i));
    }

  return g_string_free (out, FALSE);
}

/* The rows of a query on @store's worker, as text: columns joined by " ", rows by "|". */
char *
hl_test_query (HlStore    *store,
               const char *format,
               ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return hl_store_run_sync (store, query_text, sql, NULL);
}

/* A reply (or a note) from the agent, written as the composer does; its message row. */
gint64
hl_test_send_message (HlStore    *store,
                      gint64      conversation,
                      const char *body,
                      gboolean    note)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hl_store_send_message_async (store, conversation, body, note, 0, NULL, hl_test_store_result, &result);
  id = hl_store_send_message_finish (store, hl_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gpointer
query_int64 (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  gint64 *result = g_new0 (gint64, 1);

  *result = hl_db_query_int64 (db, data, error);
  return result;
}

/* The first column of the first row of @sql (0 when there is no row); runs any statement. */
gint64
hl_test_store_int64 (HlStore    *store,
                     const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *result = hl_store_run_sync (store, query_int64, (gpointer) sql, &error);

  g_assert_no_error (error);
  return *result;
}

/* A GNetworkMonitor whose network-available the test sets. */

#define HL_TYPE_TEST_MONITOR (hl_test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (HlTestMonitor, hl_test_monitor, HL, TEST_MONITOR, GObject)

struct _HlTestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

static void hl_test_monitor_iface_init (GNetworkMonitorInterface *iface) { }
static void hl_test_monitor_initable_iface_init (GInitableIface *iface) { }

G_DEFINE_FINAL_TYPE_WITH_CODE (HlTestMonitor, hl_test_monitor, G_TYPE_OBJECT,
  G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, hl_test_monitor_initable_iface_init)
  G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, hl_test_monitor_iface_init))

enum { MONITOR_PROP_0, MONITOR_PROP_AVAILABLE, MONITOR_PROP_METERED, MONITOR_PROP_CONNECTIVITY };

static void
hl_test_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HlTestMonitor *self = HL_TEST_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_test_monitor_class_init (HlTestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hl_test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
hl_test_monitor_init (HlTestMonitor *self)
{
}

GNetworkMonitor *
hl_test_network_monitor_new (gboolean available)
{
  HlTestMonitor *self = g_object_new (HL_TYPE_TEST_MONITOR, NULL);

  self->available = available;
  return G_NETWORK_MONITOR (self);
}

/* Emits network-changed, as GIO's monitors do. */
void
hl_test_network_monitor_set_available (GNetworkMonitor *monitor,
                                       gboolean         available)
{
  HL_TEST_MONITOR (monitor)->available = available;
  g_signal_emit_by_name (monitor, "network-changed", available);
}

/* Keyring look-ups */

typedef struct
{
  gboolean  done;
  char     *secret;
  GError   *error;
} Lookup;

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->secret = hl_secret_store_lookup_finish (result, &lookup->error);
  lookup->done = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

/* The stored secret (free with secret_password_free ()), or NULL when there is none. */
char *
hl_test_lookup_secret (const char *kind,
                       const char *account)
{
  Lookup lookup = { 0 };

  hl_secret_store_lookup_async (kind, account, NULL, on_looked_up, &lookup);
  hl_test_wait_until (lookup_done, &lookup, 10000);
  g_assert_no_error (lookup.error);

  return lookup.secret;
}

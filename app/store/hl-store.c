/* hl-store.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "hl-store.h"
#include "hl-store-inbox-search.h"
#include "hl-store-private.h"
#include "hl-store-schema.h"

/* HlStore owns the SQLite connection of one workspace database. The connection lives on a worker
 * thread of its own and every statement runs there, one job after another, so the main loop never
 * waits on the disk and no two threads ever share the connection. Jobs come back to the main
 * context as GTask results; after a job that wrote, the store emits ::changed with the tables it
 * touched and the query models refresh.
 *
 * Durability: WAL with synchronous=FULL. In WAL mode, FULL syncs the log on every commit, so a
 * committed edit survives a power cut, not just a crash. An agent's typed reply is worth an fsync;
 * bulk sync writes come in large transactions, so the cost is one fsync per batch. */

struct _HlStore
{
  GObject       parent_instance;

  char         *path;
  char         *backend;         /* whose outbox receives edits; NULL for the local workspace */
  sqlite3      *db;              /* owned by the worker thread */
  GThread      *worker;
  GAsyncQueue  *jobs;
  gboolean      is_open;
};

typedef struct
{
  HlStore        *store;
  GTask          *task;
  HlStoreFunc     func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  HlStoreTables   changed;
  gpointer        result;
  GError         *error;
  /* for hl_store_run_sync() */
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
  gboolean        sync;
  gboolean        needs_db;
} Job;

enum {
  PROP_0,
  PROP_PATH,
  PROP_IS_OPEN,
  N_PROPS
};

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlStore, hl_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (hl-store-error-quark, hl_store_error)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];
static Job quit_job;

static void
job_free (Job *job)
{
  if (job->data_free && job->data)
    job->data_free (job->data);
  if (job->result_free && job->result)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_clear_object (&job->task);
  g_clear_object (&job->store);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

gboolean
hl_store_set_error (GError  **error,
                    sqlite3  *db,
                    int       rc)
{
  const char *msg = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = HL_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_FULL:
      code = HL_STORE_ERROR_FULL;
      break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      code = HL_STORE_ERROR_UNWRITABLE;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = HL_STORE_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      code = HL_STORE_ERROR_INVALID;
      break;
    case SQLITE_IOERR:
      /* A failing write on a full disk surfaces as an I/O error in WAL mode. */
      code = errno == ENOSPC ? HL_STORE_ERROR_FULL : HL_STORE_ERROR_FAILED;
      break;
    default:
      code = HL_STORE_ERROR_FAILED;
      break;
    }

  g_set_error (error, HL_STORE_ERROR, code, "%s (SQLite %d)", msg, rc);
  return FALSE;
}

gboolean
hl_db_exec (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  char *errmsg = NULL;
  int rc;

  if ((rc = sqlite3_exec (db, sql, NULL, NULL, &errmsg)) != SQLITE_OK)
    {
      g_debug ("exec failed: %s: %s", errmsg, sql);
      sqlite3_free (errmsg);
      return hl_store_set_error (error, db, rc);
    }

  return TRUE;
}

sqlite3_stmt *
hl_db_prepare (sqlite3     *db,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    {
      g_debug ("prepare failed: %s: %s", sqlite3_errmsg (db), sql);
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return stmt;
}

gboolean
hl_db_step_done (sqlite3       *db,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return hl_store_set_error (error, db, rc);

  return TRUE;
}

gboolean
hl_db_begin (sqlite3  *db,
             GError  **error)
{
  return hl_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
hl_db_commit (sqlite3  *db,
              GError  **error)
{
  if (!hl_db_exec (db, "COMMIT", error))
    {
      hl_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

void
hl_db_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

void
hl_db_bind_text (sqlite3_stmt *stmt,
                 int           col,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
}

void
hl_db_bind_time (sqlite3_stmt *stmt,
                 int           col,
                 gint64        unix_time)
{
  if (unix_time == 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, unix_time);
}

/* A row id, or NULL for none (0 or less): the foreign keys. */
void
hl_db_bind_id (sqlite3_stmt *stmt,
               int           col,
               gint64        id)
{
  if (id <= 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, id);
}

/* Binds the children of a tuple GVariant (s, x, i, b, d, or maybe-s for NULL) to ?1, ?2, … */
gboolean
hl_db_bind_params (sqlite3       *db,
                   sqlite3_stmt  *stmt,
                   GVariant      *params,
                   GError       **error)
{
  gsize n;

  if (params == NULL)
    return TRUE;

  /* A statement may use the first few of the values only (an edit's lookups use its target). */
  n = MIN (g_variant_n_children (params), (gsize) sqlite3_bind_parameter_count (stmt));
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (params, i);
      int col = (int) i + 1;
      int rc;

      if (g_variant_is_of_type (child, G_VARIANT_TYPE_STRING))
        rc = sqlite3_bind_text (stmt, col, g_variant_get_string (child, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (child, G_VARIANT_TYPE_INT64))
        rc = sqlite3_bind_int64 (stmt, col, g_variant_get_int64 (child));
      else if (g_variant_is_of_type (child, G_VARIANT_TYPE_INT32))
        rc = sqlite3_bind_int (stmt, col, g_variant_get_int32 (child));
      else if (g_variant_is_of_type (child, G_VARIANT_TYPE_BOOLEAN))
        rc = sqlite3_bind_int (stmt, col, g_variant_get_boolean (child));
      else if (g_variant_is_of_type (child, G_VARIANT_TYPE_DOUBLE))
        rc = sqlite3_bind_double (stmt, col, g_variant_get_double (child));
      else if (g_variant_is_of_type (child, G_VARIANT_TYPE ("ms")))
        {
          g_autoptr(GVariant) inner = g_variant_get_maybe (child);
          rc = inner ? sqlite3_bind_text (stmt, col, g_variant_get_string (inner, NULL), -1, SQLITE_TRANSIENT)
                     : sqlite3_bind_null (stmt, col);
        }
      else
        {
          g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_INVALID,
                       "Cannot bind a parameter of type %s", g_variant_get_type_string (child));
          return FALSE;
        }

      if (rc != SQLITE_OK)
        return hl_store_set_error (error, db, rc);
    }

  return TRUE;
}

gint64
hl_db_query_int64 (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;

  hl_store_set_error (error, db, rc);
  return -1;
}

/* The digits of a phone number with a leading + kept, so that "+34 612 34 56 78" and
 * "+34612345678" match. Caller-id lookups compare these. */
char *
hl_normalize_phone (const char *phone)
{
  GString *out;

  if (phone == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (out, *p);
      else if (*p == '+' && out->len == 0)
        g_string_append_c (out, '+');
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* Worker side */

static gboolean
job_complete_in_main (gpointer user_data)
{
  Job *job = user_data;

  if (job->changed != HL_STORE_TABLE_NONE)
    hl_store_emit_changed (job->store, job->changed);

  if (job->error != NULL)
    {
      if (job->error->domain == HL_STORE_ERROR &&
          (job->error->code == HL_STORE_ERROR_CORRUPT || job->error->code == HL_STORE_ERROR_FULL ||
           job->error->code == HL_STORE_ERROR_UNWRITABLE))
        g_signal_emit (job->store, signals [FAILED], 0, job->error);

      g_task_return_error (job->task, g_steal_pointer (&job->error));
    }
  else
    {
      g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
    }

  job_free (job);

  return G_SOURCE_REMOVE;
}

static gpointer
hl_store_worker (gpointer user_data)
{
  HlStore *self = user_data;
  Job *job;

  while ((job = g_async_queue_pop (self->jobs)) != &quit_job)
    {
      GCancellable *cancellable = job->task ? g_task_get_cancellable (job->task) : NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &job->error))
        ;
      else if (self->db == NULL && job->needs_db)
        g_set_error_literal (&job->error, HL_STORE_ERROR, HL_STORE_ERROR_CLOSED,
                             "The workspace database is not open");
      else
        job->result = job->func (self->db, job->data, &job->changed, &job->error);

      if (job->sync)
        {
          g_mutex_lock (&job->mutex);
          job->done = TRUE;
          g_cond_signal (&job->cond);
          g_mutex_unlock (&job->mutex);
        }
      else
        {
          g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT,
                                      job_complete_in_main, job, NULL);
        }
    }

  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  return NULL;
}

static Job *
job_new (HlStore        *self,
         HlStoreFunc     func,
         gpointer        data,
         GDestroyNotify  data_free,
         GDestroyNotify  result_free)
{
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (self);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->needs_db = TRUE;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  return job;
}

static void
ensure_worker (HlStore *self)
{
  if (self->worker == NULL)
    self->worker = g_thread_new ("hl-store", hl_store_worker, self);
}

/* GObject */

static void
hl_store_dispose (GObject *object)
{
  hl_store_close (HL_STORE (object));

  G_OBJECT_CLASS (hl_store_parent_class)->dispose (object);
}

static void
hl_store_finalize (GObject *object)
{
  HlStore *self = (HlStore *)object;

  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backend, g_free);

  G_OBJECT_CLASS (hl_store_parent_class)->finalize (object);
}

static void
hl_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HlStore *self = HL_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_IS_OPEN:
      g_value_set_boolean (value, self->is_open);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HlStore *self = HL_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_store_class_init (HlStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_store_dispose;
  object_class->finalize = hl_store_finalize;
  object_class->get_property = hl_store_get_property;
  object_class->set_property = hl_store_set_property;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_IS_OPEN] =
    g_param_spec_boolean ("is-open", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HlStore::changed:
   * @tables: the #HlStoreTables a finished job wrote
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * HlStore::failed:
   * @error: a #GError in %HL_STORE_ERROR: corrupt, full or unwritable
   *
   * Emitted when a job hits a condition the user has to know about, whoever ran the job.
   */
  signals [FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
hl_store_init (HlStore *self)
{
  self->jobs = g_async_queue_new ();
}

HlStore *
hl_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (HL_TYPE_STORE, "path", path, NULL);
}

const char *
hl_store_get_path (HlStore *self)
{
  g_return_val_if_fail (HL_IS_STORE (self), NULL);

  return self->path;
}

gboolean
hl_store_get_is_open (HlStore *self)
{
  g_return_val_if_fail (HL_IS_STORE (self), FALSE);

  return self->is_open;
}

const char *
hl_store_get_backend (HlStore *self)
{
  g_return_val_if_fail (HL_IS_STORE (self), NULL);

  return self->backend;
}

/* The local workspace is its own source of truth: with no backend (or "local"), edits write no
 * outbox entries. A server backend sets its name here before the UI can edit. */
void
hl_store_set_backend (HlStore    *self,
                      const char *backend)
{
  g_return_if_fail (HL_IS_STORE (self));

  if (g_strcmp0 (backend, "local") == 0)
    backend = NULL;

  g_free (self->backend);
  self->backend = g_strdup (backend);
}

/* Opening */

static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, HL_STORE_ERROR, errsv == ENOSPC ? HL_STORE_ERROR_FULL : HL_STORE_ERROR_UNWRITABLE,
                   "Cannot create the folder “%s”: %s", dir, g_strerror (errsv));
      return FALSE;
    }

  /* Create the file ourselves so that it never exists with a mode wider than 0600. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, HL_STORE_ERROR, errsv == ENOSPC ? HL_STORE_ERROR_FULL : HL_STORE_ERROR_UNWRITABLE,
                   "Cannot open “%s” for writing: %s", path, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

static gpointer
open_func (sqlite3        *unused,
           gpointer        data,
           HlStoreTables  *changed,
           GError        **error)
{
  HlStore *self = data;
  sqlite3 *db = NULL;
  int rc;

  if (!prepare_file (self->path, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      hl_store_set_error (error, db, rc);
      sqlite3_close_v2 (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, FALSE);
  sqlite3_busy_timeout (db, 2000);

  /* The first statements read the header: a file that isn't a database fails here with NOTADB.
   * A 16 MB page cache (SQLite's default is 2 MB) holds the inbox list's index and the search's
   * words, which the list and then the counts read right after each other. */
  if (!hl_db_exec (db,
                   "PRAGMA journal_mode=WAL;"
                   "PRAGMA synchronous=FULL;"
                   "PRAGMA foreign_keys=ON;"
                   "PRAGMA temp_store=MEMORY;"
                   "PRAGMA cache_size=-16384;",
                   error) ||
      !hl_store_schema_migrate (db, -1, error) ||
      !hl_inbox_search_register (db, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }

  self->db = db;

  return GINT_TO_POINTER (TRUE);
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HlStore *self = HL_STORE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_store_run_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->is_open = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_OPEN]);
  g_debug ("Opened %s", self->path);

  g_task_return_boolean (task, TRUE);
}

void
hl_store_open_async (HlStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (!self->is_open);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_store_open_async);

  ensure_worker (self);

  job = job_new (self, open_func, self, NULL, NULL);
  job->needs_db = FALSE;
  job->task = g_task_new (self, cancellable, open_done, g_steal_pointer (&task));
  g_async_queue_push (self->jobs, job);
}

gboolean
hl_store_open_finish (HlStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (HL_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Running work */

void
hl_store_run_async (HlStore             *self,
                    HlStoreFunc          func,
                    gpointer             data,
                    GDestroyNotify       data_free,
                    GDestroyNotify       result_free,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Job *job;

  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = job_new (self, func, data, data_free, result_free);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, hl_store_run_async);

  if (self->worker == NULL)
    {
      g_task_return_new_error (job->task, HL_STORE_ERROR, HL_STORE_ERROR_CLOSED,
                               "The workspace database is not open");
      job_free (job);
      return;
    }

  g_async_queue_push (self->jobs, job);
}

gpointer
hl_store_run_finish (HlStore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (HL_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Runs @func on the worker and waits for it. For tests, benchmarks and the command line only: the
 * UI never calls this. Emits ::changed before returning. */
gpointer
hl_store_run_sync (HlStore      *self,
                   HlStoreFunc   func,
                   gpointer      data,
                   GError      **error)
{
  gpointer result;
  HlStoreTables changed;
  Job *job;

  g_return_val_if_fail (HL_IS_STORE (self), NULL);

  if (self->worker == NULL)
    {
      g_set_error_literal (error, HL_STORE_ERROR, HL_STORE_ERROR_CLOSED,
                           "The workspace database is not open");
      return NULL;
    }

  job = job_new (self, func, data, NULL, NULL);
  job->sync = TRUE;

  g_mutex_lock (&job->mutex);
  g_async_queue_push (self->jobs, job);
  while (!job->done)
    g_cond_wait (&job->cond, &job->mutex);
  g_mutex_unlock (&job->mutex);

  result = g_steal_pointer (&job->result);
  changed = job->changed;
  if (job->error)
    g_propagate_error (error, g_steal_pointer (&job->error));
  job_free (job);

  if (changed != HL_STORE_TABLE_NONE)
    hl_store_emit_changed (self, changed);

  return result;
}

void
hl_store_emit_changed (HlStore       *self,
                       HlStoreTables  tables)
{
  g_return_if_fail (HL_IS_STORE (self));

  g_signal_emit (self, signals [CHANGED], 0, (guint) tables);
}

/* Finishes the queued jobs, then closes the connection and stops the worker. */
void
hl_store_close (HlStore *self)
{
  g_return_if_fail (HL_IS_STORE (self));

  if (self->worker == NULL)
    return;

  g_async_queue_push (self->jobs, &quit_job);
  g_thread_join (g_steal_pointer (&self->worker));

  if (self->is_open)
    {
      self->is_open = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_OPEN]);
    }
}

/* Renames a damaged database (and its -wal/-shm files) to "<path>.corrupt-<date>", keeping every
 * byte for later recovery. Never deletes. */
gboolean
hl_store_move_aside (const char  *path,
                     char       **moved_to,
                     GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  static const char *suffixes[] = { "-wal", "-shm" };

  g_return_val_if_fail (path != NULL, FALSE);

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  if (g_rename (path, target) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot rename “%s”: %s", path, g_strerror (errsv));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  if (moved_to)
    *moved_to = g_steal_pointer (&target);

  return TRUE;
}

/* hl-store.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_STORE_ERROR (hl_store_error_quark ())

typedef enum
{
  HL_STORE_ERROR_FAILED,
  HL_STORE_ERROR_CORRUPT,      /* the file is not a database, or a page is damaged */
  HL_STORE_ERROR_UNWRITABLE,   /* the folder or file cannot be written (permissions, read-only) */
  HL_STORE_ERROR_FULL,         /* the disk is full */
  HL_STORE_ERROR_TOO_NEW,      /* written by a newer Helpline with a schema this one doesn't know */
  HL_STORE_ERROR_BUSY,         /* another process holds the database */
  HL_STORE_ERROR_CLOSED,
  HL_STORE_ERROR_NOT_FOUND,
  HL_STORE_ERROR_INVALID,      /* a value the schema refuses */
} HlStoreError;

/* A unit of work run on the store's worker thread, with the connection. It returns its result (or
 * NULL with @error set) and adds to @changed the tables it wrote, so that the store can tell the
 * models once the work is done. Work that writes wraps itself in hl_db_begin()/hl_db_commit(). */
typedef gpointer (*HlStoreFunc) (sqlite3        *db,
                                 gpointer        data,
                                 HlStoreTables  *changed,
                                 GError        **error);

#define HL_TYPE_STORE (hl_store_get_type ())

G_DECLARE_FINAL_TYPE (HlStore, hl_store, HL, STORE, GObject)

GQuark      hl_store_error_quark  (void);
HlStore    *hl_store_new          (const char           *path);
const char *hl_store_get_path     (HlStore              *self);
gboolean    hl_store_get_is_open  (HlStore              *self);
const char *hl_store_get_backend  (HlStore              *self);
void        hl_store_set_backend  (HlStore              *self,
                                   const char           *backend);
void        hl_store_open_async   (HlStore              *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean    hl_store_open_finish  (HlStore              *self,
                                   GAsyncResult         *result,
                                   GError              **error);
void        hl_store_run_async    (HlStore              *self,
                                   HlStoreFunc           func,
                                   gpointer              data,
                                   GDestroyNotify        data_free,
                                   GDestroyNotify        result_free,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gpointer    hl_store_run_finish   (HlStore              *self,
                                   GAsyncResult         *result,
                                   GError              **error);
gpointer    hl_store_run_sync     (HlStore              *self,
                                   HlStoreFunc           func,
                                   gpointer              data,
                                   GError              **error);
void        hl_store_close        (HlStore              *self);
void        hl_store_emit_changed (HlStore              *self,
                                   HlStoreTables         tables);
gboolean    hl_store_move_aside   (const char           *path,
                                   char                **moved_to,
                                   GError              **error);

G_END_DECLS

/* hl-store-private.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hl-store.h"

G_BEGIN_DECLS

/* Helpers for code that runs on the store's worker thread, where the connection lives. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

gboolean      hl_store_set_error   (GError       **error,
                                    sqlite3       *db,
                                    int            rc);
gboolean      hl_db_exec           (sqlite3       *db,
                                    const char    *sql,
                                    GError       **error);
sqlite3_stmt *hl_db_prepare        (sqlite3       *db,
                                    const char    *sql,
                                    GError       **error);
gboolean      hl_db_step_done      (sqlite3       *db,
                                    sqlite3_stmt  *stmt,
                                    GError       **error);
gboolean      hl_db_begin          (sqlite3       *db,
                                    GError       **error);
gboolean      hl_db_commit         (sqlite3       *db,
                                    GError       **error);
void          hl_db_rollback       (sqlite3       *db);
void          hl_db_bind_text      (sqlite3_stmt  *stmt,
                                    int            col,
                                    const char    *text);
void          hl_db_bind_time      (sqlite3_stmt  *stmt,
                                    int            col,
                                    gint64         unix_time);
void          hl_db_bind_id        (sqlite3_stmt  *stmt,
                                    int            col,
                                    gint64         id);
gboolean      hl_db_bind_params    (sqlite3       *db,
                                    sqlite3_stmt  *stmt,
                                    GVariant      *params,
                                    GError       **error);
gint64        hl_db_query_int64    (sqlite3       *db,
                                    const char    *sql,
                                    GError       **error);
char         *hl_normalize_phone   (const char    *phone);

G_END_DECLS

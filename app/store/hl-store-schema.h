/* hl-store-schema.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hl-store.h"

G_BEGIN_DECLS

int      hl_store_schema_latest  (void);
int      hl_store_schema_version (sqlite3  *db,
                                  GError  **error);
gboolean hl_store_schema_migrate (sqlite3  *db,
                                  int       target,
                                  GError  **error);

G_END_DECLS

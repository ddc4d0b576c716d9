/* hl-demo-seed.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hl-store.h"

G_BEGIN_DECLS

gboolean hl_demo_seed (sqlite3  *db,
                       gint64    now,
                       GError  **error);

G_END_DECLS

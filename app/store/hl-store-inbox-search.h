/* hl-store-inbox-search.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* For the store's worker: adds hl_inbox_search (conversation_id, contact_id, text) to @db. */
gboolean hl_inbox_search_register (sqlite3  *db,
                                   GError  **error);

G_END_DECLS

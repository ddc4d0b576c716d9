/* bench-workspace.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store.h"

G_BEGIN_DECLS

gboolean bench_workspace_fill (HlStore  *store,
                               gint64    n_conversations,
                               gint64    n_messages,
                               GError  **error);

gint64   bench_workspace_add_thread (HlStore  *store,
                                     gint64    n_messages,
                                     GError  **error);

G_END_DECLS

/* hl-store-search.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hl_fts_build_query  (const char *text);
char *hl_like_pattern     (const char *text);

G_END_DECLS

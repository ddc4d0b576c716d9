/* hl-debug-info.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hl-types.h"

G_BEGIN_DECLS

char *hl_debug_info (HlWorkspace *workspace);

G_END_DECLS

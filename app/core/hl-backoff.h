/* hl-backoff.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint hl_backoff_delay (guint  attempt,
                        guint  min_ms,
                        guint  max_ms,
                        double random);

G_END_DECLS

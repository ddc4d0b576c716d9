/* hl-log.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void hl_log_init            (void);
void hl_log_increase_verbosity (void);
int  hl_log_get_verbosity   (void);

G_END_DECLS

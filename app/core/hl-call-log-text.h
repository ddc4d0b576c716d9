/* hl-call-log-text.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store-edits.h"

G_BEGIN_DECLS

char *hl_call_log_text (const HlCallLog *log,
                       const char      *number);

G_END_DECLS

/* hl-call-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-call-record.h"
#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_CALL_ROW (hl_call_row_get_type ())

G_DECLARE_FINAL_TYPE (HlCallRow, hl_call_row, HL, CALL_ROW, HlRecordRow)

const char *hl_call_result_label (HlCallResult result);

G_END_DECLS

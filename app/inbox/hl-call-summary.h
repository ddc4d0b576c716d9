/* hl-call-summary.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-call-record.h"
#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_CALL_SUMMARY (hl_call_summary_get_type ())

G_DECLARE_FINAL_TYPE (HlCallSummary, hl_call_summary, HL, CALL_SUMMARY, HlRecordRow)

G_END_DECLS

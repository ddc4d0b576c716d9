/* hl-call-record.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-record.h"

G_BEGIN_DECLS

#define HL_TYPE_CALL_RECORD (hl_call_record_get_type ())

G_DECLARE_FINAL_TYPE (HlCallRecord, hl_call_record, HL, CALL_RECORD, HlRecord)

HlCallDirection hl_call_record_get_direction       (HlCallRecord *self);
const char *    hl_call_record_get_remote_uri      (HlCallRecord *self);
const char *    hl_call_record_get_remote_name     (HlCallRecord *self);
gint64          hl_call_record_get_contact_id      (HlCallRecord *self);
gint64          hl_call_record_get_conversation_id (HlCallRecord *self);
const char *    hl_call_record_get_agent_name      (HlCallRecord *self);
gint64          hl_call_record_get_started_at      (HlCallRecord *self);
gint64          hl_call_record_get_answered_at     (HlCallRecord *self);
gint64          hl_call_record_get_ended_at        (HlCallRecord *self);
HlCallResult    hl_call_record_get_result          (HlCallRecord *self);
const char *    hl_call_record_get_disposition     (HlCallRecord *self);
const char *    hl_call_record_get_wrap_up_note    (HlCallRecord *self);
const char *    hl_call_record_get_recording_path  (HlCallRecord *self);
double          hl_call_record_get_mos             (HlCallRecord *self);
double          hl_call_record_get_jitter_ms       (HlCallRecord *self);
double          hl_call_record_get_loss_pct        (HlCallRecord *self);
double          hl_call_record_get_rtt_ms          (HlCallRecord *self);

G_END_DECLS

/* hl-call-record.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-enums.h"
#include "hl-call-record.h"

/* A finished call as the call log keeps it: who, when, how it ended, how it sounded. */

struct _HlCallRecord
{
  HlRecord parent_instance;

  HlCallDirection direction;
  char *remote_uri;
  char *remote_name;
  gint64 contact_id;
  gint64 conversation_id;
  char *agent_name;
  gint64 started_at;
  gint64 answered_at;
  gint64 ended_at;
  HlCallResult result;
  char *disposition;
  char *wrap_up_note;
  char *recording_path;
  double mos;
  double jitter_ms;
  double loss_pct;
  double rtt_ms;
};

G_DEFINE_FINAL_TYPE (HlCallRecord, hl_call_record, HL_TYPE_RECORD)

static const char row_sql[] =
  "SELECT k.direction, k.remote_uri, ct.name, k.contact_id, k.conversation_id, a.name, k.started_at,"
  "       k.answered_at, k.ended_at, k.result, k.disposition, k.wrap_up_note, k.recording_path,"
  "       k.mos, k.jitter_ms, k.loss_pct, k.rtt_ms"
  "  FROM calls k"
  "  LEFT JOIN contacts ct ON ct.id = k.contact_id"
  "  LEFT JOIN agents a ON a.id = k.agent_id"
  " WHERE k.id = ?1";

static const HlField fields[] = {
  { "direction", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlCallRecord, direction), hl_call_direction_get_type },
  { "remote-uri", HL_FIELD_STRING, G_STRUCT_OFFSET (HlCallRecord, remote_uri) },
  { "remote-name", HL_FIELD_STRING, G_STRUCT_OFFSET (HlCallRecord, remote_name) },
  { "contact-id", HL_FIELD_INT64, G_STRUCT_OFFSET (HlCallRecord, contact_id) },
  { "conversation-id", HL_FIELD_INT64, G_STRUCT_OFFSET (HlCallRecord, conversation_id) },
  { "agent-name", HL_FIELD_STRING, G_STRUCT_OFFSET (HlCallRecord, agent_name) },
  { "started-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlCallRecord, started_at) },
  { "answered-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlCallRecord, answered_at) },
  { "ended-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlCallRecord, ended_at) },
  { "result", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlCallRecord, result), hl_call_result_get_type },
  { "disposition", HL_FIELD_STRING, G_STRUCT_OFFSET (HlCallRecord, disposition) },
  { "wrap-up-note", HL_FIELD_STRING, G_STRUCT_OFFSET (HlCallRecord, wrap_up_note) },
  { "recording-path", HL_FIELD_STRING, G_STRUCT_OFFSET (HlCallRecord, recording_path) },
  { "mos", HL_FIELD_DOUBLE, G_STRUCT_OFFSET (HlCallRecord, mos) },
  { "jitter-ms", HL_FIELD_DOUBLE, G_STRUCT_OFFSET (HlCallRecord, jitter_ms) },
  { "loss-pct", HL_FIELD_DOUBLE, G_STRUCT_OFFSET (HlCallRecord, loss_pct) },
  { "rtt-ms", HL_FIELD_DOUBLE, G_STRUCT_OFFSET (HlCallRecord, rtt_ms) },
};

static void
hl_call_record_class_init (HlCallRecordClass *klass)
{
  hl_record_class_install_fields (HL_RECORD_CLASS (klass), row_sql, fields, G_N_ELEMENTS (fields));
}

static void
hl_call_record_init (HlCallRecord *self)
{
}

HlCallDirection
hl_call_record_get_direction (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0);

  return self->direction;
}

const char *
hl_call_record_get_remote_uri (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), NULL);

  return self->remote_uri;
}

const char *
hl_call_record_get_remote_name (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), NULL);

  return self->remote_name;
}

gint64
hl_call_record_get_contact_id (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0);

  return self->contact_id;
}

gint64
hl_call_record_get_conversation_id (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0);

  return self->conversation_id;
}

const char *
hl_call_record_get_agent_name (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), NULL);

  return self->agent_name;
}

gint64
hl_call_record_get_started_at (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0);

  return self->started_at;
}

gint64
hl_call_record_get_answered_at (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0);

  return self->answered_at;
}

gint64
hl_call_record_get_ended_at (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0);

  return self->ended_at;
}

HlCallResult
hl_call_record_get_result (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0);

  return self->result;
}

const char *
hl_call_record_get_disposition (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), NULL);

  return self->disposition;
}

const char *
hl_call_record_get_wrap_up_note (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), NULL);

  return self->wrap_up_note;
}

const char *
hl_call_record_get_recording_path (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), NULL);

  return self->recording_path;
}

double
hl_call_record_get_mos (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0.0);

  return self->mos;
}

double
hl_call_record_get_jitter_ms (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0.0);

  return self->jitter_ms;
}

double
hl_call_record_get_loss_pct (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0.0);

  return self->loss_pct;
}

double
hl_call_record_get_rtt_ms (HlCallRecord *self)
{
  g_return_val_if_fail (HL_IS_CALL_RECORD (self), 0.0);

  return self->rtt_ms;
}

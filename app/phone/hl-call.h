/* hl-call.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-call-media.h"
#include "hl-sip-account.h"
#include "hl-types.h"

G_BEGIN_DECLS

/* The life of a call. HELD is our hold; the customer's hold is the remote-held property. */
typedef enum
{
  HL_CALL_STATE_INCOMING,   /* ringing here */
  HL_CALL_STATE_DIALING,    /* INVITE sent, the other side doesn't ring yet */
  HL_CALL_STATE_ALERTING,   /* the other side rings */
  HL_CALL_STATE_ACTIVE,
  HL_CALL_STATE_HELD,
  HL_CALL_STATE_ENDED,
} HlCallState;

#define HL_TYPE_CALL (hl_call_get_type ())

G_DECLARE_FINAL_TYPE (HlCall, hl_call, HL, CALL, GObject)

HlCall          *hl_call_new_outgoing      (HlSipAccount  *account,
                                            HlCallMedia   *media,
                                            const char    *target_uri);
HlCall          *hl_call_new_incoming      (HlSipAccount  *account,
                                            HlCallMedia   *media,
                                            HlSipMessage  *invite);
gboolean         hl_call_handle_request    (HlCall        *self,
                                            HlSipMessage  *request);

void             hl_call_answer            (HlCall        *self);
void             hl_call_reject            (HlCall        *self,
                                            guint          status);
void             hl_call_hangup            (HlCall        *self);
void             hl_call_set_held          (HlCall        *self,
                                            gboolean       held);
void             hl_call_set_muted         (HlCall        *self,
                                            gboolean       muted);
void             hl_call_send_dtmf         (HlCall        *self,
                                            const char    *digits);
void             hl_call_transfer          (HlCall        *self,
                                            const char    *target_uri);
void             hl_call_set_transfer_call (HlCall        *self,
                                            HlCall        *call);
gboolean         hl_call_transfer_attended (HlCall        *self,
                                            HlCall        *consultation);
char            *hl_call_dup_target_uri    (HlCall        *self);
char            *hl_call_dup_replaces      (HlCall        *self);
gboolean         hl_call_matches_replaces  (HlCall        *self,
                                            const char    *replaces);
gboolean         hl_call_get_transferred   (HlCall        *self);
gboolean         hl_call_get_answering     (HlCall        *self);

HlCallState      hl_call_get_state         (HlCall        *self);
HlCallDirection  hl_call_get_direction     (HlCall        *self);
HlCallResult     hl_call_get_result        (HlCall        *self);
const char      *hl_call_get_remote_uri    (HlCall        *self);
const char      *hl_call_get_remote_name   (HlCall        *self);
void             hl_call_set_contact       (HlCall        *self,
                                            gint64         contact_id,
                                            const char    *name);
gint64           hl_call_get_contact_id    (HlCall        *self);
const char      *hl_call_get_contact_name  (HlCall        *self);
char            *hl_call_dup_caller        (HlCall        *self,
                                            char         **address);
const char      *hl_call_get_call_id       (HlCall        *self);
const char      *hl_call_get_end_reason    (HlCall        *self);
gboolean         hl_call_get_muted         (HlCall        *self);
gboolean         hl_call_get_remote_held   (HlCall        *self);
gint64           hl_call_get_started_at    (HlCall        *self);
gint64           hl_call_get_answered_at   (HlCall        *self);
gint64           hl_call_get_ended_at      (HlCall        *self);
guint            hl_call_get_final_status  (HlCall        *self);
HlCallMedia     *hl_call_get_media         (HlCall        *self);
void             hl_call_set_quality       (HlCall        *self,
                                            double         mos,
                                            double         jitter_ms,
                                            double         loss_pct,
                                            double         rtt_ms);
gboolean         hl_call_get_quality       (HlCall        *self,
                                            double        *mos,
                                            double        *jitter_ms,
                                            double        *loss_pct,
                                            double        *rtt_ms);

void             hl_call_set_recording     (HlCall        *self,
                                            gboolean       recording,
                                            const char    *path);
gboolean         hl_call_get_recording     (HlCall        *self);
const char      *hl_call_get_recording_path (HlCall       *self);

G_END_DECLS

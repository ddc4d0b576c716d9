/* hl-actioncable.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-chatwoot-event.h"

G_BEGIN_DECLS

typedef enum
{
  HL_ACTIONCABLE_DISCONNECTED,
  HL_ACTIONCABLE_CONNECTING,   /* WebSocket handshake under way, or open and waiting for welcome */
  HL_ACTIONCABLE_CONNECTED,    /* welcome received; subscribe sent, waiting for the confirmation */
  HL_ACTIONCABLE_SUBSCRIBED,   /* RoomChannel confirmed: events flow */
} HlActionCableState;

/* Why the connection was last lost (or never came up). */
typedef enum
{
  HL_ACTIONCABLE_REASON_NONE,            /* not lost yet, or stopped by the owner */
  HL_ACTIONCABLE_REASON_OFFLINE,         /* no network, or the server can't be reached */
  HL_ACTIONCABLE_REASON_SERVER_CLOSED,   /* the server closed the socket or sent "disconnect" */
  HL_ACTIONCABLE_REASON_AUTH_REJECTED,   /* subscription refused or never confirmed: re-fetch the profile */
  HL_ACTIONCABLE_REASON_PROTOCOL_ERROR,  /* the handshake failed or the server doesn't speak ActionCable */
  HL_ACTIONCABLE_REASON_PING_TIMEOUT,    /* the server went silent */
  HL_ACTIONCABLE_REASON_TLS_ERROR,       /* the server's certificate was refused */
} HlActionCableReason;

#define HL_TYPE_ACTIONCABLE_STATE (hl_actioncable_state_get_type ())
#define HL_TYPE_ACTIONCABLE_REASON (hl_actioncable_reason_get_type ())
#define HL_TYPE_ACTIONCABLE (hl_actioncable_get_type ())

G_DECLARE_FINAL_TYPE (HlActionCable, hl_actioncable, HL, ACTIONCABLE, GObject)

GType               hl_actioncable_state_get_type   (void) G_GNUC_CONST;
GType               hl_actioncable_reason_get_type  (void) G_GNUC_CONST;

HlActionCable      *hl_actioncable_new              (const char      *url,
                                                     GNetworkMonitor *monitor);
const char         *hl_actioncable_get_url          (HlActionCable   *self);
HlActionCableState  hl_actioncable_get_state        (HlActionCable   *self);
HlActionCableReason hl_actioncable_get_reason       (HlActionCable   *self);
const GError       *hl_actioncable_get_last_error   (HlActionCable   *self);
void                hl_actioncable_set_credentials  (HlActionCable   *self,
                                                     const char      *pubsub_token,
                                                     gint64           account_id,
                                                     gint64           user_id);
void                hl_actioncable_set_trusted_certificate (HlActionCable   *self,
                                                     GTlsCertificate *certificate);
void                hl_actioncable_start            (HlActionCable   *self);
void                hl_actioncable_stop             (HlActionCable   *self);
void                hl_actioncable_reconnect        (HlActionCable   *self);


/* For tests: shorter timings, in milliseconds. */
void                hl_actioncable_set_timings      (HlActionCable   *self,
                                                     guint            min_backoff_ms,
                                                     guint            max_backoff_ms,
                                                     guint            ping_timeout_ms,
                                                     guint            confirm_timeout_ms,
                                                     guint            presence_interval_ms,
                                                     guint            stable_ms);
guint               hl_actioncable_get_attempt      (HlActionCable   *self);

G_END_DECLS

/* hl-sip-account.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-sip-message.h"
#include "hl-sip-transport.h"

G_BEGIN_DECLS

/* What the phone pane shows, as GNOME Calls does it: a state and, separately, why. */
typedef enum
{
  HL_SIP_ACCOUNT_OFFLINE,       /* not started, or signed out */
  HL_SIP_ACCOUNT_CONNECTING,    /* opening the WebSocket, or waiting to retry (see the reason) */
  HL_SIP_ACCOUNT_REGISTERING,
  HL_SIP_ACCOUNT_REGISTERED,
  HL_SIP_ACCOUNT_FAILED,        /* needs the user: wrong password, unknown account */
} HlSipAccountState;

typedef enum
{
  HL_SIP_ACCOUNT_REASON_NONE,
  HL_SIP_ACCOUNT_REASON_NO_PASSWORD,
  HL_SIP_ACCOUNT_REASON_UNREACHABLE,
  HL_SIP_ACCOUNT_REASON_TLS,
  HL_SIP_ACCOUNT_REASON_WRONG_PASSWORD,
  HL_SIP_ACCOUNT_REASON_UNKNOWN_ACCOUNT,
  HL_SIP_ACCOUNT_REASON_TIMEOUT,
  HL_SIP_ACCOUNT_REASON_SERVER_ERROR,
} HlSipAccountReason;

/* Called for every response to a request: provisional ones, then the final one (status ≥ 200),
 * or with @response NULL and @error set when the request could not complete (timeout, transport
 * gone, authentication refused). @request is the request as last sent (after an authentication
 * round its CSeq and branch differ from the original). */
typedef void (*HlSipResponseFunc) (HlSipMessage  *request,
                                   HlSipMessage  *response,
                                   const GError  *error,
                                   gpointer       user_data);

/* The methods the softphone handles, for Allow headers. */
#define HL_SIP_ALLOW "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE"

#define HL_TYPE_SIP_ACCOUNT (hl_sip_account_get_type ())

G_DECLARE_FINAL_TYPE (HlSipAccount, hl_sip_account, HL, SIP_ACCOUNT, GObject)

HlSipAccount       *hl_sip_account_new              (const char          *websocket_url,
                                                     const char          *aor,
                                                     const char          *username,
                                                     const char          *display_name);
void                hl_sip_account_set_password     (HlSipAccount        *self,
                                                     const char          *password);
void                hl_sip_account_go_online        (HlSipAccount        *self);
void                hl_sip_account_go_offline       (HlSipAccount        *self);
HlSipAccountState   hl_sip_account_get_state        (HlSipAccount        *self);
HlSipAccountReason  hl_sip_account_get_reason       (HlSipAccount        *self);
const char         *hl_sip_account_get_reason_text  (HlSipAccount        *self);
const char         *hl_sip_account_get_aor          (HlSipAccount        *self);
const char         *hl_sip_account_get_contact      (HlSipAccount        *self);
HlSipTransport     *hl_sip_account_get_transport    (HlSipAccount        *self);
void                hl_sip_account_set_register_expires (HlSipAccount    *self,
                                                     guint                seconds);

HlSipMessage       *hl_sip_account_new_request      (HlSipAccount        *self,
                                                     const char          *method,
                                                     const char          *request_uri,
                                                     const char          *to);
void                hl_sip_account_send_request     (HlSipAccount        *self,
                                                     HlSipMessage        *request,
                                                     HlSipResponseFunc    func,
                                                     gpointer             user_data,
                                                     GDestroyNotify       destroy);
gboolean            hl_sip_account_send_response    (HlSipAccount        *self,
                                                     HlSipMessage        *response,
                                                     GError             **error);
gboolean            hl_sip_account_send_stateless   (HlSipAccount        *self,
                                                     HlSipMessage        *request,
                                                     GError             **error);
void                hl_sip_account_cancel_request   (HlSipAccount        *self,
                                                     HlSipMessage        *request);
char               *hl_sip_account_new_via          (HlSipAccount        *self);

G_END_DECLS

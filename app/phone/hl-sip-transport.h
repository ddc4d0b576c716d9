/* hl-sip-transport.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-sip-message.h"

G_BEGIN_DECLS

typedef enum
{
  HL_SIP_TRANSPORT_DISCONNECTED,
  HL_SIP_TRANSPORT_CONNECTING,
  HL_SIP_TRANSPORT_CONNECTED,
} HlSipTransportState;

#define HL_TYPE_SIP_TRANSPORT (hl_sip_transport_get_type ())

G_DECLARE_FINAL_TYPE (HlSipTransport, hl_sip_transport, HL, SIP_TRANSPORT, GObject)

HlSipTransport      *hl_sip_transport_new            (const char      *websocket_url);
const char          *hl_sip_transport_get_url        (HlSipTransport  *self);
HlSipTransportState  hl_sip_transport_get_state      (HlSipTransport  *self);
const GError        *hl_sip_transport_get_last_error (HlSipTransport  *self);
void                 hl_sip_transport_start          (HlSipTransport  *self);
void                 hl_sip_transport_stop           (HlSipTransport  *self);
gboolean             hl_sip_transport_send           (HlSipTransport  *self,
                                                      HlSipMessage    *message,
                                                      GError         **error);
void                 hl_sip_transport_set_backoff    (HlSipTransport  *self,
                                                      guint            min_ms,
                                                      guint            max_ms);

G_END_DECLS

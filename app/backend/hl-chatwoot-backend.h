/* hl-chatwoot-backend.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-actioncable.h"
#include "hl-chatwoot-client.h"
#include "hl-chatwoot-config.h"

G_BEGIN_DECLS

typedef enum
{
  HL_CHATWOOT_STATE_SIGNED_OUT,   /* no Chatwoot account configured */
  HL_CHATWOOT_STATE_CONNECTING,   /* reading the token, checking it with the server */
  HL_CHATWOOT_STATE_ONLINE,       /* token valid, server reachable */
  HL_CHATWOOT_STATE_OFFLINE,      /* no network or server unreachable: retrying with back-off */
  HL_CHATWOOT_STATE_AUTH_FAILED,  /* token missing, revoked or refused: the agent must sign in again */
  HL_CHATWOOT_STATE_TLS_FAILED,   /* the server's certificate was refused: not retried */
} HlChatwootState;

#define HL_TYPE_CHATWOOT_STATE (hl_chatwoot_state_get_type ())
#define HL_TYPE_CHATWOOT_BACKEND (hl_chatwoot_backend_get_type ())

G_DECLARE_FINAL_TYPE (HlChatwootBackend, hl_chatwoot_backend, HL, CHATWOOT_BACKEND, GObject)

GType              hl_chatwoot_state_get_type           (void) G_GNUC_CONST;

HlChatwootBackend *hl_chatwoot_backend_new               (GNetworkMonitor    *monitor);
void               hl_chatwoot_backend_reload            (HlChatwootBackend  *self);
HlChatwootState    hl_chatwoot_backend_get_state         (HlChatwootBackend  *self);
const char        *hl_chatwoot_backend_get_status_text   (HlChatwootBackend  *self);
const char        *hl_chatwoot_backend_get_reason        (HlChatwootBackend  *self);
const HlChatwootConfig *hl_chatwoot_backend_get_config   (HlChatwootBackend  *self);
const char        *hl_chatwoot_backend_get_user_name     (HlChatwootBackend  *self);
const char        *hl_chatwoot_backend_get_user_email    (HlChatwootBackend  *self);
const char        *hl_chatwoot_backend_get_account_name  (HlChatwootBackend  *self);
HlChatwootClient  *hl_chatwoot_backend_get_client        (HlChatwootBackend  *self);
HlActionCable     *hl_chatwoot_backend_get_cable         (HlChatwootBackend  *self);
guint              hl_chatwoot_backend_get_pending_count (HlChatwootBackend  *self);
void               hl_chatwoot_backend_set_pending_count (HlChatwootBackend  *self,
                                                          guint               count);
void               hl_chatwoot_backend_report_error      (HlChatwootBackend  *self,
                                                          const GError       *error);
void               hl_chatwoot_backend_set_phone_inbox_async  (HlChatwootBackend  *self,
                                                               gint64              inbox_id,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
gboolean           hl_chatwoot_backend_set_phone_inbox_finish (HlChatwootBackend  *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);
void               hl_chatwoot_backend_sign_out_async    (HlChatwootBackend  *self,
                                                          gboolean            delete_cache,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean           hl_chatwoot_backend_sign_out_finish   (HlChatwootBackend  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

/* For tests: the back-off between attempts, in milliseconds. */
void               hl_chatwoot_backend_set_retry_timings (HlChatwootBackend  *self,
                                                          guint               min_ms,
                                                          guint               max_ms);

G_END_DECLS

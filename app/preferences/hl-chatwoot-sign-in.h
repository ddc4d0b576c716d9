/* hl-chatwoot-sign-in.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-chatwoot-backend.h"

G_BEGIN_DECLS

#define HL_TYPE_CHATWOOT_SIGN_IN (hl_chatwoot_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (HlChatwootSignIn, hl_chatwoot_sign_in, HL, CHATWOOT_SIGN_IN, AdwWindow)

HlChatwootSignIn *hl_chatwoot_sign_in_new        (HlChatwootBackend *backend);
void              hl_chatwoot_sign_in_set_server (HlChatwootSignIn  *self,
                                                  const char        *url);
gboolean          hl_chatwoot_sign_in_get_busy   (HlChatwootSignIn  *self);

G_END_DECLS

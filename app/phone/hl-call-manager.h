/* hl-call-manager.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-call.h"
#include "hl-sip-account.h"

G_BEGIN_DECLS

/* Makes the media object for each new call (the webrtcbin session in the app, a fake in tests). */
typedef HlCallMedia *(*HlCallMediaFactory) (gpointer user_data);

#define HL_TYPE_CALL_MANAGER (hl_call_manager_get_type ())

G_DECLARE_FINAL_TYPE (HlCallManager, hl_call_manager, HL, CALL_MANAGER, GObject)

HlCallManager *hl_call_manager_new            (HlSipAccount        *account,
                                               HlCallMediaFactory   factory,
                                               gpointer             factory_data,
                                               GDestroyNotify       factory_destroy);
HlSipAccount  *hl_call_manager_get_account    (HlCallManager       *self);
GListModel    *hl_call_manager_get_calls      (HlCallManager       *self);
HlCall        *hl_call_manager_dial           (HlCallManager       *self,
                                               const char          *target);
void           hl_call_manager_set_accepting  (HlCallManager       *self,
                                               gboolean             accepting);
void           hl_call_manager_set_auto_answer (HlCallManager      *self,
                                               gboolean             auto_answer);
char          *hl_call_manager_normalize_target (HlCallManager     *self,
                                               const char          *target);

G_END_DECLS

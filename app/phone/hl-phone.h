/* hl-phone.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-call.h"
#include "hl-call-manager.h"
#include "hl-phone-audio.h"
#include "hl-sip-account.h"
#include "hl-types.h"
#include "hl-wrap-up.h"

G_BEGIN_DECLS

#define HL_TYPE_PHONE (hl_phone_get_type ())

G_DECLARE_FINAL_TYPE (HlPhone, hl_phone, HL, PHONE, GObject)

HlPhone       *hl_phone_new                 (void);
void           hl_phone_reload_account      (HlPhone         *self);
gboolean       hl_phone_get_has_account     (HlPhone         *self);
HlSipAccount  *hl_phone_get_account         (HlPhone         *self);
HlCallManager *hl_phone_get_manager         (HlPhone         *self);
char          *hl_phone_dup_status_text     (HlPhone         *self);
void           hl_phone_set_workspace       (HlPhone         *self,
                                             HlWorkspace     *workspace);
void           hl_phone_set_availability    (HlPhone         *self,
                                             HlAvailability   availability);
HlCall        *hl_phone_get_current_call    (HlPhone         *self);
HlCall        *hl_phone_get_ringing_call    (HlPhone         *self);
HlCall        *hl_phone_get_other_call      (HlPhone         *self);
HlCall        *hl_phone_get_consultation    (HlPhone         *self);
gboolean       hl_phone_dial                (HlPhone         *self,
                                             const char      *target,
                                             GError         **error);
void           hl_phone_answer              (HlPhone         *self);
void           hl_phone_hangup              (HlPhone         *self);
void           hl_phone_shut_down           (HlPhone         *self);
gboolean       hl_phone_get_shut_down       (HlPhone         *self);
void           hl_phone_decline             (HlPhone         *self);
void           hl_phone_end_and_answer      (HlPhone         *self);
void           hl_phone_swap                (HlPhone         *self);
void           hl_phone_set_held            (HlPhone         *self,
                                             gboolean         held);
void           hl_phone_set_muted           (HlPhone         *self,
                                             gboolean         muted);
void           hl_phone_send_dtmf           (HlPhone         *self,
                                             const char      *digits);
void           hl_phone_transfer            (HlPhone         *self,
                                             const char      *target);
gboolean       hl_phone_start_consultation  (HlPhone         *self,
                                             const char      *target,
                                             GError         **error);
gboolean       hl_phone_complete_transfer   (HlPhone         *self,
                                             GError         **error);
void           hl_phone_cancel_consultation (HlPhone         *self);
HlPhoneAudio  *hl_phone_get_audio           (HlPhone         *self);
HlWrapUp      *hl_phone_get_wrap_up         (HlPhone         *self);
void           hl_phone_finish_wrap_up      (HlPhone         *self);
gboolean       hl_phone_set_recording       (HlPhone         *self,
                                             gboolean         recording,
                                             GError         **error);

G_END_DECLS

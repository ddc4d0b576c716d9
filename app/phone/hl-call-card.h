/* hl-call-card.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-call.h"
#include "hl-phone-audio.h"

G_BEGIN_DECLS

/* What the card is for: the call the agent deals with, a second call ringing while on a call
 * (call waiting), or a call on hold besides the current one. */
typedef enum
{
  HL_CALL_CARD_ROLE_MAIN,
  HL_CALL_CARD_ROLE_WAITING,
  HL_CALL_CARD_ROLE_HELD,
} HlCallCardRole;

#define HL_TYPE_CALL_CARD (hl_call_card_get_type ())

G_DECLARE_FINAL_TYPE (HlCallCard, hl_call_card, HL, CALL_CARD, GtkWidget)

HlCall *hl_call_card_get_call  (HlCallCard     *self);
void    hl_call_card_set_call  (HlCallCard     *self,
                                HlCall         *call);
void    hl_call_card_set_role  (HlCallCard     *self,
                                HlCallCardRole  role,
                                HlCall         *consultation);
void    hl_call_card_set_audio (HlCallCard     *self,
                                HlPhoneAudio   *audio);

G_END_DECLS

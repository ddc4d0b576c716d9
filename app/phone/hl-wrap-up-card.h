/* hl-wrap-up-card.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-wrap-up.h"

G_BEGIN_DECLS

#define HL_TYPE_WRAP_UP_CARD (hl_wrap_up_card_get_type ())

G_DECLARE_FINAL_TYPE (HlWrapUpCard, hl_wrap_up_card, HL, WRAP_UP_CARD, AdwBin)

void      hl_wrap_up_card_set_wrap_up (HlWrapUpCard *self,
                                       HlWrapUp     *wrap_up);
HlWrapUp *hl_wrap_up_card_get_wrap_up (HlWrapUpCard *self);

G_END_DECLS

/* hl-phone-pane.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_PHONE_PANE (hl_phone_pane_get_type ())

G_DECLARE_FINAL_TYPE (HlPhonePane, hl_phone_pane, HL, PHONE_PANE, AdwBin)

gboolean hl_phone_pane_set_number_from_uri (HlPhonePane    *self,
                                            const char     *uri);
void     hl_phone_pane_set_availability    (HlPhonePane    *self,
                                            HlAvailability  availability);

void     hl_phone_pane_set_phone           (HlPhonePane    *self,
                                            HlPhone        *phone);

G_END_DECLS

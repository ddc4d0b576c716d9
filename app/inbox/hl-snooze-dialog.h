/* hl-snooze-dialog.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HL_TYPE_SNOOZE_DIALOG (hl_snooze_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HlSnoozeDialog, hl_snooze_dialog, HL, SNOOZE_DIALOG, AdwMessageDialog)

HlSnoozeDialog *hl_snooze_dialog_new       (GtkWindow      *parent);
gint64          hl_snooze_dialog_get_until (HlSnoozeDialog *self);
void            hl_snooze_dialog_set_until (HlSnoozeDialog *self,
                                            GDateTime      *until);

G_END_DECLS

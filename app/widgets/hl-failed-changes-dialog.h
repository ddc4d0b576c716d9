/* hl-failed-changes-dialog.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-chatwoot-link.h"
#include "hl-store-outbox.h"

G_BEGIN_DECLS

#define HL_TYPE_FAILED_CHANGES_DIALOG (hl_failed_changes_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HlFailedChangesDialog, hl_failed_changes_dialog, HL, FAILED_CHANGES_DIALOG, AdwWindow)

HlFailedChangesDialog *hl_failed_changes_dialog_new       (GtkWindow             *parent,
                                                           HlChatwootLink        *link);
guint                  hl_failed_changes_dialog_get_count (HlFailedChangesDialog *self);
GtkWidget             *hl_failed_changes_dialog_get_row   (HlFailedChangesDialog *self,
                                                           guint                  index);

char                  *hl_failed_change_describe          (const HlFailedChange  *change);
gboolean               hl_failed_change_is_conflict       (const HlFailedChange  *change);

G_END_DECLS

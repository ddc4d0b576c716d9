/* hl-sync-banner.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-chatwoot-link.h"
#include "hl-failed-changes-dialog.h"

G_BEGIN_DECLS

#define HL_TYPE_SYNC_BANNER (hl_sync_banner_get_type ())

G_DECLARE_FINAL_TYPE (HlSyncBanner, hl_sync_banner, HL, SYNC_BANNER, GtkWidget)

void                   hl_sync_banner_set_link     (HlSyncBanner   *self,
                                                    HlChatwootLink *link);
gboolean               hl_sync_banner_get_revealed (HlSyncBanner   *self);
const char            *hl_sync_banner_get_title    (HlSyncBanner   *self);
double                 hl_sync_banner_get_fraction (HlSyncBanner   *self);
HlFailedChangesDialog *hl_sync_banner_review       (HlSyncBanner   *self);

G_END_DECLS

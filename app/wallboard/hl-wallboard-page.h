/* hl-wallboard-page.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"
#include "hl-wallboard-stats.h"

G_BEGIN_DECLS

#define HL_TYPE_WALLBOARD_PAGE (hl_wallboard_page_get_type ())

G_DECLARE_FINAL_TYPE (HlWallboardPage, hl_wallboard_page, HL, WALLBOARD_PAGE, AdwBin)

void                    hl_wallboard_page_refresh        (HlWallboardPage *self);
const HlWallboardStats *hl_wallboard_page_get_stats      (HlWallboardPage *self);
gint64                  hl_wallboard_page_get_updated_at (HlWallboardPage *self);
GListModel             *hl_wallboard_page_get_agents     (HlWallboardPage *self);

G_END_DECLS

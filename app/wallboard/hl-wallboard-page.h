/* hl-wallboard-page.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_WALLBOARD_PAGE (hl_wallboard_page_get_type ())

G_DECLARE_FINAL_TYPE (HlWallboardPage, hl_wallboard_page, HL, WALLBOARD_PAGE, AdwBin)


G_END_DECLS

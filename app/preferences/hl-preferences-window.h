/* hl-preferences-window.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_PREFERENCES_WINDOW (hl_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HlPreferencesWindow, hl_preferences_window, HL, PREFERENCES_WINDOW, AdwPreferencesWindow)

HlPreferencesWindow *hl_preferences_window_new           (HlApplication       *application);
void                 hl_preferences_window_show_accounts (HlPreferencesWindow *self);

G_END_DECLS

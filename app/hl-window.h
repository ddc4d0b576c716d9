/* hl-window.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_WINDOW (hl_window_get_type ())

G_DECLARE_FINAL_TYPE (HlWindow, hl_window, HL, WINDOW, AdwApplicationWindow)

HlWindow    *hl_window_new              (HlApplication   *application,
                                         HlWorkspace     *workspace);
HlWindow    *hl_window_new_replacing    (HlWindow        *old);
HlWorkspace *hl_window_get_workspace    (HlWindow        *self);
gboolean     hl_window_get_ready        (HlWindow        *self);
gboolean     hl_window_show_page        (HlWindow        *self,
                                         const char      *name);
const char  *hl_window_get_page         (HlWindow        *self);
void         hl_window_show_toast       (HlWindow        *self,
                                         const char      *title);
gboolean     hl_window_open_uri         (HlWindow        *self,
                                         const char      *uri);
void         hl_window_sync             (HlWindow        *self);
void         hl_window_set_availability (HlWindow        *self,
                                         HlAvailability   availability);
void         hl_window_show_typing       (HlWindow       *self,
                                         gint64          conversation_id,
                                         const char     *who);
void         hl_window_show_conversation (HlWindow       *self,
                                          gint64          conversation_id);
guint        hl_window_get_n_notifications (HlWindow     *self);

G_END_DECLS

/* hl-test-gtk-utils.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-types.h"

G_BEGIN_DECLS

void  hl_test_gtk_init       (void);
void  hl_test_wait_painted   (GtkWidget  *widget);
void  hl_test_wait_painted_within (GtkWidget *widget,
                                   guint      timeout_ms);
void  hl_test_wait_ms        (guint       ms);
char *hl_test_save_screenshot (GtkWidget  *widget,
                               const char *name);
void  hl_test_screenshot_styles (GtkWidget *window,
                                 const char *name,
                                 GtkWidget  *popover);
void       hl_test_press      (GtkWidget  *widget,
                               const char *accel);
GtkWidget *hl_test_find_by_id (GtkWidget  *widget,
                               const char *id);
GtkWidget *hl_test_find_descendant (GtkWidget *root,
                                    GType      type);
HlApplication *hl_test_start_app    (void);
HlWindow      *hl_test_open_window  (HlApplication *app,
                                     const char    *workspace);
gboolean       hl_test_window_ready (gpointer       app);

G_END_DECLS

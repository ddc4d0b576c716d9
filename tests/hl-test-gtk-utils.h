/* hl-test-gtk-utils.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  hl_test_wait_painted   (GtkWidget  *widget);
void  hl_test_wait_painted_within (GtkWidget *widget,
                                   guint      timeout_ms);
void  hl_test_wait_ms        (guint       ms);
char *hl_test_save_screenshot (GtkWidget  *widget,
                               const char *name);

G_END_DECLS

/* hl-ui-probe.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

guint hl_ui_probe_register (GtkApplication   *application,
                            GDBusConnection  *connection,
                            const char       *object_path,
                            GError          **error);

G_END_DECLS

/* hl-list-slice.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkSliceListModel *hl_list_slice_new    (GListModel        *model);
void               hl_list_slice_reveal (GtkSliceListModel *slice,
                                         guint              position);
void               hl_list_slice_follow (GtkSliceListModel *slice,
                                         GtkListView       *view);

G_END_DECLS

/* hl-list-selection.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-query-model.h"

G_BEGIN_DECLS

GtkSingleSelection *hl_list_selection_new        (HlQueryModel *model,
                                                  GCallback     on_selected,
                                                  gpointer      owner);
void                hl_list_selection_select     (GtkSingleSelection *selection,
                                                  guint               position);
void                hl_list_selection_attach     (GtkSingleSelection *selection,
                                                  GtkListView        *view);
void                hl_query_model_watch_changes (HlQueryModel *model,
                                                  GCallback     on_changed,
                                                  gpointer      owner);

G_END_DECLS

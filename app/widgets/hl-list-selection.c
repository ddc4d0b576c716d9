/* hl-list-selection.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-list-selection.h"
#include "hl-list-slice.h"

/* The master lists of the pages (conversations, articles, customers) select the way the user
 * asks, never by themselves: nothing is selected until a row is clicked, and a selection can be
 * cleared. @on_selected is called swapped, with @owner, on every change. The selection's model
 * is a slice of @model (hl_list_slice_new()): positions are @model's, but select through
 * hl_list_selection_select(), which reveals the row first. */
GtkSingleSelection *
hl_list_selection_new (HlQueryModel *model,
                       GCallback     on_selected,
                       gpointer      owner)
{
  GtkSingleSelection *selection;

  g_return_val_if_fail (HL_IS_QUERY_MODEL (model), NULL);

  selection = gtk_single_selection_new (G_LIST_MODEL (hl_list_slice_new (G_LIST_MODEL (model))));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  g_signal_connect_object (selection, "notify::selected", on_selected, owner, G_CONNECT_SWAPPED);

  return selection;
}

/* Selects the item at @position of the whole model (GTK_INVALID_LIST_POSITION: none). */
void
hl_list_selection_select (GtkSingleSelection *selection,
                          guint               position)
{
  GListModel *slice;

  g_return_if_fail (GTK_IS_SINGLE_SELECTION (selection));

  slice = gtk_single_selection_get_model (selection);
  if (GTK_IS_SLICE_LIST_MODEL (slice))
    hl_list_slice_reveal (GTK_SLICE_LIST_MODEL (slice), position);
  gtk_single_selection_set_selected (selection, position);
}

/* Shows @selection in @view, revealing more of the list as @view is scrolled to its end. */
void
hl_list_selection_attach (GtkSingleSelection *selection,
                          GtkListView        *view)
{
  GListModel *slice;

  g_return_if_fail (GTK_IS_SINGLE_SELECTION (selection));
  g_return_if_fail (GTK_IS_LIST_VIEW (view));

  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (selection));
  slice = gtk_single_selection_get_model (selection);
  if (GTK_IS_SLICE_LIST_MODEL (slice))
    hl_list_slice_follow (GTK_SLICE_LIST_MODEL (slice), view);
}

/* Calls @on_changed (swapped, with @owner) whenever the list's contents or its loading state may
 * have changed, for empty states. */
void
hl_query_model_watch_changes (HlQueryModel *model,
                              GCallback     on_changed,
                              gpointer      owner)
{
  g_return_if_fail (HL_IS_QUERY_MODEL (model));

  g_signal_connect_object (model, "items-changed", on_changed, owner, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "refreshed", on_changed, owner, G_CONNECT_SWAPPED);
}

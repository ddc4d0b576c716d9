/* hl-list-selection.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-list-selection.h"

/* The master lists of the pages (conversations, articles, customers) select the way the user
 * asks, never by themselves: nothing is selected until a row is clicked, and a selection can be
 * cleared. @on_selected is called swapped, with @owner, on every change. */
GtkSingleSelection *
hl_list_selection_new (HlQueryModel *model,
                       GCallback     on_selected,
                       gpointer      owner)
{
  GtkSingleSelection *selection;

  g_return_val_if_fail (HL_IS_QUERY_MODEL (model), NULL);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  g_signal_connect_object (selection, "notify::selected", on_selected, owner, G_CONNECT_SWAPPED);

  return selection;
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

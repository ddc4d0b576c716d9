/* hl-list-slice.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlListSlice"

#include "config.h"

#include "hl-list-slice.h"

/* GtkListView (GTK 4.8) keeps a row alive for up to 200 items around what it shows, however few
 * fit: a list of 200 conversations built, bound and measured 200 rows where 15 are seen, on every
 * start and every language switch. The long lists show their first items, and a step more
 * whenever they are scrolled to within two screens of their end; a row selected further down (by
 * keyboard, search or a link) is revealed first. */

#define STEP 50

static const char *grow_key = "hl-list-slice-grow";
static const char *key_key = "hl-list-slice-keys";

GtkSliceListModel *
hl_list_slice_new (GListModel *model)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  return gtk_slice_list_model_new (g_object_ref (model), 0, STEP);
}

/* Makes sure the item at @position (of the whole model) is in @slice, and a step after it. */
void
hl_list_slice_reveal (GtkSliceListModel *slice,
                      guint              position)
{
  g_return_if_fail (GTK_IS_SLICE_LIST_MODEL (slice));

  if (position == G_MAXUINT || position < gtk_slice_list_model_get_size (slice))
    return;

  gtk_slice_list_model_set_size (slice, (position / STEP + 2) * STEP);
}

static gboolean
grow (gpointer data)
{
  GtkSliceListModel *slice = data;

  g_object_steal_data (G_OBJECT (slice), grow_key);
  gtk_slice_list_model_set_size (slice, gtk_slice_list_model_get_size (slice) + STEP);

  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static void
on_adjustment_changed (GtkSliceListModel *slice,
                       GtkAdjustment     *adjustment)
{
  GListModel *model = gtk_slice_list_model_get_model (slice);
  double page = gtk_adjustment_get_page_size (adjustment);
  guint id;

  if (model == NULL ||
      gtk_slice_list_model_get_size (slice) >= g_list_model_get_n_items (model) ||
      gtk_adjustment_get_value (adjustment) + 3 * page < gtk_adjustment_get_upper (adjustment) ||
      g_object_get_data (G_OBJECT (slice), grow_key) != NULL)
    return;

  /* Not from inside the list's size allocation, where the adjustment changes. */
  id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, grow, slice, NULL);
  g_object_set_data_full (G_OBJECT (slice), grow_key, GUINT_TO_POINTER (id), remove_source);
}

/* The slice @view shows, through its selection model */
static GtkSliceListModel *
shown_slice (GtkListView *view)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (view);
  GListModel *model = NULL;

  if (GTK_IS_SINGLE_SELECTION (selection))
    model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));
  else if (GTK_IS_NO_SELECTION (selection))
    model = gtk_no_selection_get_model (GTK_NO_SELECTION (selection));

  return GTK_IS_SLICE_LIST_MODEL (model) ? GTK_SLICE_LIST_MODEL (model) : NULL;
}

/* End goes to the last item of the whole list, not of what is shown yet: the rest is shown
 * first, then the list view moves to its end as usual. */
static gboolean
on_key_pressed (GtkListView           *view,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkSliceListModel *slice = shown_slice (view);
  GListModel *model = slice ? gtk_slice_list_model_get_model (slice) : NULL;

  if ((keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End) && model != NULL &&
      g_list_model_get_n_items (model) > 0)
    hl_list_slice_reveal (slice, g_list_model_get_n_items (model) - 1);

  return GDK_EVENT_PROPAGATE;
}

/* Grows @slice as @view, which shows it, is scrolled towards its end. */
void
hl_list_slice_follow (GtkSliceListModel *slice,
                      GtkListView       *view)
{
  GtkEventController *key;
  GtkAdjustment *adjustment;

  g_return_if_fail (GTK_IS_SLICE_LIST_MODEL (slice));
  g_return_if_fail (GTK_IS_LIST_VIEW (view));

  /* One for the view, whatever slice it shows */
  if (g_object_get_data (G_OBJECT (view), key_key) == NULL)
    {
      key = gtk_event_controller_key_new ();
      gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
      g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (on_key_pressed), view);
      gtk_widget_add_controller (GTK_WIDGET (view), key);
      g_object_set_data (G_OBJECT (view), key_key, key);
    }

  if ((adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view))) == NULL)
    return;

  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_adjustment_changed), slice,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_adjustment_changed), slice,
                           G_CONNECT_SWAPPED);
}

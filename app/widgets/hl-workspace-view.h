/* hl-workspace-view.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_WORKSPACE_VIEW (hl_workspace_view_get_type ())

G_DECLARE_INTERFACE (HlWorkspaceView, hl_workspace_view, HL, WORKSPACE_VIEW, GtkWidget)

/* What the window asks of each page and of the phone pane. */
struct _HlWorkspaceViewInterface
{
  GTypeInterface parent_iface;

  void     (*set_workspace) (HlWorkspaceView *self,
                             HlWorkspace     *workspace);
  gboolean (*focus_search)  (HlWorkspaceView *self);
  void     (*save_state)    (HlWorkspaceView *self,
                             GVariantDict    *state);
  void     (*restore_state) (HlWorkspaceView *self,
                             GVariantDict    *state);
};

void     hl_workspace_view_set_workspace (HlWorkspaceView *self,
                                          HlWorkspace     *workspace);
gboolean hl_workspace_view_focus_search  (HlWorkspaceView *self);
void     hl_workspace_view_save_state    (HlWorkspaceView *self,
                                          GVariantDict    *state);
void     hl_workspace_view_restore_state (HlWorkspaceView *self,
                                          GVariantDict    *state);

void     hl_workspace_view_save_search    (GVariantDict   *state,
                                           GtkEditable    *entry);
gboolean hl_workspace_view_restore_search (GVariantDict   *state,
                                           GtkEditable    *entry);

G_END_DECLS

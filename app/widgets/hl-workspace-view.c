/* hl-workspace-view.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-workspace-view.h"

G_DEFINE_INTERFACE (HlWorkspaceView, hl_workspace_view, GTK_TYPE_WIDGET)

static void
hl_workspace_view_default_init (HlWorkspaceViewInterface *iface)
{
}

/* Gives the view the opened workspace (or NULL when it closes): the view builds its models on the
 * workspace's store. */
void
hl_workspace_view_set_workspace (HlWorkspaceView *self,
                                 HlWorkspace     *workspace)
{
  g_return_if_fail (HL_IS_WORKSPACE_VIEW (self));

  HL_WORKSPACE_VIEW_GET_IFACE (self)->set_workspace (self, workspace);
}

/* Moves the keyboard focus to the view's search entry; FALSE if it has none. */
gboolean
hl_workspace_view_focus_search (HlWorkspaceView *self)
{
  HlWorkspaceViewInterface *iface;

  g_return_val_if_fail (HL_IS_WORKSPACE_VIEW (self), FALSE);

  iface = HL_WORKSPACE_VIEW_GET_IFACE (self);
  return iface->focus_search ? iface->focus_search (self) : FALSE;
}

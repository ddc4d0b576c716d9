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

/* What the agent was doing in the view (search text, selection…), written into @state so that a
 * replacement view, built when the interface language changes, can take over where this one was. */
void
hl_workspace_view_save_state (HlWorkspaceView *self,
                              GVariantDict    *state)
{
  HlWorkspaceViewInterface *iface;

  g_return_if_fail (HL_IS_WORKSPACE_VIEW (self));
  g_return_if_fail (state != NULL);

  iface = HL_WORKSPACE_VIEW_GET_IFACE (self);
  if (iface->save_state)
    iface->save_state (self, state);
}

/* Takes over @state from hl_workspace_view_save_state(); called once the view has its workspace. */
void
hl_workspace_view_restore_state (HlWorkspaceView *self,
                                 GVariantDict    *state)
{
  HlWorkspaceViewInterface *iface;

  g_return_if_fail (HL_IS_WORKSPACE_VIEW (self));
  g_return_if_fail (state != NULL);

  iface = HL_WORKSPACE_VIEW_GET_IFACE (self);
  if (iface->restore_state)
    iface->restore_state (self, state);
}

/* For the hooks: a view's search text, saved under "search". */
void
hl_workspace_view_save_search (GVariantDict *state,
                               GtkEditable  *entry)
{
  g_variant_dict_insert (state, "search", "s", gtk_editable_get_text (entry));
}

/* Puts the saved search text back into @entry; TRUE if there was one (the view then re-queries). */
gboolean
hl_workspace_view_restore_search (GVariantDict *state,
                                  GtkEditable  *entry)
{
  const char *text;

  if (!g_variant_dict_lookup (state, "search", "&s", &text))
    return FALSE;

  gtk_editable_set_text (entry, text);
  return TRUE;
}

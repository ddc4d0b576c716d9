/* hl-workspace.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-store.h"

G_BEGIN_DECLS

#define HL_TYPE_WORKSPACE (hl_workspace_get_type ())

G_DECLARE_FINAL_TYPE (HlWorkspace, hl_workspace, HL, WORKSPACE, GObject)

HlWorkspace *hl_workspace_new          (const char           *name);
const char  *hl_workspace_get_name     (HlWorkspace          *self);
const char  *hl_workspace_get_title    (HlWorkspace          *self);
char        *hl_workspace_dup_path     (HlWorkspace          *self);
HlStore     *hl_workspace_get_store    (HlWorkspace          *self);
gint64       hl_workspace_get_me_id    (HlWorkspace          *self);
gboolean     hl_workspace_is_open      (HlWorkspace          *self);
void         hl_workspace_open_async   (HlWorkspace          *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean     hl_workspace_open_finish  (HlWorkspace          *self,
                                        GAsyncResult         *result,
                                        GError              **error);
char        *hl_workspace_path_for     (const char           *name);
char        *hl_workspace_chatwoot_name (const char          *url,
                                         gint64               account_id);

G_END_DECLS

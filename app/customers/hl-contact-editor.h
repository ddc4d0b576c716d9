/* hl-contact-editor.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-store-db.h"
#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_CONTACT_EDITOR (hl_contact_editor_get_type ())

G_DECLARE_FINAL_TYPE (HlContactEditor, hl_contact_editor, HL, CONTACT_EDITOR, AdwBin)

GtkWidget *hl_contact_editor_new          (void);
void       hl_contact_editor_edit         (HlContactEditor *self,
                                           HlStore         *store,
                                           HlContact       *contact,
                                           GVariant        *draft);
gboolean   hl_contact_editor_get_modified (HlContactEditor *self);
gboolean   hl_contact_editor_get_valid    (HlContactEditor *self);
GVariant  *hl_contact_editor_get_draft    (HlContactEditor *self);
char     **hl_contact_editor_build_data   (HlContactEditor *self,
                                           HlContact       *current,
                                           HlContactData   *data);
gboolean   hl_contact_editor_focus_first  (HlContactEditor *self);

G_END_DECLS

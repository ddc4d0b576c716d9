/* hl-application.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-chatwoot-backend.h"
#include "hl-chatwoot-link.h"
#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_APPLICATION (hl_application_get_type ())

G_DECLARE_FINAL_TYPE (HlApplication, hl_application, HL, APPLICATION, AdwApplication)

HlApplication *hl_application_new           (const char        *application_id,
                                             GApplicationFlags  flags);
GSettings     *hl_application_get_settings  (HlApplication     *self);
HlPhone       *hl_application_get_phone     (HlApplication     *self);
HlChatwootBackend *hl_application_get_chatwoot (HlApplication  *self);
void               hl_application_conversation_opened (HlApplication *self,
                                                       gint64         conversation_id);
HlChatwootLink *hl_application_get_chatwoot_link (HlApplication *self);
HlWorkspace   *hl_application_get_workspace (HlApplication     *self);
HlWindow      *hl_application_get_window    (HlApplication     *self);
void           hl_application_set_workspace_name (HlApplication *self,
                                                  const char    *name);

G_END_DECLS

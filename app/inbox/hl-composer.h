/* hl-composer.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_COMPOSER (hl_composer_get_type ())

G_DECLARE_FINAL_TYPE (HlComposer, hl_composer, HL, COMPOSER, AdwBin)

void     hl_composer_set_workspace       (HlComposer  *self,
                                          HlWorkspace *workspace);
void     hl_composer_set_conversation_id (HlComposer  *self,
                                          gint64       conversation_id);
gboolean hl_composer_get_note            (HlComposer  *self);
void     hl_composer_set_note            (HlComposer  *self,
                                          gboolean     note);
void     hl_composer_focus               (HlComposer  *self,
                                          gboolean     note);
void     hl_composer_add_file            (HlComposer  *self,
                                          GFile       *file);
void     hl_composer_save_draft          (HlComposer  *self);
char    *hl_composer_get_text            (HlComposer  *self);
void     hl_composer_set_text            (HlComposer  *self,
                                          const char  *text);

G_END_DECLS

/* hl-reveal-model.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HL_TYPE_REVEAL_MODEL (hl_reveal_model_get_type ())

G_DECLARE_FINAL_TYPE (HlRevealModel, hl_reveal_model, HL, REVEAL_MODEL, GObject)

HlRevealModel *hl_reveal_model_new        (GListModel    *source);
GListModel    *hl_reveal_model_get_source (HlRevealModel *self);
guint          hl_reveal_model_get_hidden (HlRevealModel *self);
void           hl_reveal_model_reveal     (HlRevealModel *self,
                                           guint          n_items);

G_END_DECLS

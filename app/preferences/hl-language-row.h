/* hl-language-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void hl_language_row_bind (AdwComboRow *row,
                           GSettings   *settings);

G_END_DECLS

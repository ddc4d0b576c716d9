/* hl-language.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void                hl_language_init             (void);
void                hl_language_apply            (const char *code);
const char * const *hl_language_get_available    (void);
const char         *hl_language_get_native_name  (const char *code);
gboolean            hl_language_is_available     (const char *code);
gboolean            hl_language_is_rtl           (const char *code);
const char         *hl_language_get_current      (void);
gboolean            hl_language_has_time_locale  (void);

G_END_DECLS

/* hl-disposition.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Dispositions: the code an agent gives a call at wrap-up ("how did it end for the customer").
 * Helpline ships a small set of codes with translated names; a team sets its own list with the
 * `call-dispositions` setting (or `[Phone] dispositions=` in the provisioning file), whose entries
 * are shown as they are written. */

char  **hl_disposition_list      (GSettings   *settings);
char   *hl_disposition_dup_label (const char  *code);
char   *hl_disposition_dup_line  (const char  *code);
char  **hl_disposition_parse     (const char  *list);

G_END_DECLS

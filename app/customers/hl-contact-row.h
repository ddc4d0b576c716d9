/* hl-contact-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-contact.h"
#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_CONTACT_ROW (hl_contact_row_get_type ())

G_DECLARE_FINAL_TYPE (HlContactRow, hl_contact_row, HL, CONTACT_ROW, HlRecordRow)

const char *hl_contact_display_name (HlContact  *contact);
char       *hl_contact_dup_location (HlContact  *contact);
char       *hl_contact_initials     (const char *name);
char       *hl_bidi_isolate         (const char *text);
const char *hl_bidi_mark            (GtkWidget  *widget);
const char *hl_country_name         (const char *code);
const char *hl_language_name        (const char *locale);

G_END_DECLS

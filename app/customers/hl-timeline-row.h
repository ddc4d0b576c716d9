/* hl-timeline-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_TIMELINE_ROW (hl_timeline_row_get_type ())

G_DECLARE_FINAL_TYPE (HlTimelineRow, hl_timeline_row, HL, TIMELINE_ROW, HlRecordRow)

GtkWidget *hl_timeline_row_new                 (HlRecord *item);
gint64     hl_timeline_row_get_conversation_id (HlTimelineRow *self);

G_END_DECLS

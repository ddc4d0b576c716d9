/* hl-agent-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-agent.h"
#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_AGENT_ROW (hl_agent_row_get_type ())

G_DECLARE_FINAL_TYPE (HlAgentRow, hl_agent_row, HL, AGENT_ROW, HlRecordRow)

GtkWidget  *hl_agent_row_new            (HlAgent        *agent);
const char *hl_availability_label       (HlAvailability  availability);
const char *hl_availability_style_class (HlAvailability  availability);

G_END_DECLS

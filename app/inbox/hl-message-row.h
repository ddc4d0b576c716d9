/* hl-message-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-message.h"
#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_MESSAGE_ROW (hl_message_row_get_type ())

G_DECLARE_FINAL_TYPE (HlMessageRow, hl_message_row, HL, MESSAGE_ROW, HlRecordRow)

G_END_DECLS

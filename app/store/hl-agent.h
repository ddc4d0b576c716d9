/* hl-agent.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-record.h"

G_BEGIN_DECLS

#define HL_TYPE_AGENT (hl_agent_get_type ())

G_DECLARE_FINAL_TYPE (HlAgent, hl_agent, HL, AGENT, HlRecord)

const char *         hl_agent_get_name               (HlAgent *self);
const char *         hl_agent_get_email              (HlAgent *self);
HlAgentRole          hl_agent_get_role               (HlAgent *self);
HlAvailability       hl_agent_get_availability       (HlAgent *self);
gint64               hl_agent_get_availability_since (HlAgent *self);
gboolean             hl_agent_get_is_me              (HlAgent *self);
const char * const * hl_agent_get_teams              (HlAgent *self);
int                  hl_agent_get_open_conversations (HlAgent *self);

G_END_DECLS

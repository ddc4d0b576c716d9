/* hl-agent.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-enums.h"
#include "hl-agent.h"

/* A member of the team, with the availability the wallboard shows. */

struct _HlAgent
{
  HlRecord parent_instance;

  char *name;
  char *email;
  HlAgentRole role;
  HlAvailability availability;
  gint64 availability_since;
  gboolean is_me;
  char **teams;
  int open_conversations;
};

G_DEFINE_FINAL_TYPE (HlAgent, hl_agent, HL_TYPE_RECORD)

static const char row_sql[] =
  "SELECT a.name, a.email, a.role, a.availability, a.availability_since, a.is_me, a.teams,"
  "       (SELECT count (*) FROM conversations WHERE assignee_id = a.id AND status = 'open')"
  "  FROM agents a WHERE a.id = ?1";

static const HlField fields[] = {
  { "name", HL_FIELD_STRING, G_STRUCT_OFFSET (HlAgent, name) },
  { "email", HL_FIELD_STRING, G_STRUCT_OFFSET (HlAgent, email) },
  { "role", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlAgent, role), hl_agent_role_get_type },
  { "availability", HL_FIELD_ENUM, G_STRUCT_OFFSET (HlAgent, availability), hl_availability_get_type },
  { "availability-since", HL_FIELD_INT64, G_STRUCT_OFFSET (HlAgent, availability_since) },
  { "is-me", HL_FIELD_BOOLEAN, G_STRUCT_OFFSET (HlAgent, is_me) },
  { "teams", HL_FIELD_STRV, G_STRUCT_OFFSET (HlAgent, teams) },
  { "open-conversations", HL_FIELD_INT, G_STRUCT_OFFSET (HlAgent, open_conversations) },
};

static void
hl_agent_class_init (HlAgentClass *klass)
{
  hl_record_class_install_fields (HL_RECORD_CLASS (klass), row_sql, fields, G_N_ELEMENTS (fields));
}

static void
hl_agent_init (HlAgent *self)
{
}

const char *
hl_agent_get_name (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), NULL);

  return self->name;
}

const char *
hl_agent_get_email (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), NULL);

  return self->email;
}

HlAgentRole
hl_agent_get_role (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), 0);

  return self->role;
}

HlAvailability
hl_agent_get_availability (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), 0);

  return self->availability;
}

gint64
hl_agent_get_availability_since (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), 0);

  return self->availability_since;
}

gboolean
hl_agent_get_is_me (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), FALSE);

  return self->is_me;
}

const char * const *
hl_agent_get_teams (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), NULL);

  return (const char * const *) self->teams;
}

int
hl_agent_get_open_conversations (HlAgent *self)
{
  g_return_val_if_fail (HL_IS_AGENT (self), 0);

  return self->open_conversations;
}

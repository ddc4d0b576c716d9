/* hl-log.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hl-log.h"

/* -v prints info messages, -vv adds Helpline's debug messages (state transitions), -vvv adds the
 * debug messages of every library. Without -v, G_MESSAGES_DEBUG still works as usual. Warnings
 * and errors always print. */

static int verbosity;

static gboolean
is_helpline_domain (const char *domain)
{
  return domain != NULL && strncmp (domain, "Hl", 2) == 0;
}

static GLogWriterOutput
hl_log_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      {
        domain = fields[i].value;
        break;
      }

  if ((log_level & G_LOG_LEVEL_DEBUG) != 0)
    {
      if (verbosity >= 3 || (verbosity == 2 && is_helpline_domain (domain)))
        return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
    }
  else if ((log_level & G_LOG_LEVEL_INFO) != 0)
    {
      if (verbosity >= 1)
        return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
hl_log_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_log_set_writer_func (hl_log_writer, NULL, NULL);
      g_once_init_leave (&initialized, TRUE);
    }
}

void
hl_log_increase_verbosity (void)
{
  verbosity++;
}

int
hl_log_get_verbosity (void)
{
  return verbosity;
}

/* hl-call-log-text.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCallSummary"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-call-log-text.h"
#include "hl-disposition.h"
#include "hl-format.h"

static const char *
result_label (HlCallResult result)
{
  switch (result)
    {
    case HL_CALL_RESULT_ANSWERED:
      return C_("call result", "answered");
    case HL_CALL_RESULT_MISSED:
      return C_("call result", "missed");
    case HL_CALL_RESULT_ABANDONED:
      return C_("call result", "abandoned");
    case HL_CALL_RESULT_VOICEMAIL:
      return C_("call result", "voicemail");
    case HL_CALL_RESULT_BUSY:
      return C_("call result", "busy");
    case HL_CALL_RESULT_REJECTED:
      return C_("call result", "rejected");
    case HL_CALL_RESULT_FAILED:
    default:
      return C_("call result", "failed");
    }
}

/**
 * hl_call_log_text:
 * @log: a finished call
 * @number: the caller's number (or SIP user)
 *
 * The call described for colleagues who read it elsewhere (the message a call log leaves in
 * Chatwoot), in the app's language: direction, who, result, talk time and disposition, one per
 * line.
 */
char *
hl_call_log_text (const HlCallLog *log,
                 const char      *number)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *who = NULL;
  g_autofree char *line = NULL;
  gboolean incoming;

  g_return_val_if_fail (log != NULL, NULL);
  g_return_val_if_fail (number != NULL, NULL);

  incoming = log->direction == HL_CALL_DIRECTION_INCOMING;

  if (log->remote_name != NULL && *log->remote_name != '\0' && g_strcmp0 (log->remote_name, number) != 0)
    /* Translators: a caller in a call log: "Ana Ruiz (+34612345678)" */
    who = g_strdup_printf (_("%s (%s)"), log->remote_name, number);
  else
    who = g_strdup (number);

  /* Translators: the first line of a call log in Chatwoot; %s is the caller */
  g_string_append_printf (text, incoming ? _("Incoming call from %s") : _("Outgoing call to %s"), who);
  g_string_append_c (text, '\n');
  /* Translators: a line of a call log in Chatwoot: "Result: answered" */
  g_string_append_printf (text, _("Result: %s"), result_label (log->result));

  if (log->result == HL_CALL_RESULT_ANSWERED && log->answered_at > 0 && log->ended_at >= log->answered_at)
    {
      g_autofree char *duration = hl_format_duration (log->ended_at - log->answered_at);

      g_string_append_c (text, '\n');
      /* Translators: a line of a call log in Chatwoot: "Duration: 3:25" */
      g_string_append_printf (text, _("Duration: %s"), duration);
    }

  if ((line = hl_disposition_dup_line (log->disposition)) != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, line);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

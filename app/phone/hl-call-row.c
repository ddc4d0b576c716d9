/* hl-call-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-call-row.h"
#include "hl-disposition.h"
#include "hl-dial-uri.h"
#include "hl-format.h"

/* One call of the phone pane's recent calls: direction, who, when, how long or how it ended, and
 * a Call Back button (app.call with the call's address). */

struct _HlCallRow
{
  HlRecordRow  parent_instance;

  /* Template widgets */
  GtkImage    *direction_icon;
  GtkLabel    *name_label;
  GtkLabel    *time_label;
  GtkLabel    *disposition_label;
  GtkLabel    *outcome_label;
  GtkButton   *call_back_button;
  GtkImage    *recorded_icon;
};

G_DEFINE_FINAL_TYPE (HlCallRow, hl_call_row, HL_TYPE_RECORD_ROW)

const char *
hl_call_result_label (HlCallResult result)
{
  switch (result)
    {
    case HL_CALL_RESULT_ANSWERED:  return C_("call result", "Answered");
    case HL_CALL_RESULT_MISSED:    return C_("call result", "Missed");
    case HL_CALL_RESULT_ABANDONED: return C_("call result", "Abandoned");
    case HL_CALL_RESULT_VOICEMAIL: return C_("call result", "Voicemail");
    case HL_CALL_RESULT_BUSY:      return C_("call result", "Busy");
    case HL_CALL_RESULT_REJECTED:  return C_("call result", "Declined");
    case HL_CALL_RESULT_FAILED:
    default:                       return C_("call result", "Failed");
    }
}

static void
hl_call_row_update (HlRecordRow *row,
                    HlRecord    *record)
{
  HlCallRow *self = HL_CALL_ROW (row);
  HlCallRecord *call = HL_CALL_RECORD (record);
  HlCallResult result = hl_call_record_get_result (call);
  HlCallDirection direction = hl_call_record_get_direction (call);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  /* Missed is for calls to the agent; an outgoing call nobody answered stays outgoing. */
  gboolean missed = direction == HL_CALL_DIRECTION_INCOMING &&
                    (result == HL_CALL_RESULT_MISSED || result == HL_CALL_RESULT_ABANDONED);
  const char *uri = hl_call_record_get_remote_uri (call);
  g_autofree char *disposition = hl_disposition_dup_label (hl_call_record_get_disposition (call));
  const char *name = hl_call_record_get_remote_name (call);
  const char *direction_text;
  g_autofree char *number = NULL;
  g_autofree char *time = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *description = NULL;
  const char *recording;

  /* The customer's current name (the record joins the contact); a contact named after the
   * number, as a call from an unknown caller makes it, shows the number readably */
  if (name == NULL || name[0] == '\0' || hl_dial_uri_is_caller_name (uri, name))
    {
      number = hl_dial_uri_to_caller (uri);
      name = number ? number : uri;
    }
  if (name == NULL || name[0] == '\0')
    name = _("Unknown Caller");
  gtk_label_set_text (self->name_label, name);
  hl_widget_set_tooltip (GTK_WIDGET (self->name_label), uri);

  if (missed)
    {
      gtk_image_set_from_icon_name (self->direction_icon, "call-missed-symbolic");
      direction_text = _("Missed call");
    }
  else if (direction == HL_CALL_DIRECTION_INCOMING)
    {
      gtk_image_set_from_icon_name (self->direction_icon, "call-incoming-symbolic");
      direction_text = _("Incoming call");
    }
  else
    {
      gtk_image_set_from_icon_name (self->direction_icon, "call-outgoing-symbolic");
      direction_text = _("Outgoing call");
    }
  hl_widget_set_css_class (GTK_WIDGET (self->direction_icon), "call-missed", missed);
  hl_widget_set_css_class (GTK_WIDGET (self->outcome_label), "call-missed", missed);
  hl_widget_set_tooltip (GTK_WIDGET (self->direction_icon), direction_text);

  time = hl_format_relative_time (hl_call_record_get_started_at (call), now);
  gtk_label_set_text (self->time_label, time);
  {
    g_autofree char *full = hl_format_date_time (hl_call_record_get_started_at (call));
    hl_widget_set_tooltip (GTK_WIDGET (self->time_label), full);
  }

  if (result == HL_CALL_RESULT_ANSWERED && hl_call_record_get_answered_at (call) > 0 &&
      hl_call_record_get_ended_at (call) >= hl_call_record_get_answered_at (call))
    outcome = hl_format_duration (hl_call_record_get_ended_at (call) - hl_call_record_get_answered_at (call));
  else
    outcome = g_strdup (hl_call_result_label (result));
  gtk_label_set_text (self->outcome_label, outcome);

  gtk_label_set_text (self->disposition_label, disposition ? disposition : "");
  hl_widget_set_tooltip (GTK_WIDGET (self->disposition_label), disposition);

  gtk_widget_set_visible (GTK_WIDGET (self->call_back_button), uri != NULL && uri[0] != '\0');
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->call_back_button), g_variant_new_string (uri ? uri : ""));
  {
    /* Translators: the accessible name of a recent call's Call Back button; %s is who */
    g_autofree char *call_back = g_strdup_printf (_("Call back %s"), name);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->call_back_button), GTK_ACCESSIBLE_PROPERTY_LABEL, call_back, -1);
  }
  /* The call record links its recording: the file is named in the tooltip */
  recording = hl_call_record_get_recording_path (call);
  gtk_widget_set_visible (GTK_WIDGET (self->recorded_icon), recording != NULL);
  if (recording != NULL)
    {
      /* Translators: %s is the recording's file */
      g_autofree char *tooltip = g_strdup_printf (_("Recorded in %s"), recording);

      hl_widget_set_tooltip (GTK_WIDGET (self->recorded_icon), tooltip);
    }

  /* Translators: a recent call read by a screen reader: "Incoming call, Ana Ruiz, 5 min, 4:32" */
  description = g_strdup_printf (C_("call row", "%s, %s, %s, %s"), direction_text, name, time, outcome);
  if (recording != NULL)
    {
      /* Translators: a recent call's description for screen readers, then that it was recorded */
      char *recorded = g_strdup_printf (C_("call row", "%s, recorded"), description);

      g_free (description);
      description = recorded;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
hl_call_row_class_init (HlCallRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  HL_RECORD_ROW_CLASS (klass)->update = hl_call_row_update;

  gtk_widget_class_set_css_name (widget_class, "callrow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-call-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlCallRow, direction_icon);
  gtk_widget_class_bind_template_child (widget_class, HlCallRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallRow, disposition_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallRow, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallRow, call_back_button);
  gtk_widget_class_bind_template_child (widget_class, HlCallRow, recorded_icon);
}

static void
hl_call_row_init (HlCallRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: a tooltip set there asks the display where the pointer is, for every row */
  hl_widget_set_tooltip (GTK_WIDGET (self->call_back_button), _("Call Back"));

  /* The target first: app.call takes a string, and an action name without one warns. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->call_back_button), g_variant_new_string (""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->call_back_button), "app.call");
}

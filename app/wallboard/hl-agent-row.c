/* hl-agent-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlWallboard"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-agent-row.h"
#include "hl-format.h"
#include "hl-wallboard-stats.h"

/* One agent on the wallboard: availability, name, role and teams, and how many open conversations
 * the agent holds. */

struct _HlAgentRow
{
  HlRecordRow  parent_instance;

  /* Template widgets */
  GtkWidget   *dot;
  GtkLabel    *name_label;
  GtkLabel    *you_label;
  GtkLabel    *role_label;
  GtkLabel    *teams_label;
  GtkLabel    *open_label;
  GtkLabel    *availability_label;
  GtkLabel    *since_label;
};

G_DEFINE_FINAL_TYPE (HlAgentRow, hl_agent_row, HL_TYPE_RECORD_ROW)

const char *
hl_availability_label (HlAvailability availability)
{
  switch (availability)
    {
    case HL_AVAILABILITY_ONLINE:  return C_("availability", "Available");
    case HL_AVAILABILITY_BUSY:    return C_("availability", "Busy");
    case HL_AVAILABILITY_OFFLINE:
    default:                      return C_("availability", "Offline");
    }
}

/* The class of the .availability-dot for @availability. */
const char *
hl_availability_style_class (HlAvailability availability)
{
  switch (availability)
    {
    case HL_AVAILABILITY_ONLINE:  return "online";
    case HL_AVAILABILITY_BUSY:    return "busy";
    case HL_AVAILABILITY_OFFLINE:
    default:                      return "offline";
    }
}

static void
hl_agent_row_update (HlRecordRow *row,
                     HlRecord    *record)
{
  HlAgentRow *self = HL_AGENT_ROW (row);
  HlAgent *agent = HL_AGENT (record);
  HlAvailability availability = hl_agent_get_availability (agent);
  const char * const *teams = hl_agent_get_teams (agent);
  g_autofree char *teams_text = NULL;
  g_autofree char *open_text = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *description = NULL;
  gint64 since = hl_agent_get_availability_since (agent);
  int open = hl_agent_get_open_conversations (agent);

  gtk_label_set_text (self->name_label, hl_agent_get_name (agent));
  gtk_widget_set_visible (GTK_WIDGET (self->you_label), hl_agent_get_is_me (agent));
  gtk_widget_set_visible (GTK_WIDGET (self->role_label), hl_agent_get_role (agent) == HL_AGENT_ROLE_LEAD);

  teams_text = teams && teams[0] ? g_strjoinv (" · ", (char **) teams) : NULL;
  gtk_label_set_text (self->teams_label, teams_text ? teams_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->teams_label), teams_text != NULL);

  for (guint i = HL_AVAILABILITY_ONLINE; i <= HL_AVAILABILITY_OFFLINE; i++)
    hl_widget_set_css_class (self->dot, hl_availability_style_class (i), i == availability);
  gtk_label_set_text (self->availability_label, hl_availability_label (availability));

  if (since > 0)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      g_autofree char *when = NULL;

      /* A time of day for today, "Yesterday" or a date before. */
      if (since >= hl_wallboard_start_of_day (now))
        when = hl_format_clock_time (since);
      else
        when = hl_format_relative_time (since, now);

      /* Translators: when the agent's availability last changed, "since 14:05" or "since Yesterday" */
      since_text = g_strdup_printf (_("since %s"), when);
    }
  gtk_label_set_text (self->since_label, since_text ? since_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->since_label), since_text != NULL);

  open_text = g_strdup_printf ("%d", open);
  gtk_label_set_text (self->open_label, open_text);
  hl_widget_set_css_class (GTK_WIDGET (self->open_label), "dim-label", open == 0);

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: an agent row read by a screen reader */
                                              "%s, %s %s, %d open conversation",
                                              "%s, %s %s, %d open conversations", open),
                                 hl_agent_get_name (agent), hl_availability_label (availability),
                                 since_text ? since_text : "", open);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
hl_agent_row_class_init (HlAgentRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  HL_RECORD_ROW_CLASS (klass)->update = hl_agent_row_update;

  gtk_widget_class_set_css_name (widget_class, "agentrow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-agent-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, dot);
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, you_label);
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, role_label);
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, teams_label);
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, open_label);
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, availability_label);
  gtk_widget_class_bind_template_child (widget_class, HlAgentRow, since_label);
}

static void
hl_agent_row_init (HlAgentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hl_agent_row_new (HlAgent *agent)
{
  g_return_val_if_fail (!agent || HL_IS_AGENT (agent), NULL);

  return g_object_new (HL_TYPE_AGENT_ROW, "item", agent, NULL);
}

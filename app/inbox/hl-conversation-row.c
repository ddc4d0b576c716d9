/* hl-conversation-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hl-conversation-row.h"
#include "hl-format.h"
#include "hl-record-row.h"

/* One row of the inbox list. It follows its item's notifications, so a store refresh updates the
 * row in place. */

struct _HlConversationRow
{
  HlRecordRow     parent_instance;

  /* Template widgets */
  GtkImage       *channel_icon;
  GtkLabel       *name_label;
  GtkLabel       *time_label;
  GtkLabel       *preview_label;
  GtkLabel       *waiting_label;
  GtkLabel       *priority_label;
  GtkLabel       *labels_label;
  AdwAvatar      *assignee_avatar;
  GtkLabel       *unread_label;

  guint           clock_source;
};

G_DEFINE_FINAL_TYPE (HlConversationRow, hl_conversation_row, HL_TYPE_RECORD_ROW)

const char *
hl_channel_icon_name (HlChannel channel)
{
  switch (channel)
    {
    case HL_CHANNEL_PHONE: return "hl-channel-phone-symbolic";
    case HL_CHANNEL_EMAIL: return "hl-channel-email-symbolic";
    case HL_CHANNEL_CHAT:
    default:               return "hl-channel-chat-symbolic";
    }
}

const char *
hl_channel_label (HlChannel channel)
{
  switch (channel)
    {
    case HL_CHANNEL_PHONE: return _("Phone");
    case HL_CHANNEL_EMAIL: return _("Email");
    case HL_CHANNEL_CHAT:
    default:               return _("Chat");
    }
}

const char *
hl_priority_label (HlPriority priority)
{
  switch (priority)
    {
    case HL_PRIORITY_LOW:    return C_("priority", "Low");
    case HL_PRIORITY_MEDIUM: return C_("priority", "Medium");
    case HL_PRIORITY_HIGH:   return C_("priority", "High");
    case HL_PRIORITY_URGENT: return C_("priority", "Urgent");
    case HL_PRIORITY_NONE:
    default:                 return C_("priority", "None");
    }
}

const char *
hl_status_label (HlConversationStatus status)
{
  switch (status)
    {
    case HL_CONVERSATION_STATUS_PENDING:  return C_("status", "Pending");
    case HL_CONVERSATION_STATUS_SNOOZED:  return C_("status", "Snoozed");
    case HL_CONVERSATION_STATUS_RESOLVED: return C_("status", "Resolved");
    case HL_CONVERSATION_STATUS_OPEN:
    default:                              return C_("status", "Open");
    }
}

static void
hl_conversation_row_update (HlRecordRow *row,
                            HlRecord    *record)
{
  HlConversationRow *self = HL_CONVERSATION_ROW (row);
  HlConversation *item = HL_CONVERSATION (record);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *time = NULL;
  g_autofree char *labels = NULL;
  const char *name;
  const char * const *label_list;
  HlPriority priority;
  gint64 waiting_since, due;
  int unread;

  name = hl_conversation_get_contact_name (item);
  if (name == NULL || name[0] == '\0')
    name = hl_conversation_get_contact_phone (item);
  if (name == NULL || name[0] == '\0')
    name = hl_conversation_get_contact_email (item);
  if (name == NULL || name[0] == '\0')
    name = _("Unknown Customer");
  gtk_label_set_text (self->name_label, name);

  gtk_image_set_from_icon_name (self->channel_icon, hl_channel_icon_name (hl_conversation_get_channel (item)));
  hl_widget_set_tooltip (GTK_WIDGET (self->channel_icon), hl_channel_label (hl_conversation_get_channel (item)));

  time = hl_format_relative_time (hl_conversation_get_last_activity_at (item), now);
  gtk_label_set_text (self->time_label, time);

  if (hl_conversation_get_channel (item) == HL_CHANNEL_EMAIL && hl_conversation_get_subject (item))
    gtk_label_set_text (self->preview_label, hl_conversation_get_subject (item));
  else
    gtk_label_set_text (self->preview_label, hl_conversation_get_preview (item));

  /* The waiting badge: how long the customer has waited for an answer, coloured by the SLA. */
  waiting_since = hl_conversation_get_waiting_since (item);
  due = hl_conversation_get_first_response_due (item);
  if (waiting_since > 0 && hl_conversation_get_status (item) == HL_CONVERSATION_STATUS_OPEN)
    {
      g_autofree char *waited = hl_format_waiting (now - waiting_since);

      gtk_label_set_text (self->waiting_label, waited);
      hl_widget_set_css_class (GTK_WIDGET (self->waiting_label), "overdue", due > 0 && due < now);
      hl_widget_set_css_class (GTK_WIDGET (self->waiting_label), "due-soon", due > 0 && due >= now && due - now < 5 * 60);
      hl_widget_set_tooltip (GTK_WIDGET (self->waiting_label),
                                   due > 0 && due < now ? _("First response overdue") : _("Waiting for an answer"));
      gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), TRUE);
    }
  else if ((due = hl_conversation_get_resolution_due (item)) > 0 &&
           hl_conversation_get_status (item) != HL_CONVERSATION_STATUS_RESOLVED &&
           hl_conversation_get_status (item) != HL_CONVERSATION_STATUS_SNOOZED)
    {
      /* Answered, not yet solved: the badge counts down to the resolution target instead. */
      g_autofree char *left = hl_format_waiting (due > now ? due - now : now - due);
      g_autofree char *text = NULL;

      if (due < now)
        /* Translators: on the resolution badge, how long ago the target passed, "late 2 h 5 min" */
        text = g_strdup_printf (C_("resolution badge", "late %s"), left);
      else
        /* Translators: on the resolution badge, the time left to solve it, "due in 40 min" */
        text = g_strdup_printf (C_("resolution badge", "due in %s"), left);

      gtk_label_set_text (self->waiting_label, text);
      hl_widget_set_css_class (GTK_WIDGET (self->waiting_label), "overdue", due < now);
      hl_widget_set_css_class (GTK_WIDGET (self->waiting_label), "due-soon", due >= now && due - now < 60 * 60);
      hl_widget_set_tooltip (GTK_WIDGET (self->waiting_label),
                                   due < now ? _("Resolution overdue") : _("Time left to resolve it"));
      gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), FALSE);

  priority = hl_conversation_get_priority (item);
  gtk_widget_set_visible (GTK_WIDGET (self->priority_label), priority >= HL_PRIORITY_HIGH);
  gtk_label_set_text (self->priority_label, hl_priority_label (priority));
  hl_widget_set_css_class (GTK_WIDGET (self->priority_label), "urgent", priority == HL_PRIORITY_URGENT);

  label_list = hl_conversation_get_labels (item);
  labels = label_list ? g_strjoinv (" · ", (char **) label_list) : NULL;
  gtk_label_set_text (self->labels_label, labels ? labels : "");

  if (hl_conversation_get_assignee_name (item))
    {
      g_autofree char *tooltip = g_strdup_printf (_("Assigned to %s"), hl_conversation_get_assignee_name (item));

      /* AdwAvatar picks the initials and a colour from the name; "me" rings the agent's own. */
      adw_avatar_set_text (self->assignee_avatar, hl_conversation_get_assignee_name (item));
      hl_widget_set_tooltip (GTK_WIDGET (self->assignee_avatar), tooltip);
      gtk_widget_set_visible (GTK_WIDGET (self->assignee_avatar), TRUE);
      hl_widget_set_css_class (GTK_WIDGET (self->assignee_avatar), "me", hl_conversation_get_assigned_to_me (item));
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->assignee_avatar), FALSE);

  unread = hl_conversation_get_unread (item);
  if (unread > 0)
    {
      g_autofree char *count = g_strdup_printf ("%d", unread);
      gtk_label_set_text (self->unread_label, count);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  hl_widget_set_css_class (GTK_WIDGET (self->name_label), "unread", unread > 0);

  /* The accessible name reads the row as a sentence. */
  {
    g_autofree char *description = g_strdup_printf ("%s, %s, %s", name,
                                                    hl_channel_label (hl_conversation_get_channel (item)),
                                                    gtk_label_get_text (self->preview_label));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  }
}

/* "5 min ago" and the waiting badge move on with the clock: a shown row reads the time again
 * every minute. */
static gboolean
on_minute (gpointer user_data)
{
  HlRecordRow *row = user_data;
  HlRecord *item = hl_record_row_get_item (row);

  if (item != NULL && hl_record_get_loaded (item))
    hl_conversation_row_update (row, item);

  return G_SOURCE_CONTINUE;
}

static void
hl_conversation_row_map (GtkWidget *widget)
{
  HlConversationRow *self = HL_CONVERSATION_ROW (widget);

  GTK_WIDGET_CLASS (hl_conversation_row_parent_class)->map (widget);

  if (self->clock_source == 0)
    self->clock_source = g_timeout_add_seconds (60, on_minute, self);
}

static void
hl_conversation_row_unmap (GtkWidget *widget)
{
  HlConversationRow *self = HL_CONVERSATION_ROW (widget);

  g_clear_handle_id (&self->clock_source, g_source_remove);

  GTK_WIDGET_CLASS (hl_conversation_row_parent_class)->unmap (widget);
}

static void
hl_conversation_row_class_init (HlConversationRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = hl_conversation_row_map;
  widget_class->unmap = hl_conversation_row_unmap;

  HL_RECORD_ROW_CLASS (klass)->update = hl_conversation_row_update;

  gtk_widget_class_set_css_name (widget_class, "conversationrow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, priority_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, labels_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, assignee_avatar);
  gtk_widget_class_bind_template_child (widget_class, HlConversationRow, unread_label);
}

static void
hl_conversation_row_init (HlConversationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

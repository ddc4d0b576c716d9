/* hl-timeline-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCustomers"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-call-record.h"
#include "hl-conversation.h"
#include "hl-contact-row.h"
#include "hl-conversation-row.h"
#include "hl-disposition.h"
#include "hl-format.h"
#include "hl-timeline-row.h"

/* One entry of a customer's history: a conversation (any channel) or a call. It follows its item's
 * notifications. Inside a GtkListBox it also makes its list row activatable when there is a
 * conversation to open. */

struct _HlTimelineRow
{
  HlRecordRow  parent_instance;

  /* Template widgets */
  GtkImage    *icon;
  GtkLabel    *title_label;
  GtkLabel    *badge_label;
  GtkLabel    *subtitle_label;
  GtkLabel    *time_label;
  GtkImage    *open_icon;
};

G_DEFINE_FINAL_TYPE (HlTimelineRow, hl_timeline_row, HL_TYPE_RECORD_ROW)

static const char *
call_result_label (HlCallResult result)
{
  switch (result)
    {
    case HL_CALL_RESULT_MISSED:    return C_("call result", "Missed");
    case HL_CALL_RESULT_ABANDONED: return C_("call result", "Abandoned");
    case HL_CALL_RESULT_VOICEMAIL: return C_("call result", "Voicemail");
    case HL_CALL_RESULT_BUSY:      return C_("call result", "Busy");
    case HL_CALL_RESULT_REJECTED:  return C_("call result", "Rejected");
    case HL_CALL_RESULT_FAILED:    return C_("call result", "Failed");
    case HL_CALL_RESULT_ANSWERED:
    default:                       return C_("call result", "Answered");
    }
}

static void
append_part (GString    *str,
             const char *part)
{
  if (part == NULL || part[0] == '\0')
    return;

  if (str->len > 0)
    g_string_append (str, " · ");

  /* Isolated, so that an Arabic disposition doesn't turn the whole line around. */
  g_string_append (str, "\u2068");
  g_string_append (str, part);
  g_string_append (str, "\u2069");
}

static void
set_time (HlTimelineRow *self,
          gint64         unix_time)
{
  g_autofree char *relative = hl_format_relative_time (unix_time, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *full = hl_format_date_time (unix_time);

  gtk_label_set_text (self->time_label, relative);
  hl_widget_set_tooltip (GTK_WIDGET (self->time_label), full);
}

static void
set_activatable (HlTimelineRow *self,
                 gboolean       activatable)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self->open_icon), activatable);
  if (GTK_IS_LIST_BOX_ROW (parent))
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (parent), activatable);
}

static void
set_accessible_label (HlTimelineRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  g_autofree char *label = g_strjoin (", ",
                                      gtk_label_get_text (self->title_label),
                                      gtk_label_get_text (self->badge_label),
                                      gtk_label_get_text (self->subtitle_label),
                                      gtk_label_get_text (self->time_label),
                                      NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (GTK_IS_LIST_BOX_ROW (parent) ? parent : GTK_WIDGET (self)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_conversation (HlTimelineRow  *self,
                     HlConversation *conv)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  HlChannel channel = hl_conversation_get_channel (conv);
  HlConversationStatus status = hl_conversation_get_status (conv);
  const char *title = hl_conversation_get_subject (conv);

  if (title == NULL || title[0] == '\0')
    title = hl_conversation_get_preview (conv);
  if (title == NULL || title[0] == '\0')
    title = hl_channel_label (channel);
  gtk_label_set_text (self->title_label, title);

  gtk_image_set_from_icon_name (self->icon, hl_channel_icon_name (channel));
  hl_widget_set_tooltip (GTK_WIDGET (self->icon), hl_channel_label (channel));
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), "channel-icon");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "call-missed");

  gtk_label_set_text (self->badge_label, hl_status_label (status));
  hl_widget_set_css_class (GTK_WIDGET (self->badge_label), "resolved", status == HL_CONVERSATION_STATUS_RESOLVED);
  hl_widget_set_css_class (GTK_WIDGET (self->badge_label), "open", status == HL_CONVERSATION_STATUS_OPEN);
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "call-missed");

  append_part (subtitle, hl_conversation_get_inbox (conv));
  if (subtitle->len == 0)
    append_part (subtitle, hl_channel_label (channel));
  if (hl_conversation_get_assignee_name (conv))
    {
      g_autofree char *assigned = g_strdup_printf (_("Assigned to %s"), hl_conversation_get_assignee_name (conv));
      append_part (subtitle, assigned);
    }
  g_string_prepend (subtitle, hl_bidi_mark (GTK_WIDGET (self)));
  gtk_label_set_text (self->subtitle_label, subtitle->str);

  set_time (self, hl_conversation_get_last_activity_at (conv));
  set_activatable (self, TRUE);
}

static void
update_call (HlTimelineRow *self,
             HlCallRecord  *call)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *disposition = NULL;
  HlCallResult result = hl_call_record_get_result (call);
  gboolean incoming = hl_call_record_get_direction (call) == HL_CALL_DIRECTION_INCOMING;
  gboolean missed = result == HL_CALL_RESULT_MISSED;
  gint64 answered = hl_call_record_get_answered_at (call);
  gint64 ended = hl_call_record_get_ended_at (call);

  gtk_label_set_text (self->title_label, incoming ? _("Incoming call") : _("Outgoing call"));

  if (result != HL_CALL_RESULT_ANSWERED)
    gtk_image_set_from_icon_name (self->icon, "call-missed-symbolic");
  else
    gtk_image_set_from_icon_name (self->icon, incoming ? "call-incoming-symbolic" : "call-outgoing-symbolic");
  hl_widget_set_tooltip (GTK_WIDGET (self->icon), incoming ? _("Incoming call") : _("Outgoing call"));
  hl_widget_set_css_class (GTK_WIDGET (self->icon), "channel-icon", !missed);
  hl_widget_set_css_class (GTK_WIDGET (self->icon), "call-missed", missed);

  gtk_label_set_text (self->badge_label, call_result_label (result));
  hl_widget_set_css_class (GTK_WIDGET (self->badge_label), "call-missed", missed);
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "resolved");
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "open");

  if (answered > 0 && ended >= answered)
    {
      g_autofree char *duration = hl_format_duration (ended - answered);
      append_part (subtitle, duration);
    }
  disposition = hl_disposition_dup_label (hl_call_record_get_disposition (call));
  append_part (subtitle, disposition);
  append_part (subtitle, hl_call_record_get_agent_name (call));
  if (subtitle->len == 0)
    append_part (subtitle, hl_call_record_get_remote_uri (call));
  if (subtitle->len > 0)
    g_string_prepend (subtitle, hl_bidi_mark (GTK_WIDGET (self)));
  gtk_label_set_text (self->subtitle_label, subtitle->str);

  set_time (self, hl_call_record_get_started_at (call));
  set_activatable (self, hl_call_record_get_conversation_id (call) != 0);
}

static void
hl_timeline_row_update (HlRecordRow *row,
                        HlRecord    *record)
{
  HlTimelineRow *self = HL_TIMELINE_ROW (row);

  if (HL_IS_CONVERSATION (record))
    update_conversation (self, HL_CONVERSATION (record));
  else if (HL_IS_CALL_RECORD (record))
    update_call (self, HL_CALL_RECORD (record));
  else
    g_assert_not_reached ();

  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label),
                          gtk_label_get_text (self->subtitle_label)[0] != '\0');
  set_accessible_label (self);
}

static void
on_parent_changed (HlTimelineRow *self)
{
  HlRecord *item = hl_record_row_get_item (HL_RECORD_ROW (self));

  /* An item loaded before the row was put in its list: give the list row its state now. */
  if (item != NULL && hl_record_get_loaded (item) && gtk_widget_get_parent (GTK_WIDGET (self)))
    hl_timeline_row_update (HL_RECORD_ROW (self), item);
}

static void
hl_timeline_row_class_init (HlTimelineRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  HL_RECORD_ROW_CLASS (klass)->update = hl_timeline_row_update;

  gtk_widget_class_set_css_name (widget_class, "timelinerow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-timeline-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlTimelineRow, icon);
  gtk_widget_class_bind_template_child (widget_class, HlTimelineRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlTimelineRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, HlTimelineRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HlTimelineRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, HlTimelineRow, open_icon);
}

static void
hl_timeline_row_init (HlTimelineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::parent", G_CALLBACK (on_parent_changed), NULL);
}

GtkWidget *
hl_timeline_row_new (HlRecord *item)
{
  g_return_val_if_fail (HL_IS_CONVERSATION (item) || HL_IS_CALL_RECORD (item), NULL);

  return g_object_new (HL_TYPE_TIMELINE_ROW,
                       "item", item,
                       NULL);
}

/* The conversation that activating the row opens, or 0. */
gint64
hl_timeline_row_get_conversation_id (HlTimelineRow *self)
{
  HlRecord *item;

  g_return_val_if_fail (HL_IS_TIMELINE_ROW (self), 0);

  item = hl_record_row_get_item (HL_RECORD_ROW (self));
  if (item == NULL || !hl_record_get_loaded (item))
    return 0;

  if (HL_IS_CONVERSATION (item))
    return hl_record_get_id (item);

  return hl_call_record_get_conversation_id (HL_CALL_RECORD (item));
}

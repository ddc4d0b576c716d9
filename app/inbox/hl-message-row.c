/* hl-message-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-format.h"
#include "hl-message-row.h"

/* One message of a thread as a bubble: the customer's on the start side, the agent's on the end
 * side (GTK mirrors both for right-to-left languages), private notes marked as such, activity lines
 * centred and small. Bodies are plain text: nothing in them is interpreted as markup. */

#define MAX_BODY_CHARS 20000

struct _HlMessageRow
{
  HlRecordRow  parent_instance;

  GtkWidget   *bubble;
  GtkWidget   *meta_box;
  GtkLabel    *kind_label;
  GtkLabel    *sender_label;
  GtkLabel    *time_label;
  GtkLabel    *delivery_label;
  GtkLabel    *email_label;
  GtkLabel    *body_label;
};

G_DEFINE_FINAL_TYPE (HlMessageRow, hl_message_row, HL_TYPE_RECORD_ROW)

static const char *kind_classes[] = { "incoming", "outgoing", "note", "activity" };

static void
hl_message_row_update (HlRecordRow *row,
                       HlRecord    *record)
{
  HlMessageRow *self = HL_MESSAGE_ROW (row);
  HlMessage *item = HL_MESSAGE (record);
  HlMessageKind kind = hl_message_get_kind (item);
  g_autofree char *time = hl_format_clock_time (hl_message_get_created_at (item));
  const char *body = hl_message_get_body (item);
  const char *sender = hl_message_get_sender_name (item);

  for (guint i = 0; i < G_N_ELEMENTS (kind_classes); i++)
    hl_widget_set_css_class (self->bubble, kind_classes[i], (guint) kind == i);

  switch (kind)
    {
    case HL_MESSAGE_KIND_OUTGOING:
      gtk_widget_set_halign (self->bubble, GTK_ALIGN_END);
      break;
    case HL_MESSAGE_KIND_NOTE:
      gtk_widget_set_halign (self->bubble, GTK_ALIGN_END);
      break;
    case HL_MESSAGE_KIND_ACTIVITY:
      gtk_widget_set_halign (self->bubble, GTK_ALIGN_CENTER);
      break;
    case HL_MESSAGE_KIND_INCOMING:
    default:
      gtk_widget_set_halign (self->bubble, GTK_ALIGN_START);
      break;
    }

  gtk_widget_set_visible (self->meta_box, kind != HL_MESSAGE_KIND_ACTIVITY);
  gtk_widget_set_visible (GTK_WIDGET (self->kind_label), kind == HL_MESSAGE_KIND_NOTE);
  gtk_label_set_text (self->kind_label, _("Private note"));

  if (sender == NULL || sender[0] == '\0')
    sender = kind == HL_MESSAGE_KIND_INCOMING ? _("Customer") : "";
  gtk_label_set_text (self->sender_label, sender);
  gtk_label_set_text (self->time_label, time);

  switch (hl_message_get_delivery (item))
    {
    case HL_DELIVERY_PENDING:
      gtk_label_set_text (self->delivery_label, _("Sending…"));
      break;
    case HL_DELIVERY_FAILED:
      gtk_label_set_text (self->delivery_label, _("Not sent"));
      break;
    case HL_DELIVERY_READ:
      gtk_label_set_text (self->delivery_label, _("Read"));
      break;
    case HL_DELIVERY_SENT:
    case HL_DELIVERY_DELIVERED:
    default:
      gtk_label_set_text (self->delivery_label, "");
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->delivery_label),
                          kind == HL_MESSAGE_KIND_OUTGOING && gtk_label_get_text (self->delivery_label)[0]);

  if (hl_message_get_email_from (item) || hl_message_get_email_to (item))
    {
      g_autoptr(GString) header = g_string_new (NULL);

      if (hl_message_get_email_from (item))
        g_string_append_printf (header, _("From: %s"), hl_message_get_email_from (item));
      if (hl_message_get_email_to (item))
        {
          if (header->len)
            g_string_append_c (header, '\n');
          g_string_append_printf (header, _("To: %s"), hl_message_get_email_to (item));
        }
      if (hl_message_get_email_cc (item))
        {
          g_string_append_c (header, '\n');
          g_string_append_printf (header, _("Cc: %s"), hl_message_get_email_cc (item));
        }
      gtk_label_set_text (self->email_label, header->str);
      gtk_widget_set_visible (GTK_WIDGET (self->email_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->email_label), FALSE);

  /* A huge body would make a row taller than any screen and slow to lay out. */
  if (body && g_utf8_strlen (body, MAX_BODY_CHARS + 1) > MAX_BODY_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (body, 0, MAX_BODY_CHARS);
      g_autofree char *text = g_strconcat (cut, "\n…", NULL);

      gtk_label_set_text (self->body_label, text);
    }
  else
    gtk_label_set_text (self->body_label, body ? body : "");
}

static void
hl_message_row_class_init (HlMessageRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  HL_RECORD_ROW_CLASS (klass)->update = hl_message_row_update;

  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, meta_box);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, sender_label);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, delivery_label);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, email_label);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, body_label);
}

static void
hl_message_row_init (HlMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* hl-message-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "hl-attachment.h"
#include "hl-format.h"
#include "hl-html.h"
#include "hl-message-row.h"

/* One message of a thread as a bubble: the customer's on the start side, the agent's on the end
 * side (GTK mirrors both for right-to-left languages), private notes marked as such, activity lines
 * centred and small. Bodies are plain text, escaped, or HTML turned into safe markup by hl-html.c;
 * quoted text is folded, huge bodies are cut until the agent asks for all of it, and each bubble
 * takes its writing direction from its own text. */

#define MAX_BODY_CHARS 20000

struct _HlMessageRow
{
  HlRecordRow  parent_instance;

  GtkWidget   *bubble;
  GtkWidget   *meta_box;
  GtkWidget   *note_icon;
  GtkImage    *delivery_icon;
  GtkWidget   *full_button;
  GtkExpander *quoted_expander;
  GtkLabel    *quoted_label;
  GtkWidget   *failed_box;
  GtkWidget   *attachments_box;
  GtkLabel    *error_label;
  GtkWidget   *retry_button;
  GtkLabel    *kind_label;
  GtkLabel    *sender_label;
  GtkLabel    *time_label;
  GtkLabel    *delivery_label;
  GtkLabel    *email_label;
  GtkLabel    *body_label;

  HlMessage   *message;     /* borrowed: the shown one, for Show Full Message */
};

G_DEFINE_FINAL_TYPE (HlMessageRow, hl_message_row, HL_TYPE_RECORD_ROW)

static const char *kind_classes[] = { "incoming", "outgoing", "note", "activity" };

static gboolean
is_html (HlMessage *item)
{
  const char *type = hl_message_get_content_type (item);

  if (g_strcmp0 (type, "html") == 0 || g_strcmp0 (type, "text/html") == 0)
    return TRUE;
  /* Email bodies may come as HTML without saying so. */
  return (hl_message_get_email_from (item) != NULL || hl_message_get_email_to (item) != NULL) &&
         hl_html_looks_like (hl_message_get_body (item));
}

static void
show_body (HlMessageRow *self,
           gboolean      full)
{
  HlMessage *item = self->message;
  const char *body = hl_message_get_body (item);
  gboolean email = hl_message_get_email_from (item) != NULL || hl_message_get_email_to (item) != NULL;
  g_autofree char *cut = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *quoted = NULL;
  gboolean truncated = FALSE;
  PangoDirection dir;

  if (body == NULL)
    body = "";

  /* A huge body would make a row taller than any screen and slow to lay out. */
  if (!full && g_utf8_strlen (body, MAX_BODY_CHARS + 1) > MAX_BODY_CHARS)
    {
      cut = g_utf8_substring (body, 0, MAX_BODY_CHARS);
      body = cut;
      truncated = TRUE;
    }

  if (is_html (item))
    markup = hl_html_to_markup (body, -1, &quoted);
  else
    markup = hl_text_to_markup (body, email ? &quoted : NULL);

  if (truncated)
    {
      char *more = g_strconcat (markup, "\n…", NULL);

      g_free (markup);
      markup = more;
    }

  gtk_label_set_markup (self->body_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), markup[0] != '\0');
  gtk_widget_set_visible (self->full_button, truncated);

  gtk_label_set_markup (self->quoted_label, quoted ? quoted : "");
  gtk_expander_set_expanded (self->quoted_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->quoted_expander), quoted != NULL && quoted[0] != '\0');

  /* Arabic in an English thread reads right to left, and the reverse. */
  /* Deprecated for fribidi, which Helpline doesn't link; it still does the job: the direction of
   * the first strong character. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dir = pango_find_base_dir (body, -1);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_widget_set_direction (GTK_WIDGET (self->body_label),
                            dir == PANGO_DIRECTION_RTL ? GTK_TEXT_DIR_RTL :
                            dir == PANGO_DIRECTION_LTR ? GTK_TEXT_DIR_LTR : GTK_TEXT_DIR_NONE);
}

/* All of a huge message, in a window of its own: a text view lays out megabytes of text lazily,
 * where a label in the thread would be taller than any surface. */
static void
on_full_clicked (HlMessageRow *self)
{
  HlMessage *item = self->message;
  g_autofree char *markup = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *title = NULL;
  GtkWidget *window, *box, *scroller, *view;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkRoot *root;

  if (item == NULL)
    return;

  if (is_html (item))
    markup = hl_html_to_markup (hl_message_get_body (item), -1, NULL);
  else
    markup = hl_text_to_markup (hl_message_get_body (item), NULL);
  plain = hl_markup_strip_links (markup);

  window = adw_window_new ();
  title = g_strdup_printf (_("Message from %s"), gtk_label_get_text (self->sender_label)[0] ?
                           gtk_label_get_text (self->sender_label) : gtk_label_get_text (self->time_label));
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 640);
  if ((root = gtk_widget_get_root (GTK_WIDGET (self))) && GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert_markup (buffer, &start, plain, -1);

  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

/* Attachments */

static JsonObject *
attachment_of (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "attachment");
}

static void
on_launched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the attachment: %s", error->message);
}

/* GtkFileLauncher is GTK 4.10: the desktop's default application, through GIO. */
static void
on_open_attachment (GtkWidget *button)
{
  g_autofree char *uri = hl_attachment_get_uri (attachment_of (button));

  if (uri != NULL)
    g_app_info_launch_default_for_uri_async (uri, NULL, NULL, on_launched, NULL);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_attachment_save_finish (result, &error))
    g_warning ("Could not save the attachment: %s", error->message);
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  JsonObject *attachment = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      hl_attachment_save_async (attachment, file, NULL, on_saved, NULL);
    }
  json_object_unref (attachment);
  g_object_unref (dialog);
}

/* GtkFileDialog is GTK 4.10: the native chooser. */
static void
on_save_attachment (GtkWidget *button)
{
  JsonObject *attachment = attachment_of (button);
  g_autofree char *name = hl_attachment_get_name (attachment);
  GtkRoot *root = gtk_widget_get_root (button);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save Attachment"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response), json_object_ref (attachment));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
attachment_button (const char *label,
                   const char *tooltip,
                   JsonObject *attachment,
                   GCallback   callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "caption");
  g_object_set_data_full (G_OBJECT (button), "attachment", json_object_ref (attachment),
                          (GDestroyNotify) json_object_unref);
  g_signal_connect (button, "clicked", callback, NULL);
  return button;
}

static void
show_attachments (HlMessageRow *self,
                  HlMessage    *item)
{
  const char *json = hl_message_get_attachments (item);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (self->attachments_box)))
    gtk_box_remove (GTK_BOX (self->attachments_box), child);

  if (json != NULL && json[0] == '[' && json[1] != ']' &&
      json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_ARRAY (root))
    {
      array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *attachment;
          g_autofree char *name = NULL;
          g_autofree char *size = NULL;
          g_autofree char *uri = NULL;
          GtkWidget *box, *label;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          attachment = json_node_get_object (node);
          name = hl_attachment_get_name (attachment);
          uri = hl_attachment_get_uri (attachment);

          box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
          label = gtk_label_new (name);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_set_hexpand (label, TRUE);
          gtk_box_append (GTK_BOX (box), label);

          if (hl_attachment_get_size (attachment) >= 0)
            size = g_format_size (hl_attachment_get_size (attachment));
          if (hl_attachment_is_pending (attachment))
            {
              g_autofree char *text = size ? g_strdup_printf (_("%s · not uploaded yet"), size) :
                                             g_strdup (_("not uploaded yet"));
              g_free (size);
              size = g_steal_pointer (&text);
            }
          if (size)
            {
              label = gtk_label_new (size);
              gtk_widget_add_css_class (label, "caption");
              gtk_widget_add_css_class (label, "dim-label");
              gtk_box_append (GTK_BOX (box), label);
            }
          if (uri)
            {
              gtk_box_append (GTK_BOX (box), attachment_button (_("_Open"), _("Open with the default application"),
                                                                attachment, G_CALLBACK (on_open_attachment)));
              gtk_box_append (GTK_BOX (box), attachment_button (_("_Download"), _("Save a copy"),
                                                                attachment, G_CALLBACK (on_save_attachment)));
            }
          gtk_box_append (GTK_BOX (self->attachments_box), box);
          shown++;
        }
    }

  gtk_widget_set_visible (self->attachments_box, shown > 0);
}

static void
hl_message_row_update (HlRecordRow *row,
                       HlRecord    *record)
{
  HlMessageRow *self = HL_MESSAGE_ROW (row);
  HlMessage *item = HL_MESSAGE (record);
  HlMessageKind kind = hl_message_get_kind (item);
  g_autofree char *time = hl_format_clock_time (hl_message_get_created_at (item));
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
  gtk_widget_set_visible (self->note_icon, kind == HL_MESSAGE_KIND_NOTE);
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
      /* The error sign and the reason below say it. */
      gtk_label_set_text (self->delivery_label, "");
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
                          kind != HL_MESSAGE_KIND_INCOMING && kind != HL_MESSAGE_KIND_ACTIVITY &&
                          gtk_label_get_text (self->delivery_label)[0]);

  /* Pending: a clock. Failed: an error sign, the server's reason and Retry. */
  {
    HlDelivery delivery = hl_message_get_delivery (item);
    gboolean mine = kind == HL_MESSAGE_KIND_OUTGOING || kind == HL_MESSAGE_KIND_NOTE;
    gboolean failed = mine && delivery == HL_DELIVERY_FAILED;
    const char *reason = hl_message_get_error (item);

    gtk_image_set_from_icon_name (self->delivery_icon, failed ? "dialog-error-symbolic" : "preferences-system-time-symbolic");
    gtk_widget_set_visible (GTK_WIDGET (self->delivery_icon),
                            mine && (failed || delivery == HL_DELIVERY_PENDING));
    gtk_widget_set_visible (self->failed_box, failed);
    if (failed)
      {
        g_autofree char *text = reason && reason[0] ?
                                g_strdup_printf (_("Not sent: %s"), reason) :
                                g_strdup (_("Not sent. The server refused it."));

        gtk_label_set_text (self->error_label, text);
      }
    hl_widget_set_css_class (self->bubble, "failed", failed);
  }

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

  self->message = item;
  show_body (self, FALSE);
  show_attachments (self, item);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "x", hl_record_get_id (record));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "conversation.retry-message");
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
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, note_icon);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, delivery_icon);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, full_button);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, quoted_expander);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, quoted_label);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, failed_box);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, HlMessageRow, retry_button);
}

static void
hl_message_row_init (HlMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->full_button, "clicked", G_CALLBACK (on_full_clicked), self, G_CONNECT_SWAPPED);
}

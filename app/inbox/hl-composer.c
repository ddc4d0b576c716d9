/* hl-composer.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlComposer"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-attachment.h"
#include "hl-composer.h"
#include "hl-record-row.h"
#include "hl-store-edits.h"
#include "hl-store-private.h"
#include "hl-workspace.h"

/* Where the agent writes a reply or a private note. What is typed is kept as the conversation's
 * draft (table drafts), saved half a second after the last change and at once when the composer
 * moves to another conversation or goes away, and put back when the conversation is opened again.
 * "/code" opens the canned responses whose short code starts with "code" (reference_items, from
 * the team server or the demo data); Enter or Tab puts the response in place of "/code". */

#define DRAFT_DELAY_MS 500
#define MAX_MATCHES    8

typedef struct
{
  char *key;
  char *value;
} Canned;

/* A file the agent attached, shown as a chip until the message goes. */
typedef struct
{
  GFile     *file;
  char      *name;
  char      *content_type;
  gint64     size;         /* -1 until known */
  GtkWidget *chip;         /* borrowed: the flow box owns it */
  GtkWidget *label;        /* borrowed, in the chip */
} Pending;

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

struct _HlComposer
{
  AdwBin        parent_instance;

  /* Template widgets */
  GtkLabel     *mode_label;
  GtkTextView  *text_view;
  GtkWidget    *send_button;
  GtkFlowBox   *attachments_flow;

  GtkWidget    *canned_popover;
  GtkListBox   *canned_list;

  /* Owned references */
  HlWorkspace  *workspace;
  GCancellable *cancellable;
  GArray       *canned;          /* of Canned, sorted by key */
  GPtrArray    *attachments;     /* of Pending */
  guint         draft_timeout;
  gint64        conversation_id;
  gboolean      note;
  gboolean      restoring;
  gboolean      dirty;
};

G_DEFINE_FINAL_TYPE (HlComposer, hl_composer, ADW_TYPE_BIN)

static GParamSpec *properties [N_PROPS];

static void
canned_clear (gpointer data)
{
  Canned *c = data;

  g_free (c->key);
  g_free (c->value);
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_clear_object (&p->file);
  g_free (p->name);
  g_free (p->content_type);
  g_free (p);
}

static GtkTextBuffer *
get_buffer (HlComposer *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

/* Drafts */

typedef struct
{
  gint64  conversation_id;
  char   *mode;
  char   *body;
} Draft;

static void
draft_free (gpointer data)
{
  Draft *draft = data;

  g_free (draft->mode);
  g_free (draft->body);
  g_free (draft);
}

static gpointer
write_draft (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  Draft *draft = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean empty = draft->body == NULL || draft->body[0] == '\0';

  /* An empty composer has no draft; the row would only bring back an empty note mode. */
  stmt = hl_db_prepare (db, empty ?
                        "DELETE FROM drafts WHERE conversation_id = ?1" :
                        "INSERT INTO drafts (conversation_id, mode, body, updated_at) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (conversation_id) DO UPDATE SET mode = ?2, body = ?3, updated_at = ?4",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, draft->conversation_id);
  if (!empty)
    {
      hl_db_bind_text (stmt, 2, draft->mode);
      hl_db_bind_text (stmt, 3, draft->body);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
    }
  if (!hl_db_step_done (db, stmt, error))
    return NULL;

  *changed |= HL_STORE_TABLE_DRAFTS;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
read_draft (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  gint64 *conversation_id = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Draft *draft;
  int rc;

  if (!(stmt = hl_db_prepare (db, "SELECT mode, body FROM drafts WHERE conversation_id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, *conversation_id);

  draft = g_new0 (Draft, 1);
  draft->conversation_id = *conversation_id;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      draft->mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      draft->body = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      draft_free (draft);
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return draft;
}

static void
on_draft_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_store_run_finish (HL_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not keep the draft: %s", error->message);
}

/* Writes the draft now if it changed. Not cancellable: it must land even when the composer is
 * going away. */
void
hl_composer_save_draft (HlComposer *self)
{
  Draft *draft;

  g_return_if_fail (HL_IS_COMPOSER (self));

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (!self->dirty || self->workspace == NULL || self->conversation_id == 0)
    return;

  self->dirty = FALSE;
  draft = g_new0 (Draft, 1);
  draft->conversation_id = self->conversation_id;
  draft->mode = g_strdup (self->note ? "note" : "reply");
  draft->body = hl_composer_get_text (self);
  hl_store_run_async (hl_workspace_get_store (self->workspace), write_draft, draft, draft_free, NULL,
                      NULL, on_draft_written, NULL);
}

static gboolean
on_draft_timeout (gpointer data)
{
  HlComposer *self = data;

  self->draft_timeout = 0;
  hl_composer_save_draft (self);
  return G_SOURCE_REMOVE;
}

static void
draft_changed (HlComposer *self)
{
  if (self->restoring || self->conversation_id == 0)
    return;

  self->dirty = TRUE;
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, on_draft_timeout, self);
}

static void
on_draft_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HlComposer) self = user_data;
  g_autoptr(GError) error = NULL;
  Draft *draft = hl_store_run_finish (HL_STORE (object), result, &error);

  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the draft: %s", error->message);
      return;
    }

  /* Only if the agent is still on that conversation and hasn't started typing meanwhile. */
  if (draft->conversation_id == self->conversation_id && !self->dirty && draft->body != NULL)
    {
      self->restoring = TRUE;
      hl_composer_set_note (self, g_strcmp0 (draft->mode, "note") == 0);
      gtk_text_buffer_set_text (get_buffer (self), draft->body, -1);
      self->restoring = FALSE;
    }

  draft_free (draft);
}

/* Canned responses */

static gpointer
read_canned (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) canned = g_array_new (FALSE, TRUE, sizeof (Canned));
  int rc;

  g_array_set_clear_func (canned, canned_clear);
  if (!(stmt = hl_db_prepare (db,
                              "SELECT key, value FROM reference_items WHERE kind = 'canned-response'"
                              " AND key != '' AND value IS NOT NULL ORDER BY key COLLATE NOCASE",
                              error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Canned c = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
      };

      g_array_append_val (canned, c);
    }
  if (rc != SQLITE_DONE)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return g_steal_pointer (&canned);
}

static void
on_canned_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HlComposer) self = user_data;
  g_autoptr(GError) error = NULL;
  GArray *canned = hl_store_run_finish (HL_STORE (object), result, &error);

  if (canned == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the canned responses: %s", error->message);
      return;
    }

  g_clear_pointer (&self->canned, g_array_unref);
  self->canned = canned;
}

static void
load_canned (HlComposer *self)
{
  hl_store_run_async (hl_workspace_get_store (self->workspace), read_canned, NULL, NULL,
                      (GDestroyNotify) g_array_unref, self->cancellable, on_canned_read, g_object_ref (self));
}

static void
on_store_changed (HlComposer *self,
                  guint       tables)
{
  if (tables & HL_STORE_TABLE_REFERENCE)
    load_canned (self);
}

/* The "/word" just before the cursor, as two iters; FALSE if the cursor isn't in one. */
static gboolean
find_shortcut (HlComposer  *self,
               GtkTextIter *start,
               GtkTextIter *end)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, end, gtk_text_buffer_get_insert (buffer));
  iter = *end;
  while (gtk_text_iter_backward_char (&iter))
    {
      gunichar c = gtk_text_iter_get_char (&iter);

      if (c == '/')
        {
          GtkTextIter before = iter;

          /* At the start of the text or of a word, so that URLs and dates don't trigger it. */
          if (gtk_text_iter_backward_char (&before) && !g_unichar_isspace (gtk_text_iter_get_char (&before)))
            return FALSE;
          *start = iter;
          return TRUE;
        }
      if (g_unichar_isspace (c) || gtk_text_iter_get_offset (end) - gtk_text_iter_get_offset (&iter) > 40)
        return FALSE;
    }

  return FALSE;
}

static GtkWidget *
make_canned_row (const Canned *c)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *code = g_strconcat ("/", c->key, NULL);
  GtkWidget *key = gtk_label_new (code);
  GtkWidget *value = gtk_label_new (c->value);

  gtk_widget_add_css_class (key, "heading");
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 48);
  gtk_label_set_width_chars (GTK_LABEL (value), 36);
  gtk_widget_add_css_class (value, "dim-label");
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), value);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "value", g_strdup (c->value), g_free);

  return row;
}

static void
update_canned (HlComposer *self)
{
  GtkTextIter start, end;
  g_autofree char *typed = NULL;
  g_autofree char *prefix = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->canned_list))))
    gtk_list_box_remove (self->canned_list, child);

  if (self->canned == NULL || !find_shortcut (self, &start, &end))
    {
      gtk_popover_popdown (GTK_POPOVER (self->canned_popover));
      return;
    }

  gtk_text_iter_forward_char (&start);
  typed = gtk_text_iter_get_text (&start, &end);
  prefix = g_utf8_casefold (typed, -1);

  for (guint i = 0; i < self->canned->len && n < MAX_MATCHES; i++)
    {
      const Canned *c = &g_array_index (self->canned, Canned, i);
      g_autofree char *key = g_utf8_casefold (c->key, -1);

      if (g_str_has_prefix (key, prefix))
        {
          gtk_list_box_append (self->canned_list, make_canned_row (c));
          n++;
        }
    }

  if (n == 0)
    {
      gtk_popover_popdown (GTK_POPOVER (self->canned_popover));
      return;
    }

  gtk_list_box_select_row (self->canned_list, gtk_list_box_get_row_at_index (self->canned_list, 0));

  {
    GdkRectangle rect;
    int x, y;

    gtk_text_view_get_iter_location (self->text_view, &end, &rect);
    gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &x, &y);
    rect.x = x;
    rect.y = y;
    gtk_popover_set_pointing_to (GTK_POPOVER (self->canned_popover), &rect);
  }
  gtk_popover_popup (GTK_POPOVER (self->canned_popover));
}

static void
insert_canned (HlComposer    *self,
               GtkListBoxRow *row)
{
  GtkTextBuffer *buffer = get_buffer (self);
  /* A copy: editing the buffer refills the list, which frees the row. */
  g_autofree char *value = row ? g_strdup (g_object_get_data (G_OBJECT (row), "value")) : NULL;
  GtkTextIter start, end;

  gtk_popover_popdown (GTK_POPOVER (self->canned_popover));
  if (value == NULL || !find_shortcut (self, &start, &end))
    return;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, value, -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
on_canned_activated (HlComposer    *self,
                     GtkListBoxRow *row)
{
  insert_canned (self, row);
}

static void
move_selection (HlComposer *self,
                int         delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->canned_list);
  int index = row ? gtk_list_box_row_get_index (row) + delta : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->canned_list, MAX (index, 0));

  if (next)
    gtk_list_box_select_row (self->canned_list, next);
}

static gboolean
on_key_pressed (HlComposer      *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  if (gtk_widget_get_visible (self->canned_popover))
    {
      switch (keyval)
        {
        case GDK_KEY_Up:
          move_selection (self, -1);
          return TRUE;
        case GDK_KEY_Down:
          move_selection (self, 1);
          return TRUE;
        case GDK_KEY_Return:
        case GDK_KEY_KP_Enter:
        case GDK_KEY_Tab:
          insert_canned (self, gtk_list_box_get_selected_row (self->canned_list));
          return TRUE;
        case GDK_KEY_Escape:
          gtk_popover_popdown (GTK_POPOVER (self->canned_popover));
          return TRUE;
        default:
          break;
        }
    }

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
      return TRUE;
    }

  return FALSE;
}

static void
update_mode (HlComposer *self)
{
  hl_widget_set_css_class (GTK_WIDGET (self), "note", self->note);
  gtk_label_set_text (self->mode_label, self->note ? _("Only your team sees this note") : _("The customer sees this reply"));
  gtk_button_set_label (GTK_BUTTON (self->send_button), self->note ? _("Add _Note") : _("_Send"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 self->conversation_id != 0 &&
                                 (gtk_text_buffer_get_char_count (get_buffer (self)) > 0 ||
                                  (self->attachments && self->attachments->len > 0)));
}

static void
on_buffer_changed (HlComposer *self)
{
  update_mode (self);
  draft_changed (self);
  if (!self->restoring)
    update_canned (self);
}

/* Attachments */

static void
update_chips (HlComposer *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_flow), self->attachments->len > 0);
  update_mode (self);
}

static void
on_chip_remove (GtkWidget *button,
                gpointer   user_data)
{
  HlComposer *self = HL_COMPOSER (user_data);
  Pending *p = g_object_get_data (G_OBJECT (button), "pending");

  gtk_flow_box_remove (self->attachments_flow, p->chip);
  g_ptr_array_remove (self->attachments, p);
  update_chips (self);
}

static void
update_chip (Pending *p)
{
  GtkWidget *label = p->label;
  g_autofree char *size = p->size >= 0 ? g_format_size (p->size) : NULL;
  g_autofree char *text = size ? g_strdup_printf ("%s (%s)", p->name, size) : g_strdup (p->name);

  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
on_file_info (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HlComposer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  for (guint i = 0; i < self->attachments->len; i++)
    {
      Pending *p = g_ptr_array_index (self->attachments, i);

      if (p->file != G_FILE (object))
        continue;

      /* Only regular files can be sent: a folder, or a file gone meanwhile, leaves again. */
      if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        {
          if (error == NULL)
            g_warning ("Cannot attach %s: it is not a file", p->name);
          else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_warning ("Cannot attach %s: %s", p->name, error->message);
          gtk_flow_box_remove (self->attachments_flow, p->chip);
          g_ptr_array_remove_index (self->attachments, i);
          update_chips (self);
          return;
        }
      p->size = g_file_info_get_size (info);
      g_free (p->content_type);
      p->content_type = g_strdup (g_file_info_get_content_type (info));
      update_chip (p);
      return;
    }
}

/* Attaches @file to the next message (the chooser, a drop, or a test). */
void
hl_composer_add_file (HlComposer *self,
                      GFile      *file)
{
  Pending *p;
  GtkWidget *box, *label, *remove;

  g_return_if_fail (HL_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!g_file_is_native (file))
    {
      g_warning ("Only files on this computer can be attached");
      return;
    }

  p = g_new0 (Pending, 1);
  p->file = g_object_ref (file);
  p->name = g_file_get_basename (file);
  p->size = -1;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_add_css_class (box, "attachment-chip");
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
  label = gtk_label_new (p->name);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_box_append (GTK_BOX (box), label);
  remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_box_append (GTK_BOX (box), remove);
  p->label = label;
  g_object_set_data (G_OBJECT (remove), "pending", p);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_chip_remove), self, 0);

  gtk_flow_box_append (self->attachments_flow, box);
  p->chip = gtk_widget_get_parent (box);  /* the GtkFlowBoxChild */
  g_ptr_array_add (self->attachments, p);
  update_chips (self);

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable, on_file_info,
                           g_object_ref (self));
}

static void
on_choose_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(HlComposer) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          hl_composer_add_file (self, file);
        }
    }
  g_object_unref (dialog);
}

/* GtkFileDialog is GTK 4.10: the native chooser. */
static void
on_attach (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  HlComposer *self = HL_COMPOSER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Attach Files"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_choose_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HlComposer    *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->conversation_id == 0)
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l; l = l->next)
    hl_composer_add_file (self, l->data);
  return files != NULL;
}

/* The attachments column of the message: what the outbox will upload. */
static char *
take_attachments (HlComposer *self)
{
  g_autoptr(GString) json = NULL;
  GtkWidget *child;

  if (self->attachments->len == 0)
    return NULL;

  json = g_string_new ("[");
  for (guint i = 0; i < self->attachments->len; i++)
    {
      Pending *p = g_ptr_array_index (self->attachments, i);
      g_autofree char *entry = hl_attachment_build_local (p->file, p->name, p->size, p->content_type);

      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append (json, entry);
    }
  g_string_append_c (json, ']');

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_flow))))
    gtk_flow_box_remove (self->attachments_flow, child);
  g_ptr_array_set_size (self->attachments, 0);
  update_chips (self);

  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
clear_attachments (HlComposer *self)
{
  g_autofree char *dropped = take_attachments (self);
}

/* Sending */

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_store_send_message_finish (HL_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not send the message: %s", error->message);
}

static void
on_send (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  HlComposer *self = HL_COMPOSER (widget);
  g_autofree char *text = hl_composer_get_text (self);
  g_autofree char *body = g_strstrip (g_strdup (text));

  g_autofree char *attachments = NULL;

  if (self->workspace == NULL || self->conversation_id == 0 ||
      (body[0] == '\0' && self->attachments->len == 0))
    return;

  attachments = take_attachments (self);
  hl_store_send_message_full_async (hl_workspace_get_store (self->workspace), self->conversation_id, body,
                                    attachments, self->note, hl_workspace_get_me_id (self->workspace),
                                    self->cancellable, on_sent, NULL);

  /* The row is on its way (pending until the server has it): the draft goes with the text. */
  gtk_text_buffer_set_text (get_buffer (self), "", -1);
  hl_composer_save_draft (self);
}

static void
hl_composer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HlComposer *self = HL_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, self->note ? "note" : "reply");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_composer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HlComposer *self = HL_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      hl_composer_set_note (self, g_strcmp0 (g_value_get_string (value), "note") == 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_composer_dispose (GObject *object)
{
  HlComposer *self = (HlComposer *)object;

  hl_composer_save_draft (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->canned, g_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->canned_popover, gtk_widget_unparent);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_COMPOSER);

  G_OBJECT_CLASS (hl_composer_parent_class)->dispose (object);
}

static void
hl_composer_class_init (HlComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_composer_dispose;
  object_class->get_property = hl_composer_get_property;
  object_class->set_property = hl_composer_set_property;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, HlComposer, mode_label);
  gtk_widget_class_bind_template_child (widget_class, HlComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, HlComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, HlComposer, attachments_flow);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, on_send);
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, on_attach);
  /* A property action: the two mode buttons show its state like radio buttons. */
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "reply",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_property_action (widget_class, "composer.mode", "mode");
}

static void
hl_composer_init (HlComposer *self)
{
  GtkEventController *keys;
  GtkWidget *scroller;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "composer");

  self->cancellable = g_cancellable_new ();
  self->attachments = g_ptr_array_new_with_free_func (pending_free);

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }

  /* The popover hangs off the text view; it never takes the focus from it. */
  self->canned_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->canned_list, GTK_SELECTION_BROWSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->canned_list), "canned-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canned_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Canned Responses"), -1);
  g_signal_connect_object (self->canned_list, "row-activated", G_CALLBACK (on_canned_activated),
                           self, G_CONNECT_SWAPPED);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->canned_list));

  self->canned_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->canned_popover), scroller);
  gtk_popover_set_autohide (GTK_POPOVER (self->canned_popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->canned_popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->canned_popover), GTK_POS_TOP);
  gtk_widget_set_halign (self->canned_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->canned_popover, GTK_WIDGET (self->text_view));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  g_signal_connect_object (get_buffer (self), "changed", G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  update_mode (self);
}

void
hl_composer_set_workspace (HlComposer  *self,
                           HlWorkspace *workspace)
{
  g_return_if_fail (HL_IS_COMPOSER (self));

  if (self->workspace == workspace)
    return;

  hl_composer_set_conversation_id (self, 0);
  if (self->workspace)
    g_signal_handlers_disconnect_by_data (hl_workspace_get_store (self->workspace), self);
  g_set_object (&self->workspace, workspace);
  g_clear_pointer (&self->canned, g_array_unref);

  if (workspace)
    {
      g_signal_connect_object (hl_workspace_get_store (workspace), "changed",
                               G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
      load_canned (self);
    }
}

/* Keeps the draft of the conversation it leaves, and brings back the one of @conversation_id. */
void
hl_composer_set_conversation_id (HlComposer *self,
                                 gint64      conversation_id)
{
  g_return_if_fail (HL_IS_COMPOSER (self));

  if (self->conversation_id == conversation_id)
    return;

  hl_composer_save_draft (self);
  self->conversation_id = conversation_id;
  self->dirty = FALSE;
  self->restoring = TRUE;
  gtk_text_buffer_set_text (get_buffer (self), "", -1);
  hl_composer_set_note (self, FALSE);
  self->restoring = FALSE;
  clear_attachments (self);
  gtk_popover_popdown (GTK_POPOVER (self->canned_popover));

  if (conversation_id != 0 && self->workspace != NULL)
    hl_store_run_async (hl_workspace_get_store (self->workspace), read_draft,
                        g_memdup2 (&conversation_id, sizeof conversation_id), g_free, draft_free,
                        self->cancellable, on_draft_read, g_object_ref (self));
  update_mode (self);
}

gboolean
hl_composer_get_note (HlComposer *self)
{
  g_return_val_if_fail (HL_IS_COMPOSER (self), FALSE);

  return self->note;
}

void
hl_composer_set_note (HlComposer *self,
                      gboolean    note)
{
  g_return_if_fail (HL_IS_COMPOSER (self));

  note = !!note;
  if (self->note == note)
    return;

  self->note = note;
  draft_changed (self);
  update_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/* For the page's inbox.reply and inbox.note: the composer in that mode, with the cursor in it. */
void
hl_composer_focus (HlComposer *self,
                   gboolean    note)
{
  g_return_if_fail (HL_IS_COMPOSER (self));

  hl_composer_set_note (self, note);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

char *
hl_composer_get_text (HlComposer *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (HL_IS_COMPOSER (self), NULL);

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);
}

void
hl_composer_set_text (HlComposer *self,
                      const char *text)
{
  g_return_if_fail (HL_IS_COMPOSER (self));

  gtk_text_buffer_set_text (get_buffer (self), text ? text : "", -1);
}

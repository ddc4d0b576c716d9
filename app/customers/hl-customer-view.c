/* hl-customer-view.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCustomers"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hl-call-record.h"
#include "hl-contact.h"
#include "hl-contact-editor.h"
#include "hl-contact-row.h"
#include "hl-conversation.h"
#include "hl-customer-view.h"
#include "hl-format.h"
#include "hl-query-model.h"
#include "hl-store-edits.h"
#include "hl-timeline-row.h"
#include "hl-workspace.h"

/* The record of one customer: who they are, how to reach them, the custom attributes the CRM keeps
 * about them, the agents' notes, and every conversation and call with them. The contact is read
 * through a one-row query model and the history through two more, so changes made anywhere show
 * here at once. "Edit" turns the record into a form (HlContactEditor) with Save and Cancel in its
 * header; Save writes only what the agent changed, through the store and its outbox. */

typedef enum
{
  FIELD_EMAIL,
  FIELD_PHONE,
  FIELD_COMPANY,
  FIELD_LOCATION,
  FIELD_LANGUAGE,
  FIELD_SINCE,
  N_FIELDS
} Field;

struct _HlCustomerView
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkWidget           *back_bar;
  GtkWidget           *hint_page;
  GtkScrolledWindow   *scroller;
  GtkLabel            *initials_label;
  GtkLabel            *name_label;
  GtkLabel            *caption_label;
  GtkLabel            *activity_label;
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *notes_group;
  GtkLabel            *notes_label;
  GtkListBox          *conversations_list;
  AdwPreferencesGroup *calls_group;
  GtkListBox          *calls_list;
  GtkStack            *edit_stack;
  HlContactEditor     *editor;

  /* Owned references */
  HlWorkspace         *workspace;
  HlQueryModel        *contact_model;
  HlQueryModel        *conversations;
  HlQueryModel        *calls;
  HlContact           *contact;
  GSignalGroup        *contact_signals;
  GPtrArray           *detail_rows;
  char                *since;        /* the CRM's "customer_since" attribute, formatted */
  gint64               contact_id;

  /* Editing */
  gboolean             editing;
  gboolean             saving;
  GCancellable        *save_cancellable;
  GVariant            *pending_draft;     /* to edit with once pending_draft_id has loaded */
  gint64               pending_draft_id;
  gint64               asked_contact_id;  /* shown once the agent discards their changes */
  gboolean             asked_to_close;    /* the window closes once they discard them */
  AdwMessageDialog    *discard_dialog;

  /* Not owned: children of contact_group */
  AdwActionRow        *field_rows[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (HlCustomerView, hl_customer_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTACT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void maybe_edit_pending (HlCustomerView *self);

static void
flush_word (GString *out,
            GString *word)
{
  /* Abbreviations read as such: "vip" → "VIP", "sla_tier" → "SLA tier". */
  static const char * const acronyms[] = {
    "bic", "crm", "iban", "id", "ip", "pin", "sim", "sla", "url", "vat", "vip", NULL
  };

  if (word->len == 0)
    return;

  if (out->len > 0)
    g_string_append_c (out, ' ');

  if (g_strv_contains (acronyms, word->str))
    {
      g_autofree char *upper = g_ascii_strup (word->str, -1);
      g_string_append (out, upper);
    }
  else if (out->len == 0)
    {
      g_string_append_unichar (out, g_unichar_totitle (g_utf8_get_char (word->str)));
      g_string_append (out, g_utf8_next_char (word->str));
    }
  else
    g_string_append (out, word->str);

  g_string_truncate (word, 0);
}

/* "account_number" → "Account number", "contractEnd" → "Contract end", "vip" → "VIP" */
static char *
humanize_key (const char *key)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean after_lower = FALSE;

  for (const char *p = key; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '_' || c == '-' || c == '.' || g_unichar_isspace (c))
        {
          flush_word (out, word);
          after_lower = FALSE;
          continue;
        }

      /* camelCase: a capital after a small letter starts a word */
      if (g_unichar_isupper (c) && after_lower)
        flush_word (out, word);

      after_lower = g_unichar_islower (c);
      g_string_append_unichar (word, g_unichar_tolower (c));
    }

  flush_word (out, word);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A day, "14 March 2019" in the UI language; NULL for a time not set. */
static char *
format_day (GDateTime *day)
{
  if (day == NULL)
    return NULL;

  /* Translators: a date in a customer record, see strftime(3): "14 March 2019" */
  return hl_format_date (day, C_("long date", "%-d %B %Y"));
}

/* A JSON attribute as text: strings as they are ("2019-03-14" as a date), booleans as Yes or No,
 * numbers in the UI locale, anything nested as compact JSON. NULL for null and empty values. */
static char *
format_json_value (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return NULL;

    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      return json_to_string (node, FALSE);

    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));

    case G_TYPE_STRING:
      {
        const char *str = json_node_get_string (node);
        int y, m, d;
        char end;

        if (str == NULL || str[0] == '\0')
          return NULL;

        if (strlen (str) == 10 && sscanf (str, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
          {
            g_autoptr(GDateTime) day = g_date_time_new_local (y, m, d, 12, 0, 0);

            if (day != NULL)
              return format_day (day);
          }

        return g_strdup (str);
      }

    default:
      return NULL;
    }
}

/* Whether the first letter of @text is of a script written from right to left. */
static gboolean
starts_right_to_left (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;

      switch ((int) g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_ADLAM:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

static AdwActionRow *
create_field_row (const char *title)
{
  g_autofree char *copy_label = NULL;
  AdwActionRow *row;
  GtkWidget *button;

  row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (GTK_WIDGET (row), "property");

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Copy"));
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "customer.copy");
  /* Translators: the accessible name of the copy button of a field, "Copy Email" */
  copy_label = g_strdup_printf (C_("accessible", "Copy %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label, -1);
  adw_action_row_add_suffix (row, button);
  g_object_set_data (G_OBJECT (row), "copy-button", button);

  return row;
}

static void
set_field_value (AdwActionRow *row,
                 const char   *value)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "copy-button");
  gboolean has_value = value != NULL && value[0] != '\0';

  adw_action_row_set_subtitle (row, has_value ? value : "");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (has_value ? value : ""));
  gtk_widget_set_visible (GTK_WIDGET (row), has_value);
}

/* "Customer since" is the CRM's own date when it has one, else when the record was created. */
static void
update_since (HlCustomerView *self)
{
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *since = NULL;

  if (self->since == NULL && hl_contact_get_created_at (self->contact) > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (hl_contact_get_created_at (self->contact));

      created = utc ? g_date_time_to_local (utc) : NULL;
      since = format_day (created);
    }

  set_field_value (self->field_rows[FIELD_SINCE], self->since ? self->since : since);
}

static void
update_details (HlCustomerView *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  const char *attributes;
  JsonObject *object;
  JsonNode *root;

  /* Keep the old rows until the new record has loaded. */
  if (self->contact != NULL && !hl_record_get_loaded (HL_RECORD (self->contact)))
    return;

  for (guint i = 0; i < self->detail_rows->len; i++)
    adw_preferences_group_remove (self->details_group, g_ptr_array_index (self->detail_rows, i));
  g_ptr_array_set_size (self->detail_rows, 0);
  g_clear_pointer (&self->since, g_free);

  attributes = self->contact ? hl_contact_get_attributes (self->contact) : NULL;
  if (attributes == NULL || attributes[0] == '\0')
    goto done;

  if (!json_parser_load_from_data (parser, attributes, -1, &error))
    {
      g_warning ("The attributes of contact %" G_GINT64_FORMAT " are not JSON: %s",
                 self->contact_id, error->message);
      goto done;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto done;

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (const GList *l = members; l; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *title = humanize_key (key);
      g_autofree char *value = format_json_value (json_object_get_member (object, key));
      AdwActionRow *row;

      if (value == NULL || title[0] == '\0')
        continue;

      if (g_str_equal (key, "customer_since"))
        {
          self->since = g_steal_pointer (&value);
          continue;
        }

      row = create_field_row (title);
      set_field_value (row, value);
      adw_preferences_group_add (self->details_group, GTK_WIDGET (row));
      g_ptr_array_add (self->detail_rows, row);
    }

done:
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), self->detail_rows->len > 0);
  if (self->contact != NULL)
    update_since (self);
}

static void
update_contact (HlCustomerView *self)
{
  HlContact *contact = self->contact;
  g_autoptr(GString) caption = g_string_new (NULL);
  g_autoptr(GString) activity = g_string_new (NULL);
  g_autofree char *location_line = NULL;
  g_autofree char *initials = NULL;
  g_autofree char *location = NULL;
  const char *name;
  const char *notes;
  int count;

  if (contact == NULL || !hl_record_get_loaded (HL_RECORD (contact)))
    return;

  name = hl_contact_get_name (contact);
  gtk_label_set_text (self->name_label, hl_contact_display_name (contact));
  initials = hl_contact_initials (name != NULL && name[0] != '\0' ? name : "#");
  gtk_label_set_text (self->initials_label, initials);

  location = hl_contact_dup_location (contact);
  if (hl_contact_get_company (contact) && hl_contact_get_company (contact)[0])
    {
      g_autofree char *company = hl_bidi_isolate (hl_contact_get_company (contact));
      g_string_append (caption, company);
    }
  if (location != NULL)
    {
      g_autofree char *isolated = hl_bidi_isolate (location);

      if (caption->len > 0)
        g_string_append (caption, " · ");
      g_string_append (caption, isolated);
    }
  if (caption->len > 0)
    g_string_prepend (caption, hl_bidi_mark (GTK_WIDGET (self)));
  gtk_label_set_text (self->caption_label, caption->str);
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption->len > 0);

  count = hl_contact_get_conversation_count (contact);
  if (count > 0)
    g_string_append_printf (activity,
                            g_dngettext (GETTEXT_PACKAGE, "%d conversation", "%d conversations", count),
                            count);
  if (hl_contact_get_last_seen_at (contact) > 0)
    {
      g_autofree char *when = hl_format_relative_time (hl_contact_get_last_seen_at (contact),
                                                       g_get_real_time () / G_USEC_PER_SEC);

      if (activity->len > 0)
        g_string_append (activity, " · ");
      /* Translators: when the customer was last in touch, "Last contact: Yesterday" */
      g_string_append_printf (activity, _("Last contact: %s"), when);
    }
  gtk_label_set_text (self->activity_label, activity->str);
  gtk_widget_set_visible (GTK_WIDGET (self->activity_label), activity->len > 0);

  set_field_value (self->field_rows[FIELD_EMAIL], hl_contact_get_email (contact));
  set_field_value (self->field_rows[FIELD_PHONE], hl_contact_get_phone (contact));
  set_field_value (self->field_rows[FIELD_COMPANY], hl_contact_get_company (contact));
  location_line = location ? g_strconcat (hl_bidi_mark (GTK_WIDGET (self)), location, NULL) : NULL;
  set_field_value (self->field_rows[FIELD_LOCATION], location_line);
  set_field_value (self->field_rows[FIELD_LANGUAGE], hl_language_name (hl_contact_get_locale (contact)));
  update_since (self);

  /* Notes start on the side of their own language: an Arabic note on the right in an English UI. */
  notes = hl_contact_get_notes (contact);
  gtk_label_set_text (self->notes_label, notes ? notes : "");
  if (notes != NULL)
    {
      gboolean ui_rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

      gtk_label_set_xalign (self->notes_label, starts_right_to_left (notes) != ui_rtl ? 1.0 : 0.0);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), notes != NULL && notes[0] != '\0');
  maybe_edit_pending (self);

  {
    g_autofree char *label = g_strdup_printf (_("Conversations with %s"), hl_contact_display_name (contact));
    g_autofree char *calls = g_strdup_printf (_("Calls with %s"), hl_contact_display_name (contact));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->conversations_list),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->calls_list),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, calls, -1);
  }
}

static void
on_contact_items_changed (HlCustomerView *self)
{
  g_autoptr(HlContact) contact = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->contact_model)) > 0)
    contact = g_list_model_get_item (G_LIST_MODEL (self->contact_model), 0);

  if (!g_set_object (&self->contact, contact))
    return;

  g_signal_group_set_target (self->contact_signals, contact);

  if (contact == NULL)
    {
      if (!hl_query_model_get_loading (self->contact_model))
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* Both keep the previous record on screen until this one has loaded: no flash of empty fields. */
  update_contact (self);
  update_details (self);
}

static void
on_contact_refreshed (HlCustomerView *self)
{
  /* The contact was deleted (or merged away). */
  if (self->contact_id != 0 && g_list_model_get_n_items (G_LIST_MODEL (self->contact_model)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
on_calls_changed (HlCustomerView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->calls_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0);
}

static GtkWidget *
create_timeline_row (gpointer item,
                     gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), hl_timeline_row_new (item));

  return row;
}

static void
on_row_activated (HlCustomerView *self,
                  GtkListBoxRow  *row)
{
  GtkWidget *child = gtk_list_box_row_get_child (row);
  gint64 conversation_id;

  if (!HL_IS_TIMELINE_ROW (child))
    return;

  conversation_id = hl_timeline_row_get_conversation_id (HL_TIMELINE_ROW (child));
  if (conversation_id == 0)
    return;

  g_debug ("Opening conversation %" G_GINT64_FORMAT " of contact %" G_GINT64_FORMAT,
           conversation_id, self->contact_id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-conversation", "x", conversation_id);
}

static void
on_copy (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  const char *value = g_variant_get_string (param, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *overlay;

  /* Without the direction marks added for display. */
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x2066 || c > 0x2069) && c != 0x200E && c != 0x200F)
        g_string_append_unichar (text, c);
    }

  if (text->len == 0)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);

  /* The window's toast overlay, when there is one (not in tests). */
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (_("Copied to clipboard"));

      adw_toast_set_timeout (toast, 2);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

/* Editing */

static void
update_actions (HlCustomerView *self)
{
  gboolean loaded = self->contact != NULL && hl_record_get_loaded (HL_RECORD (self->contact)) &&
                    hl_record_get_id (HL_RECORD (self->contact)) == self->contact_id;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.edit", loaded && !self->editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.cancel", self->editing && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save",
                                 self->editing && !self->saving &&
                                 hl_contact_editor_get_modified (self->editor) &&
                                 hl_contact_editor_get_valid (self->editor));
}

static void
set_editing (HlCustomerView *self,
             gboolean        editing,
             GVariant       *draft)
{
  g_autoptr(GVariant) owned_draft = draft ? g_variant_ref_sink (draft) : NULL;

  self->editing = editing;
  if (editing)
    {
      g_debug ("Editing contact %" G_GINT64_FORMAT, self->contact_id);
      hl_contact_editor_edit (self->editor, hl_workspace_get_store (self->workspace), self->contact, owned_draft);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->editor), editing);
  gtk_widget_set_visible (GTK_WIDGET (self->contact_group), !editing);
  if (editing)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->details_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_group), FALSE);
    }
  else if (self->contact != NULL)
    {
      update_contact (self);
      update_details (self);
    }
  gtk_stack_set_visible_child_name (self->edit_stack, editing ? "edit" : "view");
  update_actions (self);

  if (editing)
    hl_contact_editor_focus_first (self->editor);
}

/* The record has loaded: an edit taken over from another window goes on. */
static void
maybe_edit_pending (HlCustomerView *self)
{
  if (self->pending_draft != NULL && self->pending_draft_id == self->contact_id &&
      hl_record_get_id (HL_RECORD (self->contact)) == self->contact_id)
    {
      g_autoptr(GVariant) draft = g_steal_pointer (&self->pending_draft);

      set_editing (self, TRUE, draft);
      return;
    }

  update_actions (self);
}

static void
on_edit (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  HlCustomerView *self = HL_CUSTOMER_VIEW (widget);

  if (!self->editing && self->contact != NULL)
    set_editing (self, TRUE, NULL);
}

static void
on_cancel (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  HlCustomerView *self = HL_CUSTOMER_VIEW (widget);

  g_debug ("Cancelled the edit of contact %" G_GINT64_FORMAT, self->contact_id);
  set_editing (self, FALSE, NULL);
}

static void
show_toast (HlCustomerView *self,
            const char     *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HlCustomerView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved = hl_store_edit_finish (HL_STORE (object), result, &error);

  /* Cancelled: the view is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), TRUE);

  if (!saved)
    {
      g_autofree char *title = NULL;

      g_warning ("Could not save contact %" G_GINT64_FORMAT ": %s", self->contact_id, error->message);
      /* Translators: %s is the reason, e.g. "database or disk is full" */
      title = g_strdup_printf (_("The changes could not be saved: %s"), error->message);
      show_toast (self, title);
      update_actions (self);
      return;
    }

  g_debug ("Saved contact %" G_GINT64_FORMAT, self->contact_id);
  set_editing (self, FALSE, NULL);
}

static void
on_save (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  HlCustomerView *self = HL_CUSTOMER_VIEW (widget);
  g_auto(GStrv) strings = NULL;
  HlContactData data;

  if (!self->editing || self->saving || self->contact == NULL ||
      !hl_contact_editor_get_modified (self->editor) || !hl_contact_editor_get_valid (self->editor))
    return;

  /* Onto the record as the store has it now: a change synced meanwhile to a field the agent left
   * alone is kept. */
  strings = hl_contact_editor_build_data (self->editor, self->contact, &data);
  self->saving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), FALSE);
  update_actions (self);

  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  hl_store_update_contact_async (hl_workspace_get_store (self->workspace), self->contact_id, &data,
                                 self->save_cancellable, on_saved, g_object_ref (self));
}

static void
on_editor_changed (HlCustomerView *self)
{
  update_actions (self);
}

static void show_contact (HlCustomerView *self,
                          gint64          contact_id);

static gboolean
close_window (gpointer data)
{
  gtk_window_close (data);
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (HlCustomerView *self,
                     const char     *response)
{
  gint64 asked = self->asked_contact_id;
  gboolean closing = self->asked_to_close;

  self->discard_dialog = NULL;
  self->asked_contact_id = 0;
  self->asked_to_close = FALSE;

  if (g_strcmp0 (response, "discard") == 0)
    {
      set_editing (self, FALSE, NULL);
      /* Once the dialog, transient for the window, has gone */
      if (closing && GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
        g_idle_add_full (G_PRIORITY_DEFAULT, close_window, g_object_ref (gtk_widget_get_root (GTK_WIDGET (self))),
                         g_object_unref);
      else
        show_contact (self, asked);
    }
  else if (closing)
    gtk_widget_grab_focus (GTK_WIDGET (self->editor));
  else
    {
      /* The list goes back to the customer being edited. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
    }
}

static void
ask_discard (HlCustomerView *self,
             gint64          contact_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  self->asked_contact_id = contact_id;
  if (self->discard_dialog != NULL)
    return;

  /* Translators: %s is the customer's name */
  body = g_strdup_printf (_("Your changes to %s have not been saved."), hl_contact_display_name (self->contact));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Discard Changes?"), body));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Editing"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, G_CONNECT_SWAPPED);
  self->discard_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hl_customer_view_dispose (GObject *object)
{
  HlCustomerView *self = (HlCustomerView *)object;

  if (self->conversations_list)
    gtk_list_box_bind_model (self->conversations_list, NULL, NULL, NULL, NULL);
  if (self->calls_list)
    gtk_list_box_bind_model (self->calls_list, NULL, NULL, NULL, NULL);

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_pointer (&self->pending_draft, g_variant_unref);
  if (self->discard_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->discard_dialog, self);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->discard_dialog)));
    }
  g_clear_object (&self->contact_signals);
  g_clear_object (&self->contact);
  g_clear_object (&self->contact_model);
  g_clear_object (&self->conversations);
  g_clear_object (&self->calls);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->since, g_free);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_CUSTOMER_VIEW);

  G_OBJECT_CLASS (hl_customer_view_parent_class)->dispose (object);
}

static void
hl_customer_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HlCustomerView *self = HL_CUSTOMER_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->contact_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_customer_view_class_init (HlCustomerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_customer_view_dispose;
  object_class->get_property = hl_customer_view_get_property;

  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HL_TYPE_CONTACT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-customer-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, stack);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, back_bar);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, hint_page);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, scroller);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, initials_label);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, name_label);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, caption_label);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, activity_label);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, contact_group);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, details_group);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, notes_group);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, notes_label);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, conversations_list);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, calls_group);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, calls_list);

  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, edit_stack);
  gtk_widget_class_bind_template_child (widget_class, HlCustomerView, editor);

  gtk_widget_class_install_action (widget_class, "customer.copy", "s", on_copy);
  gtk_widget_class_install_action (widget_class, "customer.edit", NULL, on_edit);
  gtk_widget_class_install_action (widget_class, "customer.save", NULL, on_save);
  gtk_widget_class_install_action (widget_class, "customer.cancel", NULL, on_cancel);
  /* F2 (edit, as it renames in Files; Ctrl+E is the inbox's Resolve) is bound on the page. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "customer.save", NULL);
}

static void
hl_customer_view_init (HlCustomerView *self)
{
  const char *titles[N_FIELDS] = {
    [FIELD_EMAIL] = _("Email"),
    [FIELD_PHONE] = _("Phone"),
    [FIELD_COMPANY] = _("Company"),
    [FIELD_LOCATION] = _("City and country"),
    [FIELD_LANGUAGE] = _("Language"),
    [FIELD_SINCE] = _("Customer since"),
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->detail_rows = g_ptr_array_new ();

  for (guint i = 0; i < N_FIELDS; i++)
    {
      self->field_rows[i] = create_field_row (titles[i]);
      adw_preferences_group_add (self->contact_group, GTK_WIDGET (self->field_rows[i]));
    }

  self->contact_signals = g_signal_group_new (HL_TYPE_CONTACT);
  g_signal_group_connect_object (self->contact_signals, "notify",
                                 G_CALLBACK (update_contact), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->contact_signals, "notify::attributes",
                                 G_CALLBACK (update_details), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->editor, "changed", G_CALLBACK (on_editor_changed), self, G_CONNECT_SWAPPED);
  update_actions (self);

  g_signal_connect_object (self->conversations_list, "row-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calls_list, "row-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
}

void
hl_customer_view_set_workspace (HlCustomerView *self,
                                HlWorkspace    *workspace)
{
  HlStore *store;

  g_return_if_fail (HL_IS_CUSTOMER_VIEW (self));
  g_return_if_fail (!workspace || HL_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  if (self->editing)
    set_editing (self, FALSE, NULL);
  self->contact_id = 0;
  g_signal_group_set_target (self->contact_signals, NULL);
  g_clear_object (&self->contact);
  gtk_list_box_bind_model (self->conversations_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->calls_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->contact_model);
  g_clear_object (&self->conversations);
  g_clear_object (&self->calls);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  if (workspace == NULL)
    return;

  store = hl_workspace_get_store (workspace);

  self->contact_model = hl_query_model_new (store, HL_TYPE_CONTACT, HL_STORE_TABLE_CONTACTS);
  g_signal_connect_object (self->contact_model, "items-changed",
                           G_CALLBACK (on_contact_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_model, "refreshed",
                           G_CALLBACK (on_contact_refreshed), self, G_CONNECT_SWAPPED);

  self->conversations = hl_query_model_new (store, HL_TYPE_CONVERSATION,
                                            HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_MESSAGES |
                                            HL_STORE_TABLE_AGENTS);
  gtk_list_box_bind_model (self->conversations_list, G_LIST_MODEL (self->conversations),
                           create_timeline_row, NULL, NULL);

  self->calls = hl_query_model_new (store, HL_TYPE_CALL_RECORD, HL_STORE_TABLE_CALLS | HL_STORE_TABLE_AGENTS);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (on_calls_changed), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->calls_list, G_LIST_MODEL (self->calls), create_timeline_row, NULL, NULL);
}

/* Shows the customer @contact_id, or the empty state for 0. With changes not saved, the agent is
 * asked first: Discard shows the other customer, Keep Editing stays (and notifies contact-id for
 * the list to select this one again). */
void
hl_customer_view_set_contact_id (HlCustomerView *self,
                                 gint64          contact_id)
{
  g_return_if_fail (HL_IS_CUSTOMER_VIEW (self));

  if (contact_id == self->contact_id)
    return;

  if (self->editing && (self->saving || hl_contact_editor_get_modified (self->editor)))
    {
      ask_discard (self, contact_id);
      return;
    }

  if (self->editing)
    set_editing (self, FALSE, NULL);
  show_contact (self, contact_id);
}

/* Whether the window may close: not while changes to the customer are unsaved (or being saved).
 * Then the agent is asked, and the window is closed again if they discard them. */
gboolean
hl_customer_view_confirm_close (HlCustomerView *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMER_VIEW (self), TRUE);

  if (!self->editing || !(self->saving || hl_contact_editor_get_modified (self->editor)))
    return TRUE;

  self->asked_to_close = TRUE;
  ask_discard (self, self->contact_id);
  return FALSE;
}

static void
show_contact (HlCustomerView *self,
              gint64          contact_id)
{
  g_clear_pointer (&self->pending_draft, g_variant_unref);

  g_debug ("Showing contact %" G_GINT64_FORMAT, contact_id);
  self->contact_id = contact_id;

  if (contact_id == 0 || self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
      return;
    }

  hl_query_model_set_query (self->contact_model,
                            "SELECT id, rev FROM contacts WHERE id = ?1",
                            g_variant_new ("(x)", contact_id));
  hl_query_model_set_query (self->conversations,
                            "SELECT id, rev FROM conversations WHERE contact_id = ?1"
                            " ORDER BY last_activity_at DESC, id DESC",
                            g_variant_new ("(x)", contact_id));
  hl_query_model_set_query (self->calls,
                            "SELECT id, rev FROM calls WHERE contact_id = ?1 ORDER BY started_at DESC, id DESC",
                            g_variant_new ("(x)", contact_id));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "record");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
}

gint64
hl_customer_view_get_contact_id (HlCustomerView *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMER_VIEW (self), 0);

  return self->contact_id;
}

/* The record shown, once it has been read from the store. */
HlContact *
hl_customer_view_get_contact (HlCustomerView *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMER_VIEW (self), NULL);

  return self->contact;
}

void
hl_customer_view_set_show_back (HlCustomerView *self,
                                gboolean        show_back)
{
  g_return_if_fail (HL_IS_CUSTOMER_VIEW (self));

  gtk_widget_set_visible (self->back_bar, show_back);
}

/* "Choose a customer from the list", shown with nobody open: only while the list has some. */
void
hl_customer_view_set_show_hint (HlCustomerView *self,
                                gboolean        show_hint)
{
  g_return_if_fail (HL_IS_CUSTOMER_VIEW (self));

  gtk_widget_set_visible (self->hint_page, show_hint);
}

GListModel *
hl_customer_view_get_conversations (HlCustomerView *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMER_VIEW (self), NULL);

  return self->conversations ? G_LIST_MODEL (self->conversations) : NULL;
}

GListModel *
hl_customer_view_get_calls (HlCustomerView *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMER_VIEW (self), NULL);

  return self->calls ? G_LIST_MODEL (self->calls) : NULL;
}

/* Whether the record is being edited (the form is shown). */
gboolean
hl_customer_view_get_editing (HlCustomerView *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMER_VIEW (self), FALSE);

  return self->editing;
}

/* The edit in progress, for another view to take over (hl_customer_view_edit_draft()): an a{ss}
 * of the fields changed, or NULL when the record is not being edited. */
GVariant *
hl_customer_view_dup_draft (HlCustomerView *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMER_VIEW (self), NULL);

  if (self->editing)
    return hl_contact_editor_get_draft (self->editor);
  if (self->pending_draft != NULL)
    return g_variant_ref (self->pending_draft);
  return NULL;
}

/* Edits the customer shown, with @draft's changes in the fields, as soon as the record has loaded. */
void
hl_customer_view_edit_draft (HlCustomerView *self,
                             GVariant       *draft)
{
  g_return_if_fail (HL_IS_CUSTOMER_VIEW (self));
  g_return_if_fail (g_variant_is_of_type (draft, G_VARIANT_TYPE ("a{ss}")));

  g_clear_pointer (&self->pending_draft, g_variant_unref);
  self->pending_draft = g_variant_ref_sink (draft);
  self->pending_draft_id = self->contact_id;

  if (self->contact != NULL && hl_record_get_loaded (HL_RECORD (self->contact)))
    maybe_edit_pending (self);
}

/* hl-contact-editor.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCustomers"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hl-contact.h"
#include "hl-contact-editor.h"
#include "hl-store-db.h"
#include "hl-store-private.h"

/* The form that edits a customer record: the contact fields, each custom attribute the team
 * server defines for contacts (by its type: text, number, date, link, list, checkbox) and the
 * notes. Every field is checked as it is typed, with the reason next to it. The editor knows what
 * the record was when editing began, so it can say what changed: only that is saved (onto the
 * record as it is then), and only that is kept as the draft that outlives a window rebuild. */

typedef enum
{
  CHECK_NONE,
  CHECK_REQUIRED,
  CHECK_EMAIL,
  CHECK_PHONE,
  CHECK_LOCALE,
  CHECK_NUMBER,
  CHECK_DATE,
  CHECK_LINK,
} Check;

typedef enum
{
  KIND_ENTRY,
  KIND_LIST,
  KIND_SWITCH,
  KIND_NOTES,
} Kind;

typedef struct
{
  char      *key;        /* "name", "email", … or "attr:<attribute key>" */
  Kind       kind;
  Check      check;
  GtkWidget *row;        /* in contact_group or details_group; NULL for the notes */
  GtkWidget *control;    /* the switch of a checkbox */
  GtkWidget *error_label;
  GStrv      values;     /* a list's choices; item 0 of the drop-down is "not set" */
  char      *original;   /* the field's text when editing began */
  GRegex    *pattern;    /* the definition's regex_pattern, or NULL */
  char      *cue;        /* the definition's regex_cue: what the pattern asks for, or NULL */
} Field;

/* A custom attribute definition that applies to contacts (reference_items, kind contact-attribute) */
typedef struct
{
  char  *key;
  char  *name;
  char  *type;
  GStrv  values;
  char  *pattern;
  char  *cue;
} Definition;

struct _HlContactEditor
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *details_group;
  GtkTextView         *notes_view;

  /* Owned references */
  GPtrArray           *fields;         /* of Field */
  GCancellable        *cancellable;    /* the definitions being read */
  GVariant            *pending_draft;  /* applied to the attributes once they are built */
  HlContact           *contact;

  gboolean             modified;
  gboolean             valid;
  gboolean             filling;        /* setting texts, not the agent typing */
};

G_DEFINE_FINAL_TYPE (HlContactEditor, hl_contact_editor, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  const char *key;
  const char *title;
  Check       check;
} contact_fields[] = {
  { "name", N_("Name"), CHECK_REQUIRED },
  { "email", N_("Email"), CHECK_EMAIL },
  { "phone", N_("Phone"), CHECK_PHONE },
  { "company", N_("Company"), CHECK_NONE },
  { "city", N_("City"), CHECK_NONE },
  { "country", N_("Country"), CHECK_NONE },
  { "locale", N_("Language"), CHECK_LOCALE },
};

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->key);
  g_strfreev (field->values);
  g_free (field->original);
  g_clear_pointer (&field->pattern, g_regex_unref);
  g_free (field->cue);
  g_free (field);
}

static void
definition_free (gpointer data)
{
  Definition *definition = data;

  g_free (definition->key);
  g_free (definition->name);
  g_free (definition->type);
  g_strfreev (definition->values);
  g_free (definition->pattern);
  g_free (definition->cue);
  g_free (definition);
}

/* Checks */

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == '<' || *p == '>')
      return FALSE;

  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static gboolean
is_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p != text)
        return FALSE;
      else if (!strchr ("+ ()-./", *p))
        return FALSE;
    }

  return digits >= 3;
}

/* "en", "pt-BR", "zh_CN", "es-419" */
static gboolean
is_locale (const char *text)
{
  gsize len = strlen (text), lang = 0;

  while (lang < len && g_ascii_isalpha (text[lang]))
    lang++;
  if (lang < 2 || lang > 3)
    return FALSE;
  if (lang == len)
    return TRUE;
  if (text[lang] != '-' && text[lang] != '_')
    return FALSE;
  if (len - lang - 1 < 2 || len - lang - 1 > 8)
    return FALSE;
  for (gsize i = lang + 1; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;

  return TRUE;
}

/* A number as the agent may type it ("12", "-3.5", "3,5"); FALSE for anything else. */
static gboolean
parse_number (const char *text,
              double     *number)
{
  g_autofree char *copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;
  *number = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*number);
}

static gboolean
is_date (const char *text)
{
  int y, m, d;
  char end;

  return strlen (text) == 10 &&
         sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
         text[4] == '-' && text[7] == '-' &&
         g_date_valid_dmy (d, m, y);
}

static gboolean
is_link (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

/* Why @text cannot be saved in a field checked by @check, or NULL when it can. */
static const char *
check_text (Check       check,
            const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  double number;

  if (stripped[0] == '\0')
    return check == CHECK_REQUIRED ? _("A customer needs a name.") : NULL;

  switch (check)
    {
    case CHECK_EMAIL:
      return is_email (stripped) ? NULL : _("Enter an address such as name@example.com.");
    case CHECK_PHONE:
      return is_phone (stripped) ? NULL : _("Use digits, spaces and + ( ) - only.");
    case CHECK_LOCALE:
      return is_locale (stripped) ? NULL : _("Enter a language code such as en or pt-BR.");
    case CHECK_NUMBER:
      return parse_number (stripped, &number) ? NULL : _("Enter a number.");
    case CHECK_DATE:
      /* Translators: keep the date as it is: it is the form the field takes */
      return is_date (stripped) ? NULL : _("Enter a date such as 2026-03-14.");
    case CHECK_LINK:
      return is_link (stripped) ? NULL : _("Enter a web address starting with https://.");
    case CHECK_NONE:
    case CHECK_REQUIRED:
    default:
      return NULL;
    }
}

/* Why the field's @text cannot be saved: its type's check, then the team's pattern for it. */
static const char *
field_problem (Field      *field,
               const char *text)
{
  const char *problem = check_text (field->check, text);

  if (problem == NULL && field->pattern != NULL && text[0] != '\0' &&
      !g_regex_match (field->pattern, text, 0, NULL))
    return field->cue && field->cue[0] ? field->cue : _("This is not in the form your team set for this field.");

  return problem;
}

/* Field texts */

static char *
field_get_text (HlContactEditor *self,
                Field           *field)
{
  switch (field->kind)
    {
    case KIND_ENTRY:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row)));

    case KIND_LIST:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));

        if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > g_strv_length (field->values))
          return g_strdup ("");
        return g_strdup (field->values[selected - 1]);
      }

    case KIND_SWITCH:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (field->control)) ? "true" : "false");

    case KIND_NOTES:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }

    default:
      g_assert_not_reached ();
    }
}

static void
field_set_text (HlContactEditor *self,
                Field           *field,
                const char      *text)
{
  switch (field->kind)
    {
    case KIND_ENTRY:
      gtk_editable_set_text (GTK_EDITABLE (field->row), text);
      break;

    case KIND_LIST:
      {
        guint selected = 0;

        for (guint i = 0; field->values[i]; i++)
          if (g_str_equal (field->values[i], text))
            selected = i + 1;
        adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), selected);
        break;
      }

    case KIND_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (field->control), g_str_equal (text, "true"));
      break;

    case KIND_NOTES:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), text, -1);
      break;

    default:
      g_assert_not_reached ();
    }
}

static const char *
contact_value (HlContact  *contact,
               const char *key)
{
  if (g_str_equal (key, "name"))
    return hl_contact_get_name (contact);
  if (g_str_equal (key, "email"))
    return hl_contact_get_email (contact);
  if (g_str_equal (key, "phone"))
    return hl_contact_get_phone (contact);
  if (g_str_equal (key, "company"))
    return hl_contact_get_company (contact);
  if (g_str_equal (key, "city"))
    return hl_contact_get_city (contact);
  if (g_str_equal (key, "country"))
    return hl_contact_get_country (contact);
  if (g_str_equal (key, "locale"))
    return hl_contact_get_locale (contact);
  if (g_str_equal (key, "notes"))
    return hl_contact_get_notes (contact);

  g_return_val_if_reached (NULL);
}

static JsonObject *
parse_attributes (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_object_ref (json_node_get_object (root));

  return json_object_new ();
}

/* An attribute's value as its field shows it: "" when not set. */
static char *
attribute_text (JsonObject *attributes,
                const char *key)
{
  JsonNode *node = json_object_get_member (attributes, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    default:
      return g_strdup ("");
    }
}

/* State */

static void
update_field (HlContactEditor *self,
              Field           *field)
{
  g_autofree char *text = NULL;
  const char *problem;

  if (field->error_label == NULL)
    return;

  text = field_get_text (self, field);
  problem = field_problem (field, text);

  gtk_label_set_text (GTK_LABEL (field->error_label), problem ? problem : "");
  gtk_widget_set_visible (field->error_label, problem != NULL);
  if (problem != NULL)
    {
      gtk_widget_add_css_class (field->row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (field->row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
update_state (HlContactEditor *self)
{
  gboolean modified = FALSE, valid = TRUE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *text = field_get_text (self, field);

      modified |= g_strcmp0 (text, field->original) != 0;
      valid &= field_problem (field, text) == NULL;
    }

  self->modified = modified;
  self->valid = valid;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_field_changed (HlContactEditor *self,
                  GParamSpec      *pspec,
                  GObject         *object)
{
  Field *field = g_object_get_data (object, "hl-field");

  if (self->filling)
    return;

  if (field != NULL)
    update_field (self, field);
  update_state (self);
}

static void
on_entry_activated (HlContactEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "customer.save", NULL);
}

/* Building the fields */

static Field *
add_field (HlContactEditor *self,
           const char      *key,
           Kind             kind,
           Check            check)
{
  Field *field = g_new0 (Field, 1);

  field->key = g_strdup (key);
  field->kind = kind;
  field->check = check;
  g_ptr_array_add (self->fields, field);

  return field;
}

static Field *
add_entry_row (HlContactEditor     *self,
               AdwPreferencesGroup *group,
               const char          *key,
               const char          *title,
               Check                check)
{
  Field *field = add_field (self, key, KIND_ENTRY, check);

  field->row = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);
  gtk_widget_set_name (field->row, key);

  /* Every entry can be told why its text won't do: its type's check, or the team's pattern. */
  field->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (field->error_label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (field->error_label), 18);
  gtk_label_set_max_width_chars (GTK_LABEL (field->error_label), 30);
  gtk_label_set_xalign (GTK_LABEL (field->error_label), 1.0);
  gtk_widget_set_visible (field->error_label, FALSE);
  gtk_widget_add_css_class (field->error_label, "caption");
  gtk_widget_add_css_class (field->error_label, "error");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (field->row), field->error_label);

  g_object_set_data (G_OBJECT (field->row), "hl-field", field);
  g_signal_connect_object (field->row, "notify::text", G_CALLBACK (on_field_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (field->row, "entry-activated", G_CALLBACK (on_entry_activated), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, field->row);

  return field;
}

static Check
check_for_type (const char *type)
{
  if (g_strcmp0 (type, "number") == 0 || g_strcmp0 (type, "currency") == 0 || g_strcmp0 (type, "percent") == 0)
    return CHECK_NUMBER;
  if (g_strcmp0 (type, "date") == 0)
    return CHECK_DATE;
  if (g_strcmp0 (type, "link") == 0)
    return CHECK_LINK;
  return CHECK_NONE;
}

static void
add_attribute_row (HlContactEditor  *self,
                   const Definition *definition,
                   const char       *original)
{
  g_autofree char *key = g_strconcat ("attr:", definition->key, NULL);
  Field *field;

  if (g_strcmp0 (definition->type, "list") == 0)
    {
      g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
      gboolean known = original[0] == '\0';

      field = add_field (self, key, KIND_LIST, CHECK_NONE);
      /* Translators: the choice of a list attribute that has no value */
      gtk_string_list_append (items, _("Not set"));
      for (guint i = 0; definition->values && definition->values[i]; i++)
        {
          gtk_string_list_append (items, definition->values[i]);
          g_strv_builder_add (values, definition->values[i]);
          known |= g_str_equal (definition->values[i], original);
        }
      /* A value the definition no longer lists stays choosable: it is the record's. */
      if (!known)
        {
          gtk_string_list_append (items, original);
          g_strv_builder_add (values, original);
        }
      field->values = g_strv_builder_end (values);

      field->row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (items));
      g_signal_connect_object (field->row, "notify::selected", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
    }
  else if (g_strcmp0 (definition->type, "checkbox") == 0)
    {
      field = add_field (self, key, KIND_SWITCH, CHECK_NONE);
      field->row = adw_action_row_new ();
      field->control = gtk_switch_new ();
      gtk_widget_set_valign (field->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->control);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->control), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      definition->name, -1);
      g_signal_connect_object (field->control, "notify::active", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      g_autoptr(GError) error = NULL;

      field = add_entry_row (self, self->details_group, key, definition->name, check_for_type (definition->type));
      field->original = g_strdup (original);
      if (definition->pattern != NULL && definition->pattern[0] != '\0' &&
          !(field->pattern = g_regex_new (definition->pattern, 0, 0, &error)))
        g_debug ("Attribute %s: pattern left out: %s", definition->key, error->message);
      field->cue = g_strdup (definition->cue);
      return;
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), definition->name);
  gtk_widget_set_name (field->row, key);
  field->original = g_strdup (original);
  adw_preferences_group_add (self->details_group, field->row);
}

static void
apply_draft (HlContactEditor *self,
             GVariant        *draft)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const char *text;

      if (g_variant_lookup (draft, field->key, "&s", &text))
        field_set_text (self, field, text);
    }
}

/* Reading the definitions */

static gpointer
read_definitions (sqlite3        *db,
                  gpointer        data,
                  HlStoreTables  *changed,
                  GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func (definition_free);
  int rc;

  if (!(stmt = hl_db_prepare (db,
                              "SELECT key, name, value, details FROM reference_items"
                              " WHERE kind = 'contact-attribute' AND key != '' ORDER BY id", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) details = parse_attributes ((const char *) sqlite3_column_text (stmt, 3));
      JsonNode *values = json_object_get_member (details, "attribute_values");
      Definition *definition = g_new0 (Definition, 1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      definition->key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      definition->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      definition->type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      if (values != NULL && JSON_NODE_HOLDS_ARRAY (values))
        {
          JsonArray *array = json_node_get_array (values);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *value = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
                g_strv_builder_add (builder, json_node_get_string (value));
            }
        }
      definition->values = g_strv_builder_end (builder);
      definition->pattern = g_strdup (json_object_get_string_member_with_default (details, "regex_pattern", NULL));
      definition->cue = g_strdup (json_object_get_string_member_with_default (details, "regex_cue", NULL));
      g_ptr_array_add (definitions, definition);
    }
  if (rc != SQLITE_DONE)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return g_steal_pointer (&definitions);
}

static void
on_definitions_read (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HlContactEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) definitions = hl_store_run_finish (HL_STORE (object), result, &error);
  g_autoptr(JsonObject) attributes = NULL;

  if (definitions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the custom attribute definitions: %s", error->message);
      return;
    }

  if (self->contact == NULL)
    return;

  attributes = parse_attributes (hl_contact_get_attributes (self->contact));
  self->filling = TRUE;
  for (guint i = 0; i < definitions->len; i++)
    {
      const Definition *definition = g_ptr_array_index (definitions, i);
      g_autofree char *original = attribute_text (attributes, definition->key);

      add_attribute_row (self, definition, original);
      field_set_text (self, g_ptr_array_index (self->fields, self->fields->len - 1), original);
    }
  if (self->pending_draft != NULL)
    apply_draft (self, self->pending_draft);
  g_clear_pointer (&self->pending_draft, g_variant_unref);
  self->filling = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->details_group), definitions->len > 0);
  for (guint i = 0; i < self->fields->len; i++)
    update_field (self, g_ptr_array_index (self->fields, i));
  update_state (self);
}

static void
clear_fields (HlContactEditor *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      GtkWidget *group;

      if (field->row == NULL)
        continue;
      group = gtk_widget_get_ancestor (field->row, ADW_TYPE_PREFERENCES_GROUP);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), field->row);
    }
  g_ptr_array_set_size (self->fields, 0);
}

static void
hl_contact_editor_dispose (GObject *object)
{
  HlContactEditor *self = (HlContactEditor *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->pending_draft, g_variant_unref);
  g_clear_object (&self->contact);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_CONTACT_EDITOR);

  G_OBJECT_CLASS (hl_contact_editor_parent_class)->dispose (object);
}

static void
hl_contact_editor_class_init (HlContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_contact_editor_dispose;

  /* The fields changed: hl_contact_editor_get_modified() or _get_valid() may have. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HlContactEditor, contact_group);
  gtk_widget_class_bind_template_child (widget_class, HlContactEditor, details_group);
  gtk_widget_class_bind_template_child (widget_class, HlContactEditor, notes_view);
}

static void
hl_contact_editor_init (HlContactEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func (field_free);
  self->valid = TRUE;

  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hl_contact_editor_new (void)
{
  return g_object_new (HL_TYPE_CONTACT_EDITOR, NULL);
}

/**
 * hl_contact_editor_edit:
 * @contact: the record as it is now
 * @draft: (nullable): an a{ss} from hl_contact_editor_get_draft() to put back into the fields
 *
 * Fills the form from @contact, with @draft's changes on top, and reads the custom attribute
 * definitions from @store to add their fields.
 */
void
hl_contact_editor_edit (HlContactEditor *self,
                        HlStore         *store,
                        HlContact       *contact,
                        GVariant        *draft)
{
  Field *notes;

  g_return_if_fail (HL_IS_CONTACT_EDITOR (self));
  g_return_if_fail (HL_IS_STORE (store));
  g_return_if_fail (HL_IS_CONTACT (contact));
  g_return_if_fail (draft == NULL || g_variant_is_of_type (draft, G_VARIANT_TYPE ("a{ss}")));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending_draft, g_variant_unref);
  g_set_object (&self->contact, contact);
  clear_fields (self);
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), FALSE);

  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (contact_fields); i++)
    {
      const char *value = contact_value (contact, contact_fields[i].key);
      Field *field = add_entry_row (self, self->contact_group, contact_fields[i].key,
                                    g_dgettext (GETTEXT_PACKAGE, contact_fields[i].title), contact_fields[i].check);

      field->original = g_strdup (value ? value : "");
      field_set_text (self, field, field->original);
    }
  notes = add_field (self, "notes", KIND_NOTES, CHECK_NONE);
  notes->original = g_strdup (hl_contact_get_notes (contact) ? hl_contact_get_notes (contact) : "");
  field_set_text (self, notes, notes->original);

  if (draft != NULL)
    {
      apply_draft (self, draft);
      self->pending_draft = g_variant_ref_sink (draft);
    }
  self->filling = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    update_field (self, g_ptr_array_index (self->fields, i));
  update_state (self);

  self->cancellable = g_cancellable_new ();
  hl_store_run_async (store, read_definitions, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                      self->cancellable, on_definitions_read, g_object_ref (self));
}

/* Whether a field differs from the record as it was when editing began. */
gboolean
hl_contact_editor_get_modified (HlContactEditor *self)
{
  g_return_val_if_fail (HL_IS_CONTACT_EDITOR (self), FALSE);

  return self->modified;
}

/* Whether every field can be saved as it is. */
gboolean
hl_contact_editor_get_valid (HlContactEditor *self)
{
  g_return_val_if_fail (HL_IS_CONTACT_EDITOR (self), FALSE);

  return self->valid;
}

/* The fields the agent changed, as typed (valid or not), an a{ss}: field key → text. */
GVariant *
hl_contact_editor_get_draft (HlContactEditor *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (HL_IS_CONTACT_EDITOR (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *text = field_get_text (self, field);

      if (g_strcmp0 (text, field->original) != 0)
        g_variant_builder_add (&builder, "{ss}", field->key, text);
    }
  /* Changes to attributes whose fields are still being built */
  if (self->pending_draft != NULL)
    {
      GVariantIter iter;
      const char *key, *text;

      g_variant_iter_init (&iter, self->pending_draft);
      while (g_variant_iter_next (&iter, "{&s&s}", &key, &text))
        if (g_str_has_prefix (key, "attr:"))
          g_variant_builder_add (&builder, "{ss}", key, text);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* An attribute as the server keeps it: numbers as numbers, checkboxes as booleans; NULL to remove. */
static JsonNode *
attribute_value (Field      *field,
                 const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  double number;

  if (field->kind == KIND_SWITCH)
    return json_node_init_boolean (json_node_alloc (), g_str_equal (text, "true"));
  if (stripped[0] == '\0')
    return NULL;
  if (field->check == CHECK_NUMBER && parse_number (stripped, &number))
    {
      if (number == floor (number) && fabs (number) < 9.0e15)
        return json_node_init_int (json_node_alloc (), (gint64) number);
      return json_node_init_double (json_node_alloc (), number);
    }

  return json_node_init_string (json_node_alloc (), stripped);
}

/**
 * hl_contact_editor_build_data:
 * @current: the record as the store has it now
 * @data: (out caller-allocates): filled with @current plus the agent's changes
 *
 * Returns: (transfer full): the strings @data points to, to free once it has been used
 */
char **
hl_contact_editor_build_data (HlContactEditor *self,
                              HlContact       *current,
                              HlContactData   *data)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) attributes = NULL;
  const char *values[G_N_ELEMENTS (contact_fields) + 1];
  const char *attributes_text;

  g_return_val_if_fail (HL_IS_CONTACT_EDITOR (self), NULL);
  g_return_val_if_fail (HL_IS_CONTACT (current), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  /* The record's own values for what the agent left alone… */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = contact_value (current, i < G_N_ELEMENTS (contact_fields) ? contact_fields[i].key : "notes");
  attributes_text = hl_contact_get_attributes (current);
  attributes = parse_attributes (attributes_text);

  /* …and what they changed, trimmed; a cleared field is NULL (the name stays ""). */
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      char *text = field_get_text (self, field);

      g_ptr_array_add (owned, text);
      if (g_strcmp0 (text, field->original) == 0)
        continue;

      if (g_str_has_prefix (field->key, "attr:"))
        {
          JsonNode *value = attribute_value (field, text);

          if (value != NULL)
            json_object_set_member (attributes, field->key + strlen ("attr:"), value);
          else
            json_object_remove_member (attributes, field->key + strlen ("attr:"));
          attributes_text = NULL;
          continue;
        }

      if (field->kind != KIND_NOTES)
        g_strstrip (text);
      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        if (g_str_equal (field->key, j < G_N_ELEMENTS (contact_fields) ? contact_fields[j].key : "notes"))
          values[j] = text[0] != '\0' || j == 0 ? text : NULL;
    }

  if (attributes_text == NULL)
    {
      g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), attributes);
      char *text = json_to_string (root, FALSE);

      g_ptr_array_add (owned, text);
      attributes_text = text;
    }

  *data = (HlContactData) {
    .name = values[0] ? values[0] : "",
    .email = values[1],
    .phone = values[2],
    .company = values[3],
    .city = values[4],
    .country = values[5],
    .locale = values[6],
    .notes = values[7],
    .attributes = attributes_text,
    .created_at = hl_contact_get_created_at (current),
  };

  g_ptr_array_add (owned, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&owned), FALSE);
}

/* Puts the keyboard focus in the first field. */
gboolean
hl_contact_editor_focus_first (HlContactEditor *self)
{
  g_return_val_if_fail (HL_IS_CONTACT_EDITOR (self), FALSE);

  if (self->fields->len == 0)
    return FALSE;
  return gtk_widget_grab_focus (((Field *) g_ptr_array_index (self->fields, 0))->row);
}

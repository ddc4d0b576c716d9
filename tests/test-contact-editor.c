/* test-contact-editor.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "hl-application.h"
#include "hl-chatwoot-json.h"
#include "hl-contact.h"
#include "hl-customer-view.h"
#include "hl-customers-page.h"
#include "hl-language.h"
#include "hl-store-edits.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-window.h"
#include "hl-workspace.h"

/* The customer record editor on the demo workspace, driven as the agent does: Edit, type, Save or
 * Cancel; what reaches the store (and its outbox) is asserted, and the shots are kept. */

typedef struct
{
  HlApplication *app;
  HlWindow      *window;
  HlStore       *store;
  gint64         contact;
} Fixture;

static HlCustomersPage *
page_of (HlWindow *window)
{
  return HL_CUSTOMERS_PAGE (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_CUSTOMERS_PAGE));
}

static HlCustomerView *
view_of (HlWindow *window)
{
  return HL_CUSTOMER_VIEW (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_CUSTOMER_VIEW));
}

static gboolean
contact_loaded (gpointer data)
{
  HlCustomerView *view = data;
  HlContact *contact = hl_customer_view_get_contact (view);

  return contact != NULL && hl_record_get_loaded (HL_RECORD (contact)) &&
         hl_record_get_id (HL_RECORD (contact)) == hl_customer_view_get_contact_id (view);
}

static void
open_contact (HlWindow *window,
              gint64    contact)
{
  hl_customers_page_select_contact (page_of (window), contact);
  hl_test_wait_until (contact_loaded, view_of (window), 10000);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->app = hl_test_start_app ();
  fixture->window = hl_test_open_window (fixture->app, "demo");
  fixture->store = hl_workspace_get_store (hl_window_get_workspace (fixture->window));
  fixture->contact = hl_test_store_int64 (fixture->store, "SELECT id FROM contacts WHERE name = 'Sarah Whitfield'");
  g_assert_cmpint (fixture->contact, >, 0);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "show-page", g_variant_new_string ("customers"));
  open_contact (fixture->window, fixture->contact);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (hl_application_get_window (fixture->app) != NULL)
    gtk_window_destroy (GTK_WINDOW (hl_application_get_window (fixture->app)));
  hl_test_drain ();
  /* Back to the system's language, with no window left to rebuild */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "set-language", g_variant_new_string (""));
  hl_test_drain ();
  g_object_unref (fixture->app);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_named (gpointer data)
{
  return find_named (GTK_WIDGET (((gpointer *) data)[0]), ((gpointer *) data)[1]) != NULL;
}

/* The field @key of the form, once it has been built. */
static GtkWidget *
field (HlWindow   *window,
       const char *key)
{
  gpointer args[] = { view_of (window), (gpointer) key };

  hl_test_wait_until (has_named, args, 10000);
  return find_named (GTK_WIDGET (view_of (window)), key);
}

static void
set_field (HlWindow   *window,
           const char *key,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field (window, key)), text);
}

static gboolean
button_sensitive (HlWindow   *window,
                  const char *id)
{
  hl_test_drain ();
  return gtk_widget_is_sensitive (hl_test_find_by_id (GTK_WIDGET (view_of (window)), id));
}

static void
edit (HlWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (window)), "customer.edit", NULL));
  g_assert_true (hl_customer_view_get_editing (view_of (window)));
  /* The custom attributes are read from the store */
  field (window, "attr:vip");
}

static void
shoot (HlWindow   *window,
       const char *name)
{
  g_autofree char *path = NULL;

#ifdef __SANITIZE_ADDRESS__
  /* Each frame costs several times more under AddressSanitizer: the shots come from the normal build. */
  return;
#endif
  hl_test_wait_painted (GTK_WIDGET (window));
  path = hl_test_save_screenshot (GTK_WIDGET (window), name);
  g_test_message ("Screenshot: %s", path);
}

static gint64
contact_rev (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rev FROM contacts WHERE id = %" G_GINT64_FORMAT, fixture->contact);

  return hl_test_store_int64 (fixture->store, sql);
}

static char *
contact_row (Fixture *fixture)
{
  return hl_test_query (fixture->store,
                        "SELECT name, email, phone, company, city, country, locale, notes, attributes"
                        " FROM contacts WHERE id = %" G_GINT64_FORMAT, fixture->contact);
}

static gboolean
not_editing (gpointer data)
{
  return !hl_customer_view_get_editing (data);
}

static gboolean
shows_new_name (gpointer data)
{
  GtkWidget *label = hl_test_find_by_id (GTK_WIDGET (data), "name_label");

  return g_str_equal (gtk_label_get_text (GTK_LABEL (label)), "Sarah Whitfield-Brown");
}

/* One side of a contact.update outbox entry, as the sender reads it */
static HlContactData
entry_data (JsonObject *side)
{
  return (HlContactData) {
    .name = json_object_get_string_member_with_default (side, "name", NULL),
    .email = json_object_get_string_member_with_default (side, "email", NULL),
    .phone = json_object_get_string_member_with_default (side, "phone", NULL),
    .company = json_object_get_string_member_with_default (side, "company", NULL),
    .city = json_object_get_string_member_with_default (side, "city", NULL),
    .country = json_object_get_string_member_with_default (side, "country", NULL),
    .locale = json_object_get_string_member_with_default (side, "locale", NULL),
    .notes = json_object_get_string_member_with_default (side, "notes", NULL),
    .attributes = json_object_get_string_member_with_default (side, "attributes", NULL),
  };
}

/* Edit the name, pick a list attribute, clear the city, Save: the row has exactly those changes,
 * and the outbox entry for the team server carries only them. */
static void
test_editor_save (Fixture       *fixture,
                  gconstpointer  data)
{
  HlWindow *window = fixture->window;
  g_autofree char *payload = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) changes = NULL;
  g_autofree char *changes_text = NULL;
  g_autofree char *row = NULL;
  JsonObject *entry, *before, *after;
  HlContactData data_before = { 0 }, data_after = { 0 };
  gint64 rev = contact_rev (fixture);

  hl_store_set_backend (fixture->store, "chatwoot");
  edit (window);

  /* Nothing changed yet: Save waits */
  g_assert_false (button_sensitive (window, "save_button"));
  g_assert_true (button_sensitive (window, "cancel_button"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (window, "name"))), ==, "Sarah Whitfield");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (window, "attr:plan"))), ==, "Fibre 500");

  set_field (window, "name", "  Sarah Whitfield-Brown ");
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (window, "attr:segment")), 2);
  set_field (window, "city", "");
  g_assert_true (button_sensitive (window, "save_button"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (window)), "customer.save", NULL));
  hl_test_wait_until (not_editing, view_of (window), 10000);

  g_assert_cmpint (contact_rev (fixture), ==, rev + 1);
  row = contact_row (fixture);
  g_assert_cmpstr (row, ==,
                   "Sarah Whitfield-Brown sarah.whitfield@mailbox.example +44 7700 900123  NULL GB en"
                   " Paperless billing since November."
                   " {\"plan\":\"Fibre 500\",\"account_number\":\"BW-UK-310457\",\"customer_since\":\"2020-05-11\","
                   "\"contract_end\":\"2026-05-11\",\"vip\":false,\"segment\":\"Small business\"}");

  /* The record shows the new values as soon as the store has told the models */
  hl_test_wait_until (shows_new_name, view_of (window), 10000);

  /* The outbox: what the server gets is only what changed */
  payload = hl_test_query (fixture->store, "SELECT payload FROM outbox WHERE operation = 'contact.update'"
                           " AND target_id = %" G_GINT64_FORMAT, fixture->contact);
  g_assert_true (json_parser_load_from_data (parser, payload, -1, NULL));
  entry = json_node_get_object (json_parser_get_root (parser));
  before = json_object_get_object_member (entry, "before");
  after = json_object_get_object_member (entry, "after");
  data_before = entry_data (before);
  data_after = entry_data (after);
  changes = hl_chatwoot_json_contact_changes (&data_before, &data_after);
  changes_text = json_to_string (changes, FALSE);
  g_assert_cmpstr (changes_text, ==,
                   "{\"name\":\"Sarah Whitfield-Brown\",\"additional_attributes\":{\"city\":null},"
                   "\"custom_attributes\":{\"segment\":\"Small business\"}}");
}

/* A wrong email, phone, number, date and link each say why next to the field, and Save waits;
 * Cancel puts the record back as it was, the store untouched. */
static void
test_editor_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct { const char *key; const char *text; } wrong[] = {
    { "email", "sarah.whitfield@" },
    { "phone", "+44 7700 CALL ME" },
    { "attr:mobile_lines", "two" },
    { "attr:contract_end", "11/05/2026" },
    { "attr:crm_url", "crm.example.com/42" },
    { "attr:account_number", "310457" },   /* the definition's regex_pattern */
  };
  HlWindow *window = fixture->window;
  g_autofree char *row = contact_row (fixture);
  g_autofree char *after = NULL;
  gint64 rev = contact_rev (fixture);

  edit (window);
  set_field (window, "name", "Sarah W.");
  g_assert_true (button_sensitive (window, "save_button"));

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      GtkWidget *entry = field (window, wrong[i].key);
      g_autofree char *original = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

      set_field (window, wrong[i].key, wrong[i].text);
      g_assert_true (gtk_widget_has_css_class (entry, "error"));
      g_assert_false (button_sensitive (window, "save_button"));

      /* Right again: the error goes */
      set_field (window, wrong[i].key, original);
      g_assert_false (gtk_widget_has_css_class (entry, "error"));
      g_assert_true (button_sensitive (window, "save_button"));
    }

  /* A name is required */
  set_field (window, "name", " ");
  g_assert_true (gtk_widget_has_css_class (field (window, "name"), "error"));
  g_assert_false (button_sensitive (window, "save_button"));
  set_field (window, "name", "Sarah W.");
  set_field (window, "email", "sarah.whitfield@");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  shoot (window, "contact-editor-light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shoot (window, "contact-editor-dark");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (window)), "customer.cancel", NULL));
  g_assert_false (hl_customer_view_get_editing (view_of (window)));
  g_assert_false (gtk_widget_is_visible (field (window, "name")));
  after = contact_row (fixture);
  g_assert_cmpstr (after, ==, row);
  g_assert_cmpint (contact_rev (fixture), ==, rev);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (GTK_WIDGET (view_of (window)), "name_label"))),
                   ==, "Sarah Whitfield");
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

/* Another customer chosen with changes not saved: the agent is asked, Keep Editing stays. */
static void
test_editor_switch (Fixture       *fixture,
                    gconstpointer  data)
{
  HlWindow *window = fixture->window;
  HlCustomerView *view = view_of (window);
  gint64 other = hl_test_store_int64 (fixture->store, "SELECT id FROM contacts WHERE name = 'Daniel Okafor'");
  AdwMessageDialog *dialog;
  GtkListView *list;
  HlContact *selected;

  /* Without changes nothing is asked */
  edit (window);
  open_contact (window, other);
  g_assert_null (find_dialog ());
  g_assert_false (hl_customer_view_get_editing (view));
  open_contact (window, fixture->contact);

  edit (window);
  set_field (window, "phone", "+44 7700 900999");
  hl_customers_page_select_contact (page_of (window), other);
  hl_test_drain ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "keep");
  hl_test_drain ();
  g_assert_cmpint (hl_customer_view_get_contact_id (view), ==, fixture->contact);
  g_assert_true (hl_customer_view_get_editing (view));
  /* The list selects the customer being edited again */
  list = GTK_LIST_VIEW (hl_test_find_by_id (GTK_WIDGET (page_of (window)), "list_view"));
  selected = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (gtk_list_view_get_model (list)));
  g_assert_cmpint (hl_record_get_id (HL_RECORD (selected)), ==, fixture->contact);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (window, "phone"))), ==, "+44 7700 900999");

  hl_customers_page_select_contact (page_of (window), other);
  hl_test_drain ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  hl_test_wait_until (contact_loaded, view, 10000);
  g_assert_cmpint (hl_customer_view_get_contact_id (view), ==, other);
  g_assert_false (hl_customer_view_get_editing (view));
  g_assert_cmpint (hl_test_store_int64 (fixture->store, "SELECT count(*) FROM contacts WHERE phone = '+44 7700 900999'"),
                   ==, 0);
}

static gboolean
window_gone (gpointer data)
{
  GtkWidget **window = data;

  return *window == NULL || !gtk_widget_get_visible (*window);
}

/* Closing the window (or quitting) with changes not saved: the agent is asked, on the customer's
 * page. Keep Editing keeps the window and the typed text; Discard closes it. */
static void
test_editor_close_window (Fixture       *fixture,
                          gconstpointer  data)
{
  HlWindow *window = fixture->window;
  HlCustomerView *view = view_of (window);
  GtkWidget *closing = GTK_WIDGET (window);
  AdwMessageDialog *dialog;

  g_object_add_weak_pointer (G_OBJECT (closing), (gpointer *) &closing);

  /* Without changes the window closes at once: see the other tests' tear-down. Here, a change. */
  edit (window);
  set_field (window, "phone", "+44 7700 900888");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "show-page", g_variant_new_string ("inbox"));
  hl_test_drain ();

  gtk_window_close (GTK_WINDOW (window));
  hl_test_drain ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (hl_window_get_page (window), ==, "customers");
  hl_test_wait_painted (GTK_WIDGET (dialog));
  g_free (hl_test_save_screenshot (GTK_WIDGET (window), "contact-editor-close"));
  g_free (hl_test_save_screenshot (GTK_WIDGET (dialog), "contact-editor-close-dialog"));
  adw_message_dialog_response (dialog, "keep");
  hl_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (hl_customer_view_get_editing (view));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (window, "phone"))), ==, "+44 7700 900888");

  /* Ctrl+Q asks the same, and doesn't quit meanwhile. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  hl_test_drain ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  adw_message_dialog_response (dialog, "discard");
  hl_test_wait_until (window_gone, &closing, 10000);
  g_assert_cmpint (hl_test_store_int64 (fixture->store, "SELECT count(*) FROM contacts WHERE phone = '+44 7700 900888'"),
                   ==, 0);
  if (closing != NULL)
    g_object_remove_weak_pointer (G_OBJECT (closing), (gpointer *) &closing);
}

static gboolean
editing (gpointer data)
{
  HlCustomerView *view = view_of (data);

  return view != NULL && hl_customer_view_get_editing (view);
}

/* The window is rebuilt in another language: the edit goes on, typed text and errors too. */
static void
test_editor_language (Fixture       *fixture,
                      gconstpointer  data)
{
  HlWindow *window = fixture->window;

  edit (window);
  set_field (window, "name", "Sarah Whitfield-Brown");
  set_field (window, "email", "sarah.whitfield@");
  set_field (window, "attr:mobile_lines", "3");
  gtk_switch_set_active (GTK_SWITCH (hl_test_find_descendant (field (window, "attr:vip"), GTK_TYPE_SWITCH)), TRUE);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "set-language", g_variant_new_string ("ar"));
  window = hl_application_get_window (fixture->app);
  g_assert_true (window != fixture->window);
  hl_test_wait_until (editing, window, 30000);
  g_assert_cmpint (hl_customer_view_get_contact_id (view_of (window)), ==, fixture->contact);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (window, "name"))), ==, "Sarah Whitfield-Brown");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (window, "email"))), ==, "sarah.whitfield@");
  g_assert_true (gtk_widget_has_css_class (field (window, "email"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (window, "attr:mobile_lines"))), ==, "3");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (hl_test_find_descendant (field (window, "attr:vip"),
                                                                              GTK_TYPE_SWITCH))));
  g_assert_false (button_sensitive (window, "save_button"));

  shoot (window, "contact-editor-ar");

  /* Fixed, saved in Arabic */
  set_field (window, "email", "sarah.whitfield@mailbox.example");
  g_assert_true (button_sensitive (window, "save_button"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (window)), "customer.save", NULL));
  hl_test_wait_until (not_editing, view_of (window), 10000);
  g_assert_cmpint (hl_test_store_int64 (fixture->store,
                                        "SELECT count(*) FROM contacts WHERE name = 'Sarah Whitfield-Brown'"
                                        " AND json_extract (attributes, '$.mobile_lines') = 3"
                                        " AND json_extract (attributes, '$.vip') = 1"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  hl_language_init ();
  hl_test_gtk_init ();
  /* Under Xvfb with no window manager the window never becomes active, so the focused field's
   * blinking cursor would warn that it missed a focus-out. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/contact-editor/save", Fixture, NULL, fixture_set_up, test_editor_save, fixture_tear_down);
  g_test_add ("/contact-editor/invalid", Fixture, NULL, fixture_set_up, test_editor_invalid, fixture_tear_down);
  g_test_add ("/contact-editor/switch", Fixture, NULL, fixture_set_up, test_editor_switch, fixture_tear_down);
  g_test_add ("/contact-editor/close-window", Fixture, NULL, fixture_set_up, test_editor_close_window, fixture_tear_down);
  g_test_add ("/contact-editor/language", Fixture, NULL, fixture_set_up, test_editor_language, fixture_tear_down);

  return g_test_run ();
}

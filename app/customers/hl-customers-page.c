/* hl-customers-page.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCustomers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hl-contact.h"
#include "hl-contact-row.h"
#include "hl-customer-view.h"
#include "hl-customers-page.h"
#include "hl-list-selection.h"
#include "hl-query-model.h"
#include "hl-store-search.h"
#include "hl-workspace.h"
#include "hl-workspace-view.h"

/* Every customer in the workspace, by name, searchable by name, email, phone number and company;
 * the record of the selected one on the right. */

#define CONTACTS_SQL \
  "SELECT id, rev FROM contacts" \
  " WHERE ?1 IS NULL" \
  "    OR name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\'" \
  "    OR phone LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\'" \
  "    OR phone_key LIKE ?2" \
  " ORDER BY name = '', name COLLATE NOCASE, id"

struct _HlCustomersPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  HlCustomerView     *customer_view;

  /* Owned references */
  HlWorkspace        *workspace;
  HlQueryModel       *model;
  GtkSingleSelection *selection;
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlCustomersPage, hl_customers_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_WORKSPACE_VIEW, workspace_view_iface_init))

/* "%4915%" when @text looks like (part of) a phone number, so that "0151 234" finds
 * "+49 151 2345…" whatever the spacing; NULL otherwise. */
static char *
phone_digits_pattern (const char *text)
{
  g_autoptr(GString) digits = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (!strchr (" +-()./", *p))
        return NULL;
    }

  /* A leading trunk zero is not in the international form the store keeps. */
  if (digits->len > 1 && digits->str[1] == '0')
    g_string_erase (digits, 1, 1);

  if (digits->len < 1 + 3)
    return NULL;

  g_string_append_c (digits, '%');
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static void
update_empty_state (HlCustomersPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      hl_customer_view_set_show_hint (self->customer_view, TRUE);
      return;
    }

  /* Don't flash an empty state while the first list is being read. */
  if (hl_query_model_get_loading (self->model))
    return;

  if (search[0] != '\0')
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       _("No customer matches your search. Try a name, email address, phone number or company."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "hl-customers-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Customers"));
      adw_status_page_set_description (self->empty_page,
                                       _("Customers appear here when they call, chat or write."));
    }

  /* One empty state: no "choose a customer from the list" beside an empty list. */
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
  hl_customer_view_set_show_hint (self->customer_view, FALSE);
}

static void
update_query (HlCustomersPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *like = NULL;
  g_autofree char *digits = NULL;

  if (self->model == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (text[0] != '\0')
    {
      like = hl_like_pattern (text);
      digits = phone_digits_pattern (text);
    }

  g_debug ("Searching customers for “%s”", text);
  hl_query_model_set_query (self->model, CONTACTS_SQL, g_variant_new ("(msms)", like, digits));
}

static void
on_search_changed (HlCustomersPage *self)
{
  update_query (self);
}

static void
on_selection_changed (HlCustomersPage *self)
{
  HlContact *contact = gtk_single_selection_get_selected_item (self->selection);

  if (contact == NULL)
    return;

  hl_customer_view_set_contact_id (self->customer_view, hl_record_get_id (HL_RECORD (contact)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_activate (HlCustomersPage *self,
             guint            position)
{
  hl_list_selection_select (self->selection, position);
  on_selection_changed (self);
}

/* The record kept another customer (Keep Editing): the list selects that one again. */
static void
on_shown_contact_changed (HlCustomersPage *self)
{
  gint64 id = hl_customer_view_get_contact_id (self->customer_view);
  guint position = self->model && id != 0 ? hl_query_model_find (self->model, id) : G_MAXUINT;

  if (self->selection == NULL)
    return;

  if (position == G_MAXUINT)
    position = GTK_INVALID_LIST_POSITION;
  if (gtk_single_selection_get_selected (self->selection) != position)
    hl_list_selection_select (self->selection, position);
}

static void
on_folded_changed (HlCustomersPage *self)
{
  hl_customer_view_set_show_back (self->customer_view, adw_leaflet_get_folded (self->leaflet));
}

static void
on_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  HlCustomersPage *self = HL_CUSTOMERS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* F2 edits the record wherever the focus is on the page, the list included. */
static gboolean
on_edit_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  HlCustomersPage *self = HL_CUSTOMERS_PAGE (widget);

  return gtk_widget_activate_action (GTK_WIDGET (self->customer_view), "customer.edit", NULL);
}

static void
set_workspace (HlWorkspaceView *view,
               HlWorkspace     *workspace)
{
  HlCustomersPage *self = HL_CUSTOMERS_PAGE (view);

  if (!g_set_object (&self->workspace, workspace))
    return;

  hl_customer_view_set_workspace (self->customer_view, workspace);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  if (workspace == NULL)
    return;

  self->model = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_CONTACT,
                                    HL_STORE_TABLE_CONTACTS | HL_STORE_TABLE_CONVERSATIONS);
  hl_query_model_watch_changes (self->model, G_CALLBACK (update_empty_state), self);

  self->selection = hl_list_selection_new (self->model, G_CALLBACK (on_selection_changed), self);
  hl_list_selection_attach (self->selection, self->list_view);

  update_query (self);
}

static gboolean
focus_search (HlWorkspaceView *view)
{
  HlCustomersPage *self = HL_CUSTOMERS_PAGE (view);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
save_state (HlWorkspaceView *view,
            GVariantDict    *state)
{
  HlCustomersPage *self = HL_CUSTOMERS_PAGE (view);
  g_autoptr(GVariant) draft = hl_customer_view_dup_draft (self->customer_view);

  hl_workspace_view_save_search (state, GTK_EDITABLE (self->search_entry));
  g_variant_dict_insert (state, "contact", "x", hl_customers_page_get_contact_id (self));
  if (draft != NULL)
    g_variant_dict_insert_value (state, "contact-draft", draft);
}

static void
restore_state (HlWorkspaceView *view,
               GVariantDict    *state)
{
  HlCustomersPage *self = HL_CUSTOMERS_PAGE (view);
  g_autoptr(GVariant) draft = NULL;
  gint64 id = 0;

  if (hl_workspace_view_restore_search (state, GTK_EDITABLE (self->search_entry)))
    update_query (self);
  if (g_variant_dict_lookup (state, "contact", "x", &id) && id != 0)
    hl_customers_page_select_contact (self, id);
  /* An edit in progress goes on, typed text and all. */
  draft = g_variant_dict_lookup_value (state, "contact-draft", G_VARIANT_TYPE ("a{ss}"));
  if (draft != NULL && id != 0)
    hl_customer_view_edit_draft (self->customer_view, draft);
}

static void
workspace_view_iface_init (HlWorkspaceViewInterface *iface)
{
  iface->set_workspace = set_workspace;
  iface->focus_search = focus_search;
  iface->save_state = save_state;
  iface->restore_state = restore_state;
}

static void
hl_customers_page_dispose (GObject *object)
{
  HlCustomersPage *self = (HlCustomersPage *)object;

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->workspace);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_CUSTOMERS_PAGE);

  G_OBJECT_CLASS (hl_customers_page_parent_class)->dispose (object);
}

static void
hl_customers_page_class_init (HlCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_customers_page_dispose;

  g_type_ensure (HL_TYPE_CONTACT_ROW);
  g_type_ensure (HL_TYPE_CUSTOMER_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlCustomersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HlCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HlCustomersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HlCustomersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, HlCustomersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HlCustomersPage, customer_view);

  gtk_widget_class_install_action (widget_class, "customers.back", NULL, on_back);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F2, 0, on_edit_key, NULL);
}

static void
hl_customers_page_init (HlCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->customer_view, "notify::contact-id", G_CALLBACK (on_shown_contact_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed), self,
                           G_CONNECT_SWAPPED);
}

/* Selects the customer @contact_id in the list (when the search shows it) and opens the record. */
void
hl_customers_page_select_contact (HlCustomersPage *self,
                                  gint64           contact_id)
{
  guint position;

  g_return_if_fail (HL_IS_CUSTOMERS_PAGE (self));

  if (self->model && (position = hl_query_model_find (self->model, contact_id)) != G_MAXUINT)
    {
      hl_list_selection_select (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
  else if (self->selection)
    hl_list_selection_select (self->selection, GTK_INVALID_LIST_POSITION);

  hl_customer_view_set_contact_id (self->customer_view, contact_id);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

gint64
hl_customers_page_get_contact_id (HlCustomersPage *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMERS_PAGE (self), 0);

  return hl_customer_view_get_contact_id (self->customer_view);
}

GListModel *
hl_customers_page_get_model (HlCustomersPage *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMERS_PAGE (self), NULL);

  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

/* Whether the window may close now; if not, the customer being edited is shown and the agent is
 * asked about their unsaved changes (hl_customer_view_confirm_close()). */
gboolean
hl_customers_page_confirm_close (HlCustomersPage *self)
{
  g_return_val_if_fail (HL_IS_CUSTOMERS_PAGE (self), TRUE);

  if (hl_customer_view_confirm_close (self->customer_view))
    return TRUE;

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customer_view));
  return FALSE;
}

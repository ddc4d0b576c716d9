/* hl-inbox-page.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-conversation.h"
#include "hl-conversation-row.h"
#include "hl-conversation-view.h"
#include "hl-inbox-page.h"
#include "hl-list-selection.h"
#include "hl-query-model.h"
#include "hl-store-search.h"
#include "hl-workspace.h"
#include "hl-workspace-view.h"

/* The unified inbox: every active conversation, whatever its channel, newest activity first, in
 * three views (mine, unassigned, all) and searchable by message text, customer and subject. */

struct _HlInboxPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  HlConversationView *conversation_view;

  /* Owned references */
  HlWorkspace        *workspace;
  HlQueryModel       *model;
  GtkSingleSelection *selection;
  char               *view;
  gint64              pending_id;     /* to select once the list has loaded */
};

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlInboxPage, hl_inbox_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_WORKSPACE_VIEW, workspace_view_iface_init))

static GParamSpec *properties [N_PROPS];

static void
update_empty_state (HlInboxPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (!empty)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (search[0] != '\0')
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page, _("No conversation matches your search."));
    }
  else if (g_strcmp0 (self->view, "mine") == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "hl-inbox-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Assigned to You"));
      adw_status_page_set_description (self->empty_page,
                                       _("Conversations assigned to you appear here. Pick one from Unassigned to get started."));
    }
  else if (g_strcmp0 (self->view, "unassigned") == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "hl-inbox-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Unassigned Conversations"));
      adw_status_page_set_description (self->empty_page, _("Every open conversation has an agent."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "hl-inbox-symbolic");
      adw_status_page_set_title (self->empty_page, _("Inbox Zero"));
      adw_status_page_set_description (self->empty_page,
                                       _("Calls, chats and emails that need an answer appear here."));
    }

  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
update_query (HlInboxPage *self)
{
  g_autoptr(GString) sql = g_string_new ("SELECT c.id, c.rev FROM conversations c WHERE c.status != 'resolved'");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *fts = hl_fts_build_query (text);
  g_autofree char *like = hl_like_pattern (text);
  gint64 me = self->workspace ? hl_workspace_get_me_id (self->workspace) : 0;

  if (self->model == NULL)
    return;

  if (g_strcmp0 (self->view, "mine") == 0)
    g_string_append (sql, " AND c.assignee_id = ?1");
  else if (g_strcmp0 (self->view, "unassigned") == 0)
    g_string_append (sql, " AND c.assignee_id IS NULL AND ?1 = ?1");
  else
    g_string_append (sql, " AND ?1 = ?1");

  if (fts != NULL)
    g_string_append (sql,
                     " AND (c.id IN (SELECT m.conversation_id FROM messages_fts f"
                     "               JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?2)"
                     "      OR c.contact_id IN (SELECT id FROM contacts WHERE name LIKE ?3 ESCAPE '\\'"
                     "                          OR email LIKE ?3 ESCAPE '\\' OR phone LIKE ?3 ESCAPE '\\')"
                     "      OR c.subject LIKE ?3 ESCAPE '\\')");
  else
    g_string_append (sql, " AND ?2 IS NULL AND ?3 = ?3");

  g_string_append (sql, " ORDER BY c.last_activity_at DESC, c.id DESC");

  hl_query_model_set_query (self->model, sql->str,
                            g_variant_new ("(xmss)", me, fts, like));
}

static void
on_search_changed (HlInboxPage *self)
{
  update_query (self);
}

static void
on_selection_changed (HlInboxPage *self)
{
  HlConversation *conv = gtk_single_selection_get_selected_item (self->selection);

  if (conv == NULL)
    return;

  hl_conversation_view_set_conversation_id (self->conversation_view, hl_record_get_id (HL_RECORD (conv)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_activate (HlInboxPage *self,
             guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  on_selection_changed (self);
}

static void
on_folded_changed (HlInboxPage *self)
{
  hl_conversation_view_set_show_back (self->conversation_view, adw_leaflet_get_folded (self->leaflet));
}

static void
on_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
set_view (HlInboxPage *self,
          const char  *view)
{
  if (!g_str_equal (view, "mine") && !g_str_equal (view, "unassigned") && !g_str_equal (view, "all"))
    {
      g_warning ("No inbox view called “%s”", view);
      return;
    }

  if (g_strcmp0 (self->view, view) == 0)
    return;

  g_free (self->view);
  self->view = g_strdup (view);
  update_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VIEW]);
}

static void
set_workspace (HlWorkspaceView *view,
               HlWorkspace     *workspace)
{
  HlInboxPage *self = HL_INBOX_PAGE (view);

  if (!g_set_object (&self->workspace, workspace))
    return;

  hl_conversation_view_set_workspace (self->conversation_view, workspace);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  if (workspace == NULL)
    return;

  self->model = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_CONVERSATION,
                                    HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_CONTACTS |
                                    HL_STORE_TABLE_AGENTS | HL_STORE_TABLE_MESSAGES);
  hl_query_model_watch_changes (self->model, G_CALLBACK (update_empty_state), self);

  self->selection = hl_list_selection_new (self->model, G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_query (self);
}

static gboolean
focus_search (HlWorkspaceView *view)
{
  HlInboxPage *self = HL_INBOX_PAGE (view);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
save_state (HlWorkspaceView *view,
            GVariantDict    *state)
{
  HlInboxPage *self = HL_INBOX_PAGE (view);

  g_variant_dict_insert (state, "view", "s", self->view);
  hl_workspace_view_save_search (state, GTK_EDITABLE (self->search_entry));
  g_variant_dict_insert (state, "conversation", "x", hl_inbox_page_get_conversation_id (self));
}

static void
select_pending (HlInboxPage *self)
{
  if (self->pending_id != 0 && hl_query_model_find (self->model, self->pending_id) != G_MAXUINT)
    hl_inbox_page_select_conversation (self, g_steal_pointer (&self->pending_id));
}

static void
restore_state (HlWorkspaceView *view,
               GVariantDict    *state)
{
  HlInboxPage *self = HL_INBOX_PAGE (view);
  const char *text;
  gint64 id;

  if (g_variant_dict_lookup (state, "view", "&s", &text))
    set_view (self, text);
  if (hl_workspace_view_restore_search (state, GTK_EDITABLE (self->search_entry)))
    update_query (self);
  if (g_variant_dict_lookup (state, "conversation", "x", &id) && id != 0)
    {
      /* The list loads in the background: the thread opens now, its row is selected on arrival. */
      hl_inbox_page_select_conversation (self, id);
      if (self->model != NULL)
        {
          self->pending_id = id;
          g_signal_connect_object (self->model, "items-changed", G_CALLBACK (select_pending), self,
                                   G_CONNECT_SWAPPED);
          select_pending (self);
        }
    }
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
hl_inbox_page_dispose (GObject *object)
{
  HlInboxPage *self = (HlInboxPage *)object;

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_INBOX_PAGE);

  G_OBJECT_CLASS (hl_inbox_page_parent_class)->dispose (object);
}

static void
hl_inbox_page_finalize (GObject *object)
{
  HlInboxPage *self = (HlInboxPage *)object;

  g_clear_pointer (&self->view, g_free);

  G_OBJECT_CLASS (hl_inbox_page_parent_class)->finalize (object);
}

static void
hl_inbox_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HlInboxPage *self = HL_INBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_inbox_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HlInboxPage *self = HL_INBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_inbox_page_class_init (HlInboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_inbox_page_dispose;
  object_class->finalize = hl_inbox_page_finalize;
  object_class->get_property = hl_inbox_page_get_property;
  object_class->set_property = hl_inbox_page_set_property;

  /**
   * HlInboxPage:view:
   *
   * Which conversations the list shows: "mine", "unassigned" or "all" (unresolved ones each time).
   */
  properties [PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "all",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HL_TYPE_CONVERSATION_ROW);
  g_type_ensure (HL_TYPE_CONVERSATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-inbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, conversation_view);

  gtk_widget_class_install_action (widget_class, "inbox.back", NULL, on_back);
  gtk_widget_class_install_property_action (widget_class, "inbox.view", "view");
}

static void
hl_inbox_page_init (HlInboxPage *self)
{
  self->view = g_strdup ("all");

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed), self,
                           G_CONNECT_SWAPPED);
}

void
hl_inbox_page_select_conversation (HlInboxPage *self,
                                   gint64       conversation_id)
{
  guint position;

  g_return_if_fail (HL_IS_INBOX_PAGE (self));

  if (self->model && (position = hl_query_model_find (self->model, conversation_id)) != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
  else if (self->selection)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  /* A resolved conversation isn't in the list but can still be read. */
  hl_conversation_view_set_conversation_id (self->conversation_view, conversation_id);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

GListModel *
hl_inbox_page_get_model (HlInboxPage *self)
{
  g_return_val_if_fail (HL_IS_INBOX_PAGE (self), NULL);

  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

gint64
hl_inbox_page_get_conversation_id (HlInboxPage *self)
{
  g_return_val_if_fail (HL_IS_INBOX_PAGE (self), 0);

  return hl_conversation_view_get_conversation_id (self->conversation_view);
}

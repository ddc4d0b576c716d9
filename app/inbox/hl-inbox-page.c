/* hl-inbox-page.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-application.h"
#include "hl-conversation.h"
#include "hl-conversation-row.h"
#include "hl-conversation-view.h"
#include "hl-enums.h"
#include "hl-format.h"
#include "hl-inbox-page.h"
#include "hl-list-selection.h"
#include "hl-query-model.h"
#include "hl-snooze-dialog.h"
#include "hl-store-edits.h"
#include "hl-store-inbox.h"
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
  GtkToggleButton    *mine_button;
  GtkToggleButton    *unassigned_button;
  GtkToggleButton    *all_button;
  GtkMenuButton      *filter_button;
  GtkWidget          *chips_row;
  GtkFlowBox         *chips_box;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  GtkWidget          *actions_bar;
  GtkButton          *status_button;
  GtkMenuButton      *assign_button;
  GtkMenuButton      *snooze_button;
  GtkMenuButton      *priority_button;
  GtkMenuButton      *labels_button;
  HlConversationView *conversation_view;

  /* Owned references */
  HlWorkspace        *workspace;
  HlQueryModel       *model;
  GtkSingleSelection *selection;
  HlQueryModel       *current_model;   /* the one conversation the actions work on */
  HlConversation     *current;
  GSignalGroup       *current_signals;
  GSimpleActionGroup *filter_actions;  /* boolean "channel-phone", "inbox-2", … */
  GSimpleActionGroup *label_actions;   /* boolean "label-N": the current conversation's labels */
  HlInboxFilter      *filter;
  HlInboxChoices     *choices;
  GCancellable       *count_cancellable;
  GCancellable       *cancellable;
  char               *view;
  gint64              selected_id;
  guint               counts[HL_N_INBOX_VIEWS];
  gint64              last_message_id; /* the newest message looked at for news; -1: none yet */
  guint               unread;
  guint               count_source;
  gboolean            reselecting;
  gboolean            scroll_to_top;  /* a new view, filter or sort starts at its top */    /* the list changes under the selection: not the agent's choice */
  gint64              pending_id;     /* to select once the list has loaded */
};

enum {
  PROP_0,
  PROP_VIEW,
  PROP_SORT,
  PROP_UNREAD,
  N_PROPS
};

enum {
  COMPOSE,
  NEW_MESSAGE,
  N_SIGNALS
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlInboxPage, hl_inbox_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_WORKSPACE_VIEW, workspace_view_iface_init))

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static const char * const view_names[] = { "mine", "unassigned", "all" };
static const char * const sort_names[] = { "activity", "waiting", "priority" };

static HlInboxView
view_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_strcmp0 (name, view_names[i]) == 0)
      return i;

  return HL_INBOX_VIEW_ALL;
}

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

  if (search[0] != '\0' || !hl_inbox_filter_is_empty (self->filter))
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       _("No conversation matches your search and filters."));
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

/* Counts per view */

static void
update_view_labels (HlInboxPage *self)
{
  GtkToggleButton *buttons[] = { self->mine_button, self->unassigned_button, self->all_button };
  const char *titles[] = { _("_Mine"), _("_Unassigned"), _("_All") };

  for (guint i = 0; i < HL_N_INBOX_VIEWS; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s %u", titles[i], self->counts[i]);

      gtk_button_set_label (GTK_BUTTON (buttons[i]), label);
    }
}

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HlInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint counts[HL_N_INBOX_VIEWS];

  if (!hl_store_count_inbox_finish (HL_STORE (object), result, counts, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the conversations: %s", error->message);
      return;
    }

  memcpy (self->counts, counts, sizeof counts);
  update_view_labels (self);
}

static void
on_news (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HlInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlInboxNews) news = hl_store_read_inbox_news_finish (HL_STORE (object), result, &error);

  if (news == NULL)
    {
      if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not look for new messages: %s", error->message);
      return;
    }

  self->last_message_id = news->last_message_id;
  for (guint i = 0; i < news->messages->len; i++)
    {
      HlInboxNewMessage *message = g_ptr_array_index (news->messages, i);

      g_signal_emit (self, signals [NEW_MESSAGE], 0, message->conversation_id,
                     message->customer[0] ? message->customer : _("Unknown Customer"), message->body);
    }

  if (self->unread != news->unread)
    {
      self->unread = news->unread;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UNREAD]);
    }
}

static gboolean
count_now (gpointer user_data)
{
  HlInboxPage *self = user_data;

  self->count_source = 0;
  if (self->workspace == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();

  hl_store_count_inbox_async (hl_workspace_get_store (self->workspace), self->filter,
                              hl_workspace_get_me_id (self->workspace), self->count_cancellable,
                              on_counted, g_object_ref (self));
  hl_store_read_inbox_news_async (hl_workspace_get_store (self->workspace), self->last_message_id,
                                  hl_workspace_get_me_id (self->workspace), self->count_cancellable,
                                  on_news, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
queue_count (HlInboxPage *self)
{
  if (self->count_source == 0)
    self->count_source = g_idle_add (count_now, self);
}

static void
on_store_changed (HlInboxPage *self,
                  guint        tables)
{
  if (tables & (HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_MESSAGES))
    queue_count (self);
}

/* @recount: the filters or the search changed (a view switch changes no count). */
static void
run_query (HlInboxPage *self,
           gboolean     recount)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gint64 me = self->workspace ? hl_workspace_get_me_id (self->workspace) : 0;
  g_autofree char *sql = NULL;
  GVariant *params = NULL;

  if (self->model == NULL)
    return;

  g_free (self->filter->search);
  self->filter->search = text[0] ? g_strdup (text) : NULL;

  sql = hl_inbox_filter_build_query (self->filter, view_from_name (self->view), me, &params);
  self->scroll_to_top = TRUE;
  hl_query_model_set_query (self->model, sql, params);
  if (recount)
    queue_count (self);
}

static void
update_query (HlInboxPage *self)
{
  run_query (self, TRUE);
}

/* Filters */

typedef enum
{
  FILTER_CHANNEL,
  FILTER_STATUS,
  FILTER_PRIORITY,
  FILTER_INBOX,
  FILTER_LABEL,
} FilterKind;

static const char * const filter_prefixes[] = { "channel", "status", "priority", "inbox", "label" };

static const char *
filter_value_label (FilterKind  kind,
                    int         value)
{
  switch (kind)
    {
    case FILTER_CHANNEL:  return hl_channel_label (value);
    case FILTER_STATUS:   return hl_status_label (value);
    case FILTER_PRIORITY: return hl_priority_label (value);
    case FILTER_INBOX:
    case FILTER_LABEL:
    default:
      return NULL;
    }
}

/* The enum filters have a fixed number of values; inboxes and labels come from the store. */
static guint
filter_n_values (HlInboxPage *self,
                 FilterKind   kind)
{
  switch (kind)
    {
    case FILTER_CHANNEL:  return HL_CHANNEL_EMAIL + 1;
    case FILTER_STATUS:   return HL_CONVERSATION_STATUS_RESOLVED + 1;
    case FILTER_PRIORITY: return HL_PRIORITY_URGENT + 1;
    case FILTER_INBOX:    return self->choices ? g_strv_length (self->choices->inboxes) : 0;
    case FILTER_LABEL:    return self->choices ? g_strv_length (self->choices->labels) : 0;
    default:              g_assert_not_reached ();
    }
}

static const char *
filter_label (HlInboxPage *self,
              FilterKind   kind,
              guint        i)
{
  if (kind == FILTER_INBOX)
    return self->choices->inboxes[i];
  if (kind == FILTER_LABEL)
    return self->choices->labels[i];
  return filter_value_label (kind, i);
}

static gboolean
filter_get (HlInboxPage *self,
            FilterKind   kind,
            guint        i)
{
  g_autofree char *name = g_strdup_printf ("%s-%u", filter_prefixes[kind], i);
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->filter_actions), name);

  return state && g_variant_get_boolean (state);
}

static void
filter_set (HlInboxPage *self,
            FilterKind   kind,
            guint        i)
{
  g_autofree char *name = g_strdup_printf ("%s-%u", filter_prefixes[kind], i);

  g_action_group_change_action_state (G_ACTION_GROUP (self->filter_actions), name, g_variant_new_boolean (TRUE));
}

static void remove_chip (GtkButton *button, HlInboxPage *self);

static void
add_chip (HlInboxPage *self,
          FilterKind   kind,
          guint        i)
{
  g_autofree char *name = g_strdup_printf ("%s-%u", filter_prefixes[kind], i);
  g_autofree char *tooltip = g_strdup_printf (_("Remove the filter “%s”"), filter_label (self, kind, i));
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_box_append (GTK_BOX (box), gtk_label_new (filter_label (self, kind, i)));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "filter-chip");
  g_object_set_data_full (G_OBJECT (button), "filter-action", g_steal_pointer (&name), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_chip), self, 0);
  gtk_flow_box_append (self->chips_box, button);
}

/* Reads the check items into the filter, shows the chips and runs the query again. */
static void
apply_filters (HlInboxPage *self)
{
  g_autoptr(GStrvBuilder) inboxes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))))
    gtk_flow_box_remove (self->chips_box, child);

  self->filter->channels = self->filter->statuses = self->filter->priorities = 0;

  for (FilterKind kind = FILTER_CHANNEL; kind <= FILTER_LABEL; kind++)
    for (guint i = 0; i < filter_n_values (self, kind); i++)
      {
        if (!filter_get (self, kind, i))
          continue;

        add_chip (self, kind, i);
        switch (kind)
          {
          case FILTER_CHANNEL:  self->filter->channels |= 1u << i; break;
          case FILTER_STATUS:   self->filter->statuses |= 1u << i; break;
          case FILTER_PRIORITY: self->filter->priorities |= 1u << i; break;
          case FILTER_INBOX:    g_strv_builder_add (inboxes, self->choices->inboxes[i]); break;
          case FILTER_LABEL:    g_strv_builder_add (labels, self->choices->labels[i]); break;
          default:              g_assert_not_reached ();
          }
      }

  g_strfreev (self->filter->inboxes);
  self->filter->inboxes = g_strv_builder_end (inboxes);
  g_strfreev (self->filter->labels);
  self->filter->labels = g_strv_builder_end (labels);

  gtk_widget_set_visible (self->chips_row, !hl_inbox_filter_is_empty (self->filter));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inbox.clear-filters",
                                 !hl_inbox_filter_is_empty (self->filter));
  update_query (self);
}

static void
on_filter_toggled (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  g_simple_action_set_state (action, state);
  apply_filters (user_data);
}

static void
remove_chip (GtkButton   *button,
             HlInboxPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "filter-action");

  g_action_group_change_action_state (G_ACTION_GROUP (self->filter_actions), name,
                                      g_variant_new_boolean (FALSE));
}

static GMenu *
filter_section (HlInboxPage *self,
                FilterKind   kind)
{
  GMenu *section = g_menu_new ();

  for (guint i = 0; i < filter_n_values (self, kind); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", filter_prefixes[kind], i);
      g_autofree char *detailed = g_strdup_printf ("filter.%s", name);
      gboolean was_on = filter_get (self, kind, i);
      g_autoptr(GSimpleAction) action = NULL;

      /* Rebuilt with the choices: a filter the agent set stays set if its value is still there. */
      g_action_map_remove_action (G_ACTION_MAP (self->filter_actions), name);
      action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (was_on));
      g_signal_connect_object (action, "change-state", G_CALLBACK (on_filter_toggled), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->filter_actions), G_ACTION (action));

      g_menu_append (section, filter_label (self, kind, i), detailed);
    }

  return section;
}

/* Sort first, then one submenu per kind of filter: the inbox and label lists can be long, and the
 * chips show what is set. */
static void
rebuild_filter_menu (HlInboxPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) sort = g_menu_new ();
  g_autoptr(GMenu) filters = g_menu_new ();
  const char *titles[] = { _("_Channel"), _("_Status"), _("_Priority"), _("_Inbox"), _("_Label") };

  g_menu_append (sort, _("Last _Activity"), "inbox.sort::activity");
  g_menu_append (sort, _("_Waiting Time"), "inbox.sort::waiting");
  g_menu_append (sort, C_("sort", "P_riority"), "inbox.sort::priority");
  g_menu_append_section (menu, _("Sort By"), G_MENU_MODEL (sort));

  for (FilterKind kind = FILTER_CHANNEL; kind <= FILTER_LABEL; kind++)
    {
      g_autoptr(GMenu) section = filter_section (self, kind);

      if (g_menu_model_get_n_items (G_MENU_MODEL (section)) > 0)
        g_menu_append_submenu (filters, titles[kind], G_MENU_MODEL (section));
    }
  g_menu_append_section (menu, _("Filter By"), G_MENU_MODEL (filters));

  gtk_menu_button_set_menu_model (self->filter_button, G_MENU_MODEL (menu));
}

static void
on_clear_filters (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  g_auto(GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (self->filter_actions));

  for (guint i = 0; names[i]; i++)
    g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->filter_actions),
                                                                            names[i])),
                               g_variant_new_boolean (FALSE));
  apply_filters (self);
}

/* The conversation the actions work on */

static gboolean
current_has_label (HlInboxPage *self,
                   const char  *label)
{
  const char * const *labels = self->current ? hl_conversation_get_labels (self->current) : NULL;

  return labels && g_strv_contains (labels, label);
}

static void
update_actions (HlInboxPage *self)
{
  HlConversation *conv = self->current;
  gboolean loaded = conv != NULL && hl_record_get_loaded (HL_RECORD (conv));
  HlConversationStatus status = loaded ? hl_conversation_get_status (conv) : HL_CONVERSATION_STATUS_OPEN;
  gint64 me = self->workspace ? hl_workspace_get_me_id (self->workspace) : 0;
  const char *phone = loaded ? hl_conversation_get_contact_phone (conv) : NULL;
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean resolved;

  gtk_widget_set_visible (self->actions_bar, loaded);

  /* The conversation's main action: Resolve, or Reopen once it is resolved. */
  resolved = status == HL_CONVERSATION_STATUS_RESOLVED;
  gtk_button_set_label (self->status_button, resolved ? _("Re_open") : _("_Resolve"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_button), resolved ? "inbox.reopen" : "inbox.resolve");

  gtk_widget_action_set_enabled (widget, "inbox.resolve", loaded && status != HL_CONVERSATION_STATUS_RESOLVED);
  gtk_widget_action_set_enabled (widget, "inbox.reopen", loaded && status != HL_CONVERSATION_STATUS_OPEN);
  gtk_widget_action_set_enabled (widget, "inbox.pending", loaded && status != HL_CONVERSATION_STATUS_PENDING);
  gtk_widget_action_set_enabled (widget, "inbox.snooze", loaded);
  gtk_widget_action_set_enabled (widget, "inbox.snooze-choose", loaded);
  gtk_widget_action_set_enabled (widget, "inbox.mark-unread", loaded && hl_conversation_get_unread (conv) == 0);
  gtk_widget_action_set_enabled (widget, "inbox.assign-me",
                                 loaded && me != 0 && hl_conversation_get_assignee_id (conv) != me);
  gtk_widget_action_set_enabled (widget, "inbox.assign-agent", loaded);
  gtk_widget_action_set_enabled (widget, "inbox.assign-team", loaded);
  gtk_widget_action_set_enabled (widget, "inbox.priority", loaded);
  gtk_widget_action_set_enabled (widget, "inbox.call-customer", loaded && phone != NULL && phone[0] != '\0');
  gtk_widget_action_set_enabled (widget, "inbox.open-customer", loaded && hl_conversation_get_contact_id (conv) != 0);
  gtk_widget_action_set_enabled (widget, "inbox.reply", loaded);
  gtk_widget_action_set_enabled (widget, "inbox.note", loaded);

  if (loaded && self->choices)
    for (guint i = 0; self->choices->labels[i]; i++)
      {
        g_autofree char *name = g_strdup_printf ("label-%u", i);
        GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->label_actions), name);

        if (action)
          g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                     g_variant_new_boolean (current_has_label (self, self->choices->labels[i])));
      }
}

static void
on_current_changed (HlInboxPage *self)
{
  g_autoptr(HlConversation) conv = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->current_model)) > 0)
    conv = g_list_model_get_item (G_LIST_MODEL (self->current_model), 0);

  g_set_object (&self->current, conv);
  g_signal_group_set_target (self->current_signals, conv);
  update_actions (self);
}

static void
show_conversation (HlInboxPage *self,
                   gint64       conversation_id)
{
  if (self->current_model)
    hl_query_model_set_query (self->current_model, "SELECT id, rev FROM conversations WHERE id = ?1",
                              g_variant_new ("(x)", conversation_id));
  hl_conversation_view_set_conversation_id (self->conversation_view, conversation_id);

  /* A team server's workspace holds only the last message of a conversation never opened: the
   * application fetches the thread (nothing happens on a local workspace). */
  if (conversation_id > 0 && GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));

      if (HL_IS_APPLICATION (app))
        hl_application_conversation_opened (HL_APPLICATION (app), conversation_id);
    }
}

static gint64
current_id (HlInboxPage *self)
{
  return hl_conversation_view_get_conversation_id (self->conversation_view);
}

static void
on_edit_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_store_edit_finish (HL_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not change the conversation: %s", error->message);
}

static HlStore *
edit_store (HlInboxPage *self)
{
  if (self->workspace == NULL || current_id (self) == 0)
    return NULL;

  return hl_workspace_get_store (self->workspace);
}

static void
set_status (HlInboxPage          *self,
            HlConversationStatus  status,
            gint64                snoozed_until)
{
  HlStore *store = edit_store (self);

  if (store)
    hl_store_set_conversation_status_async (store, current_id (self), status, snoozed_until,
                                            self->cancellable, on_edit_done, NULL);
}

static void
on_status_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);

  if (g_str_equal (action_name, "inbox.resolve"))
    set_status (self, HL_CONVERSATION_STATUS_RESOLVED, 0);
  else if (g_str_equal (action_name, "inbox.pending"))
    set_status (self, HL_CONVERSATION_STATUS_PENDING, 0);
  else
    set_status (self, HL_CONVERSATION_STATUS_OPEN, 0);
}

/* When a snooze preset ends: "later-today" is three hours on, rounded up to the hour;
 * "tomorrow" is 9:00 tomorrow; "next-week" is 9:00 next Monday, local time. -1 for an unknown name. */
gint64
hl_inbox_snooze_until (const char *preset,
                       GDateTime  *now)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) start = NULL;

  g_return_val_if_fail (preset != NULL, -1);
  g_return_val_if_fail (now != NULL, -1);

  if (g_str_equal (preset, "later-today"))
    {
      g_autoptr(GDateTime) later = g_date_time_add_hours (now, 3);
      g_autoptr(GDateTime) hour = g_date_time_new (g_date_time_get_timezone (later),
                                                   g_date_time_get_year (later),
                                                   g_date_time_get_month (later),
                                                   g_date_time_get_day_of_month (later),
                                                   g_date_time_get_hour (later), 0, 0);
      g_autoptr(GDateTime) rounded = g_date_time_compare (hour, later) < 0 ? g_date_time_add_hours (hour, 1)
                                                                           : g_date_time_ref (hour);

      return g_date_time_to_unix (rounded);
    }

  if (g_str_equal (preset, "tomorrow"))
    day = g_date_time_add_days (now, 1);
  else if (g_str_equal (preset, "next-week"))
    day = g_date_time_add_days (now, 8 - g_date_time_get_day_of_week (now));
  else
    return -1;

  start = g_date_time_new (g_date_time_get_timezone (day), g_date_time_get_year (day),
                           g_date_time_get_month (day), g_date_time_get_day_of_month (day), 9, 0, 0);
  return g_date_time_to_unix (start);
}

static void
on_snooze (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 until = hl_inbox_snooze_until (g_variant_get_string (param, NULL), now);

  if (until < 0)
    {
      g_warning ("No snooze preset called “%s”", g_variant_get_string (param, NULL));
      return;
    }

  set_status (self, HL_CONVERSATION_STATUS_SNOOZED, until);
}

static void
on_snooze_response (HlInboxPage    *self,
                    const char     *response,
                    HlSnoozeDialog *dialog)
{
  if (g_str_equal (response, "snooze"))
    set_status (self, HL_CONVERSATION_STATUS_SNOOZED, hl_snooze_dialog_get_until (dialog));
}

static void
on_snooze_choose (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  HlSnoozeDialog *dialog = hl_snooze_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_snooze_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_open_snooze_menu (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);

  if (gtk_widget_get_visible (self->actions_bar))
    gtk_menu_button_popup (self->snooze_button);
}

static void
on_mark_unread (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  HlStore *store = edit_store (self);

  if (store)
    hl_store_mark_conversation_read_async (store, current_id (self), FALSE, self->cancellable, on_edit_done, NULL);
}

static void
on_assign (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  HlStore *store = edit_store (self);
  gint64 agent_id;

  if (store == NULL)
    return;

  agent_id = param ? g_variant_get_int64 (param) : hl_workspace_get_me_id (self->workspace);
  hl_store_assign_conversation_async (store, current_id (self), agent_id, self->cancellable, on_edit_done, NULL);
}

static void
on_assign_team (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  HlStore *store = edit_store (self);
  const char *team = g_variant_get_string (param, NULL);
  gint64 team_id = 0;

  if (store == NULL || self->choices == NULL)
    return;

  for (guint i = 0; self->choices->team_names[i]; i++)
    if (g_str_equal (self->choices->team_names[i], team))
      team_id = g_array_index (self->choices->team_ids, gint64, i);

  hl_store_assign_team_async (store, current_id (self), team_id, team, self->cancellable, on_edit_done, NULL);
}

static void
on_priority (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  HlStore *store = edit_store (self);
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_PRIORITY);
  GEnumValue *priority = g_enum_get_value_by_nick (klass, g_variant_get_string (param, NULL));

  if (store == NULL || priority == NULL)
    return;

  hl_store_set_conversation_priority_async (store, current_id (self), priority->value, self->cancellable,
                                            on_edit_done, NULL);
}

static void
on_label_toggled (GSimpleAction *action,
                  GVariant      *state,
                  gpointer       user_data)
{
  HlInboxPage *self = user_data;
  HlStore *store = edit_store (self);
  const char *name = g_action_get_name (G_ACTION (action));
  guint index = (guint) g_ascii_strtoull (name + strlen ("label-"), NULL, 10);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  const char *label;

  if (store == NULL || self->current == NULL || self->choices == NULL ||
      index >= g_strv_length (self->choices->labels))
    return;

  label = self->choices->labels[index];
  g_simple_action_set_state (action, state);

  for (const char * const *l = hl_conversation_get_labels (self->current); l && *l; l++)
    if (!g_str_equal (*l, label))
      g_strv_builder_add (builder, *l);
  if (g_variant_get_boolean (state))
    g_strv_builder_add (builder, label);
  labels = g_strv_builder_end (builder);

  hl_store_set_conversation_labels_async (store, current_id (self), (const char * const *) labels,
                                          self->cancellable, on_edit_done, NULL);
}

static void
on_call_customer (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  const char *phone = self->current ? hl_conversation_get_contact_phone (self->current) : NULL;

  if (phone && phone[0])
    gtk_widget_activate_action (widget, "app.call", "s", phone);
}

static void
on_open_customer (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  gint64 contact_id = self->current ? hl_conversation_get_contact_id (self->current) : 0;

  if (contact_id != 0)
    gtk_widget_activate_action (widget, "win.show-customer", "x", contact_id);
}

static void
on_compose (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  gboolean note = g_str_equal (action_name, "inbox.note");

  if (hl_conversation_view_get_conversation_id (self->conversation_view) > 0)
    hl_conversation_view_focus_composer (self->conversation_view, note);
  g_signal_emit (widget, signals [COMPOSE], 0, note);
}

static void
rebuild_action_menus (HlInboxPage *self)
{
  g_autoptr(GMenu) assign = g_menu_new ();
  g_autoptr(GMenu) me = g_menu_new ();
  g_autoptr(GMenu) agents = g_menu_new ();
  g_autoptr(GMenu) teams = g_menu_new ();
  g_autoptr(GMenu) snooze = g_menu_new ();
  g_autoptr(GMenu) status = g_menu_new ();
  g_autoptr(GMenu) until = g_menu_new ();
  g_autoptr(GMenu) priority = g_menu_new ();
  g_autoptr(GMenu) labels = g_menu_new ();
  gint64 me_id = self->workspace ? hl_workspace_get_me_id (self->workspace) : 0;

  g_menu_append (me, _("Assign to _Me"), "inbox.assign-me");
  g_menu_append_section (assign, NULL, G_MENU_MODEL (me));
  if (self->choices)
    {
      for (guint i = 0; self->choices->agent_names[i]; i++)
        {
          gint64 id = g_array_index (self->choices->agent_ids, gint64, i);
          g_autoptr(GMenuItem) item = NULL;

          if (id == me_id)
            continue;
          item = g_menu_item_new (self->choices->agent_names[i], NULL);
          g_menu_item_set_action_and_target_value (item, "inbox.assign-agent", g_variant_new_int64 (id));
          g_menu_append_item (agents, item);
        }
      for (guint i = 0; self->choices->team_names[i]; i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (self->choices->team_names[i], NULL);

          g_menu_item_set_action_and_target_value (item, "inbox.assign-team",
                                                   g_variant_new_string (self->choices->team_names[i]));
          g_menu_append_item (teams, item);
        }
    }
  g_menu_append_section (assign, _("Agents"), G_MENU_MODEL (agents));
  if (g_menu_model_get_n_items (G_MENU_MODEL (teams)) > 0)
    g_menu_append_section (assign, _("Teams"), G_MENU_MODEL (teams));
  gtk_menu_button_set_menu_model (self->assign_button, G_MENU_MODEL (assign));

  g_menu_append (status, _("Mark as _Pending"), "inbox.pending");
  g_menu_append (status, _("Re_open"), "inbox.reopen");
  g_menu_append (status, _("Mark as _Unread"), "inbox.mark-unread");
  g_menu_append_section (snooze, NULL, G_MENU_MODEL (status));
  g_menu_append (until, _("Later _Today"), "inbox.snooze::later-today");
  g_menu_append (until, _("Tomorrow _Morning"), "inbox.snooze::tomorrow");
  g_menu_append (until, _("Next _Week"), "inbox.snooze::next-week");
  g_menu_append (until, _("_Choose a Date and Time…"), "inbox.snooze-choose");
  g_menu_append_section (snooze, _("Snooze Until"), G_MENU_MODEL (until));
  gtk_menu_button_set_menu_model (self->snooze_button, G_MENU_MODEL (snooze));

  for (int p = HL_PRIORITY_URGENT; p >= HL_PRIORITY_NONE; p--)
    {
      g_autofree char *detailed = g_strdup_printf ("inbox.priority::%s", hl_enum_to_nick (HL_TYPE_PRIORITY, p));

      g_menu_append (priority, hl_priority_label (p), detailed);
    }
  gtk_menu_button_set_menu_model (self->priority_button, G_MENU_MODEL (priority));

  if (self->choices)
    for (guint i = 0; self->choices->labels[i]; i++)
      {
        g_autofree char *name = g_strdup_printf ("label-%u", i);
        g_autofree char *detailed = g_strdup_printf ("labels.%s", name);
        g_autoptr(GSimpleAction) action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (FALSE));

        g_signal_connect_object (action, "change-state", G_CALLBACK (on_label_toggled), self, 0);
        g_action_map_add_action (G_ACTION_MAP (self->label_actions), G_ACTION (action));
        g_menu_append (labels, self->choices->labels[i], detailed);
      }
  gtk_menu_button_set_menu_model (self->labels_button, G_MENU_MODEL (labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->labels_button), g_menu_model_get_n_items (G_MENU_MODEL (labels)) > 0);
}

static void
on_choices (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HlInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  HlInboxChoices *choices = hl_store_list_inbox_choices_finish (HL_STORE (object), result, &error);

  if (choices == NULL)
    {
      if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the inboxes, labels and agents: %s", error->message);
      return;
    }

  /* The filter menu keeps the agent's inbox and label filters by name across the reload. */
  {
    g_auto(GStrv) inboxes = g_strdupv (self->filter->inboxes);
    g_auto(GStrv) labels = g_strdupv (self->filter->labels);
    g_auto(GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (self->filter_actions));

    for (guint i = 0; names[i]; i++)
      if (g_str_has_prefix (names[i], "inbox-") || g_str_has_prefix (names[i], "label-"))
        g_action_map_remove_action (G_ACTION_MAP (self->filter_actions), names[i]);

    hl_inbox_choices_free (self->choices);
    self->choices = choices;
    rebuild_filter_menu (self);

    for (guint i = 0; choices->inboxes[i]; i++)
      if (inboxes && g_strv_contains ((const char * const *) inboxes, choices->inboxes[i]))
        filter_set (self, FILTER_INBOX, i);
    for (guint i = 0; choices->labels[i]; i++)
      if (labels && g_strv_contains ((const char * const *) labels, choices->labels[i]))
        filter_set (self, FILTER_LABEL, i);
  }

  {
    g_auto(GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (self->label_actions));

    for (guint i = 0; names[i]; i++)
      g_action_map_remove_action (G_ACTION_MAP (self->label_actions), names[i]);
  }
  rebuild_action_menus (self);
  update_actions (self);
}

static void
load_choices (HlInboxPage *self)
{
  if (self->workspace)
    hl_store_list_inbox_choices_async (hl_workspace_get_store (self->workspace), self->cancellable,
                                       on_choices, g_object_ref (self));
}

/* The list */

static void
on_search_changed (HlInboxPage *self)
{
  update_query (self);
}

static void
on_selection_changed (HlInboxPage *self)
{
  HlConversation *conv = gtk_single_selection_get_selected_item (self->selection);
  gint64 id;

  if (self->reselecting)
    return;

  /* The agent cleared the selection: a later change must not bring it back. */
  if (conv == NULL)
    {
      self->selected_id = 0;
      return;
    }

  id = hl_record_get_id (HL_RECORD (conv));
  self->selected_id = id;
  if (id != current_id (self))
    show_conversation (self, id);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* A change in the list may move the selected conversation (new activity, a new sort key):
 * GtkSingleSelection then keeps the position or drops the selection, and the selection must follow
 * the conversation instead. The model's ::items-changed reaches this page before the selection
 * (on_items_changing) and after it (on_items_changed); what the selection does in between is
 * ignored. */
static void
on_items_changing (HlInboxPage *self)
{
  self->reselecting = TRUE;
}

static void
on_items_changed (HlInboxPage *self)
{
  guint position;

  update_empty_state (self);

  if (self->scroll_to_top && !hl_query_model_get_loading (self->model))
    {
      self->scroll_to_top = FALSE;
      if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
        gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
    }

  if (self->selected_id != 0 && self->selection != NULL)
    {
      position = hl_query_model_find (self->model, self->selected_id);
      if (position != gtk_single_selection_get_selected (self->selection))
        {
          self->reselecting = TRUE;
          hl_list_selection_select (self->selection,
                                    position == G_MAXUINT ? GTK_INVALID_LIST_POSITION : position);
        }
    }

  self->reselecting = FALSE;
}

static void
on_activate (HlInboxPage *self,
             guint        position)
{
  hl_list_selection_select (self->selection, position);
  on_selection_changed (self);
}

static void
on_move (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  HlInboxPage *self = HL_INBOX_PAGE (widget);
  guint n, position, target;

  if (self->model == NULL || (n = g_list_model_get_n_items (G_LIST_MODEL (self->model))) == 0)
    return;

  position = self->selected_id ? hl_query_model_find (self->model, self->selected_id) : G_MAXUINT;
  if (g_str_equal (action_name, "inbox.next"))
    target = position == G_MAXUINT ? 0 : MIN (position + 1, n - 1);
  else
    target = position == G_MAXUINT || position == 0 ? 0 : position - 1;

  hl_list_selection_select (self->selection, target);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", target);
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
  run_query (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VIEW]);
}

static void
set_sort (HlInboxPage *self,
          const char  *sort)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    if (g_strcmp0 (sort, sort_names[i]) == 0)
      {
        if (self->filter->sort == (HlInboxSort) i)
          return;

        self->filter->sort = i;
        run_query (self, FALSE);
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SORT]);
        return;
      }

  g_warning ("No inbox sort called “%s”", sort);
}

static void
set_workspace (HlWorkspaceView *view,
               HlWorkspace     *workspace)
{
  HlInboxPage *self = HL_INBOX_PAGE (view);

  if (self->workspace == workspace)
    return;

  if (self->workspace)
    g_signal_handlers_disconnect_by_func (hl_workspace_get_store (self->workspace), on_store_changed, self);
  g_set_object (&self->workspace, workspace);

  hl_conversation_view_set_workspace (self->conversation_view, workspace);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->current);
  g_signal_group_set_target (self->current_signals, NULL);
  g_clear_object (&self->current_model);
  g_clear_pointer (&self->choices, hl_inbox_choices_free);
  self->selected_id = 0;
  self->last_message_id = -1;
  update_actions (self);

  if (workspace == NULL)
    return;

  self->model = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_CONVERSATION,
                                    HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_CONTACTS |
                                    HL_STORE_TABLE_AGENTS | HL_STORE_TABLE_MESSAGES);

  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changing), self, G_CONNECT_SWAPPED);
  self->selection = hl_list_selection_new (self->model, G_CALLBACK (on_selection_changed), self);
  hl_query_model_watch_changes (self->model, G_CALLBACK (on_items_changed), self);
  hl_list_selection_attach (self->selection, self->list_view);

  self->current_model = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_CONVERSATION,
                                            HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_CONTACTS |
                                            HL_STORE_TABLE_AGENTS);
  g_signal_connect_object (self->current_model, "items-changed",
                           G_CALLBACK (on_current_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (hl_workspace_get_store (workspace), "changed",
                           G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  rebuild_filter_menu (self);
  rebuild_action_menus (self);
  load_choices (self);
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

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->current_signals);
  g_clear_object (&self->current);
  g_clear_object (&self->current_model);
  g_clear_object (&self->filter_actions);
  g_clear_object (&self->label_actions);
  g_clear_object (&self->workspace);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_INBOX_PAGE);

  G_OBJECT_CLASS (hl_inbox_page_parent_class)->dispose (object);
}

static void
hl_inbox_page_finalize (GObject *object)
{
  HlInboxPage *self = (HlInboxPage *)object;

  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->filter, hl_inbox_filter_free);
  g_clear_pointer (&self->choices, hl_inbox_choices_free);
  g_clear_object (&self->count_cancellable);
  g_clear_object (&self->cancellable);

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
    case PROP_SORT:
      g_value_set_string (value, sort_names[self->filter->sort]);
      break;
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
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
    case PROP_SORT:
      set_sort (self, g_value_get_string (value));
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
   * Which conversations the list shows: "mine", "unassigned" or "all".
   */
  properties [PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "all",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HlInboxPage:sort:
   *
   * The list's order: "activity" (newest first), "waiting" (longest waiting first) or "priority".
   */
  properties [PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL,
                         "activity",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HlInboxPage:unread:
   *
   * How many unresolved conversations, assigned to the agent or to nobody, have unread messages:
   * the badge of the Inbox page.
   */
  properties [PROP_UNREAD] =
    g_param_spec_uint ("unread", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HlInboxPage::new-message:
   * @conversation_id: the conversation it arrived in
   * @customer: who wrote it
   * @body: what they wrote
   *
   * An incoming message arrived for the agent: in an unresolved conversation assigned to them or
   * to nobody. A new conversation arrives with its first message.
   */
  signals [NEW_MESSAGE] =
    g_signal_new ("new-message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * HlInboxPage::compose:
   * @note: %TRUE for a private note, %FALSE for a reply
   *
   * The agent asked to write in the shown conversation (inbox.reply, inbox.note): the composer
   * takes the focus in that mode.
   */
  signals [COMPOSE] =
    g_signal_new ("compose",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (HL_TYPE_CONVERSATION_ROW);
  g_type_ensure (HL_TYPE_CONVERSATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-inbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, mine_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, unassigned_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, chips_row);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, chips_box);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, actions_bar);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, status_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, assign_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, snooze_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, priority_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, labels_button);
  gtk_widget_class_bind_template_child (widget_class, HlInboxPage, conversation_view);

  gtk_widget_class_install_action (widget_class, "inbox.back", NULL, on_back);
  gtk_widget_class_install_property_action (widget_class, "inbox.view", "view");
  gtk_widget_class_install_property_action (widget_class, "inbox.sort", "sort");
  gtk_widget_class_install_action (widget_class, "inbox.clear-filters", NULL, on_clear_filters);
  gtk_widget_class_install_action (widget_class, "inbox.next", NULL, on_move);
  gtk_widget_class_install_action (widget_class, "inbox.previous", NULL, on_move);
  gtk_widget_class_install_action (widget_class, "inbox.resolve", NULL, on_status_action);
  gtk_widget_class_install_action (widget_class, "inbox.reopen", NULL, on_status_action);
  gtk_widget_class_install_action (widget_class, "inbox.pending", NULL, on_status_action);
  gtk_widget_class_install_action (widget_class, "inbox.snooze", "s", on_snooze);
  gtk_widget_class_install_action (widget_class, "inbox.snooze-menu", NULL, on_open_snooze_menu);
  gtk_widget_class_install_action (widget_class, "inbox.snooze-choose", NULL, on_snooze_choose);
  gtk_widget_class_install_action (widget_class, "inbox.mark-unread", NULL, on_mark_unread);
  gtk_widget_class_install_action (widget_class, "inbox.assign-me", NULL, on_assign);
  gtk_widget_class_install_action (widget_class, "inbox.assign-agent", "x", on_assign);
  gtk_widget_class_install_action (widget_class, "inbox.assign-team", "s", on_assign_team);
  gtk_widget_class_install_action (widget_class, "inbox.priority", "s", on_priority);
  gtk_widget_class_install_action (widget_class, "inbox.call-customer", NULL, on_call_customer);
  gtk_widget_class_install_action (widget_class, "inbox.open-customer", NULL, on_open_customer);
  gtk_widget_class_install_action (widget_class, "inbox.reply", NULL, on_compose);
  gtk_widget_class_install_action (widget_class, "inbox.note", NULL, on_compose);

  /* Keyboard-first: moving works from anywhere in the page; the single letters reach the page only
   * when no text field takes them. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_ALT_MASK, "inbox.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "inbox.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_ALT_MASK, "inbox.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "inbox.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "inbox.resolve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "inbox.reply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "inbox.note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "inbox.snooze-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, 0, "inbox.mark-unread", NULL);
}

static void
hl_inbox_page_init (HlInboxPage *self)
{
  self->view = g_strdup ("all");
  self->last_message_id = -1;
  self->filter = hl_inbox_filter_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter_actions = g_simple_action_group_new ();
  gtk_widget_insert_action_group (GTK_WIDGET (self), "filter", G_ACTION_GROUP (self->filter_actions));
  self->label_actions = g_simple_action_group_new ();
  gtk_widget_insert_action_group (GTK_WIDGET (self), "labels", G_ACTION_GROUP (self->label_actions));

  self->current_signals = g_signal_group_new (HL_TYPE_CONVERSATION);
  g_signal_group_connect_object (self->current_signals, "notify",
                                 G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed), self,
                           G_CONNECT_SWAPPED);

  rebuild_filter_menu (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inbox.clear-filters", FALSE);
  update_actions (self);
  update_view_labels (self);
}

void
hl_inbox_page_select_conversation (HlInboxPage *self,
                                   gint64       conversation_id)
{
  guint position;

  g_return_if_fail (HL_IS_INBOX_PAGE (self));

  if (self->model && (position = hl_query_model_find (self->model, conversation_id)) != G_MAXUINT)
    {
      hl_list_selection_select (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
  else if (self->selection)
    hl_list_selection_select (self->selection, GTK_INVALID_LIST_POSITION);
  /* Not in the list (yet, or any more): selected when it comes into it. */
  self->selected_id = conversation_id;

  /* A resolved conversation isn't in the list but can still be read. */
  show_conversation (self, conversation_id);
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

  return current_id (self);
}

/* For tests and the benchmark: how many conversations each view holds under the filters, as last
 * counted. */
guint
hl_inbox_page_get_count (HlInboxPage *self,
                         HlInboxView  view)
{
  g_return_val_if_fail (HL_IS_INBOX_PAGE (self), 0);
  g_return_val_if_fail (view < HL_N_INBOX_VIEWS, 0);

  return self->counts[view];
}

/* The conversation the page's actions work on, as last read from the store, or %NULL. */
HlConversation *
hl_inbox_page_get_current (HlInboxPage *self)
{
  g_return_val_if_fail (HL_IS_INBOX_PAGE (self), NULL);

  return self->current;
}

/* Someone (@who, NULL when they stopped) is typing in @conversation_id: the open thread says so. */
void
hl_inbox_page_show_typing (HlInboxPage *self,
                           gint64       conversation_id,
                           const char  *who)
{
  g_return_if_fail (HL_IS_INBOX_PAGE (self));

  if (conversation_id == hl_conversation_view_get_conversation_id (self->conversation_view))
    hl_conversation_view_set_typing_name (self->conversation_view, who);
}

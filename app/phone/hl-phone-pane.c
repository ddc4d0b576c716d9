/* hl-phone-pane.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-agent.h"
#include "hl-agent-row.h"
#include "hl-call-card.h"
#include "hl-call-record.h"
#include "hl-call-row.h"
#include "hl-dial-uri.h"
#include "hl-phone.h"
#include "hl-phone-pane.h"
#include "hl-list-slice.h"
#include "hl-record-row.h"
#include "hl-provision.h"
#include "hl-query-model.h"
#include "hl-store-edits.h"
#include "hl-workspace.h"
#include "hl-workspace-view.h"
#include "hl-wrap-up-card.h"

/* The docked phone pane: the signed-in agent's availability, the phone account and its
 * registration state, the call card of the current call, a number field (filled by sip: and tel:
 * links; Enter or Call activates app.call) and the recent calls. */

struct _HlPhonePane
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkDropDown    *availability_drop_down;
  GtkWidget      *account_card;
  GtkWidget      *no_account_card;
  GtkLabel       *account_name_label;
  GtkLabel       *account_address_label;
  GtkLabel       *account_status_label;
  HlCallCard     *call_card;
  HlCallCard     *other_card;     /* a call waiting, or the call on hold besides the current one */
  HlWrapUpCard   *wrap_up_card;
  GtkWidget      *status_dot;
  GtkEntry       *number_entry;
  GtkButton      *call_button;
  GtkStack       *calls_stack;
  GtkListView    *calls_view;

  /* Owned references */
  HlPhone        *phone;
  HlWorkspace    *workspace;
  HlQueryModel   *calls;
  HlQueryModel   *me;             /* one row: the signed-in agent */
  GSignalGroup   *me_signals;
  GFileMonitor   *account_monitor;
  GCancellable   *cancellable;    /* availability writes; cancelled on dispose */
  int             pending;        /* an availability asked for before the workspace opened, or -1 */
  gboolean        syncing;        /* the drop-down is following the store, not the user */
  gboolean        follow_top;     /* a call came in at the top while the list showed its top */
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);
static void on_wrap_up_done           (HlPhonePane              *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlPhonePane, hl_phone_pane, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_WORKSPACE_VIEW, workspace_view_iface_init))

/* Availability */

static HlAgent *
get_me (HlPhonePane *self)
{
  HlAgent *agent = g_signal_group_dup_target (self->me_signals);

  if (agent != NULL && !hl_record_get_loaded (HL_RECORD (agent)))
    g_clear_object (&agent);

  return agent;
}

static void
sync_availability (HlPhonePane *self)
{
  g_autoptr(HlAgent) agent = get_me (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->availability_drop_down), agent != NULL);

  if (agent == NULL)
    return;

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->availability_drop_down, hl_agent_get_availability (agent));
  self->syncing = FALSE;

  /* Busy and Offline turn calls away; Offline also signs the phone out. */
  if (self->phone)
    hl_phone_set_availability (self->phone, hl_agent_get_availability (agent));
}

static void
on_me_items_changed (HlPhonePane *self)
{
  g_autoptr(HlAgent) agent = NULL;

  if (self->me != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->me)) > 0)
    agent = g_list_model_get_item (G_LIST_MODEL (self->me), 0);

  g_signal_group_set_target (self->me_signals, agent);
  sync_availability (self);
}

static void
availability_written (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HlPhonePane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (hl_store_edit_finish (HL_STORE (object), result, &error))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("Could not change the availability: %s", error->message);
  sync_availability (self);
}

static void
write_availability (HlPhonePane    *self,
                    HlAvailability  availability)
{
  g_autoptr(HlAgent) agent = get_me (self);
  gint64 me_id;

  if (self->workspace == NULL)
    {
      /* app.set-availability from the command line can come before the workspace is open. */
      self->pending = availability;
      return;
    }

  if ((me_id = hl_workspace_get_me_id (self->workspace)) <= 0)
    {
      g_debug ("No signed-in agent: availability not changed");
      return;
    }

  if (agent != NULL && hl_agent_get_availability (agent) == availability)
    return;

  g_debug ("Availability → %s", hl_availability_style_class (availability));

  hl_store_set_agent_availability_async (hl_workspace_get_store (self->workspace), me_id, availability,
                                         self->cancellable, availability_written, g_object_ref (self));
}

static void
on_availability_selected (HlPhonePane *self)
{
  guint selected = gtk_drop_down_get_selected (self->availability_drop_down);

  if (self->syncing || selected > HL_AVAILABILITY_OFFLINE)
    return;

  write_availability (self, selected);
}

/* The drop-down's items: a coloured dot and the name, the same dots as the wallboard's. */
static void
availability_item_setup (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dot, "availability-dot");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
availability_item_bind (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *dot = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (dot);
  guint position = gtk_list_item_get_position (list_item);

  for (guint i = HL_AVAILABILITY_ONLINE; i <= HL_AVAILABILITY_OFFLINE; i++)
    hl_widget_set_css_class (dot, hl_availability_style_class (i), i == position);
  gtk_label_set_text (GTK_LABEL (label), hl_availability_label (position));
}

static void
setup_availability (HlPhonePane *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  for (guint i = HL_AVAILABILITY_ONLINE; i <= HL_AVAILABILITY_OFFLINE; i++)
    gtk_string_list_append (names, hl_availability_label (i));

  g_signal_connect (factory, "setup", G_CALLBACK (availability_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (availability_item_bind), NULL);

  gtk_drop_down_set_factory (self->availability_drop_down, factory);
  gtk_drop_down_set_model (self->availability_drop_down, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->availability_drop_down, HL_AVAILABILITY_OFFLINE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->availability_drop_down), FALSE);
}

/* The phone account */

/* accounts.ini is a few hundred bytes that --provision wrote: reading it on the main thread is
 * cheaper than a thread hop. */
static void
load_account (HlPhonePane *self)
{
  g_autofree char *path = hl_provision_accounts_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *address = NULL;
  g_autofree char *display_name = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Could not read %s: %s", path, error->message);
    }
  else
    {
      uri = g_key_file_get_string (file, "Phone", "uri", NULL);
      display_name = g_key_file_get_string (file, "Phone", "display-name", NULL);
    }

  if (uri == NULL || uri[0] == '\0')
    {
      gtk_widget_set_visible (self->account_card, FALSE);
      gtk_widget_set_visible (self->no_account_card, TRUE);
      return;
    }

  address = hl_dial_uri_to_number (uri);
  gtk_label_set_text (self->account_address_label, address ? address : uri);
  gtk_label_set_text (self->account_name_label,
                      display_name && display_name[0] ? display_name : _("Phone Account"));
  gtk_widget_set_visible (self->no_account_card, FALSE);
  gtk_widget_set_visible (self->account_card, TRUE);
}

static void
on_account_file_changed (HlPhonePane       *self,
                         GFile             *file,
                         GFile             *other_file,
                         GFileMonitorEvent  event,
                         GFileMonitor      *monitor)
{
  if (event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT || event == G_FILE_MONITOR_EVENT_CREATED ||
      event == G_FILE_MONITOR_EVENT_DELETED || event == G_FILE_MONITOR_EVENT_RENAMED ||
      event == G_FILE_MONITOR_EVENT_MOVED_IN)
    load_account (self);
}

static void
watch_account (HlPhonePane *self)
{
  g_autofree char *path = hl_provision_accounts_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  /* --provision replaces the file atomically (a rename), which a file monitor sees. */
  self->account_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->account_monitor == NULL)
    g_debug ("Not watching %s: %s", path, error->message);
  else
    g_signal_connect_object (self->account_monitor, "changed", G_CALLBACK (on_account_file_changed), self,
                             G_CONNECT_SWAPPED);

  load_account (self);
}

/* The main card follows the current call, or the one ringing when there is none; the second card
 * shows a call waiting (ringing while on a call) or else the other call, on hold. */
static void
update_call (HlPhonePane *self)
{
  HlCall *ringing = hl_phone_get_ringing_call (self->phone);
  HlCall *current = hl_phone_get_current_call (self->phone);
  HlCall *main_call = current ? current : ringing;
  HlCall *other = NULL;
  HlCallCardRole other_role = HL_CALL_CARD_ROLE_HELD;

  if (current && ringing)
    {
      other = ringing;
      other_role = HL_CALL_CARD_ROLE_WAITING;
    }
  else if (current)
    other = hl_phone_get_other_call (self->phone);

  hl_call_card_set_role (self->call_card, HL_CALL_CARD_ROLE_MAIN, hl_phone_get_consultation (self->phone));
  hl_call_card_set_call (self->call_card, main_call);
  gtk_widget_set_visible (GTK_WIDGET (self->call_card), main_call != NULL);

  hl_call_card_set_role (self->other_card, other_role, NULL);
  hl_call_card_set_call (self->other_card, other);
  gtk_widget_set_visible (GTK_WIDGET (self->other_card), other != NULL);
}

static void
update_status (HlPhonePane *self)
{
  g_autofree char *status = hl_phone_dup_status_text (self->phone);
  HlSipAccount *account = hl_phone_get_account (self->phone);
  HlSipAccountState state = account ? hl_sip_account_get_state (account) : HL_SIP_ACCOUNT_OFFLINE;

  gtk_label_set_text (self->account_status_label, status);
  hl_widget_set_css_class (self->status_dot, "online", state == HL_SIP_ACCOUNT_REGISTERED);
  hl_widget_set_css_class (self->status_dot, "busy", state == HL_SIP_ACCOUNT_FAILED);
}

/* The number field */

static void
on_number_changed (HlPhonePane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->call_button), g_variant_new_string (text));
}

static void
on_number_activate (HlPhonePane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));

  if (text[0] != '\0' && gtk_widget_is_sensitive (GTK_WIDGET (self->call_button)))
    gtk_widget_activate (GTK_WIDGET (self->call_button));
}

/* Recent calls */

static void
update_calls_empty (HlPhonePane *self)
{
  gboolean empty = self->calls == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->calls)) == 0;

  gtk_stack_set_visible_child_name (self->calls_stack, empty ? "empty" : "list");
}

/* A new call goes to the top of the list; GtkListView keeps the rows in view that were there (its
 * anchor), so a list showing its top would then show older calls, and only those once the call
 * cards take the pane's height: the anchor follows the newest call instead. */
static void
on_calls_items_changed (HlPhonePane *self,
                        guint        position,
                        guint        removed,
                        guint        added)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->calls_view));

  if (position == 0 && added > removed && adjustment &&
      gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) + 1)
    self->follow_top = TRUE;
}

static void
on_calls_refreshed (HlPhonePane *self)
{
  update_calls_empty (self);
  if (self->follow_top && g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->calls_view), "list.scroll-to-item", "u", 0);
  self->follow_top = FALSE;
}

static void
on_call_activate (HlPhonePane *self,
                  guint        position)
{
  g_autoptr(HlCallRecord) call = NULL;
  gint64 conversation_id;

  if (self->calls == NULL || !(call = g_list_model_get_item (G_LIST_MODEL (self->calls), position)))
    return;

  if (!hl_record_get_loaded (HL_RECORD (call)) ||
      (conversation_id = hl_call_record_get_conversation_id (call)) <= 0)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-conversation", "x", conversation_id);
}

/* HlWorkspaceView */

static void
set_workspace (HlWorkspaceView *view,
               HlWorkspace     *workspace)
{
  HlPhonePane *self = HL_PHONE_PANE (view);
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkSliceListModel) slice = NULL;
  HlStore *store;

  if (!g_set_object (&self->workspace, workspace))
    return;

  gtk_list_view_set_model (self->calls_view, NULL);
  g_signal_group_set_target (self->me_signals, NULL);
  g_clear_object (&self->calls);
  g_clear_object (&self->me);

  if (workspace == NULL)
    {
      update_calls_empty (self);
      sync_availability (self);
      return;
    }

  store = hl_workspace_get_store (workspace);

  /* A contact's rev is added to the call's so that a renamed caller shows in the list. */
  self->calls = hl_query_model_new (store, HL_TYPE_CALL_RECORD, HL_STORE_TABLE_CALLS | HL_STORE_TABLE_CONTACTS);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (update_calls_empty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (on_calls_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calls, "refreshed", G_CALLBACK (on_calls_refreshed), self, G_CONNECT_SWAPPED);
  hl_query_model_set_query (self->calls,
                            "SELECT k.id, k.rev + ifnull ((SELECT rev FROM contacts WHERE id = k.contact_id), 0)"
                            "  FROM calls k ORDER BY k.started_at DESC, k.id DESC LIMIT 200",
                            NULL);
  slice = hl_list_slice_new (G_LIST_MODEL (self->calls));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (slice)));
  gtk_list_view_set_model (self->calls_view, GTK_SELECTION_MODEL (selection));
  hl_list_slice_follow (slice, self->calls_view);

  self->me = hl_query_model_new (store, HL_TYPE_AGENT, HL_STORE_TABLE_AGENTS);
  g_signal_connect_object (self->me, "items-changed", G_CALLBACK (on_me_items_changed), self, G_CONNECT_SWAPPED);
  hl_query_model_set_query (self->me, "SELECT id, rev FROM agents WHERE id = ?1",
                            g_variant_new ("(x)", hl_workspace_get_me_id (workspace)));

  update_calls_empty (self);
  sync_availability (self);

  if (self->pending >= 0)
    {
      write_availability (self, self->pending);
      self->pending = -1;
    }
}

/* The calls live in HlPhone, not here: a new pane shows them through hl_phone_pane_set_phone(). */
static void
save_state (HlWorkspaceView *view,
            GVariantDict    *state)
{
  HlPhonePane *self = HL_PHONE_PANE (view);

  g_variant_dict_insert (state, "number", "s", gtk_editable_get_text (GTK_EDITABLE (self->number_entry)));
}

static void
restore_state (HlWorkspaceView *view,
               GVariantDict    *state)
{
  HlPhonePane *self = HL_PHONE_PANE (view);
  const char *number;

  if (g_variant_dict_lookup (state, "number", "&s", &number))
    gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number);
}

static void
workspace_view_iface_init (HlWorkspaceViewInterface *iface)
{
  iface->set_workspace = set_workspace;
  iface->focus_search = NULL;
  iface->save_state = save_state;
  iface->restore_state = restore_state;
}

/* GObject */

static void
hl_phone_pane_dispose (GObject *object)
{
  HlPhonePane *self = (HlPhonePane *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->me_signals)
    g_signal_group_set_target (self->me_signals, NULL);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_PHONE_PANE);

  g_clear_object (&self->me_signals);
  g_clear_object (&self->calls);
  g_clear_object (&self->me);
  g_clear_object (&self->workspace);
  g_clear_object (&self->phone);
  if (self->account_monitor)
    g_file_monitor_cancel (self->account_monitor);
  g_clear_object (&self->account_monitor);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hl_phone_pane_parent_class)->dispose (object);
}

static void
hl_phone_pane_class_init (HlPhonePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_phone_pane_dispose;

  g_type_ensure (HL_TYPE_CALL_ROW);
  g_type_ensure (HL_TYPE_CALL_CARD);
  g_type_ensure (HL_TYPE_WRAP_UP_CARD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-phone-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, availability_drop_down);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, account_card);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, no_account_card);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, account_name_label);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, account_address_label);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, account_status_label);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, call_card);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, other_card);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, wrap_up_card);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, status_dot);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, number_entry);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, call_button);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, HlPhonePane, calls_view);
}

static void
hl_phone_pane_init (HlPhonePane *self)
{
  self->cancellable = g_cancellable_new ();
  self->pending = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->me_signals = g_signal_group_new (HL_TYPE_AGENT);
  g_signal_group_connect_object (self->me_signals, "notify::availability", G_CALLBACK (sync_availability), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->me_signals, "notify::loaded", G_CALLBACK (sync_availability), self,
                                 G_CONNECT_SWAPPED);

  setup_availability (self);
  g_signal_connect_object (self->availability_drop_down, "notify::selected",
                           G_CALLBACK (on_availability_selected), self, G_CONNECT_SWAPPED);

  /* Numbers read left to right in every language: "+49…", not "…49+" in Arabic. */
  gtk_widget_set_direction (GTK_WIDGET (self->number_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->number_entry))),
                            GTK_TEXT_DIR_LTR);
  g_signal_connect_object (self->number_entry, "changed", G_CALLBACK (on_number_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->number_entry, "activate", G_CALLBACK (on_number_activate), self,
                           G_CONNECT_SWAPPED);
  on_number_changed (self);

  g_signal_connect_object (self->calls_view, "activate", G_CALLBACK (on_call_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->wrap_up_card, "done", G_CALLBACK (on_wrap_up_done), self, G_CONNECT_SWAPPED);

  watch_account (self);
  update_calls_empty (self);
}

/**
 * hl_phone_pane_set_number_from_uri:
 * @uri: a sip:, sips: or tel: URI
 *
 * Puts the number or SIP address of @uri in the number field (click-to-call).
 *
 * Returns: %FALSE if @uri is not a usable sip:, sips: or tel: URI
 */
gboolean
hl_phone_pane_set_number_from_uri (HlPhonePane *self,
                                   const char  *uri)
{
  g_autofree char *number = NULL;

  g_return_val_if_fail (HL_IS_PHONE_PANE (self), FALSE);

  if (!(number = hl_dial_uri_to_number (uri)))
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number);
  gtk_editable_set_position (GTK_EDITABLE (self->number_entry), -1);

  return TRUE;
}

/* Sets the signed-in agent's availability (what app.set-availability does). */
void
hl_phone_pane_set_availability (HlPhonePane    *self,
                                HlAvailability  availability)
{
  g_return_if_fail (HL_IS_PHONE_PANE (self));
  g_return_if_fail (availability <= HL_AVAILABILITY_OFFLINE);

  /* The drop-down follows the store once the write lands; the write is queued now, so even a
   * call made before the agent's row was read takes effect. */
  write_availability (self, availability);
}

/* Wrap-up */

static void
update_wrap_up (HlPhonePane *self)
{
  HlWrapUp *wrap_up = self->phone ? hl_phone_get_wrap_up (self->phone) : NULL;

  hl_wrap_up_card_set_wrap_up (self->wrap_up_card, wrap_up);
  gtk_widget_set_visible (GTK_WIDGET (self->wrap_up_card), wrap_up != NULL);
}

static void
on_wrap_up_done (HlPhonePane *self)
{
  if (self->phone != NULL)
    hl_phone_finish_wrap_up (self->phone);
}

/* The softphone whose state the pane shows and whose availability it sets. */
void
hl_phone_pane_set_phone (HlPhonePane *self,
                         HlPhone     *phone)
{
  g_return_if_fail (HL_IS_PHONE_PANE (self));
  g_return_if_fail (HL_IS_PHONE (phone));

  if (!g_set_object (&self->phone, phone))
    return;

  g_signal_connect_object (phone, "notify::status", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (phone, "notify::current-call", G_CALLBACK (update_call), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (phone, "notify::wrap-up", G_CALLBACK (update_wrap_up), self, G_CONNECT_SWAPPED);
  hl_call_card_set_audio (self->call_card, hl_phone_get_audio (phone));
  update_status (self);
  update_call (self);
  update_wrap_up (self);
  sync_availability (self);
}

/* hl-failed-changes-dialog.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlFailedChangesDialog"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hl-failed-changes-dialog.h"

/* "Review" of the changes Chatwoot refused (outbox entries marked failed, replies and notes
 * aside: their bubbles have a Retry of their own). Each row says in plain words what the change
 * was and, under it, the server's reason; Retry sends it again (hl_chatwoot_outbox_retry ()),
 * Discard drops it (hl_store_outbox_discard_async (), which also puts a refused status or
 * assignment back as it was and marks the conversation or contact in the store) and has the sync
 * fetch the server's copy, so the cache stops showing what was refused. Without a session the
 * mark waits: the next session's sync fetches the row, after a restart too; with no account left
 * the change is dropped all the same. The list follows the store's outbox while the dialog is open. */

#define BACKEND "chatwoot"

struct _HlFailedChangesDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkListBox     *list;

  /* Owned references */
  HlChatwootLink *link;
  GCancellable   *cancellable;
  GPtrArray      *rows;
};

G_DEFINE_FINAL_TYPE (HlFailedChangesDialog, hl_failed_changes_dialog, ADW_TYPE_WINDOW)

/* A string member of the entry's payload (a small object written by hl-store-edits.c), or "" */
static char *
payload_dup_string (const HlFailedChange *change,
                    const char           *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *node;

  if (change->payload == NULL || !json_parser_load_from_data (parser, change->payload, -1, NULL))
    return g_strdup ("");
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(node = json_object_get_member (json_node_get_object (root), member)) ||
      !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup ("");

  return g_strdup (json_node_get_string (node));
}

static char *
describe_status (const char *status,
                 const char *who)
{
  if (g_str_equal (status, "resolved"))
    return g_strdup_printf (_("Resolve the conversation with %s"), who);
  if (g_str_equal (status, "pending"))
    return g_strdup_printf (_("Mark the conversation with %s as pending"), who);
  if (g_str_equal (status, "snoozed"))
    return g_strdup_printf (_("Snooze the conversation with %s"), who);
  return g_strdup_printf (_("Reopen the conversation with %s"), who);
}

static char *
describe_availability (const char *availability)
{
  if (g_str_equal (availability, "online"))
    return g_strdup (_("Set your availability to Online"));
  if (g_str_equal (availability, "busy"))
    return g_strdup (_("Set your availability to Busy"));
  return g_strdup (_("Set your availability to Offline"));
}

/* What the refused change was, in the agent's words: "Resolve the conversation with Maria López" */
char *
hl_failed_change_describe (const HlFailedChange *change)
{
  const char *op;
  const char *who;

  g_return_val_if_fail (change != NULL, NULL);

  op = change->operation;
  /* Without a name, a label that stands where a name does: a phrase ("an unnamed contact") would
   * take the case the sentence gives a name, which only English leaves alone. */
  who = change->target_name != NULL ? change->target_name : _("Unknown Customer");

  if (g_str_equal (op, "conversation.status"))
    {
      g_autofree char *status = payload_dup_string (change, "status");

      return describe_status (status, who);
    }
  if (g_str_equal (op, "conversation.assign"))
    return change->assignee_name != NULL ?
           g_strdup_printf (_("Assign the conversation with %s to %s"), who, change->assignee_name) :
           g_strdup_printf (_("Unassign the conversation with %s"), who);
  if (g_str_equal (op, "conversation.team"))
    return g_strdup_printf (_("Change the team of the conversation with %s"), who);
  if (g_str_equal (op, "conversation.priority"))
    return g_strdup_printf (_("Change the priority of the conversation with %s"), who);
  if (g_str_equal (op, "conversation.labels"))
    return g_strdup_printf (_("Change the labels of the conversation with %s"), who);
  if (g_str_equal (op, "conversation.read"))
    return g_strdup_printf (_("Mark the conversation with %s as read"), who);
  if (g_str_equal (op, "conversation.unread"))
    return g_strdup_printf (_("Mark the conversation with %s as unread"), who);
  if (g_str_equal (op, "contact.update"))
    return g_strdup_printf (_("Edit the contact %s"), who);
  if (g_str_equal (op, "agent.availability"))
    {
      g_autofree char *availability = payload_dup_string (change, "availability");

      return describe_availability (availability);
    }
  if (g_str_equal (op, "call.log"))
    return g_strdup_printf (_("Log the call with %s in Chatwoot"), who);

  return g_strdup_printf (_("Change the conversation with %s"), who);
}

/* The outbox words a conflict (someone else changed the conversation first) "Conflict: …". */
gboolean
hl_failed_change_is_conflict (const HlFailedChange *change)
{
  g_return_val_if_fail (change != NULL, FALSE);

  return change->reason != NULL &&
         (g_str_has_prefix (change->reason, "Conflict:") ||
          /* Translators: the first word of the outbox's conflict reasons ("Conflict: someone else
           * set the conversation to …"), translated the same way as there */
          g_str_has_prefix (change->reason, C_("outbox reason prefix", "Conflict:")));
}

static void reload (HlFailedChangesDialog *self);

static gint64
row_entry_id (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "entry-id"));
}

static void
on_retry (GtkButton             *button,
          HlFailedChangesDialog *self)
{
  gint64 id = row_entry_id (GTK_WIDGET (button));
  HlChatwootOutbox *outbox = hl_chatwoot_link_get_outbox (self->link);

  gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (button)), FALSE);

  /* Without a session the entry waits, pending, for the next one. */
  if (outbox != NULL)
    hl_chatwoot_outbox_retry (outbox, id);
  else
    hl_store_outbox_retry_async (hl_chatwoot_link_get_store (self->link), id, NULL, NULL, NULL);
}

typedef struct
{
  HlFailedChangesDialog *self;
  AdwActionRow          *row;
} Discarding;

static void
discarded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree Discarding *discarding = user_data;
  g_autoptr(HlFailedChangesDialog) self = discarding->self;
  g_autoptr(AdwActionRow) row = discarding->row;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  HlStoreTables table = 0;
  HlChatwootSync *sync;

  if (!hl_store_outbox_discard_finish (HL_STORE (object), result, &table, &remote_id, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not discard the change: %s"), error->message);

          adw_action_row_set_subtitle (row, text);
          gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "buttons"), TRUE);
        }
      return;
    }

  /* The cached row may still show the refused change: the server's copy replaces it now, or,
   * without a session, at the next one (the store keeps the mark). */
  sync = hl_chatwoot_link_get_sync (self->link);
  if (sync != NULL)
    hl_chatwoot_sync_refetch (sync, table, remote_id);
}

static void
on_discard (GtkButton             *button,
            HlFailedChangesDialog *self)
{
  Discarding *discarding = g_new0 (Discarding, 1);

  discarding->self = g_object_ref (self);
  discarding->row = g_object_ref (ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW)));
  gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (button)), FALSE);

  hl_store_outbox_discard_async (hl_chatwoot_link_get_store (self->link), row_entry_id (GTK_WIDGET (button)),
                                 self->cancellable, discarded, discarding);
}

/* @accessible names the change too: every row has a Retry and a Discard. */
static GtkWidget *
new_button (HlFailedChangesDialog *self,
            const char            *label,
            const char            *accessible,
            GCallback              callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
new_row (HlFailedChangesDialog *self,
         const HlFailedChange  *change)
{
  g_autofree char *what = hl_failed_change_describe (change);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *retry_name = g_strdup_printf (_("Retry: %s"), what);
  g_autofree char *discard_name = g_strdup_printf (_("Discard: %s"), what);
  GtkWidget *discard = new_button (self, _("_Discard"), discard_name, G_CALLBACK (on_discard));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), change->reason ? change->reason : "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data (G_OBJECT (row), "entry-id", GSIZE_TO_POINTER (change->id));

  gtk_widget_add_css_class (discard, "destructive-action");
  gtk_widget_set_tooltip_text (discard, _("Drop this change and show what is on the server"));
  gtk_box_append (GTK_BOX (buttons), new_button (self, _("_Retry"), retry_name, G_CALLBACK (on_retry)));
  gtk_box_append (GTK_BOX (buttons), discard);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  g_object_set_data (G_OBJECT (row), "buttons", buttons);

  return row;
}

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(HlFailedChangesDialog) self = user_data;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;

  if (!(changes = hl_store_outbox_list_failed_finish (HL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the failed changes: %s", error->message);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < changes->len; i++)
    {
      GtkWidget *row = new_row (self, g_ptr_array_index (changes, i));

      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->list, row);
    }

  gtk_stack_set_visible_child_name (self->stack, changes->len > 0 ? "list" : "empty");
}

static void
reload (HlFailedChangesDialog *self)
{
  hl_store_outbox_list_failed_async (hl_chatwoot_link_get_store (self->link), BACKEND, self->cancellable,
                                     listed, g_object_ref (self));
}

static void
on_store_changed (HlFailedChangesDialog *self,
                  HlStoreTables          tables)
{
  if (tables & HL_STORE_TABLE_OUTBOX)
    reload (self);
}

static void
hl_failed_changes_dialog_dispose (GObject *object)
{
  HlFailedChangesDialog *self = HL_FAILED_CHANGES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->link);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (hl_failed_changes_dialog_parent_class)->dispose (object);
}

static void
hl_failed_changes_dialog_finalize (GObject *object)
{
  HlFailedChangesDialog *self = HL_FAILED_CHANGES_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hl_failed_changes_dialog_parent_class)->finalize (object);
}

static void
hl_failed_changes_dialog_class_init (HlFailedChangesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_failed_changes_dialog_dispose;
  object_class->finalize = hl_failed_changes_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-failed-changes-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HlFailedChangesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HlFailedChangesDialog, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hl_failed_changes_dialog_init (HlFailedChangesDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

HlFailedChangesDialog *
hl_failed_changes_dialog_new (GtkWindow      *parent,
                              HlChatwootLink *link)
{
  HlFailedChangesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HL_IS_CHATWOOT_LINK (link), NULL);

  self = g_object_new (HL_TYPE_FAILED_CHANGES_DIALOG, "transient-for", parent, NULL);
  self->link = g_object_ref (link);
  g_signal_connect_object (hl_chatwoot_link_get_store (link), "changed", G_CALLBACK (on_store_changed),
                           self, G_CONNECT_SWAPPED);
  reload (self);

  return self;
}

/* For tests: how many changes the list shows, and the row at @index (an AdwActionRow). */
guint
hl_failed_changes_dialog_get_count (HlFailedChangesDialog *self)
{
  g_return_val_if_fail (HL_IS_FAILED_CHANGES_DIALOG (self), 0);

  return self->rows ? self->rows->len : 0;
}

GtkWidget *
hl_failed_changes_dialog_get_row (HlFailedChangesDialog *self,
                                  guint                  index)
{
  g_return_val_if_fail (HL_IS_FAILED_CHANGES_DIALOG (self), NULL);

  return self->rows && index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

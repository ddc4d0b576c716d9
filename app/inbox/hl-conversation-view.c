/* hl-conversation-view.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-call-record.h"
#include "hl-call-summary.h"
#include "hl-composer.h"
#include "hl-conversation.h"
#include "hl-conversation-row.h"
#include "hl-conversation-view.h"
#include "hl-message.h"
#include "hl-message-row.h"
#include "hl-query-model.h"
#include "hl-reveal-model.h"
#include "hl-store-edits.h"
#include "hl-store-outbox.h"
#include "hl-workspace.h"

/* The thread of one conversation with its header; the actions on it are the inbox page's. The
 * header reads the conversation through a one-row query model, so status and unread changes made
 * anywhere show here at once.
 *
 * A thread opens with its newest messages only (WINDOW of them) and pages older ones in, PAGE at a
 * time, when the agent scrolls near its top. The window is anchored at its oldest message, so that
 * new messages arriving at the end add rows instead of pushing old ones out.
 *
 * Scrolling through pages stays smooth: the next page is asked for while the agent is still two
 * screens below the top, its records are read before any row shows them, and the list takes them
 * one a frame (an HlRevealModel between the query model and the list view), so that no frame
 * builds and lays out a whole page of row widgets. The list view keeps the message under the
 * scroll position in place while rows come in above it. */

#define WINDOW 30
#define PAGE   50
/* Rows of a page shown a frame. Each frame that adds rows at the top costs about 5 ms of the main
 * thread's time whatever their number, and each row about 1 ms more to build and lay out
 * (bench-inbox-ui, release build): one row a frame keeps those frames near 12 ms, and still shows
 * rows (64 px each in the benchmark's thread) faster than a fast scroll reaches them. */
#define REVEAL_PER_FRAME 1
#define REVEAL_PATIENCE  30  /* frames to wait for a row's record before showing it loading */

/* The messages from the anchor (?2; 0: the newest) and ?3 before it, to the newest. */
#define WINDOW_SQL \
  "SELECT id, rev FROM messages WHERE conversation_id = ?1 AND (created_at, id) >= (" \
  "  SELECT created_at, id FROM (" \
  "    SELECT created_at, id FROM messages WHERE conversation_id = ?1" \
  "      AND (?2 = 0 OR (created_at, id) <= (SELECT created_at, id FROM messages WHERE id = ?2))" \
  "    ORDER BY created_at DESC, id DESC LIMIT ?3 + 1)" \
  "  ORDER BY created_at, id LIMIT 1)" \
  " ORDER BY created_at, id"
#define THREAD_SQL "SELECT id, rev FROM messages WHERE conversation_id = ?1 ORDER BY created_at, id"

struct _HlConversationView
{
  AdwBin        parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkWidget    *back_button;
  GtkImage     *channel_icon;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkScrolledWindow *scroller;
  GtkListView  *messages_view;
  GtkLabel     *typing_label;
  GtkListBox   *calls_list;
  HlComposer   *composer;

  /* Owned references */
  HlWorkspace  *workspace;
  HlQueryModel *header_model;
  HlQueryModel *messages;
  HlRevealModel *shown;           /* the messages the list view has taken */
  HlQueryModel *calls;
  HlConversation *conversation;
  GSignalGroup *conversation_signals;
  GCancellable *cancellable;
  char         *typing_name;
  gint64        conversation_id;
  gboolean      scroll_to_end;
  gboolean      stick_to_bottom;
  guint         scroll_idle;
  guint         reveal_tick;
  guint         reveal_waited;    /* frames the next row to show has waited for its record */
  guint         window_asked;     /* rows asked for before the anchor; 0 once anchored */
  guint         window_had;       /* rows there were when they were asked for */
  gboolean      window_complete;  /* the whole thread is in */
  gboolean      read_pending;     /* marked read once its newest messages are in */
};

enum {
  PROP_0,
  PROP_TYPING_NAME,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HlConversationView, hl_conversation_view, ADW_TYPE_BIN)

static GParamSpec *properties [N_PROPS];

static void
update_header (HlConversationView *self)
{
  HlConversation *conv = self->conversation;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *name;

  if (conv == NULL || !hl_record_get_loaded (HL_RECORD (conv)))
    return;

  name = hl_conversation_get_contact_name (conv);
  if (name == NULL || name[0] == '\0')
    name = hl_conversation_get_contact_phone (conv);
  if (name == NULL || name[0] == '\0')
    name = _("Unknown Customer");

  if (hl_conversation_get_channel (conv) == HL_CHANNEL_EMAIL && hl_conversation_get_subject (conv))
    {
      gtk_label_set_text (self->title_label, hl_conversation_get_subject (conv));
      g_string_append (subtitle, name);
    }
  else
    {
      gtk_label_set_text (self->title_label, name);
      g_string_append (subtitle, hl_channel_label (hl_conversation_get_channel (conv)));
    }

  if (hl_conversation_get_inbox (conv) && hl_conversation_get_inbox (conv)[0])
    g_string_append_printf (subtitle, " · %s", hl_conversation_get_inbox (conv));
  g_string_append_printf (subtitle, " · %s", hl_status_label (hl_conversation_get_status (conv)));
  if (hl_conversation_get_assignee_name (conv))
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("Assigned to %s"), hl_conversation_get_assignee_name (conv));
    }
  else
    {
      g_string_append (subtitle, " · ");
      g_string_append (subtitle, _("Unassigned"));
    }
  gtk_label_set_text (self->subtitle_label, subtitle->str);

  gtk_image_set_from_icon_name (self->channel_icon, hl_channel_icon_name (hl_conversation_get_channel (conv)));
}

static void
on_header_items_changed (HlConversationView *self)
{
  g_autoptr(HlConversation) conv = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->header_model)) > 0)
    conv = g_list_model_get_item (G_LIST_MODEL (self->header_model), 0);

  g_set_object (&self->conversation, conv);
  g_signal_group_set_target (self->conversation_signals, conv);
  update_header (self);
}

static gboolean
adjustment_at_bottom (GtkAdjustment *adj)
{
  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 48;
}

static gboolean
scroll_to_end_cb (gpointer data)
{
  HlConversationView *self = data;
  guint n = self->shown ? g_list_model_get_n_items (G_LIST_MODEL (self->shown)) : 0;

  self->scroll_idle = 0;
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->messages_view), "list.scroll-to-item", "u", n - 1);
  return G_SOURCE_REMOVE;
}

/* From an idle: the list view hears of new items after this view does, and doesn't take a new
 * scroll position in the middle of its own allocation. */
static void
schedule_scroll_to_end (HlConversationView *self)
{
  if (self->scroll_idle == 0)
    self->scroll_idle = g_idle_add (scroll_to_end_cb, self);
}

static void
on_messages_changed (HlConversationView *self,
                     guint               position,
                     guint               removed,
                     guint               added)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  /* Open a thread at its newest message, and follow new messages arriving at the end, unless the
   * agent has scrolled up to read older ones. */
  if (n > 0 && (self->scroll_to_end || (position + added == n && added > 0 && self->stick_to_bottom)))
    {
      self->scroll_to_end = FALSE;
      self->stick_to_bottom = TRUE;
      schedule_scroll_to_end (self);
    }
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

static void
mark_read (HlConversationView *self)
{
  self->read_pending = FALSE;
  if (self->workspace != NULL && self->conversation_id != 0)
    hl_store_mark_conversation_read_async (hl_workspace_get_store (self->workspace), self->conversation_id,
                                           TRUE, self->cancellable, on_edit_done, NULL);
}

static void
set_window (HlConversationView *self,
            gint64              anchor_id,
            guint               before)
{
  /* Without an anchor the newest message stands in for it. */
  self->window_asked = before;
  self->window_had = anchor_id == 0 ? 1 : g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  hl_query_model_set_query (self->messages, WINDOW_SQL,
                            g_variant_new ("(xxx)", self->conversation_id, anchor_id, (gint64) before));
}

/* After the newest messages or a page of older ones came in: anchor the window at its oldest row,
 * or, with fewer rows than asked for, show the whole thread. */
static void
on_messages_refreshed (HlConversationView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  /* Opening a conversation marks it read: after its messages are read, so that the write and the
   * list refreshes it brings don't come first. */
  if (self->read_pending)
    mark_read (self);

  if (self->window_complete)
    return;

  /* The anchor went (a deleted message): start again from the newest. */
  if (self->window_asked == 0)
    {
      if (n == 0)
        set_window (self, 0, WINDOW - 1);
      return;
    }

  if (n < self->window_had + self->window_asked)
    {
      self->window_complete = TRUE;
      self->window_asked = 0;
      hl_query_model_set_query (self->messages, THREAD_SQL, g_variant_new ("(x)", self->conversation_id));
    }
  else
    set_window (self, hl_query_model_get_id (self->messages, 0), 0);
}

/* REVEAL_PER_FRAME rows of a page a frame, the ones next to the shown rows first, each once its record is
 * read (or, after REVEAL_PATIENCE frames, still loading). */
static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  HlConversationView *self = data;
  guint hidden = hl_reveal_model_get_hidden (self->shown);
  guint ready = 0;

  while (ready < REVEAL_PER_FRAME && ready < hidden)
    {
      g_autoptr(HlRecord) record = g_list_model_get_item (G_LIST_MODEL (self->messages), hidden - 1 - ready);

      if (!hl_record_get_loaded (record) && self->reveal_waited < REVEAL_PATIENCE)
        break;
      ready++;
    }

  self->reveal_waited = ready > 0 ? 0 : self->reveal_waited + 1;
  hl_reveal_model_reveal (self->shown, ready);

  if (hl_reveal_model_get_hidden (self->shown) > 0)
    return G_SOURCE_CONTINUE;

  self->reveal_tick = 0;
  return G_SOURCE_REMOVE;
}

/* A page came in above the shown rows (or some of it was shown): ask for the records of all of it
 * at once, one read on the store's worker, and show its rows over the next frames. */
static void
on_hidden_changed (HlConversationView *self)
{
  guint hidden = hl_reveal_model_get_hidden (self->shown);

  for (guint i = 0; i < hidden; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (self->messages), i));

  if (hidden > 0 && self->reveal_tick == 0)
    {
      self->reveal_waited = 0;
      self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->messages_view), reveal_tick_cb, self, NULL);
    }
}

static void
stop_reveal (HlConversationView *self)
{
  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->messages_view), self->reveal_tick);
  self->reveal_tick = 0;
}

/* Within two screens of the top of the window: a page of older messages. */
static void
maybe_page (HlConversationView *self,
            GtkAdjustment      *adj)
{
  /* Rows of the last page still to show count as what is above. */
  if (self->window_complete || self->window_asked != 0 || self->messages == NULL ||
      hl_reveal_model_get_hidden (self->shown) > 0 ||
      g_list_model_get_n_items (G_LIST_MODEL (self->messages)) == 0 ||
      gtk_adjustment_get_value (adj) > 2 * gtk_adjustment_get_page_size (adj))
    return;

  set_window (self, hl_query_model_get_id (self->messages, 0), PAGE);
}

/* Rows grow as their messages load (the list first guesses their height), which would leave a
 * thread opened at its end some way above it: while the agent is at the bottom, stay there. */
static void
on_adjustment_changed (HlConversationView *self,
                       GtkAdjustment      *adj)
{
  if (self->stick_to_bottom && !adjustment_at_bottom (adj))
    schedule_scroll_to_end (self);

  /* A window that doesn't fill the view can't be scrolled up to ask for more. */
  if (gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj))
    maybe_page (self, adj);
}

static void
on_adjustment_value_changed (HlConversationView *self,
                             GtkAdjustment      *adj)
{
  self->stick_to_bottom = adjustment_at_bottom (adj);
  if (!self->stick_to_bottom)
    maybe_page (self, adj);
}

static GtkWidget *
create_call_summary (gpointer item,
                     gpointer user_data)
{
  GtkWidget *row = g_object_new (HL_TYPE_CALL_SUMMARY, NULL);

  hl_record_row_set_item (HL_RECORD_ROW (row), item);
  return row;
}

static void
on_calls_changed (HlConversationView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->calls_list),
                          g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0);
}

static void
on_retry_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_store_outbox_finish (HL_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not retry the message: %s", error->message);
}

/* A failed reply's Retry button: its outbox entry is due again. */
static void
on_retry_message (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HlConversationView *self = HL_CONVERSATION_VIEW (widget);

  if (self->workspace == NULL)
    return;

  hl_store_outbox_retry_message_async (hl_workspace_get_store (self->workspace), g_variant_get_int64 (param),
                                       self->cancellable, on_retry_done, NULL);
}

static void
hl_conversation_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HlConversationView *self = HL_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_TYPING_NAME:
      g_value_set_string (value, self->typing_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_conversation_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HlConversationView *self = HL_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_TYPING_NAME:
      hl_conversation_view_set_typing_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_conversation_view_dispose (GObject *object)
{
  HlConversationView *self = (HlConversationView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  stop_reveal (self);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->conversation);
  g_clear_object (&self->header_model);
  g_clear_object (&self->shown);
  g_clear_object (&self->messages);
  g_clear_object (&self->calls);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->typing_name, g_free);

  /* The stack is both AdwBin's child and a template child: let AdwBin let go of it first, or the
   * template would unparent it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_CONVERSATION_VIEW);

  G_OBJECT_CLASS (hl_conversation_view_parent_class)->dispose (object);
}

static void
hl_conversation_view_class_init (HlConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_conversation_view_dispose;
  object_class->get_property = hl_conversation_view_get_property;
  object_class->set_property = hl_conversation_view_set_property;

  /**
   * HlConversationView:typing-name:
   *
   * Who is typing in the shown conversation right now (the app sets it from the sync's typing
   * events), or %NULL.
   */
  properties[PROP_TYPING_NAME] =
    g_param_spec_string ("typing-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HL_TYPE_MESSAGE_ROW);
  g_type_ensure (HL_TYPE_COMPOSER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-conversation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, stack);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, back_button);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, messages_view);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, typing_label);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, calls_list);
  gtk_widget_class_bind_template_child (widget_class, HlConversationView, composer);

  gtk_widget_class_install_action (widget_class, "conversation.retry-message", "x", on_retry_message);
}

static void
hl_conversation_view_init (HlConversationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->conversation_signals = g_signal_group_new (HL_TYPE_CONVERSATION);
  g_signal_group_connect_object (self->conversation_signals, "notify",
                                 G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);

  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

    g_signal_connect_object (adj, "changed", G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_adjustment_value_changed), self, G_CONNECT_SWAPPED);
  }

}

void
hl_conversation_view_set_workspace (HlConversationView *self,
                                    HlWorkspace        *workspace)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (HL_IS_CONVERSATION_VIEW (self));

  if (!g_set_object (&self->workspace, workspace))
    return;

  hl_composer_set_workspace (self->composer, workspace);
  hl_conversation_view_set_typing_name (self, NULL);
  self->conversation_id = 0;
  g_clear_object (&self->conversation);
  g_signal_group_set_target (self->conversation_signals, NULL);
  g_clear_object (&self->header_model);
  stop_reveal (self);
  g_clear_object (&self->shown);
  g_clear_object (&self->messages);
  gtk_list_box_bind_model (self->calls_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->calls);
  gtk_list_view_set_model (self->messages_view, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  if (workspace == NULL)
    return;

  self->header_model = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_CONVERSATION,
                                           HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_CONTACTS |
                                           HL_STORE_TABLE_AGENTS);
  g_signal_connect_object (self->header_model, "items-changed",
                           G_CALLBACK (on_header_items_changed), self, G_CONNECT_SWAPPED);

  self->messages = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_MESSAGE,
                                       HL_STORE_TABLE_MESSAGES | HL_STORE_TABLE_AGENTS);
  g_signal_connect_object (self->messages, "items-changed",
                           G_CALLBACK (on_messages_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->messages, "refreshed",
                           G_CALLBACK (on_messages_refreshed), self, G_CONNECT_SWAPPED);

  /* A phone conversation's calls, above its thread. */
  self->calls = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_CALL_RECORD,
                                    HL_STORE_TABLE_CALLS | HL_STORE_TABLE_AGENTS | HL_STORE_TABLE_CONTACTS);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (on_calls_changed), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->calls_list, G_LIST_MODEL (self->calls), create_call_summary, NULL, NULL);

  self->shown = hl_reveal_model_new (G_LIST_MODEL (self->messages));
  g_signal_connect_object (self->shown, "notify::hidden", G_CALLBACK (on_hidden_changed), self, G_CONNECT_SWAPPED);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_list_view_set_model (self->messages_view, GTK_SELECTION_MODEL (selection));
}

/* Shows the conversation @conversation_id, or the empty state for 0, and marks it read. */
void
hl_conversation_view_set_conversation_id (HlConversationView *self,
                                          gint64              conversation_id)
{
  g_return_if_fail (HL_IS_CONVERSATION_VIEW (self));

  if (self->conversation_id != conversation_id)
    hl_conversation_view_set_typing_name (self, NULL);
  self->conversation_id = conversation_id;
  hl_composer_set_conversation_id (self->composer, self->workspace ? conversation_id : 0);

  if (conversation_id == 0 || self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->scroll_to_end = TRUE;
  self->stick_to_bottom = TRUE;
  hl_query_model_set_query (self->header_model,
                            "SELECT id, rev FROM conversations WHERE id = ?1",
                            g_variant_new ("(x)", conversation_id));
  hl_query_model_set_query (self->calls,
                            "SELECT id, rev FROM calls WHERE conversation_id = ?1 ORDER BY started_at, id",
                            g_variant_new ("(x)", conversation_id));
  self->window_complete = FALSE;
  set_window (self, 0, WINDOW - 1);
  gtk_stack_set_visible_child_name (self->stack, "thread");

  /* Marked read once its newest messages are in (on_messages_refreshed), or now if they are. */
  self->read_pending = TRUE;
  if (!hl_query_model_get_loading (self->messages))
    mark_read (self);
}

gint64
hl_conversation_view_get_conversation_id (HlConversationView *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION_VIEW (self), 0);

  return self->conversation_id;
}

void
hl_conversation_view_set_show_back (HlConversationView *self,
                                    gboolean            show_back)
{
  g_return_if_fail (HL_IS_CONVERSATION_VIEW (self));

  gtk_widget_set_visible (self->back_button, show_back);
}

GListModel *
hl_conversation_view_get_messages (HlConversationView *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION_VIEW (self), NULL);

  return self->messages ? G_LIST_MODEL (self->messages) : NULL;
}

/* For the page's inbox.reply and inbox.note actions. */
void
hl_conversation_view_focus_composer (HlConversationView *self,
                                     gboolean            note)
{
  g_return_if_fail (HL_IS_CONVERSATION_VIEW (self));

  if (self->conversation_id != 0)
    hl_composer_focus (self->composer, note);
}

HlComposer *
hl_conversation_view_get_composer (HlConversationView *self)
{
  g_return_val_if_fail (HL_IS_CONVERSATION_VIEW (self), NULL);

  return self->composer;
}

/* Shows "@name is typing…" under the thread; NULL hides it. A new conversation clears it. */
void
hl_conversation_view_set_typing_name (HlConversationView *self,
                                      const char         *name)
{
  g_return_if_fail (HL_IS_CONVERSATION_VIEW (self));

  if (g_strcmp0 (self->typing_name, name) == 0)
    return;

  g_free (self->typing_name);
  self->typing_name = g_strdup (name);

  if (name != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s is typing…"), name[0] ? name : _("The customer"));

      gtk_label_set_text (self->typing_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->typing_label), name != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPING_NAME]);
}

/* hl-sync-banner.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlSyncBanner"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-sync-banner.h"

/* The bar under the header bar that shows what the agent should know of the Chatwoot sync and
 * outbox, one thing at a time, most urgent first:
 *  - the sync stopped with an error: its sentence and "Try Again" (app.sync);
 *  - changes the server refused: "2 changes were not accepted by Chatwoot" and "Review", which
 *    opens HlFailedChangesDialog; a new conflict also raises a toast with "Review";
 *  - the first sync of the workspace (it was never synced): its phase and a progress bar, so the
 *    empty pages that fill as pages land are explained. Later delta syncs are silent.
 * It follows the link's current session (:sync, :outbox), and hides without one. */

struct _HlSyncBanner
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkRevealer    *revealer;
  GtkBox         *box;
  GtkLabel       *label;
  GtkProgressBar *progress;
  GtkButton      *retry_button;
  GtkButton      *review_button;

  /* Owned references */
  HlChatwootLink *link;
  GSignalGroup   *link_signals;
  GSignalGroup   *sync_signals;
  GSignalGroup   *outbox_signals;
  GHashTable     *seen_failures;   /* entry ids already looked at for a conflict toast */
  GCancellable   *cancellable;

  /* Borrowed references */
  HlFailedChangesDialog *dialog;   /* weak */
};

G_DEFINE_FINAL_TYPE (HlSyncBanner, hl_sync_banner, GTK_TYPE_WIDGET)

#define BACKEND "chatwoot"

static void
update (HlSyncBanner *self)
{
  HlChatwootSync *sync = self->link ? hl_chatwoot_link_get_sync (self->link) : NULL;
  HlChatwootOutbox *outbox = self->link ? hl_chatwoot_link_get_outbox (self->link) : NULL;
  guint failed = outbox ? hl_chatwoot_outbox_get_failed_count (outbox) : 0;
  g_autofree char *title = NULL;
  gboolean progress = FALSE;

  if (sync != NULL && hl_chatwoot_sync_get_state (sync) == HL_CHATWOOT_SYNC_ERROR)
    title = g_strdup (hl_chatwoot_sync_get_last_error (sync));
  else if (failed > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u change was not accepted by Chatwoot",
                                          "%u changes were not accepted by Chatwoot", failed),
                             failed);
  else if (sync != NULL && hl_chatwoot_sync_get_state (sync) == HL_CHATWOOT_SYNC_SYNCING &&
           hl_chatwoot_sync_get_last_synced_at (sync) == 0)
    {
      const char *phase = hl_chatwoot_sync_get_phase (sync);
      double fraction = hl_chatwoot_sync_get_fraction (sync);
      g_autofree char *percent = g_strdup_printf (_("%d %%"), (int) (fraction * 100 + 0.5));

      /* Translators: the first download of the Chatwoot account; %s is what runs, e.g. "Loading conversations" */
      title = g_strdup_printf (_("Setting up the workspace: %s…"), phase && *phase ? phase : _("Starting"));
      gtk_progress_bar_set_fraction (self->progress, fraction);
      gtk_progress_bar_set_text (self->progress, percent);
      progress = TRUE;
    }

  if (title != NULL)
    gtk_label_set_text (self->label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), progress);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          sync != NULL && hl_chatwoot_sync_get_state (sync) == HL_CHATWOOT_SYNC_ERROR);
  gtk_widget_set_visible (GTK_WIDGET (self->review_button),
                          title != NULL && !progress && !gtk_widget_get_visible (GTK_WIDGET (self->retry_button)));
  if (progress)
    gtk_widget_add_css_class (GTK_WIDGET (self->box), "sync-progress");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->box), "sync-progress");
  gtk_revealer_set_reveal_child (self->revealer, title != NULL);
}

static void
on_toast_review (HlSyncBanner *self)
{
  hl_sync_banner_review (self);
}

static void
toast_conflict (HlSyncBanner         *self,
                const HlFailedChange *change)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    return;

  if (change->target_name != NULL)
    title = g_strdup_printf (_("%s’s conversation was changed by someone else: your change was not applied"),
                             change->target_name);
  else
    title = g_strdup (_("A conversation was changed by someone else: your change was not applied"));

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Review"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_review), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(HlSyncBanner) self = user_data;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;

  if (!(changes = hl_store_outbox_list_failed_finish (HL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the failed changes: %s", error->message);
      return;
    }

  /* Only the entries failed now are remembered: a retried entry that fails again, or an id the
   * store hands out again, is news. */
  seen = g_steal_pointer (&self->seen_failures);
  self->seen_failures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      HlFailedChange *change = g_ptr_array_index (changes, i);

      g_hash_table_add (self->seen_failures, g_memdup2 (&change->id, sizeof change->id));
      if (!g_hash_table_contains (seen, &change->id) && hl_failed_change_is_conflict (change))
        toast_conflict (self, change);
    }
}

static void
on_failed_count (HlSyncBanner *self)
{
  HlChatwootOutbox *outbox = self->link ? hl_chatwoot_link_get_outbox (self->link) : NULL;

  update (self);

  /* Look for a new conflict to tell about at once. */
  if (outbox == NULL || hl_chatwoot_outbox_get_failed_count (outbox) == 0)
    g_hash_table_remove_all (self->seen_failures);
  else
    hl_store_outbox_list_failed_async (hl_chatwoot_link_get_store (self->link), BACKEND, self->cancellable,
                                       listed, g_object_ref (self));
}

static void
on_session (HlSyncBanner *self)
{
  g_signal_group_set_target (self->sync_signals, self->link ? hl_chatwoot_link_get_sync (self->link) : NULL);
  g_signal_group_set_target (self->outbox_signals, self->link ? hl_chatwoot_link_get_outbox (self->link) : NULL);
  on_failed_count (self);
}

static void
on_review_clicked (HlSyncBanner *self)
{
  hl_sync_banner_review (self);
}

static void
hl_sync_banner_dispose (GObject *object)
{
  HlSyncBanner *self = HL_SYNC_BANNER (object);

  g_cancellable_cancel (self->cancellable);
  hl_sync_banner_set_link (self, NULL);
  g_clear_weak_pointer (&self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_SYNC_BANNER);

  G_OBJECT_CLASS (hl_sync_banner_parent_class)->dispose (object);
}

static void
hl_sync_banner_finalize (GObject *object)
{
  HlSyncBanner *self = HL_SYNC_BANNER (object);

  g_clear_object (&self->link_signals);
  g_clear_object (&self->sync_signals);
  g_clear_object (&self->outbox_signals);
  g_clear_pointer (&self->seen_failures, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hl_sync_banner_parent_class)->finalize (object);
}

static void
hl_sync_banner_class_init (HlSyncBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_sync_banner_dispose;
  object_class->finalize = hl_sync_banner_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-sync-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, HlSyncBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, HlSyncBanner, box);
  gtk_widget_class_bind_template_child (widget_class, HlSyncBanner, label);
  gtk_widget_class_bind_template_child (widget_class, HlSyncBanner, progress);
  gtk_widget_class_bind_template_child (widget_class, HlSyncBanner, retry_button);
  gtk_widget_class_bind_template_child (widget_class, HlSyncBanner, review_button);
  gtk_widget_class_bind_template_callback (widget_class, on_review_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncbanner");
}

static void
hl_sync_banner_init (HlSyncBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->seen_failures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->link_signals = g_signal_group_new (HL_TYPE_CHATWOOT_LINK);
  g_signal_group_connect_swapped (self->link_signals, "notify::sync", G_CALLBACK (on_session), self);
  g_signal_group_connect_swapped (self->link_signals, "notify::outbox", G_CALLBACK (on_session), self);

  self->sync_signals = g_signal_group_new (HL_TYPE_CHATWOOT_SYNC);
  g_signal_group_connect_swapped (self->sync_signals, "notify", G_CALLBACK (update), self);

  self->outbox_signals = g_signal_group_new (HL_TYPE_CHATWOOT_OUTBOX);
  g_signal_group_connect_swapped (self->outbox_signals, "notify::failed-count", G_CALLBACK (on_failed_count), self);

  update (self);
}

/* Follows @link's sessions; NULL (no Chatwoot workspace) hides the banner. */
void
hl_sync_banner_set_link (HlSyncBanner   *self,
                         HlChatwootLink *link)
{
  g_return_if_fail (HL_IS_SYNC_BANNER (self));
  g_return_if_fail (link == NULL || HL_IS_CHATWOOT_LINK (link));

  if (!g_set_object (&self->link, link))
    return;

  g_signal_group_set_target (self->link_signals, link);
  on_session (self);
}

gboolean
hl_sync_banner_get_revealed (HlSyncBanner *self)
{
  g_return_val_if_fail (HL_IS_SYNC_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
hl_sync_banner_get_title (HlSyncBanner *self)
{
  g_return_val_if_fail (HL_IS_SYNC_BANNER (self), NULL);

  return gtk_label_get_text (self->label);
}

/* The progress bar's fraction while it shows the first sync; -1 while it doesn't */
double
hl_sync_banner_get_fraction (HlSyncBanner *self)
{
  g_return_val_if_fail (HL_IS_SYNC_BANNER (self), -1);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->progress)) || !hl_sync_banner_get_revealed (self))
    return -1;

  return gtk_progress_bar_get_fraction (self->progress);
}

/* Opens (or raises) the list of refused changes; what "Review" does. NULL without a link. */
HlFailedChangesDialog *
hl_sync_banner_review (HlSyncBanner *self)
{
  g_return_val_if_fail (HL_IS_SYNC_BANNER (self), NULL);

  if (self->link == NULL)
    return NULL;

  if (self->dialog == NULL)
    g_set_weak_pointer (&self->dialog,
                        hl_failed_changes_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->link));
  gtk_window_present (GTK_WINDOW (self->dialog));

  return self->dialog;
}

/* hl-connection-banner.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlConnectionBanner"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-connection-banner.h"

/* The bar under the header bar that says the Chatwoot account is offline (and how many changes
 * wait to be sent) or that signing in failed, with "Sign In Again" (app.accounts), or, when
 * connecting takes longer than CONNECTING_QUIET_MS, that it is connecting. Hidden while online,
 * while a connection is quick and without a Chatwoot account. libadwaita 1.2 has no AdwBanner:
 * this is a revealer styled like one (.connection-banner in style.css). */

#define CONNECTING_QUIET_MS 2000

struct _HlConnectionBanner
{
  GtkWidget          parent_instance;

  GtkRevealer       *revealer;
  GtkLabel          *label;
  GtkButton         *button;

  HlChatwootBackend *backend;
  gulong             notify_id;
  guint              connecting_id;     /* runs out CONNECTING_QUIET_MS after connecting began */
  gboolean           connecting_long;
};

G_DEFINE_FINAL_TYPE (HlConnectionBanner, hl_connection_banner, GTK_TYPE_WIDGET)

static void update (HlConnectionBanner *self);

static gboolean
on_connecting_long (gpointer data)
{
  HlConnectionBanner *self = data;

  self->connecting_id = 0;
  self->connecting_long = TRUE;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
update (HlConnectionBanner *self)
{
  HlChatwootState state = HL_CHATWOOT_STATE_SIGNED_OUT;
  g_autofree char *title = NULL;
  gboolean sign_in = FALSE;

  if (self->backend != NULL)
    state = hl_chatwoot_backend_get_state (self->backend);

  switch (state)
    {
    case HL_CHATWOOT_STATE_OFFLINE:
      {
        guint pending = hl_chatwoot_backend_get_pending_count (self->backend);

        if (pending > 0)
          title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Offline — %u change waiting to be sent",
                                                "Offline — %u changes waiting to be sent", pending),
                                   pending);
        else
          title = g_strdup (hl_chatwoot_backend_get_status_text (self->backend));
      }
      break;

    case HL_CHATWOOT_STATE_AUTH_FAILED:
    case HL_CHATWOOT_STATE_TLS_FAILED:
      title = g_strdup (hl_chatwoot_backend_get_status_text (self->backend));
      sign_in = TRUE;
      break;

    case HL_CHATWOOT_STATE_CONNECTING:
      /* A quick connection goes unannounced; a slow one is said, so the app does not look stuck. */
      if (self->connecting_long)
        /* The backend's "Connecting to %s…" (a host name there), with the product's name here */
        title = g_strdup_printf (_("Connecting to %s…"), "Chatwoot");
      else if (self->connecting_id == 0)
        self->connecting_id = g_timeout_add (CONNECTING_QUIET_MS, on_connecting_long, self);
      break;

    case HL_CHATWOOT_STATE_SIGNED_OUT:
    case HL_CHATWOOT_STATE_ONLINE:
    default:
      break;
    }

  if (state != HL_CHATWOOT_STATE_CONNECTING)
    {
      g_clear_handle_id (&self->connecting_id, g_source_remove);
      self->connecting_long = FALSE;
    }

  if (title != NULL)
    {
      gtk_label_set_text (self->label, title);
      /* the reason in full, also when the title is the pending count */
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), hl_chatwoot_backend_get_reason (self->backend));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->button), sign_in);
  gtk_revealer_set_reveal_child (self->revealer, title != NULL);
}

static void
hl_connection_banner_dispose (GObject *object)
{
  HlConnectionBanner *self = (HlConnectionBanner *)object;

  hl_connection_banner_set_backend (self, NULL);
  g_clear_handle_id (&self->connecting_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_CONNECTION_BANNER);

  G_OBJECT_CLASS (hl_connection_banner_parent_class)->dispose (object);
}

static void
hl_connection_banner_class_init (HlConnectionBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_connection_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-connection-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, HlConnectionBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, HlConnectionBanner, label);
  gtk_widget_class_bind_template_child (widget_class, HlConnectionBanner, button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectionbanner");
}

static void
hl_connection_banner_init (HlConnectionBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

/* Follows @backend's state and pending count; NULL hides the banner. */
void
hl_connection_banner_set_backend (HlConnectionBanner *self,
                                  HlChatwootBackend  *backend)
{
  g_return_if_fail (HL_IS_CONNECTION_BANNER (self));
  g_return_if_fail (backend == NULL || HL_IS_CHATWOOT_BACKEND (backend));

  if (self->backend == backend)
    return;

  if (self->backend != NULL)
    g_clear_signal_handler (&self->notify_id, self->backend);
  g_set_object (&self->backend, backend);
  if (backend != NULL)
    self->notify_id = g_signal_connect_swapped (backend, "notify", G_CALLBACK (update), self);

  update (self);
}

gboolean
hl_connection_banner_get_revealed (HlConnectionBanner *self)
{
  g_return_val_if_fail (HL_IS_CONNECTION_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
hl_connection_banner_get_title (HlConnectionBanner *self)
{
  g_return_val_if_fail (HL_IS_CONNECTION_BANNER (self), NULL);

  return gtk_label_get_text (self->label);
}

/* hl-chatwoot-link.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hl-chatwoot-link"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-backend-error.h"
#include "hl-chatwoot-link.h"
#include "hl-store-outbox.h"

#define BACKEND "chatwoot"

struct _HlChatwootLink
{
  GObject            parent_instance;

  HlChatwootBackend *backend;   /* weak: the application owns it and outlives the link */
  HlStore           *store;
  GCancellable      *cancellable;

  /* the current session's; NULL between sessions */
  HlChatwootSync    *sync;
  HlChatwootOutbox  *outbox;
  GBinding          *pending_binding;
};

enum { TYPING, N_SIGNALS };

enum {
  PROP_0,
  PROP_SYNC,
  PROP_OUTBOX,
  N_PROPS
};

static guint signals [N_SIGNALS];
static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HlChatwootLink, hl_chatwoot_link, G_TYPE_OBJECT)

static void
counted (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HlChatwootLink) self = user_data;
  g_autoptr(GError) error = NULL;
  guint pending = 0, failed = 0;

  if (!hl_store_outbox_count_finish (HL_STORE (object), result, &pending, &failed, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not count the outbox: %s", error->message);
      return;
    }

  /* The outbox keeps the count itself while a session runs. */
  if (self->outbox == NULL && self->backend != NULL)
    hl_chatwoot_backend_set_pending_count (self->backend, pending);
}

static void
count_from_store (HlChatwootLink *self)
{
  if (self->outbox != NULL || !hl_store_get_is_open (self->store))
    return;

  hl_store_outbox_count_async (self->store, BACKEND, self->cancellable, counted, g_object_ref (self));
}

static void
on_store_changed (HlChatwootLink *self,
                  HlStoreTables   tables)
{
  if (tables & HL_STORE_TABLE_OUTBOX)
    count_from_store (self);
}

static void
on_typing (HlChatwootLink *self,
           gint64          conversation,
           gboolean        on,
           const char     *who)
{
  g_signal_emit (self, signals [TYPING], 0, conversation, on, who);
}

/* The outbox found the server unreachable (or reachable again): a failed request of the session,
 * which is what the backend's state follows. */
static void
on_outbox_online (HlChatwootLink *self)
{
  g_autoptr(GError) error = NULL;

  if (self->backend == NULL || self->outbox == NULL || hl_chatwoot_outbox_get_online (self->outbox))
    return;

  error = g_error_new_literal (HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE,
                               _("The Chatwoot server could not be reached"));
  hl_chatwoot_backend_report_error (self->backend, error);
}

static void
end_session (HlChatwootLink *self)
{
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      hl_chatwoot_sync_stop (self->sync);
      g_clear_object (&self->sync);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SYNC]);
    }

  if (self->outbox != NULL)
    {
      g_clear_pointer (&self->pending_binding, g_binding_unbind);
      g_signal_handlers_disconnect_by_data (self->outbox, self);
      hl_chatwoot_outbox_stop (self->outbox);
      g_clear_object (&self->outbox);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OUTBOX]);
    }

  count_from_store (self);
}

static void
start_session (HlChatwootLink *self)
{
  HlChatwootClient *client;
  HlActionCable *cable;
  const HlChatwootConfig *config;

  if (self->backend == NULL || self->sync != NULL || !hl_store_get_is_open (self->store))
    return;

  client = hl_chatwoot_backend_get_client (self->backend);
  cable = hl_chatwoot_backend_get_cable (self->backend);
  if (client == NULL || hl_chatwoot_backend_get_state (self->backend) != HL_CHATWOOT_STATE_ONLINE)
    return;

  g_debug ("Session ready: starting the sync and the outbox");

  self->sync = hl_chatwoot_sync_new (self->store, client, cable);
  config = hl_chatwoot_backend_get_config (self->backend);
  g_signal_connect_object (self->sync, "typing", G_CALLBACK (on_typing), self, G_CONNECT_SWAPPED);

  self->outbox = hl_chatwoot_outbox_new (self->store, client);
  /* Until an inbox is chosen for them, call logs wait in the outbox. */
  if (config != NULL && config->phone_inbox_id > 0)
    {
      hl_chatwoot_sync_set_phone_inbox_id (self->sync, config->phone_inbox_id);
      hl_chatwoot_outbox_set_phone_inbox_id (self->outbox, config->phone_inbox_id);
    }
  self->pending_binding = g_object_bind_property (self->outbox, "pending-count",
                                                  self->backend, "pending-count",
                                                  G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->outbox, "notify::online", G_CALLBACK (on_outbox_online), self, G_CONNECT_SWAPPED);

  hl_chatwoot_sync_start (self->sync);
  hl_chatwoot_outbox_start (self->outbox);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SYNC]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OUTBOX]);
}

static void
on_session_ready (HlChatwootLink *self)
{
  /* A new session replaces whatever the last one left behind. */
  end_session (self);
  start_session (self);
}

static void
on_store_open (HlChatwootLink *self)
{
  if (hl_store_get_is_open (self->store))
    {
      start_session (self);
      count_from_store (self);
    }
  else
    end_session (self);
}

static void
hl_chatwoot_link_dispose (GObject *object)
{
  HlChatwootLink *self = HL_CHATWOOT_LINK (object);

  g_cancellable_cancel (self->cancellable);
  end_session (self);

  if (self->backend != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->backend, self);
      g_object_remove_weak_pointer (G_OBJECT (self->backend), (gpointer *) &self->backend);
      self->backend = NULL;
    }

  G_OBJECT_CLASS (hl_chatwoot_link_parent_class)->dispose (object);
}

static void
hl_chatwoot_link_finalize (GObject *object)
{
  HlChatwootLink *self = HL_CHATWOOT_LINK (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hl_chatwoot_link_parent_class)->finalize (object);
}

static void
hl_chatwoot_link_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HlChatwootLink *self = HL_CHATWOOT_LINK (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_chatwoot_link_class_init (HlChatwootLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_chatwoot_link_dispose;
  object_class->finalize = hl_chatwoot_link_finalize;
  object_class->get_property = hl_chatwoot_link_get_property;

  /* The running session's sync and outbox (NULL between sessions), notified when a session
   * starts or ends, so the window can follow them. */
  properties [PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, HL_TYPE_CHATWOOT_SYNC,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, HL_TYPE_CHATWOOT_OUTBOX,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Someone started (TRUE) or stopped typing in the conversation with that local id. */
  signals [TYPING] =
    g_signal_new ("typing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
hl_chatwoot_link_init (HlChatwootLink *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * hl_chatwoot_link_new:
 * @backend: the Chatwoot account
 * @store: the workspace that caches it; its backend is set to "chatwoot", so the agent's edits
 *   queue outbox entries
 *
 * Returns: (transfer full): a link that runs the sync and the outbox whenever @backend has a
 *   session and @store is open.
 */
HlChatwootLink *
hl_chatwoot_link_new (HlChatwootBackend *backend,
                      HlStore           *store)
{
  HlChatwootLink *self;

  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (backend), NULL);
  g_return_val_if_fail (HL_IS_STORE (store), NULL);

  self = g_object_new (HL_TYPE_CHATWOOT_LINK, NULL);
  self->backend = backend;
  g_object_add_weak_pointer (G_OBJECT (backend), (gpointer *) &self->backend);
  self->store = g_object_ref (store);
  hl_store_set_backend (store, BACKEND);

  g_signal_connect_object (backend, "session-ready", G_CALLBACK (on_session_ready), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (backend, "session-ended", G_CALLBACK (end_session), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::is-open", G_CALLBACK (on_store_open), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  on_store_open (self);

  return self;
}

HlStore *
hl_chatwoot_link_get_store (HlChatwootLink *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_LINK (self), NULL);

  return self->store;
}

/* The running session's sync engine, or NULL while there is no session */
HlChatwootSync *
hl_chatwoot_link_get_sync (HlChatwootLink *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_LINK (self), NULL);

  return self->sync;
}

/* The running session's outbox, or NULL while there is no session */
HlChatwootOutbox *
hl_chatwoot_link_get_outbox (HlChatwootLink *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_LINK (self), NULL);

  return self->outbox;
}

/* Asks for a delta sync now (app.sync); FALSE when there is no session to sync with. */
gboolean
hl_chatwoot_link_sync_now (HlChatwootLink *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_LINK (self), FALSE);

  if (self->sync == NULL)
    return FALSE;

  hl_chatwoot_sync_sync_now (self->sync);
  return TRUE;
}

static void
thread_fetched (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (hl_chatwoot_sync_fetch_thread_finish (HL_CHATWOOT_SYNC (object), result, &error) < 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not fetch a thread: %s", error->message);
}

/* Fetches the newest page of @conversation's thread (a local id) when a session runs; the store
 * shows it as it lands. Offline, the cache shows what it has. */
void
hl_chatwoot_link_fetch_thread (HlChatwootLink *self,
                               gint64          conversation)
{
  g_return_if_fail (HL_IS_CHATWOOT_LINK (self));

  if (self->sync == NULL)
    return;

  hl_chatwoot_sync_fetch_thread_async (self->sync, conversation, 0, self->cancellable, thread_fetched, NULL);
}

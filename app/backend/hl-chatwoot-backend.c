/* hl-chatwoot-backend.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootBackend"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-backend-error.h"
#include "hl-backoff.h"
#include "hl-chatwoot-backend.h"
#include "hl-provision.h"
#include "hl-secret-store.h"

/* The configured Chatwoot account as the rest of the app sees it: whether it is usable now (the
 * `state` property and a sentence for the UI), and, once the token has been checked with the
 * server, the REST client and the realtime cable.
 *
 * A session starts with reload (): config from accounts.ini, token from the keyring (async), the
 * client (with the certificate the agent chose to trust, if any) and GET /api/v1/profile. The
 * profile's pubsub_token starts the cable. Transient failures (no network, refused connection, 5xx,
 * 429) make the state "offline" and retry with back-off; the network coming back retries at once.
 * A refused token ("auth-failed") and a refused certificate ("tls-failed") are not retried: the
 * agent has to sign in again in Preferences → Accounts.
 *
 * Where the sync engine and the outbox attach (they are not part of this file):
 *  - "session-ready" (client, cable) is emitted once per session, the first time the token is
 *    valid. Keep your own references; drop them on "session-ended", which is emitted before the
 *    backend lets go of them (sign-out, another account, shutdown). The cable's "resync-needed"
 *    and this object's state returning to "online" mark reconnects.
 *  - hl_chatwoot_backend_report_error (): a failed request of theirs drives the state (a 401
 *    means the token was revoked, a transport error means offline).
 *  - "pending-count": what the outbox still has to send, for the offline banner. */

#define DEFAULT_MIN_RETRY_MS 1000
#define DEFAULT_MAX_RETRY_MS 60000

struct _HlChatwootBackend
{
  GObject            parent_instance;

  GNetworkMonitor   *monitor;
  gulong             network_changed_id;

  HlChatwootConfig  *config;
  char              *host;
  HlChatwootClient  *client;
  HlActionCable     *cable;
  GCancellable      *cancellable;   /* the current session's requests */
  gboolean           session_ready;

  HlChatwootState    state;
  char              *status_text;
  char              *reason;
  char              *user_name;
  char              *user_email;
  char              *account_name;
  guint              pending_count;

  guint              retry_source;
  guint              attempt;
  guint              min_retry_ms;
  guint              max_retry_ms;
  gboolean           validating;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS_TEXT,
  PROP_REASON,
  PROP_USER_NAME,
  PROP_USER_EMAIL,
  PROP_ACCOUNT_NAME,
  PROP_PENDING_COUNT,
  N_PROPS
};

enum {
  SESSION_READY,
  SESSION_ENDED,
  N_SIGNALS
};

G_DEFINE_ENUM_TYPE (HlChatwootState, hl_chatwoot_state,
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_STATE_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_STATE_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_STATE_AUTH_FAILED, "auth-failed"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_STATE_TLS_FAILED, "tls-failed"))

G_DEFINE_FINAL_TYPE (HlChatwootBackend, hl_chatwoot_backend, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void validate (HlChatwootBackend *self);

static gboolean
set_string (char       **slot,
            const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static char *
describe_state (HlChatwootBackend *self)
{
  const char *who = self->user_name ? self->user_name : self->host;

  switch (self->state)
    {
    case HL_CHATWOOT_STATE_SIGNED_OUT:
      return g_strdup (_("No Chatwoot account"));
    case HL_CHATWOOT_STATE_CONNECTING:
      /* Translators: %s is the server's host name */
      return g_strdup_printf (_("Connecting to %s…"), self->host);
    case HL_CHATWOOT_STATE_ONLINE:
      /* Translators: %s is the agent's name (or the server's host name) */
      return g_strdup_printf (_("Online as %s"), who);
    case HL_CHATWOOT_STATE_OFFLINE:
      /* Translators: %s says why, as a sentence */
      return g_strdup_printf (_("Offline: %s"), self->reason ? self->reason : "");
    case HL_CHATWOOT_STATE_AUTH_FAILED:
      return g_strdup_printf (_("Signing in to Chatwoot failed: %s"), self->reason ? self->reason : "");
    case HL_CHATWOOT_STATE_TLS_FAILED:
      return g_strdup_printf (_("The secure connection to Chatwoot failed: %s"), self->reason ? self->reason : "");
    default:
      g_assert_not_reached ();
    }
}

static void
set_state (HlChatwootBackend *self,
           HlChatwootState    state,
           const char        *reason)
{
  g_autofree char *text = NULL;
  gboolean state_changed = self->state != state;
  gboolean reason_changed;

  self->state = state;
  reason_changed = set_string (&self->reason, reason);
  text = describe_state (self);

  if (state_changed)
    {
      g_autofree char *name = g_enum_to_string (HL_TYPE_CHATWOOT_STATE, state);

      g_debug ("State: %s (%s)", name, reason ? reason : "");
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
  if (reason_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REASON]);
  if (set_string (&self->status_text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS_TEXT]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_identity (HlChatwootBackend *self,
              const char        *user_name,
              const char        *user_email,
              const char        *account_name)
{
  if (set_string (&self->user_name, user_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER_NAME]);
  if (set_string (&self->user_email, user_email))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER_EMAIL]);
  if (set_string (&self->account_name, account_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCOUNT_NAME]);
}

static gboolean
network_usable (HlChatwootBackend *self)
{
  /* A server on this computer is reachable whatever the monitor thinks of the network. */
  return g_network_monitor_get_network_available (self->monitor) || hl_is_loopback_host (self->host);
}

static gboolean
on_retry_timeout (gpointer user_data)
{
  HlChatwootBackend *self = user_data;

  self->retry_source = 0;
  validate (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (HlChatwootBackend *self,
                guint              at_least_ms)
{
  guint delay;

  g_clear_handle_id (&self->retry_source, g_source_remove);

  /* Without a network only try now and then; the network coming back retries at once. */
  if (!network_usable (self))
    delay = hl_backoff_delay (G_MAXUINT, self->min_retry_ms, self->max_retry_ms, g_random_double ());
  else
    delay = hl_backoff_delay (self->attempt++, self->min_retry_ms, self->max_retry_ms, g_random_double ());

  delay = MAX (delay, at_least_ms);
  g_debug ("Checking the server again in %u ms", delay);
  self->retry_source = g_timeout_add (delay, on_retry_timeout, self);
}

/* Sorts a failure into a state. */
static void
apply_error (HlChatwootBackend *self,
             const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH) ||
      g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MFA_REQUIRED))
    {
      g_clear_handle_id (&self->retry_source, g_source_remove);
      if (self->cable)
        hl_actioncable_stop (self->cable);
      set_state (self, HL_CHATWOOT_STATE_AUTH_FAILED, error->message);
      return;
    }

  if (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_TLS))
    {
      g_clear_handle_id (&self->retry_source, g_source_remove);
      if (self->cable)
        hl_actioncable_stop (self->cable);
      set_state (self, HL_CHATWOOT_STATE_TLS_FAILED, error->message);
      return;
    }

  if (!network_usable (self))
    set_state (self, HL_CHATWOOT_STATE_OFFLINE, _("There is no network connection."));
  else
    set_state (self, HL_CHATWOOT_STATE_OFFLINE, error->message);

  schedule_retry (self, g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_RATE_LIMITED)
                        ? hl_backend_error_get_retry_after (error) * 1000 : 0);
}

/* The cable */

static char *
cable_url (HlChatwootBackend *self)
{
  const char *override = g_getenv ("HELPLINE_CHATWOOT_CABLE_URL");
  const char *base = hl_chatwoot_client_get_base_url (self->client);

  /* Tests point this at a server that Prism, which cannot proxy WebSocket, does not front. */
  if (override != NULL && override[0] != '\0')
    return g_strdup (override);

  if (g_str_has_prefix (base, "https://"))
    return g_strconcat ("wss://", base + strlen ("https://"), "/cable", NULL);

  return g_strconcat ("ws://", base + strlen ("http://"), "/cable", NULL);
}

static void
on_cable_state (HlChatwootBackend *self,
                GParamSpec        *pspec,
                HlActionCable     *cable)
{
  HlActionCableState state = hl_actioncable_get_state (cable);

  if (state == HL_ACTIONCABLE_SUBSCRIBED && self->state == HL_CHATWOOT_STATE_OFFLINE && !self->validating)
    {
      self->attempt = 0;
      g_clear_handle_id (&self->retry_source, g_source_remove);
      set_state (self, HL_CHATWOOT_STATE_ONLINE, NULL);
    }
}

static void
on_cable_disconnected (HlChatwootBackend   *self,
                       HlActionCableReason  reason,
                       HlActionCable       *cable)
{
  const GError *error = hl_actioncable_get_last_error (cable);

  if (self->state != HL_CHATWOOT_STATE_ONLINE)
    return;

  switch (reason)
    {
    case HL_ACTIONCABLE_REASON_NONE:
      break;

    case HL_ACTIONCABLE_REASON_AUTH_REJECTED:
      /* Was the token revoked? The profile tells. */
      validate (self);
      break;

    case HL_ACTIONCABLE_REASON_TLS_ERROR:
      set_state (self, HL_CHATWOOT_STATE_TLS_FAILED,
                 error ? error->message : _("The server’s certificate was refused."));
      break;

    case HL_ACTIONCABLE_REASON_OFFLINE:
    case HL_ACTIONCABLE_REASON_SERVER_CLOSED:
    case HL_ACTIONCABLE_REASON_PROTOCOL_ERROR:
    case HL_ACTIONCABLE_REASON_PING_TIMEOUT:
    default:
      /* The cable reconnects by itself; subscribed again means online again. */
      set_state (self, HL_CHATWOOT_STATE_OFFLINE,
                 network_usable (self)
                 ? (error ? error->message : _("The connection to the server was lost."))
                 : _("There is no network connection."));
      break;
    }
}

/* Checking the token */

static void
on_profile (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HlChatwootBackend) self = user_data;
  g_autoptr(HlChatwootProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  const char *account_name = NULL;

  profile = hl_chatwoot_client_get_profile_finish (HL_CHATWOOT_CLIENT (object), result, &error);
  if (HL_CHATWOOT_CLIENT (object) != self->client)
    return;   /* from a session that has ended */

  self->validating = FALSE;

  if (profile == NULL)
    {
      apply_error (self, error);
      return;
    }

  for (guint i = 0; profile->accounts && i < profile->accounts->len; i++)
    {
      HlChatwootAccount *account = g_ptr_array_index (profile->accounts, i);

      if (account->id == self->config->account_id)
        account_name = account->name;
    }

  if (profile->accounts && profile->accounts->len > 0 && account_name == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("You are no longer a member of account %lld on this server."),
                         (long long) self->config->account_id);

      set_state (self, HL_CHATWOOT_STATE_AUTH_FAILED, message);
      return;
    }

  set_identity (self, profile->name, profile->email, account_name);
  self->attempt = 0;

  if (self->cable == NULL)
    {
      g_autofree char *url = cable_url (self);

      g_autoptr(GTlsCertificate) certificate = hl_chatwoot_config_dup_certificate (self->config);

      self->cable = hl_actioncable_new (url, self->monitor);
      hl_actioncable_set_trusted_certificate (self->cable, certificate);
      g_signal_connect_object (self->cable, "notify::state", G_CALLBACK (on_cable_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->cable, "disconnected", G_CALLBACK (on_cable_disconnected), self, G_CONNECT_SWAPPED);
    }

  hl_actioncable_set_credentials (self->cable, profile->pubsub_token, self->config->account_id, profile->id);
  hl_actioncable_start (self->cable);

  set_state (self, HL_CHATWOOT_STATE_ONLINE, NULL);

  if (!self->session_ready)
    {
      self->session_ready = TRUE;
      g_signal_emit (self, signals [SESSION_READY], 0, self->client, self->cable);
    }
}

static void
validate (HlChatwootBackend *self)
{
  g_assert (HL_IS_CHATWOOT_BACKEND (self));

  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->client == NULL || !hl_chatwoot_client_has_access_token (self->client) || self->validating)
    return;

  self->validating = TRUE;
  hl_chatwoot_client_get_profile_async (self->client, self->cancellable, on_profile, g_object_ref (self));
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HlChatwootBackend) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = hl_secret_store_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (token == NULL)
    {
      g_autofree char *message = NULL;

      if (error != NULL)
        message = g_strdup_printf (_("The keyring could not be read: %s"), error->message);

      set_state (self, HL_CHATWOOT_STATE_AUTH_FAILED,
                 message ? message : _("The access token is not in the keyring. Sign in again."));
      return;
    }

  hl_chatwoot_client_set_access_token (self->client, token);
  secret_password_free (token);

  validate (self);
}

static void
end_session (HlChatwootBackend *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->validating = FALSE;
  self->attempt = 0;

  if (self->session_ready)
    {
      self->session_ready = FALSE;
      g_signal_emit (self, signals [SESSION_ENDED], 0);
    }

  if (self->cable)
    {
      g_signal_handlers_disconnect_by_data (self->cable, self);
      hl_actioncable_stop (self->cable);
      g_clear_object (&self->cable);
    }

  g_clear_object (&self->client);
  g_clear_pointer (&self->config, hl_chatwoot_config_free);
  g_clear_pointer (&self->host, g_free);
}

static void
on_network_changed (HlChatwootBackend *self,
                    gboolean           available,
                    GNetworkMonitor   *monitor)
{
  if (self->client == NULL)
    return;

  if (!network_usable (self))
    {
      if (self->state == HL_CHATWOOT_STATE_ONLINE || self->state == HL_CHATWOOT_STATE_OFFLINE)
        set_state (self, HL_CHATWOOT_STATE_OFFLINE, _("There is no network connection."));
      return;
    }

  /* Back: don't wait for the back-off. */
  if (self->state == HL_CHATWOOT_STATE_OFFLINE && !self->validating)
    {
      self->attempt = 0;
      validate (self);
    }
}

/* GObject */

static void
hl_chatwoot_backend_dispose (GObject *object)
{
  HlChatwootBackend *self = (HlChatwootBackend *)object;

  end_session (self);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (hl_chatwoot_backend_parent_class)->dispose (object);
}

static void
hl_chatwoot_backend_finalize (GObject *object)
{
  HlChatwootBackend *self = (HlChatwootBackend *)object;

  g_free (self->status_text);
  g_free (self->reason);
  g_free (self->user_name);
  g_free (self->user_email);
  g_free (self->account_name);

  G_OBJECT_CLASS (hl_chatwoot_backend_parent_class)->finalize (object);
}

static void
hl_chatwoot_backend_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HlChatwootBackend *self = HL_CHATWOOT_BACKEND (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_USER_EMAIL:
      g_value_set_string (value, self->user_email);
      break;
    case PROP_ACCOUNT_NAME:
      g_value_set_string (value, self->account_name);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_chatwoot_backend_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HlChatwootBackend *self = HL_CHATWOOT_BACKEND (object);

  switch (prop_id)
    {
    case PROP_PENDING_COUNT:
      hl_chatwoot_backend_set_pending_count (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_chatwoot_backend_class_init (HlChatwootBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_chatwoot_backend_dispose;
  object_class->finalize = hl_chatwoot_backend_finalize;
  object_class->get_property = hl_chatwoot_backend_get_property;
  object_class->set_property = hl_chatwoot_backend_set_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HL_TYPE_CHATWOOT_STATE, HL_CHATWOOT_STATE_SIGNED_OUT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A translated sentence for the UI. */
  properties [PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the state is offline, auth-failed or tls-failed (a translated sentence), else NULL. */
  properties [PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_USER_EMAIL] =
    g_param_spec_string ("user-email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACCOUNT_NAME] =
    g_param_spec_string ("account-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Changes waiting to be sent: the outbox binds its count here. */
  properties [PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HlChatwootBackend::session-ready:
   * @client: the REST client, token and account set
   * @cable: the realtime connection, started
   *
   * The token was checked with the server for the first time in this session: attach the sync
   * engine and the outbox here.
   */
  signals [SESSION_READY] =
    g_signal_new ("session-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, HL_TYPE_CHATWOOT_CLIENT, HL_TYPE_ACTIONCABLE);

  /* The client and cable of "session-ready" are about to be dropped: let go of them. */
  signals [SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hl_chatwoot_backend_init (HlChatwootBackend *self)
{
  self->min_retry_ms = DEFAULT_MIN_RETRY_MS;
  self->max_retry_ms = DEFAULT_MAX_RETRY_MS;
  self->status_text = describe_state (self);
}

/**
 * hl_chatwoot_backend_new:
 * @monitor: (nullable): the network monitor to follow; %NULL for the default one
 *
 * Call hl_chatwoot_backend_reload () to start.
 */
HlChatwootBackend *
hl_chatwoot_backend_new (GNetworkMonitor *monitor)
{
  HlChatwootBackend *self;

  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (HL_TYPE_CHATWOOT_BACKEND, NULL);
  self->monitor = g_object_ref (monitor ? monitor : g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect_swapped (self->monitor, "network-changed",
                                                       G_CALLBACK (on_network_changed), self);

  return self;
}

/* (Re)reads the configured account and starts a session with it; ends the previous one. */
void
hl_chatwoot_backend_reload (HlChatwootBackend *self)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_BACKEND (self));

  end_session (self);

  if (!(self->config = hl_chatwoot_config_load ()))
    {
      set_identity (self, NULL, NULL, NULL);
      set_state (self, HL_CHATWOOT_STATE_SIGNED_OUT, NULL);
      return;
    }

  uri = g_uri_parse (self->config->url, G_URI_FLAGS_NONE, NULL);
  self->host = g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : self->config->url);
  /* What the last sign-in learnt, until the server confirms it. */
  set_identity (self, self->config->user_name, self->config->user_email, self->config->account_name);

  if (!(self->client = hl_chatwoot_client_new (self->config->url, self->config->account_id, &error)))
    {
      set_state (self, HL_CHATWOOT_STATE_AUTH_FAILED, error->message);
      return;
    }

  if ((certificate = hl_chatwoot_config_dup_certificate (self->config)))
    hl_chatwoot_client_set_trusted_certificate (self->client, certificate);

  self->cancellable = g_cancellable_new ();
  set_state (self, HL_CHATWOOT_STATE_CONNECTING, NULL);

  account = hl_chatwoot_config_dup_secret_account (self->config);
  hl_secret_store_lookup_async (HL_SECRET_CHATWOOT_TOKEN, account, self->cancellable, on_token, g_object_ref (self));
}

HlChatwootState
hl_chatwoot_backend_get_state (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), HL_CHATWOOT_STATE_SIGNED_OUT);

  return self->state;
}

const char *
hl_chatwoot_backend_get_status_text (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->status_text;
}

const char *
hl_chatwoot_backend_get_reason (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->reason;
}

/* The configured account, or NULL when signed out. */
const HlChatwootConfig *
hl_chatwoot_backend_get_config (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->config;
}

const char *
hl_chatwoot_backend_get_user_name (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->user_name;
}

const char *
hl_chatwoot_backend_get_user_email (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->user_email;
}

const char *
hl_chatwoot_backend_get_account_name (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->account_name;
}

/* (nullable): the session's client; NULL when signed out. */
HlChatwootClient *
hl_chatwoot_backend_get_client (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->client;
}

/* (nullable): the session's cable; NULL until the token was checked. */
HlActionCable *
hl_chatwoot_backend_get_cable (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), NULL);

  return self->cable;
}

guint
hl_chatwoot_backend_get_pending_count (HlChatwootBackend *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), 0);

  return self->pending_count;
}

void
hl_chatwoot_backend_set_pending_count (HlChatwootBackend *self,
                                       guint              count)
{
  g_return_if_fail (HL_IS_CHATWOOT_BACKEND (self));

  if (self->pending_count == count)
    return;

  self->pending_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_COUNT]);
}

/**
 * hl_chatwoot_backend_report_error:
 * @error: how a request of this session's client failed
 *
 * For the sync engine and the outbox: a revoked token makes the state auth-failed, a transport
 * failure offline (with retries until the server answers again). Other errors (a refused change,
 * a 404) say nothing about the connection and are ignored.
 */
void
hl_chatwoot_backend_report_error (HlChatwootBackend *self,
                                  const GError      *error)
{
  g_return_if_fail (HL_IS_CHATWOOT_BACKEND (self));
  g_return_if_fail (error != NULL);

  if (self->client == NULL || self->validating ||
      self->state == HL_CHATWOOT_STATE_AUTH_FAILED || self->state == HL_CHATWOOT_STATE_TLS_FAILED)
    return;

  if (error->domain != HL_BACKEND_ERROR)
    return;

  switch ((HlBackendError) error->code)
    {
    case HL_BACKEND_ERROR_AUTH:
    case HL_BACKEND_ERROR_TLS:
    case HL_BACKEND_ERROR_OFFLINE:
    case HL_BACKEND_ERROR_SERVER:
    case HL_BACKEND_ERROR_RATE_LIMITED:
      apply_error (self, error);
      break;

    case HL_BACKEND_ERROR_FAILED:
    case HL_BACKEND_ERROR_MFA_REQUIRED:
    case HL_BACKEND_ERROR_NOT_CHATWOOT:
    case HL_BACKEND_ERROR_CONFLICT:
    case HL_BACKEND_ERROR_NOT_FOUND:
    case HL_BACKEND_ERROR_FORBIDDEN:
    case HL_BACKEND_ERROR_MALFORMED:
    default:
      break;
    }
}

void
hl_chatwoot_backend_set_retry_timings (HlChatwootBackend *self,
                                       guint              min_ms,
                                       guint              max_ms)
{
  g_return_if_fail (HL_IS_CHATWOOT_BACKEND (self));

  self->min_retry_ms = min_ms;
  self->max_retry_ms = MAX (min_ms, max_ms);
}

/* The call-log inbox */

static void
on_phone_inbox_saved (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_chatwoot_config_save_phone_inbox_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The API-channel inbox that receives call logs (0: none): at once in get_config (), then in
 * accounts.ini. */
void
hl_chatwoot_backend_set_phone_inbox_async (HlChatwootBackend   *self,
                                           gint64               inbox_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_BACKEND (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_chatwoot_backend_set_phone_inbox_async);

  if (self->config == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No Chatwoot account"));
      return;
    }

  self->config->phone_inbox_id = MAX (inbox_id, 0);
  hl_chatwoot_config_save_phone_inbox_async (self->config, cancellable, on_phone_inbox_saved,
                                             g_steal_pointer (&task));
}

gboolean
hl_chatwoot_backend_set_phone_inbox_finish (HlChatwootBackend  *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Signing out */

static void
on_removed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HlChatwootBackend *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!hl_chatwoot_config_remove_finish (result, &error))
    {
      /* Whatever is still configured comes back as it was. */
      hl_chatwoot_backend_reload (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hl_chatwoot_backend_reload (self);
  g_task_return_boolean (task, TRUE);
}

/* Ends the session, removes the token from the keyring and the account from accounts.ini and,
 * with @delete_cache, the account's cached workspace database. */
void
hl_chatwoot_backend_sign_out_async (HlChatwootBackend   *self,
                                    gboolean             delete_cache,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(HlChatwootConfig) config = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_BACKEND (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_chatwoot_backend_sign_out_async);

  if (self->config == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  config = hl_chatwoot_config_copy (self->config);
  end_session (self);
  set_identity (self, NULL, NULL, NULL);
  set_state (self, HL_CHATWOOT_STATE_SIGNED_OUT, NULL);

  hl_chatwoot_config_remove_async (config, delete_cache, cancellable, on_removed, g_steal_pointer (&task));
}

gboolean
hl_chatwoot_backend_sign_out_finish (HlChatwootBackend  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* hl-sip-transport.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlSipTransport"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "hl-backoff.h"
#include "hl-provision.h"
#include "hl-sip-transport.h"

/* SIP over WebSocket (RFC 7118): one WebSocket connection with the "sip" subprotocol, one SIP
 * message per text frame. wss:// is required except to loopback; certificates are checked by
 * libsoup and a failure is reported, never accepted. When the connection drops, the transport
 * reconnects by itself after a randomised exponential back-off (2–30 s by default) and emits
 * ::connected again, which tells the account to register anew. WebSocket pings every 20 s keep
 * NAT bindings and proxies from closing an idle connection. */

#define KEEPALIVE_SECONDS 20
#define STABLE_SECONDS    30   /* a connection that lived this long resets the back-off */

struct _HlSipTransport
{
  GObject                   parent_instance;

  char                     *url;
  SoupSession              *session;
  SoupWebsocketConnection  *connection;
  GCancellable             *cancellable;
  GError                   *last_error;
  HlSipTransportState       state;
  guint                     reconnect_source;
  guint                     attempt;
  guint                     min_backoff_ms;
  guint                     max_backoff_ms;
  gint64                    connected_at;
  gboolean                  running;
};

enum {
  PROP_0,
  PROP_URL,
  PROP_STATE,
  N_PROPS
};

enum {
  CONNECTED,
  DISCONNECTED,
  MESSAGE_RECEIVED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlSipTransport, hl_sip_transport, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void schedule_reconnect (HlSipTransport *self);

static void
set_state (HlSipTransport      *self,
           HlSipTransportState  state)
{
  if (self->state == state)
    return;

  g_debug ("%s: state %d → %d", self->url, self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
drop_connection (HlSipTransport *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
}

static void
fail (HlSipTransport *self,
      GError         *error)
{
  g_autoptr(GError) owned = error;

  g_debug ("%s: %s", self->url, error->message);
  g_clear_error (&self->last_error);
  self->last_error = g_steal_pointer (&owned);

  drop_connection (self);
  set_state (self, HL_SIP_TRANSPORT_DISCONNECTED);
  g_signal_emit (self, signals [DISCONNECTED], 0, self->last_error);

  if (self->running)
    schedule_reconnect (self);
}

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *bytes,
            HlSipTransport          *self)
{
  g_autoptr(HlSipMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  /* RFC 7118 §5: SIP messages in text frames; binary frames are allowed too and carry UTF-8. */
  if (length == 0)
    return;

  if (!(message = hl_sip_message_parse (data, length, &error)))
    {
      /* A malformed message from the server is logged and dropped: we can't even tell which
       * transaction it belonged to. */
      g_warning ("Dropped a malformed SIP message from %s: %s", self->url, error->message);
      return;
    }

  g_signal_emit (self, signals [MESSAGE_RECEIVED], 0, message);
}

static void
on_closed (SoupWebsocketConnection *connection,
           HlSipTransport          *self)
{
  gushort code = soup_websocket_connection_get_close_code (connection);
  const char *reason = soup_websocket_connection_get_close_data (connection);

  fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           _("The phone server closed the connection (%u%s%s)"),
                           code, reason && *reason ? ": " : "", reason ? reason : ""));
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          HlSipTransport          *self)
{
  g_debug ("%s: WebSocket error: %s", self->url, error->message);
}

static GError *
describe_connect_error (HlSipTransport *self,
                        GError         *error,
                        SoupMessage    *msg)
{
  GTlsCertificateFlags flags = msg ? soup_message_get_tls_peer_certificate_errors (msg) : 0;

  if (flags != 0 || error->domain == G_TLS_ERROR)
    {
      const char *what = _("the certificate is not valid");

      if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
        what = _("the certificate is not signed by a known authority");
      else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
        what = _("the certificate is for another server name");
      else if (flags & G_TLS_CERTIFICATE_EXPIRED)
        what = _("the certificate has expired");
      else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
        what = _("the certificate is not valid yet");
      else if (flags & G_TLS_CERTIFICATE_REVOKED)
        what = _("the certificate was revoked");

      return g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                          _("Secure connection to the phone server failed: %s"), what);
    }

  if (msg && soup_message_get_status (msg) >= 300)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                        _("The phone server refused the WebSocket connection (HTTP %u %s)"),
                        soup_message_get_status (msg), soup_message_get_reason_phrase (msg));

  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND,
                        _("The phone server’s name could not be found: %s"), error->message);

  return g_error_new (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                      _("The phone server cannot be reached: %s"), error->message);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HlSipTransport) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (connection == NULL)
    {
      fail (self, describe_connect_error (self, error, msg));
      return;
    }

  if (g_strcmp0 (soup_websocket_connection_get_protocol (connection), "sip") != 0)
    {
      g_object_unref (connection);
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                       _("The server does not speak SIP over WebSocket")));
      return;
    }

  self->connection = connection;
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_SECONDS);
  soup_websocket_connection_set_max_incoming_payload_size (connection, HL_SIP_MAX_MESSAGE_SIZE);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_error), self);

  g_clear_error (&self->last_error);
  self->connected_at = g_get_monotonic_time ();
  set_state (self, HL_SIP_TRANSPORT_CONNECTED);
  g_signal_emit (self, signals [CONNECTED], 0);
}

static void
connect_now (HlSipTransport *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  const char *protocols[] = { "sip", NULL };

  g_clear_handle_id (&self->reconnect_source, g_source_remove);

  if (!(msg = soup_message_new ("GET", self->url)))
    {
      self->running = FALSE;
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid WebSocket address"), self->url));
      return;
    }

  set_state (self, HL_SIP_TRANSPORT_CONNECTING);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  soup_session_websocket_connect_async (self->session, msg, NULL, (char **) protocols,
                                        G_PRIORITY_DEFAULT, self->cancellable,
                                        on_connected, g_object_ref (self));
}

static gboolean
reconnect_timeout (gpointer user_data)
{
  HlSipTransport *self = user_data;

  self->reconnect_source = 0;
  self->attempt++;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (HlSipTransport *self)
{
  guint delay;

  if (self->connected_at > 0 &&
      g_get_monotonic_time () - self->connected_at > STABLE_SECONDS * G_USEC_PER_SEC)
    self->attempt = 0;
  self->connected_at = 0;

  delay = hl_backoff_delay (self->attempt, self->min_backoff_ms, self->max_backoff_ms,
                                         g_random_double ());
  g_debug ("%s: reconnecting in %u ms", self->url, delay);

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add (delay, reconnect_timeout, self);
}

static void
hl_sip_transport_dispose (GObject *object)
{
  HlSipTransport *self = (HlSipTransport *)object;

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  drop_connection (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hl_sip_transport_parent_class)->dispose (object);
}

static void
hl_sip_transport_finalize (GObject *object)
{
  HlSipTransport *self = (HlSipTransport *)object;

  g_clear_error (&self->last_error);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (hl_sip_transport_parent_class)->finalize (object);
}

static void
hl_sip_transport_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HlSipTransport *self = HL_SIP_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_sip_transport_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HlSipTransport *self = HL_SIP_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_sip_transport_class_init (HlSipTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_sip_transport_dispose;
  object_class->finalize = hl_sip_transport_finalize;
  object_class->get_property = hl_sip_transport_get_property;
  object_class->set_property = hl_sip_transport_set_property;

  properties [PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      HL_SIP_TRANSPORT_DISCONNECTED, HL_SIP_TRANSPORT_CONNECTED, HL_SIP_TRANSPORT_DISCONNECTED,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * HlSipTransport::disconnected:
   * @error: why, in words for the user
   */
  signals [DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * HlSipTransport::message-received:
   * @message: (type gpointer): an #HlSipMessage, valid during the emission
   */
  signals [MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
hl_sip_transport_init (HlSipTransport *self)
{
  self->min_backoff_ms = 2000;
  self->max_backoff_ms = 30000;
  self->session = soup_session_new_with_options ("user-agent", "Helpline/" PACKAGE_VERSION,
                                                 "timeout", 15,
                                                 NULL);
}

/**
 * hl_sip_transport_new:
 * @websocket_url: wss://…, or ws:// to loopback
 */
HlSipTransport *
hl_sip_transport_new (const char *websocket_url)
{
  g_return_val_if_fail (websocket_url != NULL, NULL);

  return g_object_new (HL_TYPE_SIP_TRANSPORT, "url", websocket_url, NULL);
}

const char *
hl_sip_transport_get_url (HlSipTransport *self)
{
  g_return_val_if_fail (HL_IS_SIP_TRANSPORT (self), NULL);

  return self->url;
}

HlSipTransportState
hl_sip_transport_get_state (HlSipTransport *self)
{
  g_return_val_if_fail (HL_IS_SIP_TRANSPORT (self), HL_SIP_TRANSPORT_DISCONNECTED);

  return self->state;
}

/* Why the last connection attempt failed or the connection dropped; NULL while connected. */
const GError *
hl_sip_transport_get_last_error (HlSipTransport *self)
{
  g_return_val_if_fail (HL_IS_SIP_TRANSPORT (self), NULL);

  return self->last_error;
}

/* Connects, and keeps reconnecting until hl_sip_transport_stop(). */
void
hl_sip_transport_start (HlSipTransport *self)
{
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (HL_IS_SIP_TRANSPORT (self));

  if (self->running)
    return;

  uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "wss") != 0 &&
       !(g_strcmp0 (g_uri_get_scheme (uri), "ws") == 0 && hl_is_loopback_host (g_uri_get_host (uri)))))
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The phone server address must start with wss:// (ws:// only to this computer)")));
      return;
    }

  self->running = TRUE;
  self->attempt = 0;
  connect_now (self);
}

void
hl_sip_transport_stop (HlSipTransport *self)
{
  g_return_if_fail (HL_IS_SIP_TRANSPORT (self));

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  drop_connection (self);
  set_state (self, HL_SIP_TRANSPORT_DISCONNECTED);
}

gboolean
hl_sip_transport_send (HlSipTransport  *self,
                       HlSipMessage    *message,
                       GError         **error)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (HL_IS_SIP_TRANSPORT (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (self->state != HL_SIP_TRANSPORT_CONNECTED || self->connection == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Not connected to the phone server"));
      return FALSE;
    }

  text = hl_sip_message_to_string (message, &length);
  soup_websocket_connection_send_text (self->connection, text);

  return TRUE;
}

/* For tests: shorter reconnect delays. */
void
hl_sip_transport_set_backoff (HlSipTransport *self,
                              guint           min_ms,
                              guint           max_ms)
{
  g_return_if_fail (HL_IS_SIP_TRANSPORT (self));
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  self->min_backoff_ms = min_ms;
  self->max_backoff_ms = max_ms;
}

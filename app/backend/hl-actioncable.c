/* hl-actioncable.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCable"

#include "config.h"

#include <libsoup/soup.h>

#include "hl-actioncable.h"
#include "hl-backoff.h"
#include "hl-cable-frame.h"

/* HlActionCable keeps one ActionCable connection to Chatwoot's /cable and one RoomChannel
 * subscription on it (shared/specs/chatwoot/API.md §11), and turns its broadcasts into typed
 * ::event signals.
 *
 * States: DISCONNECTED → CONNECTING (handshake, then waiting for "welcome") → CONNECTED (welcome
 * came, subscribe sent) → SUBSCRIBED (confirmed). Whatever goes wrong — the socket closes, the
 * server sends "disconnect", the server stops pinging (it pings every 3 s), the subscription is
 * refused or never confirmed (Chatwoot confirms nothing on a bad token, it just logs) — ends in
 * DISCONNECTED with a reason, then a reconnect after a randomised exponential back-off (1–30 s),
 * which a connection that stayed subscribed for a while resets. A refused subscription waits the
 * longest delay: the owner should re-fetch the profile and call set_credentials(), which
 * reconnects at once.
 *
 * ActionCable never replays what was broadcast while a client was away, so ::resync-needed is
 * emitted after every successful (re)subscription: the sync layer then pulls the delta over REST.
 *
 * While subscribed, "update_presence" goes out every 15 s: Chatwoot counts an auto-offline agent
 * present only while some client of theirs called it within PRESENCE_DURATION (20 s), so the
 * dashboard's 20 s would let the agent flicker offline (API.md §11.3).
 *
 * Without a network (GNetworkMonitor) attempts slow down to one per longest delay; when the
 * network comes back the client reconnects at once. Loopback servers are always reachable. */

#define ROOM_CHANNEL                "RoomChannel"
#define DEFAULT_MIN_BACKOFF_MS      1000
#define DEFAULT_MAX_BACKOFF_MS      30000
#define DEFAULT_PING_TIMEOUT_MS     10000   /* the server pings every 3 s */
#define DEFAULT_CONFIRM_TIMEOUT_MS  10000
#define DEFAULT_PRESENCE_MS         15000
#define DEFAULT_STABLE_MS           30000

struct _HlActionCable
{
  GObject                   parent_instance;

  char                     *url;
  char                     *http_url;        /* the same with http(s):, for the SoupMessage */
  char                     *origin;
  gboolean                  is_loopback;
  GTlsCertificate          *trusted_certificate;  /* accepted despite its errors (see the client) */
  SoupSession              *session;
  SoupWebsocketConnection  *connection;
  GCancellable             *connect_cancellable;
  GNetworkMonitor          *monitor;
  gulong                    network_changed_id;
  gboolean                  network_available;

  char                     *pubsub_token;
  gint64                    account_id;
  gint64                    user_id;
  char                     *identifier;

  HlActionCableState        state;
  HlActionCableReason       reason;
  GError                   *last_error;
  GError                   *socket_error;    /* from ::error, reported when ::closed follows */
  gboolean                  running;
  gboolean                  hold;            /* the server said not to reconnect */

  guint                     reconnect_source;
  guint                     watchdog_source;
  guint                     confirm_source;
  guint                     presence_source;
  guint                     attempt;
  gint64                    subscribed_at;

  guint                     min_backoff_ms;
  guint                     max_backoff_ms;
  guint                     ping_timeout_ms;
  guint                     confirm_timeout_ms;
  guint                     presence_ms;
  guint                     stable_ms;
};

enum {
  PROP_0,
  PROP_URL,
  PROP_NETWORK_MONITOR,
  PROP_STATE,
  PROP_REASON,
  N_PROPS
};

enum {
  CONNECTED,
  DISCONNECTED,
  EVENT,
  RESYNC_NEEDED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlActionCable, hl_actioncable, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HlActionCableState, hl_actioncable_state,
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_SUBSCRIBED, "subscribed"))

G_DEFINE_ENUM_TYPE (HlActionCableReason, hl_actioncable_reason,
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_REASON_NONE, "none"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_REASON_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_REASON_SERVER_CLOSED, "server-closed"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_REASON_AUTH_REJECTED, "auth-rejected"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_REASON_PROTOCOL_ERROR, "protocol-error"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_REASON_PING_TIMEOUT, "ping-timeout"),
  G_DEFINE_ENUM_VALUE (HL_ACTIONCABLE_REASON_TLS_ERROR, "tls-error"))

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void connect_now        (HlActionCable *self);
static void schedule_reconnect (HlActionCable *self);

typedef struct
{
  GWeakRef      self;
  GCancellable *cancellable;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_weak_ref_clear (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

static const char *
state_name (HlActionCableState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_ACTIONCABLE_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value ? value->value_nick : "?";
}

static const char *
reason_name (HlActionCableReason reason)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_ACTIONCABLE_REASON);
  GEnumValue *value = g_enum_get_value (klass, reason);

  return value ? value->value_nick : "?";
}

static void
set_state (HlActionCable      *self,
           HlActionCableState  state)
{
  if (self->state == state)
    return;

  g_debug ("%s -> %s", state_name (self->state), state_name (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
set_reason (HlActionCable       *self,
            HlActionCableReason  reason)
{
  if (self->reason == reason)
    return;

  self->reason = reason;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REASON]);
}

static gboolean
network_usable (HlActionCable *self)
{
  return self->is_loopback || self->network_available;
}

static void
send_text (HlActionCable *self,
           const char    *text)
{
  if (self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  soup_websocket_connection_send_text (self->connection, text);
}

static void
drop_connection (HlActionCable *self)
{
  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  g_clear_handle_id (&self->confirm_source, g_source_remove);
  g_clear_handle_id (&self->presence_source, g_source_remove);

  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->connection);
    }

  g_clear_error (&self->socket_error);
}

/* Ends the current connection (or attempt) for @reason, tells the owner, and schedules the next
 * attempt. Takes @error (nullable). */
static void
lose_connection (HlActionCable       *self,
                 HlActionCableReason  reason,
                 GError              *error)
{
  g_autoptr(GError) owned = error;
  g_autoptr(HlActionCable) hold_ref = g_object_ref (self);
  gboolean was_up = self->state != HL_ACTIONCABLE_DISCONNECTED;

  if (owned != NULL)
    g_debug ("Connection lost (%s): %s", reason_name (reason), owned->message);
  else
    g_debug ("Connection lost (%s)", reason_name (reason));

  drop_connection (self);

  if (self->subscribed_at != 0 &&
      g_get_monotonic_time () - self->subscribed_at >= (gint64) self->stable_ms * 1000)
    self->attempt = 0;
  self->subscribed_at = 0;

  if (owned != NULL || reason == HL_ACTIONCABLE_REASON_NONE)
    {
      g_clear_error (&self->last_error);
      self->last_error = g_steal_pointer (&owned);
    }
  set_reason (self, reason);
  set_state (self, HL_ACTIONCABLE_DISCONNECTED);

  if (was_up)
    g_signal_emit (self, signals [DISCONNECTED], 0, reason);

  schedule_reconnect (self);
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  HlActionCable *self = user_data;

  self->reconnect_source = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (HlActionCable *self)
{
  guint delay;

  g_clear_handle_id (&self->reconnect_source, g_source_remove);

  if (!self->running || self->hold || self->pubsub_token == NULL ||
      self->state != HL_ACTIONCABLE_DISCONNECTED)
    return;

  /* Without a network (as GNetworkMonitor sees it), and after a refused token, which won't get
   * better by hammering, only try now and then. The monitor can be wrong (a split-tunnel VPN
   * without a default route), so "offline" slows the retries down but doesn't stop them; the
   * network coming back, or new credentials, reconnect at once. */
  if (!network_usable (self) || self->reason == HL_ACTIONCABLE_REASON_AUTH_REJECTED)
    delay = hl_backoff_delay (G_MAXUINT, self->min_backoff_ms, self->max_backoff_ms,
                                         g_random_double ());
  else
    delay = hl_backoff_delay (self->attempt++, self->min_backoff_ms, self->max_backoff_ms,
                                         g_random_double ());

  g_debug ("Reconnecting in %u ms", delay);
  self->reconnect_source = g_timeout_add (delay, on_reconnect_timeout, self);
}

static gboolean
on_watchdog (gpointer user_data)
{
  HlActionCable *self = user_data;

  self->watchdog_source = 0;

  if (self->state == HL_ACTIONCABLE_CONNECTING && self->connection == NULL)
    lose_connection (self, HL_ACTIONCABLE_REASON_OFFLINE,
                     g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                          "Timed out connecting to the Chatwoot server"));
  else if (self->state == HL_ACTIONCABLE_CONNECTING)
    lose_connection (self, HL_ACTIONCABLE_REASON_PROTOCOL_ERROR,
                     g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                          "The server accepted the WebSocket but never welcomed the client"));
  else
    lose_connection (self, HL_ACTIONCABLE_REASON_PING_TIMEOUT,
                     g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                  "The server sent nothing for %u ms", self->ping_timeout_ms));

  return G_SOURCE_REMOVE;
}

static void
arm_watchdog (HlActionCable *self,
              guint          timeout_ms)
{
  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  self->watchdog_source = g_timeout_add (timeout_ms, on_watchdog, self);
}

static gboolean
on_confirm_timeout (gpointer user_data)
{
  HlActionCable *self = user_data;

  self->confirm_source = 0;
  lose_connection (self, HL_ACTIONCABLE_REASON_AUTH_REJECTED,
                   g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                        "The server did not confirm the subscription"));

  return G_SOURCE_REMOVE;
}

static gboolean
on_presence (gpointer user_data)
{
  HlActionCable *self = user_data;
  g_autofree char *command = hl_cable_frame_build_perform (self->identifier, "update_presence", NULL);

  send_text (self, command);

  return G_SOURCE_CONTINUE;
}

static void
handle_welcome (HlActionCable *self)
{
  g_autofree char *command = NULL;

  if (self->state != HL_ACTIONCABLE_CONNECTING)
    {
      g_debug ("Ignoring a second welcome");
      return;
    }

  set_state (self, HL_ACTIONCABLE_CONNECTED);
  g_signal_emit (self, signals [CONNECTED], 0);
  if (self->state != HL_ACTIONCABLE_CONNECTED)
    return;

  command = hl_cable_frame_build_subscribe (self->identifier);
  send_text (self, command);
  g_clear_handle_id (&self->confirm_source, g_source_remove);
  self->confirm_source = g_timeout_add (self->confirm_timeout_ms, on_confirm_timeout, self);
}

static void
handle_confirm (HlActionCable *self,
                HlCableFrame  *frame)
{
  if (self->state != HL_ACTIONCABLE_CONNECTED || g_strcmp0 (frame->identifier, self->identifier) != 0)
    {
      g_debug ("Ignoring a confirmation of another subscription");
      return;
    }

  g_clear_handle_id (&self->confirm_source, g_source_remove);
  self->subscribed_at = g_get_monotonic_time ();
  set_reason (self, HL_ACTIONCABLE_REASON_NONE);
  set_state (self, HL_ACTIONCABLE_SUBSCRIBED);
  g_clear_handle_id (&self->presence_source, g_source_remove);
  self->presence_source = g_timeout_add (self->presence_ms, on_presence, self);

  g_signal_emit (self, signals [RESYNC_NEEDED], 0);
}

static void
handle_disconnect (HlActionCable *self,
                   HlCableFrame  *frame)
{
  HlActionCableReason reason = HL_ACTIONCABLE_REASON_SERVER_CLOSED;

  if (g_strcmp0 (frame->reason, "unauthorized") == 0)
    reason = HL_ACTIONCABLE_REASON_AUTH_REJECTED;
  else if (g_strcmp0 (frame->reason, "invalid_request") == 0)
    reason = HL_ACTIONCABLE_REASON_PROTOCOL_ERROR;

  if (!frame->reconnect)
    self->hold = TRUE;

  lose_connection (self, reason,
                   g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                "The server disconnected the client (%s)%s",
                                frame->reason ? frame->reason : "no reason given",
                                frame->reconnect ? "" : " and asked it not to reconnect"));
}

static void
handle_message (HlActionCable *self,
                HlCableFrame  *frame)
{
  g_autoptr(HlChatwootEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account_id;

  if (self->state != HL_ACTIONCABLE_SUBSCRIBED || g_strcmp0 (frame->identifier, self->identifier) != 0)
    {
      g_debug ("Ignoring a broadcast on another subscription");
      return;
    }

  event = hl_chatwoot_event_new_from_frame (frame, &error);
  if (event == NULL)
    {
      g_warning ("Ignoring a Chatwoot event: %s", error->message);
      return;
    }

  if (hl_chatwoot_event_get_kind (event) == HL_CHATWOOT_EVENT_UNKNOWN)
    {
      g_debug ("Ignoring unknown Chatwoot event “%s”", hl_chatwoot_event_get_name (event));
      return;
    }

  /* User-stream events reach every subscription of the user (API.md §11.2). */
  account_id = hl_chatwoot_event_get_account_id (event);
  if (account_id != 0 && self->account_id != 0 && account_id != self->account_id)
    {
      g_debug ("Ignoring %s of account %" G_GINT64_FORMAT, hl_chatwoot_event_get_name (event), account_id);
      return;
    }

  g_signal_emit (self, signals [EVENT], 0, event);
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            gpointer                 user_data)
{
  HlActionCable *self = user_data;
  g_autoptr(HlActionCable) hold_ref = g_object_ref (self);
  g_autoptr(HlCableFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize length;

  /* Any frame proves the connection alive, not only pings. */
  arm_watchdog (self, self->ping_timeout_ms);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_warning ("Ignoring a binary ActionCable frame");
      return;
    }

  text = g_bytes_get_data (message, &length);
  frame = hl_cable_frame_parse (text, length, &error);
  if (frame == NULL)
    {
      g_warning ("Ignoring an ActionCable frame: %s", error->message);
      return;
    }

  switch (frame->type)
    {
    case HL_CABLE_FRAME_WELCOME:
      handle_welcome (self);
      break;

    case HL_CABLE_FRAME_PING:
      break;

    case HL_CABLE_FRAME_CONFIRM_SUBSCRIPTION:
      handle_confirm (self, frame);
      break;

    case HL_CABLE_FRAME_REJECT_SUBSCRIPTION:
      if (g_strcmp0 (frame->identifier, self->identifier) == 0)
        lose_connection (self, HL_ACTIONCABLE_REASON_AUTH_REJECTED,
                         g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                              "The server refused the subscription"));
      break;

    case HL_CABLE_FRAME_DISCONNECT:
      handle_disconnect (self, frame);
      break;

    case HL_CABLE_FRAME_MESSAGE:
      handle_message (self, frame);
      break;

    case HL_CABLE_FRAME_UNKNOWN:
    default:
      g_debug ("Ignoring an ActionCable frame of type “%s”", frame->type_name);
      break;
    }
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  HlActionCable *self = user_data;

  g_debug ("WebSocket error: %s", error->message);
  if (self->socket_error == NULL)
    self->socket_error = g_error_copy (error);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  HlActionCable *self = user_data;
  GError *error = g_steal_pointer (&self->socket_error);

  if (error == NULL)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         "The server closed the connection (code %u)",
                         soup_websocket_connection_get_close_code (connection));

  lose_connection (self, HL_ACTIONCABLE_REASON_SERVER_CLOSED, error);
}

static HlActionCableReason
reason_for_connect_error (const GError *error)
{
  if (error->domain == G_TLS_ERROR)
    return HL_ACTIONCABLE_REASON_TLS_ERROR;
  if (error->domain == SOUP_WEBSOCKET_ERROR || error->domain == SOUP_SESSION_ERROR)
    return HL_ACTIONCABLE_REASON_PROTOCOL_ERROR;

  return HL_ACTIONCABLE_REASON_OFFLINE;
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ConnectData *data = user_data;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(HlActionCable) self = NULL;
  g_autoptr(GError) error = NULL;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);

  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (self = g_weak_ref_get (&data->self)) == NULL)
    {
      connect_data_free (data);
      return;
    }
  connect_data_free (data);
  g_clear_object (&self->connect_cancellable);

  if (connection == NULL)
    {
      HlActionCableReason reason = reason_for_connect_error (error);

      lose_connection (self, reason, g_steal_pointer (&error));
      return;
    }

  g_debug ("WebSocket open (subprotocol %s)",
           soup_websocket_connection_get_protocol (connection) ?: "none");

  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, HL_CABLE_FRAME_MAX_SIZE);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (on_error), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
}

/* Only the one certificate the agent chose to trust for this server, as the REST client does. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       GTlsCertificate      *trusted)
{
  return g_tls_certificate_is_same (trusted, certificate);
}

static void
connect_now (HlActionCable *self)
{
  static const char * const protocols[] = { "actioncable-v1-json", NULL };
  g_autoptr(SoupMessage) message = NULL;
  ConnectData *data;

  g_clear_handle_id (&self->reconnect_source, g_source_remove);

  if (!self->running || self->pubsub_token == NULL || self->state != HL_ACTIONCABLE_DISCONNECTED)
    return;

  if (self->http_url != NULL)
    message = soup_message_new (SOUP_METHOD_GET, self->http_url);
  if (message == NULL)
    {
      self->hold = TRUE;
      lose_connection (self, HL_ACTIONCABLE_REASON_PROTOCOL_ERROR,
                       g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                            "The ActionCable URL is not valid"));
      return;
    }

  if (self->trusted_certificate != NULL)
    g_signal_connect_data (message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           g_object_ref (self->trusted_certificate), (GClosureNotify) g_object_unref, 0);

  set_state (self, HL_ACTIONCABLE_CONNECTING);

  self->connect_cancellable = g_cancellable_new ();
  data = g_new0 (ConnectData, 1);
  g_weak_ref_init (&data->self, self);
  data->cancellable = g_object_ref (self->connect_cancellable);

  soup_session_websocket_connect_async (self->session, message, self->origin, (char **) protocols,
                                        G_PRIORITY_DEFAULT, self->connect_cancellable,
                                        on_connected, data);

  /* Covers the handshake and the welcome. */
  arm_watchdog (self, 2 * self->ping_timeout_ms);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  HlActionCable *self = user_data;
  gboolean came_back = available && !self->network_available;
  gboolean went_away = !available && self->network_available;

  self->network_available = available;

  if (!network_usable (self))
    {
      /* Don't spin: a pending attempt is pushed back to the slow pace. */
      if (went_away && self->reconnect_source != 0)
        schedule_reconnect (self);
      return;
    }

  if (self->running && !self->hold && self->state == HL_ACTIONCABLE_DISCONNECTED &&
      (came_back || self->reason == HL_ACTIONCABLE_REASON_OFFLINE))
    {
      g_debug ("Network changed: reconnecting now");
      connect_now (self);
    }
}

static void
parse_url (HlActionCable *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *scheme;
  const char *http_scheme;
  const char *host;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "wss") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    http_scheme = "https";
  else if (g_ascii_strcasecmp (scheme, "ws") == 0 || g_ascii_strcasecmp (scheme, "http") == 0)
    http_scheme = "http";
  else
    return;

  host = g_uri_get_host (uri);
  self->http_url = g_uri_join (G_URI_FLAGS_NONE, http_scheme, g_uri_get_userinfo (uri), host,
                               g_uri_get_port (uri), g_uri_get_path (uri), g_uri_get_query (uri),
                               NULL);
  /* Chatwoot checks no Origin (API.md §11.1); the server's own origin passes Rails' default
   * same-origin check should an install turn forgery protection back on. */
  self->origin = g_uri_join (G_URI_FLAGS_NONE, http_scheme, NULL, host, g_uri_get_port (uri), "",
                             NULL, NULL);

  address = g_inet_address_new_from_string (host);
  self->is_loopback = g_ascii_strcasecmp (host, "localhost") == 0 ||
                      (address != NULL && g_inet_address_get_is_loopback (address));
}

static void
hl_actioncable_constructed (GObject *object)
{
  HlActionCable *self = (HlActionCable *) object;

  G_OBJECT_CLASS (hl_actioncable_parent_class)->constructed (object);

  parse_url (self);

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (on_network_changed), self);

  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
}

static void
hl_actioncable_dispose (GObject *object)
{
  HlActionCable *self = (HlActionCable *) object;

  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  drop_connection (self);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->trusted_certificate);

  G_OBJECT_CLASS (hl_actioncable_parent_class)->dispose (object);
}

static void
hl_actioncable_finalize (GObject *object)
{
  HlActionCable *self = (HlActionCable *) object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->http_url, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->pubsub_token, g_free);
  g_clear_pointer (&self->identifier, g_free);
  g_clear_error (&self->last_error);
  g_clear_error (&self->socket_error);

  G_OBJECT_CLASS (hl_actioncable_parent_class)->finalize (object);
}

static void
hl_actioncable_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HlActionCable *self = HL_ACTIONCABLE (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_REASON:
      g_value_set_enum (value, self->reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_actioncable_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HlActionCable *self = HL_ACTIONCABLE (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;

    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_actioncable_class_init (HlActionCableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hl_actioncable_constructed;
  object_class->dispose = hl_actioncable_dispose;
  object_class->finalize = hl_actioncable_finalize;
  object_class->get_property = hl_actioncable_get_property;
  object_class->set_property = hl_actioncable_set_property;

  properties [PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HL_TYPE_ACTIONCABLE_STATE, HL_ACTIONCABLE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_REASON] =
    g_param_spec_enum ("reason", NULL, NULL, HL_TYPE_ACTIONCABLE_REASON, HL_ACTIONCABLE_REASON_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Welcome received: the server speaks ActionCable. The subscription follows. */
  signals [CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* The connection (or attempt) that had begun is gone; a reconnect is scheduled if allowed. */
  signals [DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HL_TYPE_ACTIONCABLE_REASON);

  /* A validated Chatwoot event of a known kind, for this subscription's account. */
  signals [EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HL_TYPE_CHATWOOT_EVENT);

  /* Subscribed (again): whatever happened while not subscribed was lost; pull the delta. */
  signals [RESYNC_NEEDED] =
    g_signal_new ("resync-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hl_actioncable_init (HlActionCable *self)
{
  self->min_backoff_ms = DEFAULT_MIN_BACKOFF_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
  self->ping_timeout_ms = DEFAULT_PING_TIMEOUT_MS;
  self->confirm_timeout_ms = DEFAULT_CONFIRM_TIMEOUT_MS;
  self->presence_ms = DEFAULT_PRESENCE_MS;
  self->stable_ms = DEFAULT_STABLE_MS;
}

/**
 * hl_actioncable_new:
 * @url: the cable URL, `wss://host/cable` (ws:, http: and https: work too)
 * @monitor: (nullable): the network monitor to follow; %NULL for the default one
 *
 * Returns: (transfer full): a stopped client; give it credentials and start it
 */
HlActionCable *
hl_actioncable_new (const char      *url,
                    GNetworkMonitor *monitor)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  return g_object_new (HL_TYPE_ACTIONCABLE, "url", url, "network-monitor", monitor, NULL);
}

/* A certificate the agent chose to trust for this server (saved with the account): exactly this
 * one is accepted despite its errors. NULL trusts only valid ones. */
void
hl_actioncable_set_trusted_certificate (HlActionCable   *self,
                                        GTlsCertificate *certificate)
{
  g_return_if_fail (HL_IS_ACTIONCABLE (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->trusted_certificate, certificate);
}

const char *
hl_actioncable_get_url (HlActionCable *self)
{
  g_return_val_if_fail (HL_IS_ACTIONCABLE (self), NULL);

  return self->url;
}

HlActionCableState
hl_actioncable_get_state (HlActionCable *self)
{
  g_return_val_if_fail (HL_IS_ACTIONCABLE (self), HL_ACTIONCABLE_DISCONNECTED);

  return self->state;
}

HlActionCableReason
hl_actioncable_get_reason (HlActionCable *self)
{
  g_return_val_if_fail (HL_IS_ACTIONCABLE (self), HL_ACTIONCABLE_REASON_NONE);

  return self->reason;
}

/**
 * hl_actioncable_get_last_error:
 *
 * Returns: (nullable) (transfer none): what ended the last connection, for the UI
 */
const GError *
hl_actioncable_get_last_error (HlActionCable *self)
{
  g_return_val_if_fail (HL_IS_ACTIONCABLE (self), NULL);

  return self->last_error;
}

/**
 * hl_actioncable_set_credentials:
 * @pubsub_token: (nullable): the profile's pubsub_token (API.md §1.3); %NULL disconnects
 * @account_id: the account whose events to receive
 * @user_id: the profile's id
 *
 * Sets what to subscribe with. A change while running reconnects at once.
 */
void
hl_actioncable_set_credentials (HlActionCable *self,
                                const char    *pubsub_token,
                                gint64         account_id,
                                gint64         user_id)
{
  g_autofree char *identifier = NULL;

  g_return_if_fail (HL_IS_ACTIONCABLE (self));
  g_return_if_fail (pubsub_token == NULL || (account_id > 0 && user_id > 0));

  if (pubsub_token != NULL)
    identifier = hl_cable_frame_build_identifier (ROOM_CHANNEL, pubsub_token, account_id, user_id);

  if (g_strcmp0 (identifier, self->identifier) == 0)
    return;

  g_free (self->pubsub_token);
  self->pubsub_token = g_strdup (pubsub_token);
  self->account_id = account_id;
  self->user_id = user_id;
  g_free (self->identifier);
  self->identifier = g_steal_pointer (&identifier);

  hl_actioncable_reconnect (self);
}

/* Connects, and keeps reconnecting until stopped. */
void
hl_actioncable_start (HlActionCable *self)
{
  g_return_if_fail (HL_IS_ACTIONCABLE (self));

  self->running = TRUE;
  self->hold = FALSE;
  if (self->state != HL_ACTIONCABLE_DISCONNECTED || self->reconnect_source != 0)
    return;

  if (network_usable (self))
    connect_now (self);
  else
    {
      g_debug ("No network: waiting for it");
      set_reason (self, HL_ACTIONCABLE_REASON_OFFLINE);
      schedule_reconnect (self);
    }
}

/* Closes the connection and stays disconnected. */
void
hl_actioncable_stop (HlActionCable *self)
{
  g_return_if_fail (HL_IS_ACTIONCABLE (self));

  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);

  if (self->state == HL_ACTIONCABLE_SUBSCRIBED)
    {
      g_autofree char *command = hl_cable_frame_build_unsubscribe (self->identifier);

      send_text (self, command);
    }

  lose_connection (self, HL_ACTIONCABLE_REASON_NONE, NULL);
}

/* Drops any connection and, if running, connects again at once with a fresh back-off: for new
 * credentials, or the owner's "sync now". */
void
hl_actioncable_reconnect (HlActionCable *self)
{
  gboolean running;

  g_return_if_fail (HL_IS_ACTIONCABLE (self));

  running = self->running;
  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->state != HL_ACTIONCABLE_DISCONNECTED)
    lose_connection (self, HL_ACTIONCABLE_REASON_NONE, NULL);
  self->running = running;

  self->attempt = 0;
  self->hold = FALSE;
  connect_now (self);
}

void
hl_actioncable_set_timings (HlActionCable *self,
                            guint          min_backoff_ms,
                            guint          max_backoff_ms,
                            guint          ping_timeout_ms,
                            guint          confirm_timeout_ms,
                            guint          presence_interval_ms,
                            guint          stable_ms)
{
  g_return_if_fail (HL_IS_ACTIONCABLE (self));
  g_return_if_fail (min_backoff_ms > 0 && max_backoff_ms >= min_backoff_ms);
  g_return_if_fail (ping_timeout_ms > 0 && confirm_timeout_ms > 0 && presence_interval_ms > 0);

  self->min_backoff_ms = min_backoff_ms;
  self->max_backoff_ms = max_backoff_ms;
  self->ping_timeout_ms = ping_timeout_ms;
  self->confirm_timeout_ms = confirm_timeout_ms;
  self->presence_ms = presence_interval_ms;
  self->stable_ms = stable_ms;
}

/* The number of reconnect attempts since the last stable connection. */
guint
hl_actioncable_get_attempt (HlActionCable *self)
{
  g_return_val_if_fail (HL_IS_ACTIONCABLE (self), 0);

  return self->attempt;
}

/* hl-chatwoot-client.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwoot"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hl-backend-error.h"
#include "hl-chatwoot-client.h"
#include "hl-enums.h"
#include "hl-provision.h"
#include "hl-store-db.h"

#define DEFAULT_TIMEOUT      30   /* seconds */
#define DEFAULT_RETRY_AFTER  30   /* seconds, when a 429 doesn't say */
#define MAX_RETRY_AFTER      3600
#define STATUS_TOO_MANY_REQUESTS 429   /* RFC 6585; libsoup 3.2 has no name for it */

struct _HlChatwootClient
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;    /* without a trailing slash */
  char            *host;
  gint64           account_id;
  char            *access_token;
  GTlsCertificate *trusted_certificate;
};

G_DEFINE_FINAL_TYPE (HlChatwootClient, hl_chatwoot_client, G_TYPE_OBJECT)

typedef gpointer (*MapFunc) (JsonNode  *root,
                             GError   **error);

typedef struct
{
  SoupMessage          *message;
  char                 *host;
  char                 *description;   /* "GET /api/v1/profile", for debug messages */
  GTlsCertificate      *trusted;
  GTlsCertificate      *peer_certificate;
  GTlsCertificateFlags  peer_errors;
  MapFunc               map;
  GDestroyNotify        result_free;
  gboolean              is_sign_in;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->trusted);
  g_clear_object (&request->peer_certificate);
  g_free (request->host);
  g_free (request->description);
  g_free (request);
}

/* Debug output of libsoup's logger, with every credential blanked out. */
static void
log_printer (SoupLogger         *logger,
             SoupLoggerLogLevel  level,
             char                direction,
             const char         *data,
             gpointer            user_data)
{
  static const char * const secret_headers[] = {
    "api_access_token:", "access-token:", "authorization:", "cookie:", "set-cookie:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (secret_headers); i++)
    {
      gsize len = strlen (secret_headers[i]);

      if (g_ascii_strncasecmp (data, secret_headers[i], len) == 0)
        {
          g_debug ("%c %.*s [redacted]", direction, (int) len, data);
          return;
        }
    }

  g_debug ("%c %s", direction, data);
}

static void
hl_chatwoot_client_finalize (GObject *object)
{
  HlChatwootClient *self = (HlChatwootClient *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->trusted_certificate);
  g_free (self->base_url);
  g_free (self->host);
  if (self->access_token != NULL)
    memset (self->access_token, 0, strlen (self->access_token));
  g_free (self->access_token);

  G_OBJECT_CLASS (hl_chatwoot_client_parent_class)->finalize (object);
}

static void
hl_chatwoot_client_class_init (HlChatwootClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hl_chatwoot_client_finalize;
}

static void
hl_chatwoot_client_init (HlChatwootClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Helpline/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT,
                                                 "idle-timeout", 60,
                                                 NULL);

  /* Headers only (never bodies, which hold passwords at sign-in), and only when someone asked
   * for this domain's debug messages. */
  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

      soup_logger_set_printer (logger, log_printer, NULL, NULL);
      soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
    }
}

/* @base_url: https://…, or http:// to a loopback host (tests, a local server). */
HlChatwootClient *
hl_chatwoot_client_new (const char  *base_url,
                        gint64       account_id,
                        GError     **error)
{
  g_autoptr(HlChatwootClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;
  g_autofree char *url = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;

  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid server address."), base_url);
      return NULL;
    }

  if (g_str_equal (scheme, "http") && !hl_is_loopback_host (host))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The server address must start with https://."));
      return NULL;
    }

  url = g_strdup (base_url);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  self = g_object_new (HL_TYPE_CHATWOOT_CLIENT, NULL);
  self->base_url = g_steal_pointer (&url);
  self->host = g_strdup (host);
  self->account_id = account_id;

  return g_steal_pointer (&self);
}

const char *
hl_chatwoot_client_get_base_url (HlChatwootClient *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (self), NULL);

  return self->base_url;
}

gint64
hl_chatwoot_client_get_account_id (HlChatwootClient *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (self), 0);

  return self->account_id;
}

void
hl_chatwoot_client_set_account_id (HlChatwootClient *self,
                                   gint64            account_id)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  self->account_id = account_id;
}

void
hl_chatwoot_client_set_access_token (HlChatwootClient *self,
                                     const char       *access_token)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  if (self->access_token != NULL)
    memset (self->access_token, 0, strlen (self->access_token));
  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
}

gboolean
hl_chatwoot_client_has_access_token (HlChatwootClient *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (self), FALSE);

  return self->access_token != NULL && *self->access_token != '\0';
}

/* A certificate the agent chose to trust after seeing its details (an HL_BACKEND_ERROR_TLS error):
 * exactly this certificate is then accepted despite its errors. NULL trusts only valid ones. */
void
hl_chatwoot_client_set_trusted_certificate (HlChatwootClient *self,
                                            GTlsCertificate  *certificate)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->trusted_certificate, certificate);
}

void
hl_chatwoot_client_set_timeout (HlChatwootClient *self,
                                guint             seconds)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

/* Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
guint
hl_chatwoot_parse_retry_after (const char *value,
                               GDateTime  *now)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;

  if (value == NULL)
    return DEFAULT_RETRY_AFTER;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));

      if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT64, &seconds, NULL))
        return DEFAULT_RETRY_AFTER;
      return (guint) CLAMP (seconds, 1, MAX_RETRY_AFTER);
    }

  if ((when = soup_date_time_new_from_http_string (value)) != NULL)
    {
      g_autoptr(GDateTime) current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
      gint64 diff = g_date_time_to_unix (when) - g_date_time_to_unix (current);

      return (guint) CLAMP (diff, 1, MAX_RETRY_AFTER);
    }

  return DEFAULT_RETRY_AFTER;
}

/* Requests ----------------------------------------------------------------------------------------- */

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;

  g_set_object (&request->peer_certificate, certificate);
  request->peer_errors = errors;

  if (request->trusted != NULL && g_tls_certificate_is_same (request->trusted, certificate))
    {
      g_debug ("Accepting the certificate of %s that the user trusted", request->host);
      return TRUE;
    }

  g_debug ("Refusing the certificate of %s (errors 0x%x)", request->host, errors);
  return FALSE;
}

static gboolean
is_json_type (SoupMessage *message)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  return type != NULL &&
         (g_ascii_strcasecmp (type, "application/json") == 0 || g_str_has_suffix (type, "+json"));
}

static gboolean
looks_like_html (SoupMessage *message,
                 GBytes      *body)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (type != NULL && (g_ascii_strcasecmp (type, "text/html") == 0 ||
                       g_ascii_strcasecmp (type, "application/xhtml+xml") == 0))
    return TRUE;

  for (gsize i = 0; i < size; i++)
    if (!g_ascii_isspace (data[i]))
      return data[i] == '<';

  return FALSE;
}

static gboolean
is_blank (GBytes *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  for (gsize i = 0; i < size; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;

  return TRUE;
}

static JsonNode *
parse_body (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (size > G_MAXSSIZE || !json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

/* The server's own words from an error body: {"error": "…"}, {"message": "…"}, or Prism's
 * {"title"/"detail"}; NULL when there are none. */
static char *
server_message (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  static const char * const keys[] = { "error", "message", "detail", "title", "description" };

  if (body == NULL || is_blank (body) || (root = parse_body (body, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *node = json_object_get_member (object, keys[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_utf8_validate (json_node_get_string (node), -1, NULL))
        return g_strndup (json_node_get_string (node), 500);
    }

  /* {"errors": ["…"]} as devise answers a failed sign-in */
  if (json_object_has_member (object, "errors"))
    {
      JsonNode *node = json_object_get_member (object, "errors");

      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
        {
          JsonNode *first = json_array_get_element (json_node_get_array (node), 0);

          if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING &&
              g_utf8_validate (json_node_get_string (first), -1, NULL))
            return g_strndup (json_node_get_string (first), 500);
        }
    }

  return NULL;
}

static GError *
not_chatwoot_error (Request *request)
{
  return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_NOT_CHATWOOT,
                      _("%s answered, but it is not a Chatwoot server. Check the server address."),
                      request->host);
}

static GError *
transport_error (Request *request,
                 GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (request->peer_errors != 0)
    return hl_backend_error_new_tls (request->peer_certificate, request->peer_errors, request->host);

  if (error->domain == G_TLS_ERROR)
    {
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_TLS,
                            _("%s does not offer a secure connection."), request->host);

      return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_TLS,
                          _("The secure connection to %s failed: %s"), request->host, error->message);
    }

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE,
                        _("Could not find the server %s. Check the address and the network connection."),
                        request->host);

  if (error->domain == SOUP_SESSION_ERROR)
    {
      switch ((SoupSessionError) error->code)
        {
        case SOUP_SESSION_ERROR_PARSING:
        case SOUP_SESSION_ERROR_ENCODING:
        case SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS:
        case SOUP_SESSION_ERROR_TOO_MANY_RESTARTS:
        case SOUP_SESSION_ERROR_REDIRECT_NO_LOCATION:
        case SOUP_SESSION_ERROR_REDIRECT_BAD_URI:
          return not_chatwoot_error (request);

        case SOUP_SESSION_ERROR_MESSAGE_ALREADY_IN_QUEUE:
        default:
          break;
        }
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE,
                        _("%s refused the connection. Is the server running?"), request->host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE,
                        _("There is no network connection to %s."), request->host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE,
                        _("%s did not answer in time."), request->host);

  return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE,
                      _("The connection to %s failed: %s"), request->host, error->message);
}

static GError *
status_error (Request *request,
              guint    status,
              GBytes  *body)
{
  SoupMessage *message = request->message;
  g_autofree char *detail = server_message (body);
  gboolean json = is_json_type (message) || detail != NULL;

  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");

      return hl_backend_error_new_rate_limited (hl_chatwoot_parse_retry_after (value, NULL));
    }

  if (status >= 500)
    {
      if (detail != NULL)
        return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_SERVER,
                            _("The server had a problem (%u): %s"), status, detail);
      return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_SERVER,
                          _("The server had a problem (%u). Trying again later."), status);
    }

  /* Redirects are not followed: the token header would go along to wherever they point */
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");

      return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_NOT_CHATWOOT,
                          _("%s sends requests elsewhere (%s). Check the server address."),
                          request->host, location ? location : "?");
    }

  /* Whatever answers with a web page here is not Chatwoot's API */
  if (!json && body != NULL && looks_like_html (message, body))
    return not_chatwoot_error (request);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      if (request->is_sign_in)
        return g_error_new_literal (HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH,
                                    _("The email address or the password is wrong."));
      return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH,
                          _("The server refused the access token: %s"),
                          detail ? detail : _("not authorized"));

    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_FORBIDDEN,
                          _("The server does not allow this: %s"),
                          detail ? detail : _("forbidden"));

    case SOUP_STATUS_NOT_FOUND:
      if (!json)
        return not_chatwoot_error (request);
      return g_error_new_literal (HL_BACKEND_ERROR, HL_BACKEND_ERROR_NOT_FOUND,
                                  _("The server no longer has this item."));

    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_CONFLICT,
                          _("The server refused the change: %s"),
                          detail ? detail : _("no reason given"));

    default:
      return g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_FAILED,
                          _("The server refused the request (%u): %s"), status,
                          detail ? detail : soup_status_get_phrase (status));
    }
}

/* A 206 to a sign-in: {"mfa_required": true, "mfa_token": "…"} */
static GError *
mfa_error (GBytes *body)
{
  g_autoptr(JsonNode) root = body ? parse_body (body, NULL) : NULL;
  JsonNode *token;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (token = json_object_get_member (json_node_get_object (root), "mfa_token")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (token) || json_node_get_value_type (token) != G_TYPE_STRING ||
      *json_node_get_string (token) == '\0')
    return g_error_new_literal (HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED,
                                _("The server asked for a one-time code but sent no token for it."));

  return hl_backend_error_new_mfa_required (json_node_get_string (token));
}

static void
on_send_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (body == NULL)
    {
      g_debug ("%s failed: %s", request->description, error->message);
      g_task_return_error (task, transport_error (request, error));
      return;
    }

  status = soup_message_get_status (request->message);
  g_debug ("%s → %u (%" G_GSIZE_FORMAT " bytes)", request->description, status, g_bytes_get_size (body));

  if (request->is_sign_in && status == SOUP_STATUS_PARTIAL_CONTENT)
    {
      g_task_return_error (task, mfa_error (body));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, status_error (request, status, body));
      return;
    }

  if (is_blank (body))
    root = json_node_new (JSON_NODE_NULL);
  else if (!is_json_type (request->message) && looks_like_html (request->message, body))
    {
      g_task_return_error (task, not_chatwoot_error (request));
      return;
    }
  else if ((root = parse_body (body, &error)) == NULL)
    {
      if (!is_json_type (request->message))
        g_task_return_error (task, not_chatwoot_error (request));
      else
        g_task_return_new_error (task, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED,
                                 _("The server’s answer is not valid JSON: %s"), error->message);
      return;
    }

  if (request->map != NULL)
    {
      gpointer mapped = request->map (root, &error);

      if (mapped == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, mapped, request->result_free);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
}

static void
append_query (GString            *url,
              const char * const *query)
{
  gboolean first = TRUE;

  for (guint i = 0; query != NULL && query[i] != NULL && query[i + 1] != NULL; i += 2)
    {
      g_autofree char *key = g_uri_escape_string (query[i], "[]", FALSE);
      g_autofree char *value = g_uri_escape_string (query[i + 1], NULL, FALSE);

      g_string_append_c (url, first ? '?' : '&');
      g_string_append_printf (url, "%s=%s", key, value);
      first = FALSE;
    }
}

static void
start_request (HlChatwootClient    *self,
               const char          *method,
               const char          *path,
               const char * const  *query,
               JsonNode            *body,
               SoupMultipart       *form,
               MapFunc              map,
               GDestroyNotify       result_free,
               gboolean             is_sign_in,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) url = g_string_new (self->base_url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  g_string_append (url, path);
  append_query (url, query);

  request = g_new0 (Request, 1);
  request->host = g_strdup (self->host);
  request->description = g_strdup_printf ("%s %s", method, path);
  request->trusted = self->trusted_certificate ? g_object_ref (self->trusted_certificate) : NULL;
  request->map = map;
  request->result_free = result_free;
  request->is_sign_in = is_sign_in;
  g_task_set_task_data (task, request, request_free);

  request->message = soup_message_new (method, url->str);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid server address."), self->base_url);
      return;
    }

  if (!is_sign_in && !hl_chatwoot_client_has_access_token (self))
    {
      g_task_return_new_error (task, HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH,
                               _("Sign in to the Chatwoot server first."));
      return;
    }

  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (!is_sign_in)
    soup_message_headers_replace (headers, "api_access_token", self->access_token);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
    }
  else if (form != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;

      /* Sets the Content-Type with the boundary in the headers. */
      soup_multipart_to_message (form, headers, &bytes);
      soup_message_set_request_body_from_bytes (request->message, NULL, bytes);
    }

  g_signal_connect (request->message, "accept-certificate", G_CALLBACK (on_accept_certificate), request);

  g_debug ("%s", request->description);
  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_send_done, g_steal_pointer (&task));
}

static char *
account_path (HlChatwootClient *self,
              const char       *format,
              ...) G_GNUC_PRINTF (2, 3);

static char *
account_path (HlChatwootClient *self,
              const char       *format,
              ...)
{
  g_autofree char *rest = NULL;
  va_list args;

  va_start (args, format);
  rest = g_strdup_vprintf (format, args);
  va_end (args);

  return g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/%s", self->account_id, rest);
}

/* Any request with the token header, for the API this class has no call for. @path starts with
 * "/" and is relative to the base URL; @query holds key, value, key, value, …, NULL (unescaped);
 * @body is sent as JSON when not NULL. Finish with hl_chatwoot_client_call_finish (). */
void
hl_chatwoot_client_request_async (HlChatwootClient    *self,
                                  const char          *method,
                                  const char          *path,
                                  const char * const  *query,
                                  JsonNode            *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_request (self, method, path, query, body, NULL, NULL, NULL, FALSE, hl_chatwoot_client_request_async,
                 cancellable, callback, user_data);
}

JsonNode *
hl_chatwoot_client_call_finish (HlChatwootClient  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
account_request (HlChatwootClient    *self,
                 const char          *method,
                 char                *path,   /* (transfer full) */
                 const char * const  *query,
                 JsonNode            *body,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autofree char *owned = path;

  start_request (self, method, owned, query, body, NULL, NULL, NULL, FALSE, hl_chatwoot_client_request_async,
                 cancellable, callback, user_data);
}

/* Sign-in and profile -------------------------------------------------------------------------------- */

static gpointer
map_sign_in (JsonNode  *root,
             GError   **error)
{
  g_autoptr(HlChatwootProfile) profile = hl_chatwoot_json_profile (root, error);

  if (profile == NULL)
    return NULL;

  if (*profile->access_token == '\0')
    {
      g_set_error_literal (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_FORBIDDEN,
                           _("API access is not enabled for any of your Chatwoot accounts."));
      return NULL;
    }

  return g_steal_pointer (&profile);
}

static gpointer
map_profile (JsonNode  *root,
             GError   **error)
{
  return hl_chatwoot_json_profile (root, error);
}

void
hl_chatwoot_client_sign_in_async (HlChatwootClient    *self,
                                  const char          *email,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  start_request (self, "POST", "/auth/sign_in", NULL, body, NULL, map_sign_in,
                 (GDestroyNotify) hl_chatwoot_profile_free, TRUE, hl_chatwoot_client_sign_in_async,
                 cancellable, callback, user_data);
}

void
hl_chatwoot_client_sign_in_mfa_async (HlChatwootClient    *self,
                                      const char          *mfa_token,
                                      const char          *code,
                                      gboolean             is_backup_code,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (mfa_token != NULL);
  g_return_if_fail (code != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mfa_token");
  json_builder_add_string_value (builder, mfa_token);
  json_builder_set_member_name (builder, is_backup_code ? "backup_code" : "otp_code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  start_request (self, "POST", "/auth/sign_in", NULL, body, NULL, map_sign_in,
                 (GDestroyNotify) hl_chatwoot_profile_free, TRUE, hl_chatwoot_client_sign_in_async,
                 cancellable, callback, user_data);
}

HlChatwootProfile *
hl_chatwoot_client_sign_in_finish (HlChatwootClient  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hl_chatwoot_client_sign_in_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hl_chatwoot_client_get_profile_async (HlChatwootClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  start_request (self, "GET", "/api/v1/profile", NULL, NULL, NULL, map_profile,
                 (GDestroyNotify) hl_chatwoot_profile_free, FALSE, hl_chatwoot_client_get_profile_async,
                 cancellable, callback, user_data);
}

HlChatwootProfile *
hl_chatwoot_client_get_profile_finish (HlChatwootClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hl_chatwoot_client_get_profile_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hl_chatwoot_client_set_availability_async (HlChatwootClient    *self,
                                           HlAvailability       availability,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "profile");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, self->account_id);
  json_builder_set_member_name (builder, "availability");
  json_builder_add_string_value (builder, hl_enum_to_nick (HL_TYPE_AVAILABILITY, availability));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  start_request (self, "POST", "/api/v1/profile/availability", NULL, body, NULL, NULL, NULL, FALSE,
                 hl_chatwoot_client_request_async, cancellable, callback, user_data);
}

/* Conversations and messages ------------------------------------------------------------------------- */

/* @status: open, resolved, pending, snoozed, all (NULL: the server's default, open);
 * @assignee_type: me, unassigned, assigned (NULL: all); @updated_within: seconds, > 0 asks for
 * every conversation changed in that window, unpaginated (delta sync; @page is then ignored). */
void
hl_chatwoot_client_list_conversations_async (HlChatwootClient    *self,
                                             guint                page,
                                             const char          *status,
                                             const char          *assignee_type,
                                             gint64               updated_within,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autofree char *page_text = g_strdup_printf ("%u", MAX (page, 1));
  g_autofree char *within_text = g_strdup_printf ("%" G_GINT64_FORMAT, updated_within);
  const char *query[9];
  guint n = 0;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  if (status != NULL)
    query[n++] = "status", query[n++] = status;
  if (assignee_type != NULL)
    query[n++] = "assignee_type", query[n++] = assignee_type;
  if (updated_within > 0)
    query[n++] = "updated_within", query[n++] = within_text;
  else
    query[n++] = "page", query[n++] = page_text;
  query[n] = NULL;

  account_request (self, "GET", account_path (self, "conversations"), query, NULL,
                   cancellable, callback, user_data);
}

void
hl_chatwoot_client_get_conversation_async (HlChatwootClient    *self,
                                           gint64               conversation,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  account_request (self, "GET", account_path (self, "conversations/%" G_GINT64_FORMAT, conversation),
                   NULL, NULL, cancellable, callback, user_data);
}

/* @before / @after: message ids (0: unset). Neither: the latest 20. */
void
hl_chatwoot_client_list_messages_async (HlChatwootClient    *self,
                                        gint64               conversation,
                                        gint64               before,
                                        gint64               after,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *before_text = g_strdup_printf ("%" G_GINT64_FORMAT, before);
  g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  const char *query[5];
  guint n = 0;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  if (before > 0)
    query[n++] = "before", query[n++] = before_text;
  if (after > 0)
    query[n++] = "after", query[n++] = after_text;
  query[n] = NULL;

  account_request (self, "GET",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/messages", conversation),
                   query, NULL, cancellable, callback, user_data);
}

/* @echo_id: the client's id for the message (the outbox row), echoed in the answer and in the
 * message.created cable event so that the optimistic row is reconciled, not duplicated. */
void
hl_chatwoot_client_create_message_async (HlChatwootClient    *self,
                                         gint64               conversation,
                                         const char          *content,
                                         gboolean             is_private,
                                         const char          *echo_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (content != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_set_member_name (builder, "message_type");
  json_builder_add_string_value (builder, "outgoing");
  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, is_private);
  if (echo_id != NULL)
    {
      json_builder_set_member_name (builder, "echo_id");
      json_builder_add_string_value (builder, echo_id);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  account_request (self, "POST",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/messages", conversation),
                   NULL, body, cancellable, callback, user_data);
}

/* The same with files, as multipart/form-data (API.md §3.2: attachments[] beside the other fields;
 * the answer carries the stored attachments). @files: (element-type HlChatwootUpload). */
void
hl_chatwoot_client_create_message_with_files_async (HlChatwootClient    *self,
                                                    gint64               conversation,
                                                    const char          *content,
                                                    gboolean             is_private,
                                                    const char          *echo_id,
                                                    GPtrArray           *files,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(SoupMultipart) form = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autofree char *path = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (content != NULL);
  g_return_if_fail (files != NULL);

  soup_multipart_append_form_string (form, "content", content);
  soup_multipart_append_form_string (form, "message_type", "outgoing");
  soup_multipart_append_form_string (form, "private", is_private ? "true" : "false");
  if (echo_id != NULL)
    soup_multipart_append_form_string (form, "echo_id", echo_id);
  for (guint i = 0; i < files->len; i++)
    {
      const HlChatwootUpload *file = g_ptr_array_index (files, i);

      soup_multipart_append_form_file (form, "attachments[]", file->name,
                                       file->content_type ? file->content_type : "application/octet-stream",
                                       file->bytes);
    }

  path = account_path (self, "conversations/%" G_GINT64_FORMAT "/messages", conversation);
  start_request (self, "POST", path, NULL, NULL, form, NULL, NULL, FALSE, hl_chatwoot_client_request_async,
                 cancellable, callback, user_data);
}

/* @snoozed_until: epoch seconds for HL_CONVERSATION_STATUS_SNOOZED (0: until the next reply). */
void
hl_chatwoot_client_toggle_status_async (HlChatwootClient     *self,
                                        gint64                conversation,
                                        HlConversationStatus  status,
                                        gint64                snoozed_until,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, hl_enum_to_nick (HL_TYPE_CONVERSATION_STATUS, status));
  if (status == HL_CONVERSATION_STATUS_SNOOZED && snoozed_until > 0)
    {
      json_builder_set_member_name (builder, "snoozed_until");
      json_builder_add_int_value (builder, snoozed_until);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  account_request (self, "POST",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/toggle_status", conversation),
                   NULL, body, cancellable, callback, user_data);
}

void
hl_chatwoot_client_toggle_priority_async (HlChatwootClient    *self,
                                          gint64               conversation,
                                          HlPriority           priority,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "priority");
  if (priority == HL_PRIORITY_NONE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, hl_enum_to_nick (HL_TYPE_PRIORITY, priority));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  account_request (self, "POST",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/toggle_priority", conversation),
                   NULL, body, cancellable, callback, user_data);
}

static void
assign (HlChatwootClient    *self,
        gint64               conversation,
        const char          *key,
        gint64               id,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, key);
  if (id > 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  account_request (self, "POST",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/assignments", conversation),
                   NULL, body, cancellable, callback, user_data);
}

/* @agent_id: the Chatwoot user id, 0 to unassign. */
void
hl_chatwoot_client_assign_async (HlChatwootClient    *self,
                                 gint64               conversation,
                                 gint64               agent_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  assign (self, conversation, "assignee_id", agent_id, cancellable, callback, user_data);
}

void
hl_chatwoot_client_assign_team_async (HlChatwootClient    *self,
                                      gint64               conversation,
                                      gint64               team_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  assign (self, conversation, "team_id", team_id, cancellable, callback, user_data);
}

/* Replaces the conversation's labels with @labels (NULL or empty: none). */
void
hl_chatwoot_client_set_labels_async (HlChatwootClient    *self,
                                     gint64               conversation,
                                     const char * const  *labels,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    json_builder_add_string_value (builder, labels[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  account_request (self, "POST",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/labels", conversation),
                   NULL, body, cancellable, callback, user_data);
}

void
hl_chatwoot_client_update_last_seen_async (HlChatwootClient    *self,
                                           gint64               conversation,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  account_request (self, "POST",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/update_last_seen", conversation),
                   NULL, NULL, cancellable, callback, user_data);
}

/* Marks the conversation unread again (API.md §2.4: last seen set to just before the last
 * incoming message). */
void
hl_chatwoot_client_mark_unread_async (HlChatwootClient    *self,
                                      gint64               conversation,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  account_request (self, "POST",
                   account_path (self, "conversations/%" G_GINT64_FORMAT "/unread", conversation),
                   NULL, NULL, cancellable, callback, user_data);
}

/* Account lists --------------------------------------------------------------------------------------- */

static void
list (HlChatwootClient    *self,
      const char          *what,
      const char          *key,
      const char          *value,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  const char *query[] = { key, value, NULL };

  account_request (self, "GET", account_path (self, "%s", what), value ? query : NULL, NULL,
                   cancellable, callback, user_data);
}

void
hl_chatwoot_client_list_inboxes_async (HlChatwootClient    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  list (self, "inboxes", NULL, NULL, cancellable, callback, user_data);
}

void
hl_chatwoot_client_list_agents_async (HlChatwootClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  list (self, "agents", NULL, NULL, cancellable, callback, user_data);
}

void
hl_chatwoot_client_list_teams_async (HlChatwootClient    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  list (self, "teams", NULL, NULL, cancellable, callback, user_data);
}

void
hl_chatwoot_client_list_labels_async (HlChatwootClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  list (self, "labels", NULL, NULL, cancellable, callback, user_data);
}

void
hl_chatwoot_client_list_canned_responses_async (HlChatwootClient    *self,
                                                const char          *search,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  list (self, "canned_responses", "search", search, cancellable, callback, user_data);
}

/* @attribute_model: contact_attribute, conversation_attribute, company_attribute or NULL (all). */
void
hl_chatwoot_client_list_attribute_definitions_async (HlChatwootClient    *self,
                                                     const char          *attribute_model,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  list (self, "custom_attribute_definitions", "attribute_model", attribute_model,
        cancellable, callback, user_data);
}

/* Contacts ------------------------------------------------------------------------------------------- */

void
hl_chatwoot_client_list_contacts_async (HlChatwootClient    *self,
                                        guint                page,
                                        const char          *sort,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *page_text = g_strdup_printf ("%u", MAX (page, 1));
  const char *query[] = { "page", page_text, sort ? "sort" : NULL, sort, NULL };

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  account_request (self, "GET", account_path (self, "contacts"), query, NULL,
                   cancellable, callback, user_data);
}

void
hl_chatwoot_client_get_contact_async (HlChatwootClient    *self,
                                      gint64               contact,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  account_request (self, "GET", account_path (self, "contacts/%" G_GINT64_FORMAT, contact),
                   NULL, NULL, cancellable, callback, user_data);
}

/* @changes: only the changed fields, as hl_chatwoot_json_contact_changes () gives them; the
 * server merges the attribute objects into the stored ones. */
void
hl_chatwoot_client_update_contact_async (HlChatwootClient    *self,
                                         gint64               contact,
                                         JsonNode            *changes,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (changes != NULL && JSON_NODE_HOLDS_OBJECT (changes));

  account_request (self, "PATCH", account_path (self, "contacts/%" G_GINT64_FORMAT, contact),
                   NULL, changes, cancellable, callback, user_data);
}

/* Matches name, email, phone number and identifier: a caller's number finds their record. */
void
hl_chatwoot_client_search_contacts_async (HlChatwootClient    *self,
                                          const char          *query_text,
                                          guint                page,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *page_text = g_strdup_printf ("%u", MAX (page, 1));
  const char *query[] = { "q", query_text, "page", page_text, NULL };

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (query_text != NULL);

  account_request (self, "GET", account_path (self, "contacts/search"), query, NULL,
                   cancellable, callback, user_data);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Answers {"payload":{"contact":{…},"contact_inbox":{"source_id":…}}}. */
void
hl_chatwoot_client_create_contact_async (HlChatwootClient    *self,
                                         gint64               inbox_id,
                                         const char          *name,
                                         const char          *phone_number,
                                         const char          *email,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (inbox_id > 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inbox_id");
  json_builder_add_int_value (builder, inbox_id);
  add_optional_string (builder, "name", name);
  add_optional_string (builder, "phone_number", phone_number);
  add_optional_string (builder, "email", email);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  account_request (self, "POST", account_path (self, "contacts"), NULL, body,
                   cancellable, callback, user_data);
}

/* A conversation in @inbox_id (for a call log: the API-channel phone inbox) for the contact whose
 * contact_inbox has @source_id. @additional_attributes: an object or NULL. */
void
hl_chatwoot_client_create_conversation_async (HlChatwootClient     *self,
                                              gint64                inbox_id,
                                              gint64                contact_id,
                                              const char           *source_id,
                                              HlConversationStatus  status,
                                              const char           *first_message,
                                              JsonNode             *additional_attributes,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (source_id != NULL);
  g_return_if_fail (additional_attributes == NULL || JSON_NODE_HOLDS_OBJECT (additional_attributes));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source_id");
  json_builder_add_string_value (builder, source_id);
  json_builder_set_member_name (builder, "inbox_id");
  json_builder_add_int_value (builder, inbox_id);
  if (contact_id > 0)
    {
      json_builder_set_member_name (builder, "contact_id");
      json_builder_add_int_value (builder, contact_id);
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, hl_enum_to_nick (HL_TYPE_CONVERSATION_STATUS, status));
  if (additional_attributes != NULL)
    {
      json_builder_set_member_name (builder, "additional_attributes");
      json_builder_add_value (builder, json_node_copy (additional_attributes));
    }
  if (first_message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, first_message);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  account_request (self, "POST", account_path (self, "conversations"), NULL, body,
                   cancellable, callback, user_data);
}

/* Help center (§7.2) --------------------------------------------------------------------------------- */

void
hl_chatwoot_client_list_portals_async (HlChatwootClient    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));

  list (self, "portals", NULL, NULL, cancellable, callback, user_data);
}

void
hl_chatwoot_client_list_categories_async (HlChatwootClient    *self,
                                          const char          *portal_slug,
                                          const char          *locale,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *slug = NULL;
  const char *query[] = { "locale", locale, NULL };

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (portal_slug != NULL);

  slug = g_uri_escape_string (portal_slug, NULL, FALSE);
  account_request (self, "GET", account_path (self, "portals/%s/categories", slug),
                   locale ? query : NULL, NULL, cancellable, callback, user_data);
}

/* @status: published (what agents insert into replies), draft, archived or NULL (all). */
void
hl_chatwoot_client_list_articles_async (HlChatwootClient    *self,
                                        const char          *portal_slug,
                                        const char          *locale,
                                        const char          *status,
                                        guint                page,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *slug = NULL;
  g_autofree char *page_text = g_strdup_printf ("%u", MAX (page, 1));
  const char *query[7];
  guint n = 0;

  g_return_if_fail (HL_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (portal_slug != NULL);

  query[n++] = "page", query[n++] = page_text;
  if (locale != NULL)
    query[n++] = "locale", query[n++] = locale;
  if (status != NULL)
    query[n++] = "status", query[n++] = status;
  query[n] = NULL;

  slug = g_uri_escape_string (portal_slug, NULL, FALSE);
  account_request (self, "GET", account_path (self, "portals/%s/articles", slug), query, NULL,
                   cancellable, callback, user_data);
}

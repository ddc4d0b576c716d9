/* hl-sip-uri.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlSip"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-sip-message.h"
#include "hl-sip-private.h"

/* SIP URIs, name-addr values and the shared lexical pieces (RFC 3261 §19.1, §20.10, §25). The user
 * and password are kept unescaped (what callers compare and show) and escaped again on output;
 * parameters and headers stay as written, so that what we do not understand goes back to the peer
 * byte for byte. */

/* RFC 3261 §25.1 character classes */

static gboolean
in_set (char        c,
        const char *set)
{
  return c != '\0' && strchr (set, c) != NULL;
}

static gboolean
is_unreserved (char c)
{
  return g_ascii_isalnum (c) || in_set (c, "-_.!~*'()");
}

#define USER_EXTRA     "&=+$,;?/"
#define PASSWORD_EXTRA "&=+$,"
#define PARAM_EXTRA    "[]/:&+$"
#define HEADER_EXTRA   "[]/?:+$=&"

gboolean
_hl_sip_is_token_char (char c)
{
  return g_ascii_isalnum (c) || in_set (c, "-.!%*_+`'~");
}

gboolean
_hl_sip_is_token (const char *text,
                  gsize       len)
{
  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!_hl_sip_is_token_char (text[i]))
      return FALSE;

  return TRUE;
}

const char *
_hl_sip_skip_ws (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;

  return p;
}

static gboolean
is_escape (const char *p)
{
  return p[0] == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]);
}

/* @len bytes of @text are unreserved, escaped or in @extra. */
static gboolean
check_escaped (const char *text,
               gsize       len,
               const char *extra)
{
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '%')
        {
          if (len - i < 3 || !is_escape (text + i))
            return FALSE;
          i += 2;
        }
      else if (!is_unreserved (text[i]) && !in_set (text[i], extra))
        return FALSE;
    }

  return TRUE;
}

/* Decodes a user or password. An escaped NUL or bytes that are not UTF-8 are refused: the result
 * ends up in C strings, the UI and the database. */
static char *
unescape (const char *text,
          gsize       len,
          const char *extra)
{
  g_autoptr(GString) out = NULL;

  if (!check_escaped (text, len, extra))
    return NULL;

  out = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '%')
        {
          char c = (char) (g_ascii_xdigit_value (text[i + 1]) * 16 + g_ascii_xdigit_value (text[i + 2]));

          if (c == '\0')
            return NULL;
          g_string_append_c (out, c);
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }

  if (!g_utf8_validate (out->str, out->len, NULL))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_escaped (GString    *out,
                const char *text,
                const char *extra)
{
  for (const char *p = text; *p; p++)
    {
      if (is_unreserved (*p) || in_set (*p, extra))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", (guint) (guchar) *p);
    }
}

/* hostname / IPv4address (both: letters, digits, '-' and '.'; '_' is tolerated because real
 * deployments use it) or the inside of an IPv6reference. */
static gboolean
is_host (const char *host,
         gsize       len,
         gboolean    ipv6)
{
  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = host[i];

      if (ipv6 ? !(g_ascii_isxdigit (c) || c == ':' || c == '.')
               : !(g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_'))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_port (const char *text,
            gsize       len,
            guint16    *port)
{
  guint value = 0;

  if (len == 0 || len > 5)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }

  /* 0 means "not given" in HlSipUri, so an explicit :0 could not survive a round trip */
  if (value == 0 || value > G_MAXUINT16)
    return FALSE;

  *port = (guint16) value;
  return TRUE;
}

/* Parses host [ ":" port ] from @text (@len bytes), with SWS allowed around the colon when
 * @lws is set (sent-by in Via). */
static gboolean
parse_hostport (const char  *text,
                gsize        len,
                gboolean     lws,
                char       **host,
                guint16     *port)
{
  const char *end = text + len;
  const char *p = text;
  const char *host_end;

  *port = 0;

  if (p < end && *p == '[')
    {
      const char *close = memchr (p, ']', end - p);

      if (close == NULL || !is_host (p + 1, close - p - 1, TRUE))
        return FALSE;
      host_end = close + 1;
      *host = g_strndup (p + 1, close - p - 1);
    }
  else
    {
      host_end = p;
      while (host_end < end && *host_end != ':' && *host_end != ' ' && *host_end != '\t')
        host_end++;
      if (!is_host (p, host_end - p, FALSE))
        return FALSE;
      *host = g_strndup (p, host_end - p);
    }

  p = host_end;
  if (lws)
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;

  if (p < end)
    {
      if (*p != ':')
        goto fail;
      p++;
      if (lws)
        while (p < end && (*p == ' ' || *p == '\t'))
          p++;
      if (!parse_port (p, end - p, port))
        goto fail;
    }

  return TRUE;

fail:
  g_clear_pointer (host, g_free);
  return FALSE;
}

/* Lexical helpers */

char *
_hl_sip_scan_quoted (const char  *p,
                     const char **after)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert (*p == '"');

  for (p++; *p != '"'; p++)
    {
      if (*p == '\0')
        return NULL;

      if (*p == '\\')
        {
          p++;
          if (*p == '\0' || *p == '\r' || *p == '\n')
            return NULL;
        }
      else if ((guchar) *p < 0x20 && *p != '\t')
        return NULL;

      if (*p == 0x7f)
        return NULL;

      g_string_append_c (out, *p);
    }

  *after = p + 1;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Returns the end of a gen-value (token / host / quoted-string) at @p, or NULL. */
static const char *
scan_gen_value (const char *p)
{
  if (*p == '"')
    {
      const char *after;
      g_autofree char *unquoted = _hl_sip_scan_quoted (p, &after);

      return unquoted != NULL ? after : NULL;
    }

  if (!_hl_sip_is_token_char (*p) && *p != '[')
    return NULL;

  while (_hl_sip_is_token_char (*p) || in_set (*p, "[]:"))
    p++;

  return p;
}

gboolean
_hl_sip_parse_params (const char **pp,
                      GPtrArray   *params)
{
  const char *p = *pp;

  for (;;)
    {
      const char *q = _hl_sip_skip_ws (p);
      const char *name;
      gsize name_len;

      if (*q != ';')
        break;

      q = _hl_sip_skip_ws (q + 1);
      name = q;
      while (_hl_sip_is_token_char (*q))
        q++;
      name_len = q - name;
      if (name_len == 0)
        return FALSE;

      q = _hl_sip_skip_ws (q);
      if (*q == '=')
        {
          const char *value = _hl_sip_skip_ws (q + 1);
          const char *value_end = scan_gen_value (value);

          if (value_end == NULL)
            return FALSE;
          g_ptr_array_add (params, g_strdup_printf ("%.*s=%.*s", (int) name_len, name,
                                                    (int) (value_end - value), value));
          p = value_end;
        }
      else
        {
          g_ptr_array_add (params, g_strndup (name, name_len));
          p = name + name_len;
        }
    }

  *pp = p;
  return TRUE;
}

const char *
_hl_sip_params_get (GPtrArray  *params,
                    const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      const char *param = g_ptr_array_index (params, i);

      if (g_ascii_strncasecmp (param, name, len) == 0)
        {
          if (param[len] == '\0')
            return "";
          if (param[len] == '=')
            return param + len + 1;
        }
    }

  return NULL;
}

void
_hl_sip_params_set (GPtrArray  *params,
                    const char *name,
                    const char *value)
{
  char *param = value != NULL ? g_strdup_printf ("%s=%s", name, value) : g_strdup (name);
  gsize len = strlen (name);

  for (guint i = 0; i < params->len; i++)
    {
      char **slot = (char **) &g_ptr_array_index (params, i);

      if (g_ascii_strncasecmp (*slot, name, len) == 0 && ((*slot)[len] == '\0' || (*slot)[len] == '='))
        {
          g_free (*slot);
          *slot = param;
          return;
        }
    }

  g_ptr_array_add (params, param);
}

GPtrArray *
_hl_sip_split_list (const char *value)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  const char *start = value;
  gboolean in_quotes = FALSE;
  gboolean in_angle = FALSE;

  for (const char *p = value;; p++)
    {
      if (in_quotes)
        {
          if (*p == '\0')
            return NULL;
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_quotes = FALSE;
          continue;
        }

      if (in_angle)
        {
          if (*p == '\0')
            return NULL;
          if (*p == '>')
            in_angle = FALSE;
          continue;
        }

      if (*p == '"')
        in_quotes = TRUE;
      else if (*p == '<')
        in_angle = TRUE;
      else if (*p == ',' || *p == '\0')
        {
          g_autofree char *element = g_strndup (start, p - start);

          g_strstrip (element);
          if (element[0] != '\0')
            g_ptr_array_add (values, g_steal_pointer (&element));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }

  return g_steal_pointer (&values);
}

/* Via */

void
_hl_sip_via_free (HlSipVia *via)
{
  if (via == NULL)
    return;

  g_free (via->transport);
  g_free (via->host);
  g_clear_pointer (&via->params, g_ptr_array_unref);
  g_free (via);
}

/* Reads a token at *@p followed by SWS "/" SWS (when @slash) and advances *@p. */
static gboolean
scan_protocol_part (const char **p,
                    gboolean     slash,
                    const char **start,
                    gsize       *len)
{
  const char *q = *p;

  *start = q;
  while (_hl_sip_is_token_char (*q))
    q++;
  *len = q - *start;
  if (*len == 0)
    return FALSE;

  if (slash)
    {
      q = _hl_sip_skip_ws (q);
      if (*q != '/')
        return FALSE;
      q = _hl_sip_skip_ws (q + 1);
    }

  *p = q;
  return TRUE;
}

HlSipVia *
_hl_sip_via_parse (const char *value)
{
  g_autoptr(HlSipVia) via = g_new0 (HlSipVia, 1);
  const char *p = _hl_sip_skip_ws (value);
  const char *name, *version, *transport, *sent_by;
  gsize name_len, version_len, transport_len;

  if (!scan_protocol_part (&p, TRUE, &name, &name_len)
      || !scan_protocol_part (&p, TRUE, &version, &version_len)
      || !scan_protocol_part (&p, FALSE, &transport, &transport_len))
    return NULL;

  if (name_len != 3 || g_ascii_strncasecmp (name, "SIP", 3) != 0
      || version_len != 3 || strncmp (version, "2.0", 3) != 0)
    return NULL;

  via->transport = g_strndup (transport, transport_len);

  /* sent-by: the host, then an optional port with SWS around the colon */
  if (*p != ' ' && *p != '\t')
    return NULL;
  sent_by = p = _hl_sip_skip_ws (p);
  if (*p == '[')
    p = strchr (p, ']') ? strchr (p, ']') + 1 : p + strlen (p);
  while (*p != '\0' && *p != ';')
    p++;
  while (p > sent_by && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  if (!parse_hostport (sent_by, p - sent_by, TRUE, &via->host, &via->port))
    return NULL;

  via->params = g_ptr_array_new_with_free_func (g_free);
  if (!_hl_sip_parse_params (&p, via->params))
    return NULL;
  if (*_hl_sip_skip_ws (p) != '\0')
    return NULL;

  return g_steal_pointer (&via);
}

/* URIs */

static gboolean
is_scheme (const char *text,
           gsize       len)
{
  if (len == 0 || !g_ascii_isalpha (text[0]))
    return FALSE;

  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && !in_set (text[i], "+-."))
      return FALSE;

  return TRUE;
}

static gboolean
parse_sip_uri (HlSipUri   *uri,
               const char *rest)
{
  const char *at = strchr (rest, '@');
  const char *p = at != NULL ? at + 1 : rest;
  const char *host_end;

  if (at != NULL)
    {
      const char *colon = memchr (rest, ':', at - rest);
      const char *user_end = colon != NULL ? colon : at;

      if (user_end == rest)
        return FALSE;
      uri->user = unescape (rest, user_end - rest, USER_EXTRA);
      if (uri->user == NULL)
        return FALSE;
      if (colon != NULL)
        {
          uri->password = unescape (colon + 1, at - colon - 1, PASSWORD_EXTRA);
          if (uri->password == NULL)
            return FALSE;
        }
    }

  host_end = p;
  if (*host_end == '[')
    host_end = strchr (host_end, ']') ? strchr (host_end, ']') + 1 : host_end + strlen (host_end);
  while (*host_end != '\0' && *host_end != ';' && *host_end != '?')
    host_end++;
  if (!parse_hostport (p, host_end - p, FALSE, &uri->host, &uri->port))
    return FALSE;

  p = host_end;
  while (*p == ';')
    {
      const char *start = ++p;
      const char *eq;

      while (*p != '\0' && *p != ';' && *p != '?')
        p++;

      eq = memchr (start, '=', p - start);
      if (p == start || eq == start
          || !check_escaped (start, (eq ? eq : p) - start, PARAM_EXTRA)
          || (eq != NULL && !check_escaped (eq + 1, p - eq - 1, PARAM_EXTRA)))
        return FALSE;

      g_ptr_array_add (uri->params, g_strndup (start, p - start));
    }

  if (*p == '?')
    {
      if (p[1] == '\0' || !check_escaped (p + 1, strlen (p + 1), HEADER_EXTRA))
        return FALSE;
      uri->headers = g_strdup (p + 1);
    }

  return TRUE;
}

/* Other schemes are kept opaque but still checked: printable ASCII only, nothing that could end
 * a name-addr or a header. */
static gboolean
is_opaque (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || in_set (*p, "<>\"\\"))
      return FALSE;

  return TRUE;
}

HlSipUri *
hl_sip_uri_parse (const char  *text,
                  GError     **error)
{
  g_autoptr(HlSipUri) uri = NULL;
  const char *colon;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  colon = strchr (text, ':');
  if (colon == NULL || !is_scheme (text, colon - text))
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, _("Not a URI: no scheme"));
      return NULL;
    }

  uri = g_new0 (HlSipUri, 1);
  uri->scheme = g_ascii_strdown (text, colon - text);
  uri->params = g_ptr_array_new_with_free_func (g_free);

  if (g_str_equal (uri->scheme, "sip") || g_str_equal (uri->scheme, "sips"))
    {
      if (!parse_sip_uri (uri, colon + 1))
        {
          /* Translators: %s is a URI scheme such as sip */
          g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, _("Malformed %s URI"), uri->scheme);
          return NULL;
        }
    }
  else
    {
      if (!is_opaque (colon + 1))
        {
          /* Translators: %s is a URI scheme such as sip */
          g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, _("Malformed %s URI"), uri->scheme);
          return NULL;
        }
      uri->opaque = g_strdup (colon + 1);
      uri->host = g_strdup ("");
    }

  return g_steal_pointer (&uri);
}

char *
hl_sip_uri_to_string (const HlSipUri *uri)
{
  GString *out;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (uri->scheme != NULL, NULL);

  out = g_string_new (uri->scheme);
  g_string_append_c (out, ':');

  if (uri->opaque != NULL)
    {
      g_string_append (out, uri->opaque);
      return g_string_free (out, FALSE);
    }

  if (uri->user != NULL)
    {
      append_escaped (out, uri->user, USER_EXTRA);
      if (uri->password != NULL)
        {
          g_string_append_c (out, ':');
          append_escaped (out, uri->password, PASSWORD_EXTRA);
        }
      g_string_append_c (out, '@');
    }

  if (uri->host != NULL && strchr (uri->host, ':') != NULL)
    g_string_append_printf (out, "[%s]", uri->host);
  else if (uri->host != NULL)
    g_string_append (out, uri->host);

  if (uri->port != 0)
    g_string_append_printf (out, ":%u", uri->port);

  for (guint i = 0; uri->params != NULL && i < uri->params->len; i++)
    g_string_append_printf (out, ";%s", (const char *) g_ptr_array_index (uri->params, i));

  if (uri->headers != NULL)
    g_string_append_printf (out, "?%s", uri->headers);

  return g_string_free (out, FALSE);
}

HlSipUri *
hl_sip_uri_copy (const HlSipUri *uri)
{
  HlSipUri *copy;

  g_return_val_if_fail (uri != NULL, NULL);

  copy = g_new0 (HlSipUri, 1);
  copy->scheme = g_strdup (uri->scheme);
  copy->user = g_strdup (uri->user);
  copy->password = g_strdup (uri->password);
  copy->host = g_strdup (uri->host);
  copy->port = uri->port;
  copy->params = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; uri->params != NULL && i < uri->params->len; i++)
    g_ptr_array_add (copy->params, g_strdup (g_ptr_array_index (uri->params, i)));
  copy->headers = g_strdup (uri->headers);
  copy->opaque = g_strdup (uri->opaque);

  return copy;
}

void
hl_sip_uri_free (HlSipUri *uri)
{
  if (uri == NULL)
    return;

  g_free (uri->scheme);
  g_free (uri->user);
  g_free (uri->password);
  g_free (uri->host);
  g_clear_pointer (&uri->params, g_ptr_array_unref);
  g_free (uri->headers);
  g_free (uri->opaque);
  g_free (uri);
}

const char *
hl_sip_uri_get_param (const HlSipUri *uri,
                      const char     *name)
{
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return _hl_sip_params_get (uri->params, name);
}

void
hl_sip_uri_set_param (HlSipUri   *uri,
                      const char *name,
                      const char *value)
{
  g_return_if_fail (uri != NULL);
  g_return_if_fail (name != NULL && check_escaped (name, strlen (name), PARAM_EXTRA) && *name != '\0');
  g_return_if_fail (value == NULL || check_escaped (value, strlen (value), PARAM_EXTRA));

  if (uri->params == NULL)
    uri->params = g_ptr_array_new_with_free_func (g_free);

  _hl_sip_params_set (uri->params, name, value);
}

/* Name-addr */

void
hl_sip_name_addr_free (HlSipNameAddr *addr)
{
  if (addr == NULL)
    return;

  g_free (addr->display_name);
  g_clear_pointer (&addr->uri, hl_sip_uri_free);
  g_clear_pointer (&addr->params, g_ptr_array_unref);
  g_free (addr);
}

static gboolean
is_display_token_char (char c)
{
  /* tokens, plus UTF-8 that many phones send unquoted */
  return _hl_sip_is_token_char (c) || (guchar) c >= 0x80;
}

HlSipNameAddr *
hl_sip_name_addr_parse (const char  *text,
                        GError     **error)
{
  g_autoptr(HlSipNameAddr) addr = NULL;
  g_autofree char *uri_text = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  addr = g_new0 (HlSipNameAddr, 1);
  addr->params = g_ptr_array_new_with_free_func (g_free);
  p = _hl_sip_skip_ws (text);

  if (*p == '"')
    {
      addr->display_name = _hl_sip_scan_quoted (p, &p);
      if (addr->display_name == NULL)
        goto bad;
      p = _hl_sip_skip_ws (p);
      if (*p != '<')
        goto bad;
    }
  else
    {
      /* *(token LWS) before '<' is a display name; anything else (a ':' first) is an addr-spec */
      const char *q = p;

      while (is_display_token_char (*q) || *q == ' ' || *q == '\t')
        q++;

      if (*q == '<')
        {
          g_autofree char *display = g_strndup (p, q - p);

          g_strstrip (display);
          if (display[0] != '\0')
            addr->display_name = g_steal_pointer (&display);
          p = q;
        }
    }

  if (*p == '<')
    {
      const char *gt = strchr (p, '>');

      if (gt == NULL)
        goto bad;
      uri_text = g_strndup (p + 1, gt - p - 1);
      p = gt + 1;
    }
  else
    {
      /* addr-spec: the URI ends at the first ';', whose parameters are the header's (§20.10); a
       * URI with ',', '?' or ';' of its own must be in <…> */
      const char *end = p;

      while (*end != '\0' && *end != ';' && *end != ' ' && *end != '\t')
        {
          if (*end == ',' || *end == '?')
            goto bad;
          end++;
        }
      uri_text = g_strndup (p, end - p);
      p = end;
    }

  /* display names are shown as they are */
  if (addr->display_name != NULL && !g_utf8_validate (addr->display_name, -1, NULL))
    goto bad;

  addr->uri = hl_sip_uri_parse (uri_text, &local_error);
  if (addr->uri == NULL)
    goto bad;

  if (!_hl_sip_parse_params (&p, addr->params) || *_hl_sip_skip_ws (p) != '\0')
    goto bad;

  return g_steal_pointer (&addr);

bad:
  g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, _("Malformed address"));
  return NULL;
}

char *
hl_sip_name_addr_to_string (const HlSipNameAddr *addr)
{
  g_autofree char *uri = NULL;
  GString *out;

  g_return_val_if_fail (addr != NULL, NULL);
  g_return_val_if_fail (addr->uri != NULL, NULL);

  out = g_string_new (NULL);
  uri = hl_sip_uri_to_string (addr->uri);

  /* Always quoted and always in <…>: no display name or URI can then be misread */
  if (addr->display_name != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = addr->display_name; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append (out, "\" ");
    }

  g_string_append_printf (out, "<%s>", uri);

  for (guint i = 0; addr->params != NULL && i < addr->params->len; i++)
    g_string_append_printf (out, ";%s", (const char *) g_ptr_array_index (addr->params, i));

  return g_string_free (out, FALSE);
}

const char *
hl_sip_name_addr_get_param (const HlSipNameAddr *addr,
                            const char          *name)
{
  g_return_val_if_fail (addr != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return _hl_sip_params_get (addr->params, name);
}

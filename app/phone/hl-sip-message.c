/* hl-sip-message.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlSip"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/random.h>

#include "hl-sip-message.h"
#include "hl-sip-private.h"

/* SIP messages (RFC 3261 §7) as they arrive in WebSocket frames (RFC 7118): one frame is one
 * message, so there is no stream to resynchronise and anything that does not add up (a
 * Content-Length that disagrees with the frame, a bare LF, a NUL) is refused rather than guessed
 * at. Headers are kept in order as (full name, one value) pairs; list-valued headers are split on
 * parse and written one value per line, which RFC 3261 §7.3.1 makes equivalent. */

typedef struct
{
  char *name;
  char *value;
} HlSipHeader;

struct _HlSipMessage
{
  gatomicrefcount ref_count;  /* the last reference may go on another thread */

  gboolean    is_request;
  char       *method;
  char       *request_uri;
  guint       status;
  char       *reason;

  GPtrArray  *headers;    /* of HlSipHeader */
  char       *body;       /* NUL-terminated for convenience; may hold NULs of its own */
  gsize       body_length;

  /* what hl_sip_message_get_method() returns for responses, kept until CSeq changes */
  char       *cseq_value;
  char       *cseq_method;
};

G_DEFINE_QUARK (hl-sip-error-quark, hl_sip_error)

/* Known headers: the canonical spelling, the compact form and whether the value is a
 * comma-separated list (§7.3.1). Headers whose values hold commas of their own (Date, the
 * authentication headers, Subject…) are not lists. */
static const struct
{
  const char *name;
  char        compact;
  gboolean    list;
} known_headers[] = {
  { "Accept", 0, TRUE },
  { "Accept-Contact", 'a', TRUE },
  { "Accept-Encoding", 0, TRUE },
  { "Accept-Language", 0, TRUE },
  { "Alert-Info", 0, TRUE },
  { "Allow", 0, TRUE },
  { "Allow-Events", 'u', TRUE },
  { "Authentication-Info", 0, FALSE },
  { "Authorization", 0, FALSE },
  { "Call-ID", 'i', FALSE },
  { "Call-Info", 0, TRUE },
  { "Contact", 'm', TRUE },
  { "Content-Disposition", 0, FALSE },
  { "Content-Encoding", 'e', TRUE },
  { "Content-Language", 0, TRUE },
  { "Content-Length", 'l', FALSE },
  { "Content-Type", 'c', FALSE },
  { "CSeq", 0, FALSE },
  { "Date", 0, FALSE },
  { "Error-Info", 0, TRUE },
  { "Event", 'o', FALSE },
  { "Expires", 0, FALSE },
  { "From", 'f', FALSE },
  { "Identity", 'y', FALSE },
  { "In-Reply-To", 0, TRUE },
  { "Max-Forwards", 0, FALSE },
  { "MIME-Version", 0, FALSE },
  { "Min-Expires", 0, FALSE },
  { "Min-SE", 0, FALSE },
  { "Organization", 0, FALSE },
  { "P-Asserted-Identity", 0, TRUE },
  { "Path", 0, TRUE },
  { "Priority", 0, FALSE },
  { "Proxy-Authenticate", 0, FALSE },
  { "Proxy-Authorization", 0, FALSE },
  { "Proxy-Require", 0, TRUE },
  { "RAck", 0, FALSE },
  { "Reason", 0, TRUE },
  { "Record-Route", 0, TRUE },
  { "Refer-To", 'r', FALSE },
  { "Referred-By", 'b', FALSE },
  { "Reject-Contact", 'j', TRUE },
  { "Replaces", 0, FALSE },
  { "Reply-To", 0, FALSE },
  { "Request-Disposition", 'd', TRUE },
  { "Require", 0, TRUE },
  { "Retry-After", 0, FALSE },
  { "Route", 0, TRUE },
  { "RSeq", 0, FALSE },
  { "Server", 0, FALSE },
  { "Service-Route", 0, TRUE },
  { "Session-Expires", 'x', FALSE },
  { "Subject", 's', FALSE },
  { "Subscription-State", 0, FALSE },
  { "Supported", 'k', TRUE },
  { "Timestamp", 0, FALSE },
  { "To", 't', FALSE },
  { "Unsupported", 0, TRUE },
  { "User-Agent", 0, FALSE },
  { "Via", 'v', TRUE },
  { "Warning", 0, TRUE },
  { "WWW-Authenticate", 0, FALSE },
};

static int
find_known_header (const char *name,
                   gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_headers); i++)
    {
      if (len == 1 && g_ascii_tolower (name[0]) == known_headers[i].compact)
        return (int) i;
      if (strlen (known_headers[i].name) == len && g_ascii_strncasecmp (name, known_headers[i].name, len) == 0)
        return (int) i;
    }

  return -1;
}

static char *
canonical_name (const char *name,
                gsize       len)
{
  int known = find_known_header (name, len);

  return known >= 0 ? g_strdup (known_headers[known].name) : g_strndup (name, len);
}

static gboolean
names_equal (const char *canonical,
             const char *name)
{
  int known = find_known_header (name, strlen (name));

  return g_ascii_strcasecmp (canonical, known >= 0 ? known_headers[known].name : name) == 0;
}

static void
header_free (gpointer data)
{
  HlSipHeader *header = data;

  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

static HlSipHeader *
header_new (char *name,
            char *value)
{
  HlSipHeader *header = g_new (HlSipHeader, 1);

  header->name = name;
  header->value = value;
  return header;
}

/* Nothing a caller adds may break the framing: no CR, LF or NUL in a value. */
static gboolean
is_safe_text (const char *text)
{
  for (const char *p = text; *p; p++)
    if (*p == '\r' || *p == '\n')
      return FALSE;

  return TRUE;
}

static HlSipMessage *
message_new (void)
{
  HlSipMessage *self = g_new0 (HlSipMessage, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->headers = g_ptr_array_new_with_free_func (header_free);
  self->body = g_strdup ("");

  return self;
}

HlSipMessage *
hl_sip_message_new_request (const char *method,
                            const char *request_uri)
{
  HlSipMessage *self;

  g_return_val_if_fail (method != NULL && _hl_sip_is_token (method, strlen (method)), NULL);
  g_return_val_if_fail (request_uri != NULL && *request_uri != '\0', NULL);
  g_return_val_if_fail (strpbrk (request_uri, " \t\r\n") == NULL, NULL);

  self = message_new ();
  self->is_request = TRUE;
  self->method = g_strdup (method);
  self->request_uri = g_strdup (request_uri);

  return self;
}

HlSipMessage *
hl_sip_message_new_response (guint       status,
                             const char *reason)
{
  HlSipMessage *self;

  g_return_val_if_fail (status >= 100 && status <= 699, NULL);
  g_return_val_if_fail (reason == NULL || is_safe_text (reason), NULL);

  self = message_new ();
  self->status = status;
  self->reason = g_strdup (reason != NULL ? reason : hl_sip_status_phrase (status));

  return self;
}

HlSipMessage *
hl_sip_message_ref (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hl_sip_message_unref (HlSipMessage *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->method);
  g_free (self->request_uri);
  g_free (self->reason);
  g_ptr_array_unref (self->headers);
  g_free (self->body);
  g_free (self->cseq_value);
  g_free (self->cseq_method);
  g_free (self);
}

/* Parsing */

/* Reads an unsigned decimal of at most @max; FALSE for anything else, including overflow. */
static gboolean
parse_uint (const char *text,
            gsize       len,
            guint64     max,
            guint64    *value)
{
  guint64 result = 0;

  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      result = result * 10 + (guint64) (text[i] - '0');
      if (result > max)
        return FALSE;
    }

  *value = result;
  return TRUE;
}

static gboolean
is_sip_version (const char *text,
                gsize       len)
{
  return len == 7 && g_ascii_strncasecmp (text, "SIP/2.0", 7) == 0;
}

static gboolean
parse_start_line (HlSipMessage  *self,
                  const char    *line,
                  gsize          len,
                  GError       **error)
{
  const char *end = line + len;

  if (len >= 4 && g_ascii_strncasecmp (line, "SIP/", 4) == 0)
    {
      const char *sp = memchr (line, ' ', len);
      guint64 status;

      /* SIP/2.0 SP 3DIGIT SP Reason-Phrase */
      if (sp == NULL || !is_sip_version (line, sp - line) || end - sp < 5
          || !parse_uint (sp + 1, 3, 699, &status) || status < 100 || sp[4] != ' ')
        goto bad;

      self->status = (guint) status;
      self->reason = g_strndup (sp + 5, end - sp - 5);
      return TRUE;
    }
  else
    {
      /* Method SP Request-URI SP SIP-Version, exactly one space each */
      const char *sp1 = memchr (line, ' ', len);
      const char *sp2 = sp1 ? memchr (sp1 + 1, ' ', end - sp1 - 1) : NULL;
      g_autofree char *uri_text = NULL;
      g_autoptr(HlSipUri) uri = NULL;

      if (sp2 == NULL || !_hl_sip_is_token (line, sp1 - line) || sp2 == sp1 + 1
          || !is_sip_version (sp2 + 1, end - sp2 - 1))
        goto bad;

      uri_text = g_strndup (sp1 + 1, sp2 - sp1 - 1);
      uri = hl_sip_uri_parse (uri_text, NULL);
      if (uri == NULL)
        goto bad;

      self->is_request = TRUE;
      self->method = g_strndup (line, sp1 - line);
      self->request_uri = g_steal_pointer (&uri_text);
      return TRUE;
    }

bad:
  g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Bad start line"));
  return FALSE;
}

/* Adds one header line (already unfolded) to @self, split if it is a list. */
static gboolean
add_parsed_header (HlSipMessage  *self,
                   const char    *line,
                   GError       **error)
{
  const char *colon = strchr (line, ':');
  const char *name_end = colon;
  g_autofree char *value = NULL;
  int known;

  if (colon == NULL)
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Header line without a colon"));
      return FALSE;
    }

  /* HCOLON = *( SP / HTAB ) ":" SWS */
  while (name_end > line && (name_end[-1] == ' ' || name_end[-1] == '\t'))
    name_end--;
  if (!_hl_sip_is_token (line, name_end - line))
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Bad header name"));
      return FALSE;
    }

  value = g_strstrip (g_strdup (colon + 1));
  known = find_known_header (line, name_end - line);

  if (known >= 0 && known_headers[known].list && value[0] != '\0')
    {
      g_autoptr(GPtrArray) values = _hl_sip_split_list (value);

      if (values == NULL)
        {
          g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER,
                       /* Translators: %s is a SIP header name such as Contact */
                       _("Unbalanced quotes or brackets in %s"), known_headers[known].name);
          return FALSE;
        }

      for (guint i = 0; i < values->len && self->headers->len <= HL_SIP_MAX_HEADERS; i++)
        g_ptr_array_add (self->headers, header_new (g_strdup (known_headers[known].name),
                                                    g_strdup (g_ptr_array_index (values, i))));
    }
  else
    g_ptr_array_add (self->headers, header_new (canonical_name (line, name_end - line),
                                                g_steal_pointer (&value)));

  if (self->headers->len > HL_SIP_MAX_HEADERS)
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_TOO_LARGE, _("Too many headers"));
      return FALSE;
    }

  return TRUE;
}

/* The head is @len bytes of CRLF-terminated lines. */
static gboolean
parse_head (HlSipMessage  *self,
            const char    *head,
            gsize          len,
            GError       **error)
{
  const char *end = head + len;
  g_autoptr(GString) header = NULL;
  gboolean first = TRUE;

  for (const char *line = head; line < end;)
    {
      const char *lf = memchr (line, '\n', end - line);
      const char *eol;

      /* every line ends in CRLF; a CR or LF on its own is refused */
      if (lf == NULL || lf == line || lf[-1] != '\r' || memchr (line, '\r', lf - 1 - line) != NULL)
        {
          g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Lines must end in CRLF"));
          return FALSE;
        }
      eol = lf - 1;

      for (const char *p = line; p < eol; p++)
        if (((guchar) *p < 0x20 && *p != '\t') || *p == 0x7f)
          {
            g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Control character in the head"));
            return FALSE;
          }

      if (first)
        {
          if (!parse_start_line (self, line, eol - line, error))
            return FALSE;
          first = FALSE;
        }
      else if (*line == ' ' || *line == '\t')
        {
          /* folding (§7.3.1): the CRLF and the white space around it become one SP */
          const char *p = line;

          if (header == NULL)
            {
              g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Continuation line without a header"));
              return FALSE;
            }
          while (p < eol && (*p == ' ' || *p == '\t'))
            p++;
          while (header->len > 0 && (header->str[header->len - 1] == ' ' || header->str[header->len - 1] == '\t'))
            g_string_truncate (header, header->len - 1);
          g_string_append_c (header, ' ');
          g_string_append_len (header, p, eol - p);
        }
      else
        {
          if (header != NULL && !add_parsed_header (self, header->str, error))
            return FALSE;
          if (header != NULL)
            g_string_free (header, TRUE);
          header = g_string_new_len (line, eol - line);
        }

      line = lf + 1;
    }

  if (first)
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("No start line"));
      return FALSE;
    }

  if (header != NULL && !add_parsed_header (self, header->str, error))
    return FALSE;

  return TRUE;
}

static gboolean
bad_header (GError     **error,
            const char  *name)
{
  /* Translators: %s is a SIP header name such as CSeq */
  g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, _("Bad %s header"), name);
  return FALSE;
}

/* The headers every transaction relies on must be there once and make sense, so that the layers
 * above never meet a half-valid message (§8.1.1, §8.2.2). */
static gboolean
validate (HlSipMessage  *self,
          GError       **error)
{
  const char *single[] = { "From", "To", "Call-ID", "CSeq" };
  g_autoptr(GPtrArray) vias = hl_sip_message_get_headers (self, "Via");
  g_autoptr(GPtrArray) lengths = hl_sip_message_get_headers (self, "Content-Length");
  g_autoptr(GPtrArray) forwards = hl_sip_message_get_headers (self, "Max-Forwards");
  const char *method;

  if (vias->len == 0)
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MISSING_HEADER, _("No Via header"));
      return FALSE;
    }

  for (guint i = 0; i < vias->len; i++)
    {
      g_autoptr(HlSipVia) via = _hl_sip_via_parse (g_ptr_array_index (vias, i));

      if (via == NULL)
        return bad_header (error, "Via");
    }

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    {
      g_autoptr(GPtrArray) values = hl_sip_message_get_headers (self, single[i]);

      if (values->len == 0)
        {
          /* Translators: %s is a SIP header name such as Call-ID */
          g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MISSING_HEADER, _("No %s header"), single[i]);
          return FALSE;
        }
      if (values->len > 1)
        return bad_header (error, single[i]);
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(HlSipNameAddr) addr = hl_sip_name_addr_parse (hl_sip_message_get_header (self, single[i]), NULL);

      if (addr == NULL)
        return bad_header (error, single[i]);
    }

  if (hl_sip_message_get_call_id (self)[0] == '\0' || strpbrk (hl_sip_message_get_call_id (self), " \t") != NULL)
    return bad_header (error, "Call-ID");

  hl_sip_message_get_cseq (self, &method);
  if (method == NULL)
    return bad_header (error, "CSeq");

  /* §8.2.2 and RFC 4475 §3.1.2.19: the CSeq method of a request is its own */
  if (self->is_request && strcmp (method, self->method) != 0)
    return bad_header (error, "CSeq");

  for (guint i = 0; i < lengths->len; i++)
    {
      guint64 value;
      const char *text = g_ptr_array_index (lengths, i);

      if (!parse_uint (text, strlen (text), G_MAXUINT32, &value)
          || (i > 0 && strcmp (text, g_ptr_array_index (lengths, 0)) != 0))
        return bad_header (error, "Content-Length");
    }

  for (guint i = 0; i < forwards->len; i++)
    {
      guint64 value;
      const char *text = g_ptr_array_index (forwards, i);

      if (i > 0 || !parse_uint (text, strlen (text), 255, &value))
        return bad_header (error, "Max-Forwards");
    }

  return TRUE;
}

/* At least the length hl_sip_message_to_string() gives (a Content-Length that is there can only
 * get shorter: leading zeros go, duplicates merge). */
static gsize
formatted_length_bound (HlSipMessage *self,
                        gsize         body_length)
{
  gsize total = body_length + 2;

  if (self->is_request)
    total += strlen (self->method) + strlen (self->request_uri) + strlen ("  SIP/2.0\r\n");
  else
    total += strlen ("SIP/2.0 000 \r\n") + strlen (self->reason);

  for (guint i = 0; i < self->headers->len; i++)
    {
      HlSipHeader *header = g_ptr_array_index (self->headers, i);

      total += strlen (header->name) + strlen (header->value) + strlen (": \r\n");
    }

  if (hl_sip_message_get_header (self, "Content-Length") == NULL)
    total += strlen ("Content-Length: \r\n") + 20;

  return total;
}

/* The CRLFCRLF that ends the head (memmem() is a GNU extension). */
static const char *
find_empty_line (const char *p,
                 const char *end)
{
  for (; end - p >= 4; p++)
    {
      p = memchr (p, '\r', end - p - 3);
      if (p == NULL)
        return NULL;
      if (p[1] == '\n' && p[2] == '\r' && p[3] == '\n')
        return p;
    }

  return NULL;
}

HlSipMessage *
hl_sip_message_parse (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(HlSipMessage) self = NULL;
  const char *end = data + length;
  const char *p = data;
  const char *head_end;
  const char *body;
  const char *content_length;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > HL_SIP_MAX_MESSAGE_SIZE)
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_TOO_LARGE, _("Message larger than %d bytes"), HL_SIP_MAX_MESSAGE_SIZE);
      return NULL;
    }

  if (length == 0)
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Empty message"));
      return NULL;
    }

  /* §7.5: CRLFs before the start line are ignored (they are keep-alives on streams) */
  while (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
    p += 2;

  /* The head ends at the empty line. A frame that ends right after the last header's CRLF is
   * taken as having an empty body: some senders drop the final CRLF of a body-less message. */
  head_end = find_empty_line (p, end);
  if (head_end != NULL && memchr (p, '\0', head_end - p) == NULL)
    {
      head_end += 2;
      body = head_end + 2;
    }
  else if (memchr (p, '\0', end - p) == NULL && end - p >= 2 && end[-2] == '\r' && end[-1] == '\n')
    body = head_end = end;
  else
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED,
                   memchr (p, '\0', end - p) ? _("NUL byte in the head") : _("No empty line after the headers"));
      return NULL;
    }

  /* Header text reaches the UI and the database: it must be UTF-8 (§7.3.1 TEXT-UTF8) */
  if (!g_utf8_validate (p, head_end - p, NULL))
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED, _("Head is not UTF-8"));
      return NULL;
    }

  self = message_new ();
  if (!parse_head (self, p, head_end - p, error) || !validate (self, error))
    return NULL;

  /* Framing (§18.3, RFC 7118 §5): one frame is one message, so the Content-Length must match the
   * rest of the frame exactly; without one, the rest of the frame is the body. */
  content_length = hl_sip_message_get_header (self, "Content-Length");
  if (content_length != NULL && g_ascii_strtoull (content_length, NULL, 10) != (guint64) (end - body))
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_MALFORMED,
                   /* Translators: a SIP header value, then a number of bytes */
                   _("Content-Length %s but the body has %lu bytes"), content_length, (unsigned long) (end - body));
      return NULL;
    }

  /* What we format from a message we parsed must parse again (a response copies its Vias, a
   * proxy forwards it): so the limits apply to the formatted form too, which may be longer, with
   * compact names expanded, lists one value a line and a Content-Length added. */
  if (formatted_length_bound (self, end - body) > HL_SIP_MAX_MESSAGE_SIZE
      || (content_length == NULL && self->headers->len >= HL_SIP_MAX_HEADERS))
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_TOO_LARGE, _("Message larger than %d bytes"), HL_SIP_MAX_MESSAGE_SIZE);
      return NULL;
    }

  g_free (self->body);
  self->body = g_malloc (end - body + 1);
  memcpy (self->body, body, end - body);
  self->body[end - body] = '\0';
  self->body_length = end - body;

  return g_steal_pointer (&self);
}

char *
hl_sip_message_to_string (HlSipMessage *self,
                          gsize        *length)
{
  g_autofree char *content_length = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  content_length = g_strdup_printf ("%" G_GSIZE_FORMAT, self->body_length);
  hl_sip_message_set_header (self, "Content-Length", content_length);

  out = g_string_sized_new (512 + self->body_length);
  if (self->is_request)
    g_string_append_printf (out, "%s %s SIP/2.0\r\n", self->method, self->request_uri);
  else
    g_string_append_printf (out, "SIP/2.0 %03u %s\r\n", self->status, self->reason);

  for (guint i = 0; i < self->headers->len; i++)
    {
      HlSipHeader *header = g_ptr_array_index (self->headers, i);

      g_string_append_printf (out, "%s: %s\r\n", header->name, header->value);
    }

  g_string_append (out, "\r\n");
  g_string_append_len (out, self->body, self->body_length);

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

/* Accessors */

gboolean
hl_sip_message_is_request (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_request;
}

const char *
hl_sip_message_get_method (HlSipMessage *self)
{
  const char *method = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->is_request)
    return self->method;

  hl_sip_message_get_cseq (self, &method);
  return method;
}

const char *
hl_sip_message_get_request_uri (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->request_uri;
}

guint
hl_sip_message_get_status (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

const char *
hl_sip_message_get_reason (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reason;
}

/* Headers */

const char *
hl_sip_message_get_header (HlSipMessage *self,
                           const char   *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->headers->len; i++)
    {
      HlSipHeader *header = g_ptr_array_index (self->headers, i);

      if (names_equal (header->name, name))
        return header->value;
    }

  return NULL;
}

GPtrArray *
hl_sip_message_get_headers (HlSipMessage *self,
                            const char   *name)
{
  GPtrArray *values;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  values = g_ptr_array_new ();
  for (guint i = 0; i < self->headers->len; i++)
    {
      HlSipHeader *header = g_ptr_array_index (self->headers, i);

      if (names_equal (header->name, name))
        g_ptr_array_add (values, header->value);
    }

  return values;
}

guint
hl_sip_message_get_n_headers (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->headers->len;
}

const char *
hl_sip_message_get_nth_header (HlSipMessage  *self,
                               guint          index,
                               const char   **name)
{
  HlSipHeader *header;

  g_return_val_if_fail (self != NULL, NULL);

  if (index >= self->headers->len)
    return NULL;

  header = g_ptr_array_index (self->headers, index);
  if (name != NULL)
    *name = header->name;

  return header->value;
}

static gboolean
check_header_args (const char *name,
                   const char *value)
{
  return name != NULL && _hl_sip_is_token (name, strlen (name)) && value != NULL && is_safe_text (value);
}

void
hl_sip_message_add_header (HlSipMessage *self,
                           const char   *name,
                           const char   *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (check_header_args (name, value));

  g_ptr_array_add (self->headers, header_new (canonical_name (name, strlen (name)), g_strdup (value)));
}

void
hl_sip_message_prepend_header (HlSipMessage *self,
                               const char   *name,
                               const char   *value)
{
  guint index = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (check_header_args (name, value));

  while (index < self->headers->len
         && !names_equal (((HlSipHeader *) g_ptr_array_index (self->headers, index))->name, name))
    index++;

  /* a header not there yet goes first: for Via and Route that is where the next hop looks */
  if (index == self->headers->len)
    index = 0;

  g_ptr_array_insert (self->headers, (int) index, header_new (canonical_name (name, strlen (name)), g_strdup (value)));
}

void
hl_sip_message_set_header (HlSipMessage *self,
                           const char   *name,
                           const char   *value)
{
  gboolean replaced = FALSE;

  g_return_if_fail (self != NULL);
  g_return_if_fail (check_header_args (name, value));

  /* the first one is replaced in place, so that the header order stays stable */
  for (guint i = 0; i < self->headers->len;)
    {
      HlSipHeader *header = g_ptr_array_index (self->headers, i);

      if (!names_equal (header->name, name))
        i++;
      else if (!replaced)
        {
          g_free (header->value);
          header->value = g_strdup (value);
          replaced = TRUE;
          i++;
        }
      else
        g_ptr_array_remove_index (self->headers, i);
    }

  if (!replaced)
    hl_sip_message_add_header (self, name, value);
}

void
hl_sip_message_remove_header (HlSipMessage *self,
                              const char   *name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  for (guint i = 0; i < self->headers->len;)
    {
      HlSipHeader *header = g_ptr_array_index (self->headers, i);

      if (names_equal (header->name, name))
        g_ptr_array_remove_index (self->headers, i);
      else
        i++;
    }
}

const char *
hl_sip_message_get_body (HlSipMessage *self,
                         gsize        *length)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (length != NULL)
    *length = self->body_length;

  return self->body;
}

void
hl_sip_message_set_body (HlSipMessage *self,
                         const char   *content_type,
                         const char   *body,
                         gssize        length)
{
  gsize len;

  g_return_if_fail (self != NULL);
  g_return_if_fail (body != NULL || length <= 0);
  g_return_if_fail (content_type == NULL || is_safe_text (content_type));

  len = body == NULL ? 0 : length < 0 ? strlen (body) : (gsize) length;

  g_free (self->body);
  self->body = g_malloc (len + 1);
  if (len > 0)
    memcpy (self->body, body, len);
  self->body[len] = '\0';
  self->body_length = len;

  if (content_type != NULL)
    hl_sip_message_set_header (self, "Content-Type", content_type);
  else
    hl_sip_message_remove_header (self, "Content-Type");
}

/* Typed access */

guint32
hl_sip_message_get_cseq (HlSipMessage  *self,
                         const char   **method)
{
  const char *value;
  const char *p;
  const char *method_start;
  guint64 number;

  g_return_val_if_fail (self != NULL, 0);

  if (method != NULL)
    *method = NULL;

  value = hl_sip_message_get_header (self, "CSeq");
  if (value == NULL)
    return 0;

  /* CSeq = 1*DIGIT LWS Method, the number below 2**31 (§8.1.1.5) */
  for (p = value; g_ascii_isdigit (*p); p++)
    ;
  if (!parse_uint (value, p - value, G_MAXINT32, &number) || (*p != ' ' && *p != '\t'))
    return 0;

  method_start = p = _hl_sip_skip_ws (p);
  while (_hl_sip_is_token_char (*p))
    p++;
  if (p == method_start || *p != '\0')
    return 0;

  if (g_strcmp0 (self->cseq_value, value) != 0)
    {
      g_free (self->cseq_value);
      g_free (self->cseq_method);
      self->cseq_value = g_strdup (value);
      self->cseq_method = g_strdup (method_start);
    }

  if (method != NULL)
    *method = self->cseq_method;

  return (guint32) number;
}

const char *
hl_sip_message_get_call_id (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return hl_sip_message_get_header (self, "Call-ID");
}

char *
hl_sip_message_get_via_branch (HlSipMessage *self)
{
  const char *value;
  g_autoptr(HlSipVia) via = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  value = hl_sip_message_get_header (self, "Via");
  if (value == NULL || (via = _hl_sip_via_parse (value)) == NULL)
    return NULL;

  return g_strdup (_hl_sip_params_get (via->params, "branch"));
}

static char *
get_tag (HlSipMessage *self,
         const char   *name)
{
  const char *value = hl_sip_message_get_header (self, name);
  g_autoptr(HlSipNameAddr) addr = NULL;
  const char *tag;

  if (value == NULL || (addr = hl_sip_name_addr_parse (value, NULL)) == NULL)
    return NULL;

  tag = hl_sip_name_addr_get_param (addr, "tag");
  return tag != NULL && tag[0] != '\0' ? g_strdup (tag) : NULL;
}

char *
hl_sip_message_get_from_tag (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return get_tag (self, "From");
}

char *
hl_sip_message_get_to_tag (HlSipMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return get_tag (self, "To");
}

gint64
hl_sip_message_get_expires (HlSipMessage *self)
{
  const char *value;
  guint64 expires;

  g_return_val_if_fail (self != NULL, -1);

  value = hl_sip_message_get_header (self, "Expires");
  if (value == NULL || !parse_uint (value, strlen (value), G_MAXUINT32, &expires))
    return -1;

  return (gint64) expires;
}

HlSipMessage *
hl_sip_message_new_response_to (HlSipMessage *request,
                                guint         status,
                                const char   *reason,
                                const char   *to_tag)
{
  const char *copied[] = { "Via", "From", "To", "Call-ID", "CSeq" };
  g_autoptr(HlSipMessage) response = NULL;
  g_autofree char *existing_tag = NULL;

  g_return_val_if_fail (request != NULL && request->is_request, NULL);
  g_return_val_if_fail (to_tag == NULL || _hl_sip_is_token (to_tag, strlen (to_tag)), NULL);

  response = hl_sip_message_new_response (status, reason);
  if (response == NULL)
    return NULL;

  existing_tag = hl_sip_message_get_to_tag (request);

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      g_autoptr(GPtrArray) values = hl_sip_message_get_headers (request, copied[i]);

      for (guint j = 0; j < values->len; j++)
        {
          const char *value = g_ptr_array_index (values, j);

          /* the tag goes after the header's own parameters, where §20.39 puts it */
          if (g_str_equal (copied[i], "To") && to_tag != NULL && existing_tag == NULL)
            {
              g_autofree char *tagged = g_strdup_printf ("%s;tag=%s", value, to_tag);

              hl_sip_message_add_header (response, copied[i], tagged);
            }
          else
            hl_sip_message_add_header (response, copied[i], value);
        }
    }

  hl_sip_message_add_header (response, "Content-Length", "0");

  return g_steal_pointer (&response);
}

const char *
hl_sip_status_phrase (guint status)
{
  /* RFC 3261 §21 and the extensions a PBX sends. Protocol text, so not translated: the UI shows
   * its own strings for the statuses it cares about. */
  static const struct { guint status; const char *phrase; } phrases[] = {
    { 100, "Trying" }, { 180, "Ringing" }, { 181, "Call Is Being Forwarded" }, { 182, "Queued" },
    { 183, "Session Progress" }, { 199, "Early Dialog Terminated" },
    { 200, "OK" }, { 202, "Accepted" }, { 204, "No Notification" },
    { 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Moved Temporarily" },
    { 305, "Use Proxy" }, { 380, "Alternative Service" },
    { 400, "Bad Request" }, { 401, "Unauthorized" }, { 402, "Payment Required" }, { 403, "Forbidden" },
    { 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
    { 407, "Proxy Authentication Required" }, { 408, "Request Timeout" }, { 410, "Gone" },
    { 412, "Conditional Request Failed" }, { 413, "Request Entity Too Large" },
    { 414, "Request-URI Too Long" }, { 415, "Unsupported Media Type" },
    { 416, "Unsupported URI Scheme" }, { 420, "Bad Extension" }, { 421, "Extension Required" },
    { 422, "Session Interval Too Small" }, { 423, "Interval Too Brief" },
    { 480, "Temporarily Unavailable" }, { 481, "Call/Transaction Does Not Exist" },
    { 482, "Loop Detected" }, { 483, "Too Many Hops" }, { 484, "Address Incomplete" },
    { 485, "Ambiguous" }, { 486, "Busy Here" }, { 487, "Request Terminated" },
    { 488, "Not Acceptable Here" }, { 489, "Bad Event" }, { 491, "Request Pending" },
    { 493, "Undecipherable" },
    { 500, "Server Internal Error" }, { 501, "Not Implemented" }, { 502, "Bad Gateway" },
    { 503, "Service Unavailable" }, { 504, "Server Time-out" }, { 505, "Version Not Supported" },
    { 513, "Message Too Large" }, { 580, "Precondition Failure" },
    { 600, "Busy Everywhere" }, { 603, "Decline" }, { 604, "Does Not Exist Anywhere" },
    { 606, "Not Acceptable" }, { 607, "Unwanted" },
  };
  static const char *classes[] = { "Provisional", "Success", "Redirection", "Client Error",
                                   "Server Error", "Global Failure" };

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (phrases[i].status == status)
      return phrases[i].phrase;

  if (status >= 100 && status <= 699)
    return classes[status / 100 - 1];

  return "Unknown";
}

char *
hl_sip_random_token (guint length)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  g_autofree char *token = g_malloc (length + 1);
  guint filled = 0;

  g_return_val_if_fail (length > 0, NULL);

  /* §19.3 wants tags and Call-IDs cryptographically random, which g_random_*() is not; the
   * kernel's pool is, and getrandom() on a few bytes does not block once the system is up */
  while (filled < length)
    {
      guint8 bytes[64];
      gssize got = getrandom (bytes, sizeof bytes, 0);

      if (got <= 0)
        {
          for (guint i = 0; i < sizeof bytes; i++)
            bytes[i] = (guint8) g_random_int_range (0, 248);
          got = sizeof bytes;
        }

      /* 248 = 4 × 62: dropping the bytes above keeps every character equally likely */
      for (gssize i = 0; i < got && filled < length; i++)
        if (bytes[i] < 248)
          token[filled++] = alphabet[bytes[i] % 62];
    }

  token[length] = '\0';
  return g_steal_pointer (&token);
}

/* hl-dial-uri.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include <string.h>

#include "hl-dial-uri.h"

/* Click-to-call: what to put in the phone pane's number field for a sip:, sips: or tel: link
 * (from a web page, a mail or another application). The text comes from outside, so it is checked
 * strictly: anything else, a bad escape or a control character gives NULL. */

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* Percent-decodes @text (@len bytes); NULL for a malformed escape, an encoded NUL, text that is
 * not UTF-8 or a control character. */
static char *
decode (const char *text,
        gssize      len)
{
  g_autofree char *part = g_strndup (text, len < 0 ? strlen (text) : (gsize) len);
  g_autofree char *decoded = g_uri_unescape_string (part, NULL);

  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL) || has_control_chars (decoded))
    return NULL;

  return g_steal_pointer (&decoded);
}

/* Host names, IPv4 and bracketed IPv6 addresses, with an optional port. */
static gboolean
is_host (const char *host)
{
  if (host[0] == '\0')
    return FALSE;

  for (const char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_:[]", *p) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
has_scheme (const char  *uri,
            const char  *scheme,
            const char **rest)
{
  gsize len = strlen (scheme);

  if (g_ascii_strncasecmp (uri, scheme, len) != 0)
    return FALSE;

  *rest = uri + len;
  return TRUE;
}

/* sip:user[:password]@host[:port][;params][?headers] → "user@host[:port]". The password, the
 * URI parameters and the headers are dropped; so are the user's own parameters
 * (sip:+15551234;phone-context=example.com@host). A URI without a user gives the host. */
static char *
sip_to_address (const char *rest)
{
  const char *at = strchr (rest, '@');
  const char *host = at ? at + 1 : rest;
  g_autofree char *user = NULL;
  g_autofree char *host_part = NULL;
  gsize host_len = strcspn (host, ";?");

  if (host_len == 0)
    return NULL;

  if (!(host_part = decode (host, host_len)) || !is_host (host_part))
    return NULL;

  if (at == NULL)
    return g_steal_pointer (&host_part);

  if (!(user = decode (rest, MIN ((gsize) (at - rest), strcspn (rest, ":;")))) || user[0] == '\0')
    return NULL;

  return g_strdup_printf ("%s@%s", user, host_part);
}

/* tel:+1-555-0100;ext=22 → "+1-555-0100": the digits, a leading + and the visual separators
 * (- . space parentheses); anything else in the number is dropped. */
static char *
tel_to_number (const char *rest)
{
  g_autofree char *decoded = decode (rest, strcspn (rest, ";?"));
  g_autoptr(GString) number = NULL;
  gboolean digits = FALSE;

  if (decoded == NULL)
    return NULL;

  number = g_string_new (NULL);
  for (const char *p = decoded; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;

      if (g_ascii_isdigit (*p) || strchr ("+-. ()", *p) != NULL)
        g_string_append_c (number, *p);
    }

  g_strstrip (number->str);
  number->len = strlen (number->str);

  if (!digits)
    return NULL;

  return g_string_free (g_steal_pointer (&number), FALSE);
}

/**
 * hl_dial_uri_to_number:
 * @uri: a sip:, sips: or tel: URI
 *
 * Returns: (transfer full) (nullable): the SIP address (user@host) or the telephone number to
 *   dial, or %NULL if @uri is not a usable sip:, sips: or tel: URI
 */
char *
hl_dial_uri_to_number (const char *uri)
{
  g_autofree char *trimmed = NULL;
  const char *rest;

  if (uri == NULL || !g_utf8_validate (uri, -1, NULL) || has_control_chars (uri))
    return NULL;

  trimmed = g_strstrip (g_strdup (uri));

  if (has_scheme (trimmed, "sip:", &rest) || has_scheme (trimmed, "sips:", &rest))
    return sip_to_address (rest);

  if (has_scheme (trimmed, "tel:", &rest))
    return tel_to_number (rest);

  return NULL;
}

/* The length of the country code at the start of an international number (ITU-T E.164
 * assignments: 1 and 7 alone, these two-digit codes, three digits for the rest) */
static gsize
country_code_length (const char *digits)
{
  static const char two_digit[] = "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 "
                                  "55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98";
  char code[3] = { digits[0], digits[1], '\0' };

  if (digits[0] == '1' || digits[0] == '7')
    return 1;

  return strstr (two_digit, code) != NULL ? 2 : 3;
}

static void
append_groups (GString    *out,
               const char *digits)
{
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
}

/* "+34612345678" → "+34 612 345 678": the country code, then groups of three from the end
 * (North America: 555 010 0123), for reading aloud. Numbers that already have separators, and
 * short ones (extensions), stay as they are. */
static char *
format_number (const char *number)
{
  gboolean plus = number[0] == '+';
  const char *digits = plus ? number + 1 : number;
  gsize n = strlen (digits);
  GString *out;

  if (n < 7)
    return g_strdup (number);
  for (const char *p = digits; *p; p++)
    if (!g_ascii_isdigit (*p))
      return g_strdup (number);

  out = g_string_new (NULL);
  if (plus)
    {
      gsize cc = country_code_length (digits);

      g_string_append_c (out, '+');
      g_string_append_len (out, digits, cc);
      g_string_append_c (out, ' ');
      digits += cc;
      n -= cc;
    }

  if (plus && digits[-1] == '1' && number + 2 == digits && n == 10)
    g_string_append_printf (out, "%.3s %.3s %s", digits, digits + 3, digits + 6);
  else
    append_groups (out, digits);

  return g_string_free (out, FALSE);
}

static gboolean
is_phone_number (const char *text)
{
  gboolean digits = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (!(*p == '+' && p == text) && strchr ("-. ()", *p) == NULL)
        return FALSE;
    }

  return digits;
}

/**
 * hl_dial_uri_to_caller:
 * @uri: a caller's sip:, sips: or tel: URI
 *
 * What to call a caller without a name: the user part of a SIP URI ("agent2" for
 * sip:agent2@pbx), a phone number grouped for reading ("+34 612 345 678"), or the host of a URI
 * without a user.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if @uri is not a usable URI
 */
char *
hl_dial_uri_to_caller (const char *uri)
{
  g_autofree char *address = hl_dial_uri_to_number (uri);
  g_autofree char *user = NULL;
  const char *at;

  if (address == NULL)
    return NULL;

  /* tel: numbers have no @; an IPv6 host's colons come after it */
  at = strrchr (address, '@');
  user = at ? g_strndup (address, at - address) : g_strdup (address);
  if (is_phone_number (user))
    return format_number (user);
  if (at == NULL || strchr (address, '@') != at)
    return g_steal_pointer (&address);

  return g_steal_pointer (&user);
}

/**
 * hl_dial_uri_is_caller_name:
 * @uri: a caller's sip:, sips: or tel: URI
 * @name: a name for them
 *
 * Whether @name says no more than @uri's user part, whatever its separators and case: the
 * contact that a call from an unknown caller created is named so ("+34612345678" for
 * sip:+34612345678@pbx, "customer2" for sip:customer2@pbx). Shown as hl_dial_uri_to_caller()
 * shows the number instead.
 */
gboolean
hl_dial_uri_is_caller_name (const char *uri,
                            const char *name)
{
  g_autofree char *address = hl_dial_uri_to_number (uri);
  const char *a = name;
  const char *b = address;

  if (name == NULL || address == NULL)
    return FALSE;

  for (;;)
    {
      while (*a && !g_ascii_isalnum (*a))
        a++;
      while (*b && *b != '@' && !g_ascii_isalnum (*b))
        b++;
      if (*a == '\0' || *b == '\0' || *b == '@')
        return *a == '\0' && (*b == '\0' || *b == '@');
      if (g_ascii_tolower (*a) != g_ascii_tolower (*b))
        return FALSE;
      a++;
      b++;
    }
}

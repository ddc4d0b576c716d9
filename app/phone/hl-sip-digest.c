/* hl-sip-digest.c
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

/* HTTP Digest as SIP uses it (RFC 3261 §22.4, RFC 2617 §3.2): MD5, with qop=auth when the server
 * offers it and the RFC 2069 form without qop otherwise. MD5-sess, auth-int and the SHA-2
 * algorithms of RFC 8760 are refused with HL_SIP_ERROR_AUTH: a 401 may carry several challenges
 * and the caller answers the first one that parses. */

struct _HlSipDigestChallenge
{
  char     *realm;
  char     *nonce;
  char     *opaque;
  gboolean  stale;
  gboolean  qop_auth;
};

void
hl_sip_digest_challenge_free (HlSipDigestChallenge *challenge)
{
  if (challenge == NULL)
    return;

  g_free (challenge->realm);
  g_free (challenge->nonce);
  g_free (challenge->opaque);
  g_free (challenge);
}

/* Reads name EQUAL ( token / quoted-string ) at *@p; the value comes back unquoted. */
static gboolean
scan_auth_param (const char **p,
                 char       **name,
                 char       **value)
{
  const char *q = *p;
  const char *start = q;

  while (_hl_sip_is_token_char (*q))
    q++;
  if (q == start)
    return FALSE;
  *name = g_strndup (start, q - start);

  q = _hl_sip_skip_ws (q);
  if (*q != '=')
    goto fail;
  q = _hl_sip_skip_ws (q + 1);

  if (*q == '"')
    {
      *value = _hl_sip_scan_quoted (q, &q);
      if (*value == NULL)
        goto fail;
    }
  else
    {
      start = q;
      while (_hl_sip_is_token_char (*q))
        q++;
      if (q == start)
        goto fail;
      *value = g_strndup (start, q - start);
    }

  *p = q;
  return TRUE;

fail:
  g_clear_pointer (name, g_free);
  return FALSE;
}

/* The qop-options list ("auth,auth-int") contains "auth". */
static gboolean
offers_qop_auth (const char *qop)
{
  g_auto(GStrv) options = g_strsplit (qop, ",", -1);

  for (guint i = 0; options[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (options[i]), "auth") == 0)
      return TRUE;

  return FALSE;
}

HlSipDigestChallenge *
hl_sip_digest_challenge_parse (const char  *header_value,
                               GError     **error)
{
  g_autoptr(HlSipDigestChallenge) challenge = NULL;
  g_autofree char *algorithm = NULL;
  g_autofree char *qop = NULL;
  const char *p;

  g_return_val_if_fail (header_value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p = _hl_sip_skip_ws (header_value);
  if (g_ascii_strncasecmp (p, "Digest", 6) != 0 || (p[6] != ' ' && p[6] != '\t'))
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_AUTH, _("Not a Digest challenge"));
      return NULL;
    }

  challenge = g_new0 (HlSipDigestChallenge, 1);
  p = _hl_sip_skip_ws (p + 6);

  for (;;)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      char **slot = NULL;

      if (!scan_auth_param (&p, &name, &value))
        goto bad;

      if (g_ascii_strcasecmp (name, "realm") == 0)
        slot = &challenge->realm;
      else if (g_ascii_strcasecmp (name, "nonce") == 0)
        slot = &challenge->nonce;
      else if (g_ascii_strcasecmp (name, "opaque") == 0)
        slot = &challenge->opaque;
      else if (g_ascii_strcasecmp (name, "algorithm") == 0)
        slot = &algorithm;
      else if (g_ascii_strcasecmp (name, "qop") == 0)
        slot = &qop;
      else if (g_ascii_strcasecmp (name, "stale") == 0)
        challenge->stale = g_ascii_strcasecmp (value, "true") == 0;
      /* domain and extensions are not needed to answer */

      if (slot != NULL)
        {
          if (*slot != NULL)
            goto bad;   /* the same parameter twice: which one would the server check? */
          *slot = g_steal_pointer (&value);
        }

      p = _hl_sip_skip_ws (p);
      if (*p == '\0')
        break;
      if (*p != ',')
        goto bad;
      p = _hl_sip_skip_ws (p + 1);
    }

  if (challenge->realm == NULL || challenge->nonce == NULL)
    goto bad;

  if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "MD5") != 0)
    {
      /* Translators: %s is what the server offered, such as SHA-256 */
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_AUTH, _("Unsupported digest algorithm %s"), algorithm);
      return NULL;
    }

  if (qop != NULL)
    {
      if (!offers_qop_auth (qop))
        {
          /* Translators: %s is what the server offered, such as auth-int */
          g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_AUTH, _("Unsupported digest qop %s"), qop);
          return NULL;
        }
      challenge->qop_auth = TRUE;
    }

  return g_steal_pointer (&challenge);

bad:
  g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, _("Malformed digest challenge"));
  return NULL;
}

gboolean
hl_sip_digest_challenge_is_stale (HlSipDigestChallenge *challenge)
{
  g_return_val_if_fail (challenge != NULL, FALSE);

  return challenge->stale;
}

const char *
hl_sip_digest_challenge_get_realm (HlSipDigestChallenge *challenge)
{
  g_return_val_if_fail (challenge != NULL, NULL);

  return challenge->realm;
}

static char *
md5_hex (const char *first,
         ...)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  gboolean separate = FALSE;
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      if (separate)
        g_checksum_update (checksum, (const guchar *) ":", 1);
      separate = TRUE;
      g_checksum_update (checksum, (const guchar *) part, strlen (part));
    }
  va_end (args);

  return g_strdup (g_checksum_get_string (checksum));
}

static void
append_quoted (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, ", %s=\"", name);
  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
is_header_safe (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return TRUE;
}

char *
hl_sip_digest_authorization (HlSipDigestChallenge  *challenge,
                             const char            *method,
                             const char            *digest_uri,
                             const char            *username,
                             const char            *password,
                             guint32                nonce_count,
                             const char            *cnonce,
                             GError               **error)
{
  g_autofree char *random_cnonce = NULL;
  g_autofree char *ha1 = NULL;
  g_autofree char *ha2 = NULL;
  g_autofree char *response = NULL;
  char nc[9];
  GString *out;

  g_return_val_if_fail (challenge != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (digest_uri != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* these end up in a header: a CR or LF would let them forge the rest of the request */
  if (!is_header_safe (username) || !is_header_safe (digest_uri) || !is_header_safe (method)
      || (cnonce != NULL && (!is_header_safe (cnonce) || cnonce[0] == '\0')))
    {
      g_set_error (error, HL_SIP_ERROR, HL_SIP_ERROR_AUTH, _("Control characters in the credentials"));
      return NULL;
    }

  if (cnonce == NULL)
    cnonce = random_cnonce = hl_sip_random_token (16);

  g_snprintf (nc, sizeof nc, "%08x", nonce_count);

  ha1 = md5_hex (username, challenge->realm, password, NULL);
  ha2 = md5_hex (method, digest_uri, NULL);
  if (challenge->qop_auth)
    response = md5_hex (ha1, challenge->nonce, nc, cnonce, "auth", ha2, NULL);
  else
    response = md5_hex (ha1, challenge->nonce, ha2, NULL);

  out = g_string_new ("Digest ");
  append_quoted (out, "username", username);
  /* the first parameter has no leading comma */
  g_string_erase (out, 7, 2);
  append_quoted (out, "realm", challenge->realm);
  append_quoted (out, "nonce", challenge->nonce);
  append_quoted (out, "uri", digest_uri);
  append_quoted (out, "response", response);
  g_string_append (out, ", algorithm=MD5");
  if (challenge->opaque != NULL)
    append_quoted (out, "opaque", challenge->opaque);
  if (challenge->qop_auth)
    {
      g_string_append_printf (out, ", qop=auth, nc=%s", nc);
      append_quoted (out, "cnonce", cnonce);
    }

  return g_string_free (out, FALSE);
}

/* hl-backend-error.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwoot"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-backend-error.h"

typedef struct
{
  GTlsCertificate      *certificate;
  GTlsCertificateFlags  tls_errors;
  guint                 retry_after;
  char                 *mfa_token;
} HlBackendErrorPrivate;

static void
hl_backend_error_private_init (HlBackendErrorPrivate *priv)
{
  priv->certificate = NULL;
  priv->tls_errors = 0;
  priv->retry_after = 0;
  priv->mfa_token = NULL;
}

static void
hl_backend_error_private_copy (const HlBackendErrorPrivate *src,
                               HlBackendErrorPrivate       *dest)
{
  dest->certificate = src->certificate ? g_object_ref (src->certificate) : NULL;
  dest->tls_errors = src->tls_errors;
  dest->retry_after = src->retry_after;
  dest->mfa_token = g_strdup (src->mfa_token);
}

static void
hl_backend_error_private_clear (HlBackendErrorPrivate *priv)
{
  g_clear_object (&priv->certificate);
  g_clear_pointer (&priv->mfa_token, g_free);
}

G_DEFINE_EXTENDED_ERROR (HlBackendError, hl_backend_error)

/* Whether trying again later may succeed without anyone changing anything. */
gboolean
hl_backend_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != HL_BACKEND_ERROR)
    return FALSE;

  switch ((HlBackendError) error->code)
    {
    case HL_BACKEND_ERROR_OFFLINE:
    case HL_BACKEND_ERROR_RATE_LIMITED:
    case HL_BACKEND_ERROR_SERVER:
      return TRUE;

    case HL_BACKEND_ERROR_FAILED:
    case HL_BACKEND_ERROR_AUTH:
    case HL_BACKEND_ERROR_MFA_REQUIRED:
    case HL_BACKEND_ERROR_NOT_CHATWOOT:
    case HL_BACKEND_ERROR_TLS:
    case HL_BACKEND_ERROR_CONFLICT:
    case HL_BACKEND_ERROR_NOT_FOUND:
    case HL_BACKEND_ERROR_FORBIDDEN:
    case HL_BACKEND_ERROR_MALFORMED:
    default:
      return FALSE;
    }
}

/* A sentence per problem, most telling first. */
char *
hl_backend_describe_tls_errors (GTlsCertificateFlags errors)
{
  static const struct { GTlsCertificateFlags flag; const char *text; } problems[] = {
    { G_TLS_CERTIFICATE_EXPIRED, N_("The certificate has expired.") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("The certificate is not valid yet.") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("The certificate was issued for a different server name.") },
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("The certificate is not signed by a known authority.") },
    { G_TLS_CERTIFICATE_REVOKED, N_("The certificate has been revoked.") },
    { G_TLS_CERTIFICATE_INSECURE, N_("The certificate uses insecure cryptography.") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("The certificate could not be checked.") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      if (!(errors & problems[i].flag))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, _(problems[i].text));
    }

  if (text->len == 0)
    g_string_append (text, _("The certificate was refused."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

GError *
hl_backend_error_new_tls (GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          const char           *host)
{
  g_autofree char *problems = hl_backend_describe_tls_errors (errors);
  HlBackendErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  /* Translators: %s is a host name, then one or more sentences describing the certificate problem */
  error = g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_TLS,
                       _("The secure connection to %s could not be trusted. %s"),
                       host ? host : "?", problems);
  priv = hl_backend_error_get_private (error);
  priv->certificate = certificate ? g_object_ref (certificate) : NULL;
  priv->tls_errors = errors;

  return error;
}

GError *
hl_backend_error_new_rate_limited (guint retry_after)
{
  HlBackendErrorPrivate *priv;
  GError *error;

  error = g_error_new (HL_BACKEND_ERROR, HL_BACKEND_ERROR_RATE_LIMITED,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The server is busy. Trying again in %u second.",
                                    "The server is busy. Trying again in %u seconds.",
                                    retry_after),
                       retry_after);
  priv = hl_backend_error_get_private (error);
  priv->retry_after = retry_after;

  return error;
}

GError *
hl_backend_error_new_mfa_required (const char *mfa_token)
{
  HlBackendErrorPrivate *priv;
  GError *error;

  error = g_error_new_literal (HL_BACKEND_ERROR, HL_BACKEND_ERROR_MFA_REQUIRED,
                               _("Enter the code from your authenticator app."));
  priv = hl_backend_error_get_private (error);
  priv->mfa_token = g_strdup (mfa_token);

  return error;
}

/* The server's certificate of an HL_BACKEND_ERROR_TLS error (for a details dialog), or NULL. */
GTlsCertificate *
hl_backend_error_get_certificate (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != HL_BACKEND_ERROR)
    return NULL;

  return hl_backend_error_get_private (error)->certificate;
}

GTlsCertificateFlags
hl_backend_error_get_tls_errors (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != HL_BACKEND_ERROR)
    return 0;

  return hl_backend_error_get_private (error)->tls_errors;
}

/* Seconds to wait before the next request after HL_BACKEND_ERROR_RATE_LIMITED; 0 otherwise. */
guint
hl_backend_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != HL_BACKEND_ERROR)
    return 0;

  return hl_backend_error_get_private (error)->retry_after;
}

/* The token to send with the one-time code after HL_BACKEND_ERROR_MFA_REQUIRED; NULL otherwise. */
const char *
hl_backend_error_get_mfa_token (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != HL_BACKEND_ERROR)
    return NULL;

  return hl_backend_error_get_private (error)->mfa_token;
}

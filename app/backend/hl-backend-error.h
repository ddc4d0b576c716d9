/* hl-backend-error.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HL_BACKEND_ERROR (hl_backend_error_quark ())

/* Why talking to a team server failed. The domain is an extended GError domain: errors of it
 * carry details that the accessors below return (the certificate of a TLS failure, the wait of a
 * rate limit, the second-step token of a sign-in that needs a one-time code). Messages are
 * translated and meant for the UI. */
typedef enum
{
  HL_BACKEND_ERROR_FAILED,        /* anything else (an unexpected 4xx) */
  HL_BACKEND_ERROR_AUTH,          /* wrong or expired token, wrong password */
  HL_BACKEND_ERROR_MFA_REQUIRED,  /* sign-in needs a one-time code: see get_mfa_token () */
  HL_BACKEND_ERROR_NOT_CHATWOOT,  /* the server answered, but not as Chatwoot does */
  HL_BACKEND_ERROR_TLS,           /* certificate problem: see get_certificate () / get_tls_errors () */
  HL_BACKEND_ERROR_OFFLINE,       /* no network, connection refused, DNS failure, timeout */
  HL_BACKEND_ERROR_RATE_LIMITED,  /* 429: see get_retry_after () */
  HL_BACKEND_ERROR_SERVER,        /* 5xx */
  HL_BACKEND_ERROR_CONFLICT,      /* 409/422: the server refused a change */
  HL_BACKEND_ERROR_NOT_FOUND,     /* 404 from Chatwoot */
  HL_BACKEND_ERROR_FORBIDDEN,     /* 403: API access or a feature is disabled for the account */
  HL_BACKEND_ERROR_MALFORMED,     /* broken JSON or wrong shapes; the message names the field */
} HlBackendError;

GQuark               hl_backend_error_quark           (void);
gboolean             hl_backend_error_is_transient    (const GError          *error);
GError              *hl_backend_error_new_tls         (GTlsCertificate       *certificate,
                                                       GTlsCertificateFlags   errors,
                                                       const char            *host);
GError              *hl_backend_error_new_rate_limited (guint                 retry_after);
GError              *hl_backend_error_new_mfa_required (const char           *mfa_token);
GTlsCertificate     *hl_backend_error_get_certificate (const GError          *error);
GTlsCertificateFlags hl_backend_error_get_tls_errors  (const GError          *error);
guint                hl_backend_error_get_retry_after (const GError          *error);
const char          *hl_backend_error_get_mfa_token   (const GError          *error);
char                *hl_backend_describe_tls_errors   (GTlsCertificateFlags   errors);

G_END_DECLS

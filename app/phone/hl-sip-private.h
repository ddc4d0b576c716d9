/* hl-sip-private.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lexical helpers shared by the SIP codec files (hl-sip-message.c, hl-sip-uri.c, hl-sip-digest.c);
 * not for use outside app/phone/hl-sip-*.c. Whitespace here is SP and HT only: the message parser
 * has already unfolded the header lines. */

gboolean     _hl_sip_is_token_char  (char          c);
gboolean     _hl_sip_is_token       (const char   *text,
                                     gsize         len);
const char  *_hl_sip_skip_ws        (const char   *p);

/* Scans the quoted-string at @p (which points at the opening quote). Returns the unquoted text
 * and sets @after past the closing quote, or NULL if it is unterminated or has a control char. */
char        *_hl_sip_scan_quoted    (const char   *p,
                                     const char  **after);

/* Parses *( SEMI generic-param ) from *@p, appending "name" or "name=value" (value as written,
 * quoted strings with their quotes) to @params. Stops at the end of the string or at the first
 * character that cannot start another parameter; returns FALSE on a syntax error. */
gboolean     _hl_sip_parse_params   (const char  **p,
                                     GPtrArray    *params);
const char  *_hl_sip_params_get     (GPtrArray    *params,
                                     const char   *name);
void         _hl_sip_params_set     (GPtrArray    *params,
                                     const char   *name,
                                     const char   *value);

/* Splits a comma-separated header value, respecting quoted strings and <…>; empty elements are
 * dropped. NULL if a quote or an angle bracket is left open. */
GPtrArray   *_hl_sip_split_list     (const char   *value);

/* Via: sent-protocol LWS sent-by *( SEMI via-params ). */
typedef struct
{
  char      *transport;   /* "UDP", "WS", "WSS"…, as written */
  char      *host;
  guint16    port;        /* 0 = not given */
  GPtrArray *params;
} HlSipVia;

HlSipVia    *_hl_sip_via_parse      (const char   *value);
void         _hl_sip_via_free       (HlSipVia     *via);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSipVia, _hl_sip_via_free)

G_END_DECLS

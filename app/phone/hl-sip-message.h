/* hl-sip-message.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SIP message codec (RFC 3261 §7, §20, §25): parse and build requests and responses. Pure
 * code with no I/O, so it is unit-tested and fuzzed on its own (tests/test-sip-message.c,
 * tests/fuzz/fuzz-sip-message.c). Parsing never trusts its input: every malformed message gives
 * an HL_SIP_ERROR, never a crash. */

#define HL_SIP_ERROR (hl_sip_error_quark ())

typedef enum
{
  HL_SIP_ERROR_MALFORMED,        /* not a SIP message: bad start line, header syntax, framing */
  HL_SIP_ERROR_MISSING_HEADER,   /* a mandatory header (Via, From, To, Call-ID, CSeq) is absent */
  HL_SIP_ERROR_BAD_HEADER,       /* a header is present but its value doesn't parse */
  HL_SIP_ERROR_TOO_LARGE,        /* over the size limits below */
  HL_SIP_ERROR_AUTH,             /* a digest challenge we cannot answer */
} HlSipError;

/* Limits: a message over WebSocket is one frame; these bound what a peer can make us allocate. */
#define HL_SIP_MAX_MESSAGE_SIZE  (256 * 1024)
#define HL_SIP_MAX_HEADERS       256

typedef struct _HlSipUri     HlSipUri;
typedef struct _HlSipMessage HlSipMessage;

/* sip:user:password@host:port;uri-parameters?headers (and sips:). Parameters keep their order and
 * unknown ones (Kamailio's ";alias=…") survive a parse/format round trip unchanged.
 * Other schemes (tel:, urn:, http: in a Contact…) parse too, as an opaque URI: then opaque holds
 * the text after the colon, host is "" and user, password and headers are NULL. */
struct _HlSipUri
{
  char       *scheme;     /* "sip" or "sips" (or another scheme, see above), lower case */
  char       *user;       /* unescaped; NULL if none */
  char       *password;   /* NULL if none */
  char       *host;       /* without [] for IPv6 */
  guint16     port;       /* 0 = not given */
  GPtrArray  *params;     /* of char* "name" or "name=value", as written */
  char       *headers;    /* the part after '?', NULL if none */
  char       *opaque;     /* schemes other than sip and sips only, else NULL */
};

HlSipUri     *hl_sip_uri_parse            (const char      *text,
                                           GError         **error);
char         *hl_sip_uri_to_string        (const HlSipUri  *uri);
HlSipUri     *hl_sip_uri_copy             (const HlSipUri  *uri);
void          hl_sip_uri_free             (HlSipUri        *uri);
const char   *hl_sip_uri_get_param        (const HlSipUri  *uri,
                                           const char      *name);   /* "" for a flag, NULL if absent */
void          hl_sip_uri_set_param        (HlSipUri        *uri,
                                           const char      *name,
                                           const char      *value);  /* NULL value = flag */

/* Name-addr headers (From, To, Contact, Route, Record-Route, Refer-To, Referred-By):
 * ["Display Name"] <uri>;params  or  uri;params */
typedef struct
{
  char      *display_name;  /* unquoted, NULL if none */
  HlSipUri  *uri;
  GPtrArray *params;        /* header parameters (";tag=…", ";expires=…"), as written */
} HlSipNameAddr;

HlSipNameAddr *hl_sip_name_addr_parse     (const char          *text,
                                           GError             **error);
char          *hl_sip_name_addr_to_string (const HlSipNameAddr *addr);
void           hl_sip_name_addr_free      (HlSipNameAddr       *addr);
const char    *hl_sip_name_addr_get_param (const HlSipNameAddr *addr,
                                           const char          *name);

/* Messages. hl_sip_message_parse() takes one whole message (one WebSocket frame): lines end in
 * CRLF, a Content-Length must match the rest of the frame exactly and without one the rest of
 * the frame is the body; CRLFs before the start line are skipped. The head must be UTF-8 without
 * control characters, so header values are safe to show. */
HlSipMessage *hl_sip_message_new_request  (const char      *method,
                                           const char      *request_uri);
HlSipMessage *hl_sip_message_new_response (guint            status,
                                           const char      *reason);  /* NULL: the standard phrase */
HlSipMessage *hl_sip_message_parse        (const char      *data,
                                           gsize            length,
                                           GError         **error);
char         *hl_sip_message_to_string    (HlSipMessage    *self,
                                           gsize           *length);  /* sets Content-Length */
HlSipMessage *hl_sip_message_ref          (HlSipMessage    *self);
void          hl_sip_message_unref        (HlSipMessage    *self);

gboolean      hl_sip_message_is_request   (HlSipMessage    *self);
const char   *hl_sip_message_get_method   (HlSipMessage    *self);    /* requests; for responses the CSeq method */
const char   *hl_sip_message_get_request_uri (HlSipMessage *self);
guint         hl_sip_message_get_status   (HlSipMessage    *self);    /* responses */
const char   *hl_sip_message_get_reason   (HlSipMessage    *self);

/* Headers: names are matched case-insensitively and compact forms (i f t m v l c k s e o r x u
 * b y) are expanded on parse, so callers always use the full name. Values that a header may list
 * with commas (Via, Route, Record-Route, Contact, Allow, Supported…) are split into one entry per
 * value on parse; quoted commas (in display names, digest parameters) are respected. */
const char   *hl_sip_message_get_header   (HlSipMessage    *self,
                                           const char      *name);    /* the first value */
GPtrArray    *hl_sip_message_get_headers  (HlSipMessage    *self,
                                           const char      *name);    /* all values, (transfer container), never NULL */
guint         hl_sip_message_get_n_headers (HlSipMessage   *self);    /* all header entries, in order */
const char   *hl_sip_message_get_nth_header (HlSipMessage  *self,
                                           guint            index,
                                           const char     **name);    /* the value; NULL past the end */
void          hl_sip_message_add_header   (HlSipMessage    *self,
                                           const char      *name,
                                           const char      *value);   /* appended */
void          hl_sip_message_prepend_header (HlSipMessage  *self,
                                           const char      *name,
                                           const char      *value);   /* before the first of its name */
void          hl_sip_message_set_header   (HlSipMessage    *self,
                                           const char      *name,
                                           const char      *value);   /* replaces all of that name */
void          hl_sip_message_remove_header (HlSipMessage   *self,
                                           const char      *name);

const char   *hl_sip_message_get_body     (HlSipMessage    *self,
                                           gsize           *length);
void          hl_sip_message_set_body     (HlSipMessage    *self,
                                           const char      *content_type,  /* NULL removes Content-Type */
                                           const char      *body,
                                           gssize           length);

/* Typed access to the headers every transaction needs. */
guint32       hl_sip_message_get_cseq     (HlSipMessage    *self,
                                           const char     **method);
const char   *hl_sip_message_get_call_id  (HlSipMessage    *self);
char         *hl_sip_message_get_via_branch (HlSipMessage  *self);    /* of the top Via */
char         *hl_sip_message_get_from_tag (HlSipMessage    *self);
char         *hl_sip_message_get_to_tag   (HlSipMessage    *self);
gint64        hl_sip_message_get_expires  (HlSipMessage    *self);    /* Expires header, or -1 */

/* Builds a response to @request as RFC 3261 §8.2.6 says: Via, From, To (adding @to_tag if given and
 * absent), Call-ID and CSeq copied, Content-Length 0. */
HlSipMessage *hl_sip_message_new_response_to (HlSipMessage *request,
                                              guint         status,
                                              const char   *reason,
                                              const char   *to_tag);

const char   *hl_sip_status_phrase        (guint            status);
char         *hl_sip_random_token         (guint            length);    /* for tags, branches (z9hG4bK…) and Call-IDs */

GQuark        hl_sip_error_quark          (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSipUri, hl_sip_uri_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSipNameAddr, hl_sip_name_addr_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSipMessage, hl_sip_message_unref)

/* Digest authentication (RFC 2617 / RFC 8760 MD5, qop=auth). */
typedef struct _HlSipDigestChallenge HlSipDigestChallenge;

HlSipDigestChallenge *hl_sip_digest_challenge_parse (const char            *header_value,  /* WWW-/Proxy-Authenticate */
                                                     GError               **error);
void                  hl_sip_digest_challenge_free  (HlSipDigestChallenge  *challenge);
gboolean              hl_sip_digest_challenge_is_stale (HlSipDigestChallenge *challenge);
const char           *hl_sip_digest_challenge_get_realm (HlSipDigestChallenge *challenge);
/* The Authorization / Proxy-Authorization value for one request. @nonce_count is incremented by
 * the caller per request with the same nonce; @cnonce NULL makes a random one. */
char                 *hl_sip_digest_authorization   (HlSipDigestChallenge  *challenge,
                                                     const char            *method,
                                                     const char            *digest_uri,
                                                     const char            *username,
                                                     const char            *password,
                                                     guint32                nonce_count,
                                                     const char            *cnonce,
                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSipDigestChallenge, hl_sip_digest_challenge_free)

G_END_DECLS

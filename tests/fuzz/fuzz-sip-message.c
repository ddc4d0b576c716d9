/* fuzz-sip-message.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hl-sip-message.h"

/* libFuzzer target for the SIP codec: any bytes give a message or an error, never a crash or a
 * leak. A message that parses must format to text that parses to the same message, and
 * formatting must then be stable. Every header value is also fed to the URI, name-addr and
 * digest parsers, with the same round-trip checks for what they accept. */
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_same (HlSipMessage *a,
            HlSipMessage *b)
{
  gsize len_a, len_b;
  const char *body_a = hl_sip_message_get_body (a, &len_a);
  const char *body_b = hl_sip_message_get_body (b, &len_b);

  g_assert (hl_sip_message_is_request (a) == hl_sip_message_is_request (b));
  g_assert (g_strcmp0 (hl_sip_message_get_method (a), hl_sip_message_get_method (b)) == 0);
  g_assert (g_strcmp0 (hl_sip_message_get_request_uri (a), hl_sip_message_get_request_uri (b)) == 0);
  g_assert (hl_sip_message_get_status (a) == hl_sip_message_get_status (b));
  g_assert (g_strcmp0 (hl_sip_message_get_reason (a), hl_sip_message_get_reason (b)) == 0);
  g_assert (hl_sip_message_get_cseq (a, NULL) == hl_sip_message_get_cseq (b, NULL));
  g_assert (len_a == len_b && memcmp (body_a, body_b, len_a) == 0);
  g_assert (hl_sip_message_get_n_headers (a) == hl_sip_message_get_n_headers (b));

  for (guint i = 0; i < hl_sip_message_get_n_headers (a); i++)
    {
      const char *name_a, *name_b;
      const char *value_a = hl_sip_message_get_nth_header (a, i, &name_a);
      const char *value_b = hl_sip_message_get_nth_header (b, i, &name_b);

      g_assert (strcmp (name_a, name_b) == 0);
      g_assert (strcmp (value_a, value_b) == 0);
    }
}

static void
check_value (const char *value)
{
  g_autoptr(HlSipUri) uri = hl_sip_uri_parse (value, NULL);
  g_autoptr(HlSipNameAddr) addr = hl_sip_name_addr_parse (value, NULL);
  g_autoptr(HlSipDigestChallenge) challenge = hl_sip_digest_challenge_parse (value, NULL);

  if (uri != NULL)
    {
      g_autofree char *text = hl_sip_uri_to_string (uri);
      g_autoptr(HlSipUri) again = hl_sip_uri_parse (text, NULL);
      g_autofree char *text2 = NULL;

      g_assert (again != NULL);
      text2 = hl_sip_uri_to_string (again);
      g_assert (strcmp (text, text2) == 0);
    }

  if (addr != NULL)
    {
      g_autofree char *text = hl_sip_name_addr_to_string (addr);
      g_autoptr(HlSipNameAddr) again = hl_sip_name_addr_parse (text, NULL);
      g_autofree char *text2 = NULL;

      g_assert (again != NULL);
      g_assert (g_strcmp0 (addr->display_name, again->display_name) == 0);
      text2 = hl_sip_name_addr_to_string (again);
      g_assert (strcmp (text, text2) == 0);
    }

  if (challenge != NULL)
    {
      g_autofree char *authorization = hl_sip_digest_authorization (challenge, "REGISTER", "sip:x", "user", "pw",
                                                                    1, "cnonce", NULL);

      g_assert (authorization != NULL);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(HlSipMessage) message = NULL;
  g_autoptr(HlSipMessage) again = NULL;
  g_autoptr(HlSipMessage) response = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *branch = NULL;
  g_autofree char *from_tag = NULL;
  g_autofree char *to_tag = NULL;
  gsize len, len2;

  message = hl_sip_message_parse ((const char *) data, size, &error);
  g_assert ((message == NULL) != (error == NULL));
  if (message == NULL)
    {
      g_assert (error->domain == HL_SIP_ERROR);
      return 0;
    }

  branch = hl_sip_message_get_via_branch (message);
  from_tag = hl_sip_message_get_from_tag (message);
  to_tag = hl_sip_message_get_to_tag (message);
  g_assert (hl_sip_message_get_method (message) != NULL);
  g_assert (hl_sip_message_get_call_id (message) != NULL);
  (void) hl_sip_message_get_expires (message);

  for (guint i = 0; i < hl_sip_message_get_n_headers (message); i++)
    check_value (hl_sip_message_get_nth_header (message, i, NULL));

  text = hl_sip_message_to_string (message, &len);
  again = hl_sip_message_parse (text, len, &error2);
  if (again == NULL)
    {
      /* abort(), not g_error(): libFuzzer saves the input on SIGABRT but not on SIGTRAP */
      g_printerr ("formatted message does not parse: %s\n%s\n", error2->message, text);
      abort ();
    }
  check_same (message, again);

  text2 = hl_sip_message_to_string (again, &len2);
  g_assert (len == len2 && memcmp (text, text2, len) == 0);

  if (hl_sip_message_is_request (message))
    {
      g_autofree char *response_text = NULL;
      g_autoptr(HlSipMessage) response_again = NULL;

      response = hl_sip_message_new_response_to (message, 200, NULL, "fuzz");
      g_assert (response != NULL);
      response_text = hl_sip_message_to_string (response, &len);
      response_again = hl_sip_message_parse (response_text, len, NULL);
      g_assert (response_again != NULL);
    }

  return 0;
}

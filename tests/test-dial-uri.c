/* test-dial-uri.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-dial-uri.h"

/* How a caller without a name is shown: the user part, or the number grouped for reading */
static void
test_caller (void)
{
  struct { const char *uri; const char *caller; } cases[] = {
    { "sip:agent2@127.0.0.1", "agent2" },
    { "sip:alice@pbx.example.com;transport=ws", "alice" },
    { "sip:+34612345678@pbx.example.com;user=phone", "+34 612 345 678" },
    { "sip:0612345678@pbx.example.com", "0 612 345 678" },
    { "sip:1001@pbx.example.com", "1001" },
    { "tel:+1-555-0100", "+1-555-0100" },
    { "tel:+4930123456", "+49 30 123 456" },
    { "sip:+15550100123@pbx", "+1 555 010 0123" },
    { "sip:+380441234567@pbx", "+380 441 234 567" },
    { "sip:conference.example.com", "conference.example.com" },
    { "sip:1000@[2001:db8::1]:5060", "1000" },
    { "mailto:alice@example.com", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *caller = hl_dial_uri_to_caller (cases[i].uri);

      g_assert_cmpstr (caller, ==, cases[i].caller);
    }

  /* A contact named after the caller's number or SIP user says nothing more than that */
  g_assert_true (hl_dial_uri_is_caller_name ("sip:+34612345678@pbx;user=phone", "+34612345678"));
  g_assert_true (hl_dial_uri_is_caller_name ("sip:+34612345678@pbx", "+34 612 345 678"));
  g_assert_true (hl_dial_uri_is_caller_name ("tel:+1-555-0100", "+15550100"));
  g_assert_true (hl_dial_uri_is_caller_name ("sip:customer2@127.0.0.1", "Customer2"));
  g_assert_false (hl_dial_uri_is_caller_name ("sip:customer2@127.0.0.1", "customer"));
  g_assert_false (hl_dial_uri_is_caller_name ("sip:customer2@127.0.0.1", "customer2 at home"));
  g_assert_false (hl_dial_uri_is_caller_name ("sip:+34612345678@pbx", "Ana Ruiz"));
  g_assert_false (hl_dial_uri_is_caller_name ("sip:+34612345678@pbx", ""));
  g_assert_false (hl_dial_uri_is_caller_name ("sip:+34612345678@pbx", NULL));
  g_assert_false (hl_dial_uri_is_caller_name ("mailto:alice@example.com", "alice"));
}

static void
test_accepted (void)
{
  struct { const char *uri; const char *number; } cases[] = {
    { "sip:alice@pbx.example.com", "alice@pbx.example.com" },
    { "SIP:alice@pbx.example.com", "alice@pbx.example.com" },
    { "sips:bob@example.com:5061;transport=tls", "bob@example.com:5061" },
    { "sip:alice:secret@pbx.example.com", "alice@pbx.example.com" },
    { "sip:alice@pbx.example.com?subject=hi", "alice@pbx.example.com" },
    { "sip:+15551234;phone-context=example.com@pbx.example.com;user=phone", "+15551234@pbx.example.com" },
    { "sip:j%C3%BCrgen@example.com", "jürgen@example.com" },
    { "sip:1000@[2001:db8::1]:5060", "1000@[2001:db8::1]:5060" },
    { "sip:conference.example.com", "conference.example.com" },
    { "  tel:+49-30-1234567  ", "+49-30-1234567" },
    { "tel:+1-555-0100;ext=22", "+1-555-0100" },
    { "tel:+1%20(555)%20010.0", "+1 (555) 010.0" },
    { "tel:0800abc123", "0800123" },
    { "TEL:112", "112" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = hl_dial_uri_to_number (cases[i].uri);

      g_assert_cmpstr (number, ==, cases[i].number);
    }
}

static void
test_refused (void)
{
  const char *cases[] = {
    NULL,
    "",
    "alice@example.com",
    "+15550100",
    "http://example.com",
    "mailto:alice@example.com",
    "sip:",
    "sip:@example.com",
    "sip:alice@",
    "sip:alice@exa mple.com",
    "sip:alice@evil.com/../x",
    "sip:ali%0Ace@example.com",
    "sip:alice@example.com\n",
    "sip:ali%00ce@example.com",
    "sip:ali%zzce@example.com",
    "sip:%FF@example.com",
    "tel:",
    "tel:;ext=1",
    "tel:abc",
    "tel:+1%0A555",
    "tel:+1\t555",
    "tel:\x7f" "123",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = hl_dial_uri_to_number (cases[i]);

      if (number != NULL)
        g_error ("“%s” gave “%s”", cases[i], number);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dial-uri/accepted", test_accepted);
  g_test_add_func ("/dial-uri/refused", test_refused);
  g_test_add_func ("/dial-uri/caller", test_caller);

  return g_test_run ();
}

/* test-html.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hl-html.h"

/* The email HTML converter: what reaches a label is well-formed markup of text, spans and links
 * that show their real target, whatever came in. */

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attr_names,
               const char          **attr_values,
               gpointer              user_data,
               GError              **error)
{
  if (!g_str_equal (name, "markup") && !g_str_equal (name, "span") && !g_str_equal (name, "a"))
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT, "element %s", name);
}

static void
assert_well_formed (const char *markup)
{
  static const GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
  g_autoptr(GError) error = NULL;

  if (g_markup_parse_context_parse (context, wrapped, -1, &error))
    g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

static char *
convert (const char *html)
{
  char *markup = hl_html_to_markup (html, -1, NULL);

  assert_well_formed (markup);
  return markup;
}

static void
test_html_entities (void)
{
  g_autofree char *a = convert ("Caf&eacute; &amp; cr&#232;me &#x1F600; &lt;b&gt; &copy;2026 &bogus; a&b &#0; &#xD800;");

  /* Unknown entities stay literal, invalid code points become U+FFFD, and markup characters
   * stay escaped. */
  g_assert_cmpstr (a, ==, "Café &amp; crème 😀 &lt;b&gt; ©2026 &amp;bogus; a&amp;b \xef\xbf\xbd \xef\xbf\xbd");
}

static void
test_html_links (void)
{
  g_autofree char *a = convert ("Log in at <a href=\"https://evil.example/steal\">https://bank.example</a> now");
  g_autofree char *b = convert ("<a href='https://x.example/?a=1&amp;b=2'>https://x.example/?a=1&amp;b=2</a>");
  g_autofree char *c = convert ("<a href=\"javascript:alert(1)\">click</a> and <a href=\"data:text/html,x\">this</a>");
  g_autofree char *d = convert ("<a href=\"mailto:help@example.com\"><b>write</b> us</a>");

  g_assert_cmpstr (a, ==, "Log in at https://bank.example (<a href=\"https://evil.example/steal\">https://evil.example/steal</a>) now");
  g_assert_cmpstr (b, ==, "<a href=\"https://x.example/?a=1&amp;b=2\">https://x.example/?a=1&amp;b=2</a>");
  g_assert_cmpstr (c, ==, "click and this");
  g_assert_cmpstr (d, ==, "write us (<a href=\"mailto:help@example.com\">mailto:help@example.com</a>)");
}

static void
test_html_dropped (void)
{
  g_autofree char *a = convert ("<html><head><title>T</title><style>p{color:red}</style></head>"
                                "<body>Hi<script>alert('</p>')</script> there"
                                "<img src=\"https://tracker.example/pixel.gif\" alt=\"x\">"
                                "<!-- secret --><iframe src=x>inside</iframe>!</body></html>");
  g_autofree char *b = convert ("before<script>never closed");

  g_assert_cmpstr (a, ==, "Hi there!");
  g_assert_null (strstr (a, "tracker"));
  g_assert_cmpstr (b, ==, "before");
}

static void
test_html_structure (void)
{
  g_autofree char *a = convert ("<p>One\n   two</p><p>Three<br>four</p><ul><li>a</li><li>b<ol><li>c<li>d</ol></ul>");
  g_autofree char *b = convert ("<b>bold <i>both</b> italic</i> plain");
  g_autofree char *c = convert ("<pre>  keep   this\n  </pre>");

  g_assert_cmpstr (a, ==, "One two\n\nThree\nfour\n\n• a\n• b\n  1. c\n  2. d");
  g_assert_cmpstr (b, ==, "<span weight=\"bold\">bold</span><span weight=\"bold\" style=\"italic\"> both</span>"
                          "<span style=\"italic\"> italic</span> plain");
  g_assert_cmpstr (c, ==, "<span font_family=\"monospace\">  keep   this\n  </span>");
}

static void
test_html_broken (void)
{
  static const char *cases[] = {
    "<b><i><u>never closed", "</b></i></div></blockquote>close only", "<a href=\"https://x", "<<<>>><",
    "<p <b>>weird</p>", "<div class=\"gmail_quote\"><div>", "a < b > c", "&#", "&#x;", "<a href=https://x.example>x",
    "\xff\xfe broken utf-8 \xc3", "<\x01tag>", "text\x01with\x1f" "controls\x7f", "<!--", "<!doctype",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *a = hl_html_to_markup (cases[i], -1, &quoted);

      assert_well_formed (a);
      assert_well_formed (quoted);
    }

  {
    g_autofree char *a = convert ("a < b > c");
    g_assert_cmpstr (a, ==, "a &lt; b &gt; c");
  }
}

static void
test_html_quoted (void)
{
  g_autofree char *quoted = NULL;
  g_autofree char *a = hl_html_to_markup ("<p>Thanks!</p><blockquote>On Monday you wrote:<p>old</p></blockquote>", -1, &quoted);
  g_autofree char *quoted2 = NULL;
  g_autofree char *b = hl_html_to_markup ("New<div class=\"gmail_quote\"><div>Old <b>text</b></div></div><div>after</div>", -1, &quoted2);
  g_autofree char *quoted3 = NULL;
  g_autofree char *c = hl_text_to_markup ("Yes, <that> works.\n\nOn Tue, Ann wrote:\n> did it?\n>\n> & more\n", &quoted3);

  g_assert_cmpstr (a, ==, "Thanks!");
  g_assert_cmpstr (quoted, ==, "On Monday you wrote:\n\nold");
  g_assert_cmpstr (b, ==, "New\nafter");
  g_assert_cmpstr (quoted2, ==, "Old<span weight=\"bold\"> text</span>");
  g_assert_cmpstr (c, ==, "Yes, &lt;that&gt; works.");
  g_assert_cmpstr (quoted3, ==, "On Tue, Ann wrote:\n&gt; did it?\n&gt;\n&gt; &amp; more");
}

static void
test_html_huge (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *markup = NULL;
  gint64 start;

  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "<div><b><i>word&amp;word</div><a href=\"https://x.example\">");
  g_string_append (html, "<table><tr><td>");
  for (guint i = 0; i < 200000; i++)
    g_string_append (html, "<ul>");

  start = g_get_monotonic_time ();
  markup = hl_html_to_markup (html->str, html->len, NULL);
  g_test_message ("%zu bytes of HTML converted in %.1f ms", html->len, (g_get_monotonic_time () - start) / 1000.0);
  assert_well_formed (markup);
  /* Linear: 0.4 s in an optimised build; the bound leaves room for sanitizers on a busy machine. */
  g_assert_cmpuint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
}

static void
test_html_controls (void)
{
  g_autofree char *a = convert ("invoice\xe2\x80\xaetxt.exe \xe2\x80\xab\xd8\xa3\xe2\x80\xac");
  g_autofree char *b = hl_text_to_markup ("report\xe2\x80\xad" "fdp.exe", NULL);
  g_autofree char *c = hl_markup_strip_links ("see <a href=\"https://x.example/?a=1&amp;b\">https://x.example/?a=1&amp;b</a>");

  /* Overrides go; embeddings stay. */
  g_assert_cmpstr (a, ==, "invoicetxt.exe \xe2\x80\xab\xd8\xa3\xe2\x80\xac");
  g_assert_cmpstr (b, ==, "reportfdp.exe");
  g_assert_cmpstr (c, ==, "see https://x.example/?a=1&amp;b");
}

static void
test_html_sniff (void)
{
  g_assert_true (hl_html_looks_like ("  <html><body>x"));
  g_assert_true (hl_html_looks_like ("<div dir=\"ltr\">Hi</div>"));
  g_assert_false (hl_html_looks_like ("Use the <b> tag"));
  g_assert_false (hl_html_looks_like ("<3 thanks"));
  g_assert_false (hl_html_looks_like (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html/entities", test_html_entities);
  g_test_add_func ("/html/links", test_html_links);
  g_test_add_func ("/html/dropped", test_html_dropped);
  g_test_add_func ("/html/structure", test_html_structure);
  g_test_add_func ("/html/broken", test_html_broken);
  g_test_add_func ("/html/quoted", test_html_quoted);
  g_test_add_func ("/html/huge", test_html_huge);
  g_test_add_func ("/html/sniff", test_html_sniff);
  g_test_add_func ("/html/controls", test_html_controls);

  return g_test_run ();
}

/* fuzz-html.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "hl-html.h"

/* libFuzzer target: email HTML from the network. Whatever comes in, the converter must not crash
 * and its output (main and quoted part) must be well-formed markup with nothing but span and a
 * elements, or GtkLabel would refuse it. The same for plain-text bodies. */
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* abort (), not g_error (): libFuzzer saves the input on SIGABRT, not on G_BREAKPOINT's SIGTRAP. */
static void
fail (const char *what,
      const char *detail)
{
  g_printerr ("%s: %s\n", what, detail);
  abort ();
}

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attr_names,
               const char          **attr_values,
               gpointer              user_data,
               GError              **error)
{
  if (!g_str_equal (name, "markup") && !g_str_equal (name, "span") && !g_str_equal (name, "a"))
    fail ("an element that is not allowed", name);
  if (g_str_equal (name, "a") &&
      (attr_names[0] == NULL || !g_str_equal (attr_names[0], "href") ||
       !(g_ascii_strncasecmp (attr_values[0], "http:", 5) == 0 ||
         g_ascii_strncasecmp (attr_values[0], "https:", 6) == 0 ||
         g_ascii_strncasecmp (attr_values[0], "mailto:", 7) == 0 ||
         g_ascii_strncasecmp (attr_values[0], "tel:", 4) == 0)))
    fail ("a link with a target that is not allowed", attr_values[0]);
}

static void
check (const char *markup)
{
  static const GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  GMarkupParseContext *context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
  GError *error = NULL;

  if (!g_markup_parse_context_parse (context, wrapped, -1, &error) ||
      !g_markup_parse_context_end_parse (context, &error))
    fail (error->message, markup);

  g_markup_parse_context_free (context);
  g_free (wrapped);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char *quoted = NULL;
  char *markup = hl_html_to_markup ((const char *) data, size, &quoted);
  char *text = g_strndup ((const char *) data, size);
  char *text_quoted = NULL;
  char *text_markup = hl_text_to_markup (text, &text_quoted);

  check (markup);
  check (quoted);
  check (text_markup);
  check (text_quoted);

  g_free (markup);
  g_free (quoted);
  g_free (text);
  g_free (text_markup);
  g_free (text_quoted);
  return 0;
}

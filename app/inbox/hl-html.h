/* hl-html.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Email bodies come from the network: this turns HTML into GtkLabel markup that can hold nothing
 * but text, <span> (bold, italic, underline, monospace) and <a href> with an http, https, mailto or
 * tel target, shown after the link text when it differs. Nothing is ever loaded. */

char     *hl_html_to_markup     (const char  *html,
                                 gssize       length,
                                 char       **quoted_markup);
char     *hl_text_to_markup     (const char  *text,
                                 char       **quoted_markup);
gboolean  hl_html_looks_like    (const char  *text);
char     *hl_markup_strip_links (const char  *markup);

G_END_DECLS

/* hl-html.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlHtml"

#include "config.h"

#include <string.h>

#include "hl-html.h"

/* A tolerant, single-pass HTML reader. It never builds a tree: it keeps a little state (inside a
 * link, how deep in bold, italic, quotes, lists) and writes every run of text wrapped in its own
 * <span>, so the output is well-formed whatever the nesting of the input. Unknown tags are
 * dropped with their attributes; the text inside them stays. Elements whose content is not text
 * (script, style, head, svg, …) are skipped whole. Work is linear in the input. */

#define MAX_LISTS 16

typedef struct
{
  GString *main;
  GString *quoted;
  GString *out;          /* main or quoted */
  GString *link_text;    /* non-NULL inside <a href> with an allowed target */
  GString *decoded;      /* scratch buffers, reused for every run of text */
  GString *run;
  char    *link_href;
  int      bold;
  int      italic;
  int      underline;
  int      mono;
  int      pre;
  int      quote;        /* <blockquote> depth, or the div depth of a mail client's quote */
  int      div_depth;
  int      quote_div;    /* div depth where a "gmail_quote"-like div opened, 0 if none */
  int      lists[MAX_LISTS];  /* 0: bullets, else the next number */
  int      n_lists;
  gboolean space_pending;
} Reader;

static const struct { const char *name; const char *text; } entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
  { "nbsp", "\u00a0" }, { "copy", "©" }, { "reg", "®" }, { "trade", "™" }, { "hellip", "…" },
  { "mdash", "—" }, { "ndash", "–" }, { "lsquo", "‘" }, { "rsquo", "’" }, { "ldquo", "“" },
  { "rdquo", "”" }, { "laquo", "«" }, { "raquo", "»" }, { "euro", "€" }, { "pound", "£" },
  { "bull", "•" }, { "middot", "·" }, { "times", "×" }, { "deg", "°" }, { "shy", "" },
  { "eacute", "é" }, { "egrave", "è" }, { "aacute", "á" }, { "agrave", "à" }, { "iacute", "í" },
  { "oacute", "ó" }, { "uacute", "ú" }, { "ntilde", "ñ" }, { "ccedil", "ç" }, { "auml", "ä" },
  { "ouml", "ö" }, { "uuml", "ü" }, { "Auml", "Ä" }, { "Ouml", "Ö" }, { "Uuml", "Ü" }, { "szlig", "ß" },
  { "zwnj", "\u200c" }, { "zwj", "\u200d" }, { "iexcl", "¡" }, { "iquest", "¿" },
};

static const char * const skipped[] = {
  "script", "style", "head", "title", "template", "noscript", "svg", "math", "iframe", "object",
  "textarea", "select",
};

static const char * const blocks[] = {
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol", "section", "article",
  "header", "footer", "blockquote", "pre", "hr", "dl", "dt", "dd", "address", "center", "form",
  "fieldset", "figure", "main", "nav", "aside",
};

static gboolean
in_list (const char         *name,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (name, list[i]))
      return TRUE;
  return FALSE;
}

/* Characters GMarkup refuses even as references: C0 controls other than tab and newline, and
 * the non-characters. */
static gboolean
allowed_char (gunichar c)
{
  if (c < 0x20)
    return c == '\t' || c == '\n';
  if (c >= 0x7f && c < 0xa0)
    return FALSE;
  if (c == 0xfffe || c == 0xffff || (c >= 0xd800 && c < 0xe000))
    return FALSE;
  /* Left-to-right and right-to-left overrides can show "exe.txt" for "txt.exe"; embeddings and
   * isolates, which real text needs, stay. */
  if (c == 0x202d || c == 0x202e)
    return FALSE;
  return c <= 0x10ffff;
}

static void
append_escaped_char (GString  *out,
                     gunichar  c)
{
  switch (c)
    {
    case '&': g_string_append (out, "&amp;"); break;
    case '<': g_string_append (out, "&lt;"); break;
    case '>': g_string_append (out, "&gt;"); break;
    case '"': g_string_append (out, "&quot;"); break;
    case '\'': g_string_append (out, "&#39;"); break;
    default:
      if (allowed_char (c))
        g_string_append_unichar (out, c);
    }
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    append_escaped_char (out, g_utf8_get_char (p));
}

static gboolean
at_line_start (GString *out)
{
  return out->len == 0 || out->str[out->len - 1] == '\n';
}

/* Ends the current line; with @blank, also leaves an empty line (a paragraph break), never more. */
static void
break_line (Reader   *r,
            gboolean  blank)
{
  GString *out = r->out;
  guint newlines = 0;

  r->space_pending = FALSE;
  if (out->len == 0)
    return;
  for (gsize i = out->len; i > 0 && out->str[i - 1] == '\n'; i--)
    newlines++;
  for (guint want = blank ? 2 : 1; newlines < want; newlines++)
    g_string_append_c (out, '\n');
}

static void
open_span (Reader  *r,
           GString *out)
{
  g_string_append (out, "<span");
  if (r->bold > 0)
    g_string_append (out, " weight=\"bold\"");
  if (r->italic > 0)
    g_string_append (out, " style=\"italic\"");
  if (r->underline > 0)
    g_string_append (out, " underline=\"single\"");
  if (r->mono > 0 || r->pre > 0)
    g_string_append (out, " font_family=\"monospace\"");
  g_string_append_c (out, '>');
}

/* Writes a run of decoded text (UTF-8) in the current style, collapsing white space outside <pre>. */
static void
emit_text (Reader     *r,
           const char *text,
           gsize       len)
{
  GString *target = r->link_text ? r->link_text : r->out;
  GString *run = r->run;
  const char *end = text + len;

  g_string_truncate (run, 0);

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (r->pre == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'))
        {
          r->space_pending = TRUE;
          continue;
        }
      if (c == '\r')
        continue;
      if (r->space_pending)
        {
          r->space_pending = FALSE;
          if (!(run->len == 0 && target == r->out && at_line_start (r->out)) &&
              !(run->len == 0 && target->len == 0))
            g_string_append_c (run, ' ');
        }
      append_escaped_char (run, c);
    }

  if (run->len == 0)
    return;

  if (r->link_text)
    {
      g_string_append_len (r->link_text, run->str, run->len);
      return;
    }
  if (r->bold || r->italic || r->underline || r->mono || r->pre)
    {
      open_span (r, r->out);
      g_string_append_len (r->out, run->str, run->len);
      g_string_append (r->out, "</span>");
    }
  else
    g_string_append_len (r->out, run->str, run->len);
}

/* Decodes one entity at @p (which points at '&'); returns the bytes used, 0 if it is not one. */
static gsize
decode_entity (const char *p,
               const char *end,
               GString    *decoded)
{
  const char *q = p + 1;

  if (q < end && *q == '#')
    {
      gunichar c = 0;
      gboolean hex = FALSE;
      guint digits = 0;

      q++;
      if (q < end && (*q == 'x' || *q == 'X'))
        hex = TRUE, q++;
      for (; q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)); q++, digits++)
        if (c <= 0x10ffff)
          c = c * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : g_ascii_digit_value (*q));
      if (digits == 0)
        return 0;
      if (q < end && *q == ';')
        q++;
      if (!allowed_char (c) || c == 0)
        c = 0xfffd;
      g_string_append_unichar (decoded, c);
      return q - p;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      gsize n = strlen (entities[i].name);

      if ((gsize) (end - q) >= n && strncmp (q, entities[i].name, n) == 0 &&
          (q + n == end || q[n] == ';' || !g_ascii_isalnum (q[n])))
        {
          g_string_append (decoded, entities[i].text);
          return 1 + n + (q + n < end && q[n] == ';');
        }
    }

  return 0;
}

/* Text between tags: entities decoded, then emitted. */
static void
emit_raw_text (Reader     *r,
               const char *p,
               const char *end)
{
  GString *decoded = r->decoded;

  g_string_truncate (decoded, 0);
  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      gsize used;

      if (amp == NULL)
        {
          g_string_append_len (decoded, p, end - p);
          break;
        }
      g_string_append_len (decoded, p, amp - p);
      if ((used = decode_entity (amp, end, decoded)) == 0)
        {
          g_string_append_c (decoded, '&');
          used = 1;
        }
      p = amp + used;
    }

  emit_text (r, decoded->str, decoded->len);
}

static gboolean
href_allowed (const char *href)
{
  static const char * const schemes[] = { "http:", "https:", "mailto:", "tel:" };

  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (href, schemes[i], strlen (schemes[i])) == 0)
      return TRUE;
  return FALSE;
}

static void
close_link (Reader *r)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *href = NULL;
  g_autoptr(GString) escaped_href = g_string_new (NULL);

  if (r->link_text == NULL)
    return;

  text = g_steal_pointer (&r->link_text);
  href = g_steal_pointer (&r->link_href);
  append_escaped (escaped_href, href);

  if (r->space_pending && !at_line_start (r->out))
    g_string_append_c (r->out, ' ');
  r->space_pending = FALSE;

  /* The target is always visible: a link reading "your bank" must not hide where it goes. */
  if (text->len == 0 || g_str_equal (text->str, escaped_href->str))
    g_string_append_printf (r->out, "<a href=\"%s\">%s</a>", escaped_href->str, escaped_href->str);
  else
    g_string_append_printf (r->out, "%s (<a href=\"%s\">%s</a>)", text->str, escaped_href->str,
                            escaped_href->str);
}

/* Reads the value of attribute @want in the attribute text of a tag, or NULL. */
static char *
find_attribute (const char *attrs,
                const char *end,
                const char *want)
{
  const char *p = attrs;
  gsize want_len = strlen (want);

  while (p < end)
    {
      const char *name;
      gsize name_len;

      while (p < end && (g_ascii_isspace (*p) || *p == '/'))
        p++;
      name = p;
      while (p < end && !g_ascii_isspace (*p) && *p != '=' && *p != '>' && *p != '/')
        p++;
      name_len = p - name;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p < end && *p == '=')
        {
          const char *value;
          gsize value_len;

          p++;
          while (p < end && g_ascii_isspace (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              char q = *p++;

              value = p;
              while (p < end && *p != q)
                p++;
              value_len = p - value;
              if (p < end)
                p++;
            }
          else
            {
              value = p;
              while (p < end && !g_ascii_isspace (*p))
                p++;
              value_len = p - value;
            }
          if (name_len == want_len && g_ascii_strncasecmp (name, want, want_len) == 0)
            {
              g_autoptr(GString) decoded = g_string_new (NULL);
              const char *v = value, *vend = value + value_len;

              while (v < vend)
                {
                  gsize used = *v == '&' ? decode_entity (v, vend, decoded) : 0;

                  if (used == 0)
                    g_string_append_c (decoded, *v), used = 1;
                  v += used;
                }
              return g_strstrip (g_string_free (g_steal_pointer (&decoded), FALSE));
            }
        }
      else if (name_len == 0 && p < end)
        p++;
    }

  return NULL;
}

static void
set_output (Reader *r)
{
  GString *want = r->quote > 0 || r->quote_div > 0 ? r->quoted : r->main;

  if (want != r->out)
    {
      close_link (r);
      r->out = want;
      r->space_pending = FALSE;
    }
}

static void
handle_tag (Reader     *r,
            const char *name,
            gboolean    closing,
            const char *attrs,
            const char *attrs_end)
{
  int delta = closing ? -1 : 1;

  if (g_str_equal (name, "b") || g_str_equal (name, "strong"))
    r->bold = MAX (0, r->bold + delta);
  else if (g_str_equal (name, "i") || g_str_equal (name, "em") || g_str_equal (name, "cite"))
    r->italic = MAX (0, r->italic + delta);
  else if (g_str_equal (name, "u") || g_str_equal (name, "ins"))
    r->underline = MAX (0, r->underline + delta);
  else if (g_str_equal (name, "code") || g_str_equal (name, "tt") || g_str_equal (name, "kbd"))
    r->mono = MAX (0, r->mono + delta);
  else if (g_str_equal (name, "br"))
    {
      close_link (r);
      g_string_append_c (r->out, '\n');
      r->space_pending = FALSE;
    }
  else if (g_str_equal (name, "a"))
    {
      close_link (r);
      if (!closing)
        {
          g_autofree char *href = find_attribute (attrs, attrs_end, "href");

          if (href && href_allowed (href))
            {
              if (r->space_pending && !at_line_start (r->out))
                g_string_append_c (r->out, ' ');
              r->space_pending = FALSE;
              r->link_text = g_string_new (NULL);
              r->link_href = g_steal_pointer (&href);
            }
        }
    }
  else if (g_str_equal (name, "li"))
    {
      close_link (r);
      if (!closing)
        {
          int *counter = r->n_lists > 0 ? &r->lists[r->n_lists - 1] : NULL;

          break_line (r, FALSE);
          for (int i = 1; i < r->n_lists; i++)
            g_string_append (r->out, "  ");
          if (counter && *counter > 0)
            g_string_append_printf (r->out, "%d. ", (*counter)++);
          else
            g_string_append (r->out, "• ");
        }
    }
  else if (g_str_equal (name, "td") || g_str_equal (name, "th"))
    {
      if (!closing && !at_line_start (r->out))
        r->space_pending = TRUE;
    }
  else if (in_list (name, blocks, G_N_ELEMENTS (blocks)))
    {
      gboolean paragraph = name[0] == 'p' || name[0] == 'h' || g_str_equal (name, "blockquote");

      close_link (r);
      break_line (r, paragraph && !g_str_equal (name, "hr"));

      if (g_str_equal (name, "ul") || g_str_equal (name, "ol"))
        {
          if (!closing && r->n_lists < MAX_LISTS)
            r->lists[r->n_lists++] = name[0] == 'o' ? 1 : 0;
          else if (closing && r->n_lists > 0)
            r->n_lists--;
        }
      else if (g_str_equal (name, "pre"))
        r->pre = MAX (0, r->pre + delta);
      else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6')
        r->bold = MAX (0, r->bold + delta);
      else if (g_str_equal (name, "blockquote") && r->quoted != NULL)
        {
          r->quote = MAX (0, r->quote + delta);
          set_output (r);
        }
      else if (g_str_equal (name, "div"))
        {
          if (closing)
            {
              if (r->quote_div > 0 && r->div_depth == r->quote_div)
                {
                  r->quote_div = 0;
                  set_output (r);
                }
              r->div_depth = MAX (0, r->div_depth - 1);
            }
          else
            {
              g_autofree char *klass = NULL;

              r->div_depth++;
              if (r->quote_div == 0 && r->quoted != NULL &&
                  (klass = find_attribute (attrs, attrs_end, "class")) &&
                  (strstr (klass, "gmail_quote") || strstr (klass, "yahoo_quoted") ||
                   strstr (klass, "moz-cite-prefix")))
                {
                  r->quote_div = r->div_depth;
                  set_output (r);
                }
            }
        }
    }
}

/* Skips past the end of a raw-text element such as <script>: to its closing tag, or to the end. */
static const char *
skip_raw_element (const char *p,
                  const char *end,
                  const char *name)
{
  gsize n = strlen (name);

  for (; p < end; p++)
    if (*p == '<' && p + 2 + n <= end && p[1] == '/' && g_ascii_strncasecmp (p + 2, name, n) == 0 &&
        (p + 2 + n == end || !g_ascii_isalnum (p[2 + n])))
      {
        const char *gt = memchr (p, '>', end - p);

        return gt ? gt + 1 : end;
      }

  return end;
}

static char *
finish (GString *out)
{
  /* No trailing blank lines. */
  while (out->len > 0 && (out->str[out->len - 1] == '\n' || out->str[out->len - 1] == ' '))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/**
 * hl_html_to_markup:
 * @html: HTML, any quality; invalid UTF-8 is repaired
 * @length: its length in bytes, or -1 if nul-terminated
 * @quoted_markup: (out) (optional): where quoted text (blockquotes, mail clients' quote blocks)
 *   goes, so the view can fold it; with NULL, quotes stay inline
 *
 * Returns: (transfer full): markup for a GtkLabel with use-markup.
 */
char *
hl_html_to_markup (const char  *html,
                   gssize       length,
                   char       **quoted_markup)
{
  g_autofree char *valid = NULL;
  Reader r = { 0 };
  const char *p, *end;

  if (html == NULL)
    html = "";
  valid = g_utf8_make_valid (html, length);
  p = valid;
  end = valid + strlen (valid);

  r.main = g_string_new (NULL);
  r.quoted = quoted_markup ? g_string_new (NULL) : NULL;
  r.out = r.main;
  r.decoded = g_string_new (NULL);
  r.run = g_string_new (NULL);

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *q;
      const char *name_start;
      gboolean closing = FALSE;
      char name[16];
      gsize name_len = 0;
      const char *gt;

      if (lt == NULL)
        {
          emit_raw_text (&r, p, end);
          break;
        }
      emit_raw_text (&r, p, lt);
      p = lt;
      q = lt + 1;

      /* Comments, doctypes and processing instructions are dropped. */
      if (q < end && (*q == '!' || *q == '?'))
        {
          const char *stop;

          if (end - q >= 3 && strncmp (q, "!--", 3) == 0)
            {
              stop = g_strstr_len (q + 3, end - q - 3, "-->");
              p = stop ? stop + 3 : end;
            }
          else
            {
              stop = memchr (q, '>', end - q);
              p = stop ? stop + 1 : end;
            }
          continue;
        }

      if (q < end && *q == '/')
        closing = TRUE, q++;
      if (q >= end || !g_ascii_isalpha (*q))
        {
          /* A lone '<' is text. */
          emit_raw_text (&r, lt, lt + 1);
          p = lt + 1;
          continue;
        }

      name_start = q;
      while (q < end && (g_ascii_isalnum (*q) || *q == '-' || *q == ':'))
        {
          if (name_len < sizeof name - 1)
            name[name_len++] = g_ascii_tolower (*q);
          q++;
        }
      name[name_len] = '\0';
      if (q - name_start >= (gssize) sizeof name)
        name[0] = '\0';  /* too long to be a tag we know */

      /* The tag ends at the first '>' outside quotes; an unterminated tag swallows the rest. */
      {
        char quote = 0;

        for (gt = q; gt < end; gt++)
          {
            if (quote)
              {
                if (*gt == quote)
                  quote = 0;
              }
            else if (*gt == '"' || *gt == '\'')
              quote = *gt;
            else if (*gt == '>')
              break;
          }
      }

      if (!closing && in_list (name, skipped, G_N_ELEMENTS (skipped)))
        {
          p = gt < end ? skip_raw_element (gt + 1, end, name) : end;
          continue;
        }

      handle_tag (&r, name, closing, q, gt);
      p = gt < end ? gt + 1 : end;
    }

  close_link (&r);
  g_string_free (r.decoded, TRUE);
  g_string_free (r.run, TRUE);

  if (quoted_markup)
    *quoted_markup = finish (r.quoted);
  return finish (r.main);
}

static gboolean
is_blank (const char *line)
{
  for (; *line; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

/**
 * hl_text_to_markup:
 * @text: a plain-text body
 * @quoted_markup: (out) (optional): the quoted tail, if any: a run of lines starting with ">"
 *   (and the "On … wrote:" line before it) that goes on to the end, apart from blank lines
 *
 * Returns: (transfer full): the text escaped for a GtkLabel with use-markup.
 */
char *
hl_text_to_markup (const char  *text,
                   char       **quoted_markup)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_auto(GStrv) lines = g_strsplit (valid, "\n", -1);
  guint n = g_strv_length (lines);
  guint quote_start = n;
  g_autoptr(GString) main = g_string_new (NULL);
  g_autoptr(GString) quoted = g_string_new (NULL);

  if (quoted_markup)
    {
      /* Walk back over the tail: quote lines and blank lines. */
      for (guint i = n; i > 0; i--)
        {
          const char *line = lines[i - 1];

          if (line[0] == '>')
            quote_start = i - 1;
          else if (!is_blank (line))
            break;
        }
      if (quote_start < n && quote_start > 0)
        {
          g_autofree char *prev = g_strstrip (g_strdup (lines[quote_start - 1]));

          if (g_str_has_suffix (prev, ":"))
            quote_start--;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      GString *out = i < quote_start ? main : quoted;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      append_escaped (out, lines[i]);
    }

  if (quoted_markup)
    *quoted_markup = finish (g_steal_pointer (&quoted));
  return finish (g_steal_pointer (&main));
}

/* Whether a body that came without a content type is HTML rather than text that mentions a tag. */
gboolean
hl_html_looks_like (const char *text)
{
  static const char * const markers[] = {
    "<html", "<body", "<p>", "<p ", "<div", "<br>", "<br/>", "<br />", "<table", "<!doctype",
  };
  g_autofree char *head = NULL;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text != '<')
    return FALSE;

  head = g_ascii_strdown (text, MIN (strlen (text), 4096));
  for (gsize i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (head, markers[i]))
      return TRUE;
  return FALSE;
}

/* The same markup for Pango alone (a GtkTextBuffer, say), which doesn't know <a>: the link
 * elements go, their text (which always shows the target) stays. */
char *
hl_markup_strip_links (const char *markup)
{
  g_autoptr(GRegex) links = g_regex_new ("<a href=\"[^\"]*\">|</a>", G_REGEX_OPTIMIZE, 0, NULL);

  return g_regex_replace_literal (links, markup ? markup : "", -1, 0, "", 0, NULL);
}

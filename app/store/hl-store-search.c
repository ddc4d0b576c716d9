/* hl-store-search.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-store-search.h"

/* Turns what the agent typed into an FTS5 query: every word must match, the last one as a prefix
 * (search as you type). Each word is quoted, so FTS5 syntax in the input ("AND", "-", ":", quotes,
 * "*") is searched for literally and can never make the query fail. NULL when there is nothing to
 * search for. */
char *
hl_fts_build_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || g_unichar_isspace (c))
        {
          if (word->len > 0)
            {
              if (query->len > 0)
                g_string_append_c (query, ' ');
              g_string_append_c (query, '"');
              g_string_append_len (query, word->str, word->len);
              g_string_append_c (query, '"');
              g_string_truncate (word, 0);
            }
          if (c == 0)
            break;
          continue;
        }

      if (c == '"')
        g_string_append (word, "\"\"");
      else
        g_string_append_unichar (word, c);
    }

  if (query->len == 0)
    return NULL;

  /* Prefix-match the last word: it may be the one being typed. */
  g_string_append_c (query, '*');

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* "%text%" for LIKE with '\' as the escape character. */
char *
hl_like_pattern (const char *text)
{
  GString *out = g_string_new ("%");

  for (const char *p = text; p && *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }

  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

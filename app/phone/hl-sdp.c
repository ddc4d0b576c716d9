/* hl-sdp.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlMedia"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hl-sdp.h"

/* SDP as an array of lines without their line ends. Sections: -1 is the session part, then one
 * per m= line. */

static GPtrArray *
split_lines (const char *sdp)
{
  g_auto(GStrv) raw = g_strsplit (sdp ? sdp : "", "\n", -1);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *line = raw[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (line[0] == '\0')
        continue;
      g_ptr_array_add (lines, g_strdup (line));
    }

  return lines;
}

static char *
join_lines (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append (out, "\r\n");
    }

  return g_string_free (out, FALSE);
}

/* Index range [*start, *end) of the first audio section's lines after its m= line; FALSE when
 * there is none. *mline is the index of the m= line. */
static gboolean
find_audio_section (GPtrArray *lines,
                    guint     *mline,
                    guint     *end)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (g_str_has_prefix (line, "m=audio "))
        {
          guint j = i + 1;

          while (j < lines->len && !g_str_has_prefix (g_ptr_array_index (lines, j), "m="))
            j++;
          *mline = i;
          *end = j;
          return TRUE;
        }
    }

  return FALSE;
}

static guint
session_end (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), "m="))
      return i;

  return lines->len;
}

static gboolean
parse_direction (const char     *line,
                 HlSdpDirection *direction)
{
  if (g_str_equal (line, "a=sendrecv"))
    *direction = HL_SDP_DIRECTION_SENDRECV;
  else if (g_str_equal (line, "a=sendonly"))
    *direction = HL_SDP_DIRECTION_SENDONLY;
  else if (g_str_equal (line, "a=recvonly"))
    *direction = HL_SDP_DIRECTION_RECVONLY;
  else if (g_str_equal (line, "a=inactive"))
    *direction = HL_SDP_DIRECTION_INACTIVE;
  else
    return FALSE;

  return TRUE;
}

/* The direction of the first audio section: its own attribute, else the session's, else
 * sendrecv (RFC 3264 §5.1). */
HlSdpDirection
hl_sdp_get_direction (const char *sdp)
{
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  HlSdpDirection direction = HL_SDP_DIRECTION_SENDRECV;
  guint mline, end;
  guint send = session_end (lines);

  for (guint i = 0; i < send; i++)
    parse_direction (g_ptr_array_index (lines, i), &direction);

  if (find_audio_section (lines, &mline, &end))
    for (guint i = mline + 1; i < end; i++)
      parse_direction (g_ptr_array_index (lines, i), &direction);

  return direction;
}

gboolean
hl_sdp_direction_sends (HlSdpDirection direction)
{
  return direction == HL_SDP_DIRECTION_SENDRECV || direction == HL_SDP_DIRECTION_SENDONLY;
}

gboolean
hl_sdp_direction_receives (HlSdpDirection direction)
{
  return direction == HL_SDP_DIRECTION_SENDRECV || direction == HL_SDP_DIRECTION_RECVONLY;
}

/* The payload type that the first audio section maps to @encoding_name/@clock_rate
 * (case-insensitive), or -1. */
int
hl_sdp_find_payload (const char *sdp,
                     const char *encoding_name,
                     guint       clock_rate)
{
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  g_autofree char *want = g_strdup_printf ("%s/%u", encoding_name, clock_rate);
  guint mline, end;

  g_return_val_if_fail (encoding_name != NULL, -1);

  if (!find_audio_section (lines, &mline, &end))
    return -1;

  for (guint i = mline + 1; i < end; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *space;
      char *endp;
      long pt;

      if (!g_str_has_prefix (line, "a=rtpmap:"))
        continue;
      pt = strtol (line + strlen ("a=rtpmap:"), &endp, 10);
      if (endp == line + strlen ("a=rtpmap:") || pt < 0 || pt > 127)
        continue;
      space = strchr (endp, ' ');
      if (space == NULL)
        continue;
      /* "telephone-event/48000" or "opus/48000/2" */
      if (g_ascii_strncasecmp (space + 1, want, strlen (want)) == 0 &&
          (space[1 + strlen (want)] == '\0' || space[1 + strlen (want)] == '/'))
        return (int) pt;
    }

  return -1;
}

/* Adds @payload to the first audio m= line (when it isn't there yet) with its a=rtpmap and
 * optional a=fmtp lines, placed after the section's last a=rtpmap/a=fmtp line. */
char *
hl_sdp_add_payload (const char *sdp,
                    guint       payload,
                    const char *rtpmap,
                    const char *fmtp)
{
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  g_auto(GStrv) fields = NULL;
  g_autofree char *pt = g_strdup_printf ("%u", payload);
  guint mline, end, insert_at;

  g_return_val_if_fail (sdp != NULL, NULL);
  g_return_val_if_fail (payload < 128, NULL);
  g_return_val_if_fail (rtpmap != NULL, NULL);

  if (!find_audio_section (lines, &mline, &end))
    return join_lines (lines);

  /* m=audio <port> <proto> <fmt> ... */
  fields = g_strsplit (g_ptr_array_index (lines, mline), " ", -1);
  for (guint i = 3; fields[i] != NULL; i++)
    if (g_str_equal (fields[i], pt))
      return join_lines (lines);

  {
    char *mline_text = g_strconcat (g_ptr_array_index (lines, mline), " ", pt, NULL);

    g_free (g_ptr_array_index (lines, mline));
    g_ptr_array_index (lines, mline) = mline_text;
  }

  insert_at = end;
  for (guint i = mline + 1; i < end; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (g_str_has_prefix (line, "a=rtpmap:") || g_str_has_prefix (line, "a=fmtp:") ||
          g_str_has_prefix (line, "a=rtcp-fb:"))
        insert_at = i + 1;
    }

  if (fmtp != NULL)
    g_ptr_array_insert (lines, insert_at, g_strdup_printf ("a=fmtp:%u %s", payload, fmtp));
  g_ptr_array_insert (lines, insert_at, g_strdup_printf ("a=rtpmap:%u %s", payload, rtpmap));

  return join_lines (lines);
}

/* Candidates the other side can reach: "tcptype active" ones (port 9, they only connect out)
 * don't count. */
guint
hl_sdp_count_candidates (const char *sdp)
{
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (g_str_has_prefix (line, "a=candidate:") && strstr (line, " tcptype active") == NULL)
        n++;
    }

  return n;
}

/* The first audio section's a=candidate lines, each ending in CRLF, or NULL when none. */
char *
hl_sdp_get_candidates (const char *sdp)
{
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  GString *out = NULL;
  guint mline, end;

  if (!find_audio_section (lines, &mline, &end))
    return NULL;

  for (guint i = mline + 1; i < end; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (!g_str_has_prefix (line, "a=candidate:"))
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      g_string_append_printf (out, "%s\r\n", line);
    }

  return out ? g_string_free (out, FALSE) : NULL;
}

/* Puts @candidates (a=candidate lines) at the end of the first audio section when that section
 * has none: webrtcbin's re-offers and re-answers come without them. */
char *
hl_sdp_add_candidates (const char *sdp,
                       const char *candidates)
{
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  g_autoptr(GPtrArray) extra = split_lines (candidates);
  guint mline, end;

  g_return_val_if_fail (sdp != NULL, NULL);

  if (!find_audio_section (lines, &mline, &end))
    return join_lines (lines);

  for (guint i = mline + 1; i < end; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), "a=candidate:"))
      return join_lines (lines);

  for (guint i = 0; i < extra->len; i++)
    {
      const char *line = g_ptr_array_index (extra, i);

      if (g_str_has_prefix (line, "a=candidate:"))
        g_ptr_array_insert (lines, end++, g_strdup (line));
    }

  return join_lines (lines);
}

typedef struct
{
  char    *address;
  guint    port;
  int      rank;
  guint64  priority;
} Candidate;

/* "a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> …" */
static gboolean
parse_candidate (const char *line,
                 Candidate  *out)
{
  g_auto(GStrv) f = g_strsplit (line + strlen ("a=candidate:"), " ", -1);
  int rank;

  if (g_strv_length (f) < 8 || !g_str_equal (f[1], "1") ||
      g_ascii_strcasecmp (f[2], "UDP") != 0 || !g_str_equal (f[6], "typ"))
    return FALSE;

  /* RFC 8445 §5.1.4: the default candidate is the one most likely to work: relayed, then
   * server-reflexive, then host; IPv4 before IPv6 for the classic PBXs this is for. */
  if (g_str_equal (f[7], "relay"))
    rank = 6;
  else if (g_str_equal (f[7], "srflx"))
    rank = 4;
  else if (g_str_equal (f[7], "host"))
    rank = 2;
  else
    return FALSE;
  if (strchr (f[4], ':') == NULL)
    rank++;

  out->address = g_strdup (f[4]);
  out->port = (guint) g_ascii_strtoull (f[5], NULL, 10);
  out->rank = rank;
  out->priority = g_ascii_strtoull (f[3], NULL, 10);

  return out->port > 0 && out->port < 65536;
}

/* Replaces webrtcbin's "m=audio 9" and "c=IN IP4 0.0.0.0" with the default candidate's port and
 * address, as RFC 8839 §4.2.1.2 asks and as classic PBXs need (they read 0.0.0.0 as hold). */
char *
hl_sdp_set_default_candidate (const char *sdp)
{
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  Candidate best = { NULL, 0, -1, 0 };
  const char *family;
  guint mline, end;

  g_return_val_if_fail (sdp != NULL, NULL);

  if (!find_audio_section (lines, &mline, &end))
    return join_lines (lines);

  for (guint i = mline + 1; i < end; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      Candidate c = { NULL, };

      if (!g_str_has_prefix (line, "a=candidate:") || !parse_candidate (line, &c))
        continue;
      if (c.rank > best.rank || (c.rank == best.rank && c.priority > best.priority))
        {
          g_free (best.address);
          best = c;
        }
      else
        g_free (c.address);
    }

  if (best.address == NULL)
    return join_lines (lines);

  family = strchr (best.address, ':') ? "IP6" : "IP4";

  {
    g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (lines, mline), " ", 3);

    if (g_strv_length (fields) == 3)
      {
        g_free (g_ptr_array_index (lines, mline));
        g_ptr_array_index (lines, mline) = g_strdup_printf ("m=audio %u %s", best.port, fields[2]);
      }
  }

  for (guint i = 0; i < end; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (i < mline && i >= session_end (lines))
        continue; /* another media section before the audio one */
      if (g_str_has_prefix (line, "c=IN "))
        {
          g_free (g_ptr_array_index (lines, i));
          g_ptr_array_index (lines, i) = g_strdup_printf ("c=IN %s %s", family, best.address);
        }
    }

  /* No c= in the audio section or the session: add one to the section. */
  {
    gboolean has_c = FALSE;

    for (guint i = 0; i < end; i++)
      if (g_str_has_prefix (g_ptr_array_index (lines, i), "c="))
        has_c = TRUE;
    if (!has_c)
      g_ptr_array_insert (lines, mline + 1, g_strdup_printf ("c=IN %s %s", family, best.address));
  }

  g_free (best.address);

  return join_lines (lines);
}

/* Sets the first audio section's direction attribute, replacing any there. */
char *
hl_sdp_set_direction (const char     *sdp,
                      HlSdpDirection  direction)
{
  static const char *attrs[] = { "a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive" };
  g_autoptr(GPtrArray) lines = split_lines (sdp);
  HlSdpDirection ignored;
  guint mline, end;

  g_return_val_if_fail (sdp != NULL, NULL);
  g_return_val_if_fail (direction <= HL_SDP_DIRECTION_INACTIVE, NULL);

  if (!find_audio_section (lines, &mline, &end))
    return join_lines (lines);

  for (guint i = mline + 1; i < end; i++)
    if (parse_direction (g_ptr_array_index (lines, i), &ignored))
      {
        g_free (g_ptr_array_index (lines, i));
        g_ptr_array_index (lines, i) = g_strdup (attrs[direction]);
        return join_lines (lines);
      }

  g_ptr_array_insert (lines, end, g_strdup (attrs[direction]));

  return join_lines (lines);
}

/* hl-sdp.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text-level SDP edits that webrtcbin 1.22 needs around it (shared/notes/webrtc-sip.md): the
 * default candidate in m=/c= for classic PBXs, telephone-event put back into answers, candidates
 * carried into re-offers. Every function takes and returns whole SDP text; output lines end in
 * CRLF. They work on the first audio section ("m=audio"). */

typedef enum
{
  HL_SDP_DIRECTION_SENDRECV,
  HL_SDP_DIRECTION_SENDONLY,
  HL_SDP_DIRECTION_RECVONLY,
  HL_SDP_DIRECTION_INACTIVE,
} HlSdpDirection;

HlSdpDirection  hl_sdp_get_direction         (const char *sdp);
gboolean        hl_sdp_direction_sends       (HlSdpDirection direction);
gboolean        hl_sdp_direction_receives    (HlSdpDirection direction);
int             hl_sdp_find_payload          (const char *sdp,
                                              const char *encoding_name,
                                              guint       clock_rate);
char           *hl_sdp_add_payload           (const char *sdp,
                                              guint       payload,
                                              const char *rtpmap,
                                              const char *fmtp);
guint           hl_sdp_count_candidates      (const char *sdp);
char           *hl_sdp_get_candidates        (const char *sdp);
char           *hl_sdp_add_candidates        (const char *sdp,
                                              const char *candidates);
char           *hl_sdp_set_default_candidate (const char *sdp);
char           *hl_sdp_set_direction         (const char     *sdp,
                                              HlSdpDirection  direction);

G_END_DECLS

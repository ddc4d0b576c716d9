/* hl-backoff.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-backoff.h"

/* The delay before reconnect attempt @attempt (0-based), for every connection Helpline keeps
 * open (the PBX's WebSocket, Chatwoot's ActionCable): doubling from @min_ms up to @max_ms, then
 * spread over its upper half by @random (0..1), so that after a server restart the agents don't
 * all come back at the same instant. */
guint
hl_backoff_delay (guint  attempt,
                  guint  min_ms,
                  guint  max_ms,
                  double random)
{
  guint64 delay = MAX (min_ms, 1);

  for (guint i = 0; i < attempt && delay < max_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) MAX (max_ms, min_ms));

  return (guint) (delay / 2 + (guint64) ((double) (delay - delay / 2) * CLAMP (random, 0.0, 1.0)));
}

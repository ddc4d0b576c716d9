/* hl-caller-id.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-call.h"
#include "hl-store.h"

G_BEGIN_DECLS

void hl_caller_id_look_up (HlStore      *store,
                           HlCall       *call,
                           GCancellable *cancellable);

G_END_DECLS

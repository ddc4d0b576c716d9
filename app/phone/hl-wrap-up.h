/* hl-wrap-up.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "hl-store.h"

G_BEGIN_DECLS

#define HL_TYPE_WRAP_UP (hl_wrap_up_get_type ())

G_DECLARE_FINAL_TYPE (HlWrapUp, hl_wrap_up, HL, WRAP_UP, GObject)

HlWrapUp   *hl_wrap_up_new             (HlStore     *store,
                                        gint64       call_id,
                                        const char  *caller,
                                        gint64       talk_seconds);
HlStore    *hl_wrap_up_get_store       (HlWrapUp    *self);
gint64      hl_wrap_up_get_call_id     (HlWrapUp    *self);
const char *hl_wrap_up_get_caller      (HlWrapUp    *self);
gint64      hl_wrap_up_get_talk_seconds (HlWrapUp   *self);
const char *hl_wrap_up_get_disposition (HlWrapUp    *self);
void        hl_wrap_up_set_disposition (HlWrapUp    *self,
                                        const char  *disposition);
const char *hl_wrap_up_get_note        (HlWrapUp    *self);
void        hl_wrap_up_set_note        (HlWrapUp    *self,
                                        const char  *note);

G_END_DECLS

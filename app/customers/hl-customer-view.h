/* hl-customer-view.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_CUSTOMER_VIEW (hl_customer_view_get_type ())

G_DECLARE_FINAL_TYPE (HlCustomerView, hl_customer_view, HL, CUSTOMER_VIEW, AdwBin)

void        hl_customer_view_set_workspace     (HlCustomerView *self,
                                                HlWorkspace    *workspace);
void        hl_customer_view_set_contact_id    (HlCustomerView *self,
                                                gint64          contact_id);
gint64      hl_customer_view_get_contact_id    (HlCustomerView *self);
HlContact  *hl_customer_view_get_contact       (HlCustomerView *self);
void        hl_customer_view_set_show_back     (HlCustomerView *self,
                                                gboolean        show_back);
void        hl_customer_view_set_show_hint     (HlCustomerView *self,
                                                gboolean        show_hint);
GListModel *hl_customer_view_get_conversations (HlCustomerView *self);
GListModel *hl_customer_view_get_calls         (HlCustomerView *self);
gboolean    hl_customer_view_get_editing       (HlCustomerView *self);
gboolean    hl_customer_view_confirm_close     (HlCustomerView *self);
GVariant   *hl_customer_view_dup_draft         (HlCustomerView *self);
void        hl_customer_view_edit_draft        (HlCustomerView *self,
                                                GVariant       *draft);

G_END_DECLS

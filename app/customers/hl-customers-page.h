/* hl-customers-page.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_CUSTOMERS_PAGE (hl_customers_page_get_type ())

G_DECLARE_FINAL_TYPE (HlCustomersPage, hl_customers_page, HL, CUSTOMERS_PAGE, AdwBin)

void        hl_customers_page_select_contact (HlCustomersPage *self,
                                              gint64           contact_id);
gint64      hl_customers_page_get_contact_id (HlCustomersPage *self);
GListModel *hl_customers_page_get_model      (HlCustomersPage *self);
gboolean    hl_customers_page_confirm_close  (HlCustomersPage *self);

G_END_DECLS

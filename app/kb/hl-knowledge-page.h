/* hl-knowledge-page.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_KNOWLEDGE_PAGE (hl_knowledge_page_get_type ())

G_DECLARE_FINAL_TYPE (HlKnowledgePage, hl_knowledge_page, HL, KNOWLEDGE_PAGE, AdwBin)

void        hl_knowledge_page_show_article   (HlKnowledgePage *self,
                                              gint64           article_id);
gint64      hl_knowledge_page_get_article_id (HlKnowledgePage *self);
GListModel *hl_knowledge_page_get_model      (HlKnowledgePage *self);

G_END_DECLS

/* fuzz-chatwoot-json.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-backend-error.h"
#include "hl-chatwoot-json.h"

/* libFuzzer target: any bytes, parsed by json-glib as a Chatwoot answer, give every mapping
 * function either a row or an HL_BACKEND_ERROR_MALFORMED error, never a crash, a leak or a row
 * with a NULL mandatory string. */
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_error (gpointer  result,
             GError   *error)
{
  g_assert ((result == NULL) == (error != NULL));
  if (error != NULL)
    g_assert (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED) ||
              g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_CONFLICT));
}

static void
map_one (JsonNode                *node,
         const HlChatwootContext *ctx)
{
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL, e6 = NULL;
  g_autoptr(HlChatwootConversation) conv = hl_chatwoot_json_conversation (node, ctx, &e1);
  g_autoptr(HlChatwootMessage) message = hl_chatwoot_json_message (node, &e2);
  g_autoptr(HlChatwootContact) contact = hl_chatwoot_json_contact (node, &e3);
  g_autoptr(HlChatwootAgent) agent = hl_chatwoot_json_agent (node, 7, &e4);
  g_autoptr(HlChatwootArticle) article = hl_chatwoot_json_article (node, NULL, &e5);
  g_autoptr(HlChatwootProfile) profile = hl_chatwoot_json_profile (node, &e6);

  check_error (conv, e1);
  check_error (message, e2);
  check_error (contact, e3);
  check_error (agent, e4);
  check_error (article, e5);
  check_error (profile, e6);

  if (conv != NULL)
    g_assert (conv->data.remote_id != NULL);
  if (message != NULL)
    g_assert (message->data.remote_id != NULL && message->data.body != NULL);
  if (contact != NULL)
    {
      HlContactData other = contact->data;
      g_autoptr(JsonNode) same = NULL;
      g_autoptr(JsonNode) changes = NULL;

      g_assert (contact->data.name != NULL && contact->data.attributes != NULL);
      same = hl_chatwoot_json_contact_changes (&contact->data, &contact->data);
      g_assert (same == NULL);
      other.attributes = "{}";
      other.name = "x";
      changes = hl_chatwoot_json_contact_changes (&contact->data, &other);
      g_assert (changes != NULL);
    }
  if (agent != NULL)
    g_assert (agent->data.name != NULL);
  if (article != NULL)
    g_assert (article->data.title != NULL && article->data.locale != NULL && article->data.body != NULL);
  if (profile != NULL)
    g_assert (profile->access_token != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HlChatwootContext) ctx = hl_chatwoot_context_new (7, 7);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (size > G_MAXSSIZE || !json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return 0;
  if ((root = json_parser_get_root (parser)) == NULL)
    return 0;

  hl_chatwoot_context_add_inbox (ctx, 1, "Website", "Channel::WebWidget");
  if (!hl_chatwoot_context_add_inboxes (ctx, root, &error))
    g_assert (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED));
  g_clear_error (&error);

  {
    g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL, e6 = NULL;
    g_autoptr(HlChatwootPage) conversations = hl_chatwoot_json_conversation_page (root, ctx, &e1);
    g_autoptr(HlChatwootPage) messages = hl_chatwoot_json_message_page (root, &e2);
    g_autoptr(HlChatwootPage) contacts = hl_chatwoot_json_contact_page (root, &e3);
    g_autoptr(HlChatwootPage) agents = hl_chatwoot_json_agent_list (root, 7, &e4);
    g_autoptr(HlChatwootPage) articles = hl_chatwoot_json_article_page (root, "de", &e5);
    HlConversationStatus status;
    gint64 until;

    check_error (conversations, e1);
    check_error (messages, e2);
    check_error (contacts, e3);
    check_error (agents, e4);
    check_error (articles, e5);
    if (!hl_chatwoot_json_status_result (root, &status, &until, &e6))
      check_error (NULL, e6);
  }

  map_one (root, ctx);

  /* the elements of a top-level array or payload, one by one */
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array) && i < 8; i++)
        map_one (json_array_get_element (array, i), ctx);
    }

  return 0;
}

/* hl-caller-id.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include "hl-caller-id.h"
#include "hl-dial-uri.h"
#include "hl-store-caller.h"

/* Caller-id for a live call: the customer record whose phone matches the caller, looked up once
 * per call on the store's worker while the call rings, by the rule the call log uses. The call
 * rings meanwhile; the name goes on the call (HlCall:contact-name) for the call card and the
 * notification, unless the call ended before the answer came. */

static void
on_caller_found (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HlCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlContact) contact = hl_store_find_caller_finish (HL_STORE (object), result, &error);
  const char *name;

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No caller-id for %s: %s", hl_call_get_remote_uri (call), error->message);
      return;
    }

  /* Too late: the call ended while the store was busy */
  if (contact == NULL || hl_call_get_state (call) == HL_CALL_STATE_ENDED)
    return;

  /* A contact named after the number tells nothing the number does not */
  name = hl_contact_get_name (contact);
  if (hl_dial_uri_is_caller_name (hl_call_get_remote_uri (call), name))
    name = NULL;

  g_debug ("Caller-id: %s is contact %" G_GINT64_FORMAT ", “%s”", hl_call_get_remote_uri (call),
           hl_record_get_id (HL_RECORD (contact)), name ? name : "");
  hl_call_set_contact (call, hl_record_get_id (HL_RECORD (contact)), name);
}

/**
 * hl_caller_id_look_up:
 * @store: the open workspace's store
 * @call: a new call
 *
 * Finds the customer @call is with and puts them on the call, asynchronously.
 */
void
hl_caller_id_look_up (HlStore      *store,
                      HlCall       *call,
                      GCancellable *cancellable)
{
  g_return_if_fail (HL_IS_STORE (store));
  g_return_if_fail (HL_IS_CALL (call));

  if (hl_call_get_remote_uri (call) == NULL)
    return;

  hl_store_find_caller_async (store, hl_call_get_remote_uri (call), cancellable, on_caller_found,
                              g_object_ref (call));
}

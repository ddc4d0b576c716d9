/* hl-sip-dialog.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlSipDialog"

#include "config.h"

#include <string.h>

#include "hl-sip-dialog.h"

/* RFC 3261 §12.1: the UAC builds its dialog from the request and a 1xx/2xx with a To tag, the
 * UAS from the request. The route set is the Record-Route list, in order for the UAS and reversed
 * for the UAC. The remote target is the peer's Contact URI taken verbatim: behind Kamailio it
 * carries an ";alias=ip~port~proto" parameter that routes back over the peer's WebSocket. */

struct _HlSipDialog
{
  char      *call_id;
  char      *local_tag;
  char      *remote_tag;
  char      *local_name_addr;    /* From of our requests, without the tag */
  char      *remote_name_addr;   /* To of our requests, without the tag */
  char      *remote_uri;
  char      *remote_name;
  char      *remote_target;
  char      *local_contact;
  GPtrArray *route_set;
  guint32    local_cseq;
  guint32    remote_cseq;        /* 0 = none seen yet */
};

void
hl_sip_dialog_free (HlSipDialog *self)
{
  if (self == NULL)
    return;

  g_free (self->call_id);
  g_free (self->local_tag);
  g_free (self->remote_tag);
  g_free (self->local_name_addr);
  g_free (self->remote_name_addr);
  g_free (self->remote_uri);
  g_free (self->remote_name);
  g_free (self->remote_target);
  g_free (self->local_contact);
  g_clear_pointer (&self->route_set, g_ptr_array_unref);
  g_free (self);
}

/* The name-addr without its parameters (the tag is added per request). */
static char *
strip_params (HlSipNameAddr *addr)
{
  g_autofree char *uri = hl_sip_uri_to_string (addr->uri);
  g_autofree char *quoted = NULL;

  if (addr->display_name == NULL)
    return g_strdup_printf ("<%s>", uri);

  quoted = g_strescape (addr->display_name, NULL);
  return g_strdup_printf ("\"%s\" <%s>", quoted, uri);
}

static char *
contact_uri (HlSipMessage  *message,
             GError       **error)
{
  const char *contact = hl_sip_message_get_header (message, "Contact");
  g_autoptr(HlSipNameAddr) addr = NULL;

  if (contact == NULL)
    {
      g_set_error_literal (error, HL_SIP_ERROR, HL_SIP_ERROR_MISSING_HEADER, "Contact is missing");
      return NULL;
    }

  if (!(addr = hl_sip_name_addr_parse (contact, error)))
    return NULL;

  return hl_sip_uri_to_string (addr->uri);
}

static HlSipDialog *
dialog_new (HlSipMessage  *request,
            gboolean       uac,
            GError       **error)
{
  g_autoptr(HlSipDialog) self = g_new0 (HlSipDialog, 1);
  g_autoptr(HlSipNameAddr) from = NULL;
  g_autoptr(HlSipNameAddr) to = NULL;
  HlSipNameAddr *remote;

  if (!(from = hl_sip_name_addr_parse (hl_sip_message_get_header (request, "From") ?: "", error)) ||
      !(to = hl_sip_name_addr_parse (hl_sip_message_get_header (request, "To") ?: "", error)))
    return NULL;

  self->call_id = g_strdup (hl_sip_message_get_call_id (request));
  if (self->call_id == NULL)
    {
      g_set_error_literal (error, HL_SIP_ERROR, HL_SIP_ERROR_MISSING_HEADER, "Call-ID is missing");
      return NULL;
    }

  remote = uac ? to : from;
  self->local_name_addr = strip_params (uac ? from : to);
  self->remote_name_addr = strip_params (remote);
  self->remote_uri = hl_sip_uri_to_string (remote->uri);
  self->remote_name = g_strdup (remote->display_name);
  self->route_set = g_ptr_array_new_with_free_func (g_free);

  return g_steal_pointer (&self);
}

/**
 * hl_sip_dialog_new_uac:
 * @request: the INVITE we sent
 * @response: its 1xx (with a To tag) or 2xx
 */
HlSipDialog *
hl_sip_dialog_new_uac (HlSipMessage  *request,
                       HlSipMessage  *response,
                       GError       **error)
{
  g_autoptr(HlSipDialog) self = NULL;
  g_autoptr(GPtrArray) record_route = NULL;

  g_return_val_if_fail (request != NULL && response != NULL, NULL);

  if (!(self = dialog_new (request, TRUE, error)))
    return NULL;

  self->local_tag = hl_sip_message_get_from_tag (request);
  self->remote_tag = hl_sip_message_get_to_tag (response);
  if (self->remote_tag == NULL)
    {
      g_set_error_literal (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, "The response has no To tag");
      return NULL;
    }

  if (!(self->remote_target = contact_uri (response, error)))
    return NULL;

  record_route = hl_sip_message_get_headers (response, "Record-Route");
  for (guint i = record_route->len; i > 0; i--)
    g_ptr_array_add (self->route_set, g_strdup (g_ptr_array_index (record_route, i - 1)));

  self->local_cseq = hl_sip_message_get_cseq (request, NULL);
  self->local_contact = g_strdup (hl_sip_message_get_header (request, "Contact"));

  return g_steal_pointer (&self);
}

/**
 * hl_sip_dialog_new_uas:
 * @request: the INVITE we received
 * @local_tag: the To tag we answer with
 * @local_contact: our Contact header value
 */
HlSipDialog *
hl_sip_dialog_new_uas (HlSipMessage  *request,
                       const char    *local_tag,
                       const char    *local_contact,
                       GError       **error)
{
  g_autoptr(HlSipDialog) self = NULL;
  g_autoptr(GPtrArray) record_route = NULL;

  g_return_val_if_fail (request != NULL && local_tag != NULL, NULL);

  if (!(self = dialog_new (request, FALSE, error)))
    return NULL;

  self->local_tag = g_strdup (local_tag);
  self->remote_tag = hl_sip_message_get_from_tag (request);
  if (self->remote_tag == NULL)
    {
      g_set_error_literal (error, HL_SIP_ERROR, HL_SIP_ERROR_BAD_HEADER, "The request has no From tag");
      return NULL;
    }

  if (!(self->remote_target = contact_uri (request, error)))
    return NULL;

  record_route = hl_sip_message_get_headers (request, "Record-Route");
  for (guint i = 0; i < record_route->len; i++)
    g_ptr_array_add (self->route_set, g_strdup (g_ptr_array_index (record_route, i)));

  self->remote_cseq = hl_sip_message_get_cseq (request, NULL);
  self->local_cseq = g_random_int_range (1, 10000);
  self->local_contact = g_strdup (local_contact);

  return g_steal_pointer (&self);
}

const char *
hl_sip_dialog_get_call_id (HlSipDialog *self)
{
  return self->call_id;
}

const char *
hl_sip_dialog_get_local_tag (HlSipDialog *self)
{
  return self->local_tag;
}

const char *
hl_sip_dialog_get_remote_tag (HlSipDialog *self)
{
  return self->remote_tag;
}

const char *
hl_sip_dialog_get_remote_target (HlSipDialog *self)
{
  return self->remote_target;
}

const char *
hl_sip_dialog_get_remote_uri (HlSipDialog *self)
{
  return self->remote_uri;
}

const char *
hl_sip_dialog_get_remote_name (HlSipDialog *self)
{
  return self->remote_name;
}

/* Whether @request belongs to this dialog: Call-ID, and the tags seen from our side. */
gboolean
hl_sip_dialog_matches (HlSipDialog  *self,
                       HlSipMessage *request)
{
  g_autofree char *from_tag = hl_sip_message_get_from_tag (request);
  g_autofree char *to_tag = hl_sip_message_get_to_tag (request);

  return g_strcmp0 (hl_sip_message_get_call_id (request), self->call_id) == 0 &&
         g_strcmp0 (from_tag, self->remote_tag) == 0 &&
         (to_tag == NULL || g_strcmp0 (to_tag, self->local_tag) == 0);
}

/* §12.2.2: a request with a CSeq lower than the last one is out of order (answer 500). ACK and
 * CANCEL reuse the INVITE's number and are not counted. */
gboolean
hl_sip_dialog_check_remote_cseq (HlSipDialog  *self,
                                 HlSipMessage *request)
{
  const char *method = NULL;
  guint32 cseq = hl_sip_message_get_cseq (request, &method);

  if (g_strcmp0 (method, "ACK") == 0 || g_strcmp0 (method, "CANCEL") == 0)
    return TRUE;

  if (self->remote_cseq != 0 && cseq < self->remote_cseq)
    return FALSE;

  self->remote_cseq = cseq;
  return TRUE;
}

/* A target refresh (re-INVITE, UPDATE, or its 2xx) may carry a new Contact. */
void
hl_sip_dialog_update_target (HlSipDialog  *self,
                             HlSipMessage *message)
{
  g_autofree char *target = NULL;

  if (hl_sip_message_get_header (message, "Contact") && (target = contact_uri (message, NULL)))
    {
      g_free (self->remote_target);
      self->remote_target = g_steal_pointer (&target);
    }
}

static void
add_common (HlSipDialog  *self,
            HlSipMessage *request,
            const char   *via,
            guint32       cseq,
            const char   *method)
{
  g_autofree char *from = g_strdup_printf ("%s;tag=%s", self->local_name_addr, self->local_tag);
  g_autofree char *to = g_strdup_printf ("%s;tag=%s", self->remote_name_addr, self->remote_tag);
  g_autofree char *cseq_text = g_strdup_printf ("%u %s", cseq, method);

  hl_sip_message_add_header (request, "Via", via);
  hl_sip_message_add_header (request, "Max-Forwards", "70");
  hl_sip_message_add_header (request, "From", from);
  hl_sip_message_add_header (request, "To", to);
  hl_sip_message_add_header (request, "Call-ID", self->call_id);
  hl_sip_message_add_header (request, "CSeq", cseq_text);
  for (guint i = 0; i < self->route_set->len; i++)
    hl_sip_message_add_header (request, "Route", g_ptr_array_index (self->route_set, i));
}

/**
 * hl_sip_dialog_new_request:
 * @via: a fresh top Via (new branch)
 *
 * A new in-dialog request (BYE, re-INVITE, INFO, REFER, NOTIFY) to the remote target through the
 * route set, with the next local CSeq.
 */
HlSipMessage *
hl_sip_dialog_new_request (HlSipDialog *self,
                           const char  *method,
                           const char  *via)
{
  HlSipMessage *request;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (method != NULL && via != NULL, NULL);

  request = hl_sip_message_new_request (method, self->remote_target);
  add_common (self, request, via, ++self->local_cseq, method);
  if (self->local_contact && (g_str_equal (method, "INVITE") || g_str_equal (method, "REFER") ||
                              g_str_equal (method, "UPDATE")))
    hl_sip_message_add_header (request, "Contact", self->local_contact);

  return request;
}

/* The ACK for a 2xx to @invite: its own transaction, the INVITE's CSeq number (§13.2.2.4). */
HlSipMessage *
hl_sip_dialog_new_ack (HlSipDialog  *self,
                       HlSipMessage *invite,
                       const char   *via)
{
  HlSipMessage *ack;

  g_return_val_if_fail (self != NULL, NULL);

  ack = hl_sip_message_new_request ("ACK", self->remote_target);
  add_common (self, ack, via, hl_sip_message_get_cseq (invite, NULL), "ACK");

  return ack;
}

/* The Replaces header value (RFC 3891) naming this dialog, for attended transfer. */
char *
hl_sip_dialog_replaces (HlSipDialog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%s;to-tag=%s;from-tag=%s", self->call_id, self->remote_tag, self->local_tag);
}

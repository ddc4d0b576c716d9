/* fuzz-provision.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-provision.h"

/* libFuzzer target: any bytes given to the provisioning parser give a provisioning or an error,
 * never a crash or a leak. */
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlProvision) provision = NULL;
  g_autofree char *accounts = NULL;

  provision = hl_provision_parse ((const char *) data, size, &error);
  g_assert ((provision == NULL) != (error == NULL));

  if (provision != NULL)
    accounts = hl_provision_to_accounts_file (provision);

  return 0;
}

/* main.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-application.h"
#include "hl-language.h"
#include "hl-log.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HlApplication) app = NULL;

  hl_language_init ();

  hl_log_init ();

  app = hl_application_new (APP_ID, G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN);

  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* hl-workspace.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlWorkspace"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-demo-seed.h"
#include "hl-enums.h"
#include "hl-store-db.h"
#include "hl-workspace.h"

/* A workspace is one database and what the agent sees through it: "local" (the default, no
 * server) or "demo" (seeded with sample data on first use). Opening it opens the store, makes sure
 * the signed-in agent exists and seeds the demo, all off the main thread. */

struct _HlWorkspace
{
  GObject  parent_instance;

  char    *name;
  HlStore *store;
  gint64   me_id;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_STORE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HlWorkspace, hl_workspace, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static void
hl_workspace_dispose (GObject *object)
{
  HlWorkspace *self = (HlWorkspace *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (hl_workspace_parent_class)->dispose (object);
}

static void
hl_workspace_finalize (GObject *object)
{
  HlWorkspace *self = (HlWorkspace *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (hl_workspace_parent_class)->finalize (object);
}

static void
hl_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HlWorkspace *self = HL_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_workspace_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HlWorkspace *self = HL_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_workspace_constructed (GObject *object)
{
  HlWorkspace *self = (HlWorkspace *)object;
  g_autofree char *path = hl_workspace_path_for (self->name);

  G_OBJECT_CLASS (hl_workspace_parent_class)->constructed (object);

  self->store = hl_store_new (path);
}

static void
hl_workspace_class_init (HlWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hl_workspace_constructed;
  object_class->dispose = hl_workspace_dispose;
  object_class->finalize = hl_workspace_finalize;
  object_class->get_property = hl_workspace_get_property;
  object_class->set_property = hl_workspace_set_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         "local",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HL_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hl_workspace_init (HlWorkspace *self)
{
}

HlWorkspace *
hl_workspace_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (HL_TYPE_WORKSPACE, "name", name, NULL);
}

/* $XDG_DATA_HOME/helpline/<name>.db */
char *
hl_workspace_path_for (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);

  return g_build_filename (g_get_user_data_dir (), "helpline", file, NULL);
}

/* The workspace that caches a Chatwoot account: "chatwoot-<host>[_<port>]-<account id>", so its
 * database is $XDG_DATA_HOME/helpline/chatwoot-<host>[_<port>]-<account id>.db (with SQLite's
 * -wal and -shm beside it). Characters other than letters, digits, '.' and '-' become '_'. */
char *
hl_workspace_chatwoot_name (const char *url,
                            gint64      account_id)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) name = g_string_new ("chatwoot-");

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_string_append (name, uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : "server");
  if (uri && g_uri_get_port (uri) > 0)
    g_string_append_printf (name, "_%d", g_uri_get_port (uri));
  g_string_append_printf (name, "-%" G_GINT64_FORMAT, account_id);

  for (gsize i = strlen ("chatwoot-"); i < name->len; i++)
    if (!g_ascii_isalnum (name->str[i]) && name->str[i] != '.' && name->str[i] != '-')
      name->str[i] = '_';

  return g_string_free (g_steal_pointer (&name), FALSE);
}

const char *
hl_workspace_get_name (HlWorkspace *self)
{
  g_return_val_if_fail (HL_IS_WORKSPACE (self), NULL);

  return self->name;
}

/* A title for the window's subtitle and dialogs. */
const char *
hl_workspace_get_title (HlWorkspace *self)
{
  g_return_val_if_fail (HL_IS_WORKSPACE (self), NULL);

  if (g_strcmp0 (self->name, "demo") == 0)
    return _("Demo Workspace");
  if (g_strcmp0 (self->name, "local") == 0)
    return _("Local Workspace");
  if (g_str_has_prefix (self->name, "chatwoot-"))
    return _("Chatwoot Workspace");
  return self->name;
}

char *
hl_workspace_dup_path (HlWorkspace *self)
{
  g_return_val_if_fail (HL_IS_WORKSPACE (self), NULL);

  return g_strdup (hl_store_get_path (self->store));
}

HlStore *
hl_workspace_get_store (HlWorkspace *self)
{
  g_return_val_if_fail (HL_IS_WORKSPACE (self), NULL);

  return self->store;
}

/* The agent using this copy of Helpline. */
gint64
hl_workspace_get_me_id (HlWorkspace *self)
{
  g_return_val_if_fail (HL_IS_WORKSPACE (self), 0);

  return self->me_id;
}

/* TRUE once hl_workspace_open_async() has succeeded: windows built later use it as it is. */
gboolean
hl_workspace_is_open (HlWorkspace *self)
{
  g_return_val_if_fail (HL_IS_WORKSPACE (self), FALSE);

  return self->me_id > 0;
}

/* Opening */

typedef struct
{
  char   *name;
  gint64  now;
} PrepareData;

static void
prepare_data_free (gpointer data)
{
  PrepareData *prep = data;

  g_free (prep->name);
  g_free (prep);
}

static gpointer
prepare_func (sqlite3        *db,
              gpointer        data,
              HlStoreTables  *changed,
              GError        **error)
{
  PrepareData *prep = data;
  gint64 me;

  if ((me = hl_db_query_int64 (db, "SELECT id FROM agents WHERE is_me ORDER BY id LIMIT 1", error)) < 0)
    return NULL;

  if (me > 0)
    return g_memdup2 (&me, sizeof me);

  if (!hl_db_begin (db, error))
    return NULL;

  if (g_strcmp0 (prep->name, "demo") == 0)
    {
      if (!hl_demo_seed (db, prep->now, error))
        goto failed;
      *changed |= HL_STORE_TABLE_ALL;
    }
  else
    {
      HlAgentData agent = {
        .name = g_get_real_name (),
        .role = HL_AGENT_ROLE_AGENT,
        .availability = HL_AVAILABILITY_ONLINE,
        .availability_since = prep->now,
        .is_me = TRUE,
      };

      if (agent.name == NULL || agent.name[0] == '\0' || g_str_equal (agent.name, "Unknown"))
        agent.name = g_get_user_name ();

      if (!hl_db_insert_agent (db, &agent, error))
        goto failed;
      *changed |= HL_STORE_TABLE_AGENTS;
    }

  if ((me = hl_db_query_int64 (db, "SELECT id FROM agents WHERE is_me ORDER BY id LIMIT 1", error)) <= 0)
    {
      if (me == 0)
        g_set_error_literal (error, HL_STORE_ERROR, HL_STORE_ERROR_INVALID,
                             "The workspace has no signed-in agent");
      goto failed;
    }

  if (!hl_db_commit (db, error))
    return NULL;

  return g_memdup2 (&me, sizeof me);

failed:
  hl_db_rollback (db);
  return NULL;
}

static void
prepare_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HlWorkspace *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *me = NULL;

  if (!(me = hl_store_run_finish (HL_STORE (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->me_id = *me;
  g_task_return_boolean (task, TRUE);
}

static void
store_open_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HlWorkspace *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  PrepareData *prep;

  if (!hl_store_open_finish (HL_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  prep = g_new0 (PrepareData, 1);
  prep->name = g_strdup (self->name);
  prep->now = g_get_real_time () / G_USEC_PER_SEC;

  hl_store_run_async (self->store, prepare_func, prep, prepare_data_free, g_free,
                      g_task_get_cancellable (task), prepare_done, g_object_ref (task));
}

void
hl_workspace_open_async (HlWorkspace         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HL_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_workspace_open_async);

  hl_store_open_async (self->store, cancellable, store_open_done, g_steal_pointer (&task));
}

gboolean
hl_workspace_open_finish (HlWorkspace   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (HL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* hl-wallboard-page.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlWallboard"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-agent.h"
#include "hl-agent-row.h"
#include "hl-format.h"
#include "hl-stat-tile.h"
#include "hl-wallboard-page.h"
#include "hl-wallboard-stats.h"
#include "hl-workspace.h"
#include "hl-workspace-view.h"

/* The team lead's wallboard, made to be read across a room: eight tiles (queues now, calls
 * today), then the agents and their availability. Every figure comes from one job on the store
 * worker (hl-wallboard-stats.c), run again when conversations, calls or agents change and every
 * 15 seconds while the page is on screen, because waiting times grow by themselves. Refreshes are
 * coalesced: a change during a refresh asks for one more afterwards. */

#define TICK_SECONDS      15
#define COALESCE_MS       150
#define WATCHED_TABLES    (HL_STORE_TABLE_CONVERSATIONS | HL_STORE_TABLE_CALLS | HL_STORE_TABLE_AGENTS)

struct _HlWallboardPage
{
  AdwBin            parent_instance;

  /* Template widgets */
  GtkLabel         *date_label;
  GtkLabel         *updated_label;
  GtkFlowBox       *tiles;
  HlStatTile       *waiting_tile;
  HlStatTile       *longest_wait_tile;
  HlStatTile       *open_tile;
  HlStatTile       *unassigned_tile;
  HlStatTile       *overdue_tile;
  HlStatTile       *calls_tile;
  HlStatTile       *service_level_tile;
  HlStatTile       *talk_time_tile;
  GtkLabel         *agents_summary_label;
  GtkListBox       *agent_list;
  GtkToggleButton  *tv_mode_button;
  AdwButtonContent *tv_mode_content;

  /* Owned references */
  HlWorkspace      *workspace;
  GSettings        *settings;
  GListStore       *agents;
  HlWallboardStats *stats;
  GCancellable     *cancellable;      /* the refresh in flight, if any */
  guint             refresh_source;
  guint             tick_source;
  guint             refresh_again : 1;
};

enum {
  PROP_0,
  PROP_UPDATED_AT,
  N_PROPS
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlWallboardPage, hl_wallboard_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_WORKSPACE_VIEW, workspace_view_iface_init))

static GParamSpec *properties [N_PROPS];

/* Showing the figures */

static void
set_count (HlStatTile *tile,
           guint       count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  hl_stat_tile_set_value (tile, text);
}

static HlStatState
wait_state (HlWallboardPage *self,
            gint64           seconds)
{
  guint warning = g_settings_get_uint (self->settings, "wallboard-wait-warning");
  guint alert = g_settings_get_uint (self->settings, "wallboard-wait-alert");

  if (seconds < 0)
    return HL_STAT_STATE_NORMAL;
  if (seconds >= (gint64) alert * 60)
    return HL_STAT_STATE_ALERT;
  if (seconds >= (gint64) warning * 60)
    return HL_STAT_STATE_WARNING;

  return HL_STAT_STATE_NORMAL;
}

static void
update_conversation_tiles (HlWallboardPage        *self,
                           const HlWallboardStats *stats)
{
  HlStatState state = wait_state (self, stats->longest_wait);
  guint warning = g_settings_get_uint (self->settings, "wallboard-wait-warning");
  guint alert = g_settings_get_uint (self->settings, "wallboard-wait-alert");
  g_autofree char *thresholds = NULL;
  g_autofree char *channels = NULL;

  set_count (self->waiting_tile, stats->waiting);
  hl_stat_tile_set_caption (self->waiting_tile,
                            stats->waiting > 0
                            ? g_dngettext (GETTEXT_PACKAGE, "Customer waiting for a reply",
                                           "Customers waiting for a reply", stats->waiting)
                            : _("Nobody is waiting"));
  hl_stat_tile_set_state (self->waiting_tile, state);

  if (stats->longest_wait >= 0)
    {
      g_autofree char *wait = hl_format_waiting (stats->longest_wait);

      hl_stat_tile_set_value (self->longest_wait_tile, wait);
    }
  else
    hl_stat_tile_set_value (self->longest_wait_tile, "—");
  /* Translators: the waiting-time thresholds of the wallboard, in minutes; the spaces before
   * "min" are no-break spaces */
  thresholds = g_strdup_printf (_("Warning at %u min, alert at %u min"), warning, alert);
  hl_stat_tile_set_caption (self->longest_wait_tile, thresholds);
  hl_stat_tile_set_state (self->longest_wait_tile, state);

  set_count (self->open_tile, stats->open);
  /* Translators: open conversations per channel */
  channels = g_strdup_printf (_("%u phone · %u chat · %u email"),
                              stats->open_by_channel[HL_CHANNEL_PHONE],
                              stats->open_by_channel[HL_CHANNEL_CHAT],
                              stats->open_by_channel[HL_CHANNEL_EMAIL]);
  hl_stat_tile_set_caption (self->open_tile, channels);

  set_count (self->unassigned_tile, stats->unassigned);
  hl_stat_tile_set_caption (self->unassigned_tile, _("Open, without an agent"));

  set_count (self->overdue_tile, stats->overdue);
  hl_stat_tile_set_caption (self->overdue_tile,
                            stats->overdue > 0 ? _("First responses past their target")
                                               : _("All first responses on time"));
  hl_stat_tile_set_state (self->overdue_tile,
                          stats->overdue >= 5 ? HL_STAT_STATE_ALERT :
                          stats->overdue > 0 ? HL_STAT_STATE_WARNING : HL_STAT_STATE_NORMAL);
}

static void
update_call_tiles (HlWallboardPage        *self,
                   const HlWallboardStats *stats)
{
  g_autofree char *answered = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *within = NULL;

  set_count (self->calls_tile, stats->calls_offered);
  answered = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u answered", "%u answered", stats->calls_answered),
                              stats->calls_answered);
  lost = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u missed or abandoned", "%u missed or abandoned",
                                       stats->calls_lost),
                          stats->calls_lost);
  /* Translators: the caption of the "Calls Today" tile: "15 answered, 3 missed or abandoned" */
  calls = g_strdup_printf (C_("calls today", "%s, %s"), answered, lost);
  hl_stat_tile_set_caption (self->calls_tile, calls);
  hl_stat_tile_set_state (self->calls_tile, HL_STAT_STATE_NORMAL);

  if (stats->service_level >= 0)
    {
      /* Translators: a percentage on the wallboard, "86%" */
      g_autofree char *level = g_strdup_printf (C_("percent", "%d%%"), (int) (stats->service_level + 0.5));

      hl_stat_tile_set_value (self->service_level_tile, level);
      hl_stat_tile_set_state (self->service_level_tile,
                              stats->service_level < 60.0 ? HL_STAT_STATE_ALERT :
                              stats->service_level < 80.0 ? HL_STAT_STATE_WARNING : HL_STAT_STATE_NORMAL);
    }
  else
    {
      hl_stat_tile_set_value (self->service_level_tile, "—");
      hl_stat_tile_set_state (self->service_level_tile, HL_STAT_STATE_NORMAL);
    }
  /* Translators: the service-level rule, "Answered within 20 s" */
  within = g_strdup_printf (_("Answered within %u s"), stats->service_level_seconds);
  hl_stat_tile_set_caption (self->service_level_tile, within);

  if (stats->average_talk_time >= 0)
    {
      g_autofree char *talk = hl_format_duration (stats->average_talk_time);

      hl_stat_tile_set_value (self->talk_time_tile, talk);
    }
  else
    hl_stat_tile_set_value (self->talk_time_tile, "—");

  if (stats->average_mos > 0)
    {
      /* Translators: the average call quality as a mean opinion score (1 to 5) */
      g_autofree char *score = hl_format_decimal (stats->average_mos, 1);
      g_autofree char *mos = g_strdup_printf (_("Call quality %s MOS"), score);

      hl_stat_tile_set_caption (self->talk_time_tile, mos);
    }
  else
    hl_stat_tile_set_caption (self->talk_time_tile, _("No call quality figures"));
}

/* Keeps the objects of agents that stay, so that their rows update in place; the list is rebuilt
 * only when the order changes (someone's availability did). */
static void
update_agents (HlWallboardPage *self,
               GPtrArray       *fresh)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->agents));
  g_autoptr(GHashTable) old = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gboolean same = n == fresh->len;

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(HlRecord) item = g_list_model_get_item (G_LIST_MODEL (self->agents), i);

      same = hl_record_get_id (item) == hl_record_get_id (g_ptr_array_index (fresh, i));
    }

  if (same)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(HlRecord) item = g_list_model_get_item (G_LIST_MODEL (self->agents), i);

          hl_record_update_from (item, g_ptr_array_index (fresh, i));
        }
      return;
    }

  old = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      HlRecord *item = g_list_model_get_item (G_LIST_MODEL (self->agents), i);

      g_hash_table_insert (old, g_memdup2 (&(gint64) { hl_record_get_id (item) }, sizeof (gint64)), item);
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < fresh->len; i++)
    {
      HlRecord *record = g_ptr_array_index (fresh, i);
      HlRecord *item = g_hash_table_lookup (old, &(gint64) { hl_record_get_id (record) });

      if (item != NULL)
        {
          hl_record_update_from (item, record);
          g_ptr_array_add (items, g_object_ref (item));
        }
      else
        g_ptr_array_add (items, g_object_ref (record));
    }

  g_list_store_splice (self->agents, 0, n, items->pdata, items->len);
}

static void
update_header (HlWallboardPage        *self,
               const HlWallboardStats *stats)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (stats->computed_at);
  g_autofree char *clock = hl_format_clock_time (stats->computed_at);
  g_autofree char *updated = NULL;
  g_autofree char *summary = NULL;

  if (now != NULL)
    {
      /* Translators: the wallboard's date, see strftime(3): "Thursday 12 March" */
      g_autofree char *date = hl_format_date (now, C_("wallboard date", "%A %e %B"));
      g_autoptr(GString) text = g_string_new (date);

      /* "%e" pads the 1st to the 9th with a figure space, a wide gap in a title: drop it. */
      g_string_replace (text, "\u2007", "", 0);
      gtk_label_set_text (self->date_label, text->str);
    }

  /* Translators: when the wallboard's figures were read, "Updated 14:05" */
  updated = g_strdup_printf (_("Updated %s"), clock);
  gtk_label_set_text (self->updated_label, updated);

  /* Translators: the agents' availability on the wallboard */
  summary = g_strdup_printf (_("%u available · %u busy · %u offline"),
                             stats->agents_online, stats->agents_busy, stats->agents_offline);
  gtk_label_set_text (self->agents_summary_label, summary);
}

static void
update_tiles (HlWallboardPage *self)
{
  if (self->stats == NULL)
    return;

  update_conversation_tiles (self, self->stats);
  update_call_tiles (self, self->stats);
}

static void
apply_stats (HlWallboardPage  *self,
             HlWallboardStats *stats)
{
  g_clear_pointer (&self->stats, hl_wallboard_stats_free);
  self->stats = stats;

  update_header (self, stats);
  update_tiles (self);
  update_agents (self, stats->agents);

  g_debug ("Wallboard updated: %u waiting, %u open, %u calls offered", stats->waiting, stats->open,
           stats->calls_offered);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UPDATED_AT]);
}

/* Refreshing */

static void refresh_now (HlWallboardPage *self);

static void
stats_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HlWallboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  HlWallboardStats *stats;

  stats = hl_store_run_finish (HL_STORE (object), result, &error);

  /* Cancelled: the page went away or changed workspace, and a newer refresh may be in flight. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (stats == NULL)
    g_warning ("Could not read the wallboard figures: %s", error->message);
  else
    apply_stats (self, stats);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      refresh_now (self);
    }
}

static void
refresh_now (HlWallboardPage *self)
{
  HlWallboardStatsRequest *req;

  if (self->workspace == NULL)
    return;

  if (self->cancellable != NULL)
    {
      self->refresh_again = TRUE;
      return;
    }

  req = g_new0 (HlWallboardStatsRequest, 1);
  req->now = g_get_real_time () / G_USEC_PER_SEC;
  req->service_level_seconds = g_settings_get_uint (self->settings, "service-level-seconds");

  self->cancellable = g_cancellable_new ();
  hl_store_run_async (hl_workspace_get_store (self->workspace),
                      hl_wallboard_stats_func, req, g_free,
                      (GDestroyNotify) hl_wallboard_stats_free,
                      self->cancellable, stats_done, g_object_ref (self));
}

static gboolean
refresh_timeout (gpointer user_data)
{
  HlWallboardPage *self = user_data;

  self->refresh_source = 0;
  refresh_now (self);

  return G_SOURCE_REMOVE;
}

/* Several changes in a short while become one refresh. */
static void
queue_refresh (HlWallboardPage *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (COALESCE_MS, refresh_timeout, self);
}

static gboolean
tick (gpointer user_data)
{
  queue_refresh (HL_WALLBOARD_PAGE (user_data));

  return G_SOURCE_CONTINUE;
}

static void
on_store_changed (HlWallboardPage *self,
                  guint            tables,
                  HlStore         *store)
{
  if ((tables & WATCHED_TABLES) != 0)
    queue_refresh (self);
}

static void
on_settings_changed (HlWallboardPage *self,
                     const char      *key,
                     GSettings       *settings)
{
  if (g_strcmp0 (key, "service-level-seconds") == 0)
    queue_refresh (self);
  else if (g_strcmp0 (key, "wallboard-wait-warning") == 0 || g_strcmp0 (key, "wallboard-wait-alert") == 0)
    update_tiles (self);
}

static void
clear_figures (HlWallboardPage *self)
{
  HlStatTile *tiles[] = {
    self->waiting_tile, self->longest_wait_tile, self->open_tile, self->unassigned_tile,
    self->overdue_tile, self->calls_tile, self->service_level_tile, self->talk_time_tile,
  };

  g_clear_pointer (&self->stats, hl_wallboard_stats_free);
  g_list_store_remove_all (self->agents);

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      hl_stat_tile_set_value (tiles[i], "—");
      hl_stat_tile_set_caption (tiles[i], NULL);
      hl_stat_tile_set_state (tiles[i], HL_STAT_STATE_NORMAL);
    }

  gtk_label_set_text (self->updated_label, "");
  gtk_label_set_text (self->agents_summary_label, "");
}

/* HlWorkspaceView */

static void
set_workspace (HlWorkspaceView *view,
               HlWorkspace     *workspace)
{
  HlWallboardPage *self = HL_WALLBOARD_PAGE (view);

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (hl_workspace_get_store (self->workspace), on_store_changed, self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_again = FALSE;

  g_set_object (&self->workspace, workspace);
  clear_figures (self);

  if (workspace == NULL)
    return;

  g_signal_connect_object (hl_workspace_get_store (workspace), "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  refresh_now (self);
}

static void
workspace_view_iface_init (HlWorkspaceViewInterface *iface)
{
  iface->set_workspace = set_workspace;
  iface->focus_search = NULL;
}

/* Rows */

static GtkWidget *
create_agent_row (gpointer item,
                  gpointer user_data)
{
  return g_object_new (GTK_TYPE_LIST_BOX_ROW,
                       "activatable", FALSE,
                       "selectable", FALSE,
                       "child", hl_agent_row_new (item),
                       NULL);
}

/* GtkWidget */

static void
hl_wallboard_page_map (GtkWidget *widget)
{
  HlWallboardPage *self = HL_WALLBOARD_PAGE (widget);

  GTK_WIDGET_CLASS (hl_wallboard_page_parent_class)->map (widget);

  /* Waiting times and "today" move on by themselves: read them again now and then while shown. */
  queue_refresh (self);
  if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (TICK_SECONDS, tick, self);
}

static void
hl_wallboard_page_unmap (GtkWidget *widget)
{
  HlWallboardPage *self = HL_WALLBOARD_PAGE (widget);

  g_clear_handle_id (&self->tick_source, g_source_remove);

  GTK_WIDGET_CLASS (hl_wallboard_page_parent_class)->unmap (widget);
}

/* GObject */

static void
hl_wallboard_page_dispose (GObject *object)
{
  HlWallboardPage *self = (HlWallboardPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_WALLBOARD_PAGE);

  g_clear_object (&self->agents);

  G_OBJECT_CLASS (hl_wallboard_page_parent_class)->dispose (object);
}

static void
hl_wallboard_page_finalize (GObject *object)
{
  HlWallboardPage *self = (HlWallboardPage *)object;

  g_clear_pointer (&self->stats, hl_wallboard_stats_free);

  G_OBJECT_CLASS (hl_wallboard_page_parent_class)->finalize (object);
}

static void
hl_wallboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HlWallboardPage *self = HL_WALLBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, hl_wallboard_page_get_updated_at (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_wallboard_page_class_init (HlWallboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_wallboard_page_dispose;
  object_class->finalize = hl_wallboard_page_finalize;
  object_class->get_property = hl_wallboard_page_get_property;

  widget_class->map = hl_wallboard_page_map;
  widget_class->unmap = hl_wallboard_page_unmap;

  /**
   * HlWallboardPage:updated-at:
   *
   * When the figures shown were read (Unix time), 0 before the first read. Notified after every
   * refresh, even when it is the same second.
   */
  properties [PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HL_TYPE_STAT_TILE);
  g_type_ensure (HL_TYPE_AGENT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-wallboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, tiles);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, waiting_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, longest_wait_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, open_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, unassigned_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, overdue_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, calls_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, service_level_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, talk_time_tile);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, agents_summary_label);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, agent_list);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, tv_mode_button);
  gtk_widget_class_bind_template_child (widget_class, HlWallboardPage, tv_mode_content);
}

/* The button follows win.tv-mode's state; in TV mode it is the way back. */
static void
on_tv_mode_toggled (HlWallboardPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->tv_mode_button);

  adw_button_content_set_label (self->tv_mode_content, active ? _("Leave TV Mode") : _("TV Mode"));
  adw_button_content_set_icon_name (self->tv_mode_content,
                                    active ? "view-restore-symbolic" : "view-fullscreen-symbolic");
}

static void
hl_wallboard_page_init (HlWallboardPage *self)
{
  GtkWidget *child;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->tv_mode_button, "notify::active", G_CALLBACK (on_tv_mode_toggled), self,
                           G_CONNECT_SWAPPED);

  /* The tiles show figures; they are not things to pick. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  self->agents = g_list_store_new (HL_TYPE_AGENT);
  gtk_list_box_bind_model (self->agent_list, G_LIST_MODEL (self->agents), create_agent_row, NULL, NULL);

  self->settings = g_settings_new ("io.helpline.Helpline");
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  /* GSettings reports changes only of keys read since the handler was connected. */
  g_settings_get_uint (self->settings, "wallboard-wait-warning");
  g_settings_get_uint (self->settings, "wallboard-wait-alert");
  g_settings_get_uint (self->settings, "service-level-seconds");

  clear_figures (self);
}

/* Reads the figures again soon (several calls in a row make one read). */
void
hl_wallboard_page_refresh (HlWallboardPage *self)
{
  g_return_if_fail (HL_IS_WALLBOARD_PAGE (self));

  queue_refresh (self);
}

/**
 * hl_wallboard_page_get_stats:
 *
 * Returns: (nullable) (transfer none): the figures shown, %NULL before the first read
 */
const HlWallboardStats *
hl_wallboard_page_get_stats (HlWallboardPage *self)
{
  g_return_val_if_fail (HL_IS_WALLBOARD_PAGE (self), NULL);

  return self->stats;
}

gint64
hl_wallboard_page_get_updated_at (HlWallboardPage *self)
{
  g_return_val_if_fail (HL_IS_WALLBOARD_PAGE (self), 0);

  return self->stats ? self->stats->computed_at : 0;
}

/* The agents in wallboard order, a model of HlAgent. */
GListModel *
hl_wallboard_page_get_agents (HlWallboardPage *self)
{
  g_return_val_if_fail (HL_IS_WALLBOARD_PAGE (self), NULL);

  return G_LIST_MODEL (self->agents);
}

/* hl-chatwoot-sync.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootSync"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-backend-error.h"
#include "hl-backoff.h"
#include "hl-chatwoot-batch.h"
#include "hl-chatwoot-sync.h"
#include "hl-store-sync.h"

/* A sync run is a queue of steps, one REST request each. A step's answer is mapped into a batch
 * (nothing written yet), the batch goes to the store worker in one transaction, and only then is
 * the step done; steps may queue further steps (the next page, the messages of the conversations
 * of a page, the articles of each portal locale). The first steps (profile, inboxes, agents) run
 * alone because later ones need their results; the others run up to MAX_PARALLEL at a time.
 * Progress is done / (done + queued + running), never going back within a run. */

#define BACKEND                "chatwoot"
#define MAX_PARALLEL           4
#define CONVERSATIONS_PER_PAGE 25
#define MESSAGES_AFTER_LIMIT   100
#define ARTICLES_PER_PAGE      25
#define HELP_CENTER_INTERVAL_S (10 * 60)   /* a delta run refreshes the help center this often */
#define DELTA_SLACK_S          120   /* covers clock skew and requests in flight at the last sync */
#define DEFAULT_INTERVAL_S     60
#define DEFAULT_MIN_BACKOFF_MS 1000
#define DEFAULT_MAX_BACKOFF_MS 30000
#define DEFAULT_ATTEMPTS       5
#define MAX_RATE_LIMIT_WAITS   10

typedef enum
{
  STEP_PROFILE,
  STEP_INBOXES,
  STEP_AGENTS,
  STEP_TEAMS,
  STEP_LABELS,
  STEP_CANNED_RESPONSES,
  STEP_ATTRIBUTES,
  STEP_CONVERSATIONS,
  STEP_MESSAGES,
  STEP_PORTALS,
  STEP_ARTICLES,
  STEP_CONVERSATION,
  STEP_CONTACT,
} StepKind;

typedef struct _Run Run;

typedef struct
{
  Run      *run;
  StepKind  kind;
  char     *status;        /* conversations: the status filter */
  guint     page;
  gint64    within;        /* conversations: updated_within (delta), 0: paged */
  gint64    conversation;  /* messages, conversation: its display id; contact: its id */
  gint64    after;         /* messages: the newest id known, 0: the latest page */
  char     *portal;        /* articles */
  char     *locale;
  guint     attempt;
  guint     rate_waits;
} Step;

struct _Run
{
  HlChatwootSync *self;
  GCancellable   *cancellable;
  gboolean        initial;
  gboolean        references;  /* a delta run that refreshes the reference lists too */
  GQueue          queue;
  guint           running;
  gboolean        running_alone;
  guint           done;
  gint64          started_at;
  guint           lists_uncounted;       /* initial run: status lists whose first page is still to come */
  gint64          conversations_total;   /* initial run: the sum of each status' all_count */
  gint64          conversations_loaded;
  gint64          messages_total;        /* initial run: conversations whose messages are queued */
  gint64          messages_loaded;
  GPtrArray      *article_ids;           /* a run that refreshes the help center: the articles seen */
  GPtrArray      *refetch_marks;         /* the refetches this run makes, forgotten when it succeeds */
  GError         *error;
};

struct _HlChatwootSync
{
  GObject              parent_instance;

  HlStore             *store;
  HlChatwootClient    *client;
  HlActionCable       *cable;
  HlChatwootContext   *ctx;
  gint64               my_user_id;
  gint64               phone_inbox_id;

  HlChatwootSyncState  state;
  char                *phase;
  double               fraction;
  char                *last_error;
  gint64               last_synced_at;
  gboolean             loaded;       /* last_synced_at read from the store */

  gboolean             started;
  Run                 *run;
  gboolean             again;        /* sync_now () while a run was going */
  gboolean             again_references;
  GCancellable        *cancellable;  /* start () → stop () */
  guint                interval_s;
  guint                help_center_interval_s;
  gint64               help_center_at;   /* monotonic µs of the last complete help-center refresh, 0: none */
  guint                timer_source;
  gint64               not_before;   /* monotonic µs: a 429 asked to wait until then */
  guint                min_backoff_ms;
  guint                max_backoff_ms;
  guint                attempts;
  GArray              *refetch_conversations;  /* display ids (gint64) the next run fetches one by one */
  GArray              *refetch_contacts;       /* contact ids (gint64) */
  GPtrArray           *refetch_marks;          /* their marks in the store (hl_store_sync_refetch_mark ()) */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_PHASE,
  PROP_FRACTION,
  PROP_LAST_ERROR,
  PROP_LAST_SYNCED_AT,
  N_PROPS
};

enum {
  TYPING,
  SYNCED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (HlChatwootSync, hl_chatwoot_sync, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HlChatwootSyncState, hl_chatwoot_sync_state,
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_SYNC_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_SYNC_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (HL_CHATWOOT_SYNC_ERROR, "error"))

static void pump (Run *run);
static void start_run (HlChatwootSync *self, gboolean initial, gboolean references);

/* Properties ------------------------------------------------------------------------------------- */

static void
set_state (HlChatwootSync      *self,
           HlChatwootSyncState  state)
{
  if (self->state == state)
    return;

  g_debug ("Sync state %d → %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
set_phase (HlChatwootSync *self,
           const char     *phase)
{
  if (g_strcmp0 (self->phase, phase) == 0)
    return;

  g_free (self->phase);
  self->phase = g_strdup (phase);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PHASE]);
}

static void
set_fraction (HlChatwootSync *self,
              double          fraction)
{
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FRACTION]);
}

static void
set_last_error (HlChatwootSync *self,
                const char     *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_ERROR]);
}

static const char *
phase_of (StepKind kind)
{
  switch (kind)
    {
    case STEP_PROFILE: return _("Signing in");
    case STEP_INBOXES: return _("Loading inboxes");
    case STEP_AGENTS: return _("Loading agents");
    case STEP_TEAMS:
    case STEP_LABELS:
    case STEP_CANNED_RESPONSES:
    case STEP_ATTRIBUTES: return _("Loading teams, labels and canned responses");
    case STEP_CONVERSATIONS: return _("Loading conversations");
    case STEP_MESSAGES: return _("Loading messages");
    case STEP_PORTALS:
    case STEP_ARTICLES: return _("Loading help center articles");
    case STEP_CONVERSATION: return _("Loading conversations");
    case STEP_CONTACT: return _("Loading contacts");
    default: g_assert_not_reached ();
    }
}

/* The phase of a step; in the initial run, conversations and their messages are counted as they
 * land: "Loading conversations: 1,200 of 8,000" */
static void
set_step_phase (Run      *run,
                StepKind  kind)
{
  g_autofree char *phase = NULL;

  if (kind == STEP_CONVERSATIONS && run->lists_uncounted == 0 && run->conversations_total > 0)
    /* Translators: the first sync's progress; the numbers are conversations */
    phase = g_strdup_printf (_("Loading conversations: %'lld of %'lld"),
                             (long long) MIN (run->conversations_loaded, run->conversations_total),
                             (long long) run->conversations_total);
  else if (kind == STEP_MESSAGES && run->messages_total > 0)
    {
      /* Every conversation of the first sync gets its latest messages: while pages of
       * conversations still come, the total is theirs. */
      gint64 total = run->lists_uncounted == 0 ? MAX (run->messages_total, run->conversations_total) : run->messages_total;

      /* Translators: the first sync's progress; the numbers are conversations whose messages are loaded */
      phase = g_strdup_printf (_("Loading messages: %'lld of %'lld conversations"),
                               (long long) MIN (run->messages_loaded, total), (long long) total);
    }

  set_phase (run->self, phase ? phase : phase_of (kind));
}

/* Steps ------------------------------------------------------------------------------------------ */

static void
step_free (Step *step)
{
  g_free (step->status);
  g_free (step->portal);
  g_free (step->locale);
  g_free (step);
}

static Step *
step_new (Run      *run,
          StepKind  kind)
{
  Step *step = g_new0 (Step, 1);

  step->run = run;
  step->kind = kind;
  step->page = 1;

  return step;
}

static void
queue_step (Run      *run,
            Step     *step,
            gboolean  first)
{
  if (first)
    g_queue_push_head (&run->queue, step);
  else
    g_queue_push_tail (&run->queue, step);
}

static void
queue_kind (Run      *run,
            StepKind  kind)
{
  queue_step (run, step_new (run, kind), FALSE);
}

static void
queue_conversations (Run        *run,
                     const char *status,
                     guint       page,
                     gint64      within,
                     gboolean    first)
{
  Step *step = step_new (run, STEP_CONVERSATIONS);

  step->status = g_strdup (status);
  step->page = page;
  step->within = within;
  queue_step (run, step, first);
}

static void
queue_messages (Run      *run,
                gint64    conversation,
                gint64    after,
                gboolean  first)
{
  Step *step = step_new (run, STEP_MESSAGES);

  step->conversation = conversation;
  step->after = after;
  queue_step (run, step, first);
}

static void
queue_articles (Run        *run,
                const char *portal,
                const char *locale,
                guint       page)
{
  Step *step = step_new (run, STEP_ARTICLES);

  step->portal = g_strdup (portal);
  step->locale = g_strdup (locale);
  step->page = page;
  queue_step (run, step, page > 1);
}

/* A row to fetch again at the next run, by its mark (hl_store_sync_refetch_mark ()). */
static void
add_refetch (HlChatwootSync *self,
             const char     *mark)
{
  const char *id_text = strrchr (mark, ':');
  gint64 id = id_text ? g_ascii_strtoll (id_text + 1, NULL, 10) : 0;

  if (id <= 0)
    return;
  if (g_str_has_prefix (mark, "refetch:conversation:"))
    g_array_append_val (self->refetch_conversations, id);
  else if (g_str_has_prefix (mark, "refetch:contact:"))
    g_array_append_val (self->refetch_contacts, id);
  else
    return;
  g_ptr_array_add (self->refetch_marks, g_strdup (mark));
}

/* The rows the agent asked to see the server's copy of again (hl_chatwoot_sync_refetch ()). */
static void
queue_refetches (Run *run)
{
  HlChatwootSync *self = run->self;
  GArray *lists[] = { self->refetch_conversations, self->refetch_contacts };
  StepKind kinds[] = { STEP_CONVERSATION, STEP_CONTACT };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      for (guint i = 0; i < lists[l]->len; i++)
        {
          Step *step = step_new (run, kinds[l]);

          step->conversation = g_array_index (lists[l], gint64, i);
          queue_step (run, step, FALSE);
        }
      g_array_set_size (lists[l], 0);
    }
  run->refetch_marks = g_steal_pointer (&self->refetch_marks);
  self->refetch_marks = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
runs_alone (StepKind kind)
{
  return kind == STEP_PROFILE || kind == STEP_INBOXES || kind == STEP_AGENTS;
}

static void
update_progress (Run *run)
{
  guint total = run->done + run->running + run->queue.length;
  double fraction = total ? (double) run->done / total : 1.0;

  if (fraction > run->self->fraction)
    set_fraction (run->self, fraction);
}

/* Runs ------------------------------------------------------------------------------------------- */

static char *
describe_error (const GError *error)
{
  /* HL_BACKEND_ERROR messages are sentences for the UI already; store errors are not. */
  if (error->domain == HL_BACKEND_ERROR)
    return g_strdup_printf (_("Could not sync with Chatwoot: %s"), error->message);

  return g_strdup_printf (_("Could not save what Chatwoot sent: %s"), error->message);
}

static void
run_free (Run *run)
{
  g_queue_clear_full (&run->queue, (GDestroyNotify) step_free);
  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
  g_clear_pointer (&run->article_ids, g_ptr_array_unref);
  g_clear_pointer (&run->refetch_marks, g_ptr_array_unref);
  g_clear_object (&run->self);
  g_free (run);
}

/* The run is over: report, then start the sync that was asked for meanwhile. */
static void
run_complete (Run *run)
{
  HlChatwootSync *self = run->self;

  if (self->run == run)
    self->run = NULL;

  set_phase (self, "");

  /* Not fetched after all: the next run tries them again. */
  if (run->error != NULL && run->refetch_marks != NULL)
    for (guint i = 0; i < run->refetch_marks->len; i++)
      add_refetch (self, g_ptr_array_index (run->refetch_marks, i));

  if (run->error != NULL && g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, HL_CHATWOOT_SYNC_IDLE);
  else if (run->error != NULL)
    {
      g_autofree char *message = describe_error (run->error);

      g_debug ("Sync failed: %s", run->error->message);
      set_last_error (self, message);
      set_state (self, HL_CHATWOOT_SYNC_ERROR);
    }
  else
    {
      self->last_synced_at = run->started_at;
      if (run->article_ids != NULL)
        self->help_center_at = g_get_monotonic_time ();
      set_fraction (self, 1.0);
      set_last_error (self, NULL);
      set_state (self, HL_CHATWOOT_SYNC_IDLE);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_SYNCED_AT]);
      g_signal_emit (self, signals [SYNCED], 0, run->initial);
    }

  if (self->again && self->started && self->run == NULL)
    {
      gboolean references = self->again_references;

      self->again = self->again_references = FALSE;
      start_run (self, self->last_synced_at == 0, references);
    }

  run_free (run);
}

static void
on_finish_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_store_run_finish (HL_STORE (object), result, &error))
    run->error = g_steal_pointer (&error);

  run_complete (run);
}

/* All steps are done, or an error came and the running ones are back: on success, the time of
 * this sync is saved (in the store, so that the next start knows it) before the run completes. */
static void
run_finish (Run *run)
{
  HlChatwootSync *self = run->self;
  g_autoptr(HlChatwootBatch) batch = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *user = NULL;

  if (run->error != NULL)
    {
      run_complete (run);
      return;
    }

  batch = hl_chatwoot_batch_new ();
  stamp = g_strdup_printf ("%" G_GINT64_FORMAT, run->started_at);
  user = g_strdup_printf ("%" G_GINT64_FORMAT, self->my_user_id);
  hl_chatwoot_batch_set_sync_value (batch, "last-synced-at", stamp);
  hl_chatwoot_batch_set_sync_value (batch, "user-id", user);
  /* Every published article was seen: the others were unpublished or deleted meanwhile. */
  if (run->article_ids != NULL)
    batch->kept_articles = g_ptr_array_ref (run->article_ids);
  if (run->refetch_marks != NULL && run->refetch_marks->len > 0)
    batch->refetched = g_ptr_array_ref (run->refetch_marks);
  hl_store_run_async (self->store, hl_chatwoot_batch_apply, hl_chatwoot_batch_ref (batch),
                      (GDestroyNotify) hl_chatwoot_batch_unref, NULL, NULL, on_finish_saved, run);
}

static void
run_fail (Run    *run,
          GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);

  g_queue_clear_full (&run->queue, (GDestroyNotify) step_free);
}

static void
step_done (Step   *step,
           GError *error)
{
  Run *run = step->run;

  run->running--;
  run->running_alone = FALSE;
  run->done++;

  if (error != NULL)
    run_fail (run, error);

  step_free (step);
  update_progress (run);
  pump (run);
}

static void start_step (Step *step);

static gboolean
on_retry (gpointer user_data)
{
  Step *step = user_data;

  if (g_cancellable_is_cancelled (step->run->cancellable))
    step_done (step, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
  else
    start_step (step);

  return G_SOURCE_REMOVE;
}

/* How long to wait before trying a failed request again (a 429 holds back every request until
 * then), or 0 when it is not tried again. @attempt and @rate_waits count the request's tries. */
static guint
retry_delay (HlChatwootSync *self,
             const GError   *error,
             guint          *attempt,
             guint          *rate_waits)
{
  guint delay_ms;

  if (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_RATE_LIMITED))
    {
      if ((*rate_waits)++ >= MAX_RATE_LIMIT_WAITS)
        return 0;
      delay_ms = MAX (hl_backend_error_get_retry_after (error), 1) * 1000;
      self->not_before = g_get_monotonic_time () + (gint64) delay_ms * 1000;
      return delay_ms;
    }

  if (hl_backend_error_is_transient (error) && ++(*attempt) < self->attempts)
    return hl_backoff_delay (*attempt - 1, self->min_backoff_ms, self->max_backoff_ms, g_random_double ());

  return 0;
}

/* TRUE if the step will be tried again. */
static gboolean
maybe_retry (Step         *step,
             const GError *error)
{
  guint delay_ms = retry_delay (step->run->self, error, &step->attempt, &step->rate_waits);

  if (delay_ms == 0)
    return FALSE;

  g_debug ("Retrying a request in %u ms: %s", delay_ms, error->message);
  g_timeout_add (delay_ms, on_retry, step);
  return TRUE;
}

/* Answers → batches ------------------------------------------------------------------------------ */

static gboolean
add_conversation_page (Step             *step,
                       JsonNode         *root,
                       HlChatwootBatch  *batch,
                       GError          **error)
{
  HlChatwootSync *self = step->run->self;
  g_autoptr(HlChatwootPage) page = hl_chatwoot_json_conversation_page (root, self->ctx, error);

  if (page == NULL)
    return FALSE;

  batch->want_cursors = step->within > 0;
  if (step->run->initial)
    {
      if (step->page == 1 && step->run->lists_uncounted > 0)
        step->run->lists_uncounted--;
      if (step->page == 1 && page->all_count > 0)
        step->run->conversations_total += page->all_count;
      step->run->conversations_loaded += page->items->len;
      set_step_phase (step->run, STEP_CONVERSATIONS);
    }
  for (guint i = 0; i < page->items->len; i++)
    g_ptr_array_add (batch->conversations, g_steal_pointer (&page->items->pdata[i]));
  g_ptr_array_set_size (page->items, 0);

  if (step->within == 0 && batch->conversations->len >= CONVERSATIONS_PER_PAGE)
    queue_conversations (step->run, step->status, step->page + 1, 0, TRUE);

  return TRUE;
}

static gboolean
add_message_page (Step             *step,
                  JsonNode         *root,
                  HlChatwootBatch  *batch,
                  GError          **error)
{
  g_autoptr(HlChatwootPage) page = hl_chatwoot_json_message_page (root, error);
  gint64 newest = step->after;

  if (page == NULL)
    return FALSE;

  if (step->run->initial)
    {
      step->run->messages_loaded++;
      set_step_phase (step->run, STEP_MESSAGES);
    }

  for (guint i = 0; i < page->items->len; i++)
    {
      HlChatwootMessage *message = g_ptr_array_index (page->items, i);

      /* The conversation is the one asked for, whatever the message says. */
      message->conversation_remote_id = step->conversation;
      newest = MAX (newest, message->id);
      g_ptr_array_add (batch->messages, g_steal_pointer (&page->items->pdata[i]));
    }
  g_ptr_array_set_size (page->items, 0);

  if (step->after > 0 && batch->messages->len >= MESSAGES_AFTER_LIMIT)
    queue_messages (step->run, step->conversation, newest, TRUE);

  return TRUE;
}

static gboolean
add_portals (Step      *step,
             JsonNode  *root,
             GError   **error)
{
  JsonNode *payload = NULL;
  JsonArray *portals;

  if (JSON_NODE_HOLDS_OBJECT (root))
    payload = json_object_get_member (json_node_get_object (root), "payload");
  if (payload == NULL || !JSON_NODE_HOLDS_ARRAY (payload))
    goto malformed;

  portals = json_node_get_array (payload);
  for (guint i = 0; i < json_array_get_length (portals); i++)
    {
      JsonNode *node = json_array_get_element (portals, i);
      JsonObject *portal, *config;
      JsonArray *locales;
      const char *slug;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto malformed;
      portal = json_node_get_object (node);
      slug = json_object_get_string_member_with_default (portal, "slug", NULL);
      config = json_object_has_member (portal, "config") &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (portal, "config"))
               ? json_object_get_object_member (portal, "config") : NULL;
      if (slug == NULL || config == NULL)
        goto malformed;

      locales = json_object_has_member (config, "allowed_locales") &&
                JSON_NODE_HOLDS_ARRAY (json_object_get_member (config, "allowed_locales"))
                ? json_object_get_array_member (config, "allowed_locales") : NULL;
      for (guint j = 0; locales != NULL && j < json_array_get_length (locales); j++)
        {
          JsonNode *locale = json_array_get_element (locales, j);
          const char *code = NULL;

          if (JSON_NODE_HOLDS_OBJECT (locale))
            code = json_object_get_string_member_with_default (json_node_get_object (locale), "code", NULL);
          if (code == NULL)
            goto malformed;
          queue_articles (step->run, slug, code, 1);
        }
    }

  return TRUE;

malformed:
  g_set_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED,
               _("The server sent a list of help centers Helpline cannot read"));
  return FALSE;
}

static gboolean
add_answer (Step             *step,
            JsonNode         *root,
            HlChatwootBatch  *batch,
            GError          **error)
{
  HlChatwootSync *self = step->run->self;
  g_autoptr(HlChatwootPage) page = NULL;

  switch (step->kind)
    {
    case STEP_PROFILE:
      g_assert_not_reached ();

    case STEP_INBOXES:
      {
        g_autoptr(HlChatwootContext) ctx = hl_chatwoot_context_new (self->phone_inbox_id, self->my_user_id);

        if (!hl_chatwoot_context_add_inboxes (ctx, root, error) ||
            !hl_chatwoot_batch_add_references (batch, HL_REFERENCE_INBOX, root, error))
          return FALSE;
        g_clear_pointer (&self->ctx, hl_chatwoot_context_free);
        self->ctx = g_steal_pointer (&ctx);
        return TRUE;
      }

    case STEP_AGENTS:
      if (!(page = hl_chatwoot_json_agent_list (root, self->my_user_id, error)))
        return FALSE;
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (batch->agents, g_steal_pointer (&page->items->pdata[i]));
      g_ptr_array_set_size (page->items, 0);
      return TRUE;

    case STEP_TEAMS:
      return hl_chatwoot_batch_add_references (batch, HL_REFERENCE_TEAM, root, error);
    case STEP_LABELS:
      return hl_chatwoot_batch_add_references (batch, HL_REFERENCE_LABEL, root, error);
    case STEP_CANNED_RESPONSES:
      return hl_chatwoot_batch_add_references (batch, HL_REFERENCE_CANNED_RESPONSE, root, error);
    case STEP_ATTRIBUTES:
      return hl_chatwoot_batch_add_references (batch, HL_REFERENCE_CONTACT_ATTRIBUTE, root, error);

    case STEP_CONVERSATIONS:
      return add_conversation_page (step, root, batch, error);
    case STEP_MESSAGES:
      return add_message_page (step, root, batch, error);
    case STEP_PORTALS:
      return add_portals (step, root, error);

    case STEP_CONVERSATION:
      {
        HlChatwootConversation *conv = hl_chatwoot_json_conversation (root, self->ctx, error);

        if (conv == NULL)
          return FALSE;
        g_ptr_array_add (batch->conversations, conv);
        return TRUE;
      }

    case STEP_CONTACT:
      {
        /* {"payload": contact} (API.md §6) */
        JsonNode *payload = JSON_NODE_HOLDS_OBJECT (root) ?
                            json_object_get_member (json_node_get_object (root), "payload") : NULL;
        HlChatwootContact *contact = hl_chatwoot_json_contact (payload ? payload : root, error);

        if (contact == NULL)
          return FALSE;
        g_ptr_array_add (batch->contacts, contact);
        return TRUE;
      }

    case STEP_ARTICLES:
      if (!(page = hl_chatwoot_json_article_page (root, step->locale, error)))
        return FALSE;
      if (page->items->len >= ARTICLES_PER_PAGE)
        queue_articles (step->run, step->portal, step->locale, step->page + 1);
      for (guint i = 0; i < page->items->len; i++)
        {
          HlChatwootArticle *article = page->items->pdata[i];

          g_ptr_array_add (step->run->article_ids, g_strdup (article->data.remote_id));
          g_ptr_array_add (batch->articles, g_steal_pointer (&page->items->pdata[i]));
        }
      g_ptr_array_set_size (page->items, 0);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* After a conversation page of a delta sync is in the store: fetch the messages of its
 * conversations, what came after the newest message the store had (the latest page of one it did
 * not have), and nothing when the conversation's last message is that one. */
static void
queue_messages_of (Run             *run,
                   HlChatwootBatch *batch)
{
  for (guint i = 0; i < batch->conversations->len; i++)
    {
      HlChatwootConversation *conv = g_ptr_array_index (batch->conversations, i);
      gint64 *cursor = g_hash_table_lookup (batch->cursors, &conv->id);
      gint64 after = cursor ? *cursor : 0;

      if (after > 0 && conv->last_message != NULL && conv->last_message->id <= after)
        continue;
      queue_messages (run, conv->id, after, FALSE);
      if (run->initial)
        run->messages_total++;
    }
}

typedef struct
{
  Step            *step;
  HlChatwootBatch *batch;
} Applying;

static void
on_step_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Applying *applying = user_data;
  Step *step = applying->step;
  g_autoptr(HlChatwootBatch) batch = applying->batch;
  GError *error = NULL;

  g_free (applying);

  if (!hl_store_run_finish (HL_STORE (object), result, &error))
    {
      step_done (step, error);
      return;
    }

  /* An initial sync keeps the last message each conversation came with; threads come when they
   * are opened (hl_chatwoot_sync_fetch_thread_async ()). */
  if (step->kind == STEP_CONVERSATIONS && !step->run->initial && step->run->error == NULL)
    queue_messages_of (step->run, batch);

  step_done (step, NULL);
}

static void
on_profile (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(HlChatwootProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = hl_chatwoot_client_get_profile_finish (HL_CHATWOOT_CLIENT (object), result, &error);
  if (profile == NULL)
    {
      if (!maybe_retry (step, error))
        step_done (step, g_steal_pointer (&error));
      return;
    }

  step->run->self->my_user_id = profile->id;
  step_done (step, NULL);
}

static void
on_answer (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Step *step = user_data;
  HlChatwootSync *self = step->run->self;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HlChatwootBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  Applying *applying;

  root = hl_chatwoot_client_call_finish (HL_CHATWOOT_CLIENT (object), result, &error);
  /* A row fetched again that the server no longer has: nothing to refresh (the next delta sync or
   * event tells of deletions) and no reason to fail the whole sync. */
  if (root == NULL && (step->kind == STEP_CONVERSATION || step->kind == STEP_CONTACT) &&
      g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_NOT_FOUND))
    {
      g_debug ("Fetching a row again: %s", error->message);
      step_done (step, NULL);
      return;
    }
  if (root == NULL)
    {
      if (!maybe_retry (step, error))
        step_done (step, g_steal_pointer (&error));
      return;
    }

  batch = hl_chatwoot_batch_new ();
  if (!add_answer (step, root, batch, &error))
    {
      step_done (step, g_steal_pointer (&error));
      return;
    }

  if (hl_chatwoot_batch_is_empty (batch))
    {
      step_done (step, NULL);
      return;
    }

  applying = g_new0 (Applying, 1);
  applying->step = step;
  applying->batch = hl_chatwoot_batch_ref (batch);
  hl_store_run_async (self->store, hl_chatwoot_batch_apply, hl_chatwoot_batch_ref (batch),
                      (GDestroyNotify) hl_chatwoot_batch_unref, NULL, step->run->cancellable,
                      on_step_applied, applying);
}

static void
start_step (Step *step)
{
  HlChatwootSync *self = step->run->self;
  HlChatwootClient *client = self->client;
  GCancellable *cancellable = step->run->cancellable;
  gint64 wait_us = self->not_before - g_get_monotonic_time ();

  /* A 429 holds back every request, not only the one it answered. */
  if (wait_us > 0)
    {
      g_timeout_add ((guint) MIN (wait_us / 1000 + 1, G_MAXUINT), on_retry, step);
      return;
    }

  set_step_phase (step->run, step->kind);

  switch (step->kind)
    {
    case STEP_PROFILE:
      hl_chatwoot_client_get_profile_async (client, cancellable, on_profile, step);
      break;
    case STEP_INBOXES:
      hl_chatwoot_client_list_inboxes_async (client, cancellable, on_answer, step);
      break;
    case STEP_AGENTS:
      hl_chatwoot_client_list_agents_async (client, cancellable, on_answer, step);
      break;
    case STEP_TEAMS:
      hl_chatwoot_client_list_teams_async (client, cancellable, on_answer, step);
      break;
    case STEP_LABELS:
      hl_chatwoot_client_list_labels_async (client, cancellable, on_answer, step);
      break;
    case STEP_CANNED_RESPONSES:
      hl_chatwoot_client_list_canned_responses_async (client, NULL, cancellable, on_answer, step);
      break;
    case STEP_ATTRIBUTES:
      hl_chatwoot_client_list_attribute_definitions_async (client, NULL, cancellable, on_answer, step);
      break;
    case STEP_CONVERSATIONS:
      hl_chatwoot_client_list_conversations_async (client, step->page, step->status, "all", step->within,
                                                   cancellable, on_answer, step);
      break;
    case STEP_MESSAGES:
      hl_chatwoot_client_list_messages_async (client, step->conversation, 0, step->after,
                                              cancellable, on_answer, step);
      break;
    case STEP_PORTALS:
      hl_chatwoot_client_list_portals_async (client, cancellable, on_answer, step);
      break;
    case STEP_ARTICLES:
      hl_chatwoot_client_list_articles_async (client, step->portal, step->locale, "published", step->page,
                                              cancellable, on_answer, step);
      break;
    case STEP_CONVERSATION:
      hl_chatwoot_client_get_conversation_async (client, step->conversation, cancellable, on_answer, step);
      break;
    case STEP_CONTACT:
      hl_chatwoot_client_get_contact_async (client, step->conversation, cancellable, on_answer, step);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
pump (Run *run)
{
  while (run->error == NULL && !run->running_alone && run->queue.length > 0)
    {
      Step *next = g_queue_peek_head (&run->queue);
      gboolean alone = runs_alone (next->kind);

      if ((alone && run->running > 0) || run->running >= MAX_PARALLEL)
        break;

      g_queue_pop_head (&run->queue);
      run->running++;
      run->running_alone = alone;
      start_step (next);
    }

  if (run->running == 0 && (run->error != NULL || run->queue.length == 0))
    run_finish (run);
}

static void
start_run (HlChatwootSync *self,
           gboolean        initial,
           gboolean        references)
{
  Run *run;

  g_assert (self->run == NULL);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           run->cancellable, G_CONNECT_SWAPPED);
  run->initial = initial;
  run->references = references || initial;
  run->started_at = g_get_real_time () / G_USEC_PER_SEC;
  g_queue_init (&run->queue);
  self->run = run;

  g_debug ("Starting %s sync", initial ? "an initial" : "a delta");

  if (self->my_user_id == 0)
    queue_kind (run, STEP_PROFILE);
  if (self->ctx == NULL || run->references)
    queue_kind (run, STEP_INBOXES);
  queue_kind (run, STEP_AGENTS);
  if (run->references)
    {
      queue_kind (run, STEP_TEAMS);
      queue_kind (run, STEP_LABELS);
      queue_kind (run, STEP_CANNED_RESPONSES);
      queue_kind (run, STEP_ATTRIBUTES);
    }

  if (initial)
    {
      queue_conversations (run, "open", 1, 0, FALSE);
      queue_conversations (run, "pending", 1, 0, FALSE);
      queue_conversations (run, "snoozed", 1, 0, FALSE);
      run->lists_uncounted = 3;
    }
  else
    {
      gint64 within = run->started_at - self->last_synced_at + DELTA_SLACK_S;

      queue_conversations (run, "all", 1, MAX (within, 1), FALSE);
    }

  /* The help center has no "updated since" filter: it is fetched whole (the published articles),
   * at the first sync, when the account asks for it and every HELP_CENTER_INTERVAL_S, not every
   * minute (rack-attack counts requests per IP, and a whole office may share one). */
  if (run->references || self->help_center_at == 0 ||
      g_get_monotonic_time () - self->help_center_at >= (gint64) self->help_center_interval_s * G_USEC_PER_SEC)
    {
      run->article_ids = g_ptr_array_new_with_free_func (g_free);
      queue_kind (run, STEP_PORTALS);
    }
  queue_refetches (run);

  set_last_error (self, NULL);
  set_fraction (self, 0.0);
  set_state (self, HL_CHATWOOT_SYNC_SYNCING);
  pump (run);
}

static void
request_sync (HlChatwootSync *self,
              gboolean        references)
{
  if (!self->started || !self->loaded)
    return;

  if (self->run != NULL)
    {
      self->again = TRUE;
      self->again_references |= references;
      return;
    }

  start_run (self, self->last_synced_at == 0, references);
}

/* Timer and start-up ----------------------------------------------------------------------------- */

static gboolean
on_timer (gpointer user_data)
{
  HlChatwootSync *self = user_data;

  if (self->run == NULL && g_get_monotonic_time () >= self->not_before)
    request_sync (self, FALSE);

  return G_SOURCE_CONTINUE;
}

static void
restart_timer (HlChatwootSync *self)
{
  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (self->started && self->interval_s > 0)
    self->timer_source = g_timeout_add_seconds (self->interval_s, on_timer, self);
}

typedef struct
{
  gint64   last_synced_at;
  char   **refetches;
} State;

static void
state_free (gpointer data)
{
  State *state = data;

  g_strfreev (state->refetches);
  g_free (state);
}

/* The time of the last sync, and the rows to fetch again that an earlier session left. */
static gpointer
load_state (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = hl_db_get_sync_value (db, BACKEND, "last-synced-at", &local_error);
  State *state;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  state = g_new0 (State, 1);
  state->last_synced_at = value ? g_ascii_strtoll (value, NULL, 10) : 0;
  if (!(state->refetches = hl_store_sync_list_refetches (db, BACKEND, error)))
    {
      state_free (state);
      return NULL;
    }
  return state;
}

static void
on_state_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HlChatwootSync) self = user_data;
  g_autoptr(GError) error = NULL;
  State *state = hl_store_run_finish (HL_STORE (object), result, &error);

  if (state == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = describe_error (error);

          set_last_error (self, message);
          set_state (self, HL_CHATWOOT_SYNC_ERROR);
        }
      return;
    }

  self->loaded = TRUE;
  if (self->last_synced_at != state->last_synced_at)
    {
      self->last_synced_at = state->last_synced_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_SYNCED_AT]);
    }
  for (guint i = 0; state->refetches[i] != NULL; i++)
    add_refetch (self, state->refetches[i]);
  state_free (state);

  request_sync (self, FALSE);
}

/* Realtime --------------------------------------------------------------------------------------- */

typedef struct
{
  HlChatwootSync *self;
  gint64          conversation;
  gboolean        on;
  char           *who;
} Typing;

static void
typing_free (Typing *typing)
{
  g_clear_object (&typing->self);
  g_free (typing->who);
  g_free (typing);
}

static gpointer
find_conversation (sqlite3        *db,
                   gpointer        data,
                   HlStoreTables  *changed,
                   GError        **error)
{
  Typing *typing = data;
  g_autofree char *remote = g_strdup_printf ("%" G_GINT64_FORMAT, typing->conversation);
  gint64 id = 0;

  if (!hl_store_sync_find (db, HL_STORE_TABLE_CONVERSATIONS, remote, &id, error))
    return NULL;

  return g_memdup2 (&id, sizeof id);
}

static void
on_typing_found (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Typing *typing = user_data;
  g_autofree gint64 *id = hl_store_run_finish (HL_STORE (object), result, NULL);

  if (id != NULL && *id > 0 && typing->self->started)
    g_signal_emit (typing->self, signals [TYPING], 0, *id, typing->on, typing->who);
  else if (id != NULL && *id == 0)
    g_debug ("Typing in conversation %" G_GINT64_FORMAT ", which the store doesn't have", typing->conversation);

  typing_free (typing);
}

static void
handle_typing (HlChatwootSync  *self,
               HlChatwootEvent *event)
{
  JsonObject *data = hl_chatwoot_event_get_data (event);
  Typing *typing = g_new0 (Typing, 1);
  JsonObject *user = NULL;

  if (json_object_has_member (data, "user") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (data, "user")))
    user = json_object_get_object_member (data, "user");

  typing->self = g_object_ref (self);
  typing->conversation = hl_chatwoot_event_get_conversation_id (event);
  typing->on = hl_chatwoot_event_get_kind (event) == HL_CHATWOOT_EVENT_CONVERSATION_TYPING_ON;
  typing->who = g_strdup (user ? json_object_get_string_member_with_default (user, "name", "") : "");

  /* Not part of the typing: a store job, so it comes after the events before it. */
  hl_store_run_async (self->store, find_conversation, typing, NULL, g_free, self->cancellable,
                      on_typing_found, typing);
}

typedef struct
{
  HlChatwootSync  *self;
  HlChatwootBatch *batch;
} EventJob;

static void
on_event_applied (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EventJob *job = user_data;
  g_autoptr(HlChatwootSync) self = job->self;
  g_autoptr(HlChatwootBatch) batch = job->batch;
  g_autoptr(GError) error = NULL;

  g_free (job);

  if (!hl_store_run_finish (HL_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not store a realtime event: %s", error->message);
      return;
    }

  /* A message of a conversation the store doesn't have yet: a delta sync brings both. */
  if (batch->missing_conversations > 0)
    request_sync (self, FALSE);
}

/* TRUE when @event went into @batch; FALSE with @error when its data cannot be read, FALSE
 * without when it is for something else (typing, a delta sync, nothing). */
static gboolean
event_to_batch (HlChatwootSync   *self,
                HlChatwootEvent  *event,
                HlChatwootBatch  *batch,
                GError          **error)
{
  JsonObject *data = hl_chatwoot_event_get_data (event);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);

  switch (hl_chatwoot_event_get_kind (event))
    {
    case HL_CHATWOOT_EVENT_MESSAGE_CREATED:
    case HL_CHATWOOT_EVENT_MESSAGE_UPDATED:
    case HL_CHATWOOT_EVENT_FIRST_REPLY_CREATED:
      {
        HlChatwootMessage *message = hl_chatwoot_json_message (node, error);
        JsonNode *conversation = json_object_get_member (data, "conversation");
        JsonNode *unread = NULL;

        if (message == NULL)
          return FALSE;
        g_ptr_array_add (batch->messages, message);

        /* The push data tells the conversation's unread count too (API.md §11.5). */
        if (conversation != NULL && JSON_NODE_HOLDS_OBJECT (conversation))
          unread = json_object_get_member (json_node_get_object (conversation), "unread_count");
        if (unread != NULL && JSON_NODE_HOLDS_VALUE (unread) && json_node_get_value_type (unread) == G_TYPE_INT64 &&
            json_node_get_int (unread) >= 0 && json_node_get_int (unread) <= G_MAXINT)
          g_hash_table_replace (batch->unread, g_memdup2 (&message->conversation_remote_id, sizeof (gint64)),
                                GINT_TO_POINTER ((int) json_node_get_int (unread)));
        return TRUE;
      }

    case HL_CHATWOOT_EVENT_CONVERSATION_CREATED:
    case HL_CHATWOOT_EVENT_CONVERSATION_UPDATED:
    case HL_CHATWOOT_EVENT_CONVERSATION_STATUS_CHANGED:
    case HL_CHATWOOT_EVENT_CONVERSATION_READ:
    case HL_CHATWOOT_EVENT_ASSIGNEE_CHANGED:
    case HL_CHATWOOT_EVENT_TEAM_CHANGED:
    case HL_CHATWOOT_EVENT_CONVERSATION_CONTACT_CHANGED:
    case HL_CHATWOOT_EVENT_CONVERSATION_MENTIONED:
      {
        HlChatwootConversation *conv = hl_chatwoot_json_conversation (node, self->ctx, error);

        if (conv == NULL)
          return FALSE;
        g_ptr_array_add (batch->conversations, conv);
        return TRUE;
      }

    case HL_CHATWOOT_EVENT_CONTACT_CREATED:
    case HL_CHATWOOT_EVENT_CONTACT_UPDATED:
    case HL_CHATWOOT_EVENT_CONTACT_MERGED:
      {
        HlChatwootContact *contact = hl_chatwoot_json_contact (node, error);

        if (contact == NULL)
          return FALSE;
        g_ptr_array_add (batch->contacts, contact);
        return TRUE;
      }

    case HL_CHATWOOT_EVENT_CONTACT_DELETED:
      g_ptr_array_add (batch->deleted_contacts,
                       g_strdup_printf ("%" G_GINT64_FORMAT, hl_chatwoot_event_get_contact_id (event)));
      return TRUE;

    case HL_CHATWOOT_EVENT_PRESENCE_UPDATE:
      return hl_chatwoot_batch_add_presence (batch, data, error);

    case HL_CHATWOOT_EVENT_CONVERSATION_TYPING_ON:
    case HL_CHATWOOT_EVENT_CONVERSATION_TYPING_OFF:
      handle_typing (self, event);
      return FALSE;

    case HL_CHATWOOT_EVENT_CONVERSATION_UNREAD_COUNT_CHANGED:
      request_sync (self, FALSE);
      return FALSE;

    case HL_CHATWOOT_EVENT_ACCOUNT_CACHE_INVALIDATED:
      request_sync (self, TRUE);
      return FALSE;

    case HL_CHATWOOT_EVENT_UNKNOWN:
    case HL_CHATWOOT_EVENT_NOTIFICATION_CREATED:
    case HL_CHATWOOT_EVENT_NOTIFICATION_UPDATED:
    case HL_CHATWOOT_EVENT_NOTIFICATION_DELETED:
    case HL_CHATWOOT_EVENT_ACCOUNT_ENRICHMENT_COMPLETED:
    case HL_CHATWOOT_EVENT_COPILOT_MESSAGE_CREATED:
    case HL_CHATWOOT_EVENT_VOICE_CALL_INCOMING:
    case HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_ACCEPTED:
    case HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_CONNECTED:
    case HL_CHATWOOT_EVENT_VOICE_CALL_ENDED:
    case HL_CHATWOOT_EVENT_VOICE_CALL_PERMISSION_GRANTED:
    default:
      g_debug ("Not storing the event %s", hl_chatwoot_event_get_name (event));
      return FALSE;
    }
}

static void
on_cable_event (HlChatwootSync  *self,
                HlChatwootEvent *event)
{
  g_autoptr(HlChatwootBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  EventJob *job;

  if (!self->started)
    return;

  batch = hl_chatwoot_batch_new ();
  if (!event_to_batch (self, event, batch, &error))
    {
      if (error != NULL)
        {
          /* The store misses this change now: a delta sync brings it. */
          g_message ("Could not read the event %s: %s", hl_chatwoot_event_get_name (event), error->message);
          request_sync (self, FALSE);
        }
      return;
    }

  job = g_new0 (EventJob, 1);
  job->self = g_object_ref (self);
  job->batch = hl_chatwoot_batch_ref (batch);
  hl_store_run_async (self->store, hl_chatwoot_batch_apply, hl_chatwoot_batch_ref (batch),
                      (GDestroyNotify) hl_chatwoot_batch_unref, NULL, self->cancellable,
                      on_event_applied, job);
}

static void
on_resync_needed (HlChatwootSync *self)
{
  g_debug ("The cable (re)subscribed: syncing the delta");
  request_sync (self, FALSE);
}

/* GObject ---------------------------------------------------------------------------------------- */

static void
hl_chatwoot_sync_dispose (GObject *object)
{
  HlChatwootSync *self = (HlChatwootSync *)object;

  hl_chatwoot_sync_stop (self);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->cable);

  G_OBJECT_CLASS (hl_chatwoot_sync_parent_class)->dispose (object);
}

static void
hl_chatwoot_sync_finalize (GObject *object)
{
  HlChatwootSync *self = (HlChatwootSync *)object;

  g_clear_pointer (&self->ctx, hl_chatwoot_context_free);
  g_clear_pointer (&self->refetch_conversations, g_array_unref);
  g_clear_pointer (&self->refetch_contacts, g_array_unref);
  g_clear_pointer (&self->refetch_marks, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->phase);
  g_free (self->last_error);

  G_OBJECT_CLASS (hl_chatwoot_sync_parent_class)->finalize (object);
}

static void
hl_chatwoot_sync_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HlChatwootSync *self = HL_CHATWOOT_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PHASE:
      g_value_set_string (value, self->phase);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LAST_SYNCED_AT:
      g_value_set_int64 (value, self->last_synced_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_chatwoot_sync_class_init (HlChatwootSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_chatwoot_sync_dispose;
  object_class->finalize = hl_chatwoot_sync_finalize;
  object_class->get_property = hl_chatwoot_sync_get_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HL_TYPE_CHATWOOT_SYNC_STATE, HL_CHATWOOT_SYNC_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_PHASE] =
    g_param_spec_string ("phase", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LAST_SYNCED_AT] =
    g_param_spec_int64 ("last-synced-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [TYPING] =
    g_signal_new ("typing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals [SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
hl_chatwoot_sync_init (HlChatwootSync *self)
{
  self->phase = g_strdup ("");
  self->interval_s = DEFAULT_INTERVAL_S;
  self->help_center_interval_s = HELP_CENTER_INTERVAL_S;
  self->min_backoff_ms = DEFAULT_MIN_BACKOFF_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
  self->attempts = DEFAULT_ATTEMPTS;
  self->refetch_conversations = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->refetch_contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->refetch_marks = g_ptr_array_new_with_free_func (g_free);
}

/* Public API ------------------------------------------------------------------------------------- */

HlChatwootSync *
hl_chatwoot_sync_new (HlStore          *store,
                      HlChatwootClient *client,
                      HlActionCable    *cable)
{
  HlChatwootSync *self;

  g_return_val_if_fail (HL_IS_STORE (store), NULL);
  g_return_val_if_fail (HL_IS_CHATWOOT_CLIENT (client), NULL);
  g_return_val_if_fail (cable == NULL || HL_IS_ACTIONCABLE (cable), NULL);

  self = g_object_new (HL_TYPE_CHATWOOT_SYNC, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->cable = cable ? g_object_ref (cable) : NULL;

  return self;
}

void
hl_chatwoot_sync_start (HlChatwootSync *self)
{
  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->cancellable = g_cancellable_new ();

  if (self->cable != NULL)
    {
      g_signal_connect_object (self->cable, "event", G_CALLBACK (on_cable_event), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->cable, "resync-needed", G_CALLBACK (on_resync_needed), self,
                               G_CONNECT_SWAPPED);
    }

  restart_timer (self);
  hl_store_run_async (self->store, load_state, NULL, NULL, state_free, self->cancellable,
                      on_state_loaded, g_object_ref (self));
}

void
hl_chatwoot_sync_stop (HlChatwootSync *self)
{
  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  if (!self->started)
    return;

  self->started = FALSE;
  self->again = self->again_references = FALSE;
  if (self->cable != NULL)
    g_signal_handlers_disconnect_by_data (self->cable, self);
  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loaded = FALSE;
}

void
hl_chatwoot_sync_sync_now (HlChatwootSync *self)
{
  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  request_sync (self, FALSE);
}

HlChatwootSyncState
hl_chatwoot_sync_get_state (HlChatwootSync *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_SYNC (self), HL_CHATWOOT_SYNC_IDLE);

  return self->state;
}

const char *
hl_chatwoot_sync_get_phase (HlChatwootSync *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_SYNC (self), NULL);

  return self->phase;
}

double
hl_chatwoot_sync_get_fraction (HlChatwootSync *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_SYNC (self), 0.0);

  return self->fraction;
}

const char *
hl_chatwoot_sync_get_last_error (HlChatwootSync *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_SYNC (self), NULL);

  return self->last_error;
}

gint64
hl_chatwoot_sync_get_last_synced_at (HlChatwootSync *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_SYNC (self), 0);

  return self->last_synced_at;
}

void
hl_chatwoot_sync_set_interval (HlChatwootSync *self,
                               guint           seconds)
{
  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  self->interval_s = seconds;
  restart_timer (self);
}

/* How often a delta sync fetches the whole help center again (HELP_CENTER_INTERVAL_S by
 * default; 0: at every sync). */
void
hl_chatwoot_sync_set_help_center_interval (HlChatwootSync *self,
                                           guint           seconds)
{
  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  self->help_center_interval_s = seconds;
}

/* Threads on demand ------------------------------------------------------------------------------ */

typedef struct
{
  HlChatwootSync *self;
  gint64          conversation;   /* local */
  gint64          remote;
  gint64          before;
  guint           attempt;
  guint           rate_waits;
  guint           fetched;
} Thread;

static void
thread_free (Thread *thread)
{
  g_clear_object (&thread->self);
  g_free (thread);
}

static gpointer
read_remote_id (sqlite3        *db,
                gpointer        data,
                HlStoreTables  *changed,
                GError        **error)
{
  Thread *thread = data;
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, "SELECT remote_id FROM conversations WHERE id = ?1", error);
  gint64 remote = 0;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, thread->conversation);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    remote = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);

  return g_memdup2 (&remote, sizeof remote);
}

static void request_thread (GTask *task);

static void
on_thread_applied (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Thread *thread = g_task_get_task_data (task);
  GError *error = NULL;

  if (!hl_store_run_finish (HL_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, thread->fetched);
}

static gboolean
on_thread_retry (gpointer user_data)
{
  request_thread (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_thread_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Thread *thread = g_task_get_task_data (task);
  HlChatwootSync *self = thread->self;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  g_autoptr(HlChatwootBatch) batch = NULL;
  GError *error = NULL;
  guint delay_ms;

  root = hl_chatwoot_client_call_finish (HL_CHATWOOT_CLIENT (object), result, &error);
  delay_ms = root == NULL ? retry_delay (self, error, &thread->attempt, &thread->rate_waits) : 0;

  if (delay_ms > 0)
    {
      g_debug ("Fetching a thread again in %u ms: %s", delay_ms, error->message);
      g_clear_error (&error);
      g_timeout_add (delay_ms, on_thread_retry, task);
      return;
    }

  if (root == NULL || !(page = hl_chatwoot_json_message_page (root, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  batch = hl_chatwoot_batch_new ();
  for (guint i = 0; i < page->items->len; i++)
    {
      HlChatwootMessage *message = g_ptr_array_index (page->items, i);

      message->conversation_remote_id = thread->remote;
      g_ptr_array_add (batch->messages, g_steal_pointer (&page->items->pdata[i]));
    }
  g_ptr_array_set_size (page->items, 0);
  thread->fetched = batch->messages->len;

  hl_store_run_async (self->store, hl_chatwoot_batch_apply, hl_chatwoot_batch_ref (batch),
                      (GDestroyNotify) hl_chatwoot_batch_unref, NULL, g_task_get_cancellable (task),
                      on_thread_applied, task);
}

static void
request_thread (GTask *task)
{
  Thread *thread = g_task_get_task_data (task);
  gint64 wait_us = thread->self->not_before - g_get_monotonic_time ();

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  /* The sync's Retry-After holds this request back too. */
  if (wait_us > 0)
    {
      g_timeout_add ((guint) MIN (wait_us / 1000 + 1, G_MAXUINT), on_thread_retry, task);
      return;
    }

  hl_chatwoot_client_list_messages_async (thread->self->client, thread->remote, thread->before, 0,
                                          g_task_get_cancellable (task), on_thread_answer, task);
}

static void
on_thread_found (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Thread *thread = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree gint64 *remote = hl_store_run_finish (HL_STORE (object), result, &error);

  if (remote == NULL || *remote <= 0)
    {
      if (remote != NULL)
        g_task_return_int (task, 0);   /* not on the server (yet): nothing to fetch */
      else
        g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  thread->remote = *remote;
  request_thread (task);
}

/**
 * hl_chatwoot_sync_fetch_thread_async:
 * @conversation: the local id of a conversation
 * @before: 0 for the latest messages, or the server's id of a message for the page before it
 *
 * Fetches a page (20) of @conversation's messages into the store: what the inbox shows when an
 * agent opens a conversation, since the initial sync keeps only each conversation's last message
 * (the one its list entry carries, API.md §2.3), and to scroll back with @before. Honours the
 * sync's Retry-After and retries transient failures like the sync's own requests. Finishes with
 * the number of messages fetched (0 for a conversation the server doesn't have), or -1.
 */
void
hl_chatwoot_sync_fetch_thread_async (HlChatwootSync      *self,
                                     gint64               conversation,
                                     gint64               before,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  Thread *thread;

  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));
  g_return_if_fail (conversation > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_chatwoot_sync_fetch_thread_async);
  thread = g_new0 (Thread, 1);
  thread->self = g_object_ref (self);
  thread->conversation = conversation;
  thread->before = before;
  g_task_set_task_data (task, thread, (GDestroyNotify) thread_free);

  hl_store_run_async (self->store, read_remote_id, thread, NULL, g_free, cancellable, on_thread_found, task);
}

gssize
hl_chatwoot_sync_fetch_thread_finish (HlChatwootSync  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_SYNC (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* The inbox whose conversations are phone calls (the `phone-inbox-id` setting). */
void
hl_chatwoot_sync_set_phone_inbox_id (HlChatwootSync *self,
                                     gint64          inbox_id)
{
  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  self->phone_inbox_id = inbox_id;
  g_clear_pointer (&self->ctx, hl_chatwoot_context_free);
}

void
hl_chatwoot_sync_set_retry (HlChatwootSync *self,
                            guint           min_backoff_ms,
                            guint           max_backoff_ms,
                            guint           attempts)
{
  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  self->min_backoff_ms = min_backoff_ms;
  self->max_backoff_ms = MAX (min_backoff_ms, max_backoff_ms);
  self->attempts = MAX (attempts, 1);
}

/* Asks for the server's copy of one conversation (@table HL_STORE_TABLE_CONVERSATIONS, @remote_id
 * its display id) or contact (HL_STORE_TABLE_CONTACTS) in the next sync, which starts at once
 * (as sync_now ()): after the agent discarded a refused change, the cached row shows what the
 * server refused, and a delta sync alone would not fetch a row nobody changed since the last one.
 * Agents are fetched by every sync; other tables, and a NULL @remote_id, just sync now. */
void
hl_chatwoot_sync_refetch (HlChatwootSync *self,
                          HlStoreTables   table,
                          const char     *remote_id)
{
  g_autofree char *mark = hl_store_sync_refetch_mark (table, remote_id);

  g_return_if_fail (HL_IS_CHATWOOT_SYNC (self));

  if (mark != NULL)
    add_refetch (self, mark);

  hl_chatwoot_sync_sync_now (self);
}

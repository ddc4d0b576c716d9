/* hl-call-summary.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-call-row.h"
#include "hl-call-summary.h"
#include "hl-disposition.h"
#include "hl-format.h"

/* A call of a phone conversation, shown with its thread: which way, how it ended and how long it
 * lasted, the measured quality, the wrap-up, and the recording to play when the file is here. */

struct _HlCallSummary
{
  HlRecordRow       parent_instance;

  GtkImage         *direction_icon;
  GtkLabel         *title_label;
  GtkLabel         *time_label;
  GtkLabel         *quality_label;
  GtkLabel         *disposition_label;
  GtkMediaControls *media_controls;
  GtkLabel         *recording_label;

  char             *recording;   /* the file the controls play */
};

G_DEFINE_FINAL_TYPE (HlCallSummary, hl_call_summary, HL_TYPE_RECORD_ROW)

static void
update_recording (HlCallSummary *self,
                  const char    *path)
{
  gboolean present = path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);

  /* Only a different file replaces the stream, so that an update doesn't stop playback. */
  if (g_strcmp0 (self->recording, present ? path : NULL) != 0)
    {
      g_autoptr(GtkMediaStream) stream = present ? gtk_media_file_new_for_filename (path) : NULL;

      g_free (self->recording);
      self->recording = present ? g_strdup (path) : NULL;
      gtk_media_controls_set_media_stream (self->media_controls, stream);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->media_controls), present);

  if (path != NULL && !present)
    {
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("The recording %s is not on this computer."), path);

      gtk_label_set_text (self->recording_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recording_label), path != NULL && !present);
}

static void
hl_call_summary_update (HlRecordRow *row,
                        HlRecord    *record)
{
  HlCallSummary *self = HL_CALL_SUMMARY (row);
  HlCallRecord *call = HL_CALL_RECORD (record);
  HlCallResult result = hl_call_record_get_result (call);
  gboolean incoming = hl_call_record_get_direction (call) == HL_CALL_DIRECTION_INCOMING;
  gint64 answered = hl_call_record_get_answered_at (call);
  gint64 ended = hl_call_record_get_ended_at (call);
  g_autofree char *time = hl_format_date_time (hl_call_record_get_started_at (call));
  g_autoptr(GString) title = g_string_new (incoming ? _("Incoming call") : _("Outgoing call"));
  g_autoptr(GString) quality = g_string_new (NULL);
  g_autofree char *disposition = hl_disposition_dup_label (hl_call_record_get_disposition (call));
  const char *note = hl_call_record_get_wrap_up_note (call);

  gtk_image_set_from_icon_name (self->direction_icon, incoming ? "call-incoming-symbolic" : "call-outgoing-symbolic");
  hl_widget_set_css_class (GTK_WIDGET (self->direction_icon), "call-missed", result != HL_CALL_RESULT_ANSWERED);

  g_string_append_printf (title, " · %s", hl_call_result_label (result));
  if (result == HL_CALL_RESULT_ANSWERED && answered > 0 && ended >= answered)
    {
      g_autofree char *duration = hl_format_duration (ended - answered);

      g_string_append_printf (title, " · %s", duration);
    }
  gtk_label_set_text (self->title_label, title->str);
  gtk_label_set_text (self->time_label, time);

  if (hl_call_record_get_mos (call) > 0)
    {
      g_autofree char *mos = hl_format_decimal (hl_call_record_get_mos (call), 1);
      g_autofree char *jitter = hl_format_decimal (hl_call_record_get_jitter_ms (call), 0);
      g_autofree char *loss = hl_format_decimal (hl_call_record_get_loss_pct (call), 1);
      g_autofree char *rtt = hl_format_decimal (hl_call_record_get_rtt_ms (call), 0);

      /* Translators: call quality figures: mean opinion score (1–5), jitter, packet loss, round trip */
      g_string_printf (quality, _("Quality: MOS %s · jitter %s ms · loss %s %% · round trip %s ms"),
                       mos, jitter, loss, rtt);
    }
  gtk_label_set_text (self->quality_label, quality->str);
  gtk_widget_set_visible (GTK_WIDGET (self->quality_label), quality->len > 0);

  {
    g_autofree char *wrap_up = g_strjoin (disposition && note ? "\n" : "",
                                          disposition ? disposition : "", note ? note : "", NULL);

    gtk_label_set_text (self->disposition_label, wrap_up);
    gtk_widget_set_visible (GTK_WIDGET (self->disposition_label), wrap_up[0] != '\0');
  }

  update_recording (self, hl_call_record_get_recording_path (call));
}

static void
hl_call_summary_dispose (GObject *object)
{
  HlCallSummary *self = HL_CALL_SUMMARY (object);

  if (self->media_controls)
    gtk_media_controls_set_media_stream (self->media_controls, NULL);
  g_clear_pointer (&self->recording, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_CALL_SUMMARY);

  G_OBJECT_CLASS (hl_call_summary_parent_class)->dispose (object);
}

static void
hl_call_summary_class_init (HlCallSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_call_summary_dispose;
  HL_RECORD_ROW_CLASS (klass)->update = hl_call_summary_update;

  gtk_widget_class_set_css_name (widget_class, "callsummary");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-call-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, HlCallSummary, direction_icon);
  gtk_widget_class_bind_template_child (widget_class, HlCallSummary, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallSummary, time_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallSummary, quality_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallSummary, disposition_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallSummary, media_controls);
  gtk_widget_class_bind_template_child (widget_class, HlCallSummary, recording_label);
}

static void
hl_call_summary_init (HlCallSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

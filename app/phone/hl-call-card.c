/* hl-call-card.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-audio-device-binding.h"
#include "hl-audio-meter.h"
#include "hl-call-card.h"
#include "hl-format.h"
#include "hl-record-row.h"
#include "hl-webrtc-call-media.h"

/* A call in the phone pane: who, how long, and the controls. Every control is an app action
 * (app.answer, app.hangup, app.mute, app.hold, app.dtmf, app.transfer, app.transfer-attended,
 * app.record…), the same ones D-Bus callers use. The main card holds the call the agent deals
 * with; a second card shows a call waiting (Hold & Answer, Decline, End & Answer) or the call on
 * hold (Switch). The device popover changes the same settings as Preferences → Audio, which
 * running calls follow at once. */

struct _HlCallCard
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *name_label;
  GtkLabel     *number_label;
  GtkLabel     *state_label;
  GtkLabel     *quality_label;
  GtkLabel     *digits_label;
  GtkStack     *controls_stack;
  GtkToggleButton *mute_button;
  GtkToggleButton *hold_button;
  GtkGrid      *keypad_grid;
  GtkEntry     *transfer_entry;
  GtkButton    *transfer_confirm;
  GtkButton    *consult_button;
  GtkWidget    *consult_box;
  GtkWidget    *recording_box;
  GtkLevelBar  *input_level_bar;
  GtkToggleButton *record_button;
  GtkMenuButton *devices_button;
  GtkDropDown  *microphone_dropdown;
  GtkDropDown  *speaker_dropdown;

  HlCall       *call;
  GSignalGroup *call_signals;
  GString      *digits;        /* the keys the other side pressed in this call */
  GSignalGroup *session_signals;
  HlPhoneAudio *audio;
  gboolean      devices_bound;
  guint         timer;
  gboolean      updating;
  HlCallCardRole role;
  HlCall       *consultation; /* an attended transfer's call to its target, while in progress */
};

G_DEFINE_FINAL_TYPE (HlCallCard, hl_call_card, GTK_TYPE_WIDGET)

/* Good/fair/poor at a glance, the figures in the tooltip (the MOS bands of ITU-T G.107 users
 * would call satisfied, some dissatisfied, many dissatisfied). */
static void
update_quality (HlCallCard *self)
{
  double mos, jitter, loss, rtt;
  g_autofree char *details = NULL;
  g_autofree char *mos_text = NULL;
  g_autofree char *jitter_text = NULL;
  g_autofree char *loss_text = NULL;
  g_autofree char *rtt_text = NULL;
  const char *text;
  gboolean shown;

  shown = hl_call_get_quality (self->call, &mos, &jitter, &loss, &rtt) &&
          hl_call_get_state (self->call) == HL_CALL_STATE_ACTIVE;
  gtk_widget_set_visible (GTK_WIDGET (self->quality_label), shown);
  if (!shown)
    return;

  if (mos >= 4.0)
    text = _("Call quality: good");
  else if (mos >= 3.4)
    text = _("Call quality: fair");
  else
    text = _("Call quality: poor");

  gtk_label_set_text (self->quality_label, text);
  hl_widget_set_css_class (GTK_WIDGET (self->quality_label), "fair", mos >= 3.4 && mos < 4.0);
  hl_widget_set_css_class (GTK_WIDGET (self->quality_label), "poor", mos < 3.4);

  mos_text = hl_format_decimal (mos, 1);
  jitter_text = hl_format_decimal (jitter, 0);
  loss_text = hl_format_decimal (loss, 1);
  rtt_text = hl_format_decimal (rtt < 0 ? 0.0 : rtt, 0);
  /* Translators: call quality details: mean opinion score, jitter, packet loss, round-trip time */
  details = g_strdup_printf (_("MOS %s · jitter %s ms · loss %s %% · round trip %s ms"),
                             mos_text, jitter_text, loss_text, rtt_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->quality_label), details);
}

static void
update (HlCallCard *self)
{
  g_autofree char *duration = NULL;
  g_autofree char *held_text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *consult_text = NULL;
  const char *state_text = "";
  const char *page;
  HlCallState state;
  gboolean recording;

  if (self->call == NULL)
    return;

  state = hl_call_get_state (self->call);
  /* The customer's name (caller-id) with the number below, else the name the caller's phone sent
   * or their number, readably, with the full address below */
  name = hl_call_dup_caller (self->call, &address);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->number_label, address);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), hl_call_get_remote_uri (self->call));
  gtk_widget_set_visible (GTK_WIDGET (self->number_label), address && *address && g_strcmp0 (name, address) != 0);

  switch (state)
    {
    case HL_CALL_STATE_INCOMING:
      state_text = self->role == HL_CALL_CARD_ROLE_WAITING ? _("Call waiting") : _("Incoming call");
      break;
    case HL_CALL_STATE_DIALING:
      state_text = _("Calling…");
      break;
    case HL_CALL_STATE_ALERTING:
      state_text = _("Ringing…");
      break;
    case HL_CALL_STATE_HELD:
      duration = hl_format_duration (g_get_real_time () / G_USEC_PER_SEC - hl_call_get_answered_at (self->call));
      held_text = g_strdup_printf (C_("call state", "On hold · %s"), duration);
      state_text = held_text;
      break;
    case HL_CALL_STATE_ACTIVE:
      duration = hl_format_duration (g_get_real_time () / G_USEC_PER_SEC - hl_call_get_answered_at (self->call));
      state_text = hl_call_get_remote_held (self->call) ? _("The customer put you on hold") : duration;
      if (self->call == self->consultation && !hl_call_get_remote_held (self->call))
        /* Translators: the state of a call to someone the agent consults before a transfer; %s is its duration */
        state_text = consult_text = g_strdup_printf (_("Consulting · %s"), duration);
      break;
    case HL_CALL_STATE_ENDED:
    default:
      state_text = hl_call_get_end_reason (self->call) ? hl_call_get_end_reason (self->call) : _("Call ended");
      break;
    }
  gtk_label_set_text (self->state_label, state_text);

  if (self->role == HL_CALL_CARD_ROLE_WAITING)
    page = "waiting";
  else if (self->role == HL_CALL_CARD_ROLE_HELD)
    page = "held";
  else
    page = state == HL_CALL_STATE_INCOMING ? "ringing" : "in-call";
  gtk_stack_set_visible_child_name (self->controls_stack, page);
  gtk_widget_set_visible (self->consult_box, self->consultation != NULL);
  update_quality (self);

  /* The toggles show the call's state; clicking them asks for the change through the actions. */
  self->updating = TRUE;
  gtk_toggle_button_set_active (self->mute_button, hl_call_get_muted (self->call));
  gtk_toggle_button_set_active (self->hold_button, state == HL_CALL_STATE_HELD);
  self->updating = FALSE;

  /* The icons say what the state is, the tooltips what a click does */
  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button),
                            hl_call_get_muted (self->call) ? "microphone-disabled-symbolic"
                                                           : "audio-input-microphone-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mute_button),
                               hl_call_get_muted (self->call) ? _("Unmute") : _("Mute"));
  gtk_button_set_icon_name (GTK_BUTTON (self->hold_button),
                            state == HL_CALL_STATE_HELD ? "media-playback-start-symbolic"
                                                        : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hold_button),
                               state == HL_CALL_STATE_HELD ? _("Resume") : _("Hold"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->hold_button),
                            state == HL_CALL_STATE_ACTIVE || state == HL_CALL_STATE_HELD);

  /* Recording: shown while it runs; a call is recorded once, so a stopped one can't restart */
  recording = hl_call_get_recording (self->call);
  gtk_widget_set_visible (self->recording_box, recording);
  self->updating = TRUE;
  gtk_toggle_button_set_active (self->record_button, recording);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->record_button),
                            (state == HL_CALL_STATE_ACTIVE || state == HL_CALL_STATE_HELD) &&
                            (recording || hl_call_get_recording_path (self->call) == NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_button),
                               recording ? _("Stop Recording")
                                         : hl_call_get_recording_path (self->call) ? _("The recording of this call was stopped")
                                                                                  : _("Record"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->mute_button), state != HL_CALL_STATE_ENDED);
}

/* Digits the other side sends (SIP INFO), e.g. a customer keying in a reference number. */
static void
on_dtmf_received (HlCallCard *self,
                  const char *tone)
{
  g_autofree char *text = NULL;

  if (self->digits->len > 0)
    g_string_append_c (self->digits, ' ');
  g_string_append (self->digits, tone);

  /* Translators: %s is the list of keys the caller pressed, e.g. "1 2 3 #" */
  text = g_strdup_printf (_("Keys pressed by the caller: %s"), self->digits->str);
  gtk_label_set_text (self->digits_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->digits_label), TRUE);
}

static gboolean
tick (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_mute_toggled (HlCallCard *self)
{
  if (!self->updating)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.mute", "b", gtk_toggle_button_get_active (self->mute_button));
}

static void
on_hold_toggled (HlCallCard *self)
{
  if (!self->updating)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.hold", "b", gtk_toggle_button_get_active (self->hold_button));
}

static void
on_record_toggled (HlCallCard *self)
{
  if (!self->updating)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.record", "b", gtk_toggle_button_get_active (self->record_button));
}

static void
on_input_level (HlCallCard     *self,
                GParamSpec     *pspec,
                HlMediaSession *session)
{
  double db = 0;

  g_object_get (session, "input-level", &db, NULL);
  gtk_level_bar_set_value (self->input_level_bar, hl_audio_level_from_db (db));
}

static void
on_transfer_changed (HlCallCard *self)
{
  const char *target = gtk_editable_get_text (GTK_EDITABLE (self->transfer_entry));

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->transfer_confirm), g_variant_new_string (target));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->consult_button), g_variant_new_string (target));
  gtk_widget_set_sensitive (GTK_WIDGET (self->transfer_confirm), target[0] != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->consult_button), target[0] != '\0');
}

static void
on_key_clicked (GtkButton  *button,
                HlCallCard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.dtmf", "s", gtk_button_get_label (button));
}

static void
build_keypad (HlCallCard *self)
{
  static const char *keys[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (keys[i]);

      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_size_request (button, 48, 48);
      g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked), self);
      gtk_grid_attach (self->keypad_grid, button, i % 3, i / 3, 1, 1);
    }
}

static void
hl_call_card_dispose (GObject *object)
{
  HlCallCard *self = (HlCallCard *)object;

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->call_signals);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->audio);
  g_clear_object (&self->call);
  if (self->digits)
    g_string_free (g_steal_pointer (&self->digits), TRUE);
  g_clear_object (&self->consultation);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_CALL_CARD);

  G_OBJECT_CLASS (hl_call_card_parent_class)->dispose (object);
}

static void
hl_call_card_class_init (HlCallCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_call_card_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-call-card.ui");
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, box);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, number_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, state_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, quality_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, digits_label);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, controls_stack);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, mute_button);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, hold_button);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, keypad_grid);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, transfer_entry);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, transfer_confirm);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, consult_button);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, consult_box);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, recording_box);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, input_level_bar);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, record_button);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, devices_button);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, microphone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HlCallCard, speaker_dropdown);
}

static void
hl_call_card_init (HlCallCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->call_signals = g_signal_group_new (HL_TYPE_CALL);
  g_signal_group_connect_object (self->call_signals, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "dtmf-received", G_CALLBACK (on_dtmf_received), self,
                                 G_CONNECT_SWAPPED);
  self->digits = g_string_new (NULL);

  self->session_signals = g_signal_group_new (HL_TYPE_MEDIA_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::input-level", G_CALLBACK (on_input_level), self,
                                 G_CONNECT_SWAPPED);

  g_signal_connect_object (self->mute_button, "toggled", G_CALLBACK (on_mute_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->record_button, "toggled", G_CALLBACK (on_record_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hold_button, "toggled", G_CALLBACK (on_hold_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transfer_entry, "changed", G_CALLBACK (on_transfer_changed), self,
                           G_CONNECT_SWAPPED);
  on_transfer_changed (self);
  build_keypad (self);
}

HlCall *
hl_call_card_get_call (HlCallCard *self)
{
  g_return_val_if_fail (HL_IS_CALL_CARD (self), NULL);
  return self->call;
}

void
hl_call_card_set_call (HlCallCard *self,
                       HlCall     *call)
{
  g_return_if_fail (HL_IS_CALL_CARD (self));

  if (!g_set_object (&self->call, call))
    return;

  g_signal_group_set_target (self->call_signals, call);
  {
    HlCallMedia *media = call ? hl_call_get_media (call) : NULL;
    HlMediaSession *session = HL_IS_WEBRTC_CALL_MEDIA (media) ? hl_webrtc_call_media_get_session (HL_WEBRTC_CALL_MEDIA (media)) : NULL;

    /* The level is notified when it changes: show the current one at once */
    g_signal_group_set_target (self->session_signals, session);
    gtk_widget_set_visible (GTK_WIDGET (self->input_level_bar), session != NULL);
    gtk_level_bar_set_value (self->input_level_bar, 0);
    if (session != NULL)
      on_input_level (self, NULL, session);
  }
  g_clear_handle_id (&self->timer, g_source_remove);
  g_string_truncate (self->digits, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->digits_label), FALSE);
  if (call)
    {
      self->timer = g_timeout_add_seconds (1, tick, self);
      update (self);
    }
}

/* The card's part in the pane (see HlCallCardRole); with @consultation (an attended transfer in
 * progress) the card offers Complete/Cancel Transfer. */
void
hl_call_card_set_role (HlCallCard     *self,
                       HlCallCardRole  role,
                       HlCall         *consultation)
{
  g_return_if_fail (HL_IS_CALL_CARD (self));
  g_return_if_fail (consultation == NULL || HL_IS_CALL (consultation));

  if (!g_set_object (&self->consultation, consultation) && self->role == role)
    return;

  self->role = role;
  hl_widget_set_css_class (GTK_WIDGET (self->box), "secondary", role != HL_CALL_CARD_ROLE_MAIN);
  hl_widget_set_css_class (GTK_WIDGET (self->name_label), "title-3", role == HL_CALL_CARD_ROLE_MAIN);
  hl_widget_set_css_class (GTK_WIDGET (self->name_label), "heading", role != HL_CALL_CARD_ROLE_MAIN);
  update (self);
}

/* The device lists are filled the first time the popover opens (the monitors start then) */
static void
on_devices_popover_shown (HlCallCard *self)
{
  GSettings *settings;

  if (self->audio == NULL || self->devices_bound ||
      (settings = hl_phone_audio_get_settings (self->audio)) == NULL)
    return;

  self->devices_bound = TRUE;
  hl_audio_device_selector_bind (GTK_WIDGET (self->microphone_dropdown), hl_phone_audio_get_inputs (self->audio),
                                 settings, "audio-input-device");
  hl_audio_device_selector_bind (GTK_WIDGET (self->speaker_dropdown), hl_phone_audio_get_outputs (self->audio),
                                 settings, "audio-output-device");
}

/* The device choosers of the popover; without them (no phone) the button stays hidden */
void
hl_call_card_set_audio (HlCallCard   *self,
                        HlPhoneAudio *audio)
{
  g_return_if_fail (HL_IS_CALL_CARD (self));
  g_return_if_fail (HL_IS_PHONE_AUDIO (audio));

  if (self->audio != NULL || hl_phone_audio_get_settings (audio) == NULL)
    return;

  self->audio = g_object_ref (audio);
  g_signal_connect_object (gtk_menu_button_get_popover (self->devices_button), "show",
                           G_CALLBACK (on_devices_popover_shown), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->devices_button), TRUE);
}

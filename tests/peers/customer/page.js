// The customer's page: JsSIP in Chromium. Bundled by customer.js with esbuild; commands come in
// through window.hlCommand(), events go out through the hlEmit() binding that customer.js exposes.
import * as JsSIP from 'jssip';

const state = {
  ua: null,
  session: null,       // the current call (the one commands act on unless they name a call)
  sessions: new Map(), // every call not ended yet, by its index (the "call" of the events)
  audioCtx: null,
  callCommandAt: 0,
  iceServers: [],      // the ice command: e.g. [{urls, username, credential}] for a TURN server
  icePolicy: 'all',    // 'relay': only candidates through the TURN server
};

function emit(event, fields = {}) {
  const msg = Object.assign({ event }, fields);
  window.hlEmit(JSON.stringify(msg));
}

function rtcConfig() {
  return { iceServers: state.iceServers, iceTransportPolicy: state.icePolicy, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
}

function causeOf(e) {
  return e && e.cause ? String(e.cause) : undefined;
}

function statusOf(e) {
  return e && e.response ? e.response.status_code : (e && e.message && e.message.status_code) || undefined;
}

function stopUa() {
  if (state.ua) {
    try { state.ua.stop(); } catch (err) { /* already stopped */ }
    state.ua = null;
  }
}

// --- media, per call ---------------------------------------------------------------------
// Each session carries its own media record (session.__hl): t0 (performance.now() of the INVITE
// sent or received), the analyser of the remote audio, the <audio> element, the report timer.

function ensureAudioContext() {
  if (state.audioCtx) return state.audioCtx;
  let ctx;
  try {
    // No output device is needed to analyse the audio.
    ctx = new AudioContext({ sinkId: { type: 'none' } });
  } catch (err) {
    ctx = new AudioContext();
  }
  state.audioCtx = ctx;
  return ctx;
}

function attachRemoteTrack(m, track) {
  if (!track || track.kind !== 'audio' || m.analyser || m.ended) return;
  const stream = new MediaStream([track]);
  // Chromium only pulls a remote WebRTC track into WebAudio (and only computes the inbound
  // audioLevel) while a media element plays it.
  const el = document.createElement('audio');
  el.autoplay = true;
  el.srcObject = stream;
  document.body.appendChild(el);
  el.play().catch(() => {});
  const ctx = ensureAudioContext();
  const src = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 8192;
  analyser.smoothingTimeConstant = 0.5;
  src.connect(analyser);
  ctx.resume().catch(() => {});
  m.analyser = analyser;
  m.source = src;
  m.audioEl = el;
}

function watchPeerConnection(session, pc) {
  const m = session.__hl;
  if (!pc || m.pc === pc) return;
  m.pc = pc;
  pc.addEventListener('track', (ev) => attachRemoteTrack(m, ev.track));
  for (const r of pc.getReceivers()) {
    if (r.track && r.track.kind === 'audio' && pc.remoteDescription) attachRemoteTrack(m, r.track);
  }
  pc.addEventListener('iceconnectionstatechange', () => emit('ice', { state: pc.iceConnectionState }));
  pollFirstAudio(session, pc);
}

// First RTP packet: poll the receiver's synchronization sources every 5 ms (cheap, no getStats).
function pollFirstAudio(session, pc) {
  const m = session.__hl;
  const tick = async () => {
    if (m.ended || m.firstAudioSeen) return;
    let got = false;
    for (const r of pc.getReceivers()) {
      if (r.track && r.track.kind === 'audio' && r.getSynchronizationSources().length > 0) got = true;
    }
    if (!got) {
      setTimeout(tick, 5);
      return;
    }
    m.firstAudioSeen = true;
    const ms = Math.round(performance.now() - m.t0);
    const info = await mediaInfo(pc);
    emit('timing', { first_audio_ms: ms, since: session.direction === 'outgoing' ? 'invite_sent' : 'invite_received' });
    emit('first_audio', Object.assign({ ms_since_invite: ms }, info));
  };
  setTimeout(tick, 5);
}

async function mediaInfo(pc) {
  const stats = await pc.getStats();
  const out = {};
  const byId = new Map();
  stats.forEach((s) => byId.set(s.id, s));
  stats.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) {
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair) {
        const l = byId.get(pair.localCandidateId);
        const r = byId.get(pair.remoteCandidateId);
        if (l && r) {
          out.selected_pair = `${l.address}:${l.port}/${l.protocol} <-> ${r.address}:${r.port}/${r.protocol}`;
          out.local_candidate_type = l.candidateType;
          out.remote_candidate_type = r.candidateType;
        }
      }
      if (s.dtlsRole) out.dtls_role = s.dtlsRole;
    }
    if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.codecId) {
      const c = byId.get(s.codecId);
      if (c) out.codec = `${c.mimeType}/${c.clockRate}${c.channels ? '/' + c.channels : ''} pt=${c.payloadType}`;
    }
  });
  return out;
}

function dominantFrequency(m) {
  const a = m.analyser;
  if (!a) return { hz: null, db: null };
  const bins = new Float32Array(a.frequencyBinCount);
  a.getFloatFrequencyData(bins);
  let best = -1;
  let bestDb = -Infinity;
  // skip the lowest bins (DC and hum)
  for (let i = 3; i < bins.length; i++) {
    if (bins[i] > bestDb) { bestDb = bins[i]; best = i; }
  }
  if (best < 0 || !isFinite(bestDb) || bestDb < -90) return { hz: null, db: isFinite(bestDb) ? bestDb : null };
  // parabolic interpolation between the neighbouring bins
  let delta = 0;
  if (best > 0 && best < bins.length - 1) {
    const l = bins[best - 1], c = bins[best], r = bins[best + 1];
    const d = l - 2 * c + r;
    if (d !== 0) delta = 0.5 * (l - r) / d;
  }
  const hz = (best + delta) * state.audioCtx.sampleRate / a.fftSize;
  return { hz: Math.round(hz), db: Math.round(bestDb * 10) / 10 };
}

async function reportAudio(session) {
  const pc = session.connection;
  if (!pc) return;
  const stats = await pc.getStats();
  let packets = 0, bytes = 0, level = null, sent = 0, jitter = null, lost = 0;
  stats.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      packets += s.packetsReceived || 0;
      bytes += s.bytesReceived || 0;
      lost += s.packetsLost || 0;
      if (typeof s.audioLevel === 'number') level = Math.round(s.audioLevel * 1000) / 1000;
      if (typeof s.jitter === 'number') jitter = s.jitter;
    }
    if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.packetsSent || 0;
  });
  const f = dominantFrequency(session.__hl);
  emit('audio', {
    received_packets: packets,
    bytes,
    packets_lost: lost,
    jitter,
    audio_level: level,
    dominant_frequency_hz: f.hz,
    dominant_db: f.db,
    sent_packets: sent,
    call: session.__hl.index,
  });
}

function startAudioReports(session) {
  const m = session.__hl;
  if (m.timer) clearInterval(m.timer);
  m.timer = setInterval(() => {
    reportAudio(session).catch((err) => emit('error', { message: 'getStats: ' + err }));
  }, 500);
}

function endCallMedia(session) {
  const m = session.__hl;
  m.ended = true;
  if (m.timer) clearInterval(m.timer);
  m.timer = null;
  if (m.source) m.source.disconnect();
  m.analyser = null;
  if (m.audioEl) {
    m.audioEl.srcObject = null;
    m.audioEl.remove();
    m.audioEl = null;
  }
}

// --- sessions ---------------------------------------------------------------------------

let callCounter = 0;

function setupSession(session, t0) {
  session.__hl = { index: ++callCounter, t0: t0 || performance.now(), firstAudioSeen: false, ended: false };
  const m = session.__hl;
  state.session = session;
  state.sessions.set(m.index, session);
  if (session.connection) watchPeerConnection(session, session.connection);
  session.on('peerconnection', (e) => watchPeerConnection(session, e.peerconnection));

  let inviteSent = false;
  session.on('sending', () => {
    if (session.direction === 'outgoing' && !inviteSent) {
      inviteSent = true;
      m.t0 = performance.now();
      emit('timing', { invite_sent_ms: Math.round(m.t0 - state.callCommandAt) });
    }
  });
  session.on('progress', (e) => emit('progress', { status: statusOf(e), originator: e.originator }));
  session.on('accepted', (e) => {
    // the caller: 200 OK received; the callee: 200 OK sent
    emit('timing', {
      accepted_ms: Math.round(performance.now() - m.t0),
      since: session.direction === 'outgoing' ? 'invite_sent' : 'invite_received',
    });
    emit('accepted', { originator: e.originator });
  });
  session.on('confirmed', (e) => {
    emit('timing', {
      confirmed_ms: Math.round(performance.now() - m.t0),
      since: session.direction === 'outgoing' ? 'invite_sent' : 'invite_received',
    });
    emit('confirmed', { originator: e.originator, call: m.index });
    startAudioReports(session);
  });
  const finished = () => {
    endCallMedia(session);
    state.sessions.delete(m.index);
    // the current call ended: the newest other call, if any, becomes current
    if (state.session === session) state.session = [...state.sessions.values()].pop() || null;
  };
  session.on('ended', (e) => {
    finished();
    emit('ended', { originator: e.originator, cause: causeOf(e), call: m.index });
  });
  session.on('failed', (e) => {
    finished();
    emit('failed', { originator: e.originator, cause: causeOf(e), status: statusOf(e), call: m.index });
  });
  session.on('hold', (e) => emit('hold', { originator: e.originator }));
  session.on('unhold', (e) => emit('unhold', { originator: e.originator }));
  session.on('muted', () => emit('muted', {}));
  session.on('unmuted', () => emit('unmuted', {}));
  session.on('newDTMF', (e) => {
    if (e.originator === 'remote') {
      emit('dtmf', { tone: e.dtmf.tone, duration: e.dtmf.duration, method: 'INFO', originator: 'remote' });
    } else {
      emit('dtmf_sent', { tone: e.dtmf.tone, method: 'INFO' });
    }
  });
  session.on('newInfo', (e) => {
    if (e.originator !== 'remote') return;
    emit('info', { content_type: e.info.contentType, body: e.info.body });
  });
  session.on('refer', (e) => {
    const target = e.request.refer_to.uri.toString();
    emit('refer', { target, call: m.index });
    // A customer transferred by the agent: follow the REFER with a new call to the target
    // (it becomes the current call; the referring call stays until the other side ends it).
    state.callCommandAt = performance.now();
    e.accept((newSession) => setupSession(newSession), callOptions());
  });
  session.on('reinvite', () => emit('reinvite', {}));
  // Someone replaces this call (RFC 3891): accept; JsSIP ends this one once the new one is up.
  session.on('replaces', (e) => {
    emit('replaces', { call: m.index, replaces: e.request.getHeader('replaces') });
    e.accept();
  });
}

function callOptions() {
  return {
    mediaConstraints: { audio: true, video: false },
    pcConfig: rtcConfig(),
    rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
  };
}

// --- commands ---------------------------------------------------------------------------

// The call a command acts on: the one it names ({call: index}), else the current one.
function pick(c) {
  const s = c && c.call ? state.sessions.get(c.call) : state.session;
  if (!s) throw new Error(c && c.call ? `no call ${c.call}` : 'no call');
  return s;
}

const commands = {
  register(c) {
    stopUa();
    if (!c.uri || !c.ws_url) throw new Error('register needs uri and ws_url');
    const socket = new JsSIP.WebSocketInterface(c.ws_url);
    const ua = new JsSIP.UA({
      sockets: [socket],
      uri: c.uri,
      password: c.password,
      authorization_user: c.username,
      display_name: c.display_name,
      register: true,
      register_expires: c.expires || 300,
      session_timers: false,
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 4,
      user_agent: 'Helpline test customer (JsSIP ' + JsSIP.version + ')',
    });
    state.ua = ua;
    state.autoAnswer = !!c.auto_answer;
    // Events of a UA that a later register command replaced are not reported.
    const live = () => state.ua === ua;
    ua.on('connected', () => live() && emit('ws_connected', {}));
    ua.on('disconnected', (e) => live() && emit('ws_disconnected', { error: !!(e && e.error) }));
    ua.on('registered', (e) => emit('registered', { status: statusOf(e) }));
    ua.on('unregistered', (e) => emit('unregistered', { status: statusOf(e), cause: causeOf(e) }));
    ua.on('registrationFailed', (e) => {
      emit('registration_failed', { status: statusOf(e), cause: causeOf(e) });
      // Do not keep retrying with a wrong password.
      if (state.ua === ua) stopUa();
    });
    ua.on('newRTCSession', (e) => {
      if (e.originator !== 'remote') return;
      const session = e.session;
      // An INVITE with Replaces (attended transfer) that a 'replaces' handler accepted: it takes
      // the place of the current call and is answered at once, as RFC 3891 wants.
      if (e.request && e.request.hasHeader('replaces')) {
        setupSession(session, performance.now());
        emit('incoming', {
          from: session.remote_identity.uri.toString(),
          display_name: session.remote_identity.display_name || null,
          to: session.local_identity.uri.toString(),
          replaces: e.request.getHeader('replaces'),
        });
        commands.answer();
        return;
      }
      if (state.session && !state.session.isEnded()) {
        session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
        emit('incoming_rejected_busy', { from: session.remote_identity.uri.toString() });
        return;
      }
      setupSession(session, performance.now());
      emit('incoming', {
        from: session.remote_identity.uri.toString(),
        display_name: session.remote_identity.display_name || null,
        to: session.local_identity.uri.toString(),
      });
      if (state.autoAnswer) commands.answer();
    });
    ua.on('newMessage', (e) => {
      if (e.originator === 'remote') emit('message', { from: e.message.remote_identity.uri.toString(), body: e.request.body });
    });
    ua.start();
  },

  // ICE servers and transport policy for the calls from now on (RTCConfiguration's fields).
  ice(c) {
    if (c.policy && c.policy !== 'all' && c.policy !== 'relay') throw new Error('ice policy must be "all" or "relay"');
    state.iceServers = Array.isArray(c.servers) ? c.servers : [];
    state.icePolicy = c.policy || 'all';
    emit('ice_config', { servers: state.iceServers.length, policy: state.icePolicy });
  },

  auto_answer(c) {
    state.autoAnswer = c.enabled !== false;
  },

  unregister() {
    if (!state.ua) throw new Error('not registered');
    state.ua.unregister({ all: false });
  },

  call(c) {
    if (!state.ua) throw new Error('not registered');
    if (!c.target) throw new Error('call needs target');
    state.callCommandAt = performance.now();
    const session = state.ua.call(c.target, callOptions());
    setupSession(session);
  },

  answer() {
    const s = state.session;
    if (!s || s.direction !== 'incoming') throw new Error('no incoming call');
    s.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: rtcConfig() });
    if (s.connection) watchPeerConnection(s, s.connection);
  },

  reject(c) {
    const s = state.session;
    if (!s) throw new Error('no call');
    s.terminate({ status_code: c.status || 486 });
  },

  hangup(c) {
    const s = pick(c);
    s.terminate();
  },

  hold(c) {
    const s = pick(c);
    if (!s.hold()) throw new Error('hold not possible now');
  },

  unhold(c) {
    const s = pick(c);
    if (!s.unhold()) throw new Error('unhold not possible now');
  },

  mute() { if (state.session) state.session.mute({ audio: true }); },
  unmute() { if (state.session) state.session.unmute({ audio: true }); },

  dtmf(c) {
    const s = state.session;
    if (!s) throw new Error('no call');
    const method = (c.method || 'INFO').toUpperCase();
    if (method === 'RFC2833' || method === 'RFC4733') {
      // JsSIP reports no local event for RTP DTMF: report what the RTCDTMFSender plays.
      const pc = s.connection;
      const sender = pc && pc.getSenders().find((x) => x.track && x.track.kind === 'audio');
      if (!sender || !sender.dtmf) throw new Error('no audio sender for RFC 2833 DTMF');
      if (!sender.dtmf.canInsertDTMF) throw new Error('canInsertDTMF is false (no telephone-event negotiated)');
      if (!sender.dtmf.__hlWatched) {
        sender.dtmf.__hlWatched = true;
        sender.dtmf.addEventListener('tonechange', (ev) => {
          if (ev.tone) emit('dtmf_sent', { tone: ev.tone, method: 'RFC2833' });
        });
      }
    }
    s.sendDTMF(String(c.tones), {
      transportType: method === 'RFC2833' || method === 'RFC4733' ? JsSIP.C.DTMF_TRANSPORT.RFC2833 : JsSIP.C.DTMF_TRANSPORT.INFO,
      duration: c.duration || 100,
      interToneGap: c.gap || 70,
    });
  },

  refer(c) {
    const s = pick(c);
    if (!c.target) throw new Error('refer needs target');
    // replaces_call: an attended transfer, Refer-To with Replaces naming that call's dialog
    const replaces = c.replaces_call ? pick({ call: c.replaces_call }) : undefined;
    s.refer(c.target, {
      replaces,
      eventHandlers: {
        requestSucceeded: () => emit('refer_accepted', {}),
        requestFailed: (e) => emit('refer_failed', { status: statusOf(e), cause: causeOf(e) }),
        trying: (e) => emit('refer_notify', { status: e.status_line && e.status_line.status_code }),
        progress: (e) => emit('refer_notify', { status: e.status_line && e.status_line.status_code }),
        accepted: (e) => emit('refer_notify', { status: e.status_line && e.status_line.status_code, final: true }),
        failed: (e) => emit('refer_notify', { status: e.status_line && e.status_line.status_code, final: true }),
      },
    });
  },

  stats() {
    if (state.session) return reportAudio(state.session);
    return undefined;
  },

  quit() {
    for (const s of [...state.sessions.values()]) {
      try { if (!s.isEnded()) s.terminate(); } catch (err) { /* ignore */ }
    }
    stopUa();
  },
};

window.hlCommand = async (json) => {
  let c;
  try {
    c = JSON.parse(json);
  } catch (err) {
    emit('error', { message: 'bad JSON: ' + err.message });
    return;
  }
  const fn = commands[c.cmd];
  if (!fn) {
    emit('error', { message: 'unknown command: ' + c.cmd, cmd: c.cmd });
    return;
  }
  try {
    await fn(c);
  } catch (err) {
    emit('error', { message: String(err && err.message ? err.message : err), cmd: c.cmd });
  }
};

window.hlReady = true;

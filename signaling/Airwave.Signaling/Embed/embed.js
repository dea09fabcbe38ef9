/*! Airwave broadcast embed, signaling protocol version 1.
 *  <script src="https://<signaling host>/embed.js" data-site="<site id>" async></script>
 *  <button data-airwave-broadcast data-airwave-token="<user token>">Start broadcast</button>
 *  <button data-airwave-watch="<broadcaster's user id>" data-airwave-token="<user token>" hidden>Watch</button>
 *  Each button's state is in its data-airwave-state; every change is also an "airwave" event on document. */
(() => {
  'use strict';
  const script = document.currentScript;
  const site = script && script.dataset.site;
  if (!site) { console.error('airwave: the embed script needs data-site'); return; }
  const service = new URL(script.src);
  const socketUrl = `${service.protocol === 'https:' ? 'wss' : 'ws'}://${service.host}/ws/v1?site=${encodeURIComponent(site)}`;
  const consentCookie = `airwave_consent_${site}`;
  const broadcastKey = `airwave:${site}:broadcast`;
  const watchingKey = `airwave:${site}:watching`;
  const peers = new Map(); // request id -> { pc, role, pending ICE candidates }

  const emit = (type, detail) => document.dispatchEvent(new CustomEvent('airwave', { detail: { type, ...detail } }));
  const setState = (element, state, text) => {
    if (!element) return;
    element.dataset.airwaveState = state;
    if (text) element.textContent = text;
  };
  const readJson = (key, fallback) => { try { return JSON.parse(sessionStorage.getItem(key)) ?? fallback; } catch { return fallback; } };
  const hasConsent = () => document.cookie.split('; ').includes(`${consentCookie}=granted`);
  const rememberConsent = () => {
    document.cookie = `${consentCookie}=granted; path=/; max-age=31536000; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
  };
  const el = (tag, style, text) => {
    const node = document.createElement(tag);
    if (style) node.style.cssText = style;
    if (text) node.textContent = text;
    return node;
  };

  /** One WebSocket to the service that says hello again after every reconnect (backoff with jitter, up to 30 s). */
  class Channel {
    constructor(role, token, onFrame, onWelcome, onRefused) {
      Object.assign(this, { role, token, onFrame, onWelcome, onRefused, attempts: 0, closed: false, resume: null });
      this.open();
    }
    open() {
      const socket = this.socket = new WebSocket(socketUrl);
      socket.onopen = () => this.send({ type: 'hello', role: this.role, token: this.token, resume: this.resume || undefined });
      socket.onmessage = (event) => {
        let frame;
        try { frame = JSON.parse(event.data); } catch { return; }
        if (frame.type === 'welcome') {
          this.attempts = 0;
          clearInterval(this.beat);
          this.beat = setInterval(() => this.send({ type: 'heartbeat' }), frame.heartbeatSeconds * 1000);
          this.iceServers = frame.iceServers;
          this.onWelcome(frame);
        } else if (frame.type === 'error') {
          console.warn(`airwave: ${frame.code}: ${frame.message}`);
          emit('error', { role: this.role, code: frame.code, message: frame.message });
          // A token the service refuses is refused again after a reconnect: only a fresh page (a new token) helps.
          if (frame.code === 'token-invalid' || frame.code === 'token-expired') {
            this.close();
            this.onRefused(frame);
          }
        } else {
          this.onFrame(frame);
        }
      };
      socket.onclose = () => {
        clearInterval(this.beat);
        if (this.closed) return;
        const delay = Math.min(30000, 1000 * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
        emit('reconnecting', { role: this.role, delay });
        this.retry = setTimeout(() => this.open(), delay);
      };
    }
    send(frame) {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ v: 1, ...frame }));
    }
    close() {
      this.closed = true;
      clearTimeout(this.retry);
      clearInterval(this.beat);
      this.socket.close(1000);
    }
  }

  /** A peer connection for one request; candidates that arrive before the description wait for it. */
  function newPeer(request, channel, role) {
    peers.get(request)?.pc.close();
    const pc = new RTCPeerConnection({ iceServers: channel.iceServers || [] });
    const peer = { pc, role, early: [] };
    peers.set(request, peer);
    pc.onicecandidate = (event) => channel.send({ type: 'ice', request, candidate: event.candidate ? event.candidate.toJSON() : null });
    pc.onconnectionstatechange = () => emit('peer', { role, request, state: pc.connectionState });
    return peer;
  }
  async function addCandidate(request, candidate) {
    const peer = peers.get(request);
    if (!peer || !candidate) return;
    if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(candidate).catch(() => {});
    else peer.early.push(candidate);
  }
  async function described(peer) {
    for (const candidate of peer.early.splice(0)) await peer.pc.addIceCandidate(candidate).catch(() => {});
  }
  /** Closes one connection: a peer-to-peer one by its request id, an SFU one by sfu:<request>; an SFU session is ended too. */
  function dropPeer(key) {
    const peer = peers.get(key);
    if (!peer) return;
    peers.delete(key);
    if (peer.session) fetch(peer.session, { method: 'DELETE', headers: peer.token ? { Authorization: `Bearer ${peer.token}` } : {} }).catch(() => {});
    peer.pc.close();
  }
  /** Everything of a request: its peer-to-peer connection and its SFU one. */
  function closePeer(request) {
    dropPeer(request);
    dropPeer(`sfu:${request}`);
  }
  /** Resolves once the connection has gathered its candidates: WHIP and WHEP servers take them in the description. */
  function gathered(pc) {
    return new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') { resolve(); return; }
      pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
    });
  }

  /** A small floating box the user can drag by its title bar. */
  function floating(title, corner) {
    const box = el('div', `position:fixed;${corner}:16px;bottom:16px;z-index:2147483647;width:240px;background:#111;color:#fff;`
      + 'font:13px system-ui,sans-serif;border-radius:8px;box-shadow:0 4px 16px #0006;overflow:hidden');
    const bar = el('div', 'padding:6px 8px;cursor:move;display:flex;justify-content:space-between;align-items:center;touch-action:none', title);
    const close = el('button', 'background:none;border:0;color:#fff;cursor:pointer;font-size:16px', '×');
    close.setAttribute('aria-label', 'Close');
    bar.append(close);
    const video = el('video', 'display:block;width:100%;background:#000');
    Object.assign(video, { autoplay: true, playsInline: true });
    const notes = el('div', 'padding:4px 8px');
    box.append(bar, video, notes);
    bar.addEventListener('pointerdown', (down) => {
      if (down.target === close) return;
      const start = box.getBoundingClientRect();
      bar.setPointerCapture(down.pointerId);
      const move = (event) => Object.assign(box.style, {
        left: `${start.left + event.clientX - down.clientX}px`, top: `${start.top + event.clientY - down.clientY}px`, right: 'auto', bottom: 'auto',
      });
      bar.addEventListener('pointermove', move);
      bar.addEventListener('pointerup', () => bar.removeEventListener('pointermove', move), { once: true });
    });
    document.body.append(box);
    return { box, video, notes, close };
  }

  // ---- Broadcasting -------------------------------------------------------------------------------------------
  let broadcast = null;

  async function startBroadcast(button, resume) {
    if (broadcast) return;
    setState(button, 'starting');
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (error) {
      setState(button, 'denied');
      emit('broadcast', { state: 'denied', reason: error.name });
      return;
    }
    rememberConsent();
    const preview = floating('Live', 'right');
    preview.video.muted = true;
    preview.video.srcObject = stream;
    preview.close.title = 'Stop broadcasting';
    const channel = new Channel('broadcaster', button.dataset.airwaveToken, onBroadcasterFrame, (welcome) => {
      sessionStorage.setItem(broadcastKey, JSON.stringify({ resume: welcome.resumeToken }));
      channel.resume = welcome.resumeToken;
      setState(button, 'live', button.dataset.airwaveLiveText || 'Stop broadcast');
      emit('broadcast', { state: 'live', session: welcome.session, resumed: welcome.resumed });
    }, (refusal) => {
      stopBroadcast(false, refusal.code);
      setState(button, 'error');
      button.dataset.airwaveError = refusal.code;
    });
    channel.resume = resume;
    broadcast = { button, channel, stream, preview };
    preview.close.onclick = () => stopBroadcast(true);
  }

  /**
   * The broadcast has outgrown peer-to-peer: the camera's stream, as it is (no new permission prompt), is published
   * over WHIP to the SFU stream the service chose; once connected, the service moves the viewers there.
   */
  async function publishToSfu(frame) {
    const current = broadcast;
    if (!current) return;
    dropPeer('sfu');
    const pc = new RTCPeerConnection({ iceServers: current.channel.iceServers || [] });
    const peer = { pc, role: 'broadcaster', early: [], token: frame.token };
    peers.set('sfu', peer);
    current.stream.getTracks().forEach((track) => pc.addTransceiver(track, { direction: 'sendonly', streams: [current.stream] }));
    pc.onconnectionstatechange = () => {
      emit('peer', { role: 'broadcaster', request: 'sfu', state: pc.connectionState });
      if (pc.connectionState === 'connected' && broadcast === current) current.channel.send({ type: 'sfu-live' });
    };
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const whip = new URL(frame.whip, service);
      const answer = await fetch(whip, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${frame.token}` }, body: pc.localDescription.sdp });
      if (answer.status !== 201) throw new Error(`the SFU answered ${answer.status}`);
      peer.session = new URL(answer.headers.get('Location'), whip).toString();
      await pc.setRemoteDescription({ type: 'answer', sdp: await answer.text() });
      emit('broadcast', { state: 'sfu', stream: frame.stream });
    } catch (error) {
      // The viewers stay peer-to-peer.
      console.warn(`airwave: publishing to the SFU failed: ${error.message}`);
      emit('broadcast', { state: 'sfu-failed', reason: error.message });
      dropPeer('sfu');
    }
  }

  function stopBroadcast(sayBye, reason) {
    if (!broadcast) return;
    const { button, channel, stream, preview } = broadcast;
    broadcast = null;
    if (sayBye) channel.send({ type: 'bye' });
    channel.close();
    stream.getTracks().forEach((track) => track.stop());
    preview.box.remove();
    for (const [request, peer] of peers) if (peer.role === 'broadcaster') closePeer(request);
    sessionStorage.removeItem(broadcastKey);
    setState(button, 'stopped', button.dataset.airwaveStartText || 'Start broadcast');
    emit('broadcast', { state: 'stopped', reason: reason || 'stopped' });
  }

  async function onBroadcasterFrame(frame) {
    const { channel, stream, preview } = broadcast || {};
    if (!channel) return;
    switch (frame.type) {
      case 'watch-request': {
        const ask = el('div', 'display:flex;gap:6px;align-items:center;margin:4px 0', `${frame.viewer} wants to watch`);
        ask.dataset.airwaveRequest = frame.request;
        for (const [label, type] of [['Accept', 'accept'], ['Refuse', 'refuse']]) {
          const choice = el('button', 'cursor:pointer', label);
          choice.dataset.airwaveDecision = type;
          choice.onclick = () => { channel.send({ type, request: frame.request }); ask.remove(); };
          ask.append(choice);
        }
        preview.notes.append(ask);
        emit('watch-request', { request: frame.request, viewer: frame.viewer });
        break;
      }
      case 'sfu': await publishToSfu(frame); break;
      case 'viewer-switched': dropPeer(frame.request); break;
      case 'viewer-ready': {
        if (frame.topology === 'sfu') break; // the viewer watches the SFU: nothing to offer
        // Asked again before the answer came (both pages came back at once): only the answer to this offer counts.
        const peer = newPeer(frame.request, channel, 'broadcaster');
        peer.negotiation = Math.random().toString(36).slice(2, 12);
        stream.getTracks().forEach((track) => peer.pc.addTrack(track, stream));
        await peer.pc.setLocalDescription(await peer.pc.createOffer());
        channel.send({ type: 'offer', request: frame.request, sdp: peer.pc.localDescription.sdp, negotiation: peer.negotiation });
        break;
      }
      case 'answer': {
        const peer = peers.get(frame.request);
        // A page loaded before the service had negotiation ids answers without one.
        if (!peer || (frame.negotiation && frame.negotiation !== peer.negotiation)) return;
        await peer.pc.setRemoteDescription({ type: 'answer', sdp: frame.sdp });
        await described(peer);
        break;
      }
      case 'ice': await addCandidate(frame.request, frame.candidate); break;
      case 'viewer-left': case 'viewer-away': closePeer(frame.request); break;
      case 'ended': stopBroadcast(false, frame.reason); break;
      default: break;
    }
  }

  // ---- Views --------------------------------------------------------------------------------------------------
  /**
   * One view of a broadcast, reported to the service in view frames as Airwave's player reports its views: it begins
   * when the broadcaster accepts (play) and the first frame shown is playing. Once a second the peer connection's
   * statistics say whether frames still come (a second without one while playing is a stall) and at what size (a new
   * size is a quality change); the video's pause and play are the viewer's. A view belongs to the socket it began on:
   * when that drops, the service ends it, and the page begins a new one once it is accepted again.
   */
  class View {
    constructor(request, channel) {
      Object.assign(this, {
        request, channel, socket: channel.socket, begun: performance.now(), queue: [], ended: false,
        video: null, pc: null, switching: false, playing: false, frames: null, progressed: 0, stalled: false, size: null,
      });
      this.add('play');
      this.flush();
      this.timer = setInterval(() => this.sample(), 1000);
    }
    now() { return Math.round(performance.now() - this.begun); }
    add(type, fields, at) {
      if (this.ended) return;
      this.queue.push({ type, t: at ?? this.now(), ...fields });
      emit('view', { request: this.request, event: type });
    }
    flush() {
      const events = this.queue.splice(0);
      if (events.length && this.channel.socket === this.socket) this.channel.send({ type: 'view', request: this.request, events });
    }
    /** The video shows what arrives on pc now: peer-to-peer first, then perhaps the SFU. */
    show(video, pc, media) {
      if (this.video !== video) {
        this.video = video;
        video.addEventListener('playing', () => {
          this.switching = false;
          this.playing = true;
          this.add('playing');
          this.flush();
        });
        // Replacing what plays pauses and plays the element by itself: only the viewer's own count.
        video.addEventListener('pause', () => { if (!this.switching) this.add('pause'); });
        video.addEventListener('play', () => { if (!this.switching) this.add('play'); });
      }
      if (pc !== this.pc) Object.assign(this, { pc, frames: null });
      // Each of a stream's tracks arrives on its own: the stream is set once.
      if (video.srcObject === media) return;
      this.switching = Boolean(video.srcObject);
      video.srcObject = media;
    }
    async sample() {
      const { pc, video } = this;
      if (!pc || this.ended) return;
      let inbound = null;
      try {
        (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') inbound = s; });
      } catch { return; }
      if (!inbound || pc !== this.pc) return;
      const t = this.now();
      const frames = inbound.framesDecoded || 0;
      if (frames !== this.frames) {
        if (this.stalled) this.add('buffering_end', {}, t);
        Object.assign(this, { stalled: false, progressed: t });
      } else if (this.playing && !this.stalled && !video.paused) {
        this.stalled = true;
        this.add('buffering_start', {}, this.progressed);
      }
      this.frames = frames;
      const size = inbound.frameWidth && `${inbound.frameWidth}x${inbound.frameHeight}`;
      if (size && size !== this.size) {
        this.size = size;
        this.add('quality_change', { rendition: { width: inbound.frameWidth, height: inbound.frameHeight } }, t);
      }
      this.flush();
    }
    fail(code, message) {
      this.add('error', { code, message });
      this.flush();
    }
    end() {
      this.add('end');
      this.ended = true;
      clearInterval(this.timer);
      this.flush();
    }
  }

  // ---- Watching -----------------------------------------------------------------------------------------------
  let viewing = null;

  function watchButtons(user) {
    return [...document.querySelectorAll('[data-airwave-watch]')].filter((b) => !user || b.dataset.airwaveWatch === user);
  }

  function startViewing(token) {
    const users = [...new Set(watchButtons().map((b) => b.dataset.airwaveWatch))];
    const channel = new Channel('viewer', token, onViewerFrame, () => {
      if (users.length) channel.send({ type: 'subscribe', users: users.slice(0, 100) });
      for (const user of readJson(watchingKey, [])) channel.send({ type: 'watch', broadcaster: user });
    }, (refusal) => watchButtons().forEach((b) => {
      setState(b, 'error');
      b.dataset.airwaveError = refusal.code;
    }));
    viewing = { channel, players: new Map(), requests: new Map(), views: new Map() };
    // Leaving or refreshing the page ends its views while the socket is still open.
    addEventListener('pagehide', () => viewing.views.forEach((view) => view.end()));
  }

  /** The request's view, begun when the broadcaster accepted on this socket; a new one after a reconnect. */
  function beginView(request) {
    const { channel, views } = viewing;
    const view = views.get(request);
    if (view && !view.ended && view.socket === channel.socket) return;
    view?.end();
    views.set(request, new View(request, channel));
  }

  function endView(request) {
    viewing.views.get(request)?.end();
    viewing.views.delete(request);
  }

  /** The user's player shows what arrives on pc for the request, and its view follows it. */
  function show(user, request, pc, media) {
    const { video } = playerFor(user, request);
    const view = viewing.views.get(request);
    if (view) view.show(video, pc, media);
    else video.srcObject = media;
  }

  function watch(user) {
    const watching = readJson(watchingKey, []);
    if (!watching.includes(user)) sessionStorage.setItem(watchingKey, JSON.stringify([...watching, user]));
    viewing.channel.send({ type: 'watch', broadcaster: user });
    watchButtons(user).forEach((b) => setState(b, 'asking'));
  }

  function unwatch(user, state, request) {
    sessionStorage.setItem(watchingKey, JSON.stringify(readJson(watchingKey, []).filter((u) => u !== user)));
    viewing.players.get(user)?.box.remove();
    viewing.players.delete(user);
    if (request) {
      endView(request);
      closePeer(request);
    }
    watchButtons(user).forEach((b) => setState(b, state));
  }

  function playerFor(user, request) {
    const { channel, players } = viewing;
    let player = players.get(user);
    if (!player) {
      player = floating(user, 'left');
      player.video.muted = true; // autoplay policies allow muted playback; the user can unmute with the controls
      player.video.controls = true;
      player.close.onclick = () => {
        endView(request);
        channel.send({ type: 'bye', request });
        unwatch(user, 'live', request);
      };
      players.set(user, player);
    }
    return player;
  }

  /**
   * The broadcast goes through an SFU now: watch it over WHEP. The peer-to-peer connection plays until this one is
   * connected; then it closes, and the broadcaster's page is told so that it closes its end.
   */
  async function watchSfu(frame, user) {
    const { channel } = viewing;
    const key = `sfu:${frame.request}`;
    dropPeer(key);
    const pc = new RTCPeerConnection({ iceServers: channel.iceServers || [] });
    const peer = { pc, role: 'viewer', early: [] };
    peers.set(key, peer);
    let media = null;
    pc.ontrack = (event) => { media = event.streams[0] || new MediaStream([event.track]); };
    pc.onconnectionstatechange = () => {
      emit('peer', { role: 'viewer', request: key, state: pc.connectionState });
      if (pc.connectionState !== 'connected' || peers.get(key) !== peer) return;
      show(user, frame.request, pc, media);
      dropPeer(frame.request);
      channel.send({ type: 'sfu-watching', request: frame.request });
      watchButtons(user).forEach((b) => setState(b, 'watching'));
      emit('watch', { broadcaster: user, state: 'watching', request: frame.request, topology: 'sfu' });
    };
    try {
      const whep = new URL(frame.whep, service);
      // The pod's offer, answered: so every browser receives the engine's payload types (Firefox, offering itself,
      // would expect its own).
      const offered = await fetch(whep, { method: 'POST', headers: frame.grant ? { Authorization: `Bearer ${frame.grant}` } : {} });
      if (offered.status !== 201) throw new Error(`the SFU answered ${offered.status}`);
      peer.session = new URL(offered.headers.get('Location'), whep).toString();
      await pc.setRemoteDescription({ type: 'offer', sdp: await offered.text() });
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      const answered = await fetch(peer.session, { method: 'PATCH', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
      if (answered.status !== 204) throw new Error(`the SFU answered ${answered.status} to the answer`);
    } catch (error) {
      // Peer-to-peer goes on where there is one.
      console.warn(`airwave: watching through the SFU failed: ${error.message}`);
      emit('watch', { broadcaster: user, state: 'sfu-failed', reason: error.message });
      viewing.views.get(frame.request)?.fail('sfu-failed', error.message);
      dropPeer(key);
    }
  }

  async function onViewerFrame(frame) {
    const { channel, players, requests } = viewing;
    const user = frame.broadcaster || requests.get(frame.request);
    if (frame.request && frame.broadcaster) requests.set(frame.request, frame.broadcaster);
    switch (frame.type) {
      case 'presence':
        watchButtons(frame.user).forEach((b) => {
          b.hidden = !frame.live;
          if (!frame.live) setState(b, 'offline');
          else if (!b.dataset.airwaveState || b.dataset.airwaveState === 'offline') setState(b, 'live');
        });
        break;
      case 'watch-pending': watchButtons(user).forEach((b) => setState(b, 'pending')); break;
      case 'accepted':
        watchButtons(user).forEach((b) => setState(b, 'accepted'));
        beginView(frame.request);
        if (frame.topology === 'sfu') await watchSfu(frame, user);
        break;
      case 'topology': if (frame.topology === 'sfu') await watchSfu(frame, user); break;
      case 'refused':
        unwatch(user, 'refused');
        emit('watch', { broadcaster: user, state: 'refused' });
        break;
      case 'offer': {
        const peer = newPeer(frame.request, channel, 'viewer');
        peer.pc.ontrack = (event) => show(user, frame.request, peer.pc, event.streams[0]);
        await peer.pc.setRemoteDescription({ type: 'offer', sdp: frame.sdp });
        await described(peer);
        await peer.pc.setLocalDescription(await peer.pc.createAnswer());
        channel.send({ type: 'answer', request: frame.request, sdp: peer.pc.localDescription.sdp, negotiation: frame.negotiation });
        watchButtons(user).forEach((b) => setState(b, 'watching'));
        emit('watch', { broadcaster: user, state: 'watching', request: frame.request });
        break;
      }
      case 'ice': await addCandidate(frame.request, frame.candidate); break;
      case 'broadcaster-away': watchButtons(user).forEach((b) => setState(b, 'reconnecting')); break;
      case 'broadcast-ended': case 'bye':
        unwatch(user, frame.type === 'bye' ? 'closed' : 'ended', frame.request);
        emit('watch', { broadcaster: user, state: 'ended', reason: frame.reason });
        break;
      default: break;
    }
  }

  // ---- Wiring -------------------------------------------------------------------------------------------------
  function init() {
    const broadcastButton = document.querySelector('[data-airwave-broadcast]');
    if (broadcastButton) {
      broadcastButton.addEventListener('click', () => (broadcast ? stopBroadcast(true) : startBroadcast(broadcastButton)));
      // A refresh during a broadcast carries on, with the consent given before: no new question to the user.
      const saved = readJson(broadcastKey, null);
      if (saved && hasConsent()) startBroadcast(broadcastButton, saved.resume);
    }

    const buttons = watchButtons();
    if (buttons.length) {
      buttons.forEach((b) => {
        b.hidden = true;
        b.addEventListener('click', () => watch(b.dataset.airwaveWatch));
      });
      startViewing(buttons[0].dataset.airwaveToken);
    }
  }

  window.Airwave = {
    /** Frames decoded and sent per peer connection, from getStats: what a site can show or log. */
    async stats() {
      const out = [];
      for (const [request, { pc, role }] of peers) {
        const reports = [...(await pc.getStats()).values()];
        const sum = (kind, field) => reports.filter((r) => r.type === kind && r.kind === 'video').reduce((n, r) => n + (r[field] || 0), 0);
        out.push({ request, role, state: pc.connectionState, framesDecoded: sum('inbound-rtp', 'framesDecoded'), framesSent: sum('outbound-rtp', 'framesSent') });
      }
      return out;
    },
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

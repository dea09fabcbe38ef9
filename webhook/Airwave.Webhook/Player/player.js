/*
 * Airwave's player: plays a LiveStream, a VideoAsset or an external HLS URL in a <video> with hls.js (served beside
 * this script, so a page needs no CDN) and reports the view to the webhook service it was loaded from, as Mux Data's
 * hls.js integration reports one: play, first frame, stalls, rendition switches, errors, heartbeats and the end, with
 * Common Media Client Data on every segment request (and its latest values forwarded with each heartbeat).
 *
 *   <script src="https://hooks.example.com/v1/player/player.js"></script>
 *   const player = AirwavePlayer.play(video, { kind: 'VideoAsset', namespace: 'team-a', name: 'intro',
 *                                              src: token.playbackUrl, viewToken: token.viewToken });
 *   // or { url: 'https://cdn.example.net/live/index.m3u8' } for an external stream; player.end() ends the view;
 *   // { hls: { ... } } adds hls.js settings (its cmcd setting is the player's unless given).
 */
(function () {
  'use strict';

  var scriptUrl = document.currentScript && document.currentScript.src;
  if (!scriptUrl) {
    throw new Error('AirwavePlayer: load player.js with a <script src> tag');
  }

  var hlsUrl = new URL('hls.min.js', scriptUrl).href;
  var viewsUrl = new URL('/v1/views', scriptUrl).href;
  var hlsLoading = null;

  function loadHls() {
    if (window.Hls) {
      return Promise.resolve(window.Hls);
    }
    if (!hlsLoading) {
      hlsLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement('script');
        tag.src = hlsUrl;
        tag.onload = function () { resolve(window.Hls); };
        tag.onerror = function () { reject(new Error('AirwavePlayer: could not load ' + hlsUrl)); };
        document.head.appendChild(tag);
      });
    }
    return hlsLoading;
  }

  // text/plain keeps the beacons simple requests: no CORS preflight before each one.
  function post(url, body, keepalive) {
    return fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'text/plain' }, keepalive: !!keepalive, credentials: 'omit' });
  }

  function openView(options) {
    var body = options.url
      ? { url: options.url, sessionId: options.sessionId }
      : { kind: options.kind, namespace: options.namespace, name: options.name, viewToken: options.viewToken, sessionId: options.sessionId };
    return post(viewsUrl, body).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) { throw new Error('AirwavePlayer: the view was refused (' + response.status + '): ' + text); });
      }
      return response.json();
    });
  }

  function Reporter(view) {
    var self = this;
    var opened = performance.now();
    var queue = [];
    var ended = false;
    var lastCmcd = null;
    var sentCmcd = null;
    var eventsUrl = new URL(view.eventsUrl, viewsUrl).href;
    var cmcdUrl = new URL(view.cmcdUrl, viewsUrl).href;

    self.viewId = view.viewId;

    self.add = function (type, extra) {
      if (ended) {
        return;
      }
      var event = { type: type, t: Math.round(performance.now() - opened) };
      for (var key in extra || {}) {
        event[key] = extra[key];
      }
      queue.push(event);
      if (type === 'end' || type === 'error') {
        self.flush(type === 'end');
      }
    };

    self.cmcd = function (text) {
      lastCmcd = text;
    };

    self.flush = function (final) {
      if (queue.length === 0) {
        return;
      }
      var batch = queue.splice(0, 100);
      ended = ended || final;
      post(eventsUrl, batch, final).then(function (response) {
        // 404: the view ended here (its heartbeats were late); nothing more is reported.
        if (response.status === 404) {
          ended = true;
          clearInterval(timer);
        }
      }).catch(function () { /* a lost beacon: the next heartbeat carries on */ });
      if (lastCmcd && lastCmcd !== sentCmcd) {
        sentCmcd = lastCmcd;
        fetch(cmcdUrl + '?CMCD=' + encodeURIComponent(lastCmcd), { method: 'POST', keepalive: !!final, credentials: 'omit' }).catch(function () {});
      }
      if (final) {
        clearInterval(timer);
      }
    };

    var timer = setInterval(function () {
      self.add('heartbeat');
      self.flush(false);
    }, Math.max(1, view.heartbeatSeconds || 10) * 1000);
  }

  function watch(video, hls, reporter) {
    var on = function (name, handler) { video.addEventListener(name, handler); };
    on('play', function () { reporter.add('play'); });
    on('playing', function () { reporter.add('playing'); });
    on('pause', function () { if (!video.ended) { reporter.add('pause'); } });
    on('seeking', function () { reporter.add('seek'); });
    on('waiting', function () { reporter.add('buffering_start'); });
    on('canplay', function () { reporter.add('buffering_end'); });
    on('ended', function () { reporter.add('end'); });
    on('error', function () {
      var error = video.error;
      reporter.add('error', { code: error ? 'MEDIA_ERR_' + error.code : 'media', message: error && error.message ? error.message : 'the video element failed' });
    });
    window.addEventListener('pagehide', function () { reporter.add('end'); });
    if (!hls) {
      return;
    }
    var Hls = window.Hls;
    hls.on(Hls.Events.LEVEL_SWITCHED, function (_, data) {
      var level = hls.levels[data.level] || {};
      reporter.add('quality_change', { rendition: { bitrate: level.bitrate, width: level.width, height: level.height }, manual: !hls.autoLevelEnabled });
    });
    hls.on(Hls.Events.ERROR, function (_, data) {
      if (data.fatal) {
        reporter.add('error', { code: data.details, message: data.type + (data.reason ? ': ' + data.reason : '') });
      }
    });
    hls.on(Hls.Events.FRAG_LOADED, function (_, data) {
      var url = data.networkDetails && data.networkDetails.responseURL;
      var cmcd = url && new URL(url).searchParams.get('CMCD');
      if (cmcd) {
        reporter.cmcd(cmcd);
      }
    });
  }

  function play(video, options) {
    if (!video || !options || !(options.src || options.url)) {
      throw new Error('AirwavePlayer.play(video, { src, kind, namespace, name, viewToken } or { url })');
    }
    var src = options.src || options.url;
    var controller = { hls: null, reporter: null };
    controller.view = openView(options).then(
      function (view) { controller.reporter = new Reporter(view); return view; },
      function (error) { console.warn(error.message); return null; });
    controller.end = function () {
      if (controller.reporter) {
        controller.reporter.add('end');
      }
    };
    controller.ready = Promise.all([loadHls(), controller.view]).then(function (results) {
      var Hls = results[0];
      var view = results[1];
      var reporter = controller.reporter || { add: function () {}, cmcd: function () {}, flush: function () {} };
      if (Hls && Hls.isSupported()) {
        var config = { cmcd: { sessionId: view ? view.sessionId : undefined, contentId: options.url || options.kind + '/' + options.namespace + '/' + options.name } };
        for (var key in options.hls || {}) {
          config[key] = options.hls[key];
        }
        controller.hls = new Hls(config);
        watch(video, controller.hls, reporter);
        controller.hls.loadSource(src);
        controller.hls.attachMedia(video);
      } else {
        watch(video, null, reporter);
        video.src = src;
      }
      return controller;
    });
    return controller;
  }

  window.AirwavePlayer = { play: play };
})();

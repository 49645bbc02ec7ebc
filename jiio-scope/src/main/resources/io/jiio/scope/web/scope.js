// jiio scope: the page. Plain script, no build step: uPlot comes from the server (/uplot/),
// data from a WebSocket (/ws) as binary frames (layout: FrameEncoder.java), everything else
// as JSON over HTTP (/api/...). The server does the work that needs every sample (trigger,
// decimation, FFT); this page only draws and asks.
'use strict';
(() => {
  const $ = id => document.getElementById(id);
  const COLORS = ['#1f6fd1', '#d62728', '#2a9d3a', '#8e44ad', '#e67e22', '#16a3b8', '#8c564b', '#d6408f'];
  const TRACE = 1, SPECTRUM = 2;
  // two plots share the height left by the controls, within reason
  const plotHeight = () => Math.max(170, Math.min(320, Math.round((window.innerHeight - 300) / 2)));

  const st = {
    ws: null, hello: null, channels: [], rate: 0, run: true, single: false,
    trace: null, spectrum: null, gaps: [], traces: 0, spectra: 0,
    runNumber: null, reportedLost: 0, reportedDropped: 0, lastState: null,
  };

  // ------------------------------------------------------------------ formatting

  const PREFIXES = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n']];
  function si(v, unit, digits = 4) {
    if (!isFinite(v)) return '—';
    if (v === 0) return '0 ' + unit;
    const a = Math.abs(v);
    for (const [f, p] of PREFIXES) {
      if (a >= f * 0.9999) return +(v / f).toPrecision(digits) + ' ' + p + unit;
    }
    return v.toExponential(2) + ' ' + unit;
  }
  function count(n) { return Number(n).toLocaleString('en-US'); }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function event(text, cls) {
    const li = el('li', cls || '', new Date().toLocaleTimeString() + '  ' + text);
    const list = $('events');
    list.prepend(li);
    while (list.children.length > 60) list.lastChild.remove();
  }
  function banner(id, text) {
    const b = $(id);
    b.hidden = !text;
    b.textContent = text || '';
  }

  // ------------------------------------------------------------------ settings sent to the server

  function settings() {
    return {
      type: 'settings',
      run: st.run,
      window: Number($('window').value) || 2000,
      points: Math.max(200, Math.min(4000, Math.round(($('trace').clientWidth || 800) * 1.5))),
      trigger: {
        edge: $('trig-edge').value,
        channel: Number($('trig-source').value) || 0,
        level: Number($('trig-level').value) || 0,
        position: Number($('trig-pos').value),
        normal: $('trig-mode').value === 'normal',
      },
      fft: { size: Number($('fft-size').value) || 4096, averages: Number($('fft-avg').value) || 1 },
    };
  }
  function sendSettings() {
    if (st.ws && st.ws.readyState === WebSocket.OPEN) st.ws.send(JSON.stringify(settings()));
  }
  function setRun(on) {
    st.run = on;
    const b = $('run');
    b.textContent = on ? 'Stop' : 'Run';
    b.classList.toggle('stopped', !on);
    sendSettings();
  }

  // ------------------------------------------------------------------ WebSocket

  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.binaryType = 'arraybuffer';
    st.ws = ws;
    ws.onopen = () => { sendSettings(); event('connected'); };
    ws.onmessage = e => {
      if (typeof e.data === 'string') {
        const m = JSON.parse(e.data);
        if (m.type === 'hello') onHello(m);
        else if (m.type === 'status') onStatus(m);
      } else {
        onFrame(e.data);
      }
    };
    ws.onclose = () => {
      pill('state', 'disconnected', 'failed');
      event('disconnected from the scope; retrying', 'error');
      setTimeout(connect, 1500);
    };
  }

  function pill(id, text, cls) {
    const p = $(id);
    p.textContent = text;
    p.className = 'pill ' + (cls || '');
  }

  // ------------------------------------------------------------------ hello: what is captured

  function onHello(m) {
    st.hello = m;
    $('uri').textContent = m.uri;
    if (!m.capture) {
      st.channels = [];
      $('capture-desc').textContent = 'nothing captured';
      banner('problem', m.problem);
      destroyPlots();
      loadCapture();
      return;
    }
    banner('problem', '');
    const c = m.capture;
    const changed = JSON.stringify(c.channels) !== JSON.stringify(st.channels) || !st.trace
      || (c.rate || 0) !== st.rate;
    st.channels = c.channels;
    st.rate = c.rate || 0;
    $('capture-desc').textContent = c.device + ': ' + c.channels.map(ch => ch.id).join(' ')
      + (st.rate > 0 ? ' at ' + si(st.rate, 'Hz') : '');
    if (c.blocks) $('fig-buffer').textContent = c.blocks + ' × ' + count(c.blockScans) + ' scans';
    if (c.run !== undefined && c.run !== st.runNumber) {
      st.runNumber = c.run;
      st.reportedLost = 0;
      event('capture ' + c.run + ' of ' + c.device + ' started' + (st.rate > 0 ? ' at ' + si(st.rate, 'Hz') : ''));
    }
    fillWindowChoices(c.maxWindow || 131072);
    fillFftChoices(c.maxFft || 65536);
    fillTriggerSources();
    if (changed) buildPlots();
    loadCapture();
    sendSettings();
  }

  // The window list is in time when the rate is known, in scans otherwise. A span the user chose
  // is kept across restarts as a time (a new rate gives it a new number of scans); until then the
  // window is about 2000 scans.
  function fillWindowChoices(maxWindow) {
    const sel = $('window');
    sel.innerHTML = '';
    const values = [];
    for (let e = -6; e <= 3; e++) {
      for (const m of [1, 2, 5]) values.push(m * Math.pow(10, e));
    }
    const choices = [];
    if (st.rate > 0) {
      for (const seconds of values) {
        const scans = Math.round(seconds * st.rate);
        if (scans >= 16 && scans <= maxWindow) choices.push([scans, si(seconds, 's', 3)]);
      }
    }
    if (choices.length === 0) {
      for (const v of values) {
        const scans = Math.round(v * 1e6);
        if (scans >= 16 && scans <= maxWindow) choices.push([scans, count(scans) + ' scans']);
      }
    }
    for (const [scans, label] of choices) {
      const o = el('option', '', label);
      o.value = scans;
      sel.append(o);
    }
    const chosen = st.windowChoice;
    const want = !chosen ? 2000
      : chosen.rate > 0 && st.rate > 0 ? chosen.scans / chosen.rate * st.rate : chosen.scans;
    let best = choices[0];
    for (const c of choices) if (Math.abs(Math.log(c[0] / want)) < Math.abs(Math.log(best[0] / want))) best = c;
    if (best) sel.value = best[0];
  }

  function fillFftChoices(maxFft) {
    const sel = $('fft-size');
    const previous = Number(sel.value) || 4096;
    sel.innerHTML = '';
    for (let n = 256; n <= maxFft; n *= 2) {
      const o = el('option', '', count(n));
      o.value = n;
      sel.append(o);
    }
    sel.value = Math.min(previous, maxFft);
  }

  function fillTriggerSources() {
    const sel = $('trig-source');
    const previous = sel.value;
    sel.innerHTML = '';
    st.channels.forEach((ch, i) => {
      const o = el('option', '', ch.id);
      o.value = i;
      sel.append(o);
    });
    if (previous && Number(previous) < st.channels.length) sel.value = previous;
    const ch = st.channels[Number(sel.value) || 0];
    $('trig-unit').textContent = ch && ch.unit ? ' ' + ch.unit : '';
  }

  // ------------------------------------------------------------------ plots

  function destroyPlots() {
    if (st.trace) st.trace.destroy();
    if (st.spectrum) st.spectrum.destroy();
    st.trace = st.spectrum = null;
  }

  function unitOf(chs) {
    const units = [...new Set(chs.map(c => c.unit))];
    return units.length === 1 ? units[0] : '';
  }

  function buildPlots() {
    destroyPlots();
    const width = $('trace').clientWidth || 800;
    const unit = unitOf(st.channels);
    const series = st.channels.map((ch, i) => ({
      label: ch.id + (ch.unit ? ' (' + ch.unit + ')' : ''),
      stroke: COLORS[i % COLORS.length], width: 1,
      value: (u, v) => v == null ? '—' : v.toPrecision(5) + (ch.unit ? ' ' + ch.unit : ''),
    }));
    const empty = [new Float64Array(0), ...st.channels.map(() => new Float32Array(0))];
    st.trace = new uPlot({
      width, height: plotHeight(),
      scales: { x: { time: false } },
      legend: { live: false },
      series: [{ label: 'time', value: (u, v) => v == null ? '—' : timeLabel(v) }, ...series],
      axes: [
        { values: (u, splits) => splits.map(timeLabel) },
        { label: unit, size: 60 },
      ],
      hooks: { draw: [drawTraceMarks] },
    }, empty, $('trace'));
    st.spectrum = new uPlot({
      width, height: plotHeight(),
      scales: { x: { time: false } },
      legend: { live: false },
      series: [{ label: st.rate > 0 ? 'frequency' : 'cycles/scan', value: (u, v) => v == null ? '—' : freqLabel(v) },
        ...st.channels.map((ch, i) => ({
          label: ch.id, stroke: COLORS[i % COLORS.length], width: 1,
          value: (u, v) => v == null ? '—' : v.toFixed(1) + ' dB',
        }))],
      axes: [
        { values: (u, splits) => splits.map(freqLabel) },
        { label: 'dB', size: 60 },
      ],
    }, empty, $('spectrum'));
  }

  function timeLabel(v) {
    return st.traceDt > 0 ? si(v, 's', 3) : count(Math.round(v)) + ' scans';
  }
  function freqLabel(v) {
    return st.rate > 0 ? si(v, 'Hz', 4) : v.toFixed(4);
  }

  function drawTraceMarks(u) {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.lineWidth = 1 * devicePixelRatio;
    // where data is missing: the capture lost scans there
    ctx.strokeStyle = '#d00';
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.fillStyle = '#d00';
    ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
    for (const g of st.gaps) {
      const x = u.valToPos(g, 'x', true);
      if (x < left || x > left + width) continue;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.fillText('gap', x + 3, top + 12 * devicePixelRatio);
    }
    // the trigger: level and time 0
    if ($('trig-edge').value !== 'none') {
      ctx.strokeStyle = '#999';
      const y = u.valToPos(Number($('trig-level').value) || 0, 'y', true);
      if (y >= top && y <= top + height) {
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
      }
      const x0 = u.valToPos(0, 'x', true);
      if (x0 >= left && x0 <= left + width) {
        ctx.beginPath();
        ctx.moveTo(x0, top);
        ctx.lineTo(x0, top + height);
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  window.addEventListener('resize', () => {
    const width = $('trace').clientWidth;
    if (st.trace) st.trace.setSize({ width, height: plotHeight() });
    if (st.spectrum) st.spectrum.setSize({ width, height: plotHeight() });
  });

  // ------------------------------------------------------------------ frames

  function onFrame(buf) {
    const dv = new DataView(buf);
    const type = dv.getUint8(0);
    const flags = dv.getUint8(1);
    const channels = dv.getUint16(2, true);
    const points = dv.getUint32(4, true);
    if (channels !== st.channels.length || !st.trace) return; // from before the capture changed
    if (type === TRACE) {
      if (!st.run) return;
      const dt = dv.getFloat64(16, true);
      const gaps = dv.getUint32(28, true);
      let at = 32;
      const xs = new Float32Array(buf, at, points);
      at += 4 * points;
      const scale = dt > 0 ? dt : 1;
      st.traceDt = dt;
      const data = [Float64Array.from(xs, v => v * scale)];
      for (let c = 0; c < channels; c++, at += 4 * points) data.push(new Float32Array(buf, at, points));
      st.gaps = Array.from(new Float32Array(buf, at, gaps), v => v * scale);
      st.trace.setData(data);
      const triggered = (flags & 1) !== 0;
      const ts = $('trace-state');
      ts.dataset.triggered = String(triggered);
      if ($('trig-edge').value === 'none') pill('trace-state', 'free run', '');
      else pill('trace-state', triggered ? 'triggered' : 'auto (no edge)', triggered ? 'triggered' : 'waiting');
      ts.dataset.triggered = String(triggered);
      st.traces++;
      $('fig-frames').dataset.traces = st.traces;
      if (st.single && (triggered || $('trig-edge').value === 'none')) {
        st.single = false;
        setRun(false);
        event('single trace taken');
      }
    } else if (type === SPECTRUM) {
      if (!st.run) return;
      const rate = dv.getFloat64(8, true);
      showSpectrumInfo(dv.getUint32(16, true), dv.getUint32(20, true), rate);
      let at = 24;
      const peaks = [];
      for (let c = 0; c < channels; c++, at += 8) {
        peaks.push([dv.getFloat32(at, true), dv.getFloat32(at + 4, true)]);
      }
      const data = [new Float32Array(buf, at, points)];
      at += 4 * points;
      for (let c = 0; c < channels; c++, at += 4 * points) data.push(new Float32Array(buf, at, points));
      st.spectrum.setData(data);
      showPeaks(peaks, rate);
      st.spectra++;
      $('fig-frames').dataset.spectra = st.spectra;
    }
    $('fig-frames').textContent = count(st.traces) + ' traces, ' + count(st.spectra) + ' spectra';
  }

  // What the spectrum is, from its own frame: the window, the FFT size, the frames averaged so far
  // of those asked for, the unit of its dB, and the frequency axis (from the sampling rate).
  function showSpectrumInfo(size, averaged, rate) {
    const info = $('fft-info');
    const unit = unitOf(st.channels) || 'unit';
    info.dataset.size = size;
    info.dataset.averaged = averaged;
    info.dataset.rate = rate;
    info.textContent = 'Hann window, ' + count(size) + '-point FFT, ' + averaged + ' of '
      + ($('fft-avg').value || 1) + ' averaged, dB re 1 ' + unit + ' (peak), '
      + (rate > 0 ? si(rate / size, 'Hz', 4) + ' per bin from the ' + si(rate, 'Hz') + ' sampling rate'
        : 'no sampling rate: cycles per scan');
  }

  function showPeaks(peaks, rate) {
    const box = $('peaks');
    if (box.children.length !== peaks.length) {
      box.innerHTML = '';
      st.channels.forEach((ch, i) => {
        const s = el('span', 'peak');
        s.dataset.channel = ch.id;
        s.style.color = COLORS[i % COLORS.length];
        box.append(s);
      });
    }
    peaks.forEach(([f, db], i) => {
      const s = box.children[i];
      s.dataset.hz = f;
      s.dataset.db = db;
      s.innerHTML = '';
      s.append(el('b', '', st.channels[i].id + ' peak'), ' ' + (rate > 0 ? si(f, 'Hz', 5) : f.toFixed(5) + ' cycles/scan')
        + ', ' + db.toFixed(1) + ' dB');
    });
  }

  // ------------------------------------------------------------------ status: live figures

  function onStatus(m) {
    // a status of a run that has since been replaced (it was on its way when the capture restarted)
    if (m.run !== undefined && st.runNumber !== null && m.run < st.runNumber) return;
    const stateText = m.state || '—';
    pill('state', stateText, stateText);
    $('fig-state').textContent = stateText;
    $('fig-viewers').textContent = m.viewers;
    $('fig-dropped').textContent = count(m.framesDropped);
    $('fig-dropped').dataset.dropped = m.framesDropped;
    $('fig-dropped').classList.toggle('dropped', m.framesDropped > 0);
    if (m.framesDropped > 0) {
      banner('drop-banner', count(m.framesDropped) + ' frames were not sent to this page: it (or the network) '
        + 'could not take them as fast as they came. The display skipped them; the capture lost nothing for it.');
      if (m.framesDropped > st.reportedDropped) {
        event((m.framesDropped - st.reportedDropped) + ' frames dropped for this page');
        st.reportedDropped = m.framesDropped;
      }
    }
    $('cap-restart').hidden = stateText !== 'failed' && stateText !== 'stopped';
    if (m.error) {
      banner('problem', 'The capture stopped: ' + m.error);
      if (st.lastState !== 'failed') event('capture stopped: ' + m.error, 'error');
    } else if (st.hello && st.hello.capture) {
      banner('problem', '');
    }
    st.lastState = stateText;
    if (m.run === undefined) return;
    $('fig-rate').textContent = m.rate > 0 ? si(m.rate, 'Hz') : 'none (unthrottled)';
    $('fig-sps').textContent = si(m.scansPerSecond, 'scans/s');
    $('fig-bps').textContent = m.blocksPerSecond.toFixed(1);
    $('fig-scans').textContent = count(m.scans);
    const lost = $('fig-lost');
    lost.dataset.lost = m.lossKnown ? m.lostScans : -1;
    lost.dataset.gaps = m.gaps;
    lost.classList.toggle('lost', m.lostScans > 0 || !m.lossKnown);
    lost.title = 'the queue counts ' + count(m.queueLostScans) + ' scans lost in ' + count(m.queueOverruns)
      + ' overruns (including gaps before blocks not taken yet)';
    if (!m.lossKnown) {
      lost.textContent = 'unknown';
      lost.title = 'this device cannot tell what it lost';
    } else {
      lost.textContent = count(m.lostScans) + ' in ' + count(m.gaps) + ' gaps';
    }
    if (m.lostScans > 0) {
      const g = m.lastGap;
      banner('loss-banner', 'Scans lost: ' + count(m.lostScans) + ' in ' + count(m.gaps) + ' gaps since the capture started'
        + (g ? ' — the latest: ' + count(g.lost) + ' scans just before scan ' + count(g.scan) + ', '
          + g.secondsAgo.toFixed(1) + ' s ago' : '') + '. A red dashed line marks a gap in the trace.');
      if (m.lostScans > st.reportedLost) {
        event(count(m.lostScans - st.reportedLost) + ' scans lost', 'loss');
        st.reportedLost = m.lostScans;
      }
    } else {
      banner('loss-banner', '');
    }
  }

  // ------------------------------------------------------------------ the context tree

  async function loadTree() {
    const box = $('tree');
    try {
      const r = await fetch('/api/tree');
      const t = await r.json();
      box.innerHTML = '';
      const ctxAttrs = el('details');
      ctxAttrs.append(el('summary', '', 'context: ' + t.name + ' (' + t.attributes.length + ' attributes)'));
      for (const a of t.attributes) {
        const row = el('div', 'attr');
        row.append(el('span', 'name', a.name), el('span', 'muted', a.value));
        ctxAttrs.append(row);
      }
      box.append(ctxAttrs);
      for (const d of t.devices) {
        const dev = el('details');
        dev.open = d.captured;
        dev.dataset.device = d.id;
        const sum = el('summary', '', d.id + ': ' + d.display);
        const tags = [d.trigger ? 'trigger' : null, d.buffer ? 'buffer' : null, d.captured ? 'captured' : null].filter(Boolean);
        const tag = el('span', 'tag' + (d.captured ? ' captured' : ''), tags.join(', '));
        sum.append(tag);
        dev.append(sum);
        for (const a of d.attributes) dev.append(attrRow(a));
        for (const c of d.channels) {
          const ch = el('details');
          ch.dataset.channel = c.position;
          const s = el('summary', '', c.id + (c.name ? ' (' + c.name + ')' : ''));
          const ctag = el('span', 'tag' + (c.captured ? ' captured' : ''), c.direction + (c.captured ? ', captured' : ''));
          if (c.format) ctag.title = 'scan index ' + c.scanIndex + ', format ' + c.format;
          s.append(ctag);
          ch.append(s);
          for (const a of c.attributes) ch.append(attrRow(a));
          dev.append(ch);
        }
        box.append(dev);
      }
    } catch (e) {
      box.textContent = 'could not read the context: ' + e;
    }
  }

  function attrRow(a) {
    const row = el('div', 'attr');
    row.dataset.device = a.device;
    row.dataset.channel = a.channel;
    row.dataset.kind = a.kind;
    row.dataset.name = a.name;
    const name = el('span', 'name', (a.kind === 'BUFFER' ? 'buffer/' : a.kind === 'DEBUG' ? 'debug/' : '') + a.name);
    name.title = a.kind.toLowerCase() + ' attribute ' + a.name;
    const input = el('input');
    input.value = a.value !== undefined ? a.value : '';
    input.spellcheck = false;
    row.dataset.access = a.access || 'unknown';
    // Where the backend knows (local: from the file's mode, sim: and sigmf: from their
    // definitions), a read-only attribute is shown as one; elsewhere (ip:) a write is offered and
    // the device's refusal shown in place.
    if (a.access === 'read-only') {
      input.readOnly = true;
      input.title = 'read-only: the device does not take writes to it';
    } else if (a.access !== 'writable') {
      input.title = 'this context does not say whether it is writable: a write will tell';
    }
    const err = el('div', 'err', a.error ? 'ERROR: ' + a.error : '');
    const note = el('div', 'note', '');
    input.addEventListener('change', () => { if (!input.readOnly) writeAttr(a, input, err, note); });
    row.append(name, input, err, note);
    return row;
  }

  async function writeAttr(a, input, err, note) {
    input.classList.remove('written', 'rejected');
    input.classList.add('busy');
    err.textContent = '';
    note.textContent = '';
    const value = input.value;
    try {
      const r = await fetch('/api/attr', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ device: a.device, channel: a.channel, kind: a.kind, name: a.name, value }),
      });
      const m = await r.json();
      input.classList.remove('busy');
      if (m.value !== undefined) input.value = m.value;
      if (m.ok) {
        input.classList.add('written');
        note.textContent = m.restarted ? 'written (the capture was restarted: the device refuses this while streaming)'
          : 'written';
        event('wrote ' + a.name + ' = ' + value + (m.restarted ? ' (capture restarted)' : ''));
        setTimeout(() => { input.classList.remove('written'); note.textContent = ''; }, 4000);
      } else {
        input.classList.add('rejected');
        err.textContent = 'rejected: ' + m.error + (m.restarted ? ' (the capture was restarted to try it)' : '');
        // where the context could not say, one that refused as read-only is one
        if (/\((EACCES|EPERM)\)$/.test(m.error)) {
          input.readOnly = true;
          input.title = 'read-only';
        }
        event('write of ' + a.name + ' = ' + value + ' rejected: ' + m.error, 'error');
      }
    } catch (e) {
      input.classList.remove('busy');
      input.classList.add('rejected');
      err.textContent = 'not sent: ' + e;
    }
  }

  // ------------------------------------------------------------------ the capture picker

  async function loadCapture() {
    try {
      const r = await fetch('/api/capture');
      const m = await r.json();
      const sel = $('cap-device');
      sel.innerHTML = '';
      for (const d of m.devices) {
        const o = el('option', '', d.display);
        o.value = d.id;
        sel.append(o);
      }
      st.captureInfo = m;
      if (m.device) sel.value = m.device;
      fillCaptureChannels();
    } catch (e) {
      $('cap-error').textContent = 'could not read the capture: ' + e;
    }
  }

  function fillCaptureChannels() {
    const m = st.captureInfo;
    const box = $('cap-channels');
    box.innerHTML = '';
    const d = m.devices.find(x => x.id === $('cap-device').value);
    if (!d) return;
    for (const id of d.channels) {
      const l = el('label');
      const cb = el('input');
      cb.type = 'checkbox';
      cb.value = id;
      cb.checked = m.device === d.id ? (m.channels || []).includes(id) : !id.startsWith('timestamp');
      l.append(cb, ' ' + id + ' ');
      box.append(l);
    }
  }

  async function applyCapture() {
    const channels = [...$('cap-channels').querySelectorAll('input:checked')].map(c => c.value);
    $('cap-error').textContent = '';
    const r = await fetch('/api/capture', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ device: $('cap-device').value, channels }),
    });
    const m = await r.json();
    if (!r.ok) $('cap-error').textContent = m.error;
    else loadTree();
  }

  // ------------------------------------------------------------------ wiring

  $('run').addEventListener('click', () => { st.single = false; setRun(!st.run); });
  $('single').addEventListener('click', () => { st.single = true; setRun(true); });
  for (const id of ['window', 'trig-edge', 'trig-source', 'trig-level', 'trig-pos', 'trig-mode', 'fft-size', 'fft-avg']) {
    $(id).addEventListener('change', () => {
      if (id === 'trig-source') fillTriggerSources();
      if (id === 'window') st.windowChoice = { scans: Number($('window').value), rate: st.rate };
      sendSettings();
    });
  }
  $('tree-reload').addEventListener('click', loadTree);
  $('cap-device').addEventListener('change', fillCaptureChannels);
  $('cap-apply').addEventListener('click', applyCapture);
  $('cap-restart').addEventListener('click', async () => {
    await fetch('/api/capture/restart', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  });

  // The page's state, for the browser's console and the end-to-end tests (read it; the page owns it).
  window.jiioScope = st;

  loadTree();
  connect();
})();

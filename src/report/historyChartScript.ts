// The history page's chart code, inlined into index.html (no CDN: Pages must work offline and
// behind strict CSPs of mirrors). Plain ES2017 for any browser; it reads the JSON embedded in
// #oom-gate-history and draws one SVG per model: the peaks over commits, the card's memory and the
// limit (memory minus headroom) as lines. Text from commits goes in with textContent only.
// At scale (thousands of commits) the points are thinned to the pixels available: per bucket of a
// few pixels the lowest and the highest peak are kept, and every point that matters on its own
// (at-risk, oom, failed, an alerted regression) is always kept; only those get a dot, so the line
// stays visible. A range picker (#range) redraws the charts for the newest N commits.
// Kept as a string so that bundlers and test transforms cannot rewrite it.
export const HISTORY_CHART_SCRIPT = String.raw`
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var GIB = 1073741824;
  var data = JSON.parse(document.getElementById('oom-gate-history').textContent);
  var entries = data.entries;
  var charts = document.getElementById('charts');
  var tooltip = document.getElementById('tooltip');
  var W = 960, H = 250, LEFT = 56, RIGHT = 104, TOP = 14, BOTTOM = 42;
  var plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function html(name, text, parent, cls) {
    var node = document.createElement(name);
    if (text !== null) node.textContent = text;
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }
  function gib(bytes, digits) { return (bytes / GIB).toFixed(digits === undefined ? 2 : digits) + ' GiB'; }
  function day(date) { var d = new Date(date); return isNaN(d) ? date : d.toISOString().slice(0, 10); }
  function when(date) { var d = new Date(date); return isNaN(d) ? date : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'; }
  // Grid steps of 1, 2 or 5 times a power of ten GiB, about five of them.
  function niceStep(bytes) {
    var raw = bytes / GIB / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), n = raw / mag;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag * GIB;
  }

  function showTip(target, entry, model) {
    tooltip.textContent = '';
    var head = html('div', null, tooltip);
    html('code', entry.commit.slice(0, 7), head);
    head.appendChild(document.createTextNode(' · ' + when(entry.date)));
    html('span', entry.message, tooltip, 'msg');
    var facts = gib(model.peakBytes) + (entry.memoryBytes ? ' · ' + Math.round(model.peakBytes / entry.memoryBytes * 100) + '% of ' + gib(entry.memoryBytes, 0) : '') + ' · ' + model.status;
    if (model.status === 'oom') facts = '≥ ' + facts;
    html('div', facts, tooltip);
    if (model.reusedFrom) html('div', 'reused from ' + model.reusedFrom.slice(0, 7), tooltip);
    tooltip.hidden = false;
    var box = target.getBoundingClientRect();
    var left = box.left + window.scrollX + box.width / 2 + 10;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8;
    tooltip.style.left = Math.max(8, Math.min(left, maxLeft)) + 'px';
    tooltip.style.top = (box.top + window.scrollY - tooltip.offsetHeight - 8) + 'px';
  }
  function hideTip() { tooltip.hidden = true; }

  // Points that must be seen whatever the scale: not ok, or an alert was raised for the commit.
  function special(p) { return p.model.status !== 'ok' || !!p.entry.alert; }
  // Thinning to about one bucket per BUCKET_PX pixels: min and max peak of each bucket, plus every
  // special point, in commit order. Below the budget every point is kept.
  var BUCKET_PX = 3;
  function thin(points, n) {
    var buckets = Math.floor(plotW / BUCKET_PX);
    if (points.length <= buckets) return { kept: points, thinned: false };
    var out = [], per = n / buckets, b = -1, lo = null, hi = null, extra = [];
    function flush() {
      var group = extra.slice();
      if (lo) group.push(lo);
      if (hi && hi !== lo) group.push(hi);
      group.sort(function (a, c) { return a.i - c.i; });
      group.forEach(function (p) { if (out[out.length - 1] !== p) out.push(p); });
      lo = hi = null; extra = [];
    }
    points.forEach(function (p) {
      var k = Math.floor(p.i / per);
      if (k !== b) { flush(); b = k; }
      if (special(p)) extra.push(p);
      else {
        if (!lo || p.model.peakBytes < lo.model.peakBytes) lo = p;
        if (!hi || p.model.peakBytes > hi.model.peakBytes) hi = p;
      }
    });
    flush();
    return { kept: out, thinned: true };
  }

  function chart(name, shown) {
    var section = html('section', null, charts);
    section.id = 'model-' + name;
    html('h2', name, section);
    var all = [];
    shown.forEach(function (entry, i) {
      var m = entry.models[name];
      if (m && m.peakBytes !== null && m.peakBytes !== undefined) all.push({ i: i, entry: entry, model: m });
    });
    var entries = shown;
    var thinned = thin(all, Math.max(entries.length, 1));
    var points = thinned.kept;
    var last = points[points.length - 1];
    html('p', last
      ? 'latest ' + last.entry.commit.slice(0, 7) + ': ' + (last.model.status === 'oom' ? '≥ ' : '') + gib(last.model.peakBytes) + ', ' + last.model.status
      : 'no measurement yet', section, 'latest');

    var top = 0;
    entries.forEach(function (e) { top = Math.max(top, e.memoryBytes || 0); });
    points.forEach(function (p) { top = Math.max(top, p.model.peakBytes); });
    var step = niceStep(top * 1.08 || GIB);
    var yMax = Math.ceil(top * 1.08 / step) * step || step;
    var n = Math.max(entries.length, 1);
    function x(i) { return LEFT + (i + 0.5) * plotW / n; }
    function y(bytes) { return TOP + plotH - bytes / yMax * plotH; }

    var svg = el('svg', { 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'data-model': name,
      'data-points': String(points.length), 'data-commits': String(all.length),
      'aria-label': name + ': peak GPU memory of ' + all.length + ' commits' + (thinned.thinned ? ' (' + points.length + ' drawn)' : '') }, section);
    for (var v = 0; v <= yMax + 1; v += step) {
      el('line', { 'class': 'grid', x1: LEFT, x2: LEFT + plotW, y1: y(v), y2: y(v) }, svg);
      el('text', { 'class': 'axis-label', x: LEFT - 6, y: y(v) + 4, 'text-anchor': 'end' }, svg).textContent = gib(v, 0);
    }
    var every = Math.max(1, Math.ceil(entries.length / 8));
    entries.forEach(function (e, i) {
      // Ticks counted from the newest commit, which always gets one.
      if ((entries.length - 1 - i) % every !== 0) return;
      var t = el('text', { 'class': 'axis-label', x: x(i), y: TOP + plotH + 16, 'text-anchor': 'middle' }, svg);
      t.textContent = e.commit.slice(0, 7);
      el('text', { 'class': 'axis-label', x: x(i), y: TOP + plotH + 30, 'text-anchor': 'middle' }, svg).textContent = day(e.date);
    });

    // The card and the limit: a step line per commit, as the target may change over time.
    [['memoryBytes', 'card-line', 'card-label', 'card '], ['limitBytes', 'limit-line', 'limit-label', 'limit ']].forEach(function (spec) {
      var d = '', lastValue = null;
      entries.forEach(function (e, i) {
        var value = e[spec[0]];
        if (value === null || value === undefined) return;
        var x0 = LEFT + i * plotW / n, x1 = LEFT + (i + 1) * plotW / n;
        d += (d === '' ? 'M' : 'L') + x0 + ' ' + y(value) + 'L' + x1 + ' ' + y(value);
        lastValue = value;
      });
      if (d === '') return;
      el('path', { 'class': spec[1], d: d, fill: 'none' }, svg);
      var label = el('text', { 'class': 'line-label ' + spec[2], x: LEFT + plotW + 6, y: y(lastValue) + (spec[0] === 'memoryBytes' ? -2 : 10) }, svg);
      label.textContent = spec[3] + gib(lastValue, 1);
    });

    if (points.length > 1) {
      el('polyline', { 'class': 'peak-line', points: points.map(function (p) { return x(p.i) + ',' + y(p.model.peakBytes); }).join(' '),
        // Which commits the line passes through (short SHAs), for tools and tests.
        'data-kept': points.map(function (p) { return p.entry.commit.slice(0, 7); }).join(' ') }, svg);
    }
    // Thinned: only special points get a dot; the others are found by hovering near them.
    var dotted = thinned.thinned ? points.filter(special) : points;
    if (thinned.thinned) {
      var marker = el('circle', { 'class': 'point hover-marker', r: 4, cx: -10, cy: -10 }, svg);
      marker.setAttribute('visibility', 'hidden');
      svg.addEventListener('mousemove', function (ev) {
        var box = svg.getBoundingClientRect();
        var vx = (ev.clientX - box.left) * W / box.width;
        var best = null;
        points.forEach(function (p) { if (!best || Math.abs(x(p.i) - vx) < Math.abs(x(best.i) - vx)) best = p; });
        if (!best) return;
        marker.setAttribute('cx', x(best.i)); marker.setAttribute('cy', y(best.model.peakBytes));
        marker.setAttribute('class', 'point hover-marker status-' + best.model.status);
        marker.setAttribute('visibility', 'visible');
        showTip(marker, best.entry, best.model);
      });
      svg.addEventListener('mouseleave', function () { marker.setAttribute('visibility', 'hidden'); hideTip(); });
    }
    dotted.forEach(function (p) {
      var link = el('a', { href: data.commitUrl + p.entry.commit, target: '_blank', rel: 'noopener' }, svg);
      link.setAttribute('aria-label', p.entry.commit.slice(0, 7) + ': ' + gib(p.model.peakBytes) + ', ' + p.model.status);
      var dot = el('circle', { 'class': 'point status-' + p.model.status + (p.model.reusedFrom ? ' reused' : ''), cx: x(p.i), cy: y(p.model.peakBytes), r: 4.5,
        'data-commit': p.entry.commit }, link);
      var show = function () { showTip(dot, p.entry, p.model); };
      link.addEventListener('mouseenter', show);
      link.addEventListener('focus', show);
      link.addEventListener('mouseleave', hideTip);
      link.addEventListener('blur', hideTip);
    });
  }

  var summary = document.getElementById('summary');
  var newest = entries[entries.length - 1];
  if (newest) {
    summary.textContent = data.repository + ' · ' + entries.length + ' commits' +
      (newest.gpuName ? ' · ' + newest.gpuName : '') +
      (newest.memoryBytes ? ' · card ' + gib(newest.memoryBytes, 0) : '') +
      (data.generatedAt ? ' · updated ' + when(data.generatedAt) : '');
  }
  // The range: the newest N commits (all by default). Offered once there is more than one screen.
  var range = document.getElementById('range');
  function draw() {
    var n = range && range.value !== 'all' ? Number(range.value) : data.entries.length;
    var shown = data.entries.slice(Math.max(0, data.entries.length - n));
    charts.textContent = '';
    // Said after the clearing above, which removed it when it was said before.
    if (data.models.length === 0) html('p', 'Nothing recorded yet.', charts);
    data.models.forEach(function (name) { chart(name, shown); });
  }
  if (range) {
    [50, 200, 1000].forEach(function (n) {
      if (n >= data.entries.length) return;
      var option = html('option', 'newest ' + n, null); option.value = String(n);
      range.insertBefore(option, range.firstChild);
    });
    range.parentNode.hidden = range.options.length < 2;
    range.addEventListener('change', draw);
  }
  draw();
})();
`

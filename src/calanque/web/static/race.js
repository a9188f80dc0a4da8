// The race page: map (land from the race's GeoJSON, no tile server), boats from the per-tick
// binary snapshot, wind, my boat and its controls, leaderboards, replay, and cards about the
// places the marks stand for. Plain JS, no build step; everything from the server is inserted
// as text, except the answer engine's HTML, which the server has sanitised.
"use strict";

(function () {
  const root = document.getElementById("race");
  if (!root || !window.L) return;
  const T = JSON.parse(root.dataset.rt);
  const CARDS = JSON.parse(root.dataset.cards || "{}");
  const SLUG = root.dataset.slug;
  const CSRF = root.dataset.csrf;
  const LANG = document.body.dataset.lang || "fr";
  const BASE = "/api/races/" + SLUG;
  const MAX_ALL = 400;  // show every boat up to this many, else a sample
  const $ = (id) => document.getElementById(id);

  let player = JSON.parse(root.dataset.player || "null");
  let windStep = 4;
  let race = null, me = null, frame = null, polar = null, wind = null;
  let board = "overall", addingWaypoint = false, replaying = false, lastMe = 0, centred = false;
  let touched = false;  // the helm's value was typed: the page no longer fills it in
  const names = new Map();  // boat -> {name, bot, deleted, club}

  // ---- helpers ---------------------------------------------------------------------------

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  }

  function fmt(x, digits) {
    return Number(x).toLocaleString(LANG, {maximumFractionDigits: digits, minimumFractionDigits: digits});
  }

  function raceTime(s) {
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    return (LANG === "fr" ? "J+" : "D+") + d + " " + String(h).padStart(2, "0") + ":" + String(m).padStart(2, "0");
  }

  function wrap180(a) { return ((a + 180) % 360 + 360) % 360 - 180; }

  async function api(path, options) {
    const opts = Object.assign({credentials: "same-origin", headers: {}}, options || {});
    if (opts.method && opts.method !== "GET") opts.headers["X-CSRF-Token"] = CSRF;
    if (opts.json !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(opts.json);
    }
    const res = await fetch(path, opts);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    return {ok: res.ok, status: res.status, data: data};
  }

  function problem(res) {
    if (res.status === 429) return T.err_429;
    if (res.status === 401) return T.err_401;
    const d = res.data && res.data.detail;
    const text = Array.isArray(d) ? d.map((x) => x.msg).join("; ") : (d || "");
    if (res.status === 409) return fill(T.err_409, {detail: text});
    return text || T.error;
  }

  function say(id, text, bad) {
    const node = $(id);
    node.textContent = text || "";
    node.classList.toggle("bad", !!bad);
  }

  // ---- the map ---------------------------------------------------------------------------

  const map = L.map("race-map", {zoomSnap: 0.25, preferCanvas: true, worldCopyJump: false});
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  const canvas = L.canvas({padding: 0.2});
  const vector = L.svg();  // marks stay DOM elements: clickable, and found by tests
  const layers = {
    land: L.layerGroup().addTo(map),
    wind: L.layerGroup().addTo(map),
    course: L.layerGroup().addTo(map),
    boats: L.layerGroup().addTo(map),
    replay: L.layerGroup().addTo(map),
    mine: L.layerGroup().addTo(map),
  };

  async function drawLand() {
    const res = await fetch(BASE + "/land.geojson");
    const data = await res.json();
    L.geoJSON(data, {
      interactive: false,
      style: {color: "#9c927e", weight: 0.6, fillColor: "#ece4d2", fillOpacity: 1},
    }).addTo(layers.land);
  }

  function drawCourse() {
    const marks = race.course.marks;
    const targets = marks.map((m) => m.kind === "waypoint" ? [m.lat, m.lon] : [(m.lat + m.lat2) / 2, (m.lon + m.lon2) / 2]);
    L.polyline(targets, {color: "#0b4f6c", weight: 1.5, dashArray: "6 6", interactive: false, renderer: canvas}).addTo(layers.course);
    marks.forEach((m, i) => {
      const card = CARDS[String(i)];
      if (card) {
        const button = el("button", "btn ghost small", card.place);
        button.type = "button";
        button.dataset.mark = i;
        button.addEventListener("click", () => openCard(i));
        $("places").append(button);
      }
      if (m.kind === "start" || m.kind === "finish") { lineMark(m, i, card); return; }
      if (m.kind === "gate") {
        L.polyline([[m.lat, m.lon], [m.lat2, m.lon2]], {color: "#b5651d", weight: 4, renderer: canvas})
          .bindTooltip(m.name).addTo(layers.course);
      }
      const marker = L.circleMarker(targets[i], {
        radius: card ? 9 : 6, color: card ? "#e07a1f" : "#073a50", weight: 2,
        fillColor: card ? "#ffd9a8" : "#ffffff", fillOpacity: 1, className: card ? "mark-card" : "mark",
        renderer: vector,
      }).addTo(layers.course);
      marker.bindTooltip(card ? card.place : m.name, {direction: "top"});
      if (card) marker.on("click", () => openCard(i));
    });
    $("places-box").hidden = !$("places").children.length;
    map.fitBounds(L.latLngBounds(targets).pad(0.08));
  }

  function lineMark(m, i, card) {
    // A round trip starts and finishes on the same line: the finish is drawn chequered over
    // the start, and each has its own flag, the start's above the line and the finish's
    // below, so both stay readable and clickable and the boats on the line stay visible.
    const start = m.kind === "start";
    const line = [[m.lat, m.lon], [m.lat2, m.lon2]];
    if (start) {
      L.polyline(line, {color: "#073a50", weight: 4, renderer: canvas, interactive: false}).addTo(layers.course);
    } else {
      L.polyline(line, {color: "#ffffff", weight: 5, renderer: canvas, interactive: false}).addTo(layers.course);
      L.polyline(line, {color: "#14232e", weight: 5, dashArray: "4 4", renderer: canvas, interactive: false}).addTo(layers.course);
    }
    const flag = el("span", "flag " + (start ? "flag-start" : "flag-finish"), start ? T.start : T.finish);
    const marker = L.marker([(m.lat + m.lat2) / 2, (m.lon + m.lon2) / 2], {
      icon: L.divIcon({html: flag, className: "line-flag" + (card ? " mark-card" : ""), iconSize: [0, 0]}),
      title: (start ? T.start : T.finish) + " — " + (card ? card.place : m.name),
    }).addTo(layers.course);
    if (card) marker.on("click", () => openCard(i));
  }

  // ---- the snapshot (the same bytes for every client) --------------------------------------

  function decode(buffer) {
    const v = new DataView(buffer);
    const size = v.getUint16(6, true), tick = v.getUint32(8, true), t = v.getFloat64(12, true);
    const n = v.getUint32(20, true), bots = v.getUint32(24, true);
    let o = size;
    const f32 = () => { const a = new Float32Array(buffer.slice(o, o + 4 * n)); o += 4 * n; return a; };
    const u16 = () => { const a = new Uint16Array(buffer.slice(o, o + 2 * n)); o += 2 * n; return a; };
    const lat = f32(), lon = f32(), heading = u16(), speed = u16();
    const rank = new Uint32Array(buffer.slice(o, o + 4 * n)); o += 4 * n;
    const status = new Uint8Array(buffer.slice(o, o + n));
    return {tick: tick, t: t, n: n, bots: bots, lat: lat, lon: lon, heading: heading, speed: speed, rank: rank, status: status};
  }

  async function loadSnapshot() {
    const res = await fetch(BASE + "/snapshot");
    if (!res.ok) return;
    frame = decode(await res.arrayBuffer());
    $("race-clock").textContent = raceTime(frame.t);
  }

  function boatsToShow() {
    const racing = [];
    for (let b = 0; b < frame.n; b++) if (frame.status[b] & 1) racing.push(b);
    if (racing.length <= MAX_ALL) return {shown: racing, total: racing.length};
    // Many boats: the leaders, my club's, and an even sample of the rest.
    const keep = new Set();
    racing.forEach((b) => { if (frame.rank[b] <= 30) keep.add(b); });
    const club = me && me.club;
    if (club) names.forEach((info, b) => { if (info.club === club) keep.add(b); });
    const every = Math.ceil(racing.length / (MAX_ALL - keep.size));
    for (let i = 0; i < racing.length; i += every) keep.add(racing[i]);
    return {shown: Array.from(keep), total: racing.length};
  }

  function drawBoats() {
    layers.boats.clearLayers();
    if (!frame || replaying) return;
    const pick = boatsToShow();
    const mine = me ? me.boat : -1;
    pick.shown.forEach((b) => {
      if (b === mine) return;
      const bot = frame.status[b] & 4;
      const dot = L.circleMarker([frame.lat[b], frame.lon[b]], {
        renderer: canvas, radius: 3, weight: 1, color: bot ? "#6b7780" : "#0f7c8a",
        fillColor: bot ? "#b8c0c6" : "#38b6c4", fillOpacity: 0.9,
      });
      dot.on("click", () => boatPopup(b, dot));
      dot.addTo(layers.boats);
    });
    $("race-shown").textContent = fill(T.boats_shown, {shown: pick.shown.length, total: pick.total});
  }

  async function boatPopup(b, layer) {
    const res = await api(BASE + "/boats/" + b);
    if (!res.ok) return;
    const c = res.data;
    const box = el("div", "boat-pop");
    const a = el("a", null, c.deleted ? T.deleted_name : c.name);
    a.href = "/race/" + SLUG + "/boat/" + b;
    box.append(a);
    if (c.bot) box.append(" ", el("span", "badge-bot", T.bot));
    box.append(el("div", "muted", [c.country, c.club].filter(Boolean).join(" · ")));
    box.append(el("div", null, T.rank + " " + (c.racing ? c.rank : "—") + " · " + fmt(c.dtf_nm, 1) + " " + T.nm));
    layer.bindPopup(box).openPopup();
  }

  // ---- wind ------------------------------------------------------------------------------

  function arrowsAcross() { return Math.max(6, map.getSize().x / 40); }

  function windColour(kt) {
    if (kt < 6) return "#7fb8d6";
    if (kt < 12) return "#2f8fb8";
    if (kt < 18) return "#2a9d5c";
    if (kt < 25) return "#d9a21b";
    return "#c8452c";
  }

  async function loadWind() {
    if (!frame) return;
    const ahead = Number($("forecast").value) * 3600;
    // An arrow every 40 px or so (25 across a desktop map, 9 on a phone): the grid is 0.25°,
    // decimated by `step`.
    const span = map.getBounds().getEast() - map.getBounds().getWest();
    windStep = Math.min(20, Math.max(1, Math.round(span / arrowsAcross() / 0.25)));
    const res = await api(BASE + "/wind?step=" + windStep + "&t=" + (frame.t + ahead));
    if (!res.ok) return;
    wind = res.data;
    drawWind();
  }

  function drawWind() {
    layers.wind.clearLayers();
    if (!wind) return;
    const view = map.getBounds().pad(0.1);
    const span = Math.max(view.getEast() - view.getWest(), 0.5);
    const len = Math.min(span / arrowsAcross() * 0.6, 0.6);
    const stride = Math.max(1, Math.round(span / arrowsAcross() / Math.abs(wind.lon[1] - wind.lon[0])));
    const wanted = Math.min(20, Math.max(1, Math.round(span / arrowsAcross() / 0.25)));
    if (wanted < windStep) { loadWind(); return; }  // zoomed in: a finer grid
    for (let i = 0; i < wind.lat.length; i += stride) {
      for (let j = 0; j < wind.lon.length; j += stride) {
        const lat = wind.lat[i], lon = wind.lon[j];
        if (!view.contains([lat, lon])) continue;
        const kt = wind.speed_kt[i][j], to = (wind.from_deg[i][j] + 180) * Math.PI / 180;
        const k = len * (0.5 + Math.min(kt, 30) / 30);
        const dlat = Math.cos(to) * k, dlon = Math.sin(to) * k / Math.cos(lat * Math.PI / 180);
        const tip = [lat + dlat / 2, lon + dlon / 2], tail = [lat - dlat / 2, lon - dlon / 2];
        const back = to + Math.PI, w = k * 0.35;
        const left = [tip[0] + Math.cos(back + 0.45) * w, tip[1] + Math.sin(back + 0.45) * w / Math.cos(lat * Math.PI / 180)];
        const right = [tip[0] + Math.cos(back - 0.45) * w, tip[1] + Math.sin(back - 0.45) * w / Math.cos(lat * Math.PI / 180)];
        L.polyline([[tail, tip], [left, tip, right]], {renderer: canvas, color: windColour(kt), weight: 1.5, opacity: 0.85, interactive: false})
          .addTo(layers.wind);
      }
    }
  }

  $("forecast").addEventListener("input", () => {
    const h = Number($("forecast").value);
    $("forecast-out").textContent = h ? fill(T.forecast_ahead, {h: h}) : T.forecast_now;
  });
  $("forecast").addEventListener("change", loadWind);
  map.on("moveend", drawWind);

  // ---- my boat -----------------------------------------------------------------------------

  async function loadMe() {
    const value = currentTwa();
    const res = await api(BASE + "/me" + (value !== null ? "?twa=" + value.toFixed(1) : ""));
    me = res.ok ? res.data : null;
    lastMe = Date.now();
    showMe();
  }

  function showMe() {
    const joined = !!me;
    $("panel-boat").hidden = !joined;
    $("panel-steer").hidden = !joined || (race && race.status === "finished");
    layers.mine.clearLayers();
    if (!joined) return;
    $("my-boat-link").href = "/race/" + SLUG + "/boat/" + me.boat;
    $("b-speed").textContent = fmt(me.speed_kt, 1) + " " + T.kt;
    $("b-heading").textContent = fmt(me.heading, 0) + "°";
    $("b-twa").textContent = me.twa === null ? "—" : (me.twa > 0 ? "+" : "") + fmt(me.twa, 0) + "°";
    $("b-tws").textContent = fmt(me.tws_kt, 1) + " " + T.kt + (me.twd !== null ? " / " + fmt(me.twd, 0) + "°" : "");
    $("b-rank").textContent = me.racing ? String(me.rank) : "—";
    $("b-dtf").textContent = fmt(me.dtf_nm, 1) + " " + T.nm;
    $("b-mark").textContent = me.next_mark.name + " · " + fmt(me.next_mark.bearing, 0) + "° · " + fmt(me.next_mark.distance_nm, 1) + " " + T.nm;
    $("b-eta").textContent = me.eta_race_time_s ? raceTime(me.eta_race_time_s) : "—";
    $("b-state").textContent = !me.racing ? T.not_racing : me.finished ? T.finished : me.aground ? T.aground : "";
    $("b-state").classList.toggle("bad", me.aground);
    // On the map: the track, the boat and its heading, the route through my waypoints.
    const track = me.track.lat.map((la, i) => [la, me.track.lon[i]]);
    track.push([me.lat, me.lon]);
    L.polyline(track, {color: "#e07a1f", weight: 2.5, interactive: false}).addTo(layers.mine);
    const h = me.heading * Math.PI / 180, k = 0.25;
    const ahead = [me.lat + Math.cos(h) * k, me.lon + Math.sin(h) * k / Math.cos(me.lat * Math.PI / 180)];
    L.polyline([[me.lat, me.lon], ahead], {color: "#e07a1f", weight: 2, dashArray: "3 4", interactive: false}).addTo(layers.mine);
    L.circleMarker([me.lat, me.lon], {radius: 7, color: "#7a3b00", weight: 2, fillColor: "#ff9a3c", fillOpacity: 1, className: "my-boat", renderer: vector})
      .bindTooltip(me.name + " (" + T.you + ")").addTo(layers.mine).bringToFront();
    if (!centred) {  // the course stays in view; my boat is brought into it once
      centred = true;
      if (!map.getBounds().contains([me.lat, me.lon])) map.panTo([me.lat, me.lon]);
    }
    if (me.waypoints.length) {
      const route = [[me.lat, me.lon]].concat(me.waypoints.map((w) => [w.lat, w.lon]));
      L.polyline(route, {color: "#7a3b00", weight: 1.5, dashArray: "2 5", interactive: false}).addTo(layers.mine);
      me.waypoints.forEach((w, i) => L.circleMarker([w.lat, w.lon], {radius: 5, color: "#7a3b00", fillColor: "#fff", fillOpacity: 1})
        .bindTooltip(T.waypoints + " " + (i + 1)).addTo(layers.mine));
    }
    if (!touched) {  // a first value worth previewing: my heading, or the mark's bearing
      $("order-value").value = Math.round(me.racing ? me.heading : me.next_mark.bearing) % 360;
      if (mode() === "twa" && me.twa !== null) $("order-value").value = Math.round(me.twa);
    }
    showOrders();
    preview();
    drawPolar();
  }

  $("find-boat").addEventListener("click", () => {
    // The course fills the map: my boat is one dot among hundreds off Planier until zoomed in.
    if (!me) return;
    map.setView([me.lat, me.lon], Math.max(map.getZoom(), 10));
    $("race-map").scrollIntoView({block: "nearest"});
  });

  function showOrders() {
    const list = $("orders");
    list.replaceChildren();
    const programmed = me.pending_orders.filter((o) => o.mode !== "waypoint" && o.mode !== "clear" || o.at_time !== null || o.at_mark !== null);
    if (!programmed.length) list.append(el("li", "muted", T.no_orders));
    programmed.forEach((o) => {
      const li = el("li");
      const what = o.mode === "heading" ? T.mode_heading + " " + fmt(o.value, 0) + "°"
        : o.mode === "twa" ? T.mode_twa + " " + (o.value > 0 ? "+" : "") + fmt(o.value, 0) + "°"
        : o.mode === "vmg" ? T.mode_vmg : o.mode;
      const when = o.at_time !== null ? raceTime(o.at_time) : o.at_mark !== null ? "#" + o.at_mark : "";
      li.append(el("span", null, when + " — " + what));
      const rm = el("button", "btn ghost small", T.remove);
      rm.type = "button";
      rm.addEventListener("click", async () => {
        const res = await api(BASE + "/orders/" + o.seq, {method: "DELETE"});
        say("order-msg", res.ok ? "" : problem(res), !res.ok);
        loadMe();
      });
      li.append(rm);
      list.append(li);
    });
    const wps = $("waypoints");
    wps.replaceChildren();
    if (!me.waypoints.length) wps.append(el("li", "muted", T.no_waypoints));
    me.waypoints.forEach((w, i) => {
      const li = el("li", null);
      li.append(el("span", null, (i + 1) + ". " + fmt(w.lat, 3) + "°, " + fmt(w.lon, 3) + "°"));
      const rm = el("button", "btn ghost small", T.remove);
      rm.type = "button";
      rm.addEventListener("click", () => removeWaypoint(i));
      li.append(rm);
      wps.append(li);
    });
  }

  async function removeWaypoint(index) {
    // The route is cleared, then the other waypoints are laid again, in order.
    const keep = me.waypoints.filter((w, i) => i !== index);
    let res = await api(BASE + "/orders", {method: "POST", json: {mode: "clear"}});
    for (const w of keep) {
      if (!res.ok) break;
      res = await api(BASE + "/orders", {method: "POST", json: {mode: "waypoint", lat: w.lat, lon: w.lon}});
    }
    say("order-msg", res.ok ? "" : problem(res), !res.ok);
    loadMe();
  }

  $("add-waypoint").addEventListener("click", () => {
    addingWaypoint = !addingWaypoint;
    $("add-waypoint").setAttribute("aria-pressed", String(addingWaypoint));
    $("add-waypoint").textContent = addingWaypoint ? T.adding_waypoint : T.add_waypoint;
    $("race-map").classList.toggle("picking", addingWaypoint);
  });

  map.on("click", async (e) => {
    if (!addingWaypoint || !me) return;
    addingWaypoint = false;
    $("add-waypoint").setAttribute("aria-pressed", "false");
    $("add-waypoint").textContent = T.add_waypoint;
    $("race-map").classList.remove("picking");
    const res = await api(BASE + "/orders", {method: "POST", json: {mode: "waypoint", lat: e.latlng.lat, lon: e.latlng.lng}});
    say("order-msg", res.ok ? fill(T.order_sent, {tick: res.data.applies_at_tick}) : problem(res), !res.ok);
    loadMe();
  });

  // ---- steering ----------------------------------------------------------------------------

  function mode() { return document.querySelector('input[name="mode"]:checked').value; }

  function currentTwa() {
    if (!me || me.twd === null) return null;
    const v = Number($("order-value").value);
    if (mode() === "heading") return wrap180(me.twd - v);
    if (mode() === "twa") return v;
    return null;
  }

  function polarSpeed(twa, tws) {
    if (!polar) return 0;
    const a = Math.min(Math.abs(twa), 180) / 2, w = Math.min(Math.max(tws, 0), polar.tws.length - 1);
    const i = Math.min(Math.floor(a), polar.twa.length - 2), j = Math.min(Math.floor(w), polar.tws.length - 2);
    const fa = a - i, fw = w - j, s = polar.speed_kt;
    const low = s[i][j] + fw * (s[i][j + 1] - s[i][j]), high = s[i + 1][j] + fw * (s[i + 1][j + 1] - s[i + 1][j]);
    return low + fa * (high - low);
  }

  function preview() {
    const m = mode();
    $("value-label").hidden = m === "vmg";
    $("value-name").textContent = m === "twa" ? T.value_twa : T.value_heading;
    const twa = currentTwa();
    if (twa === null || !me) { $("order-preview").textContent = ""; return; }
    const heading = m === "heading" ? Number($("order-value").value) : me.twd - twa;
    const speed = polarSpeed(twa, me.tws_kt);
    const vmg = speed * Math.cos((heading - me.next_mark.bearing) * Math.PI / 180);
    $("order-preview").textContent = fill(T.preview, {speed: fmt(speed, 1), vmg: fmt(vmg, 1)});
  }

  document.querySelectorAll('input[name="mode"]').forEach((r) => r.addEventListener("change", () => {
    if (me && mode() === "heading") $("order-value").value = Math.round(me.heading);
    if (me && mode() === "twa" && me.twa !== null) $("order-value").value = Math.round(me.twa);
    preview();
    drawPolar();
  }));
  $("order-value").addEventListener("input", () => { touched = true; preview(); drawPolar(); });

  $("order-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const m = mode();
    const body = {mode: m};
    if (m !== "vmg") body.value = Number($("order-value").value);
    const at = $("order-at").value;
    if (at !== "") body.at_time = (frame ? frame.t : 0) + Number(at) * 3600;
    const res = await api(BASE + "/orders", {method: "POST", json: body});
    say("order-msg", res.ok ? fill(T.order_sent, {tick: res.data.applies_at_tick}) : problem(res), !res.ok);
    if (res.ok) $("order-at").value = "";
    loadMe();
  });

  // ---- the polar diagram (SVG, drawn here) -------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach((k) => node.setAttribute(k, attrs[k]));
    return node;
  }

  function drawPolar() {
    if (!polar) return;
    const tws = me ? me.tws_kt : 12;
    const W = 260, H = 260, cx = 30, cy = 130;
    const top = Math.max(4, Math.ceil(Math.max(...polar.twa.map((a) => polarSpeed(a, tws))) / 2) * 2);
    const r = (kt) => kt / top * 120;
    const box = svg("svg", {viewBox: "0 0 " + W + " " + H, width: "100%", class: "polar-svg"});
    for (let kt = 2; kt <= top; kt += 2) {
      box.append(svg("path", {d: "M" + cx + " " + (cy - r(kt)) + " A" + r(kt) + " " + r(kt) + " 0 0 1 " + cx + " " + (cy + r(kt)), class: "ring"}));
      if (kt % 4 === 0) { const t = svg("text", {x: cx + r(kt) - 3, y: cy + 11, class: "tick"}); t.textContent = kt; box.append(t); }
    }
    [0, 45, 90, 135, 180].forEach((a) => {
      const x = cx + Math.sin(a * Math.PI / 180) * 124, y = cy - Math.cos(a * Math.PI / 180) * 124;
      box.append(svg("line", {x1: cx, y1: cy, x2: x, y2: y, class: "spoke"}));
      const t = svg("text", {x: x + 3, y: y + (a === 0 ? 8 : a === 180 ? -2 : 4), class: "tick"}); t.textContent = a + "°"; box.append(t);
    });
    const pts = polar.twa.map((a) => {
      const s = r(polarSpeed(a, tws));
      return (cx + Math.sin(a * Math.PI / 180) * s).toFixed(1) + "," + (cy - Math.cos(a * Math.PI / 180) * s).toFixed(1);
    });
    box.append(svg("polyline", {points: pts.join(" "), class: "curve"}));
    const twa = currentTwa() !== null ? currentTwa() : me && me.twa !== null ? me.twa : null;
    if (twa !== null) {
      const a = Math.abs(twa), s = r(polarSpeed(a, tws));
      box.append(svg("circle", {cx: cx + Math.sin(a * Math.PI / 180) * s, cy: cy - Math.cos(a * Math.PI / 180) * s, r: 5, class: "here"}));
    }
    const label = svg("text", {x: W - 4, y: H - 6, class: "legend", "text-anchor": "end"});
    label.textContent = T.tws + " " + fmt(tws, 1) + " " + T.kt;
    box.append(label);
    $("polar").replaceChildren(box);
  }

  // ---- leaderboards ------------------------------------------------------------------------

  document.querySelectorAll("[data-board]").forEach((b) => b.addEventListener("click", () => {
    board = b.dataset.board;
    document.querySelectorAll("[data-board]").forEach((x) => x.setAttribute("aria-selected", String(x === b)));
    loadBoard();
  }));

  function nameCell(row) {
    const td = el("td");
    const a = el("a", null, row.deleted ? T.deleted_name : row.name);
    a.href = "/race/" + SLUG + "/boat/" + row.boat;
    td.append(a);
    if (row.bot) { const s = el("span", "badge-bot", T.bot); s.title = T.bot_title; td.append(" ", s); }
    if (me && row.boat === me.boat) td.append(" ", el("span", "badge-you", T.you));
    return td;
  }

  async function loadBoard() {
    const head = $("board").tHead, body = $("board").tBodies[0];
    let res;
    if (board === "country" || board === "club") res = await api(BASE + "/leaderboard/" + board + "?limit=20");
    else if (board === "me") res = await api(BASE + "/leaderboard?around=me&limit=11");
    else res = await api(BASE + "/leaderboard?limit=20");
    const rows = res.ok ? res.data.rows : [];
    head.replaceChildren();
    body.replaceChildren();
    const hr = el("tr");
    if (board === "country" || board === "club") {
      [T.col_rank, board === "country" ? T.board_country : T.board_club, T.col_boats, T.col_best].forEach((x) => hr.append(el("th", null, x)));
      head.append(hr);
      rows.forEach((r) => {
        const tr = el("tr");
        tr.append(el("td", null, r.best_rank), el("td", null, r[board]), el("td", null, r.boats), el("td", null, r.best_boat));
        body.append(tr);
      });
    } else {
      [T.col_rank, T.col_boat, "", T.col_dtf].forEach((x) => hr.append(el("th", null, x)));
      head.append(hr);
      rows.forEach((r) => {
        names.set(r.boat, r);
        const tr = el("tr", me && r.boat === me.boat ? "mine" : "");
        tr.append(el("td", null, r.rank), nameCell(r), el("td", "muted", r.country), el("td", null, r.finished ? "✓" : fmt(r.dtf_nm, 1)));
        body.append(tr);
      });
    }
    if (!res.ok) {
      const tr = el("tr");
      const td = el("td", "muted", problem(res));
      td.colSpan = 4;
      tr.append(td);
      body.append(tr);
    }
  }

  async function loadClub() {
    // Boats of my club, so that they are drawn even in a large fleet.
    if (!me || !me.club) return;
    const res = await api(BASE + "/leaderboard?limit=200&club=" + encodeURIComponent(me.club));
    if (res.ok) res.data.rows.forEach((r) => names.set(r.boat, r));
  }

  // ---- account -----------------------------------------------------------------------------

  function topics(form) {
    return Array.from(form.querySelectorAll('input[name="topic"]:checked')).map((x) => x.value);
  }

  async function showAccount() {
    const inside = !!player;
    $("account-in").hidden = !inside;
    $("account-out").hidden = inside;
    if (inside) {
      $("account-name").textContent = fill(T.signed_in_as, {name: player.boat_name});
      const here = (player.boats || []).some((b) => b.race === SLUG);
      $("join-account").hidden = here || !race || race.status === "finished";
      const form = $("contact-form");
      form.querySelectorAll('input[name="topic"]').forEach((x) => { x.checked = player.contact.topics.includes(x.value); });
      $("contact-since").textContent = player.contact.since
        ? fill(T.contact_since, {date: new Date(player.contact.since).toLocaleDateString(LANG)}) : T.contact_none;
    } else {
      $("guest-line").textContent = me ? fill(T.guest_as, {name: me.name}) : T.guest_intro;
      $("guest-button").hidden = !!me || (race && race.status === "finished");
    }
  }

  async function refreshPlayer() {
    const res = await api("/api/players/me");
    player = res.ok ? res.data : null;
    showAccount();
  }

  async function afterJoin(res, msgId) {
    say(msgId || "account-msg", res.ok ? "" : problem(res), !res.ok);
    await loadMe();
    await refreshPlayer();
    loadBoard();
  }

  $("signup-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    const body = {
      boat_name: f.boat_name.value.trim(), country: f.country.value.trim().toUpperCase(),
      club: f.club.value.trim(), contact_topics: topics(f),
    };
    if (f.email.value.trim()) body.email = f.email.value.trim();
    if (f.password.value) body.password = f.password.value;
    const res = await api("/api/players/signup", {method: "POST", json: body});
    if (!res.ok) { say("account-msg", problem(res), true); return; }
    if (!res.data.signed_in) { showLink(res.data.link); return; }
    player = res.data;
    await joinOrClaim();
  });

  function showLink(path) {
    // Demo only (a sign-up without a password): no mail to send the link by, so it is shown
    // here. Only a same-site sign-in path is made a link.
    if (typeof path !== "string" || !path.startsWith("/players/signin/")) { say("account-msg", T.link_sent); return; }
    const a = el("a", "btn", T.link_open);
    a.href = path;
    a.id = "signin-link";
    say("account-msg", T.link_here);
    $("account-msg").append(" ", a);
  }

  async function joinOrClaim() {
    // A guest's boat becomes the account's; without one, the account joins.
    if (me) await afterJoin(await api(BASE + "/claim", {method: "POST"}));
    else if (race.status !== "finished") await afterJoin(await api(BASE + "/join", {method: "POST"}));
    else await afterJoin({ok: true});
  }

  $("guest-button").addEventListener("click", async () => {
    const f = $("signup-form");
    if (!f.boat_name.reportValidity() || !f.country.reportValidity()) return;
    const body = {boat_name: f.boat_name.value.trim(), country: f.country.value.trim().toUpperCase(), club: f.club.value.trim()};
    await afterJoin(await api(BASE + "/join", {method: "POST", json: body}));
  });

  $("join-account").addEventListener("click", async () => {
    await afterJoin(await api(BASE + "/join", {method: "POST"}));
  });

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    const res = await api("/api/players/login", {method: "POST", json: {login: f.login.value, password: f.password.value}});
    if (!res.ok) { say("account-msg", res.status === 401 ? T.err_login : problem(res), true); return; }
    player = res.data;
    if (me && !player.boats.some((b) => b.race === SLUG)) await joinOrClaim();
    else await afterJoin({ok: true});
  });

  if ($("link-button")) {
    $("link-button").addEventListener("click", async () => {
      const f = $("login-form");
      if (!f.login.reportValidity()) return;
      const res = await api("/api/players/link", {method: "POST", json: {login: f.login.value}});
      say("account-msg", res.ok ? T.link_sent : problem(res), !res.ok);
    });
  }

  $("log-out").addEventListener("click", async () => {
    await api("/api/players/logout", {method: "POST"});
    player = null;
    me = null;
    showMe();
    showAccount();
    loadMe().then(showAccount);
  });

  $("contact-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await api("/api/players/me/contact", {method: "PUT", json: {topics: topics(e.target)}});
    if (res.ok) { player = res.data; showAccount(); }
    say("account-msg", res.ok ? T.contact_saved : problem(res), !res.ok);
  });

  $("delete-account").addEventListener("click", async () => {
    if (!window.confirm(T.delete_confirm)) return;
    const res = await api("/api/players/me", {method: "DELETE"});
    say("account-msg", res.ok ? T.deleted : problem(res), !res.ok);
    if (res.ok) { player = null; me = null; showMe(); showAccount(); loadBoard(); }
  });

  // ---- cards about the places the course passes --------------------------------------------

  let cardIndex = null;
  function openCard(i) {
    cardIndex = i;
    const card = CARDS[String(i)];
    $("card").hidden = false;
    $("card-place").textContent = card.place;
    $("card-question").textContent = card.question;
    $("card-answer").replaceChildren();
  }

  $("card-close").addEventListener("click", () => { $("card").hidden = true; });

  $("card-ask").addEventListener("click", async () => {
    const card = CARDS[String(cardIndex)];
    const out = $("card-answer");
    out.replaceChildren(el("p", "muted", T.card_loading));
    const res = await api("/api/ask", {method: "POST", json: {question: card.question}});
    out.replaceChildren();
    if (!res.ok) { out.append(el("p", "bad", problem(res))); return; }
    const answer = el("div", "answer");
    answer.innerHTML = res.data.html;  // sanitised by the server (the answer site shows the same)
    answer.querySelectorAll("a.cite").forEach((a) => a.removeAttribute("href"));
    out.append(answer);
    if (res.data.sources.length) {
      out.append(el("h3", null, T.card_sources));
      const ol = el("ol", "card-sources");
      res.data.sources.forEach((s) => {
        const li = el("li");
        if (/^https?:\/\//i.test(s.uri)) { const a = el("a", null, s.title); a.href = s.uri; a.rel = "noopener"; li.append(a); }
        else li.append(el("span", null, s.title));
        ol.append(li);
      });
      out.append(ol);
    }
    if (res.data.disclaimer) out.append(el("p", "muted small", res.data.disclaimer));
  });

  // ---- replay of a finished race ------------------------------------------------------------

  let tracks = [], replayTimer = null, replayMarkers = [];
  async function startReplay() {
    replaying = true;
    layers.boats.clearLayers();
    $("replay").hidden = false;
    const lead = await api(BASE + "/leaderboard?limit=10");
    const boats = lead.ok ? lead.data.rows.map((r) => r.boat) : [];
    if (me && !boats.includes(me.boat)) boats.push(me.boat);
    tracks = (await Promise.all(boats.map((b) => api(BASE + "/boats/" + b + "/track")))).filter((r) => r.ok).map((r) => r.data);
    layers.replay.clearLayers();
    const palette = ["#c8452c", "#2a9d5c", "#2f8fb8", "#d9a21b", "#7b4fa3", "#0f7c8a", "#b5651d", "#556270", "#e07a1f", "#073a50", "#ff5fa2"];
    replayMarkers = tracks.map((tr, i) => {
      const colour = me && tr.boat === me.boat ? "#ff9a3c" : palette[i % palette.length];
      L.polyline(tr.lat.map((la, k) => [la, tr.lon[k]]), {color: colour, weight: 2, opacity: 0.75, interactive: false}).addTo(layers.replay);
      const row = lead.ok ? lead.data.rows.find((r) => r.boat === tr.boat) : null;
      return L.circleMarker([tr.lat[0], tr.lon[0]], {radius: 5, color: colour, fillColor: colour, fillOpacity: 1})
        .bindTooltip(row ? (row.deleted ? T.deleted_name : row.name) : "#" + tr.boat).addTo(layers.replay);
    });
    setReplay(0);
  }

  function setReplay(permille) {
    const end = Math.max(...tracks.map((tr) => tr.t[tr.t.length - 1] || 0));
    const t = end * permille / 1000;
    tracks.forEach((tr, i) => {
      let k = 0;
      while (k < tr.t.length - 1 && tr.t[k + 1] <= t) k++;
      if (tr.t.length) replayMarkers[i].setLatLng([tr.lat[k], tr.lon[k]]);
    });
    $("replay-time").value = permille;
    $("replay-out").textContent = raceTime(t);
  }

  $("replay-button").addEventListener("click", startReplay);
  $("replay-time").addEventListener("input", () => setReplay(Number($("replay-time").value)));
  $("replay-play").addEventListener("click", () => {
    if (replayTimer) {
      clearInterval(replayTimer); replayTimer = null; $("replay-play").textContent = T.replay_play; return;
    }
    $("replay-play").textContent = T.replay_pause;
    replayTimer = setInterval(() => {
      const next = Number($("replay-time").value) + 5;
      setReplay(Math.min(next, 1000));
      if (next >= 1000) { clearInterval(replayTimer); replayTimer = null; $("replay-play").textContent = T.replay_play; }
    }, 50);
  });

  // ---- live: one event per tick, then the same cached snapshot as everyone -------------------

  async function loadRace() {
    const res = await api(BASE);
    if (!res.ok) return;
    race = res.data;
    $("race-status").textContent = T["status_" + race.status] || race.status;
    $("race-status").dataset.status = race.status;
    $("race-wind-source").textContent = race.wind.source;
    $("replay-button").hidden = race.status !== "finished";
    // The demo starts its next race when one finishes: say so rather than show a still sea.
    $("next-race").hidden = !(race.status === "finished" && root.dataset.demo === "true");
  }

  let busy = false, lastBoard = 0, lastWind = 0, lastClub = 0;
  async function onTick() {
    // Every client fetches the same snapshot; my own boat's details, the leaderboard and the
    // wind are asked for less often (an accelerated demo ticks every second).
    if (busy) return;
    busy = true;
    try {
      // Spread the fleet's fetches over a moment (a quarter of a tick, 5 s at most) rather
      // than every page asking at the same instant.
      const tickMs = race.tick_s / race.time_factor * 1000;
      await new Promise((done) => setTimeout(done, Math.random() * Math.min(5000, tickMs / 4)));
      await loadSnapshot();
      drawBoats();
      const now = Date.now();
      if (now - lastMe > 4000) await loadMe();
      else if (me && frame) fromSnapshot();
      if (now - lastBoard > 10000) { lastBoard = now; loadBoard(); }
      if (now - lastWind > 30000 && Number($("forecast").value) === 0) { lastWind = now; loadWind(); }
      if (now - lastClub > 60000) { lastClub = now; loadClub(); }
    } finally {
      busy = false;
    }
  }

  function fromSnapshot() {
    // Between two reads of /me, my boat moves with the snapshot.
    const b = me.boat;
    me.lat = frame.lat[b];
    me.lon = frame.lon[b];
    me.heading = frame.heading[b] / 100;
    me.speed_kt = frame.speed[b] / 100;
    if (frame.rank[b]) me.rank = frame.rank[b];
    me.track.lat.push(me.lat);
    me.track.lon.push(me.lon);
    showMe();
  }

  function live() {
    if (!window.EventSource) { setInterval(onTick, 5000); return; }
    const source = new EventSource(BASE + "/events");
    source.addEventListener("tick", onTick);
    let statusTimer = setInterval(async () => {
      await loadRace();
      if (race.status === "finished") { clearInterval(statusTimer); source.close(); showMe(); showAccount(); }
    }, 10000);
  }

  async function start() {
    await loadRace();
    if (!race) return;
    drawCourse();
    const p = await api(BASE + "/polar");
    polar = p.ok ? p.data : null;
    $("polar-class").textContent = polar ? polar.boat_class : "";
    await Promise.all([drawLand(), loadSnapshot(), loadMe()]);
    drawBoats();
    await loadWind();
    await loadBoard();
    drawPolar();
    if (player) await refreshPlayer(); else showAccount();
    // Back from a sign-in link with a guest boat here: the account takes it, as on log-in.
    if (player && me && !player.boats.some((b) => b.race === SLUG) && race.status !== "finished") await joinOrClaim();
    if (race.status !== "finished") live();
  }

  start();
})();

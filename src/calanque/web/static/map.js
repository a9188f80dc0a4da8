// Offline maps of the communes an answer speaks of: the pack's outlines, no tile server.
"use strict";

(function () {
  let territory = null;

  function load() {
    if (!territory) territory = fetch("/api/territory.geojson").then((r) => r.json());
    return territory;
  }

  function label(feature) {
    const span = document.createElement("span");  // text only: nothing from data becomes HTML
    const p = feature.properties;
    span.textContent = p.group ? p.name + " — " + p.group : p.name;
    return span;
  }

  async function draw(el) {
    if (!window.L || el.dataset.drawn) return;
    el.dataset.drawn = "1";
    const cited = new Set((el.dataset.communes || "").split(" ").filter(Boolean));
    const data = await load();
    const map = L.map(el, {attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.25});
    const style = (f) => cited.has(f.properties.insee)
      ? {color: "#073a50", weight: 1.2, fillColor: "#0f7c8a", fillOpacity: 0.8}
      : {color: "#a39b8c", weight: 0.6, fillColor: "#efe9dd", fillOpacity: 0.9};
    const layer = L.geoJSON(data, {
      style: style,
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {radius: cited.has(f.properties.insee) ? 6 : 3}),
      onEachFeature: (f, l) => l.bindTooltip(() => label(f), {sticky: true}),
    }).addTo(map);
    map.fitBounds(layer.getBounds(), {padding: [6, 6]});
  }

  window.calanqueMap = draw;
  window.addEventListener("load", () => document.querySelectorAll(".map").forEach(draw));
})();

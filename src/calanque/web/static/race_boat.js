// A boat's page: its decimated track over the race's land, no tile server.
"use strict";

(function () {
  const root = document.getElementById("boat");
  if (!root || !window.L) return;
  const base = "/api/races/" + root.dataset.slug;
  const map = L.map("boat-map", {zoomSnap: 0.25});
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");

  Promise.all([
    fetch(base + "/land.geojson").then((r) => r.json()),
    fetch(base).then((r) => r.json()),
    fetch(base + "/boats/" + root.dataset.boat + "/track").then((r) => r.json()),
  ]).then(([land, race, track]) => {
    const marks = race.course.marks.map((m) => m.kind === "waypoint" ? [m.lat, m.lon] : [(m.lat + m.lat2) / 2, (m.lon + m.lon2) / 2]);
    const line = track.lat.map((la, i) => [la, track.lon[i]]);
    map.fitBounds(L.latLngBounds(marks.concat(line)).pad(0.05));  // a view before any layer
    L.geoJSON(land, {interactive: false, style: {color: "#9c927e", weight: 0.6, fillColor: "#ece4d2", fillOpacity: 1}}).addTo(map);
    L.polyline(marks, {color: "#0b4f6c", weight: 1.5, dashArray: "6 6"}).addTo(map);
    marks.forEach((p) => L.circleMarker(p, {radius: 5, color: "#073a50", fillColor: "#fff", fillOpacity: 1}).addTo(map));
    if (line.length) {
      L.polyline(line, {color: "#e07a1f", weight: 3}).addTo(map);
      L.circleMarker(line[line.length - 1], {radius: 7, color: "#7a3b00", fillColor: "#ff9a3c", fillOpacity: 1}).addTo(map);
    }
  });
})();

/* The service map (shequ.circle): Leaflet over GeoJSON overlays of grids, buildings
   (coloured by whether they reach the chosen category within the walk) and service points.
   Tiles only when the installation configures a tile URL; without one the map works offline.
   Canvas rendering keeps thousands of buildings fast; the time the overlays took is written
   to data-rendered-ms (the browser test and the bench read it). */
(function () {
  "use strict";
  var el = document.getElementById("circle-map");
  if (!el || !window.L) { return; }
  var started = performance.now();
  var map = L.map(el, { preferCanvas: true, zoomControl: true, attributionControl: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  map.setView([30, 105], 4);
  var colours = { "true": "#2e7d32", "false": "#c62828", "null": "#9e9e9e" };
  var renderer = L.canvas({ padding: 0.2 });

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  function popup(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div;
  }

  Promise.all([get(el.dataset.grids), get(el.dataset.buildings), get(el.dataset.points)])
    .then(function (data) {
      var grids = L.geoJSON(data[0], {
        style: function () { return { color: "#1565c0", weight: 1, fillOpacity: 0.04 }; },
        onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name); }
      }).addTo(map);
      var buildings = L.geoJSON(data[1], {
        pointToLayer: function (f, latlng) {
          var c = colours[String(f.properties.covered)];
          return L.circleMarker(latlng, { renderer: renderer, radius: 4, weight: 1, color: c,
                                          fillColor: c, fillOpacity: 0.8 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(popup(p.name + (p.distance_m !== null ? " · " + p.distance_m + " m" : "")));
        }
      }).addTo(map);
      var points = L.geoJSON(data[2], {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { renderer: renderer, radius: 7, weight: 2,
                                          color: "#0d47a1", fillColor: "#ffca28", fillOpacity: 1 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(popup(p.category_label + "：" + p.name + (p.opening_hours ? "（" + p.opening_hours + "）" : "")));
        }
      }).addTo(map);
      var unlocated = data[2].unlocated || [];
      var note = document.getElementById("circle-unlocated");
      if (note && unlocated.length) {
        note.textContent = note.dataset.template + " " + unlocated.map(function (u) { return u.name; }).join("、");
        note.hidden = false;
      }
      var bounds = L.latLngBounds([]);
      [grids, buildings, points].forEach(function (layer) {
        var b = layer.getBounds();
        if (b.isValid()) { bounds.extend(b); }
      });
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [20, 20] });
      } else {
        el.setAttribute("data-state", "empty");
        el.appendChild(popup(el.dataset.empty));
      }
      el.setAttribute("data-buildings-drawn", String(data[1].features.length));
      el.setAttribute("data-points-drawn", String(data[2].features.length));
      el.setAttribute("data-rendered-ms", String(Math.round(performance.now() - started)));
    })
    .catch(function () { el.setAttribute("data-state", "error"); });

  var select = document.getElementById("circle-category");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();

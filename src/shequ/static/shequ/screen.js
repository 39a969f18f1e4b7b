// The 大屏: polls the JSON endpoint every data-every seconds and redraws in place. One
// ECharts instance per chart for the page's life (setOption, never init again), one timer
// (setTimeout after each answer, so a slow server never stacks requests), text nodes
// changed in place: nothing grows with the number of refreshes.
(function () {
  "use strict";
  var body = document.body;
  var every = Math.max(5, parseInt(body.getAttribute("data-every"), 10) || 60) * 1000;
  var slots = {};
  document.querySelectorAll("[data-slot]").forEach(function (el) {
    slots[el.getAttribute("data-slot")] = el;
  });
  var mapChart = null, rankChart = null, hasMap = false, cards = {}, sized = false, drawn = false;

  // Text changed in place (the text node's value), not through textContent, which would
  // make a new node each time and leave the old one for the collector.
  function setText(el, text) {
    if (el.firstChild && el.firstChild.nodeType === 3 && !el.firstChild.nextSibling) {
      el.firstChild.nodeValue = text;
    } else {
      el.textContent = text;
    }
  }

  function headline(h) {
    var card = cards[h.key];
    if (!card) {
      card = document.createElement("div");
      card.className = "screen-card";
      card.appendChild(document.createElement("strong"));
      card.appendChild(document.createElement("span"));
      slots.headlines.appendChild(card);
      cards[h.key] = card;
    }
    setText(card.firstChild, h.total.toLocaleString("zh-CN"));
    setText(card.lastChild, h.label + "（" + h.unit + "）");
  }

  function draw(data) {
    slots.error.hidden = true;
    setText(slots.updated, data.updated);
    setText(slots.figure, data.figure.label);
    data.headlines.forEach(headline);
    if (!sized) {  // the cards now take their height: fit the charts to what is left
      sized = true;
      rankChart.resize();
      if (mapChart) { mapChart.resize(); }
    }
    var names = data.ranking.map(function (r) { return r.name; });
    var values = data.ranking.map(function (r) { return r.value; });
    var max = data.map.reduce(function (m, r) { return Math.max(m, r.value); }, 0) || 1;
    if (!drawn) {  // the whole option once; afterwards only the data changes
      drawn = true;
      rankChart.setOption({
        animation: false, backgroundColor: "transparent",
        textStyle: { color: "#cfe3ff" },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", splitLine: { lineStyle: { color: "#1d3557" } } },
        yAxis: { type: "category", data: names, inverse: true,
                 axisLabel: { color: "#cfe3ff", fontSize: 14 } },
        series: [{ type: "bar", data: values, itemStyle: { color: "#f4a261" } }]
      });
      if (hasMap) {
        mapChart.setOption({
          animation: false, backgroundColor: "transparent",
          visualMap: { min: 0, max: max, calculable: false, left: 16, bottom: 16,
                       textStyle: { color: "#cfe3ff" }, inRange: { color: ["#0b3d91", "#e63946"] } },
          series: [{ type: "map", map: "grids", roam: false, data: data.map,
                     layoutCenter: ["50%", "50%"], layoutSize: "92%",
                     label: { show: false }, itemStyle: { borderColor: "#8ecae6" } }]
        });
      }
      return;
    }
    rankChart.setOption({ yAxis: { data: names }, series: [{ data: values }] });
    if (hasMap) {
      mapChart.setOption({ visualMap: { max: max }, series: [{ data: data.map }] });
    }
  }

  function fail(message) {
    setText(slots.error, message);
    slots.error.hidden = false;
  }

  function poll() {
    fetch(body.getAttribute("data-data-url"), { credentials: "same-origin",
                                                 headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (j) { if (!r.ok) { throw new Error(j.message); } return j; });
      })
      .then(draw)
      .catch(function (e) { fail(e.message || String(e)); })
      .then(function () { window.setTimeout(poll, every); });
  }

  function start(geo) {
    rankChart = echarts.init(slots.ranking, null, { renderer: "canvas" });
    if (geo && geo.features && geo.features.length) {
      echarts.registerMap("grids", geo);
      mapChart = echarts.init(slots.map, null, { renderer: "canvas" });
      hasMap = true;
    }
    window.addEventListener("resize", function () {
      rankChart.resize();
      if (mapChart) { mapChart.resize(); }
    });
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") { fail("ECharts"); return; }
    fetch(body.getAttribute("data-geo-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(start, function () { start(null); });
  });
})();

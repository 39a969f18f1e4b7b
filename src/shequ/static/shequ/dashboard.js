// Dashboard charts: every element with data-dash-chart="<id of a json_script>" becomes an
// ECharts chart of {kind: bar|line|pie, categories, series:[{name, data}]}. The numbers are
// also in the table under it, so nothing is lost without JavaScript. Canvas renderer and
// sizes through the CSSOM: the Content-Security-Policy refuses style attributes.
(function () {
  "use strict";
  var COLORS = ["#b22222", "#e0a526", "#3a6ea5", "#5b8c5a"];

  function option(data, narrow) {
    if (data.kind === "pie") {
      return { color: COLORS, animation: false, tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], data: data.categories.map(function (c, i) {
          return { name: c, value: data.series[0].data[i] };
        }) }] };
    }
    var bars = data.kind !== "line" && narrow;
    return {
      color: COLORS, animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: bars ? { type: "value" } : { type: "category", data: data.categories,
        axisLabel: { interval: 0, rotate: data.categories.length > 8 ? 30 : 0 } },
      yAxis: bars ? { type: "category", data: data.categories, inverse: true } : { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: data.kind === "line" ? "line" : "bar", data: s.data };
      })
    };
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-dash-chart"));
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var narrow = el.clientWidth < 560;
    el.style.height = (narrow && data.kind !== "line" && data.kind !== "pie")
      ? Math.max(260, data.categories.length * 28) + "px" : "320px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(data, narrow));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-dash-chart]").forEach(draw);
  });
})();

// Charts: every element with data-chart="<id of a json_script>" becomes an ECharts bar
// chart of {categories, series:[{name, data}]}. The numbers are also in a table on the
// page, so without JavaScript nothing is lost.
(function () {
  "use strict";
  var COLORS = ["#b22222", "#e0a526", "#3a6ea5", "#5b8c5a"];

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    // One bar row per area on a phone; the height is set through the CSSOM: the
    // Content-Security-Policy refuses style attributes. The canvas renderer for the same
    // reason (the SVG one writes style attributes).
    el.style.height = Math.max(260, data.categories.length * 28) + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var narrow = el.clientWidth < 560;
    chart.setOption({
      color: COLORS,
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: narrow ? { type: "value" } : { type: "category", data: data.categories,
        axisLabel: { interval: 0, rotate: data.categories.length > 8 ? 30 : 0 } },
      yAxis: narrow ? { type: "category", data: data.categories, inverse: true }
                    : { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();

/* Inflow and outflow per province on the talent-flows page (ECharts, vendored). */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("talent-flows-chart");
    var src = document.getElementById("talent-flows-data");
    if (!el || !src || !window.echarts) { return; }
    var d = JSON.parse(src.textContent);
    if (!d.names.length) { el.style.display = "none"; return; }
    var c = window.echarts.init(el);
    c.setOption({
      tooltip: { trigger: "axis" },
      legend: {},
      xAxis: { type: "category", data: d.names, axisLabel: { rotate: 45 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: el.dataset.labelIn, type: "bar", data: d.inflow },
        { name: el.dataset.labelOut, type: "bar", data: d.outflow }
      ]
    });
    window.addEventListener("resize", function () { c.resize(); });
  });
})();

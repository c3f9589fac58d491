/* Observatory charts: ECharts 5 (vendored) over the page's #chart-data JSON. No network
   access except the vendored China provinces GeoJSON served from this site. */
(function () {
  "use strict";
  function data() {
    var el = document.getElementById("chart-data");
    return el ? JSON.parse(el.textContent) : null;
  }
  function name(row, d) { return d.zh ? row.province : row.name_en; }
  function round(v, n) { return v === null ? null : Number(v.toFixed(n)); }
  function chart(el) {
    var c = echarts.init(el);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  var axisNames = { rotate: 60, interval: 0, fontSize: 11 };

  var render = {
    "index-map": function (el, d) {
      var c = chart(el);
      fetch(el.dataset.map).then(function (r) { return r.json(); }).then(function (geo) {
        echarts.registerMap("china-provinces", geo);
        var vals = d.rows.map(function (r) { return { name: r.province, value: round(r.score, 2), label: name(r, d), rank: r.rank }; });
        c.setOption({
          tooltip: { trigger: "item", formatter: function (p) {
            return p.data ? p.data.label + "<br>" + el.dataset.labelScore + ": " + p.data.value + " (#" + p.data.rank + ")"
                          : p.name + ": " + el.dataset.labelNodata; } },
          visualMap: { min: 0, max: 100, left: "left", bottom: 10, calculable: true,
                       inRange: { color: ["#e8f1f5", "#0a6e8a", "#063f50"] } },
          series: [{ type: "map", map: "china-provinces", roam: true, data: vals, name: el.dataset.labelScore,
                     emphasis: { label: { show: true } } }]
        });
      });
    },
    "index-bars": function (el, d) {
      var rows = d.rows, ds = el.dataset;
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: {}, grid: { bottom: 90 },
        xAxis: { type: "category", data: rows.map(function (r) { return name(r, d); }), axisLabel: axisNames },
        yAxis: { type: "value", max: 100 },
        series: [
          { name: ds.labelScore, type: "bar", data: rows.map(function (r) { return round(r.score, 2); }) },
          { name: ds.labelInputs, type: "line", data: rows.map(function (r) { return round(r.pillars.Inputs, 1); }) },
          { name: ds.labelOutputs, type: "line", data: rows.map(function (r) { return round(r.pillars.Outputs, 1); }) },
          { name: ds.labelDiffusion, type: "line", data: rows.map(function (r) { return round(r.pillars.Diffusion, 1); }) }
        ]
      });
    },
    "index-history": function (el, d) {
      var h = d.history, selected = {}, top = {};
      d.rows.slice(0, 8).forEach(function (r) { top[r.uCode] = true; });
      var series = h.series.map(function (s) {
        var n = name(s, d);
        selected[n] = !!top[s.uCode];
        return { name: n, type: "line", data: s.scores.map(function (v) { return round(v, 2); }) };
      });
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: { type: "scroll", selected: selected },
        grid: { top: 60 }, xAxis: { type: "category", data: h.years },
        yAxis: { type: "value", max: 100, name: el.dataset.labelScore }, series: series
      });
    },
    "ccd": function (el, d) {
      var rows = d.rows, ds = el.dataset;
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: {}, grid: { bottom: 90 },
        xAxis: { type: "category", data: rows.map(function (r) { return name(r, d); }), axisLabel: axisNames },
        yAxis: { type: "value", min: 0, max: 1, interval: 0.1, splitLine: { lineStyle: { type: "dashed" } } },
        series: [
          { name: ds.labelD, type: "bar", data: rows.map(function (r) { return round(r.D, 3); }) },
          { name: ds.labelC, type: "line", data: rows.map(function (r) { return round(r.C, 3); }) },
          { name: ds.labelT, type: "line", data: rows.map(function (r) { return round(r.T, 3); }) }
        ]
      });
    },
    "inequality-lines": function (el, d) {
      var rows = d.rows, ds = el.dataset;
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: {},
        xAxis: { type: "category", data: rows.map(function (r) { return r.year; }) },
        yAxis: { type: "value" },
        series: [
          { name: ds.labelGini, type: "line", data: rows.map(function (r) { return round(r.gini, 4); }) },
          { name: ds.labelTheil, type: "line", data: rows.map(function (r) { return round(r.theil, 4); }) },
          { name: ds.labelCv, type: "line", data: rows.map(function (r) { return round(r.cv, 4); }) }
        ]
      });
    },
    "inequality-shares": function (el, d) {
      var rows = d.rows, ds = el.dataset;
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: {},
        xAxis: { type: "category", data: rows.map(function (r) { return r.year; }) },
        yAxis: { type: "value", max: 1 },
        series: [
          { name: ds.labelBetween, type: "bar", stack: "t", data: rows.map(function (r) { return round(r.between_share, 3); }) },
          { name: ds.labelWithin, type: "bar", stack: "t", data: rows.map(function (r) { return r.between_share === null ? null : round(1 - r.between_share, 3); }) }
        ]
      });
    },
    "inequality-zones": function (el, d) {
      var z = d.zones, ds = el.dataset;
      var series = z.groups.map(function (g) {
        return { name: ds["label" + g.charAt(0).toUpperCase() + g.slice(1)] || g, type: "bar", stack: "s",
                 data: z.rows.map(function (r) { return round(r.shares[g], 3); }) };
      });
      series.push({ name: ds.labelBetween, type: "line",
                    data: z.rows.map(function (r) { return round(r.between_share, 3); }) });
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: {},
        xAxis: { type: "category", data: z.rows.map(function (r) { return r.year; }) },
        yAxis: { type: "value", max: 1 }, series: series
      });
    },
    "flows": function (el, d) {
      var rows = d.rows, ds = el.dataset;
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: {}, grid: { bottom: 90, left: 90 },
        xAxis: { type: "category", data: rows.map(function (r) { return name(r, d); }), axisLabel: axisNames },
        yAxis: { type: "value" },
        series: [
          { name: ds.labelNet, type: "bar", data: rows.map(function (r) {
              return { value: r.net, itemStyle: { color: r.net < 0 ? "#b84a4a" : "#2f7d4a" } }; }) },
          { name: ds.labelExports, type: "line", data: rows.map(function (r) { return r.exports; }) },
          { name: ds.labelImports, type: "line", data: rows.map(function (r) { return r.imports; }) }
        ]
      });
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    var d = data();
    if (!d || typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var f = render[el.dataset.chart];
      if (f) { f(el, d); }
    });
  });
})();

/* Computing pages: the hubs and east→west flows on the vendored China map, and the
   utilisation per hub. ECharts 5 (vendored); the GeoJSON is the observatory's, served
   from this site. No network access elsewhere. */
(function () {
  "use strict";
  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function chart(el) {
    var c = echarts.init(el);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  var render = {
    "hubs-map": function (el, d) {
      var c = chart(el), ds = el.dataset;
      fetch(ds.map).then(function (r) { return r.json(); }).then(function (geo) {
        echarts.registerMap("china-provinces", geo);
        function point(k) {
          return { name: d.zh ? k.name_zh : k.name_en, value: [k.lon, k.lat, k.offers], pue: k.pue_target };
        }
        var east = d.clusters.filter(function (k) { return k.role !== "west"; }).map(point);
        var west = d.clusters.filter(function (k) { return k.role === "west"; }).map(point);
        var lines = d.flows.map(function (f) {
          return { coords: [f.from_coord, f.to_coord], value: f.units,
                   name: (d.zh ? f.from_zh + " → " + f.to_zh : f.from_en + " → " + f.to_en) + ": " + f.jobs,
                   lineStyle: { width: 1 + Math.min(8, 2 * Math.log(1 + f.jobs)) } };
        });
        c.setOption({
          tooltip: { trigger: "item", formatter: function (p) {
            return p.seriesType === "lines" ? p.data.name : p.name + " · PUE " + p.data.pue; } },
          legend: { bottom: 10, left: "right" },
          geo: { map: "china-provinces", roam: true, itemStyle: { areaColor: "#eef3f6", borderColor: "#9ab" } },
          series: [
            { name: ds.labelEast, type: "scatter", coordinateSystem: "geo", data: east, symbolSize: 12,
              itemStyle: { color: "#c0392b" }, label: { show: true, formatter: "{b}", position: "right", fontSize: 10 } },
            { name: ds.labelWest, type: "scatter", coordinateSystem: "geo", data: west, symbolSize: 12,
              itemStyle: { color: "#1e8449" }, label: { show: true, formatter: "{b}", position: "right", fontSize: 10 } },
            { name: ds.labelFlow, type: "lines", coordinateSystem: "geo", data: lines,
              symbol: ["none", "arrow"], symbolSize: 8, lineStyle: { color: "#0a6e8a", opacity: 0.6, curveness: 0.2 } }
          ]
        });
      });
    },
    "hub-util": function (el) {
      var hubs = json("util-data") || [], zh = (json("chart-data") || {}).zh, ds = el.dataset;
      var series = ["gpu", "cpu", "storage"].map(function (r) {
        return { name: ds["label" + r.charAt(0).toUpperCase() + r.slice(1)], type: "bar",
                 data: hubs.map(function (h) { return h[r].utilisation; }) };
      });
      chart(el).setOption({
        tooltip: { trigger: "axis" }, legend: {}, grid: { bottom: 60 },
        xAxis: { type: "category", data: hubs.map(function (h) { return zh ? h.name_zh : h.name_en; }), axisLabel: { rotate: 30, fontSize: 10 } },
        yAxis: { type: "value", name: ds.labelUtil },
        series: series
      });
    }
  };
  document.addEventListener("DOMContentLoaded", function () {
    var d = json("chart-data");
    if (!d) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var fn = render[el.dataset.chart];
      if (fn) { fn(el, d); }
    });
  });
})();

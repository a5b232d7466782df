// Draw every chart of the page from the JSON figure the server embedded next to it.
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") { return; }
  // Maps draw our own GeoJSON with no basemap: give Plotly an empty world so it never fetches one.
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
  function figureOf(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }
  document.querySelectorAll("[data-chart][data-figure]").forEach(function (element) {
    var figure = figureOf(element.getAttribute("data-figure"));
    if (!figure) { return; }
    window.Plotly.newPlot(element, figure.data, figure.layout, figure.config).then(function () {
      element.setAttribute("data-rendered", "true");
    });
  });
  // The map's measure (messages or open cases): radio buttons, usable with the arrow keys.
  document.querySelectorAll("[data-map-toggle]").forEach(function (group) {
    var element = document.getElementById(group.getAttribute("data-map-toggle"));
    if (!element) { return; }
    group.hidden = false;
    group.addEventListener("change", function (event) {
      var figure = figureOf(event.target.getAttribute("data-map-figure"));
      if (!figure) { return; }
      element.setAttribute("data-rendered", "false");
      element.setAttribute("data-figure", event.target.getAttribute("data-map-figure"));
      window.Plotly.react(element, figure.data, figure.layout, figure.config).then(function () {
        element.setAttribute("data-rendered", "true");
      });
    });
  });
})();

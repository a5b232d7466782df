// Draw every chart of the page from the JSON figure the server embedded next to it.
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") { return; }
  document.querySelectorAll("[data-chart][data-figure]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, figure.config).then(function () {
      element.setAttribute("data-rendered", "true");
    });
  });
})();

/* Dashboard: the page paints at once, then fetches the numbers and the charts.
   Figures come from the server (/api/v1/charts/<name>); this file only draws them,
   adapting colours to dark mode. User text is set with textContent only. */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      });
  }

  function percent(value) {
    return value === null || value === undefined ? "–" : Math.round(value * 100) + "%";
  }

  function days(n) { return n + (n === 1 ? " day" : " days"); }

  function showSummary(s) {
    byId("progress-label").textContent = s.progress.label;
    var feeling = byId("progress-feeling");
    feeling.textContent = s.progress.feeling || "";
    feeling.hidden = !s.progress.feeling;
    feeling.className = s.progress.feeling_agrees === false ? "notice" : "";
    byId("stat-streak").textContent = days(s.streaks.current);
    byId("stat-longest").textContent = days(s.streaks.longest);
    byId("stat-strength").textContent = s.totals.routine_building
      ? "building"
      : percent(s.totals.routine_strength);
    byId("stat-adherence").textContent = percent(s.totals.mean_adherence);
    byId("headline-conclusion").textContent = s.headline.conclusion + " " + s.headline.note;
    var list = byId("warning-list");
    list.textContent = "";
    s.warnings.forEach(function (w) {
      var item = document.createElement("li");
      item.textContent = w.message + " (" + w.reason + ")";
      list.appendChild(item);
    });
    byId("warnings").hidden = s.warnings.length === 0;
    byId("summary").setAttribute("aria-busy", "false");
  }

  /* Dark mode: the page carries the server's mapping (tracker/charts/style.py) from
     each light chart colour to its dark shade, plus grid and text colours. Every
     colour string anywhere in a figure is swapped through it, so traces, markers,
     legend swatches, shapes and annotations all change together. */
  var scheme = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var darkColours = (function () {
    var block = byId("chart-dark-colours");
    try { return block ? JSON.parse(block.textContent) : null; } catch (e) { return null; }
  })();
  var drawn = [];

  function isDark() { return Boolean(scheme && scheme.matches && darkColours); }

  function swapColours(value) {
    if (typeof value === "string") {
      var swapped = darkColours.swap[value.toUpperCase()];
      return swapped === undefined ? value : swapped;
    }
    if (Array.isArray(value)) { return value.map(swapColours); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) { out[key] = swapColours(value[key]); });
      return out;
    }
    return value;
  }

  /* A fresh copy each time: the same figure is redrawn when the scheme changes. */
  function themed(figure) {
    var copy = JSON.parse(JSON.stringify(figure));
    if (!isDark()) { return copy; }
    var data = swapColours(copy.data);
    var layout = swapColours(copy.layout);
    layout.font = Object.assign({}, layout.font, { color: darkColours.text });
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) { layout[key] = Object.assign({}, darkColours.axis, layout[key]); }
    });
    return { data: data, layout: layout };
  }

  function plot(target, figure) {
    var fig = themed(figure);
    return window.Plotly.react(target, fig.data, fig.layout, {
      responsive: true, displayModeBar: false, staticPlot: false
    });
  }

  function drawChart(chart) {
    var card = document.querySelector('[data-chart="' + chart.name + '"]');
    if (!card) { return null; }
    var target = byId("chart-" + chart.name);
    var summary = card.querySelector("[data-slot=summary]");
    return Promise.resolve().then(function () {
      card.querySelector("[data-slot=title]").textContent = chart.title;
      summary.textContent = chart.summary;
      /* The title only: the sentence is the chart's description (aria-describedby),
         so a screen reader says it once, not twice. */
      target.setAttribute("aria-label", chart.title);
      card.classList.toggle("chart-empty", chart.empty);
      drawn.push({ target: target, figure: chart.figure });
      return plot(target, chart.figure).then(function () {
        target.setAttribute("data-drawn", "true");
        target.setAttribute("data-scheme", isDark() ? "dark" : "light");
      });
    }).catch(function () {
      summary.textContent = "This chart could not be loaded. Check your connection and reload.";
    });
  }

  /* The system switching to dark mode at dusk redraws the charts in place. */
  if (scheme && scheme.addEventListener) {
    scheme.addEventListener("change", function () {
      drawn.forEach(function (chart) {
        plot(chart.target, chart.figure).then(function () {
          chart.target.setAttribute("data-scheme", isDark() ? "dark" : "light");
        });
      });
    });
  }

  function start() {
    /* One request: the server reads and analyses the history once for everything. */
    /* The URL is the page's: a share link's dashboard reads its own, read-only copy. */
    var url = byId("summary").getAttribute("data-url") || "/api/v1/dashboard";
    getJSON(url).then(function (data) {
      showSummary(data.summary);
      data.charts.forEach(drawChart);
    }).catch(function () {
      byId("progress-label").textContent = "Your numbers could not be loaded. Check your connection and reload.";
      Array.prototype.forEach.call(document.querySelectorAll("[data-slot=summary]"), function (el) {
        el.textContent = "This chart could not be loaded. Check your connection and reload.";
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* Dashboard: the numbers and sentences come in the page (server-rendered, so they are in
   the first paint); this file only draws the charts. Each chart is drawn as it nears the
   screen: the first one loads plotly.js (our own copy) and the figures
   (/api/v1/dashboard, revalidated by its ETag); charts nobody scrolls to cost nothing.
   Colours adapt to dark mode. */
import { api } from "./lib/api.js";
import { t } from "./lib/i18n.js";

const byId = (id) => document.getElementById(id);
const CHART_FAILED = t("This chart could not be loaded. Check your connection and reload.");
const summaryCard = byId("summary");

/* Dates and numbers the page's way (tracker/charts/locale.py): plotly's own locale file
   for its interface words, Babel's day and month names, "1,6" via layout.separators. */
const chartLocale = (() => {
  try {
    return JSON.parse(byId("chart-locale")?.textContent ?? "null");
  } catch {
    return null;
  }
})();
const localeConfig = chartLocale?.definition
  ? { locale: chartLocale.locale, locales: { [chartLocale.locale]: chartLocale.definition } }
  : {};

/* Dark mode: the page carries the server's mapping (tracker/charts/style.py) from
   each light chart colour to its dark shade, plus grid and text colours. Every
   colour string anywhere in a figure is swapped through it, so traces, markers,
   legend swatches, shapes and annotations all change together. */
const scheme = window.matchMedia?.("(prefers-color-scheme: dark)");
const darkColours = (() => {
  try {
    return JSON.parse(byId("chart-dark-colours")?.textContent ?? "null");
  } catch {
    return null;
  }
})();
const drawn = [];

const isDark = () => Boolean(scheme?.matches && darkColours);

function swapColours(value) {
  if (typeof value === "string") return darkColours.swap[value.toUpperCase()] ?? value;
  if (Array.isArray(value)) return value.map(swapColours);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, swapColours(v)]));
  }
  return value;
}

/* A fresh copy each time: the same figure is redrawn when the scheme changes. */
function themed(figure) {
  const copy = structuredClone(figure);
  if (!isDark()) return copy;
  const data = swapColours(copy.data);
  const layout = swapColours(copy.layout);
  layout.font = { ...layout.font, color: darkColours.text };
  for (const key of Object.keys(layout)) {
    if (/^[xy]axis\d*$/.test(key)) layout[key] = { ...darkColours.axis, ...layout[key] };
  }
  return { data, layout };
}

function plot(target, figure) {
  const { data, layout } = themed(figure);
  return window.Plotly.react(target, data, layout, {
    responsive: true, displayModeBar: false, staticPlot: false, ...localeConfig,
  });
}

/* plotly.js (1.2 MB of script) and its stylesheet, once, when the first chart is wanted.
   The stylesheet's id and class tell plotly not to inject a <style> (the CSP forbids it). */
let plotly;
function loadPlotly() {
  plotly ??= new Promise((resolve, reject) => {
    const css = document.createElement("link");
    Object.assign(css, { rel: "stylesheet", id: "plotly.js-style-global", className: "no-inline-styles" });
    css.href = summaryCard.dataset.plotlyCss;
    const script = document.createElement("script");
    script.src = summaryCard.dataset.plotly;
    const loaded = (node) => new Promise((ok, failed) => { node.onload = ok; node.onerror = failed; });
    /* The locale file registers itself with the Plotly it finds: it comes after plotly.js. */
    const withLocale = loaded(script).then(() => {
      if (!chartLocale?.file) return undefined;
      const locale = document.createElement("script");
      locale.src = chartLocale.file;
      const done = loaded(locale);
      document.head.append(locale);
      return done;
    });
    const both = Promise.all([loaded(css), withLocale]);
    document.head.append(css, script);
    both.then(() => resolve(window.Plotly), reject);
  });
  return plotly;
}

/* The figures, once: one request, the server reads and analyses the history once for
   every chart. The URL is the page's: a share link's dashboard reads its own copy. */
let figures;
function loadFigures() {
  figures ??= api("GET", summaryCard.dataset.url || "/api/v1/dashboard").then((result) => {
    if (!result.ok) throw new Error(result.message);
    /* The self-experiment's chart comes with its section, when there is one. */
    const charts = [...result.data.charts, result.data.experiment?.chart].filter(Boolean);
    return new Map(charts.map((chart) => [chart.name, chart]));
  });
  return figures;
}

async function drawChart(card) {
  const name = card.dataset.chart;
  const target = byId(`chart-${name}`);
  const summary = card.querySelector("[data-slot=summary]");
  try {
    const [charts] = await Promise.all([loadFigures(), loadPlotly()]);
    const chart = charts.get(name);
    if (!chart) throw new Error(`no chart ${name}`);
    /* The page's words may be older than the figures (an entry saved in another tab). */
    card.querySelector("[data-slot=title]").textContent = chart.title;
    summary.textContent = chart.summary;
    /* The title only: the sentence is the chart's description (aria-describedby),
       so a screen reader says it once, not twice. */
    target.setAttribute("aria-label", chart.title);
    card.classList.toggle("chart-empty", chart.empty);
    drawn.push({ target, figure: chart.figure });
    target.querySelector(".chart-space")?.remove();
    await plot(target, chart.figure);
    target.dataset.drawn = "true";
    target.dataset.scheme = isDark() ? "dark" : "light";
  } catch {
    summary.textContent = CHART_FAILED;
  }
}

/* The system switching to dark mode at dusk redraws the charts in place. */
scheme?.addEventListener?.("change", () => {
  for (const { target, figure } of drawn) {
    plot(target, figure).then(() => { target.dataset.scheme = isDark() ? "dark" : "light"; });
  }
});

/* Drawn a little before it scrolls into view, so it is there when it arrives. */
const cards = document.querySelectorAll("[data-chart]");
if ("IntersectionObserver" in window) {
  const watcher = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      watcher.unobserve(entry.target);
      drawChart(entry.target);
    }
  }, { rootMargin: "200px 0px" });
  cards.forEach((card) => watcher.observe(card));
} else {
  cards.forEach(drawChart);
}

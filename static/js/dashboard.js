/* Dashboard: the page paints at once, then fetches the numbers and the charts.
   Figures come from the server (/api/v1/charts/<name>); this file only draws them,
   adapting colours to dark mode. User text is set with textContent only. */
import { api } from "./lib/api.js";

const byId = (id) => document.getElementById(id);
const percent = (value) => (value == null ? "–" : `${Math.round(value * 100)}%`);
const days = (n) => `${n} ${n === 1 ? "day" : "days"}`;
const CHART_FAILED = "This chart could not be loaded. Check your connection and reload.";

function showSummary(s) {
  byId("progress-label").textContent = s.progress.label;
  const feeling = byId("progress-feeling");
  feeling.textContent = s.progress.feeling || "";
  feeling.hidden = !s.progress.feeling;
  feeling.className = s.progress.feeling_agrees === false ? "notice" : "";
  byId("stat-streak").textContent = days(s.streaks.current);
  byId("stat-longest").textContent = days(s.streaks.longest);
  byId("stat-strength").textContent = s.totals.routine_building ? "building" : percent(s.totals.routine_strength);
  byId("stat-adherence").textContent = percent(s.totals.mean_adherence);
  byId("headline-conclusion").textContent = `${s.headline.conclusion} ${s.headline.note}`;
  byId("warning-list").replaceChildren(...s.warnings.map((w) => {
    const item = document.createElement("li");
    item.textContent = `${w.message} (${w.reason})`;
    return item;
  }));
  byId("warnings").hidden = s.warnings.length === 0;
  byId("summary").setAttribute("aria-busy", "false");
}

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
  return window.Plotly.react(target, data, layout, { responsive: true, displayModeBar: false, staticPlot: false });
}

async function drawChart(chart) {
  const card = document.querySelector(`[data-chart="${chart.name}"]`);
  if (!card) return;
  const target = byId(`chart-${chart.name}`);
  const summary = card.querySelector("[data-slot=summary]");
  try {
    card.querySelector("[data-slot=title]").textContent = chart.title;
    summary.textContent = chart.summary;
    /* The title only: the sentence is the chart's description (aria-describedby),
       so a screen reader says it once, not twice. */
    target.setAttribute("aria-label", chart.title);
    card.classList.toggle("chart-empty", chart.empty);
    drawn.push({ target, figure: chart.figure });
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

/* One request: the server reads and analyses the history once for everything. The URL
   is the page's: a share link's dashboard reads its own, read-only copy. */
async function start() {
  const url = byId("summary").dataset.url || "/api/v1/dashboard";
  try {
    const result = await api("GET", url);
    if (!result.ok) throw new Error(result.message);
    showSummary(result.data.summary);
    result.data.charts.forEach(drawChart);
  } catch {
    byId("progress-label").textContent = "Your numbers could not be loaded. Check your connection and reload.";
    for (const node of document.querySelectorAll("[data-slot=summary]")) node.textContent = CHART_FAILED;
  }
}

start();

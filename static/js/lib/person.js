/* Who is signed in (from <body>) and their calendar: their timezone, not the phone's. */
import { lang } from "./i18n.js";

export const USER = document.body.dataset.user;
export const TZ = document.body.dataset.tz || Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The person's local date (YYYY-MM-DD). */
export function localDate(when = new Date()) {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit",
  }).format(when);
}

/** A real day as YYYY-MM-DD (?date= may hold anything). */
export function isDay(text) {
  if (!/^\d{4}-\d\d-\d\d$/.test(text || "")) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

export function longDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, {
    weekday: "long", day: "numeric", month: "long", timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** ?date= (History's earlier day), else null. */
export function askedDay() {
  const day = new URLSearchParams(window.location.search).get("date");
  return isDay(day) ? day : null;
}

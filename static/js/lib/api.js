/* The one API helper: JSON or FormData, the CSRF header, one retry with a fresh token (a
   page kept from before a new sign-in holds an old one). Rejects only on network failure. */
import { lang, t } from "./i18n.js";

let csrf = document.querySelector('meta[name="csrf-token"]')?.content;

function request(method, url, body) {
  const headers = { Accept: "application/json" };
  const form = body instanceof FormData; // the browser sets its Content-Type
  if (body !== undefined && !form) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrf;
  return fetch(url, {
    method, headers, credentials: "same-origin",
    body: body === undefined || form ? body : JSON.stringify(body),
  });
}

async function refreshCsrf() {
  const res = await fetch("/api/v1/me", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (res.ok) csrf = res.headers.get("X-CSRF-Token") || csrf;
  return res.ok;
}

const read = (res) => (res.status === 204 ? null : res.json().catch(() => null));

/** Resolves to {ok, status, data, message, errors}. */
export async function api(method, url, body) {
  let res = await request(method, url, body);
  let data = await read(res);
  if (res.status === 400 && /CSRF/i.test(data?.message || "") && await refreshCsrf()) {
    res = await request(method, url, body);
    data = await read(res);
  }
  const errors = data?.errors?.json || {};
  const english = lang === "en";
  return {
    ok: res.ok, status: res.status, data,
    message: english ? data?.message || res.statusText || `Error ${res.status}` : said(res.status),
    errors: english ? errors : reasons(errors),
  };
}

/* The API explains in English: another language says per field and status. */
const reasons = (errors) => Object.fromEntries(Object.entries(errors).map(([name, value]) => [name,
  Array.isArray(value) ? [t("Check this value.")] : reasons(value || {})]));

function said(status) {
  if (status === 409) return t("This clashes with something already saved.");
  if (status === 401) return t("You are signed out. Sign in again, then try again.");
  return status === 429 || status >= 500 ? t("The server could not take it just now. Try again in a minute.")
    : t("The server did not accept this. Check the form and try again.");
}

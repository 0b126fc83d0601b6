/* The one API helper: JSON or FormData, the CSRF header, one retry with a fresh token (a
   page kept from before a new sign-in holds an old one). Rejects only on network failure. */
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
  return {
    ok: res.ok, status: res.status, data,
    message: data?.message || res.statusText || `Error ${res.status}`,
    errors: data?.errors?.json || {},
  };
}

/*
 * FirstStep core, on every signed-in page: API calls, the offline outbox, sync, toasts.
 *
 * Every write goes through the outbox: its IndexedDB write starts first and the request
 * goes out at once, without waiting for it. A network error keeps the entry for later
 * (on load, on "online", every 30 s); the API's client_id makes a repeated POST
 * harmless, so it reaches the server exactly once. A refusal (409, 422) is shown to the
 * person, never silently dropped. When IndexedDB refuses the write (private mode, a full
 * disk, a database that does not answer) and the server cannot be reached, the write is
 * "unsaved": the page says so and keeps it on screen, and nothing claims it is kept.
 */
(() => {
  "use strict";

  const USER = document.body.dataset.user;
  const TZ = document.body.dataset.tz || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const PAGES_CACHE = "fs-pages";
  const SHELL = ["/", "/log", "/history"];
  let csrf = document.querySelector('meta[name="csrf-token"]').content;

  /* ---- small helpers ---- */

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** The person's local date (YYYY-MM-DD) in their own timezone, not the phone's. */
  function localDate(when = new Date()) {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit",
    }).format(when);
  }

  /** A real calendar day as YYYY-MM-DD (a link's ?date= may hold anything). */
  function isDay(text) {
    if (!/^\d{4}-\d\d-\d\d$/.test(text || "")) return false;
    const day = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
  }

  function longDate(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Intl.DateTimeFormat("en-GB", {
      weekday: "long", day: "numeric", month: "long", timeZone: "UTC",
    }).format(new Date(Date.UTC(y, m - 1, d)));
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children.filter((c) => c != null));
    return node;
  }

  /* ---- toasts ---- */

  const toastBox = document.getElementById("toast");
  const toastText = document.getElementById("toast-text");
  const toastAction = document.getElementById("toast-action");
  let toastTimer = 0;

  function toast(message, { action, onAction, onTimeout, ms = 4000 } = {}) {
    clearTimeout(toastTimer);
    toastText.textContent = message;
    toastAction.hidden = !action;
    toastAction.textContent = action || "";
    toastAction.onclick = () => {
      clearTimeout(toastTimer);
      toastBox.hidden = true;
      if (onAction) onAction();
    };
    toastBox.hidden = false;
    toastTimer = setTimeout(() => {
      toastBox.hidden = true;
      if (onTimeout) onTimeout();
    }, ms);
  }

  /* ---- the JSON API ---- */

  async function rawRequest(method, url, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    return fetch(url, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A page cached before a new sign-in holds an old CSRF token: fetch a fresh one once. */
  async function refreshCsrf() {
    const res = await fetch("/api/v1/me", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (res.ok) csrf = res.headers.get("X-CSRF-Token") || csrf;
    return res.ok;
  }

  /** Resolves to {ok, status, data, message, errors}; rejects only when the network fails. */
  async function api(method, url, body) {
    let res = await rawRequest(method, url, body);
    let data = res.status === 204 ? null : await res.json().catch(() => null);
    if (res.status === 400 && /CSRF/i.test(data?.message || "") && await refreshCsrf()) {
      res = await rawRequest(method, url, body);
      data = res.status === 204 ? null : await res.json().catch(() => null);
    }
    return {
      ok: res.ok, status: res.status, data,
      message: data?.message || res.statusText || `Error ${res.status}`,
      errors: data?.errors?.json || {},
    };
  }

  /* ---- the outbox (IndexedDB) ---- */

  /** A database that does not answer in this time (held elsewhere, a stuck profile) has refused. */
  const STORE_TIMEOUT_MS = 5000;

  /** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
  function within(promise, ms) {
    return Promise.race([promise.catch(() => undefined), new Promise((resolve) => { setTimeout(resolve, ms); })]);
  }

  let dbPromise;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open("firststep", 1);
        req.onupgradeneeded = () => req.result.createObjectStore("outbox", { keyPath: "id" });
        req.onsuccess = () => {
          const db = req.result;
          db.onclose = () => { dbPromise = null; }; // closed by the browser (storage cleared): reopen
          resolve(db);
        };
        req.onerror = () => reject(req.error);
      });
      dbPromise.catch(() => { dbPromise = null; }); // a refusal may pass (space freed): ask again next time
    }
    return dbPromise;
  }

  /** One transaction; rejects when IndexedDB refuses it (no database, quota, abort) or stays silent. */
  function store(mode, work) {
    let timer = 0;
    const silent = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new DOMException("IndexedDB did not answer.", "TimeoutError")), STORE_TIMEOUT_MS);
    });
    const done = openDb().then((db) => new Promise((resolve, reject) => {
      const tx = db.transaction("outbox", mode);
      const req = work(tx.objectStore("outbox"));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = (event) => reject(event.target.error || tx.error);
      // A full disk aborts the commit (QuotaExceededError) without any request failing.
      tx.onabort = () => reject(tx.error || new DOMException("The write was abandoned.", "AbortError"));
    }));
    return Promise.race([done, silent]).finally(() => clearTimeout(timer));
  }

  /** Rejects when the entry is not stored: the caller must not call it kept. */
  const putEntry = (entry) => store("readwrite", (s) => s.put(entry));
  // A removal that fails leaves the entry to be sent again, which client_id makes harmless.
  const removeEntry = (id) => store("readwrite", (s) => s.delete(id)).catch(() => undefined);
  /**
   * What IndexedDB really holds; nothing when it cannot be read, so nothing is claimed as kept.
   * `strict` rejects instead, for a caller that would read "not there" as "sent".
   */
  async function entries({ strict = false } = {}) {
    const read = store("readonly", (s) => s.getAll());
    const list = strict ? await read : await read.catch(() => []);
    return list.filter((e) => e.user === USER).sort((a, b) => a.created - b.created);
  }

  /** Entries whose undo window is still open on this page, by id: {entry, stored}; sync leaves them alone. */
  const held = new Map();
  /** Entries a page is sending itself (and will report on); sync leaves them alone too. */
  const sending = new Set();
  const changed = () => document.dispatchEvent(new CustomEvent("outbox:change"));

  const NOT_KEPT = "this browser would not store it offline (private mode or a full disk?)";
  const UNSAVED = {
    offline: `Not saved: ${NOT_KEPT}. Your entry is still here — try again when you have signal.`,
    server: `Not saved: the server could not take it just now, and ${NOT_KEPT}. Your entry is still here — try again in a minute.`,
    "signed-out": `Not saved: you are signed out, and ${NOT_KEPT}. Your entry is still here — sign in again in another tab, then try again.`,
  };

  /** Neither sent nor stored: only the page holds it now. */
  function unsaved(reason) {
    return { state: "unsaved", reason, message: UNSAVED[reason] };
  }

  /** The server's reason, in the person's words where the API speaks to programmers. */
  function refusal(entry, result) {
    if (result.status === 409 && entry.kind === "checkin") {
      return "this morning was already logged, perhaps on another device.";
    }
    return result.message;
  }

  /**
   * Send one entry. `stored` resolves to whether IndexedDB holds it (entries from the outbox:
   * true), so a write the server did not take is "queued" only when it is really kept and
   * "unsaved" otherwise. Resolves to {state: "saved" | "queued" | "rejected" | "unsaved", ...}.
   */
  async function send(entry, { interactive = false, stored = Promise.resolve(true) } = {}) {
    let result;
    try {
      result = await api(entry.method, entry.url, entry.body);
    } catch {
      return (await stored) ? { state: "queued" } : unsaved("offline");
    }
    if (result.ok || (entry.method === "DELETE" && result.status === 404)) {
      // Only bookkeeping is left: a slow database must not hold up a write the server has.
      await within(stored.then((kept) => kept && removeEntry(entry.id)), 1000);
      refreshShell();
      return { state: "saved", data: result.data };
    }
    if (result.status === 401 || result.status === 429 || result.status >= 500) {
      if (!(await stored)) return unsaved(result.status === 401 ? "signed-out" : "server");
      entry.note = result.status === 401 ? "Sign in again to send this." : "";
      await putEntry(entry).catch(() => undefined); // only the note is lost: the entry is kept
      return { state: "queued" };
    }
    if (interactive) {
      // The form on screen shows why; the values stay in it.
      await stored.then((kept) => kept && removeEntry(entry.id));
    } else {
      entry.rejected = { status: result.status, message: refusal(entry, result) };
      await putEntry(entry).catch(() => undefined); // unmarked, it is simply tried again later
    }
    return { state: "rejected", ...result };
  }

  /**
   * Save a write: store it and send it now. `spec` is {method, url, body, kind, label};
   * a create's body carries a client_id, which is also the entry's id (an edit of a waiting
   * entry therefore replaces it). Resolves to {state: "saved" | "queued" | "rejected" |
   * "unsaved", ...}; "unsaved" carries a `message` for the form, which must keep its values.
   */
  async function submit(spec, { hold = false } = {}) {
    const entry = {
      id: spec.body?.client_id || uuid(), user: USER, created: Date.now(), ...spec,
    };
    // Begun before the request, so a page closed mid-send still has it; not waited for,
    // so a broken or silent IndexedDB cannot stop a write the server can take.
    const stored = putEntry(entry).then(() => true, () => false);
    if (hold) {
      held.set(entry.id, { entry, stored });
      changed();
      return { state: "held", id: entry.id };
    }
    sending.add(entry.id);
    try {
      return await send(entry, { interactive: true, stored });
    } finally {
      sending.delete(entry.id);
      changed();
    }
  }

  /**
   * The undo window closed: send a held entry. One IndexedDB kept goes with the next sync
   * ({state: "outbox"}: sent, or waiting in the panel); one it refused is sent at once and
   * resolves like submit(), so the page can bring it back when it is "unsaved".
   */
  async function release(id) {
    const hold = held.get(id);
    held.delete(id);
    if (hold && !(await hold.stored)) {
      const result = await send(hold.entry, { interactive: true, stored: hold.stored });
      changed();
      return result;
    }
    await sync();
    return { state: "outbox" };
  }

  async function discard(id) {
    const hold = held.get(id);
    held.delete(id);
    if (!hold || await hold.stored) await removeEntry(id);
    changed();
  }

  let syncing = null;
  let again = false;
  /** One pass at a time; a call during a pass asks for one more, so nothing released waits. */
  function sync() {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        do {
          again = false;
          for (const entry of await entries()) {
            if (entry.rejected || held.has(entry.id) || sending.has(entry.id)) continue;
            const result = await send(entry);
            if (result.state === "queued") break; // still offline: try again later
          }
        } while (again);
      } finally {
        syncing = null;
        changed();
      }
    })();
    return syncing;
  }

  /** A check-in refused because the morning is already logged (409): keep this one instead. */
  async function replaceCheckin(entry) {
    const { date } = entry.body;
    let result;
    try {
      const found = await api("GET", `/api/v1/checkins?from=${date}&to=${date}`);
      const existing = found.ok && found.data && found.data[0];
      const { client_id: _id, date: _date, ...changes } = entry.body;
      result = existing
        ? await api("PATCH", `/api/v1/checkins/${existing.id}`, changes)
        : await api("POST", "/api/v1/checkins", entry.body);
    } catch {
      toast("You are offline. Try again when you are back online.");
      return false;
    }
    if (result.ok) {
      await removeEntry(entry.id);
      refreshShell();
      toast("Replaced the saved check-in.");
    } else if (entry.user) {
      entry.rejected = { status: result.status, message: result.message };
      await putEntry(entry).catch(() => undefined); // it stays in the panel as it was
    } else {
      toast(`Not replaced: ${result.message}`);
    }
    changed();
    return result.ok;
  }

  /* ---- "Waiting to sync" panel ---- */

  const panel = document.getElementById("outbox");
  const list = document.getElementById("outbox-list");

  async function renderOutbox() {
    const waiting = (await entries()).filter((e) => !held.has(e.id));
    const refused = waiting.some((e) => e.rejected);
    panel.hidden = waiting.length === 0;
    document.getElementById("outbox-title").textContent = refused ? "Needs your decision" : "Waiting to sync";
    document.getElementById("outbox-help").textContent = refused
      ? "The server did not accept this. Keep it, or discard it."
      : "Kept on this device and sent when you are back online.";
    list.replaceChildren(...waiting.map((entry) => {
      const state = entry.rejected
        ? el("span", { className: "state rejected", textContent: `Not saved: ${entry.rejected.message}` })
        : el("span", { className: "state", textContent: entry.note || "Waiting to sync" });
      const item = el("li", {}, el("span", { textContent: entry.label }), state);
      if (entry.rejected) {
        const actions = el("div", { className: "row" });
        if (entry.rejected.status === 409 && entry.kind === "checkin") {
          actions.append(el("button", {
            type: "button", className: "btn btn-small btn-secondary",
            textContent: "Keep this one", onclick: () => replaceCheckin(entry),
          }));
        }
        actions.append(el("button", {
          type: "button", className: "btn btn-small btn-danger-text",
          textContent: "Discard", onclick: () => discard(entry.id),
        }));
        item.append(actions);
      }
      return item;
    }));
  }

  /* ---- forms: field errors from the API ---- */

  function flatten(errors, prefix = "", out = {}) {
    for (const [key, value] of Object.entries(errors || {})) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (Array.isArray(value)) out[name] = value.join(" ");
      else if (value && typeof value === "object") flatten(value, name, out);
      else out[name] = String(value);
    }
    return out;
  }

  function clearErrors(form) {
    for (const node of form.querySelectorAll("[data-error-for]")) {
      node.textContent = "";
      if (node.dataset.errorFor === "_form") node.hidden = true;
    }
  }

  /** Put each reason beside its field; whatever has no place goes in the form's box. */
  function showErrors(form, errors, message) {
    clearErrors(form);
    const left = [];
    for (const [name, text] of Object.entries(flatten(errors))) {
      const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      if (slot) slot.textContent = text;
      else left.push(text);
    }
    const box = form.querySelector('[data-error-for="_form"]');
    const general = left.length ? left.join(" ") : (Object.keys(errors || {}).length ? "" : message);
    if (box && general) {
      box.textContent = general;
      box.hidden = false;
    }
    const first = form.querySelector("[data-error-for]:not(:empty)");
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  /* ---- the service worker: open with no network ---- */

  function toWorker(message) {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    return navigator.serviceWorker.ready.then((reg) => new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      (navigator.serviceWorker.controller || reg.active).postMessage(message, [channel.port2]);
    }));
  }

  /** Re-fetch the cached pages after writes (once for a burst), so an offline visit is current. */
  let refreshTimer = 0;
  function refreshShell() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      if (navigator.onLine) toWorker({ type: "refresh", urls: SHELL });
    }, 500);
  }

  function startWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" })
      .then(() => toWorker({ type: "warm", urls: SHELL }))
      .then(() => { document.documentElement.dataset.offlineReady = "1"; })
      .catch(() => {});
  }

  /* ---- connectivity ---- */

  const net = document.getElementById("net-status");
  function showNetwork() {
    net.hidden = navigator.onLine;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-dismiss]");
    if (button) document.getElementById(button.dataset.dismiss).hidden = true;
  });
  window.addEventListener("online", () => { showNetwork(); sync(); });
  window.addEventListener("offline", showNetwork);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") sync();
  });
  document.addEventListener("outbox:change", renderOutbox);
  setInterval(sync, 30000);

  window.FS = {
    USER, uuid, localDate, isDay, longDate, el, toast, api, submit, release, discard, sync,
    entries, showErrors, clearErrors, replaceCheckin,
  };

  showNetwork();
  startWorker();
  sync();
})();

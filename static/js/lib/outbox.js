/* Every write: stored in IndexedDB and sent at once. Offline, it waits; client_id makes a
   repeat harmless; a refusal is shown, never dropped; neither stored nor sent, "unsaved". */
import { api } from "./api.js";
import { toast } from "./dom.js";
import { t } from "./i18n.js";
import { USER } from "./person.js";
import { refreshShell } from "./worker.js";

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** No answer in this time (a stuck profile) counts as a refusal. */
const STORE_TIMEOUT_MS = 5000;

/** Settles with `promise` or after `ms`; never rejects. */
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
        db.onclose = () => { dbPromise = null; }; // storage cleared: reopen
        resolve(db);
      };
      req.onerror = () => reject(req.error);
    });
    dbPromise.catch(() => { dbPromise = null; }); // ask again next time
  }
  return dbPromise;
}

/** One transaction; rejects when refused or silent. */
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
    // A full disk aborts the commit with no request failing.
    tx.onabort = () => reject(tx.error || new DOMException("The write was abandoned.", "AbortError"));
  }));
  return Promise.race([done, silent]).finally(() => clearTimeout(timer));
}

/** Rejects when not stored. */
const putEntry = (entry) => store("readwrite", (s) => s.put(entry));
const removeEntry = (id) => store("readwrite", (s) => s.delete(id)).catch(() => undefined);
/** What IndexedDB holds; nothing when unreadable (`strict`: rejects). */
export async function entries({ strict = false } = {}) {
  const read = store("readonly", (s) => s.getAll());
  const list = strict ? await read : await read.catch(() => []);
  return list.filter((e) => e.user === USER).sort((a, b) => a.created - b.created);
}

/** Held in an undo window, by id: {entry, stored}; sync skips them. */
const held = new Map();
/** Being sent by a page itself; sync skips them too. */
const sending = new Set();
const changed = () => document.dispatchEvent(new CustomEvent("outbox:change"));

const UNSAVED = {
  offline: () => t("Not saved: this browser would not store it offline (private mode or a full disk?). Your entry is still here — try again when you have signal."),
  server: () => t("Not saved: the server could not take it just now, and this browser would not store it offline (private mode or a full disk?). Your entry is still here — try again in a minute."),
  "signed-out": () => t("Not saved: you are signed out, and this browser would not store it offline (private mode or a full disk?). Your entry is still here — sign in again in another tab, then try again."),
};

function unsaved(reason) {
  return { state: "unsaved", reason, message: UNSAVED[reason]() };
}

/** The server's reason, in the person's words. */
function refusal(entry, result) {
  if (result.status === 409 && entry.kind === "checkin") {
    return t("this morning was already logged, perhaps on another device.");
  }
  return result.message;
}

/** Send one entry; "queued" only if `stored` (IndexedDB holds it), else "unsaved". */
async function send(entry, { interactive = false, stored = Promise.resolve(true) } = {}) {
  let result;
  try {
    result = await api(entry.method, entry.url, entry.body);
  } catch {
    return (await stored) ? { state: "queued" } : unsaved("offline");
  }
  if (result.ok || (entry.method === "DELETE" && result.status === 404)) {
    // Only bookkeeping left: a slow database must not hold it up.
    await within(stored.then((kept) => kept && removeEntry(entry.id)), 1000);
    refreshShell();
    return { state: "saved", data: result.data };
  }
  if (result.status === 401 || result.status === 429 || result.status >= 500) {
    if (!(await stored)) return unsaved(result.status === 401 ? "signed-out" : "server");
    entry.note = result.status === 401 ? t("Sign in again to send this.") : "";
    await putEntry(entry).catch(() => undefined); // only the note is lost
    return { state: "queued" };
  }
  if (interactive) {
    // The form shows why and keeps the values.
    await stored.then((kept) => kept && removeEntry(entry.id));
  } else {
    entry.rejected = { status: result.status, message: refusal(entry, result) };
    await putEntry(entry).catch(() => undefined); // unmarked: tried again later
  }
  return { state: "rejected", ...result };
}

/**
 * Store a write and send it. `spec`: {method, url, body, kind, label}; a create's client_id
 * is the entry's id (an edit of a waiting entry replaces it). Resolves to {state: "saved" |
 * "queued" | "rejected" | "unsaved" (with a `message`; the form keeps its values), ...}.
 */
export async function submit(spec, { hold = false } = {}) {
  const entry = {
    id: spec.body?.client_id || uuid(), user: USER, created: Date.now(), ...spec,
  };
  // Begun first, not awaited: a stuck IndexedDB blocks nothing.
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

/** Undo window closed: a stored entry goes with the next sync ({state: "outbox"}); one not
    stored is sent now and resolves like submit(). */
export async function release(id) {
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

export async function discard(id) {
  const hold = held.get(id);
  held.delete(id);
  if (!hold || await hold.stored) await removeEntry(id);
  changed();
}

let syncing = null;
let again = false;
/** One pass at a time; a call meanwhile asks for one more. */
export function sync() {
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
          if (result.state === "queued") break; // still offline
        }
      } while (again);
    } finally {
      syncing = null;
      changed();
    }
  })();
  return syncing;
}

/** A check-in refused as already logged (409): keep this one instead. */
export async function replaceCheckin(entry) {
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
    toast(t("You are offline. Try again when you are back online."));
    return false;
  }
  if (result.ok) {
    await removeEntry(entry.id);
    refreshShell();
    toast(t("Replaced the saved check-in."));
  } else if (entry.user) {
    entry.rejected = { status: result.status, message: result.message };
    await putEntry(entry).catch(() => undefined); // it stays in the panel
  } else {
    toast(t("Not replaced: %(why)s", { why: result.message }));
  }
  changed();
  return result.ok;
}

/** An undo window is open for it on this page. */
export const isHeld = (id) => held.has(id);

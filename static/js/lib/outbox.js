/*
 * The outbox, for every write: stored in IndexedDB and sent at once, without waiting for the
 * store. A network error keeps it for later; client_id makes a repeated POST harmless. A
 * refusal (409, 422) is shown, never dropped. Neither stored nor sent, it is "unsaved": the
 * page keeps it on screen and nothing claims it is kept.
 */
import { api } from "./api.js";
import { toast } from "./dom.js";
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
export async function entries({ strict = false } = {}) {
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
export async function submit(spec, { hold = false } = {}) {
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
/** One pass at a time; a call during a pass asks for one more, so nothing released waits. */
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

/** An undo window is open for it on this page. */
export const isHeld = (id) => held.has(id);

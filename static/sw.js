/*
 * FirstStep's service worker: Today, Log a session, History and the
 * self-experiment page open with no network.
 *
 * Served at /sw.js (so its scope is the whole app) with `self.FS_CONFIG` prepended:
 * the version, the versioned shell files to keep (with the modules they import), the
 * shell pages and the offline page. Pages ask only "warm" or "refresh": this list is
 * the one place that names the pages kept.
 * Pages: network first, the last good copy when offline. Versioned static files never
 * change, so they come from the cache first; so do the manifest's icons, which it names by
 * plain URL (they change only with the version). The API is never cached: writes go
 * through the page's outbox instead.
 * Reminders arrive as Web Push: the notification shows only the server's words and our
 * own icon, and a tap brings the app forward on Today or Log.
 */
/* global FS_CONFIG */
"use strict";

const { version, precache, shell, offline } = self.FS_CONFIG;
const STATIC = `fs-static-${version}`;
const PAGES = "fs-pages";
const SLOW_NETWORK_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC)
      .then((cache) => cache.addAll(precache))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((name) => name.startsWith("fs-static-") && name !== STATIC);
    await Promise.all(old.map((name) => caches.delete(name)));
    if (old.length) await caches.delete(PAGES); // they point at files of the old version
    await self.clients.claim();
  })());
});

function isShell(url) {
  return shell.includes(url.pathname);
}

async function keepPage(url, response) {
  if (isShell(url) && !url.search && response.ok && response.type === "basic") {
    const cache = await caches.open(PAGES);
    await cache.put(url.pathname, response.clone());
  }
  return response;
}

async function fallback(url) {
  const page = isShell(url) ? await caches.match(url.pathname, { cacheName: PAGES }) : undefined;
  return page || (await caches.match(offline)) || Response.error();
}

/** Network first; on a very slow network, the cached copy rather than a blank screen. */
async function page(event) {
  const url = new URL(event.request.url);
  const network = fetch(event.request).then((response) => keepPage(url, response));
  const slow = new Promise((resolve) => { setTimeout(resolve, SLOW_NETWORK_MS, "slow"); });
  const first = await Promise.race([network.catch(() => "failed"), slow]);
  if (first instanceof Response) return first;
  if (first === "slow") {
    const cached = isShell(url) ? await caches.match(url.pathname, { cacheName: PAGES }) : undefined;
    if (cached) {
      event.waitUntil(network.catch(() => undefined));
      return cached;
    }
    try {
      return await network;
    } catch {
      return fallback(url);
    }
  }
  return fallback(url);
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(STATIC);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.startsWith("/static/") && (url.searchParams.has("v") || precache.includes(url.pathname))) {
    event.respondWith(cacheFirst(request));
  }
});

/** "warm": fetch the shell pages not yet kept; "refresh": fetch them again after a write. */
self.addEventListener("message", (event) => {
  const { type } = event.data || {};
  if (type !== "warm" && type !== "refresh") return;
  event.waitUntil((async () => {
    const cache = await caches.open(PAGES);
    await Promise.all(shell.map(async (u) => {
      if (type === "warm" && await cache.match(u)) return;
      try {
        const response = await fetch(u, { credentials: "same-origin", redirect: "manual" });
        if (response.ok && response.type === "basic") await cache.put(u, response);
      } catch {
        // offline: the next visit online fills it
      }
    }));
    if (event.ports[0]) event.ports[0].postMessage("done");
  })());
});

/* ---- reminders (Web Push) ---- */

const ICON = "/static/icons/icon-192.png";
/* A push we cannot read still says something, in the browser's language (the worker has no
 * page to carry translations; these three match the server's catalogues). */
const FALLBACK_BODY = {
  de: "Zeit für Ihren Morgeneintrag zum Anlaufschmerz",
  es: "Es hora de tu registro del dolor en los primeros pasos",
};
const FALLBACK = {
  title: "FirstStep",
  body: FALLBACK_BODY[(self.navigator.language || "en").slice(0, 2)] || "Time for your check-in.",
  url: "/",
  tag: "firststep-reminder",
};

/** Where a tap leads: a path of this app only, never another site (a payload is not
 * trusted to name one), else Today. */
function notificationUrl(url) {
  try {
    const target = new URL(String(url), self.location.origin);
    if (target.origin === self.location.origin && String(url).startsWith("/") && !String(url).startsWith("//")) {
      return target.pathname + target.search + target.hash;
    }
  } catch {
    // not a URL at all
  }
  return "/";
}

/** Only the fields a reminder has; anything else in a payload is dropped, not shown. A push
 * must show something (browsers require it), so an unreadable one shows a plain reminder. */
function reminderFrom(data) {
  let payload = {};
  try {
    payload = data ? data.json() : {};
  } catch {
    payload = {};
  }
  const text = (value, fallback) => (typeof value === "string" && value.trim() ? value.slice(0, 200) : fallback);
  return {
    title: text(payload.title, FALLBACK.title),
    body: text(payload.body, FALLBACK.body),
    tag: text(payload.tag, FALLBACK.tag),
    url: notificationUrl(payload.url ?? FALLBACK.url),
  };
}

function showReminder(reminder) {
  return self.registration.showNotification(reminder.title, {
    body: reminder.body,
    tag: reminder.tag,
    renotify: false,
    icon: ICON,
    badge: ICON,
    data: { url: reminder.url },
  });
}

self.addEventListener("push", (event) => {
  event.waitUntil(showReminder(reminderFrom(event.data)));
});

/** Bring the app forward at `url`: a window of ours already open is focused and moved
 * there, rather than a second one opened; with none, a new window opens. */
async function openApp(url) {
  const target = new URL(notificationUrl(url), self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const ours = windows.filter((client) => new URL(client.url).origin === self.location.origin);
  const client = ours.find((c) => c.url === target) || ours.find((c) => c.focused) || ours[0];
  if (!client) return self.clients.openWindow(target);
  const focused = await client.focus().catch(() => client);
  if (client.url === target) return focused;
  try {
    return await (focused || client).navigate(target);
  } catch {
    return self.clients.openWindow(target); // a window this worker does not control
  }
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const opened = openApp((event.notification.data || {}).url);
  event.waitUntil(opened);
});

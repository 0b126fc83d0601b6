/* The service worker keeps the shell pages (its own list, from the server); pages say when. */
export function toWorker(message) {
  if (!("serviceWorker" in navigator)) return Promise.resolve();
  return navigator.serviceWorker.ready.then((reg) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    (navigator.serviceWorker.controller || reg.active).postMessage(message, [channel.port2]);
  }));
}

let refreshTimer = 0;
/** Re-fetch the kept pages after writes (once for a burst). */
export function refreshShell() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (navigator.onLine) toWorker({ type: "refresh" });
  }, 500);
}

export function startWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" })
    .then(() => toWorker({ type: "warm" }))
    .then(() => { document.documentElement.dataset.offlineReady = "1"; })
    .catch(() => {});
}

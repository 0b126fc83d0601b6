/*
 * Sign in and sign up. The timezone comes from the browser, so "this morning" is the
 * person's morning from the first day. Pages kept for offline use belong to whoever
 * was signed in: they are dropped here, before the next person signs in.
 */
const zone = document.querySelector("[data-detect-timezone]");
if (zone) {
  try {
    zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    zone.value = "UTC";
  }
}
if ("caches" in window) caches.delete("fs-pages").catch(() => {});

/*
 * The self-experiment's pages. Set-up step 1: send only the boxes that count. Step 2: the
 * sentence for the number of pairs picked. Step 3: start it (the server draws the order).
 * The experiment page: stop it, after a confirm. Starting and stopping need a connection:
 * their answer is the point. Once either is done, the pages kept for offline use are fetched
 * again, so /experiment offline shows the experiment as it now is.
 */
import { t } from "./lib/i18n.js";
import { offlineText, online } from "./lib/online.js";
import { toWorker } from "./lib/worker.js";

/** Re-fetch the pages kept for offline use now, before this page moves on (an experiment
 * started or stopped changes the kept /experiment and Today); at most 3 s. */
function refreshShellNow() {
  if (!navigator.onLine) return Promise.resolve();
  const late = new Promise((resolve) => { setTimeout(resolve, 3000); });
  return Promise.race([toWorker({ type: "refresh" }), late]);
}

const choose = document.getElementById("choose-form");
if (choose) {
  // A template brings its own plans: the custom pair's empty boxes stay out of the address.
  choose.addEventListener("submit", () => {
    const custom = choose.elements.template.value === "custom";
    for (const box of choose.querySelectorAll("#custom-pair input")) box.disabled = !custom;
  });
  // Back to this screen: the boxes count again (a page kept in memory keeps them off).
  window.addEventListener("pageshow", () => {
    for (const box of choose.querySelectorAll("#custom-pair input")) box.disabled = false;
  });
}

const weeks = document.getElementById("weeks-form");
if (weeks) {
  const show = () => {
    const pairs = weeks.elements.pairs.value;
    for (const box of weeks.querySelectorAll("[data-pairs]")) box.hidden = box.dataset.pairs !== pairs;
  };
  weeks.addEventListener("change", (event) => {
    if (event.target.name === "pairs") show();
  });
  show();
  // A page restored by the back or forward button may hold another choice than it was sent with.
  window.addEventListener("pageshow", show);
}

const start = document.getElementById("start-form");
if (start) {
  const button = start.querySelector('button[type="submit"]');
  start.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    const body = JSON.parse(start.dataset.body);
    const result = await online(start, offlineText(t("Starting an experiment needs a connection")), "POST", "/api/v1/experiments", body);
    if (result) {
      await refreshShellNow(); // the kept /experiment page (and Today) now show it offline too
      window.location.assign(`/experiment/${result.data.id}?started=1`);
    }
    else button.disabled = false;
  });
}

const ask = document.getElementById("stop-ask");
if (ask) {
  const panel = document.getElementById("stop-confirm");
  const yes = document.getElementById("stop-yes");
  const error = document.getElementById("stop-error");
  const toggle = (open) => {
    panel.hidden = !open;
    ask.setAttribute("aria-expanded", String(open));
    if (open) yes.focus();
    else ask.focus();
  };
  ask.addEventListener("click", () => toggle(panel.hidden));
  document.getElementById("stop-no").addEventListener("click", () => toggle(false));
  yes.addEventListener("click", async () => {
    error.hidden = true;
    yes.disabled = true;
    const done = await online(error, offlineText(t("Stopping an experiment needs a connection")), "POST", yes.dataset.url, {});
    if (done) {
      await refreshShellNow();
      window.location.reload();
    }
    else yes.disabled = false;
  });
}

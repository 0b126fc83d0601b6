/* Every signed-in page: the outbox panel, the offline badge, the worker, and sync. */
import { byId, el } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { discard, entries, isHeld, replaceCheckin, sync } from "./lib/outbox.js";
import { startWorker } from "./lib/worker.js";

const panel = byId("outbox");
const list = byId("outbox-list");

async function renderOutbox() {
  const waiting = (await entries()).filter((e) => !isHeld(e.id));
  const refused = waiting.some((e) => e.rejected);
  panel.hidden = waiting.length === 0;
  byId("outbox-title").textContent = refused ? t("Needs your decision") : t("Waiting to sync");
  byId("outbox-help").textContent = refused
    ? t("The server did not accept this. Keep it, or discard it.")
    : t("Kept on this device and sent when you are back online.");
  list.replaceChildren(...waiting.map((entry) => {
    const state = entry.rejected
      ? el("span", { className: "state rejected", textContent: t("Not saved: %(why)s", { why: entry.rejected.message }) })
      : el("span", { className: "state", textContent: entry.note || t("Waiting to sync") });
    const item = el("li", {}, el("span", { textContent: entry.label }), state);
    if (entry.rejected) {
      const actions = el("div", { className: "row" });
      if (entry.rejected.status === 409 && entry.kind === "checkin") {
        actions.append(el("button", {
          type: "button", className: "btn btn-small btn-secondary",
          textContent: t("Keep this one"), onclick: () => replaceCheckin(entry),
        }));
      }
      actions.append(el("button", {
        type: "button", className: "btn btn-small btn-danger-text",
        textContent: t("Discard"), onclick: () => discard(entry.id),
      }));
      item.append(actions);
    }
    return item;
  }));
}

const net = byId("net-status");
const showNetwork = () => { net.hidden = navigator.onLine; };

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-dismiss]");
  if (button) byId(button.dataset.dismiss).hidden = true;
});
window.addEventListener("online", () => { showNetwork(); sync(); });
window.addEventListener("offline", showNetwork);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") sync();
});
document.addEventListener("outbox:change", renderOutbox);
setInterval(sync, 30000);

showNetwork();
startWorker();
sync();

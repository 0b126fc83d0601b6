/* Every signed-in page: the "Waiting to sync" panel, the offline badge, the service
   worker, and sync (on load, online, when shown again, every 30 s). */
import { el } from "./lib/dom.js";
import { discard, entries, isHeld, replaceCheckin, sync } from "./lib/outbox.js";
import { startWorker } from "./lib/worker.js";

const panel = document.getElementById("outbox");
const list = document.getElementById("outbox-list");

async function renderOutbox() {
  const waiting = (await entries()).filter((e) => !isHeld(e.id));
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

const net = document.getElementById("net-status");
const showNetwork = () => { net.hidden = navigator.onLine; };

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

showNetwork();
startWorker();
sync();

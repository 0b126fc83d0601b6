/*
 * History: delete with a few seconds to undo.
 *
 * A delete goes into the outbox at once but is held while its "Undo" shows; leaving
 * the page ends the undo window and the next sync sends it (offline: when back online).
 * A delete the browser would not keep offline comes back on screen, with the reason.
 */
import { toast } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { discard, entries, release, submit } from "./lib/outbox.js";

const UNDO_MS = 6000;
const NOT_DELETED = {
  offline: t("Not deleted: this browser would not keep it offline (private mode or a full disk?). Try again when you have signal."),
  server: t("Not deleted: the server could not take it just now. Try again in a minute."),
  "signed-out": t("Not deleted: you are signed out. Sign in again, then try again."),
};

function tidy(entry) {
  const day = entry.closest(".day");
  if (day && !day.querySelector("[data-entry]:not([hidden])")) day.hidden = true;
}

function reveal(entry) {
  entry.hidden = false;
  const day = entry.closest(".day");
  if (day) day.hidden = false;
}

async function remove(button) {
  const entry = button.closest("[data-entry]");
  const { id } = await submit(
    { method: "DELETE", url: button.dataset.delete, kind: "delete", label: t("Delete: %(what)s", { what: button.dataset.label }) },
    { hold: true },
  );
  entry.hidden = true;
  tidy(entry);
  toast(t("%(what)s deleted.", { what: button.dataset.label }), {
    action: t("Undo"),
    ms: UNDO_MS,
    onAction: async () => {
      await discard(id);
      reveal(entry);
      button.focus();
    },
    onTimeout: async () => {
      const result = await release(id);
      if (result.state === "unsaved" || result.state === "rejected") {
        reveal(entry);
        const why = result.state === "unsaved" ? NOT_DELETED[result.reason] : t("Not deleted: %(why)s", { why: result.message });
        toast(why, { ms: 10000 });
        return;
      }
      entry.remove();
    },
  });
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-delete]");
  if (button) remove(button);
});

/* Deletes still waiting (made offline): keep those entries out of sight. */
entries().then((waiting) => {
  const urls = new Set(waiting.filter((e) => e.method === "DELETE").map((e) => e.url));
  for (const button of document.querySelectorAll("[data-delete]")) {
    if (urls.has(button.dataset.delete)) {
      const entry = button.closest("[data-entry]");
      entry.hidden = true;
      tidy(entry);
    }
  }
});

/*
 * History: delete with a few seconds to undo.
 *
 * A delete goes into the outbox at once but is held while its "Undo" shows; leaving
 * the page ends the undo window and the next sync sends it (offline: when back online).
 */
(() => {
  "use strict";

  const FS = window.FS;
  const UNDO_MS = 6000;

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
    const { id } = await FS.submit(
      { method: "DELETE", url: button.dataset.delete, kind: "delete", label: `Delete: ${button.dataset.label}` },
      { hold: true },
    );
    entry.hidden = true;
    tidy(entry);
    FS.toast(`${button.dataset.label} deleted.`, {
      action: "Undo",
      ms: UNDO_MS,
      onAction: async () => {
        await FS.discard(id);
        reveal(entry);
        button.focus();
      },
      onTimeout: async () => {
        await FS.release(id);
        entry.remove();
      },
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-delete]");
    if (button) remove(button);
  });

  /* Deletes still waiting (made offline): keep those entries out of sight. */
  FS.entries().then((waiting) => {
    const urls = new Set(waiting.filter((e) => e.method === "DELETE").map((e) => e.url));
    for (const button of document.querySelectorAll("[data-delete]")) {
      if (urls.has(button.dataset.delete)) {
        const entry = button.closest("[data-entry]");
        entry.hidden = true;
        tidy(entry);
      }
    }
  });
})();

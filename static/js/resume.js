/*
 * Paused today: "Resume today" ends the pause yesterday (or cancels one that began today).
 * Today loads this only while a pause runs, so other mornings do not carry it.
 */
(() => {
  "use strict";

  const FS = window.FS;
  const resume = document.getElementById("resume");
  const error = document.getElementById("resume-error");

  resume.addEventListener("click", async () => {
    error.hidden = true;
    resume.disabled = true;
    try {
      const result = resume.dataset.delete
        ? await FS.api("DELETE", resume.dataset.delete)
        : await FS.api("POST", resume.dataset.url, {});
      if (result.ok) {
        window.location.reload();
        return;
      }
      error.textContent = result.message;
    } catch {
      error.textContent = "You are offline. Resuming needs a connection; try again when you are back.";
    }
    error.hidden = false;
    resume.disabled = false;
  });
})();

/*
 * Paused today: "Resume today" ends the pause yesterday (or cancels one that began today).
 * Today loads this only while a pause runs, so other mornings do not carry it.
 */
import { t } from "./lib/i18n.js";
import { offlineText, online } from "./lib/online.js";

const resume = document.getElementById("resume");
const error = document.getElementById("resume-error");

resume.addEventListener("click", async () => {
  error.hidden = true;
  resume.disabled = true;
  const { url, delete: cancel } = resume.dataset;
  const offline = offlineText(t("Resuming needs a connection"));
  const done = cancel ? await online(error, offline, "DELETE", cancel) : await online(error, offline, "POST", url, {});
  if (done) window.location.reload();
  else resume.disabled = false;
});

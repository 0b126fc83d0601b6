/*
 * Reminders: the two times are account settings (PATCH /me), saved before the
 * calendar file is fetched, so the file always carries the times on screen.
 */
import { toast } from "./lib/dom.js";
import { clearErrors } from "./lib/forms.js";
import { t } from "./lib/i18n.js";
import { offlineText, online } from "./lib/online.js";

const OFFLINE = offlineText(t("Reminders need a connection"));
const form = document.getElementById("reminders-form");
const download = document.getElementById("calendar-download");

async function save() {
  clearErrors(form);
  const body = {
    morning_reminder: form.elements.morning_reminder.value,
    evening_reminder: form.elements.evening_reminder.value,
  };
  return Boolean(await online(form, OFFLINE, "PATCH", "/api/v1/me", body));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await save()) toast(t("Reminder times saved. Add the calendar file again to update it."));
});

/* Unsaved edits would make a file with the old times: save first, then follow the link. */
download.addEventListener("click", async (event) => {
  const changed = [...form.elements].some((el) => el.type === "time" && el.value !== el.defaultValue);
  if (!changed) return;
  event.preventDefault();
  if (await save()) {
    [...form.elements].forEach((el) => { if (el.type === "time") el.defaultValue = el.value; });
    window.location.assign(download.href);
  }
});

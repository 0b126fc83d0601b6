/*
 * Pauses: plan one, change it, end it early, delete it. These need a connection:
 * a pause changes how past days are counted, so it is not queued like a check-in.
 */
import { clearErrors } from "./lib/forms.js";
import { t } from "./lib/i18n.js";
import { offlineText, online, onlineForm } from "./lib/online.js";

const OFFLINE = offlineText(t("Pauses need a connection"));
const form = document.getElementById("pause-form");
const title = document.getElementById("pause-form-title");
const submit = form.querySelector('button[type="submit"]');
const cancel = document.getElementById("pause-cancel");
const listError = document.getElementById("pause-list-error");

function setMode(item) {
  const editing = Boolean(item);
  form.dataset.method = editing ? "PATCH" : "POST";
  form.dataset.url = editing ? `/api/v1/pauses/${item.dataset.pause}` : "/api/v1/pauses";
  title.textContent = editing ? title.dataset.edit : title.dataset.new;
  submit.textContent = editing ? submit.dataset.edit : submit.dataset.new;
  cancel.hidden = !editing;
  form.elements.end_date.min = editing ? "" : form.elements.start_date.defaultValue;
  if (editing) {
    form.elements.start_date.value = item.dataset.start;
    form.elements.end_date.value = item.dataset.end;
    form.elements.note.value = item.dataset.note;
    form.querySelector(`input[name="reason"][value="${item.dataset.reason}"]`).checked = true;
    form.scrollIntoView({ behavior: "smooth", block: "start" });
    form.elements.start_date.focus();
  } else {
    form.reset();
  }
  clearErrors(form);
}

form.elements.start_date.addEventListener("change", () => {
  const start = form.elements.start_date.value;
  if (start && form.elements.end_date.value < start) form.elements.end_date.value = start;
});

/* The method and URL are the form's: a new pause, or the one being changed. */
onlineForm(form, {
  offline: OFFLINE,
  values: ({ elements }) => ({
    start_date: elements.start_date.value,
    end_date: elements.end_date.value,
    reason: elements.reason.value,
    note: elements.note.value.trim(),
  }),
  check: (body) => {
    if (!body.start_date) return { start_date: [t("Choose the first paused day.")] };
    if (!body.end_date) return { end_date: [t("Choose the last paused day.")] };
    return null;
  },
  saved: () => window.location.reload(),
});

cancel.addEventListener("click", () => setMode(null));

document.getElementById("pause-items")?.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-action]");
  if (!button) return;
  const item = button.closest("[data-pause]");
  const action = button.dataset.action;
  if (action === "edit") {
    setMode(item);
    return;
  }
  if (action === "delete" && !window.confirm(t("Delete this pause? Its days will count as planned days again."))) return;
  listError.hidden = true;
  button.disabled = true;
  const url = `/api/v1/pauses/${item.dataset.pause}`;
  const done = action === "end"
    ? await online(listError, OFFLINE, "POST", `${url}/end`, {})
    : await online(listError, OFFLINE, "DELETE", url);
  if (done) window.location.reload();
  else button.disabled = false;
});

/* The morning check-in (Today; Edit check-in). Its client_id and date are set on Save, so
   one sent hours later counts for its morning; ?date= (History) is read here for offline. */
import { askedDay, localDate, longDate } from "./lib/person.js";
import { byId, el, toast } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { clearErrors, showErrors } from "./lib/forms.js";
import { entries, replaceCheckin, submit, uuid } from "./lib/outbox.js";
import { clock, elapsed, logState } from "./lib/timer.js";

const form = byId("checkin-form");
const card = byId("checkin-card");
const summary = byId("checkin-summary");
const entry = byId("checkin-entry");
const saveButton = form.querySelector('button[type="submit"]');
const pendingText = document.querySelector("#summary-pending span");
const dateInput = byId("checkin-date");
const when = byId("checkin-when");
// The client_id of a check-in not yet on the server: a retry reuses it.
let pendingId = null;

function checked(name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? Number(input.value) : null;
}

function values() {
  const body = {
    warning_signs: [...form.querySelectorAll('input[name="warning_signs"]:checked')].map((i) => i.value),
    notes: form.elements.notes.value.trim(),
    stiffness: checked("stiffness"),
  };
  for (const foot of ["left", "right"]) {
    if (form.querySelector(`input[name="pain_${foot}"]`)) body[`pain_${foot}`] = checked(`pain_${foot}`);
  }
  if (form.querySelector('input[name="global_change"]')) {
    body.global_change = form.querySelector('input[name="global_change"]:checked')?.value || null;
  }
  return body;
}

/* The weekly question is optional: "Skip" clears it. */
byId("global-change-clear")?.addEventListener("click", () => {
  for (const input of form.querySelectorAll('input[name="global_change"]')) input.checked = false;
});

/* A second tap clears the (optional) stiffness. */
let wasChecked = false;
form.addEventListener("pointerdown", (event) => {
  const input = event.target.closest("label")?.querySelector('input[name="stiffness"]');
  wasChecked = Boolean(input && input.checked);
});
form.addEventListener("click", (event) => {
  const input = event.target.closest('input[name="stiffness"]');
  if (!input) return; // the label's own click comes first; the input's follows
  if (wasChecked) input.checked = false;
  wasChecked = false;
});

function showSummary(body, pending) {
  if (!summary) return;
  for (const key of ["pain_left", "pain_right", "stiffness"]) {
    const row = summary.querySelector(`[data-row="${key}"]`);
    const value = body[key];
    row.hidden = value == null;
    row.querySelector("[data-slot]").textContent = value == null ? "" : String(value);
  }
  const signs = summary.querySelector('[data-slot="warning_signs"]');
  const chosen = [...form.querySelectorAll('input[name="warning_signs"]')].filter((i) => body.warning_signs.includes(i.value));
  signs.replaceChildren(...chosen.map((input) => el(
    "li", {}, el("strong", { textContent: `${input.nextElementSibling.textContent}. ` }),
    input.closest("li").querySelector(".advice").textContent,
  )));
  summary.querySelector('[data-row="warning_signs"]').hidden = chosen.length === 0;
  const feeling = summary.querySelector('[data-row="global_change"]');
  const rated = body.global_change && form.querySelector(`input[name="global_change"][value="${body.global_change}"]`);
  feeling.hidden = !rated;
  feeling.querySelector("[data-slot]").textContent = rated ? rated.nextElementSibling.textContent.toLowerCase() : "";
  const notes = summary.querySelector('[data-row="notes"]');
  notes.hidden = !body.notes;
  notes.querySelector("[data-slot]").textContent = body.notes || "";
  byId("summary-saved").hidden = pending;
  byId("summary-pending").hidden = !pending;
  pendingText.textContent = t("Waiting to sync");
  summary.hidden = false;
  entry.hidden = true;
}

function fillForm(body) {
  for (const input of form.querySelectorAll('input[type="radio"]')) {
    input.checked = body[input.name] != null && String(input.value) === String(body[input.name]);
  }
  for (const input of form.querySelectorAll('input[name="warning_signs"]')) {
    input.checked = body.warning_signs.includes(input.value);
  }
  form.elements.notes.value = body.notes || "";
}

function asNew() {
  form.dataset.method = "POST";
  form.dataset.url = "/api/v1/checkins";
  delete form.dataset.day;
  if (when) when.hidden = false;
}

/** The morning this form is about: today, or an earlier one. */
function setMorning(day) {
  const today = localDate();
  card.dataset.date = day;
  if (dateInput) dateInput.value = day;
  if (when && day !== today) when.open = true;
  for (const id of ["checkin-title", "summary-title"]) {
    const title = byId(id);
    const plain = title?.dataset.todayText;
    if (!plain) continue;
    if (day === today) title.textContent = plain;
    else if (id === "checkin-title") title.textContent = t("How did your first steps feel on %(day)s?", { day: longDate(day) });
    else title.textContent = t("Morning of %(day)s", { day: longDate(day) });
  }
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  const body = values();
  if (body.pain_left == null && body.pain_right == null) {
    const slot = form.querySelector('[data-error-for^="pain_"]');
    slot.textContent = t("Tap a number for your first-step pain.");
    slot.scrollIntoView({ block: "center", behavior: "smooth" });
    return;
  }
  const creating = form.dataset.method === "POST";
  if (creating) {
    body.client_id = pendingId || uuid();
    body.date = dateInput?.value || card.dataset.date;
    if (body.stiffness == null) delete body.stiffness;
    if (body.global_change == null) delete body.global_change;
  } // an edit keeps stiffness: null, which clears it
  saveButton.disabled = true;
  const day = longDate(form.dataset.day || body.date || card.dataset.date || localDate());
  const result = await submit({
    method: form.dataset.method, url: form.dataset.url, body, kind: "checkin",
    label: t("Check-in, %(day)s: %(values)s", { day, values: describe(body) }),
  });
  saveButton.disabled = false;
  if (result.state === "rejected") {
    showRefusal(result, body);
    return;
  }
  if (result.state === "unsaved") { // neither sent nor kept: the form keeps it for a retry
    if (creating) pendingId = body.client_id;
    showErrors(form, {}, result.message);
    return;
  }
  if (form.dataset.after && result.state === "saved") {
    window.location.assign(form.dataset.after);
    return;
  }
  if (creating && body.date !== localDate()) {
    setMorning(body.date);
    if (result.state === "saved") { // caught up: back to the day in History, now filled in
      window.location.assign(`/history#day-${body.date}`);
      return;
    }
  }
  if (result.state === "saved" && creating) {
    pendingId = null;
    if (when) when.hidden = true; // a correction keeps its morning
    form.dataset.method = "PATCH";
    form.dataset.url = `/api/v1/checkins/${result.data.id}`;
  } else if (result.state === "queued" && creating) {
    pendingId = body.client_id;
  }
  showSummary(body, result.state === "queued");
  if (result.state === "saved") toast(t("Saved. Have a good day."));
  else if (result.state === "queued") toast(t("Saved on this device. It will sync when you are online."));
}

function describe(body) {
  const parts = [];
  if (body.pain_left != null) parts.push(t("left %(n)s", { n: body.pain_left }));
  if (body.pain_right != null) parts.push(t("right %(n)s", { n: body.pain_right }));
  return parts.join(", ");
}

function showRefusal(result, body) {
  showErrors(form, result.errors, result.message);
  if (result.status === 409 && form.dataset.method === "POST") {
    const box = form.querySelector('[data-error-for="_form"]');
    box.textContent = `${t("This morning is already logged, perhaps on another device.")} `;
    box.append(el("button", {
      type: "button", className: "btn btn-small btn-secondary", textContent: t("Replace it with these values"),
      onclick: async () => {
        if (await replaceCheckin({ id: body.client_id, body })) window.location.reload();
      },
    }));
    box.hidden = false;
  }
}

/* A page kept from yesterday, or a check-in waiting here. */
async function restore() {
  if (!card.dataset.date) return;
  const today = localDate();
  const morning = askedDay() || today;
  if (card.dataset.today !== today) {
    card.dataset.today = today;
    byId("today-date").textContent = longDate(today);
    if (dateInput) dateInput.max = today;
  }
  if (card.dataset.date !== morning) {
    setMorning(morning);
    asNew();
    fillForm({ warning_signs: [], notes: "" }); // not reset(): that brings back another day's
    summary.hidden = true;
    entry.hidden = false;
  }
  const waiting = (await entries()).find((e) => e.kind === "checkin" && e.method === "POST" && e.body.date === morning);
  if (waiting && !waiting.rejected) {
    pendingId = waiting.body.client_id;
    asNew();
    fillForm(waiting.body);
    showSummary(waiting.body, true);
  }
}

byId("checkin-edit")?.addEventListener("click", async () => {
  const waiting = pendingId && await entries({ strict: true }).catch(() => null);
  if (waiting && !waiting.some((e) => e.id === pendingId)) {
    window.location.reload(); // it has synced since: edit the server's copy
    return;
  }
  summary.hidden = true;
  entry.hidden = false;
  form.querySelector("input:checked, input")?.focus();
});

document.addEventListener("outbox:change", async () => {
  if (!pendingId || !summary || summary.hidden) return;
  const list = await entries({ strict: true }).catch(() => null);
  if (!list) return; // unreadable: say neither "saved" nor anything new
  const waiting = list.find((e) => e.id === pendingId);
  byId("summary-saved").hidden = Boolean(waiting);
  byId("summary-pending").hidden = !waiting;
  pendingText.textContent = waiting && waiting.rejected ? t("Not saved") : t("Waiting to sync");
});

dateInput?.addEventListener("change", () => {
  if (dateInput.value) setMorning(dateInput.value);
});
/* A session timer running on Log: show it, and the way back. */
const running = byId("timer-running");
function showRunningTimer() {
  const { timer } = logState();
  running.hidden = !timer?.start;
  if (running.hidden) return;
  const tick = () => { byId("timer-running-clock").textContent = clock(elapsed(timer)); };
  byId("timer-running-text").textContent = timer.stop ? t("Session timer stopped, not saved yet") : t("Session timer running");
  tick();
  if (!timer.stop) setInterval(tick, 1000);
}
if (running) showRunningTimer();

/* Sessions waiting on this device, beside "2 of 2"; one synced (long enough) joins the count. */
const done = document.querySelector("#sessions-done strong");
const minSeconds = +byId("sessions-done")?.dataset.minSeconds || 0;
let kept = [];
async function countWaiting() {
  const list = done && await entries({ strict: true }).catch(() => null);
  if (!list) return;
  const ids = list.filter((e) => e.kind === "session" && !e.rejected && e.body.started_at
    && e.body.duration_s >= minSeconds
    && localDate(new Date(e.body.started_at)) === localDate()).map((e) => e.id);
  const synced = kept.filter((id) => !list.some((e) => e.id === id)).length;
  done.textContent = done.textContent.replace(/^\d+/, (n) => +n + synced);
  kept = ids;
  const note = byId("sessions-waiting");
  note.hidden = !ids.length;
  note.textContent = t(", %(n)s waiting to sync", { n: ids.length });
}
document.addEventListener("outbox:change", countWaiting);
countWaiting();

form.addEventListener("submit", save);
restore();

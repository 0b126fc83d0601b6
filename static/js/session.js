/*
 * Log a session (and Edit session): technique chips with their guidance, a timer,
 * a guided timer for the timed techniques, pressure words, and Save.
 *
 * The chosen techniques, the timer and the guided timer live together in one state
 * object in localStorage (`fs.log.<user>`), the timers as start times, never a ticking
 * count: a reload, a locked screen, leaving for another page or a browser restarted
 * offline finds the session as it was. Today reads the same object to show a running timer.
 *
 * A forgotten session gets its start from "When did it start?": a day and a time on
 * the person's own clock (their timezone, not the phone's). History's "Add session"
 * opens /log?date=..., read here, so the copy of this page kept offline serves it too.
 */
import { TZ, USER, askedDay as dayAsked, longDate } from "./lib/person.js";
import { el, toast } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { clearErrors, showErrors } from "./lib/forms.js";
import { submit, uuid } from "./lib/outbox.js";
import { clock, elapsed, logState, saveLogState } from "./lib/timer.js";

const form = document.getElementById("session-form");
const saveButton = form.querySelector('button[type="submit"]');
const minutesInput = document.getElementById("duration-min");
const secondsInput = document.getElementById("duration-sec");
const SHORT_SECONDS = 60;

/* Before the state object, each timer had its own key: a timer running then is kept. */
const OLD_KEYS = { timer: `fs.timer.${USER}`, guided: `fs.guided.${USER}` };
try {
  const timer = JSON.parse(localStorage.getItem(OLD_KEYS.timer));
  const guided = JSON.parse(localStorage.getItem(OLD_KEYS.guided));
  const now = logState();
  if (!now.timer && !now.guided && (timer || guided)) saveLogState({ ...now, timer, guided });
  for (const key of Object.values(OLD_KEYS)) localStorage.removeItem(key);
} catch {
  // unreadable or blocked storage: nothing to carry over
}

/** Only the new-session form keeps its state: an edit starts from the saved session. */
function setState(changes) {
  if (form.dataset.method === "POST") saveLogState({ ...logState(), ...changes });
}

/* ---- techniques and their guidance ---- */

const guidance = document.getElementById("guidance");
const chips = [...form.querySelectorAll('input[name="techniques"]')];

function showGuidance() {
  guidance.replaceChildren(...chips.filter((c) => c.checked).map((chip) => {
    const item = el("li", {}, el("p", {},
      el("strong", { textContent: `${chip.dataset.name}: ` }), chip.dataset.guidance));
    const seconds = Number(chip.dataset.timed || 0);
    if (seconds && timerDisplay) {
      const total = phasesFor(chip, seconds).reduce((sum, [, s]) => sum + s, 0);
      item.append(el("button", {
        type: "button", className: "btn btn-small btn-secondary",
        textContent: t("Guided timer · %(time)s", { time: clock(total) }),
        onclick: () => startGuided(chip, seconds),
      }));
    }
    return item;
  }));
}

/* ---- pressure ---- */

const pressure = document.getElementById("pressure");
const pressureOut = document.getElementById("pressure-out");
const [VL, L, M, F, VH] = [t("very light"), t("light"), t("medium"), t("firm"), t("very hard")];
const WORDS = ["", VL, L, L, M, M, M, F, F, VH, VH];
function showPressure() {
  const value = Number(pressure.value);
  pressureOut.textContent = `${value} · ${WORDS[value]}`;
  document.getElementById("pressure-caution").hidden = value < 7;
}

/* ---- the session timer ---- */

const timerDisplay = document.getElementById("timer-display");
const toggle = document.getElementById("timer-toggle");
const reset = document.getElementById("timer-reset");
let ticking = 0;

function timerState() {
  return logState().timer || {};
}

function fillDuration(seconds) {
  const s = Math.max(1, Math.round(seconds));
  minutesInput.value = String(Math.floor(s / 60));
  secondsInput.value = String(s % 60);
}

function renderTimer() {
  if (!timerDisplay) return;
  const state = timerState();
  const running = Boolean(state.start && !state.stop);
  timerDisplay.textContent = clock(elapsed(state));
  toggle.textContent = running ? t("Stop") : state.start ? t("Resume") : t("Start");
  toggle.classList.toggle("btn-primary", !running);
  toggle.classList.toggle("btn-secondary", running);
  reset.hidden = !state.start || running;
  clearInterval(ticking);
  if (running) ticking = setInterval(() => { timerDisplay.textContent = clock(elapsed(state)); }, 500);
  renderGuided();
}

function startTimer() {
  const state = timerState();
  // Resuming continues the count: the pause is left out by moving the start;
  // `first` remembers when the session really began.
  const start = state.start && state.stop ? Date.now() - (state.stop - state.start) : Date.now();
  setState({ timer: { start, stop: null, first: state.first || start } });
  renderTimer();
}

function stopTimer() {
  const state = timerState();
  if (!state.start || state.stop) return;
  state.stop = Date.now();
  setState({ timer: state });
  fillDuration(elapsed(state));
  renderTimer();
}

function clearTimers() {
  setState({ timer: null, guided: null });
  renderTimer();
}

/* ---- the guided timer: a 90 s hold, a contrast bath's warm and cold rounds ---- */

const guidedBox = document.getElementById("guided");
let wakeLock = null;

/** The guided timer's phases; guidance "per calf" times each side the session treats. */
function phasesFor(chip, seconds) {
  const name = chip.dataset.name;
  if (chip.value === "calf-release") { // "5 min per calf"
    const foot = form.elements.foot.value || "both";
    const sides = foot === "both" ? ["left", "right"] : [foot];
    const calf = { left: t("%(name)s · left calf", { name }), right: t("%(name)s · right calf", { name }) };
    return sides.map((s) => [calf[s], seconds]);
  }
  if (chip.value === "contrast-bath") {
    const rounds = [];
    for (let round = 1; round <= 3; round += 1) {
      rounds.push([t("Warm water · round %(n)s of 3", { n: round }), 180], [t("Cold water · round %(n)s of 3", { n: round }), 60]);
    }
    return rounds;
  }
  return [[name, seconds]];
}

function startGuided(chip, seconds) {
  const phases = phasesFor(chip, seconds);
  setState({ guided: { start: Date.now(), phases, lastPhase: 0 } });
  if (!timerState().start || timerState().stop) startTimer();
  if (navigator.wakeLock) navigator.wakeLock.request("screen").then((lock) => { wakeLock = lock; }).catch(() => {});
  renderGuided();
  guidedBox.scrollIntoView({ block: "center", behavior: "smooth" });
}

function stopGuided() {
  setState({ guided: null });
  if (wakeLock) wakeLock.release().catch(() => {});
  wakeLock = null;
  renderGuided();
}

let guidedTicking = 0;
function renderGuided() {
  if (!guidedBox) return;
  const state = logState().guided;
  clearInterval(guidedTicking);
  guidedBox.hidden = !state;
  if (!state) return;
  const tick = () => {
    const total = state.phases.reduce((sum, [, s]) => sum + s, 0);
    let passed = (Date.now() - state.start) / 1000;
    if (passed >= total) {
      document.getElementById("guided-phase").textContent = t("Done. Well done.");
      document.getElementById("guided-clock").textContent = clock(0);
      document.getElementById("guided-progress").value = 1;
      if (state.lastPhase !== state.phases.length) buzz(state, state.phases.length, [200, 100, 200]);
      clearInterval(guidedTicking);
      if (wakeLock) wakeLock.release().catch(() => {});
      wakeLock = null;
      return;
    }
    let index = 0;
    while (passed >= state.phases[index][1]) {
      passed -= state.phases[index][1];
      index += 1;
    }
    const [label, seconds] = state.phases[index];
    document.getElementById("guided-phase").textContent = label;
    document.getElementById("guided-clock").textContent = clock(seconds - passed);
    document.getElementById("guided-progress").value = (Date.now() - state.start) / 1000 / total;
    if (index !== state.lastPhase) buzz(state, index, [200]);
  };
  tick();
  guidedTicking = setInterval(tick, 500);
}

function buzz(state, phase, pattern) {
  state.lastPhase = phase;
  setState({ guided: state });
  // A page reopened after the phase changed has had no tap yet: the browser refuses to buzz.
  if (navigator.vibrate && (navigator.userActivation?.hasBeenActive ?? true)) navigator.vibrate(pattern);
}

/* ---- when it started: now, or a time on an earlier day ---- */

const whenPick = document.getElementById("when-pick");
const dayInput = document.getElementById("session-date");
const timeInput = document.getElementById("session-time");
const askedDay = dayAsked();

function shiftDay(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The wall clock in the person's timezone at `when`: {day: "YYYY-MM-DD", minutes since
 * midnight, ms: that wall time read as if it were UTC (its distance from `when` is the offset)}.
 */
function wallClock(when = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  }).formatToParts(when).map((p) => [p.type, p.value]));
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    ms: Date.UTC(+parts.year, parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second),
  };
}

/** A day and time on the person's clock, as the moment it names (DST-safe to the minute). */
function moment(day, time) {
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall;
  for (let i = 0; i < 3; i += 1) {
    const at = new Date(guess);
    at.setUTCMilliseconds(0);
    guess = wall - (wallClock(at).ms - at.getTime());
  }
  return new Date(guess);
}

const hhmm = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

function chooseWhen(value) {
  if (!whenPick) return;
  const radio = form.querySelector(`input[name="when"][value="${value}"]`);
  radio.checked = true;
  const now = wallClock();
  if (value === "earlier") {
    dayInput.value = now.day;
    timeInput.value = hhmm(Math.max(0, Math.floor((now.minutes - 60) / 15) * 15));
  } else if (value === "yesterday") {
    dayInput.value = shiftDay(now.day, -1);
    timeInput.value = "20:00";
  } else if (value === "other") {
    if (!dayInput.value) dayInput.value = askedDay || shiftDay(now.day, -1);
    if (!timeInput.value) timeInput.value = "20:00";
  }
  dayInput.max = now.day;
  whenPick.hidden = value === "now";
}

/** History's "Add session" for a day: the matching choice, that day preset. */
function chooseAskedDay() {
  if (!askedDay || !whenPick) return;
  const today = wallClock().day;
  if (askedDay === today) chooseWhen("earlier");
  else if (askedDay === shiftDay(today, -1)) chooseWhen("yesterday");
  else {
    dayInput.value = askedDay;
    timeInput.value = "20:00";
    chooseWhen("other");
  }
}

/** The chosen start, or null for "just now" (the timer's start, or now minus the duration). */
function chosenStart() {
  const value = form.querySelector('input[name="when"]:checked')?.value || "now";
  if (value === "now") return null;
  if (!dayInput.value || !timeInput.value) return "missing";
  return { day: dayInput.value, at: moment(dayInput.value, timeInput.value) };
}

/* ---- save ---- */

// The client_id of a session the browser would not keep offline: a retry reuses it, so
// the session is stored once even if that write lands late.
let retryId = null;
// A session under a minute is saved only after "Save anyway": a timer started by mistake.
let shortConfirmed = false;
const shortBox = document.getElementById("short-confirm");

function askShort(seconds) {
  document.getElementById("short-confirm-text").textContent =
    t("Under a minute (%(n)s s): was that the whole session? Save it anyway, or change how long above.", { n: seconds });
  shortBox.hidden = false;
  document.getElementById("short-save").focus();
}

function unaskShort() {
  shortConfirmed = false;
  if (shortBox) shortBox.hidden = true;
}

function duration() {
  const minutes = Number(minutesInput.value || 0);
  const seconds = Number(secondsInput.value || 0);
  return Math.round(minutes * 60 + seconds);
}

function startedAt(seconds) {
  const state = timerState();
  const timed = state.start && state.stop && Math.abs(elapsed(state) - seconds) < 2;
  return new Date(timed ? state.first || state.start : Date.now() - seconds * 1000).toISOString();
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  if (timerDisplay) stopTimer();
  const techniques = chips.filter((c) => c.checked).map((c) => c.value);
  const seconds = duration();
  const start = whenPick ? chosenStart() : null;
  const problems = {};
  if (!techniques.length) problems.techniques = [t("Choose at least one technique.")];
  if (seconds < 1) problems.duration_s = [t("Use the timer, or type how long it took.")];
  if (start === "missing") problems.started_at = [t("Choose the day and the time it started.")];
  if (Object.keys(problems).length) {
    showErrors(form, problems, "");
    return;
  }
  const creating = form.dataset.method === "POST";
  if (creating && shortBox && seconds < SHORT_SECONDS && !shortConfirmed) {
    askShort(seconds);
    return;
  }
  unaskShort();
  const body = {
    duration_s: seconds,
    foot: form.elements.foot.value,
    techniques,
    pressure: Number(pressure.value),
    tool: form.elements.tool.value.trim() || null,
    notes: form.elements.notes.value.trim(),
  };
  if (creating) {
    body.client_id = retryId || uuid();
    body.started_at = start ? start.at.toISOString() : startedAt(seconds);
  }
  const names = chips.filter((c) => c.checked).map((c) => c.dataset.name).join(", ");
  saveButton.disabled = true;
  const result = await submit({
    method: form.dataset.method, url: form.dataset.url, body, kind: "session",
    label: seconds < 60 ? t("Session of %(n)s s: %(names)s", { n: seconds, names }) : t("Session of %(n)s min: %(names)s", { n: Math.round(seconds / 60), names }),
  });
  saveButton.disabled = false;
  if (result.state === "rejected") {
    showErrors(form, result.errors, result.message);
    return;
  }
  if (result.state === "unsaved") { // neither sent nor kept: the form keeps it for a retry
    if (creating) retryId = body.client_id;
    showErrors(form, {}, result.message);
    return;
  }
  retryId = null;
  if (form.dataset.after && result.state === "saved") {
    window.location.assign(form.dataset.after);
    return;
  }
  if (creating && askedDay && start && result.state === "saved") { // caught up from History
    window.location.assign(`/history#day-${start.day}`);
    return;
  }
  if (creating) {
    form.reset();
    if (whenPick) chooseWhen("now");
    setState({ techniques: [] });
    clearTimers();
    showGuidance();
    showPressure();
    window.scrollTo({ top: 0, behavior: "smooth" });
  }
  if (result.state === "saved") toast(start ? t("Session saved for %(day)s.", { day: longDate(start.day) }) : t("Session saved."));
  else if (result.state === "queued") toast(t("Saved on this device. It will sync when you are online."));
}

/* ---- wiring ---- */

form.addEventListener("change", (event) => {
  if (event.target.name === "foot") showGuidance(); // "per calf" timers follow the sides
  if (event.target.name === "techniques") {
    showGuidance();
    setState({ techniques: chips.filter((c) => c.checked).map((c) => c.value) });
  }
});
for (const input of [minutesInput, secondsInput]) input.addEventListener("input", unaskShort);
document.getElementById("short-save")?.addEventListener("click", () => {
  shortConfirmed = true;
  form.requestSubmit();
});

/** The techniques chosen before a reload or a visit elsewhere; any behind "More" come forward. */
function restoreTechniques() {
  const chosen = new Set(logState().techniques);
  if (form.dataset.method !== "POST" || !chosen.size) return; // none chosen: the page's own
  const first = document.getElementById("chips-first");
  for (const chip of chips) {
    chip.checked = chosen.has(chip.value);
    if (chip.checked && first && !first.contains(chip)) first.append(chip.closest("label"));
  }
}
pressure.addEventListener("input", showPressure);
form.addEventListener("submit", save);
form.addEventListener("change", (event) => {
  if (event.target.name === "when") chooseWhen(event.target.value);
});
chooseAskedDay();
if (timerDisplay) {
  toggle.addEventListener("click", () => {
    const state = timerState();
    if (state.start && !state.stop) stopTimer();
    else startTimer();
  });
  reset.addEventListener("click", () => {
    clearTimers();
    minutesInput.value = "";
    secondsInput.value = "";
  });
  document.getElementById("guided-stop").addEventListener("click", stopGuided);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") renderTimer();
  });
  const state = timerState();
  if (state.start && state.stop) fillDuration(elapsed(state));
  renderTimer();
}
restoreTechniques();
showGuidance();
showPressure();

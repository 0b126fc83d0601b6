/* Log's state in localStorage (timers as start times): it survives a reload. */
import { USER } from "./person.js";

const STATE_KEY = `fs.log.${USER}`;

/** {techniques: [slug], timer: {start, stop, first} | null, guided: {...} | null} */
export function logState() {
  let state = null;
  try {
    state = JSON.parse(localStorage.getItem(STATE_KEY));
  } catch {
    // unreadable: empty
  }
  return { techniques: [], timer: null, guided: null, ...state };
}

/** Kept only while it holds something. */
export function saveLogState(state) {
  try {
    if (state.techniques.length || state.timer || state.guided) localStorage.setItem(STATE_KEY, JSON.stringify(state));
    else localStorage.removeItem(STATE_KEY);
  } catch {
    // storage full or blocked: the timer runs on, unkept
  }
}

/** Seconds a timer has run: to its stop, or to now. */
export function elapsed(timer) {
  if (!timer?.start) return 0;
  return ((timer.stop || Date.now()) - timer.start) / 1000;
}

/** 75 → "1:15"; 3725 → "1:02:05". */
export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

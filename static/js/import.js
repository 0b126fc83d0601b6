/*
 * Import: sends the chosen CSV files to POST /api/v1/import and shows the counts,
 * or the table of lines to fix. Needs a connection: an import is never queued,
 * since its answer (what to fix) is the point.
 */
import { api } from "./lib/api.js";
import { t, tn } from "./lib/i18n.js";

const form = document.getElementById("import-form");
const submit = document.getElementById("import-submit");
const status = document.getElementById("import-status");
const errorBox = form.querySelector('[data-error-for="_form"]');
const result = document.getElementById("import-result");
const counts = document.getElementById("import-counts");
const notes = document.getElementById("import-notes");
const linesBox = document.getElementById("import-lines-box");
const lines = document.getElementById("import-lines");
const more = document.getElementById("import-more");
const NAMES = { sessions: t("Sessions"), checkins: t("Check-ins"), pauses: t("Pauses"), plans: t("Plans") };

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function reset() {
  errorBox.hidden = true;
  errorBox.textContent = "";
  status.textContent = "";
  result.hidden = true;
  counts.hidden = true;
  counts.replaceChildren();
  notes.hidden = true;
  notes.replaceChildren();
  linesBox.hidden = true;
  lines.replaceChildren();
  more.hidden = true;
}

function fail(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

function showCounts(data) {
  for (const [key, c] of Object.entries(data.files || {})) {
    counts.append(el("li", t("%(file)s: %(created)s new, %(skipped)s already there (%(rows)s read).", {
      file: NAMES[key] || key,
      created: c.created,
      skipped: c.skipped_existing,
      rows: tn("%(num)s row", "%(num)s rows", c.rows),
    })));
  }
  counts.hidden = false;
  // Read but left out on purpose (a daily summary's computed and experiment columns).
  for (const note of data.notes || []) notes.append(el("li", `${NAMES[note.file] || note.file}: ${note.text}`));
  notes.hidden = !notes.children.length;
}

function showLines(data) {
  for (const line of data.lines || []) {
    const row = el("tr");
    row.append(el("td", NAMES[line.file] || line.file), el("td", line.line ?? "–"),
      el("td", line.column ?? "–"), el("td", line.reason));
    lines.append(row);
  }
  linesBox.hidden = !lines.children.length;
  if (data.more_lines) {
    more.textContent = tn("…and %(num)s more line with problems, not listed.", "…and %(num)s more lines with problems, not listed.", data.more_lines);
    more.hidden = false;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  reset();
  const body = new FormData();
  for (const input of form.querySelectorAll('input[type="file"]')) {
    if (input.files.length) body.append(input.name, input.files[0]);
  }
  if (![...body.keys()].length) {
    fail(t("Choose a sessions, check-ins, pauses or plans file, or several."));
    return;
  }
  const size = [...body.values()].reduce((sum, file) => sum + file.size, 0);
  if (size > Number(form.dataset.maxBytes)) {
    fail(t("The files are larger than %(mb)s MB together, the most one import takes. Export a shorter date range and import the parts one by one.", { mb: form.dataset.maxMb }));
    return;
  }
  submit.disabled = true;
  status.textContent = t("Importing…");
  try {
    const { ok, status: code, data } = await api("POST", "/api/v1/import", body);
    status.textContent = data?.message || t("The import failed (error %(code)s).", { code });
    if (ok) {
      showCounts(data);
      result.hidden = false;
      form.reset();
    } else if (data?.lines?.length) {
      showLines(data);
      result.hidden = false;
      result.scrollIntoView({ block: "start", behavior: "smooth" });
    } else {
      fail(status.textContent);
    }
  } catch {
    status.textContent = "";
    fail(t("You are offline. An import needs a connection; try again when you are back."));
  } finally {
    submit.disabled = false;
  }
});

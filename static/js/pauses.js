/*
 * Pauses: plan one, change it, end it early, delete it. These need a connection:
 * a pause changes how past days are counted, so it is not queued like a check-in.
 */
(() => {
  "use strict";

  const FS = window.FS;
  const OFFLINE = "You are offline. Pauses need a connection; try again when you are back.";
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
    FS.clearErrors(form);
  }

  form.elements.start_date.addEventListener("change", () => {
    const start = form.elements.start_date.value;
    if (start && form.elements.end_date.value < start) form.elements.end_date.value = start;
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    FS.clearErrors(form);
    const body = {
      start_date: form.elements.start_date.value,
      end_date: form.elements.end_date.value,
      reason: form.elements.reason.value,
      note: form.elements.note.value.trim(),
    };
    if (!body.start_date) {
      FS.showErrors(form, { start_date: ["Choose the first paused day."] }, "");
      return;
    }
    if (!body.end_date) {
      FS.showErrors(form, { end_date: ["Choose the last paused day."] }, "");
      return;
    }
    submit.disabled = true;
    try {
      const result = await FS.api(form.dataset.method, form.dataset.url, body);
      if (result.ok) {
        window.location.reload();
        return;
      }
      FS.showErrors(form, result.errors, result.message);
    } catch {
      FS.showErrors(form, {}, OFFLINE);
    } finally {
      submit.disabled = false;
    }
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
    if (action === "delete" && !window.confirm("Delete this pause? Its days will count as planned days again.")) return;
    listError.hidden = true;
    button.disabled = true;
    try {
      const url = `/api/v1/pauses/${item.dataset.pause}`;
      const result = action === "end" ? await FS.api("POST", `${url}/end`, {}) : await FS.api("DELETE", url);
      if (result.ok) {
        window.location.reload();
        return;
      }
      listError.textContent = result.message;
      listError.hidden = false;
    } catch {
      listError.textContent = OFFLINE;
      listError.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
})();

/*
 * Writes that need a connection (settings, tokens, share links, pauses, reminders, deleting
 * the account): never queued like check-ins and sessions, because their answer is the point.
 * A refusal is shown where the person looks: beside the form's fields, or in a message box;
 * with no network, `offline` says so. The values on screen stay as they were.
 */
import { api } from "./api.js";
import { clearErrors, showErrors } from "./forms.js";
import { t } from "./i18n.js";

/** `what` is already in the page's language: t("Pauses need a connection"). */
export const offlineText = (what) => t("You are offline. %(what)s; try again when you are back.", { what });

function say(where, errors, message) {
  if (where instanceof HTMLFormElement) {
    showErrors(where, errors, message);
  } else {
    where.textContent = message;
    where.hidden = false;
  }
}

/**
 * One API call, its failure shown in `where` (a form or a message box). The result when the
 * server took it, else null. A DELETE answered 404 finds nothing left to delete: taken.
 */
export async function online(where, offline, method, url, body) {
  let result;
  try {
    result = await api(method, url, body);
  } catch {
    say(where, {}, offline);
    return null;
  }
  if (result.ok || (method === "DELETE" && result.status === 404)) return result;
  say(where, result.errors, result.message);
  return null;
}

/**
 * Send a form when submitted. `values(form)` builds the body; `check(body, form)` may return
 * problems ({field: [reason]}) shown without sending; the method and URL are the options'
 * or the form's data-method and data-url; `saved(result, body)` runs when the server took it.
 * The submit button is off while the request runs, so one tap sends one request.
 */
export function onlineForm(form, { offline, values, check, saved, method, url }) {
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = values(form);
    const problems = check?.(body, form);
    if (problems) {
      showErrors(form, problems, "");
      return;
    }
    if (button) button.disabled = true;
    try {
      const result = await online(form, offline, method || form.dataset.method, url || form.dataset.url, body);
      if (result) await saved(result, body);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/* A secret shown once (an API token on Settings, a share link on /share): copy it; revoke on a second tap. */
import { toast } from "./dom.js";
import { t } from "./i18n.js";

/** Copy a read-only field's text; where the clipboard is refused, select it instead. */
export async function copyField(input, what) {
  try {
    await navigator.clipboard.writeText(input.value);
    toast(t("%(what)s copied.", { what }));
  } catch {
    input.select();
    toast(t("Select the %(what)s and copy it.", { what: what.toLowerCase() }));
  }
}

/** A destructive button asks twice: the first tap arms it for 4 s. True on the second. */
export function secondTap(button, armedText) {
  if (button.dataset.armed) return true;
  const restText = button.firstChild.textContent;
  button.dataset.armed = "1";
  button.firstChild.textContent = armedText;
  setTimeout(() => {
    delete button.dataset.armed;
    button.firstChild.textContent = restText;
  }, 4000);
  return false;
}

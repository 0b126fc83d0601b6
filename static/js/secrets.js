/*
 * A secret shown once (an API token on Settings, a share link on /share): copy it, and
 * revoke only on a second tap. Loaded after app.js by the pages that show one; it adds
 * to window.FS rather than weighing on every page.
 */
(() => {
  "use strict";

  const FS = window.FS;

  /** Copy a read-only field's text; where the clipboard is refused, select it instead. */
  FS.copyField = async (input, what) => {
    try {
      await navigator.clipboard.writeText(input.value);
      FS.toast(`${what} copied.`);
    } catch {
      input.select();
      FS.toast(`Select the ${what.toLowerCase()} and copy it.`);
    }
  };

  /** A destructive button asks twice: the first tap arms it for 4 s. True on the second. */
  FS.secondTap = (button, armedText) => {
    if (button.dataset.armed) return true;
    const restText = button.firstChild.textContent;
    button.dataset.armed = "1";
    button.firstChild.textContent = armedText;
    setTimeout(() => {
      delete button.dataset.armed;
      button.firstChild.textContent = restText;
    }, 4000);
    return false;
  };
})();

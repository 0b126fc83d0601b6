/*
 * Your data: deleting the account goes through DELETE /api/v1/me (JSON, with the
 * CSRF header FS.api adds), which also signs this browser out; then the sign-up
 * page shows the server's confirmation.
 */
(() => {
  "use strict";

  const FS = window.FS;
  const form = document.getElementById("delete-account-form");
  const button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    FS.clearErrors(form);
    const password = form.elements.password.value;
    const problems = {};
    if (!password) problems.password = ["Enter your password."];
    if (form.elements.confirm.value.trim() !== "DELETE") {
      problems.confirm = ["Type DELETE in capital letters to confirm."];
    }
    if (Object.keys(problems).length) {
      FS.showErrors(form, problems, "");
      return;
    }
    button.disabled = true;
    try {
      const result = await FS.api("DELETE", "/api/v1/me", { password });
      if (result.ok) {
        window.location.assign("/signup");
        return;
      }
      FS.showErrors(form, result.errors, result.message);
    } catch {
      FS.showErrors(form, {}, "You are offline. Deleting needs a connection; nothing was deleted.");
    }
    button.disabled = false;
  });
})();

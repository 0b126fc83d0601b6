/*
 * Your data: deleting the account goes through DELETE /api/v1/me (JSON, with the CSRF
 * header the API helper adds), which also signs this browser out; then the sign-up page
 * shows the server's confirmation.
 */
import { t } from "./lib/i18n.js";
import { onlineForm } from "./lib/online.js";

onlineForm(document.getElementById("delete-account-form"), {
  offline: t("You are offline. Deleting needs a connection; nothing was deleted."),
  method: "DELETE",
  url: "/api/v1/me",
  values: ({ elements }) => ({ password: elements.password.value }),
  check: ({ password }, { elements }) => {
    const problems = {};
    if (!password) problems.password = [t("Enter your password.")];
    if (elements.confirm.value.trim() !== "DELETE") problems.confirm = [t("Type DELETE in capital letters to confirm.")];
    return Object.keys(problems).length ? problems : null;
  },
  saved: () => window.location.assign("/signup"),
});

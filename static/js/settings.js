/*
 * Settings: routine and timezone (PATCH /me) and personal API tokens.
 * These need a connection: they are not queued like check-ins and sessions.
 */
(() => {
  "use strict";

  const FS = window.FS;
  const OFFLINE = "You are offline. Settings need a connection; try again when you are back.";

  /* ---- routine and timezone ---- */

  const form = document.getElementById("settings-form");
  const zone = document.getElementById("timezone");
  const useDevice = document.getElementById("use-device-zone");
  const deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (deviceZone && deviceZone !== zone.value && [...zone.options].some((o) => o.value === deviceZone)) {
    useDevice.textContent = `Use this device’s timezone (${deviceZone})`;
    useDevice.hidden = false;
    useDevice.addEventListener("click", () => {
      zone.value = deviceZone;
      useDevice.hidden = true;
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    FS.clearErrors(form);
    const number = (name) => Number(form.elements[name].value);
    const body = {
      feet: form.elements.feet.value,
      timezone: zone.value,
      global_change_weekday: form.elements.global_change_weekday.value === "" ? null : Number(form.elements.global_change_weekday.value),
      plan: {
        sessions_per_day: number("sessions_per_day"),
        minutes_min: number("minutes_min"),
        minutes_max: number("minutes_max"),
      },
    };
    if (body.plan.minutes_max < body.plan.minutes_min) {
      FS.showErrors(form, { plan: { minutes_max: ["Make this at least the “From” minutes."] } }, "");
      return;
    }
    try {
      const result = await FS.api("PATCH", "/api/v1/me", body);
      if (result.ok) {
        document.body.dataset.tz = result.data.timezone;
        FS.toast("Settings saved.");
      } else {
        FS.showErrors(form, result.errors, result.message);
      }
    } catch {
      FS.showErrors(form, {}, OFFLINE);
    }
  });

  /* ---- password ---- */

  const passwordForm = document.getElementById("password-form");
  passwordForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    FS.clearErrors(passwordForm);
    const body = {
      current_password: passwordForm.elements.current_password.value,
      new_password: passwordForm.elements.new_password.value,
      revoke_tokens: passwordForm.elements.revoke_tokens.checked,
    };
    if (body.new_password.length < 10) {
      FS.showErrors(passwordForm, { new_password: ["Use at least 10 characters."] }, "");
      return;
    }
    try {
      const result = await FS.api("POST", "/api/v1/me/password", body);
      if (!result.ok) {
        FS.showErrors(passwordForm, result.errors, result.message);
        return;
      }
      passwordForm.reset();
      const tokens = result.data.revoked_tokens;
      const links = result.data.revoked_share_links;
      const revoked = [
        tokens ? `${tokens} token${tokens > 1 ? "s" : ""}` : "",
        links ? `${links} share link${links > 1 ? "s" : ""}` : "",
      ].filter(Boolean).join(" and ");
      FS.toast(`Password changed. Other browsers are signed out${revoked ? `; ${revoked} revoked` : ""}.`);
      if (revoked) window.setTimeout(() => window.location.reload(), 1500);
    } catch {
      FS.showErrors(passwordForm, {}, OFFLINE);
    }
  });

  /* ---- API tokens ---- */

  const tokenForm = document.getElementById("token-form");
  const tokenList = document.getElementById("token-list");
  const tokenError = document.getElementById("token-error");
  const secretBox = document.getElementById("new-token");
  const secretValue = document.getElementById("new-token-value");

  function tokenRow(token) {
    return FS.el("li", {},
      FS.el("div", {}, FS.el("strong", { textContent: token.name }), FS.el("br"),
        FS.el("span", { className: "muted", textContent: `${token.prefix}… · created just now · never used` })),
      FS.el("button", {
        type: "button", className: "btn btn-small btn-danger-text", textContent: "Revoke",
      }));
  }

  tokenForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    FS.clearErrors(tokenForm);
    tokenError.hidden = true;
    const name = tokenForm.elements.name.value.trim();
    if (!name) {
      FS.showErrors(tokenForm, { name: ["Give the token a name, e.g. the app that will use it."] }, "");
      return;
    }
    try {
      const result = await FS.api("POST", "/api/v1/tokens", { name });
      if (!result.ok) {
        FS.showErrors(tokenForm, result.errors, result.message);
        return;
      }
      const row = tokenRow(result.data);
      row.dataset.token = result.data.id;
      row.querySelector("button").dataset.revoke = result.data.id;
      tokenList.append(row);
      document.getElementById("no-tokens").hidden = true;
      secretValue.value = result.data.token;
      secretBox.hidden = false;
      secretValue.select();
      tokenForm.reset();
    } catch {
      tokenError.textContent = OFFLINE;
      tokenError.hidden = false;
    }
  });

  document.getElementById("copy-token").addEventListener("click", () => FS.copyField(secretValue, "Token"));

  /* Revoking asks twice: the first tap turns the button into "Tap again to revoke". */
  tokenList.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-revoke]");
    if (!button) return;
    if (!FS.secondTap(button, "Tap again to revoke")) return;
    try {
      const result = await FS.api("DELETE", `/api/v1/tokens/${button.dataset.revoke}`);
      if (result.ok || result.status === 404) {
        button.closest("li").remove();
        document.getElementById("no-tokens").hidden = tokenList.children.length > 0;
        FS.toast("Token revoked.");
      } else {
        tokenError.textContent = result.message;
        tokenError.hidden = false;
      }
    } catch {
      tokenError.textContent = OFFLINE;
      tokenError.hidden = false;
    }
  });
})();

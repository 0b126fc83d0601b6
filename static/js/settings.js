/*
 * Settings: the language, routine and timezone (PATCH /me), the password, and personal API
 * tokens. These need a connection: they are not queued like check-ins and sessions.
 */
import { api } from "./lib/api.js";
import { el, toast } from "./lib/dom.js";
import { t, tn } from "./lib/i18n.js";
import { offlineText, online, onlineForm } from "./lib/online.js";
import { copyField, secondTap } from "./lib/secrets.js";

const OFFLINE = offlineText(t("Settings need a connection"));

/* ---- language: saved on the account, then the page again in its words ---- */

const languageForm = document.getElementById("language-form");
onlineForm(languageForm, {
  offline: OFFLINE,
  method: "PATCH",
  url: "/api/v1/me",
  values: ({ elements }) => ({ language: elements.language.value || null }),
  saved: async ({ data }) => {
    if (data.language === null) {
      // "Browser language": also forget a choice this browser kept from before signing in.
      const form = new FormData();
      form.append("language", "");
      await api("POST", "/language", form);
    }
    window.location.reload();
  },
});

/* ---- routine and timezone ---- */

const form = document.getElementById("settings-form");
const zone = document.getElementById("timezone");
const useDevice = document.getElementById("use-device-zone");
const deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (deviceZone && deviceZone !== zone.value && [...zone.options].some((o) => o.value === deviceZone)) {
  useDevice.textContent = t("Use this device’s timezone (%(zone)s)", { zone: deviceZone });
  useDevice.hidden = false;
  useDevice.addEventListener("click", () => {
    zone.value = deviceZone;
    useDevice.hidden = true;
  });
}

onlineForm(form, {
  offline: OFFLINE,
  method: "PATCH",
  url: "/api/v1/me",
  values: ({ elements }) => {
    const number = (name) => Number(elements[name].value);
    return {
      feet: elements.feet.value,
      timezone: zone.value,
      global_change_weekday: elements.global_change_weekday.value === "" ? null : Number(elements.global_change_weekday.value),
      plan: {
        sessions_per_day: number("sessions_per_day"),
        minutes_min: number("minutes_min"),
        minutes_max: number("minutes_max"),
      },
    };
  },
  check: ({ plan }) => (plan.minutes_max < plan.minutes_min
    ? { plan: { minutes_max: [t("Make this at least the “From” minutes.")] } } : null),
  saved: (result) => {
    document.body.dataset.tz = result.data.timezone;
    toast(t("Settings saved."));
  },
});

/* ---- password: the shortest allowed is the server's, rendered as the field's minlength ---- */

const passwordForm = document.getElementById("password-form");
onlineForm(passwordForm, {
  offline: OFFLINE,
  method: "POST",
  url: "/api/v1/me/password",
  values: ({ elements }) => ({
    current_password: elements.current_password.value,
    new_password: elements.new_password.value,
    revoke_tokens: elements.revoke_tokens.checked,
  }),
  check: ({ new_password: password }) => {
    const least = passwordForm.elements.new_password.minLength;
    return password.length < least ? { new_password: [t("Use at least %(num)s characters.", { num: least })] } : null;
  },
  saved: ({ data }) => {
    passwordForm.reset();
    const tokens = data.revoked_tokens;
    const links = data.revoked_share_links;
    let said = t("Password changed. Other browsers are signed out.");
    if (tokens && links) {
      said = t("Password changed. Other browsers are signed out; %(tokens)s and %(links)s revoked.", {
        tokens: tn("%(num)s token", "%(num)s tokens", tokens),
        links: tn("%(num)s share link", "%(num)s share links", links),
      });
    } else if (tokens || links) {
      said = t("Password changed. Other browsers are signed out; %(what)s revoked.", {
        what: tokens ? tn("%(num)s token", "%(num)s tokens", tokens) : tn("%(num)s share link", "%(num)s share links", links),
      });
    }
    toast(said);
    if (tokens || links) window.setTimeout(() => window.location.reload(), 1500);
  },
});

/* ---- API tokens ---- */

const tokenForm = document.getElementById("token-form");
const tokenList = document.getElementById("token-list");
const tokenError = document.getElementById("token-error");
const secretBox = document.getElementById("new-token");
const secretValue = document.getElementById("new-token-value");

function tokenRow(token) {
  const row = el("li", {},
    el("div", {}, el("strong", { textContent: token.name }), el("br"),
      el("span", { className: "muted", textContent: `${token.prefix}… · ${t("created just now")} · ${t("never used")}` })),
    el("button", { type: "button", className: "btn btn-small btn-danger-text", textContent: t("Revoke") }));
  row.dataset.token = token.id;
  row.querySelector("button").dataset.revoke = token.id;
  return row;
}

tokenForm.addEventListener("submit", () => { tokenError.hidden = true; }); // a new try
onlineForm(tokenForm, {
  offline: OFFLINE,
  method: "POST",
  url: "/api/v1/tokens",
  values: ({ elements }) => ({ name: elements.name.value.trim() }),
  check: ({ name }) => (name ? null : { name: [t("Give the token a name, e.g. the app that will use it.")] }),
  saved: ({ data }) => {
    tokenList.append(tokenRow(data));
    document.getElementById("no-tokens").hidden = true;
    secretValue.value = data.token;
    secretBox.hidden = false;
    secretValue.select();
    tokenForm.reset();
  },
});

document.getElementById("copy-token").addEventListener("click", () => copyField(secretValue, t("Token")));

/* Revoking asks twice: the first tap turns the button into "Tap again to revoke". */
tokenList.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-revoke]");
  if (!button || !secondTap(button, t("Tap again to revoke"))) return;
  if (await online(tokenError, OFFLINE, "DELETE", `/api/v1/tokens/${button.dataset.revoke}`)) {
    button.closest("li").remove();
    document.getElementById("no-tokens").hidden = tokenList.children.length > 0;
    toast(t("Token revoked."));
  }
});

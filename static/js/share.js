/*
 * Share: create a read-only link for a physiotherapist, copy it once, revoke it.
 * Needs a connection: a link made offline could not be sent anyway.
 */
import { el, toast } from "./lib/dom.js";
import { lang, t } from "./lib/i18n.js";
import { offlineText, online, onlineForm } from "./lib/online.js";
import { copyField, secondTap } from "./lib/secrets.js";

const OFFLINE = offlineText(t("Share links need a connection"));
const API = "/api/v1/share-links";

const form = document.getElementById("share-form");
const list = document.getElementById("link-list");
const listError = document.getElementById("link-error");
const secretBox = document.getElementById("new-link");
const secretValue = document.getElementById("new-link-url");

function day(iso) {
  return new Date(iso).toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });
}

function linkRow(link) {
  const label = link.label || t("Share link");
  const row = el("li", {},
    el("div", {},
      el("strong", { textContent: label }), " ",
      el("span", { className: "badge share-active", textContent: t("Active") }),
      el("br"),
      el("span", {
        className: "muted",
        textContent: `${link.prefix}… · ${t("created just now")} · ${t("expires %(day)s", { day: day(link.expires_at) })} · ${t("never opened")}`,
      })),
    el("button", { type: "button", className: "btn btn-small btn-danger-text", textContent: t("Revoke") }));
  row.dataset.link = link.id;
  row.dataset.status = "active";
  row.querySelector("button").dataset.revoke = link.id;
  row.querySelector(".badge").dataset.slot = "status";
  return row;
}

/* The longest a link may live is the server's, rendered as the field's max. */
form.addEventListener("submit", () => { listError.hidden = true; }); // a new try
onlineForm(form, {
  offline: OFFLINE,
  method: "POST",
  url: API,
  values: ({ elements }) => ({
    label: elements.label.value.trim(),
    expires_in_days: Number(elements.expires_in_days.value),
  }),
  check: ({ expires_in_days: days }) => {
    const most = Number(form.elements.expires_in_days.max);
    return Number.isInteger(days) && days >= 1 && days <= most
      ? null : { expires_in_days: [t("Choose a whole number of days from 1 to %(most)s.", { most })] };
  },
  saved: ({ data }) => {
    list.prepend(linkRow(data));
    document.getElementById("no-links").hidden = true;
    secretValue.value = data.url;
    secretBox.hidden = false;
    secretValue.select();
    form.reset();
  },
});

document.getElementById("copy-link").addEventListener("click", () => copyField(secretValue, t("Link")));

/* Revoking asks twice: the first tap turns the button into "Tap again to revoke". */
list.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-revoke]");
  if (!button || !secondTap(button, t("Tap again to revoke"))) return;
  if (await online(listError, OFFLINE, "DELETE", `${API}/${button.dataset.revoke}`)) {
    const row = button.closest("li");
    row.dataset.status = "revoked";
    const badge = row.querySelector("[data-slot=status]");
    badge.textContent = t("Revoked");
    badge.className = "badge share-revoked";
    button.remove();
    toast(t("Link revoked: it no longer opens."));
  }
});

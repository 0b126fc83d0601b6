/*
 * Share: create a read-only link for a physiotherapist, copy it once, revoke it.
 * Needs a connection: a link made offline could not be sent anyway.
 */
(() => {
  "use strict";

  const FS = window.FS;
  const OFFLINE = "You are offline. Share links need a connection; try again when you are back.";
  const API = "/api/v1/share-links";

  const form = document.getElementById("share-form");
  const list = document.getElementById("link-list");
  const listError = document.getElementById("link-error");
  const secretBox = document.getElementById("new-link");
  const secretValue = document.getElementById("new-link-url");

  function day(iso) {
    return new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });
  }

  function linkRow(link) {
    const label = link.label || "Share link";
    const row = FS.el("li", {},
      FS.el("div", {},
        FS.el("strong", { textContent: label }), " ",
        FS.el("span", { className: "badge share-active", textContent: "Active" }),
        FS.el("br"),
        FS.el("span", {
          className: "muted",
          textContent: `${link.prefix}… · created just now · expires ${day(link.expires_at)} · never opened`,
        })),
      FS.el("button", { type: "button", className: "btn btn-small btn-danger-text", textContent: "Revoke" }));
    row.dataset.link = link.id;
    row.dataset.status = "active";
    row.querySelector("button").dataset.revoke = link.id;
    row.querySelector(".badge").dataset.slot = "status";
    return row;
  }

  function showListError(text) {
    listError.textContent = text;
    listError.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    FS.clearErrors(form);
    listError.hidden = true;
    const days = Number(form.elements.expires_in_days.value);
    if (!Number.isInteger(days) || days < 1 || days > Number(form.elements.expires_in_days.max)) {
      FS.showErrors(form, { expires_in_days: [`Choose a whole number of days from 1 to ${form.elements.expires_in_days.max}.`] }, "");
      return;
    }
    try {
      const result = await FS.api("POST", API, { label: form.elements.label.value.trim(), expires_in_days: days });
      if (!result.ok) {
        FS.showErrors(form, result.errors, result.message);
        return;
      }
      list.prepend(linkRow(result.data));
      document.getElementById("no-links").hidden = true;
      secretValue.value = result.data.url;
      secretBox.hidden = false;
      secretValue.select();
      form.reset();
    } catch {
      FS.showErrors(form, {}, OFFLINE);
    }
  });

  document.getElementById("copy-link").addEventListener("click", () => FS.copyField(secretValue, "Link"));

  /* Revoking asks twice: the first tap turns the button into "Tap again to revoke". */
  list.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-revoke]");
    if (!button) return;
    if (!FS.secondTap(button, "Tap again to revoke")) return;
    try {
      const result = await FS.api("DELETE", `${API}/${button.dataset.revoke}`);
      if (result.ok || result.status === 404) {
        const row = button.closest("li");
        row.dataset.status = "revoked";
        const badge = row.querySelector("[data-slot=status]");
        badge.textContent = "Revoked";
        badge.className = "badge share-revoked";
        button.remove();
        FS.toast("Link revoked: it no longer opens.");
      } else {
        showListError(result.message);
      }
    } catch {
      showListError(OFFLINE);
    }
  });
})();

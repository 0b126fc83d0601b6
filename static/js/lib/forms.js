/* Reasons beside their fields (`data-error-for`), the rest in the "_form" box. */

function flatten(errors, prefix = "", out = {}) {
  for (const [key, value] of Object.entries(errors || {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) out[name] = value.join(" ");
    else if (value && typeof value === "object") flatten(value, name, out);
    else out[name] = String(value);
  }
  return out;
}

export function clearErrors(form) {
  for (const node of form.querySelectorAll("[data-error-for]")) {
    node.textContent = "";
    if (node.dataset.errorFor === "_form") node.hidden = true;
  }
}

/** Put each reason beside its field; whatever has no place goes in the form's box. */
export function showErrors(form, errors, message) {
  clearErrors(form);
  const left = [];
  for (const [name, text] of Object.entries(flatten(errors))) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot) slot.textContent = text;
    else left.push(text);
  }
  const box = form.querySelector('[data-error-for="_form"]');
  const general = left.length ? left.join(" ") : (Object.keys(errors || {}).length ? "" : message);
  if (box && general) {
    box.textContent = general;
    box.hidden = false;
  }
  const first = form.querySelector("[data-error-for]:not(:empty)");
  if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
}

/**
 * Words for the scripts, in the page's language.
 *
 * The server puts the translations this page's modules ask for in a JSON block
 * (`<script type="application/json" id="i18n">`, tracker/web/assets.py); an English page
 * has none and every message is its own English text. Mark each user-visible string:
 *   t("Saved")                                   t("Saved %(when)s", { when })
 *   tn("%(num)s day", "%(num)s days", n)         (German and Spanish have two forms too)
 * so `python manage.py translations` extracts it. Numbers go through `number()`: 1,6 in
 * German and Spanish.
 */

const block = document.getElementById("i18n");
const catalog = block ? JSON.parse(block.textContent) : {};

/** The page's language, as the server chose it (`<html lang>`). */
export const lang = document.documentElement.lang || "en";

function fill(text, vars) {
  if (!vars) return text;
  return text.replace(/%\((\w+)\)s/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/** `msgid` translated, its `%(name)s` placeholders filled from `vars`. */
export function t(msgid, vars) {
  const found = catalog[msgid];
  return fill(typeof found === "string" ? found : msgid, vars);
}

/** The form for `n` (`%(num)s` is `n`, written the reader's way). */
export function tn(singular, plural, n, vars) {
  const forms = catalog[singular];
  const text = Array.isArray(forms) ? forms[n === 1 ? 0 : 1] : n === 1 ? singular : plural;
  return fill(text, { num: number(n, 0), ...vars });
}

/** A number with `digits` decimals in the page's language (1.6, 1,6). */
export function number(value, digits = 1) {
  return new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/* Words for the scripts in the page's language: the server puts the translations this
   page's modules use in <script id="i18n"> (none on an English page). Mark each string,
   t("Saved %(when)s", { when }) or tn("%(num)s day", "%(num)s days", n), so
   `manage.py translations` finds it; numbers through number() (1,6 in German). */
const block = document.getElementById("i18n");
const catalog = block ? JSON.parse(block.textContent) : {};

/** The page's language, as the server chose it (`<html lang>`). */
export const lang = document.documentElement.lang || "en";

const fill = (text, vars) => (vars ? text.replace(/%\((\w+)\)s/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text);

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
export const number = (value, digits = 1) => new Intl.NumberFormat(lang, {
  minimumFractionDigits: digits, maximumFractionDigits: digits,
}).format(value);

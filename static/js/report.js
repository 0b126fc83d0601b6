/* The report's "Print or save as PDF" button: shown only when this script runs,
   so a page without JavaScript never offers a button that does nothing. */
const button = document.getElementById("print-report");
if (button && typeof window.print === "function") {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

/* Starts Swagger UI on /api/docs from the settings the page carries in data attributes. */
const container = document.getElementById("swagger-ui-container");
const config = Object.assign(
  { url: container.dataset.specUrl, dom_id: "#swagger-ui-container" },
  JSON.parse(container.dataset.config || "{}"),
);
window.ui = window.SwaggerUIBundle(config);

/* Each operation's button carries an aria-label ("post /api/v1/...") that replaces
   its visible method, path and summary, so speech-control users cannot name it by
   what they see. Its own text is a better name: drop the label whenever the UI
   (re)renders one. */
const dropLabels = () => {
  container.querySelectorAll(".opblock-summary-control[aria-label]").forEach((button) => {
    button.removeAttribute("aria-label");
  });
};
new MutationObserver(dropLabels).observe(container, {
  subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"],
});
dropLabels();

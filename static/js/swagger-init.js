/* Starts Swagger UI on /api/docs from the settings the page carries in data attributes. */
(() => {
  "use strict";
  const container = document.getElementById("swagger-ui-container");
  const config = Object.assign(
    { url: container.dataset.specUrl, dom_id: "#swagger-ui-container" },
    JSON.parse(container.dataset.config || "{}"),
  );
  window.ui = window.SwaggerUIBundle(config);
})();

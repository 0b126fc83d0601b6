/* Nodes (user text only as textContent) and the toast. */
export const byId = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children.filter((c) => c != null));
  return node;
}

let toastTimer = 0;

export function toast(message, { action, onAction, onTimeout, ms = 4000 } = {}) {
  const box = byId("toast");
  const button = byId("toast-action");
  clearTimeout(toastTimer);
  byId("toast-text").textContent = message;
  button.hidden = !action;
  button.textContent = action || "";
  button.onclick = () => {
    clearTimeout(toastTimer);
    box.hidden = true;
    if (onAction) onAction();
  };
  box.hidden = false;
  toastTimer = setTimeout(() => {
    box.hidden = true;
    if (onTimeout) onTimeout();
  }, ms);
}

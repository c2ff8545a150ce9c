// Building DOM without HTML strings: every piece of text goes through textContent, so text
// from customers and colleagues is always inert.

/** Creates an element: el('li', { class: 'row', dataset: { id } }, 'text', childNode, ...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of a node. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** A time written the desk's one way (js/time.js), in `zone` or the desk's zone for lists. */
export { formatTime as when } from './time.js';

/** "in 12 min", "3 h 5 min ago": a countdown for SLA columns. */
export function until(iso, now = Date.now()) {
  if (!iso) return '';
  const minutes = Math.round((new Date(iso).getTime() - now) / 60000);
  const span = Math.abs(minutes);
  const text = span < 60 ? `${span} min` : span < 1440 ? `${Math.floor(span / 60)} h ${span % 60} min` : `${Math.floor(span / 1440)} d ${Math.floor((span % 1440) / 60)} h`;
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}

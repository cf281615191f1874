/**
 * Creates an element. Texts are set as text, never as HTML: records carry model output,
 * which must not become markup.
 * @example el('li', { 'data-testid': 'x', class: 'a' }, 'text', el('b', {}, 'bold'))
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  return node;
}

/** Milliseconds as people read them: `850 ms`, `12.4 s`. */
export function duration(ms) {
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

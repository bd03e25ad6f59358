// Building DOM elements: from properties, never with
// innerHTML, so that values from the node (labels, messages) stay text.
// No inline style attributes: the page's Content-Security-Policy forbids
// them; styles go through classes or element.style.

export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes || {}))
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  append(element, children);
  return element;
}

function applyProps(element, props) {
  if (!props) return;
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function')
      element.addEventListener(name.slice(2), value);
    else if (name in element && typeof value !== 'string') element[name] = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

let uniqueCounter = 0;
export function uniqueId(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

// A labelled form control: <div class="field"><label>…</label>control<small/></div>.
export function field(labelText, control, hint) {
  if (!control.id) control.id = uniqueId('field');
  const error = h('small', { class: 'field-error', id: `${control.id}-error` });
  const describedBy = [error.id];
  let hintElement = null;
  if (hint) {
    hintElement = h('small', { class: 'field-hint', id: `${control.id}-hint`, text: hint });
    describedBy.push(hintElement.id);
  }
  control.setAttribute('aria-describedby', describedBy.join(' '));
  return h('div', { class: 'field' },
    h('label', { for: control.id, text: labelText }), control, hintElement, error);
}

export function setFieldError(control, message) {
  const error = document.getElementById(`${control.id}-error`);
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
  if (error) error.textContent = message || '';
}

export function formatBytes(bytes) {
  if (bytes === undefined || bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatTime(rfc3339) {
  if (!rfc3339) return '';
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return date.toLocaleString(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

export function formatAge(rfc3339) {
  const time = Date.parse(rfc3339);
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((Date.now() - time) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return formatTime(rfc3339);
}

export function formatNumber(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(digits);
}

// Short, distinguishable form of a 26-character image id for cards: the
// time part barely changes between neighbours, the random tail does.
export function shortId(id) {
  return id.length > 10 ? `…${id.slice(-8)}` : id;
}

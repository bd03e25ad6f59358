// The command form, built from the operation catalog (GET /v1/operations):
// a list of operations to add, remove and reorder, each parameter an input
// checked by the catalog's rules before the node sees it.

import { h, field, setFieldError, uniqueId } from './dom.js';
import { opsToText } from './images.js';

const MAX_OPERATIONS = 64;
const HEX_COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function rangeText(param, noun) {
  return `${noun} from ${param.min} to ${param.max}`;
}

// The parameter's value from its input's text: {value} (undefined when an
// optional one is left empty) or {error}, worded like the node's messages.
export function checkParam(param, raw, badInput = false) {
  const text = raw.trim();
  if (text === '' && !badInput) {
    if (param.optional) return { value: undefined };
    return { error: `${param.name} is required` };
  }
  switch (param.type) {
    case 'integer': {
      const value = Number(text);
      if (badInput || !/^[+-]?\d+$/.test(text) || value < param.min || value > param.max)
        return { error: `${param.name} must be an ${rangeText(param, 'integer')}` };
      return { value };
    }
    case 'number': {
      const value = Number(text);
      if (badInput || !Number.isFinite(value) || value < param.min || value > param.max)
        return { error: `${param.name} must be a ${rangeText(param, 'number')}` };
      return { value };
    }
    case 'size': {
      const wording = `${param.name} must be pixels from ${param.min} to ${param.max} ` +
        `or a percentage from ${param.min_percent}% to ${param.max_percent}%`;
      if (/^\d+$/.test(text)) {
        const value = Number(text);
        return value < param.min || value > param.max ? { error: wording } : { value };
      }
      if (/^\d+(\.\d+)?%$/.test(text)) {
        const percent = Number(text.slice(0, -1));
        return percent < param.min_percent || percent > param.max_percent ? { error: wording } : { value: text };
      }
      return { error: wording };
    }
    case 'choice':
      return (param.choices || []).includes(text.toLowerCase())
        ? { value: text.toLowerCase() }
        : { error: `${param.name} must be one of ${(param.choices || []).join(', ')}` };
    case 'color': {
      const lower = text.toLowerCase();
      if ((param.choices || []).includes(lower) || HEX_COLOR.test(text)) return { value: lower };
      return { error: `${param.name} must be a color name or #rgb, #rrggbb or #rrggbbaa` };
    }
    case 'text': {
      const bytes = new TextEncoder().encode(text).length;
      const min = param.min_bytes ?? 1;
      const max = param.max_bytes ?? 200;
      if (bytes < min || bytes > max) return { error: `${param.name} must be ${min} to ${max} bytes` };
      if (CONTROL_CHARACTERS.test(text)) return { error: `${param.name} may not hold control characters` };
      return { value: text };
    }
    case 'image': {
      const value = text.toUpperCase();
      if (param.pattern && !new RegExp(param.pattern).test(value))
        return { error: `${param.name} must be an image id (26 characters)` };
      return { value };
    }
    default:
      return { value: text };
  }
}

function defaultHint(param) {
  if (param.default !== undefined) return `default ${param.default}`;
  return param.optional ? 'optional' : '';
}

function paramInput(param, colorListId) {
  const common = { name: param.name, autocomplete: 'off' };
  switch (param.type) {
    case 'integer':
      return h('input', { ...common, type: 'number', step: '1', min: param.min, max: param.max,
        inputmode: 'numeric', placeholder: defaultHint(param) });
    case 'number':
      return h('input', { ...common, type: 'number', step: 'any', min: param.min, max: param.max,
        inputmode: 'decimal', placeholder: defaultHint(param) });
    case 'choice':
      return h('select', common,
        !param.optional ? null
          : h('option', { value: '', text: param.default !== undefined ? `default (${param.default})` : '—' }),
        (param.choices || []).map((choice) => h('option', { value: choice, text: choice })));
    case 'color':
      return h('input', { ...common, type: 'text', list: colorListId, spellcheck: 'false',
        placeholder: defaultHint(param) || 'red or #ff0000' });
    case 'size':
      return h('input', { ...common, type: 'text', inputmode: 'decimal', spellcheck: 'false',
        placeholder: 'e.g. 800 or 50%' });
    case 'image':
      return h('input', { ...common, type: 'text', spellcheck: 'false', maxlength: '26',
        placeholder: '26-character image id' });
    default:
      return h('input', { ...common, type: 'text', placeholder: defaultHint(param) });
  }
}

// options: {catalog (Map), profiles ([{name, ops}]), baseChoices() → [{value, text}],
// submit({ops, base, reuse}) → Promise}. Returns {element, refreshBases()}.
export function buildCommandForm(options) {
  const { catalog } = options;
  const colorListId = uniqueId('colors');
  const rows = h('ol', { class: 'op-list', 'aria-label': 'Operations, applied in this order' });
  const emptyRow = h('p', { class: 'field-hint op-empty', text: 'No operations yet: add one below, or load a profile.' });
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const preview = h('pre', { class: 'mono command-preview', 'aria-label': 'The command in text form' });

  const addSelect = h('select', { id: 'add-op', name: 'add-op' },
    h('option', { value: '', text: 'Choose an operation…' }),
    [...catalog.values()].map((op) => h('option', { value: op.name, text: `${op.name} — ${op.summary}` })));
  const addButton = h('button', { type: 'button', class: 'button', id: 'add-op-button', text: 'Add' });

  const profileSelect = h('select', { id: 'load-profile', name: 'profile' },
    h('option', { value: '', text: 'Choose a profile…' }),
    (options.profiles || []).map((profile) => h('option', { value: profile.name, text: profile.name })));
  const profileButton = h('button', { type: 'button', class: 'button ghost', text: 'Load' });

  const baseSelect = h('select', { id: 'command-base', name: 'base' });
  const reuseBox = h('input', { type: 'checkbox', id: 'command-reuse', name: 'reuse', checked: true });
  const submitButton = h('button', { type: 'submit', class: 'button primary', id: 'command-submit',
    text: 'Run command' });

  // Colour names for every colour parameter, once per form.
  const colorSpec = [...catalog.values()].flatMap((op) => op.params).find((p) => p.type === 'color');
  const colorList = colorSpec
    ? h('datalist', { id: colorListId }, colorSpec.choices.map((name) => h('option', { value: name })))
    : null;

  function addOperation(name, values = {}) {
    const spec = catalog.get(name);
    if (!spec) return null;
    if (rows.children.length >= MAX_OPERATIONS) {
      status.textContent = `A command has at most ${MAX_OPERATIONS} operations.`;
      return null;
    }
    const inputs = spec.params.map((param) => {
      const input = paramInput(param, colorListId);
      const value = values[param.name];
      if (value !== undefined && value !== null) input.value = String(value);
      input.addEventListener('input', () => {
        setFieldError(input, '');
        updatePreview();
      });
      input.addEventListener('change', updatePreview);
      const label = `${param.name}${param.optional ? ' (optional)' : ''}`;
      return { param, input, wrapper: field(label, input, param.description) };
    });
    const moveUp = h('button', { type: 'button', class: 'icon-button', text: '↑' });
    const moveDown = h('button', { type: 'button', class: 'icon-button', text: '↓' });
    const remove = h('button', { type: 'button', class: 'icon-button danger', text: '✕' });
    const row = h('li', { class: 'op-row', dataset: { op: name } },
      h('div', { class: 'op-head' },
        h('span', { class: 'op-name mono', text: name }),
        h('span', { class: 'op-summary', text: spec.summary }),
        h('span', { class: 'op-actions' }, moveUp, moveDown, remove)),
      inputs.length ? h('div', { class: 'op-params' }, inputs.map((each) => each.wrapper)) : null);
    row.spec = spec;
    row.inputs = inputs;
    moveUp.addEventListener('click', () => {
      if (row.previousElementSibling) rows.insertBefore(row, row.previousElementSibling);
      renumber();
      moveUp.focus();
    });
    moveDown.addEventListener('click', () => {
      if (row.nextElementSibling) rows.insertBefore(row.nextElementSibling, row);
      renumber();
      moveDown.focus();
    });
    remove.addEventListener('click', () => {
      const neighbour = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      (neighbour ? neighbour.querySelector('button') : addSelect).focus();
    });
    rows.append(row);
    renumber();
    return row;
  }

  // Buttons name their operation and position, for screen readers.
  function renumber() {
    [...rows.children].forEach((row, index) => {
      const where = `${row.dataset.op} (step ${index + 1})`;
      const [up, down, remove] = row.querySelectorAll('.op-actions button');
      up.setAttribute('aria-label', `Move ${where} up`);
      down.setAttribute('aria-label', `Move ${where} down`);
      remove.setAttribute('aria-label', `Remove ${where}`);
      up.disabled = index === 0;
      down.disabled = index === rows.children.length - 1;
    });
    emptyRow.hidden = rows.children.length > 0;
    updatePreview();
  }

  // The operations as JSON, or the errors found: [{input, message}].
  function collect() {
    const ops = [];
    const errors = [];
    for (const [index, row] of [...rows.children].entries()) {
      const op = { op: row.dataset.op };
      for (const { param, input } of row.inputs) {
        const checked = checkParam(param, input.value, input.validity && input.validity.badInput);
        if (checked.error) {
          const message = `step ${index + 1}, ${row.dataset.op}: ${checked.error}`;
          errors.push({ input, message });
          setFieldError(input, checked.error);
        } else {
          setFieldError(input, '');
          if (checked.value !== undefined) op[param.name] = checked.value;
        }
      }
      ops.push(op);
    }
    return { ops, errors };
  }

  function updatePreview() {
    const ops = [...rows.children].map((row) => {
      const op = { op: row.dataset.op };
      for (const { param, input } of row.inputs) {
        const value = input.value.trim();
        if (value) op[param.name] = value;
      }
      return op;
    });
    preview.textContent = ops.length ? opsToText(ops, catalog) : '(empty)';
  }

  addButton.addEventListener('click', () => {
    if (!addSelect.value) {
      status.textContent = 'Choose an operation to add.';
      addSelect.focus();
      return;
    }
    const row = addOperation(addSelect.value);
    addSelect.value = '';
    const first = row && row.querySelector('input, select');
    if (first) first.focus();
  });

  profileButton.addEventListener('click', () => {
    const profile = (options.profiles || []).find((p) => p.name === profileSelect.value);
    if (!profile) {
      status.textContent = 'Choose a profile to load.';
      profileSelect.focus();
      return;
    }
    rows.replaceChildren();
    for (const op of profile.ops) addOperation(op.op, op);
    status.textContent = `Loaded the profile ${profile.name}: ${profile.ops.length} operations.`;
  });

  const form = h('form', { class: 'command-form', id: 'command-form', novalidate: true },
    colorList,
    rows, emptyRow,
    h('div', { class: 'add-row' },
      field('Add operation', addSelect), addButton),
    h('div', { class: 'add-row' },
      field('Or start from a profile', profileSelect), profileButton),
    h('div', { class: 'form-grid' },
      field('Apply to', baseSelect),
      h('div', { class: 'field check' }, reuseBox,
        h('label', { for: reuseBox.id, text: 'Reuse an equal earlier result' }))),
    h('details', { class: 'command-text' }, h('summary', { text: 'Text form' }), preview),
    h('div', { class: 'form-actions' }, submitButton),
    status);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (rows.children.length === 0) {
      status.textContent = 'Add at least one operation.';
      status.classList.add('error-text');
      addSelect.focus();
      return;
    }
    const { ops, errors } = collect();
    if (errors.length > 0) {
      status.textContent = `Not sent: ${errors[0].message}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : '');
      status.classList.add('error-text');
      errors[0].input.focus();
      return;
    }
    status.classList.remove('error-text');
    const base = baseSelect.value === 'latest' ? undefined
      : baseSelect.value === 'original' ? 'original' : Number(baseSelect.value);
    submitButton.disabled = true;
    status.textContent = 'Sending…';
    try {
      await options.submit({ ops, base, reuse: reuseBox.checked }, {
        progress(text) { status.textContent = text; status.classList.remove('error-text'); },
        failed(text) { status.textContent = text; status.classList.add('error-text'); },
      });
    } finally {
      submitButton.disabled = false;
    }
  });

  function refreshBases() {
    const chosen = baseSelect.value;
    baseSelect.replaceChildren(...options.baseChoices().map((choice) =>
      h('option', { value: choice.value, text: choice.text })));
    if ([...baseSelect.options].some((option) => option.value === chosen)) baseSelect.value = chosen;
  }

  refreshBases();
  renumber();
  return { element: form, refreshBases };
}

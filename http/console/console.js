// The console's entry: who may do what (GET /v1/access and the key prompt),
// hash routing between the views, messages, and the live event stream.

import { api, ApiError, events, onUnauthorized, storeKey, storedKey } from './api.js';
import { h, clear } from './dom.js';
import { mountGallery } from './gallery.js';
import { mountImage } from './image.js';
import { mountCluster } from './cluster.js';

const main = document.getElementById('main');
const keyDialog = document.getElementById('key-dialog');
const keyForm = document.getElementById('key-form');
const keyInput = document.getElementById('key-input');
const keyError = document.getElementById('key-error');
const forgetKeyButton = document.getElementById('forget-key');
const keyName = document.getElementById('key-name');
const clusterNav = document.getElementById('nav-cluster');
const streamState = document.getElementById('stream-state');
const toasts = document.getElementById('toasts');

// What the node lets this key do: {keys_required, scope, key}.
let access = null;
let currentView = null;

// --- messages --------------------------------------------------------------

export function toast(message, kind = 'error') {
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', text: '×' });
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text', text: message }), close);
  const remove = () => item.remove();
  close.addEventListener('click', remove);
  toasts.append(item);
  setTimeout(remove, kind === 'error' ? 10000 : 4000);
  while (toasts.children.length > 5) toasts.firstElementChild.remove();
}

// Shows a failed request readably; a 401 already brought up the key prompt.
export function reportError(error, what) {
  if (error && error.name === 'AbortError') return;
  if (error instanceof ApiError && error.status === 401) return;
  const message = error instanceof ApiError ? error.message : String(error && error.message || error);
  toast(what ? `${what}: ${message}` : message, 'error');
}

// --- access ------------------------------------------------------------------

function showKeyPrompt(message) {
  keyError.textContent = message || '';
  if (!keyDialog.open) {
    keyForm.reset();
    keyError.textContent = message || '';
    keyDialog.showModal();
  }
  keyInput.focus();
}

onUnauthorized(() => {
  const hadKey = Boolean(storedKey());
  events.stop();
  storeKey('');
  showKeyPrompt(hadKey ? 'The node no longer accepts this key. Enter a valid key.' : '');
});

keyDialog.addEventListener('cancel', (event) => {
  // Without a key nothing works: the prompt stays until one is accepted.
  event.preventDefault();
});

keyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) {
    keyError.textContent = 'Enter the API key.';
    return;
  }
  keyError.textContent = 'Checking…';
  try {
    const answer = await api('/v1/access', { key });
    if (!answer.data.scope) {
      keyError.textContent = 'The node does not know this key.';
      keyInput.select();
      return;
    }
    storeKey(key);
    keyDialog.close();
    applyAccess(answer.data);
  } catch (error) {
    keyError.textContent = error.message;
  }
});

forgetKeyButton.addEventListener('click', () => {
  storeKey('');
  events.stop();
  access = null;
  unmountView();
  clear(main).append(h('p', { class: 'notice', text: 'The key was forgotten in this tab.' }));
  startAccess();
});

async function startAccess() {
  try {
    // The node answers without a key too: keys_required, and a null scope
    // when no valid key came with the request.
    const answer = await api('/v1/access');
    if (!answer.data.scope) {
      storeKey('');
      showKeyPrompt('');
      return;
    }
    applyAccess(answer.data);
  } catch (error) {
    clear(main).append(h('div', { class: 'notice error' },
      h('p', { text: error.message }),
      h('button', { type: 'button', class: 'button', text: 'Try again', onclick: startAccess })));
  }
}

function applyAccess(answer) {
  access = {
    keysRequired: Boolean(answer.keys_required),
    scope: answer.scope === 'device' ? 'device' : 'admin',
    key: answer.key || null,
  };
  const admin = access.scope === 'admin';
  clusterNav.hidden = !admin;
  keyName.textContent = access.keysRequired ? `${access.key || 'key'} · ${access.scope}` : '';
  forgetKeyButton.hidden = !access.keysRequired;
  events.start();
  route();
}

// --- routing -------------------------------------------------------------------

// '#/images/ID?v=2' → {path: ['images', 'ID'], query: URLSearchParams}
function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const question = hash.indexOf('?');
  const path = question === -1 ? hash : hash.slice(0, question);
  const query = new URLSearchParams(question === -1 ? '' : hash.slice(question + 1));
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query };
}

function unmountView() {
  if (currentView && currentView.unmount) currentView.unmount();
  currentView = null;
}

function markNav(name) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

const context = {
  get access() { return access; },
  events,
  toast,
  reportError,
  navigate(hash) { location.hash = hash; },
};

function route() {
  if (!access) return;
  const { path, query } = parseHash();
  const previous = currentView;
  unmountView();
  clear(main);
  const container = h('div', { class: 'view' });
  main.append(container);
  if (path.length === 0) {
    markNav('gallery');
    document.title = 'Gallery · caf-node console';
    currentView = mountGallery(container, query, context);
  } else if (path[0] === 'images' && path.length === 2) {
    markNav('gallery');
    document.title = `Image ${path[1]} · caf-node console`;
    currentView = mountImage(container, path[1].toUpperCase(), query, context);
  } else if (path[0] === 'cluster' && path.length === 1) {
    markNav('cluster');
    document.title = 'Cluster · caf-node console';
    currentView = mountCluster(container, context);
  } else {
    markNav('');
    container.append(h('div', { class: 'notice' },
      h('h1', { text: 'Not found' }),
      h('p', {}, 'No page here. ', h('a', { href: '#/', text: 'Back to the gallery' }), '.')));
  }
  // Moving between pages puts the keyboard at the start of the new one.
  if (previous) main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);

events.onState((state) => {
  const labels = { live: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…', offline: 'offline' };
  streamState.textContent = labels[state] || state;
  streamState.dataset.state = state;
});

startAccess();

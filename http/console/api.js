// Talking to the node: requests with the API key as a header, the node's
// error bodies turned into readable errors, signed URLs for <img> and
// downloads, and the event stream read with fetch().

const KEY_STORAGE = 'console.apiKey';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler = () => {};

// Called with the ApiError of every 401, wherever it happened.
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

export function storeKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
  signatures.clear();
}

function authHeaders(key = storedKey()) {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function errorFromResponse(response) {
  let code = 'http_' + response.status;
  let message = `${response.status} ${response.statusText || 'error'}`;
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch (_) {
    // Not the node's JSON (a proxy's page, a cut connection): the status says enough.
  }
  return new ApiError(response.status, code, message);
}

function unreachable(cause) {
  const detail = cause && cause.message ? ` (${cause.message})` : '';
  return new ApiError(0, 'unreachable', `Cannot reach the node${detail}.`);
}

// One request to the API. `expect` lists error statuses the caller handles
// itself: they resolve as {status, data: null} instead of throwing.
// `key` overrides the stored key (checking a key before keeping it).
export async function api(path, options = {}) {
  const { method = 'GET', body, json, text, headers = {}, signal, expect = [], key } = options;
  const requestHeaders = { ...authHeaders(key), ...headers };
  let requestBody = body;
  if (json !== undefined) {
    requestHeaders['Content-Type'] = 'application/json';
    requestBody = JSON.stringify(json);
  } else if (text !== undefined) {
    requestHeaders['Content-Type'] = 'text/plain; charset=utf-8';
    requestBody = text;
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers: requestHeaders, body: requestBody, signal, cache: 'no-store',
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw unreachable(error);
  }
  if (!response.ok) {
    if (expect.includes(response.status)) {
      // Read to the end: a cancelled body shows up as a failed request.
      await response.arrayBuffer();
      return { status: response.status, data: null, response };
    }
    const error = await errorFromResponse(response);
    if (response.status === 401 && key === undefined) unauthorizedHandler(error);
    throw error;
  }
  const type = response.headers.get('Content-Type') || '';
  const data = response.status === 204 ? null
    : type.includes('json') ? await response.json() : await response.text();
  return { status: response.status, data, response };
}

export async function getJson(path, options) {
  return (await api(path, options)).data;
}

// --- signed URLs -----------------------------------------------------------

// Signatures open one image's bytes for SIGNATURE_TTL seconds. Each image's
// is reused until RENEW_BEFORE seconds before it expires, so <img> URLs stay
// the same (and the browser's cache keeps working) for most of its life.
const SIGNATURE_TTL = 600;
const RENEW_BEFORE = 120;
const signatures = new Map();

async function signatureOf(imageId) {
  const now = Date.now() / 1000;
  const known = signatures.get(imageId);
  if (known && (known.pending || known.exp - now > RENEW_BEFORE)) return known.pending || known;
  const pending = getJson(`/v1/images/${imageId}/signature?ttl=${SIGNATURE_TTL}`)
    .then((answer) => {
      const entry = { query: answer.query, exp: answer.exp };
      signatures.set(imageId, entry);
      return entry;
    })
    .catch((error) => {
      signatures.delete(imageId);
      throw error;
    });
  signatures.set(imageId, { pending });
  return pending;
}

// `what`: 'original', 'content' or 'versions/N/content'.
export async function signedUrl(imageId, what) {
  const { query } = await signatureOf(imageId);
  return `/v1/images/${imageId}/${what}?${query}`;
}

// The URL now if the image's signature is known and fresh, else null.
export function freshSignedUrl(imageId, what) {
  const known = signatures.get(imageId);
  if (!known || known.pending || known.exp - Date.now() / 1000 <= RENEW_BEFORE) return null;
  return `/v1/images/${imageId}/${what}?${known.query}`;
}

// <a download> whose signed URL is renewed when clicked after it went stale
// (a page left open longer than the signature lives).
export function downloadLink(imageId, what, props) {
  const link = document.createElement('a');
  for (const [name, value] of Object.entries(props)) link.setAttribute(name, value);
  link.href = '#';
  const refresh = () => signedUrl(imageId, what).then((url) => { link.href = url; });
  refresh().catch(() => {});
  link.addEventListener('click', (event) => {
    const url = freshSignedUrl(imageId, what);
    if (url) {
      link.href = url;
      return;
    }
    event.preventDefault();
    refresh().then(() => link.click()).catch(() => {});
  });
  return link;
}

// --- event stream ------------------------------------------------------------

// Server-Sent Events as the HTML standard parses them, fed chunk by chunk.
export class SseParser {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.buffer = '';
    this.afterCarriageReturn = false;
    this.reset();
    this.lastEventId = '';
    this.retry = null;
  }

  reset() {
    this.data = '';
    this.eventType = '';
  }

  push(chunk) {
    let text = chunk;
    // A CR LF pair split across two chunks is one line end, not two.
    if (this.afterCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.afterCarriageReturn = false;
    this.buffer += text;
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    let match;
    while ((match = lineEnd.exec(this.buffer)) !== null) {
      // A CR at the very end may be the first half of CR LF.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) {
        this.afterCarriageReturn = true;
      }
      this.line(this.buffer.slice(start, match.index));
      start = lineEnd.lastIndex;
    }
    this.buffer = this.buffer.slice(start);
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') this.eventType = value;
    else if (name === 'data') this.data += value + '\n';
    else if (name === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (name === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }

  dispatch() {
    if (this.data === '') {
      this.eventType = '';
      return;
    }
    const message = {
      type: this.eventType || 'message',
      data: this.data.slice(0, -1),
      lastEventId: this.lastEventId,
    };
    this.reset();
    this.onMessage(message);
  }
}

// The node's events, for every view at once. EventSource cannot send the
// Authorization header, so the stream is read with fetch() and parsed here;
// reconnects send Last-Event-ID and back off while the node is away.
export class EventStream {
  constructor() {
    this.listeners = new Set();
    this.stateListeners = new Set();
    this.lastEventId = '';
    this.retryMs = 2000;
    this.failures = 0;
    this.controller = null;
    this.timer = null;
    this.running = false;
    this.interrupted = false;
    this.state = 'offline';
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener) {
    this.stateListeners.add(listener);
    listener(this.state);
  }

  setState(state) {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop() {
    this.running = false;
    clearTimeout(this.timer);
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.setState('offline');
  }

  restart() {
    this.stop();
    this.failures = 0;
    this.start();
  }

  async connect() {
    const controller = new AbortController();
    this.controller = controller;
    this.setState('connecting');
    const headers = { Accept: 'text/event-stream', ...authHeaders() };
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    let receivedAny = false;
    try {
      const response = await fetch(`/v1/events`, {
        headers, signal: controller.signal, cache: 'no-store',
      });
      if (!response.ok) {
        const error = await errorFromResponse(response);
        if (response.status === 401) {
          this.running = false;
          this.setState('offline');
          unauthorizedHandler(error);
          return;
        }
        throw error;
      }
      // Back after an interruption: the node may have restarted, and
      // signatures end with the process that made them.
      if (this.interrupted) signatures.clear();
      this.interrupted = false;
      this.setState('live');
      const parser = new SseParser((message) => {
        receivedAny = true;
        this.deliver(message);
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        // Comments (the heartbeat) prove the connection works as well as events do.
        receivedAny = true;
        parser.push(value);
        if (parser.retry !== null) this.retryMs = parser.retry;
        if (parser.lastEventId) this.lastEventId = parser.lastEventId;
      }
    } catch (error) {
      if (controller.signal.aborted) return;
    }
    if (!this.running || controller !== this.controller) return;
    this.failures = receivedAny ? 0 : this.failures + 1;
    this.interrupted = true;
    this.setState('reconnecting');
    // The node's retry interval, doubled for each attempt in a row that got
    // nothing, at most 30 s; jittered so that many consoles do not return at once.
    const delay = Math.min(30000, this.retryMs * 2 ** this.failures) * (0.75 + Math.random() / 4);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  deliver(message) {
    let event = null;
    try {
      event = JSON.parse(message.data);
    } catch (_) {
      event = null;
    }
    const delivered = { type: message.type, id: message.lastEventId, event };
    for (const listener of this.listeners) {
      try {
        listener(delivered);
      } catch (error) {
        // One view's bug must not stop the others' updates.
        setTimeout(() => { throw error; });
      }
    }
  }
}

export const events = new EventStream();

// --- answers that do not change while the node runs ----------------------------

const constants = new Map();

// The catalog and the profiles are read at the node's start: one request
// per page load is enough.
export function cachedJson(path) {
  if (!constants.has(path)) {
    const pending = getJson(path).catch((error) => {
      constants.delete(path);
      throw error;
    });
    constants.set(path, pending);
  }
  return constants.get(path);
}

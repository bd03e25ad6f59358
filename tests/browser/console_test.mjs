// The web console in headless Chromium against a real caf-node with API
// keys on. Started by console_browser_test.py, which runs the node, uploads
// the samples and passes:
//
//   CONSOLE_URL           the node, e.g. http://127.0.0.1:8080
//   CONSOLE_ADMIN_KEY     a key with the admin scope
//   CONSOLE_DEVICE_KEY    a key with the device scope
//   CONSOLE_LABEL         a label some uploads carry, e.g. station:7
//   CONSOLE_SCREENSHOTS   folder for the screenshots
//   CHROMIUM              the browser (default /usr/bin/chromium)
//
// Each check is one test case, run in order on the same page, as a user
// would go through the console.

import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.CONSOLE_URL || '').replace(/\/+$/, '');
const ADMIN_KEY = process.env.CONSOLE_ADMIN_KEY || '';
const DEVICE_KEY = process.env.CONSOLE_DEVICE_KEY || '';
const LABEL = process.env.CONSOLE_LABEL || 'station:7';
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS || path.join(here, 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SAMPLE = path.join(here, '..', '..', 'docker', 'samples', 'part-0042.jpg');
const OTHER_SAMPLE = path.join(here, '..', '..', 'docker', 'samples', 'station-b.webp');
const WAIT = 20000; // the longest any one step may take
const MAX_WEIGHT = 200 * 1024;

if (!BASE || !ADMIN_KEY || !DEVICE_KEY) {
  console.error('console_test.mjs: set CONSOLE_URL, CONSOLE_ADMIN_KEY and CONSOLE_DEVICE_KEY');
  process.exit(2);
}

// --- the API, from outside the browser --------------------------------------------------

async function apiJson(method, urlPath, { key = ADMIN_KEY, body, headers = {} } = {}) {
  const response = await fetch(BASE + urlPath, {
    method, body, headers: { Authorization: `Bearer ${key}`, ...headers },
  });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : null };
}

async function allImageIds(query = '') {
  const ids = [];
  let before = '';
  for (;;) {
    const { status, data } = await apiJson('GET', `/v1/images?limit=100${query}${before}`);
    assert.equal(status, 200, `GET /v1/images${query} answered ${status}`);
    ids.push(...data.images.map((image) => image.id));
    if (!data.next) return ids;
    before = `&before=${data.next}`;
  }
}

async function upload(file, query) {
  const { status, data } = await apiJson('POST', `/v1/images${query}`, {
    body: await readFile(file), headers: { 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(status, 201, `upload of ${path.basename(file)} answered ${status}`);
  return data;
}

async function clusterNode(id) {
  const { status, data } = await apiJson('GET', '/v1/cluster');
  assert.equal(status, 200, `GET /v1/cluster answered ${status}`);
  return data.nodes.find((node) => node.id === id);
}

// --- what the browser does, recorded for the checks -----------------------------------------

const problems = []; // console errors and warnings, page errors, failed requests
const requestedUrls = [];
const consoleBytes = new Map(); // console file URL → bytes

function watch(page, name) {
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning' && type !== 'warn') return;
    const url = message.location()?.url || '';
    // Chrome logs every answer >= 400 once more as a console error; those
    // are judged by their status below.
    if (/^Failed to load resource: the server responded with a status of \d+/.test(message.text()) && url)
      return;
    problems.push(`${name}: console ${type}: ${message.text()} ${url}`);
  });
  page.on('pageerror', (error) => problems.push(`${name}: page error: ${error.message}`));
  page.on('request', (request) => requestedUrls.push(request.url()));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText || 'failed';
    // The event stream stays open until the page goes: closing it is not a failure.
    if (failure === 'net::ERR_ABORTED' && new URL(request.url()).pathname === '/v1/events') return;
    problems.push(`${name}: request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on('response', async (response) => {
    const url = response.url();
    if (!url.startsWith(BASE)) return;
    const status = response.status();
    if (status >= 400)
      problems.push(`${name}: ${response.request().method()} ${url} answered ${status}`);
    const { pathname } = new URL(url);
    if (status === 200 && (pathname === '/' || pathname.startsWith('/console/'))) {
      try {
        consoleBytes.set(pathname, (await response.buffer()).length);
      } catch (_) {
        // The page moved on before the body was read; the next load counts it.
      }
    }
  });
}

function assertNoProblems(context) {
  assert.deepEqual(problems, [], `${context}: console errors, warnings or failed requests`);
}

// --- page utilities ---------------------------------------------------------------------------

let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

async function waitFor(fn, what, arg, timeout = WAIT) {
  try {
    return await page.waitForFunction(fn, { timeout, polling: 100 }, arg);
  } catch (error) {
    throw new Error(`${what}: not within ${timeout / 1000} s (${error.message.split('\n')[0]})`);
  }
}

async function enterKey(key) {
  await page.waitForSelector('#key-dialog[open] #key-input', { visible: true, timeout: WAIT });
  await page.type('#key-input', key);
  await page.click('#key-submit');
  await page.waitForSelector('#key-dialog:not([open])', { timeout: WAIT });
}

async function go(hash) {
  await page.evaluate((target) => { location.hash = target; }, hash);
}

// Cards in the grid and whether each preview decoded; scrolls to the first
// card still waiting so that lazy previews come into view.
async function galleryState() {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll('#gallery-grid .card')];
    const waiting = cards.find((card) => {
      const img = card.querySelector('.thumb img');
      return !(img && img.complete && img.naturalWidth > 0);
    });
    if (waiting) waiting.scrollIntoView({ block: 'center' });
    else window.scrollTo(0, document.scrollingElement.scrollHeight);
    return { ids: cards.map((card) => card.dataset.id), allDecoded: !waiting,
      notes: cards.filter((card) => card === waiting).map((card) => card.innerText) };
  });
}

async function waitForGallery(expectedIds, what) {
  const expected = [...expectedIds].sort();
  const deadline = Date.now() + WAIT;
  let state;
  for (;;) {
    state = await galleryState();
    if (state.allDecoded && JSON.stringify([...state.ids].sort()) === JSON.stringify(expected)) return state;
    if (Date.now() > deadline) break;
    await page.waitForNetworkIdle({ idleTime: 100, timeout: 1000 }).catch(() => {});
  }
  assert.deepEqual([...state.ids].sort(), expected, `${what}: the cards are not the expected images`);
  assert.ok(state.allDecoded, `${what}: a preview never decoded: ${state.notes.join(' | ')}`);
  return state;
}

// --- the checks -------------------------------------------------------------------------------

describe('web console', { concurrency: 1 }, () => {
  let measuredId;
  let allIds;

  before(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage',
        '--no-first-run', '--no-default-browser-check', '--disable-extensions'],
      timeout: WAIT,
    });
    page = await browser.newPage();
    page.setDefaultTimeout(WAIT);
    await page.setViewport({ width: 1280, height: 800 });
    watch(page, 'admin');
    allIds = await allImageIds();
    const { data } = await apiJson('GET', '/v1/images?profile=qa-measure&limit=1');
    measuredId = data.images[0]?.id;
  });

  after(async () => {
    await browser?.close();
  });

  it('loads without errors and asks for a key', async () => {
    await page.goto(`${BASE}/`, { waitUntil: 'load', timeout: WAIT });
    await page.waitForSelector('#key-dialog[open] #key-input', { visible: true });
    assertNoProblems('first load');
  });

  it('refuses an unknown key with a message', async () => {
    await page.type('#key-input', 'not-a-key-of-this-node');
    await page.click('#key-submit');
    await waitFor(() => /does not know/.test(document.querySelector('#key-error').textContent),
      'the message about the unknown key');
    assert.equal(await page.$eval('#key-dialog', (dialog) => dialog.open), true, 'the prompt stays open');
    await page.$eval('#key-input', (input) => { input.value = ''; });
  });

  it('opens the gallery with the admin key and shows the cluster entry', async () => {
    await enterKey(ADMIN_KEY);
    await page.waitForSelector('#gallery-grid');
    const names = await page.$eval('#key-name', (element) => element.textContent);
    assert.match(names, /admin/, 'the header names the key and its scope');
    assert.equal(await page.$eval('#nav-cluster', (element) => element.hidden), false,
      'the Cluster entry is shown to admins');
  });

  it('shows every stored image with its preview decoded', async () => {
    assert.ok(allIds.length >= 6, `the driver uploaded images (found ${allIds.length})`);
    await waitForGallery(allIds, 'gallery');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('gallery');
  });

  it('parses the event stream as the standard says', async () => {
    const parsed = await page.evaluate(async () => {
      const { SseParser } = await import('/console/api.js');
      const messages = [];
      const parser = new SseParser((message) => messages.push(message));
      // A CR LF split across chunks, multi-line data, comments, an event
      // without data, a field without a value, retry.
      for (const chunk of [': caf-node events\r', '\nretry: 2500\r\n\r\nid: 7\nevent: version.done\n',
        'data: {"a":\ndata:1}\n\n', 'event: ignored\n\n', ': heartbeat\n\ndata\n', '\n', 'id: 8\ndata: x\n\n'])
        parser.push(chunk);
      return { messages, lastEventId: parser.lastEventId, retry: parser.retry };
    });
    assert.deepEqual(parsed.messages, [
      { type: 'version.done', data: '{"a":\n1}', lastEventId: '7' },
      { type: 'message', data: '', lastEventId: '7' },
      { type: 'message', data: 'x', lastEventId: '8' },
    ]);
    assert.equal(parsed.lastEventId, '8');
    assert.equal(parsed.retry, 2500);
  });

  it('reaches the first image with Tab and opens it with Enter', async () => {
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.activeElement?.blur();
    });
    const firstId = await page.$eval('#gallery-grid .card', (card) => card.dataset.id);
    let reached = false;
    for (let presses = 0; presses < 40 && !reached; presses += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('#gallery-grid .card:first-child .card-link'));
      const visible = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return true;
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      });
      assert.ok(visible, `Tab ${presses + 1} stopped on an invisible element`);
    }
    assert.ok(reached, 'Tab never reached the first gallery link');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow);
    assert.notEqual(ring, 'none', 'the focused link has a visible focus ring');
    await page.keyboard.press('Enter');
    await waitFor((id) => location.hash.startsWith(`#/images/${id}`) && document.querySelector('#image-title'),
      'the image page after Enter', firstId);
  });

  it('narrows the gallery to the images with a label', async () => {
    const expected = await allImageIds(`&label=${encodeURIComponent(LABEL)}`);
    assert.ok(expected.length > 0 && expected.length < allIds.length,
      `the driver gave ${LABEL} to some images only (${expected.length} of ${allIds.length})`);
    await go('#/');
    await page.waitForSelector('#gallery-grid .card');
    await page.click('.filter-panel > summary');
    await page.type('.filter-form input[name="label"]', LABEL);
    await page.click('.filter-form button[type="submit"]');
    await waitFor((label) => new URLSearchParams(location.hash.split('?')[1] || '').get('label') === label,
      'the filter in the address', LABEL);
    await waitForGallery(expected, `gallery filtered by ${LABEL}`);
  });

  it('keeps the filter across a reload', async () => {
    const expected = await allImageIds(`&label=${encodeURIComponent(LABEL)}`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#gallery-grid');
    await waitForGallery(expected, 'filtered gallery after a reload');
    assert.equal(await page.$eval('.filter-form input[name="label"]', (input) => input.value), LABEL);
  });

  it('shows a matching upload live, without a reload', async () => {
    await page.evaluate(() => { window.consoleTestMarker = 'still the same page'; });
    const other = await upload(OTHER_SAMPLE, '?label=station:elsewhere');
    const matching = await upload(SAMPLE, `?label=${encodeURIComponent(LABEL)}`);
    allIds.push(other.id, matching.id);
    await waitFor((id) => {
      const img = document.querySelector(`#gallery-grid .card[data-id="${id}"] .thumb img`);
      return img && img.complete && img.naturalWidth > 0;
    }, 'the uploaded image in the gallery with its preview', matching.id);
    const state = await page.evaluate((id) => ({
      marker: window.consoleTestMarker,
      first: document.querySelector('#gallery-grid .card')?.dataset.id,
      other: Boolean(document.querySelector(`#gallery-grid .card[data-id="${id}"]`)),
    }), other.id);
    assert.equal(state.marker, 'still the same page', 'the page was reloaded');
    assert.equal(state.first, matching.id, 'the new image is first');
    assert.equal(state.other, false, 'an upload without the label appeared in the filtered gallery');
  });

  it('reconnects the event stream with Last-Event-ID', async () => {
    const reconnect = page.waitForRequest((request) => new URL(request.url()).pathname === '/v1/events' &&
      request.headers()['last-event-id'], { timeout: WAIT });
    await page.evaluate(async () => {
      const { events } = await import('/console/api.js');
      events.restart();
    });
    const request = await reconnect;
    assert.match(request.headers()['last-event-id'], /^\d+-\d+$/, 'the id of the last event seen');
    assert.equal(request.headers().authorization, `Bearer ${ADMIN_KEY}`, 'the key as a header');
    await waitFor(() => document.querySelector('#stream-state').dataset.state === 'live', 'the stream live again');
  });

  it('uploads files chosen in the upload form', async () => {
    await page.click('.upload-panel > summary');
    const picker = await page.$('.upload-form input[type="file"]');
    await picker.uploadFile(OTHER_SAMPLE);
    await page.select('.upload-form select[name="profile"]', 'thumbnail');
    await page.type('.upload-form input[name="labels"]', `${LABEL}, line:9`);
    const known = await page.$$eval('#gallery-grid .card', (cards) => cards.map((card) => card.dataset.id));
    await page.click('.upload-form button[type="submit"]');
    await waitFor(() => /1 of 1 uploaded/.test(document.querySelector('.upload-progress').textContent),
      'the upload reported done');
    const added = await waitFor((ids) => {
      const card = [...document.querySelectorAll('#gallery-grid .card')].find((each) => !ids.includes(each.dataset.id));
      const img = card?.querySelector('.thumb img');
      return img && img.complete && img.naturalWidth > 0 ? card.dataset.id : null;
    }, 'the uploaded file in the gallery with its preview', known);
    const id = await added.jsonValue();
    allIds.push(id);
    const { data } = await apiJson('GET', `/v1/images/${id}`);
    assert.equal(data.profile, 'thumbnail', 'uploaded with the chosen profile');
    assert.deepEqual(data.labels, Object.fromEntries([LABEL.split(':'), ['line', '9']]), 'uploaded with the labels');
    assert.equal(data.versions.length, 1, 'the profile\'s thumbnail serves as the preview: no other version');
  });

  it('compares the original with a version, with a moving reveal', async () => {
    assert.ok(measuredId, 'the driver uploaded an image with the qa-measure profile');
    await go(`#/images/${measuredId}`);
    await waitFor(() => ['#compare-before', '#compare-after'].every((selector) => {
      const img = document.querySelector(selector);
      return img && img.complete && img.naturalWidth > 0;
    }), 'both images of the comparison decoded');
    const sources = await page.evaluate(() => ({
      before: new URL(document.querySelector('#compare-before').src).pathname,
      after: new URL(document.querySelector('#compare-after').src).pathname,
    }));
    assert.match(sources.before, /\/original$/, 'the left image is the original');
    assert.match(sources.after, /\/versions\/\d+\/content$/, 'the right image is a version');
    const clip = () => page.$eval('.layer-after', (layer) => getComputedStyle(layer).clipPath);
    const middle = await clip();
    await page.focus('#compare-reveal');
    await page.keyboard.press('End');
    const right = await clip();
    await page.keyboard.press('Home');
    const left = await clip();
    assert.notEqual(middle, right, 'the slider moved the reveal');
    assert.match(right, /100%/, 'the reveal at the right end hides the version');
    assert.match(left, /inset\(0(px)?\)|0%/, 'the reveal at the left end shows the version whole');
    await page.click('#mode-side');
    const sideBySide = await page.evaluate(() => {
      const a = document.querySelector('#compare-before').getBoundingClientRect();
      const b = document.querySelector('#compare-after').getBoundingClientRect();
      return a.right <= b.left + 1 && a.width > 0 && b.width > 0;
    });
    assert.ok(sideBySide, 'side by side puts the images next to each other');
    await page.click('#mode-overlay');
  });

  it('downloads through signed URLs that need no key', async () => {
    const href = await waitFor(() => {
      const link = document.querySelector('#download-original');
      return link && link.href.includes('sig=') ? link.href : null;
    }, 'the download link signed');
    const url = await href.jsonValue();
    assert.match(url, /\/original\?exp=\d+&sig=[0-9a-f]+$/, 'a signed URL of the original');
    assert.ok(await page.$eval('#download-original', (link) => link.hasAttribute('download')), 'a download link');
    const answer = await fetch(url);
    assert.equal(answer.status, 200, 'the signed URL opens without a key');
    const { data } = await apiJson('GET', `/v1/images/${measuredId}`);
    assert.equal(Number(answer.headers.get('content-length')), data.bytes, 'the original\'s bytes');
    await answer.arrayBuffer();
  });

  it('zooms to 100 % and back to fit', async () => {
    await page.click('#zoom-actual');
    await waitFor(() => {
      const img = document.querySelector('#compare-before');
      return Math.abs(img.getBoundingClientRect().width - img.naturalWidth) < 1;
    }, 'the original at its natural size');
    const scrolls = await page.$eval('#compare-stage', (stage) =>
      stage.scrollWidth > stage.clientWidth || stage.scrollHeight > stage.clientHeight);
    assert.ok(scrolls, 'the stage scrolls over an image larger than itself');
    await page.click('#zoom-fit');
    await waitFor(() => {
      const img = document.querySelector('#compare-before');
      const stage = document.querySelector('#compare-stage');
      return img.getBoundingClientRect().width <= stage.clientWidth + 1;
    }, 'the original fitted again');
  });

  it('draws the luminance histogram of a measured image', async () => {
    await page.waitForSelector('#histogram-original[data-drawn="true"]');
    const painted = await page.$eval('#histogram-original', (canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let bars = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 50) bars += 1;
      return bars;
    });
    assert.ok(painted > 200, `the histogram has bars (${painted} lit pixels)`);
    await page.$eval('#compare-reveal', (slider) => {
      slider.value = '50';
      slider.dispatchEvent(new Event('input'));
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('image');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'image-full.png'), fullPage: true });
  });

  it('refuses an out-of-range parameter with a readable message', async () => {
    const rowsBefore = await page.$$eval('#versions-table tbody tr[data-version]', (rows) => rows.length);
    await page.select('#add-op', 'rotate');
    await page.click('#add-op-button');
    await page.type('.op-row[data-op="rotate"] input[name="degrees"]', '400');
    await page.click('#command-submit');
    await waitFor(() => /-360 to 360/.test(document.querySelector('#command-form .form-status')?.textContent || ''),
      'the message about the range');
    const message = await page.$eval('#command-form .form-status', (element) => element.textContent);
    assert.match(message, /degrees/, `the message names the parameter: ${message}`);
    const invalid = await page.$eval('.op-row[data-op="rotate"] input[name="degrees"]',
      (input) => input.getAttribute('aria-invalid'));
    assert.equal(invalid, 'true', 'the input is marked invalid');
    const rowsAfter = await page.$$eval('#versions-table tbody tr[data-version]', (rows) => rows.length);
    assert.equal(rowsAfter, rowsBefore, 'no version was made');
    await page.click('.op-row[data-op="rotate"] .op-actions button:last-child');
  });

  it('runs a command from the form and shows the new version without a reload', async () => {
    await page.evaluate(() => { window.consoleTestMarker = 'image page'; });
    const newest = await page.$$eval('#versions-table tbody tr[data-version]',
      (rows) => Math.max(0, ...rows.map((row) => Number(row.dataset.version))));
    await page.select('#add-op', 'grayscale');
    await page.click('#add-op-button');
    await page.select('#command-base', 'original');
    await page.click('#command-submit');
    const expected = newest + 1;
    await waitFor((n) => document.querySelector(`#versions-table tr[data-version="${n}"][data-status="done"]`),
      `version ${expected} done in the list`, expected);
    await waitFor((n) => {
      const img = document.querySelector('#compare-after');
      return img && img.src.includes(`/versions/${n}/content`) && img.complete && img.naturalWidth > 0;
    }, `version ${expected} shown in the comparison`, expected);
    assert.equal(await page.evaluate(() => window.consoleTestMarker), 'image page', 'the page was reloaded');
    const { data } = await apiJson('GET', `/v1/images/${measuredId}/versions/${expected}`);
    assert.deepEqual(data.ops.map((op) => op.op), ['grayscale'], 'the node got the operations of the form');
    assert.equal(data.source, 0, 'the node applied them to the original');
  });

  it('shows the cluster with live charts', async () => {
    const { data: cluster } = await apiJson('GET', '/v1/cluster');
    await go('#/cluster');
    await waitFor((count) => document.querySelectorAll('#node-grid .node-card').length === count,
      'a card for every node', cluster.nodes.length);
    const cards = await page.$$eval('#node-grid .node-card', (elements) => elements.map((card) => ({
      id: card.dataset.node,
      role: card.querySelector('.role').textContent,
      state: card.querySelector('.badge').textContent,
      workers: [...card.querySelectorAll('dt')].find((dt) => dt.textContent === 'Workers')?.nextElementSibling.textContent,
    })));
    for (const node of cluster.nodes) {
      const card = cards.find((each) => each.id === node.id);
      assert.ok(card, `node ${node.id} has a card`);
      assert.equal(card.role, node.role, `node ${node.id}'s role`);
      assert.equal(card.workers, String(node.workers), `node ${node.id}'s workers`);
      assert.equal(card.state, node.state, `node ${node.id}'s state`);
    }
    assert.ok(cards.some((card) => card.role === 'head'), 'the head is listed');
    const workers = cluster.nodes.filter((node) => node.state !== 'down').reduce((sum, node) => sum + node.workers, 0);
    assert.equal(await page.$eval('#stat-workers .stat-value', (element) => element.textContent), String(workers),
      'the summary counts the workers');
    await waitFor(() => [...document.querySelectorAll('.cluster-summary .sparkline polyline.line-jobs')]
      .some((line) => line.getAttribute('points').trim().split(/\s+/).length >= 2),
    'the jobs/s chart with two samples or more', undefined, 3 * WAIT / 2);
    await shot('cluster');
  });

  it('drains a node and undrains it', async () => {
    const { data: cluster } = await apiJson('GET', '/v1/cluster');
    // A worker node if there is one, so the head keeps its role.
    const target = cluster.nodes.find((node) => node.state === 'up' && node.role === 'worker') ||
      cluster.nodes.find((node) => node.state === 'up');
    assert.ok(target, 'a node is up');
    const button = `#node-grid .node-card[data-node="${target.id}"] .drain-button`;
    assert.equal(await page.$eval(button, (element) => element.textContent), 'Drain');
    await page.click(button);
    await waitFor((id) => document.querySelector(`#node-grid .node-card[data-node="${id}"] .badge`)?.textContent === 'draining',
      `node ${target.id} shown draining`, target.id);
    assert.equal((await clusterNode(target.id)).state, 'draining', 'the node says draining too');
    await waitFor((selector) => document.querySelector(selector)?.textContent === 'Undrain' &&
      !document.querySelector(selector).disabled, 'the Undrain button', button);
    await page.click(button);
    await waitFor((id) => document.querySelector(`#node-grid .node-card[data-node="${id}"] .badge`)?.textContent === 'up',
      `node ${target.id} shown up again`, target.id);
    assert.equal((await clusterNode(target.id)).state, 'up', 'the node says up too');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewport({ width: 375, height: 740 });
    for (const [hash, ready] of [['#/', '#gallery-grid .card'], [`#/images/${measuredId}`, '#compare-after'],
      ['#/cluster', '#node-grid .node-card']]) {
      await go(hash);
      await page.waitForSelector(ready);
      await page.evaluate(() => window.scrollTo(0, 0));
      const overflow = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
      }));
      assert.ok(overflow.scrollWidth <= overflow.innerWidth,
        `${hash} is ${overflow.scrollWidth} px wide on a ${overflow.innerWidth} px screen`);
      if (hash === '#/') {
        await waitForGallery(await allImageIds(), 'gallery on a phone');
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot('gallery-phone');
      }
    }
    await page.setViewport({ width: 1280, height: 800 });
  });

  it('forgets the key and asks again', async () => {
    await page.click('#forget-key');
    await page.waitForSelector('#key-dialog[open] #key-input', { visible: true });
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing kept in the tab');
    await enterKey(ADMIN_KEY);
    await page.waitForSelector('#node-grid .node-card'); // the page it was on: the cluster
  });

  it('hides the admin controls from a device key, and the node refuses them', async () => {
    const context = await browser.createBrowserContext();
    const admin = page;
    try {
      page = await context.newPage();
      page.setDefaultTimeout(WAIT);
      await page.setViewport({ width: 1280, height: 800 });
      watch(page, 'device');
      await page.goto(`${BASE}/#/cluster`, { waitUntil: 'load' });
      await enterKey(DEVICE_KEY);
      await page.waitForSelector('.view .notice');
      const view = await page.evaluate(() => ({
        drainButtons: document.querySelectorAll('.drain-button').length,
        clusterNav: document.querySelector('#nav-cluster').hidden,
        text: document.querySelector('.view').innerText,
      }));
      assert.equal(view.drainButtons, 0, 'no drain buttons for a device key');
      assert.equal(view.clusterNav, true, 'no Cluster entry for a device key');
      assert.match(view.text, /admin/, 'the page says the cluster needs an admin key');
      await go(`#/images/${measuredId}`);
      await page.waitForSelector('#compare-after');
      assert.equal(await page.$('#delete-image'), null, 'no delete button for a device key');
      await go('#/');
      await page.waitForSelector('#gallery-grid .card');
      const { data: cluster } = await apiJson('GET', '/v1/cluster');
      const refused = await apiJson('POST', `/v1/cluster/nodes/${encodeURIComponent(cluster.nodes[0].id)}/drain`,
        { key: DEVICE_KEY });
      assert.equal(refused.status, 403, 'the node refuses drain to a device key');
      assert.equal((await clusterNode(cluster.nodes[0].id)).state, cluster.nodes[0].state, 'the node state is unchanged');
    } finally {
      page = admin;
      await context.close();
    }
  });

  it('keeps the console under 200 KB', () => {
    for (const file of ['/', '/console/console.css', '/console/console.js'])
      assert.ok(consoleBytes.has(file), `${file} was loaded`);
    const total = [...consoleBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
    console.log(`# console files: ${[...consoleBytes].map(([file, bytes]) => `${file} ${bytes}`).join(', ')}; total ${total} bytes`);
    assert.ok(total < MAX_WEIGHT, `the console weighs ${total} bytes`);
  });

  it('never puts a key in a URL', () => {
    assert.ok(requestedUrls.length > 20, 'requests were recorded');
    const leaking = requestedUrls.filter((url) => url.includes(ADMIN_KEY) || url.includes(DEVICE_KEY));
    assert.deepEqual(leaking, [], 'URLs with a key');
  });

  it('had no console errors, warnings or failed requests', () => {
    assertNoProblems('the whole run');
  });
});

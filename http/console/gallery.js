// The gallery (#/): images newest first, filtered as GET /v1/images finds
// them, paged as the user scrolls, previews made lazily, new images shown
// as they arrive on the event stream, uploads by picker or drop.

import { api, cachedJson, getJson, signedUrl } from './api.js';
import { h, field, formatAge, shortId } from './dom.js';
import { choosePreview, imageStatus, mergeVersion, requestPreview } from './images.js';

const PAGE_SIZE = 24;
const FILTER_KEYS = ['label', 'uploaded_by', 'profile', 'status', 'since', 'until', 'focus_below'];
const LABEL_PATTERN = /^[a-z0-9_.-]{1,64}:.+$/;
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
// Preview commands at once: the browser has six connections to the node,
// one of them holds the event stream, and images must still load meanwhile.
const PREVIEW_CONCURRENCY = 3;
// A preview made by a profile or another console arrives as an event; if
// the stream is down, the card asks again after this long.
const PREVIEW_RECHECK_MS = 15000;

// --- filters -------------------------------------------------------------------------

// The filter as the hash keeps it (#/?label=station:7&status=done).
function filterFromQuery(query) {
  const filter = new URLSearchParams();
  for (const key of FILTER_KEYS)
    for (const value of query.getAll(key)) if (value) filter.append(key, value);
  return filter;
}

function splitLabels(text) {
  return text.split(/[,\n]/).map((label) => label.trim()).filter(Boolean);
}

function toLocalInput(rfc3339) {
  if (!rfc3339) return '';
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

// datetime-local has no zone: the browser's own, written as UTC.
function fromLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

// The same conditions GET /v1/images applies, for images that arrive live.
// `withoutStatus` judges an image whose versions are not known yet.
function matchesFilter(image, filter, withoutStatus = false) {
  const labels = image.labels || {};
  for (const label of filter.getAll('label')) {
    const colon = label.indexOf(':');
    if (labels[label.slice(0, colon)] !== label.slice(colon + 1)) return false;
  }
  if (filter.has('uploaded_by') && image.uploaded_by !== filter.get('uploaded_by')) return false;
  if (filter.has('profile') && image.profile !== filter.get('profile')) return false;
  if (!withoutStatus && filter.has('status') && imageStatus(image) !== filter.get('status')) return false;
  if (filter.has('focus_below')) return false;
  const created = Date.parse(image.created);
  const since = filter.get('since');
  const until = filter.get('until');
  if (since && (ULID_PATTERN.test(since) ? image.id < since.toUpperCase() : created < Date.parse(since)))
    return false;
  if (until && (ULID_PATTERN.test(until) ? image.id >= until.toUpperCase() : created >= Date.parse(until)))
    return false;
  return true;
}

// --- the view ------------------------------------------------------------------------

export function mountGallery(root, query, context) {
  const filter = filterFromQuery(query);
  const cards = new Map(); // image id → card element
  let next = null;
  let exhausted = false;
  let loading = false;
  let unmounted = false;
  const timers = new Set();

  const previewQueue = [];
  let previewsRunning = 0;

  const grid = h('ul', { class: 'grid', id: 'gallery-grid', 'aria-label': 'Images' });
  const summary = h('p', { class: 'result-summary', role: 'status' });
  const emptyNotice = h('div', { class: 'empty', hidden: true });
  const loadMoreButton = h('button', { type: 'button', class: 'button', text: 'Load more', hidden: true });
  const sentinel = h('div', { class: 'sentinel' }, loadMoreButton);
  const dropOverlay = h('div', { class: 'drop-overlay', 'aria-hidden': 'true' },
    h('p', { text: 'Drop images to upload them' }));
  const filterPanel = buildFilterPanel();
  const upload = buildUploadPanel();

  const view = h('section', { class: 'gallery-view', 'aria-labelledby': 'gallery-title' },
    h('div', { class: 'view-head' },
      h('h1', { id: 'gallery-title', text: 'Images' }), summary),
    h('div', { class: 'toolbar' }, filterPanel, upload.panel),
    grid, emptyNotice, sentinel, dropOverlay);
  root.append(view);

  // --- cards ---

  const cardObserver = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      cardObserver.unobserve(entry.target);
      showPreview(entry.target);
    }
  }, { rootMargin: '300px 0px' });

  const sentinelObserver = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadPage();
  }, { rootMargin: '600px 0px' });
  sentinelObserver.observe(sentinel);
  loadMoreButton.addEventListener('click', loadPage);

  function describe(image) {
    const labels = Object.entries(image.labels || {}).map(([k, v]) => `${k}:${v}`).join(', ');
    return `Image ${image.id}, ${image.format} ${image.width}×${image.height}` +
      (labels ? `, labels ${labels}` : '');
  }

  function makeCard(image) {
    const thumb = h('div', { class: 'thumb' }, h('span', { class: 'thumb-note', text: image.format }));
    const status = h('span', { class: 'badge' });
    const labelList = h('ul', { class: 'chips' });
    const age = h('span', { class: 'age' });
    const link = h('a', { class: 'card-link', href: `#/images/${image.id}`, 'aria-label': describe(image) },
      thumb,
      h('div', { class: 'card-meta' },
        h('span', { class: 'card-id mono', text: shortId(image.id) }), status),
      h('div', { class: 'card-sub' },
        h('span', { text: `${image.format} ${image.width}×${image.height}` }), age),
      labelList);
    const card = h('li', { class: 'card', dataset: { id: image.id } }, link);
    card.image = image;
    card.parts = { thumb, status, labelList, age };
    card.previewState = 'idle';
    refreshCard(card);
    return card;
  }

  function refreshCard(card) {
    const { image } = card;
    const { status, labelList, age } = card.parts;
    const state = imageStatus(image);
    status.textContent = state || 'original';
    status.className = `badge status-${state || 'none'}`;
    age.textContent = formatAge(image.created);
    age.title = image.created;
    labelList.replaceChildren(...Object.entries(image.labels || {}).map(([key, value]) =>
      h('li', { class: 'chip', text: `${key}:${value}` })));
  }

  function setThumbNote(card, text, kind = '') {
    card.parts.thumb.replaceChildren(h('span', { class: `thumb-note ${kind}`, text }));
  }

  function placeCard(card, atTop) {
    cards.set(card.image.id, card);
    if (atTop) {
      // Ids sort by creation time: the card goes before the first older one.
      const older = [...grid.children].find((other) => other.dataset.id < card.image.id);
      grid.insertBefore(card, older || null);
    } else {
      grid.append(card);
    }
    cardObserver.observe(card);
    updateEmpty();
  }

  function addArrived(image) {
    if (unmounted) return;
    const known = cards.get(image.id);
    if (known) {
      // The upload's answer, the event and the image read after it may come in any order.
      for (const version of image.versions || []) updateVersion(known, version);
      return;
    }
    if (!matchesFilter(image, filter)) return;
    // Older than the pages loaded so far: it comes with a later page.
    const last = grid.lastElementChild;
    if (!exhausted && last && image.id < last.dataset.id) return;
    const card = makeCard(image);
    card.classList.add('arrived');
    placeCard(card, true);
    updateSummary();
  }

  // --- previews ---

  function schedulePreview(task) {
    previewQueue.push(task);
    pumpPreviews();
  }

  function pumpPreviews() {
    while (previewsRunning < PREVIEW_CONCURRENCY && previewQueue.length > 0) {
      const task = previewQueue.shift();
      previewsRunning += 1;
      task().finally(() => {
        previewsRunning -= 1;
        pumpPreviews();
      });
    }
  }

  async function showPreview(card) {
    if (unmounted || !card.isConnected || card.previewState === 'loading' ||
        card.previewState === 'shown') return;
    const { image } = card;
    const choice = choosePreview(image);
    if (choice.kind === 'pending') {
      card.previewState = 'waiting';
      setThumbNote(card, 'processing…');
      recheckLater(card);
      return;
    }
    if (choice.kind === 'none' && card.previewRequested) {
      // The node made one and it still is not something a browser shows.
      card.previewState = 'failed';
      setThumbNote(card, image.format, 'warn');
      return;
    }
    if (choice.kind === 'none') {
      card.previewRequested = true;
      card.previewState = 'loading';
      setThumbNote(card, 'making preview…');
      schedulePreview(async () => {
        if (unmounted || !card.isConnected) {
          card.previewState = 'idle';
          return;
        }
        try {
          const version = await requestPreview(image);
          mergeVersion(image, version);
          refreshCard(card);
          card.previewState = 'idle';
          if (version.status === 'failed') {
            card.previewState = 'failed';
            setThumbNote(card, 'no preview', 'warn');
          } else {
            showPreview(card);
          }
        } catch (error) {
          card.previewState = 'failed';
          setThumbNote(card, 'no preview', 'warn');
          context.reportError(error, `Preview of ${image.id}`);
        }
      });
      return;
    }
    card.previewState = 'loading';
    const what = choice.kind === 'original' ? 'original' : `versions/${choice.version.version}/content`;
    try {
      const url = await signedUrl(image.id, what);
      if (unmounted) return;
      const img = h('img', { alt: '', loading: 'lazy', decoding: 'async', src: url });
      img.addEventListener('error', () => {
        card.previewState = 'failed';
        setThumbNote(card, 'cannot show', 'warn');
      }, { once: true });
      card.parts.thumb.replaceChildren(img);
      card.previewState = 'shown';
    } catch (error) {
      card.previewState = 'failed';
      setThumbNote(card, 'no preview', 'warn');
      context.reportError(error, `Preview of ${image.id}`);
    }
  }

  function recheckLater(card) {
    const timer = setTimeout(async () => {
      timers.delete(timer);
      if (unmounted || card.previewState !== 'waiting') return;
      try {
        card.image = await getJson(`/v1/images/${card.image.id}`);
        refreshCard(card);
        card.previewState = 'idle';
        showPreview(card);
      } catch (error) {
        context.reportError(error, `Image ${card.image.id}`);
      }
    }, PREVIEW_RECHECK_MS);
    timers.add(timer);
  }

  // --- pages ---

  function apiQuery() {
    const params = new URLSearchParams(filter);
    params.set('limit', String(PAGE_SIZE));
    if (next) params.set('before', next);
    return params;
  }

  async function loadPage() {
    if (loading || exhausted || unmounted) return;
    loading = true;
    loadMoreButton.disabled = true;
    try {
      const answer = await getJson(`/v1/images?${apiQuery()}`);
      if (unmounted) return;
      for (const image of answer.images) {
        if (!cards.has(image.id)) placeCard(makeCard(image), false);
      }
      next = answer.next;
      exhausted = !next;
    } catch (error) {
      if (!unmounted) {
        exhausted = true;
        emptyNotice.hidden = false;
        emptyNotice.replaceChildren(h('p', { class: 'error-text', role: 'alert', text: error.message }));
        context.reportError(error, 'Loading images');
      }
      return;
    } finally {
      loading = false;
      loadMoreButton.disabled = false;
      loadMoreButton.hidden = exhausted;
    }
    updateSummary();
    updateEmpty();
    // A short first page may leave the sentinel in view: the observer does
    // not fire again for an element that stays visible.
    if (!exhausted && sentinel.getBoundingClientRect().top < window.innerHeight + 600)
      setTimeout(loadPage, 0);
  }

  function updateSummary() {
    const count = cards.size;
    const more = exhausted ? '' : '+';
    const filtered = filterCount() > 0 ? ' matching the filters' : '';
    summary.textContent = `${count}${more} image${count === 1 && !more ? '' : 's'}${filtered}`;
  }

  function updateEmpty() {
    if (!exhausted || cards.size > 0) {
      emptyNotice.hidden = true;
      return;
    }
    emptyNotice.hidden = false;
    if (filterCount() > 0) {
      emptyNotice.replaceChildren(h('p', {}, 'No image matches these filters. ',
        h('a', { href: '#/', text: 'Show all images' }), '.'));
    } else {
      upload.panel.open = true;
      const header = context.access.keysRequired ? "-H 'Authorization: Bearer KEY' " : '';
      emptyNotice.replaceChildren(
        h('h2', { text: 'No images yet' }),
        h('p', { text: 'Add some with “Upload images” above, or drop image files anywhere on this page. ' +
          'Cameras and scripts upload with a POST of the file to /v1/images, for example:' }),
        h('pre', { class: 'mono' },
          `curl --data-binary @frame.jpg ${header}\\\n  '${location.origin}/v1/images?label=station:7'`),
        h('p', { text: 'New images appear here as they arrive.' }));
    }
  }

  function filterCount() {
    return [...new Set(filter.keys())].length;
  }

  // --- filter panel ---

  function buildFilterPanel() {
    const labelInput = h('input', { type: 'text', name: 'label', placeholder: 'station:7, line:3',
      value: filter.getAll('label').join(', '), autocomplete: 'off', spellcheck: 'false' });
    const uploaderInput = h('input', { type: 'text', name: 'uploaded_by', placeholder: 'key name',
      value: filter.get('uploaded_by') || '', autocomplete: 'off' });
    const profileSelect = h('select', { name: 'profile' }, h('option', { value: '', text: 'any' }));
    const statusSelect = h('select', { name: 'status' },
      ['', 'pending', 'done', 'failed'].map((value) =>
        h('option', { value, text: value || 'any', selected: filter.get('status') === value })));
    const sinceInput = h('input', { type: 'datetime-local', name: 'since',
      value: toLocalInput(filter.get('since')) });
    const untilInput = h('input', { type: 'datetime-local', name: 'until',
      value: toLocalInput(filter.get('until')) });
    const focusInput = h('input', { type: 'number', name: 'focus_below', min: '0', step: 'any',
      inputmode: 'decimal', value: filter.get('focus_below') || '' });
    const formError = h('p', { class: 'form-error', role: 'alert' });

    cachedJson('/v1/profiles').then((answer) => {
      for (const profile of answer.profiles)
        profileSelect.append(h('option', { value: profile.name, text: profile.name,
          selected: filter.get('profile') === profile.name }));
      // A profile in the hash that the node no longer has is still shown.
      const wanted = filter.get('profile');
      if (wanted && !answer.profiles.some((p) => p.name === wanted))
        profileSelect.append(h('option', { value: wanted, text: wanted, selected: true }));
    }).catch((error) => context.reportError(error, 'Profiles'));

    const form = h('form', { class: 'filter-form', novalidate: true },
      field('Labels (KEY:VALUE, all must match)', labelInput),
      field('Uploaded by', uploaderInput),
      field('Profile', profileSelect),
      field('Status of newest version', statusSelect),
      field('Created from', sinceInput),
      field('Created before', untilInput),
      field('Focus below', focusInput),
      formError,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button primary', text: 'Apply filters' }),
        h('a', { class: 'button ghost', href: '#/', text: 'Clear' })));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      const labels = splitLabels(labelInput.value);
      const bad = labels.find((label) => !LABEL_PATTERN.test(label));
      if (bad) {
        formError.textContent = `“${bad}” is not a label: write KEY:VALUE, the key in a-z 0-9 _ . -`;
        labelInput.focus();
        return;
      }
      for (const label of labels) params.append('label', label);
      const simple = { uploaded_by: uploaderInput.value.trim(), profile: profileSelect.value,
        status: statusSelect.value, since: fromLocalInput(sinceInput.value),
        until: fromLocalInput(untilInput.value), focus_below: focusInput.value.trim() };
      for (const [key, value] of Object.entries(simple)) if (value) params.set(key, value);
      if (simple.since && simple.until && simple.since >= simple.until) {
        formError.textContent = '“Created from” must be before “Created before”.';
        sinceInput.focus();
        return;
      }
      const text = params.toString();
      context.navigate(text ? `#/?${text}` : '#/');
    });

    const active = filterCount();
    return h('details', { class: 'panel filter-panel', open: active > 0 },
      h('summary', { text: active > 0 ? `Filters (${active})` : 'Filters' }), form);
  }

  // --- uploads ---

  function buildUploadPanel() {
    const fileInput = h('input', { type: 'file', name: 'image', multiple: true,
      accept: 'image/*,.heic,.heif,.avif,.jxl,.tif,.tiff' });
    const profileSelect = h('select', { name: 'profile' }, h('option', { value: '', text: 'none' }));
    const labelInput = h('input', { type: 'text', name: 'labels', placeholder: 'station:7, line:3',
      autocomplete: 'off', spellcheck: 'false' });
    const progress = h('p', { class: 'upload-progress', role: 'status' });
    const submit = h('button', { type: 'submit', class: 'button primary', text: 'Upload' });

    cachedJson('/v1/profiles').then((answer) => {
      for (const profile of answer.profiles)
        profileSelect.append(h('option', { value: profile.name, text: profile.name }));
    }).catch(() => {});

    const form = h('form', { class: 'upload-form', novalidate: true },
      field('Image files', fileInput),
      field('Profile (run at upload)', profileSelect),
      field('Labels', labelInput, 'KEY:VALUE, separated by commas'),
      h('div', { class: 'form-actions' }, submit,
        h('span', { class: 'field-hint', text: 'or drop files on the gallery' })),
      progress);

    async function uploadFiles(files) {
      const labels = splitLabels(labelInput.value);
      const bad = labels.find((label) => !LABEL_PATTERN.test(label));
      if (bad) {
        progress.textContent = `“${bad}” is not a label: write KEY:VALUE.`;
        return;
      }
      const params = new URLSearchParams();
      if (profileSelect.value) params.set('profile', profileSelect.value);
      for (const label of labels) params.append('label', label);
      const query = params.toString() ? `?${params}` : '';
      submit.disabled = true;
      let stored = 0;
      const list = [...files];
      for (const [index, file] of list.entries()) {
        progress.textContent = `Uploading ${index + 1} of ${list.length}: ${file.name}…`;
        try {
          const answer = await api(`/v1/images${query}`, {
            method: 'POST', body: file,
            headers: { 'Content-Type': file.type || 'application/octet-stream' },
          });
          stored += 1;
          addArrived(answer.data);
        } catch (error) {
          context.reportError(error, `Upload of ${file.name}`);
        }
      }
      submit.disabled = false;
      progress.textContent = `${stored} of ${list.length} uploaded.`;
      if (stored > 0) fileInput.value = '';
    }

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (fileInput.files.length === 0) {
        progress.textContent = 'Choose one or more image files first.';
        fileInput.focus();
        return;
      }
      uploadFiles(fileInput.files);
    });

    const panel = h('details', { class: 'panel upload-panel' },
      h('summary', { text: 'Upload images' }), form);
    return { panel, uploadFiles };
  }

  // Dropping files anywhere on the gallery uploads them with the panel's settings.
  let dragDepth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');
  view.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dragDepth += 1;
    view.classList.add('dropping');
  });
  view.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  view.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) view.classList.remove('dropping');
  });
  view.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dragDepth = 0;
    view.classList.remove('dropping');
    upload.uploadFiles(event.dataTransfer.files);
  });

  // --- live ---

  async function fetchAndAdd(imageId) {
    try {
      addArrived(await getJson(`/v1/images/${imageId}`));
    } catch (error) {
      if (error.status !== 404) context.reportError(error, `Image ${imageId}`);
    }
  }

  function reload() {
    for (const card of cards.values()) card.remove();
    cards.clear();
    next = null;
    exhausted = false;
    loadPage();
  }

  const unsubscribe = context.events.subscribe(({ type, event }) => {
    if (unmounted) return;
    if (type === 'missed') {
      reload();
      return;
    }
    if (!event || !event.image) return;
    const card = cards.get(event.image);
    if (type === 'image.deleted') {
      if (card) {
        card.remove();
        cards.delete(event.image);
        updateSummary();
        updateEmpty();
      }
      return;
    }
    if (type === 'image.created') {
      // The event's image comes without its versions: a profile's is
      // already queued, and the status filter and the preview need it.
      if (event.data && matchesFilter(event.data, filter, true)) fetchAndAdd(event.image);
      return;
    }
    if (type === 'version.done' || type === 'version.failed') {
      if (!card) {
        if (filter.has('status')) fetchAndAdd(event.image);
        return;
      }
      updateVersion(card, event.data);
    }
  });

  function updateVersion(card, version) {
    mergeVersion(card.image, version);
    refreshCard(card);
    if (card.previewState === 'waiting' || card.previewState === 'failed') {
      card.previewState = 'idle';
      showPreview(card);
    }
  }

  const ageTimer = setInterval(() => {
    for (const card of cards.values()) refreshCard(card);
  }, 30000);

  loadPage();

  return {
    unmount() {
      unmounted = true;
      unsubscribe();
      cardObserver.disconnect();
      sentinelObserver.disconnect();
      clearInterval(ageTimer);
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

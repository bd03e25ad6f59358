// The image page (#/images/{ID}): the original compared with a chosen
// version, the versions, the measurements, downloads, and the command form.

import { api, cachedJson, downloadLink, getJson, signedUrl } from './api.js';
import { h, formatBytes, formatNumber, formatTime, shortId } from './dom.js';
import { buildCommandForm } from './commands.js';
import { catalogMap, extensionOf, isPending, isPreviewCommand, mergeVersion, opsToText,
  showsInBrowser } from './images.js';

const FOLLOW_TIMEOUT_MS = 120000;
const FOLLOW_POLL_MS = 1000;

export function mountImage(root, imageId, query, context) {
  let image = null;
  let catalog = null;
  let unmounted = false;
  const followers = new Map(); // version number → resolve(version)
  const timers = new Set();

  root.append(h('p', { class: 'loading', text: 'Loading image…' }));

  // --- lookups ---

  function versionOf(number) {
    return (image.versions || []).find((v) => v.version === number);
  }

  function doneVersions() {
    return (image.versions || []).filter((v) => v.status === 'done').sort((a, b) => b.version - a.version);
  }

  // A source for the compare view: 'original' or a version number.
  function sourceInfo(which) {
    if (which === 'original')
      return { what: 'original', label: 'Original', format: image.format, width: image.width,
        height: image.height };
    const version = versionOf(which);
    if (!version || version.status !== 'done') return null;
    return { what: `versions/${version.version}/content`, label: `Version ${version.version}`,
      format: version.format, width: version.width, height: version.height };
  }

  function defaultAfter() {
    const done = doneVersions();
    const edited = done.find((v) => !isPreviewCommand(v.ops));
    return (edited || done[0] || {}).version || null;
  }

  function later(fn, ms) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    return timer;
  }

  // --- page skeleton, filled once the image is known ---

  const compare = buildCompare();
  const versionsBody = h('tbody');
  const measurements = h('div', { class: 'measurements-list' });
  const headSection = h('header', { class: 'image-head' });
  let commandForm = null;
  const commandSlot = h('div', { class: 'command-slot' });

  async function load() {
    try {
      const [loaded, operations, profiles] = await Promise.all([
        api(`/v1/images/${imageId}`, { expect: [404] }),
        cachedJson('/v1/operations'),
        cachedJson('/v1/profiles'),
      ]);
      if (unmounted) return;
      if (loaded.status === 404) {
        root.replaceChildren(h('div', { class: 'notice' },
          h('h1', { text: 'No such image' }),
          h('p', {}, `The node has no image ${imageId}. `, h('a', { href: '#/', text: 'Back to the gallery' }), '.')));
        return;
      }
      image = loaded.data;
      catalog = catalogMap(operations);
      render(profiles.profiles || []);
    } catch (error) {
      if (unmounted) return;
      root.replaceChildren(h('div', { class: 'notice error' }, h('p', { text: error.message }),
        h('button', { type: 'button', class: 'button', text: 'Try again', onclick: () => load() })));
      context.reportError(error, 'Loading the image');
    }
  }

  function render(profiles) {
    commandForm = buildCommandForm({
      catalog,
      profiles,
      baseChoices: () => [
        { value: 'latest', text: 'the newest done version (latest)' },
        { value: 'original', text: 'the original' },
        ...doneVersions().map((v) => ({ value: String(v.version), text: `version ${v.version}` })),
      ],
      submit: submitCommand,
    });
    commandSlot.replaceChildren(commandForm.element);

    root.replaceChildren(h('section', { class: 'image-view', 'aria-labelledby': 'image-title' },
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
        h('a', { href: '#/', text: 'Gallery' }), h('span', { 'aria-hidden': 'true', text: ' / ' }),
        h('span', { class: 'mono', text: image.id })),
      headSection,
      compare.element,
      h('div', { class: 'image-columns' },
        h('section', { class: 'panel-block versions-block', 'aria-labelledby': 'versions-title' },
          h('h2', { id: 'versions-title', text: 'Versions' }),
          h('div', { class: 'table-scroll' },
            h('table', { class: 'versions-table', id: 'versions-table' },
              h('thead', {}, h('tr', {},
                ['#', 'Status', 'Operations', 'Applied to', 'Result', 'Node', 'Attempts', 'Timing', ''].map((title) =>
                  h('th', { scope: 'col', text: title })))),
              versionsBody))),
        h('section', { class: 'panel-block', 'aria-labelledby': 'measure-title' },
          h('h2', { id: 'measure-title', text: 'Measurements' }), measurements),
        h('section', { class: 'panel-block command-block', 'aria-labelledby': 'command-title' },
          h('h2', { id: 'command-title', text: 'New version' }),
          h('p', { class: 'field-hint', text: 'Operations run in order on the chosen source; the result becomes the next version.' }),
          commandSlot))));

    renderHead();
    renderVersions();
    const wanted = Number(query.get('v'));
    compare.choose('original', versionOf(wanted)?.status === 'done' ? wanted : defaultAfter());
    renderMeasurements();
  }

  // --- head: what the image is, downloads ---

  function renderHead() {
    const labels = Object.entries(image.labels || {});
    const download = downloadLink(image.id, 'original', { class: 'button', id: 'download-original',
      download: `${image.id}.${extensionOf(image.format)}` });
    download.textContent = 'Download original';
    const actions = h('div', { class: 'head-actions' }, download);
    if (context.access.scope === 'admin') {
      actions.append(h('button', { type: 'button', class: 'button danger', id: 'delete-image',
        text: 'Delete image', onclick: deleteImage }));
    }
    const facts = [
      ['Format', `${image.format} ${image.width}×${image.height}`],
      ['Size', formatBytes(image.bytes)],
      ['Uploaded', formatTime(image.created)],
      ['Uploaded by', image.uploaded_by || '—'],
      ['Profile', image.profile || '—'],
    ];
    headSection.replaceChildren(
      h('div', { class: 'head-title' },
        h('h1', { id: 'image-title' }, 'Image ', h('span', { class: 'mono', text: image.id })),
        actions),
      h('dl', { class: 'facts' }, facts.map(([term, value]) => h('div', {},
        h('dt', { text: term }), h('dd', { text: value }))),
      h('div', {}, h('dt', { text: 'Labels' }), h('dd', {},
        labels.length ? h('ul', { class: 'chips' }, labels.map(([k, v]) => h('li', { class: 'chip', text: `${k}:${v}` })))
          : 'none'))));
  }

  async function deleteImage() {
    // eslint-disable-next-line no-alert
    if (!window.confirm(`Delete image ${image.id} and all its versions? This cannot be undone.`)) return;
    try {
      await api(`/v1/images/${image.id}`, { method: 'DELETE' });
      context.toast(`Image ${image.id} deleted.`, 'info');
      context.navigate('#/');
    } catch (error) {
      context.reportError(error, 'Delete');
    }
  }

  // --- versions ---

  function timing(version) {
    const parts = [];
    if (version.took_ms !== undefined) parts.push(`took ${version.took_ms} ms`);
    const created = Date.parse(version.created);
    const started = Date.parse(version.started);
    const finished = Date.parse(version.finished);
    if (!Number.isNaN(started) && !Number.isNaN(created)) parts.push(`waited ${started - created} ms`);
    if (!Number.isNaN(finished) && !Number.isNaN(created)) parts.push(`done ${finished - created} ms after submission`);
    parts.push(formatTime(version.created));
    return parts.join(' · ');
  }

  function renderVersions() {
    const versions = [...(image.versions || [])].sort((a, b) => b.version - a.version);
    if (versions.length === 0) {
      versionsBody.replaceChildren(h('tr', {}, h('td', { colspan: '9', class: 'empty-cell',
        text: 'No versions yet: run a command below.' })));
    } else {
      versionsBody.replaceChildren(...versions.map(versionRow));
    }
    commandForm?.refreshBases();
    compare.refreshChoices();
  }

  function versionRow(version) {
    const applied = version.source === null || version.source === undefined
      ? `${version.base} (when it starts)`
      : version.source === 0 ? 'original' : `version ${version.source}`;
    const result = version.status === 'done'
      ? `${version.format} ${version.width}×${version.height}, ${formatBytes(version.bytes)}` : '';
    const notes = [];
    if (version.reused_from) {
      const from = version.reused_from;
      notes.push(h('div', { class: 'field-hint' }, 'reused the result of ', from.image === image.id
        ? `version ${from.version}`
        : h('a', { href: `#/images/${from.image}?v=${from.version}`, text: `${shortId(from.image)} v${from.version}` })));
    }
    if (version.error)
      notes.push(h('div', { class: 'error-text', text: `${version.error.code}: ${version.error.message}` }));
    if (version.submitted_by)
      notes.push(h('div', { class: 'field-hint', text: `by ${version.submitted_by}` }));
    const actions = h('td', { class: 'row-actions' });
    if (version.status === 'done') {
      const show = h('button', { type: 'button', class: 'button small', text: 'Compare',
        'aria-label': `Compare version ${version.version} with the original` });
      show.addEventListener('click', () => {
        compare.choose(null, version.version);
        compare.element.scrollIntoView({ block: 'nearest' });
      });
      const download = downloadLink(image.id, `versions/${version.version}/content`, {
        class: 'button small ghost', 'aria-label': `Download version ${version.version}`,
        download: `${image.id}-v${version.version}.${extensionOf(version.format)}` });
      download.textContent = 'Download';
      actions.append(show, download);
    }
    // data-label names each cell where narrow screens show rows as blocks.
    const cell = (label, props, ...children) => h('td', { ...props, dataset: { label } }, ...children);
    return h('tr', { dataset: { version: String(version.version), status: version.status } },
      h('th', { scope: 'row', text: String(version.version) }),
      cell('Status', {}, h('span', { class: `badge status-${isPending(version) ? 'pending' : version.status}`, text: version.status })),
      cell('Operations', {}, h('pre', { class: 'mono ops', text: opsToText(version.ops, catalog) }), notes),
      cell('Applied to', { text: applied }),
      cell('Result', { text: result }),
      cell('Node', { class: 'mono', text: version.node || '' }),
      cell('Attempts', { text: version.attempts !== undefined ? String(version.attempts) : '' }),
      cell('Timing', { class: 'timing', text: timing(version) }),
      actions);
  }

  // --- commands ---

  // `side`: where the new version shows once done, 'after' (right) or 'before' (left).
  async function submitCommand({ ops, base, reuse }, report, side = 'after') {
    const params = new URLSearchParams({ wait: '0' });
    if (!reuse) params.set('reuse', 'false');
    const body = { ops };
    if (base !== undefined) body.base = base;
    let version;
    try {
      version = (await api(`/v1/images/${image.id}/commands?${params}`, { method: 'POST', json: body })).data;
    } catch (error) {
      report.failed(`Refused: ${error.message}`);
      return null;
    }
    mergeVersion(image, version);
    renderVersions();
    report.progress(`Version ${version.version} is ${version.status}…`);
    const settled = await followVersion(version.version);
    if (unmounted) return null;
    if (!settled) {
      report.failed(`Version ${version.version} has not finished after ${FOLLOW_TIMEOUT_MS / 1000} s; the list updates when it does.`);
      return null;
    }
    if (settled.status === 'done') {
      const took = settled.reused_from ? 'reused an equal earlier result' : `took ${settled.took_ms} ms`;
      report.progress(`Version ${settled.version} is done (${took}).`);
      if (side === 'before') compare.choose(settled.version, null);
      else compare.choose(null, settled.version);
      renderMeasurements();
    } else {
      report.failed(`Version ${settled.version} failed: ${settled.error ? settled.error.message : 'no reason given'}`);
    }
    return settled;
  }

  // Until the version is done or failed: the event stream usually says so
  // first; polling covers a stream that is down.
  function followVersion(number) {
    return new Promise((resolve) => {
      const deadline = Date.now() + FOLLOW_TIMEOUT_MS;
      let timer = null;
      const finish = (version) => {
        clearTimeout(timer);
        timers.delete(timer);
        followers.delete(number);
        resolve(version);
      };
      followers.set(number, finish);
      const poll = async () => {
        if (unmounted) return finish(null);
        const known = versionOf(number);
        if (known && !isPending(known)) return finish(known);
        if (Date.now() > deadline) return finish(null);
        try {
          const version = await getJson(`/v1/images/${image.id}/versions/${number}`);
          if (unmounted) return finish(null);
          mergeVersion(image, version);
          if (!isPending(version)) {
            renderVersions();
            return finish(versionOf(number));
          }
        } catch (error) {
          if (error.status === 404) return finish(null);
        }
        if (followers.has(number)) timer = later(poll, FOLLOW_POLL_MS);
        return undefined;
      };
      const current = versionOf(number);
      if (current && !isPending(current)) finish(current);
      else timer = later(poll, FOLLOW_POLL_MS);
    });
  }

  // --- measurements ---

  function measuresOriginal(version) {
    return version.status === 'done' && version.source === 0 && version.ops?.[0]?.op === 'stats';
  }

  async function renderMeasurements() {
    const targets = [];
    if ((image.versions || []).some(measuresOriginal))
      targets.push({ title: 'Original', path: `/v1/images/${image.id}/stats`, id: 'original' });
    const after = versionOf(compare.afterChoice());
    if (after && after.status === 'done' && after.ops?.some((op) => op.op === 'stats') && !measuresOriginal(after))
      targets.push({ title: `Version ${after.version}`, path: `/v1/images/${image.id}/versions/${after.version}/stats`,
        id: `v${after.version}` });
    if (targets.length === 0) {
      const measure = h('button', { type: 'button', class: 'button', id: 'measure-original', text: 'Measure the original' });
      const note = h('p', { class: 'form-status', role: 'status' });
      measure.addEventListener('click', async () => {
        measure.disabled = true;
        await submitCommand({ ops: [{ op: 'stats' }], base: 'original', reuse: true }, {
          progress(text) { note.textContent = text; },
          failed(text) { note.textContent = text; },
        });
        measure.disabled = false;
      });
      measurements.replaceChildren(h('p', { class: 'field-hint',
        text: 'No measurements yet. The stats operation (or the qa-measure profile) measures focus, noise, clipping and the histogram.' }),
      measure, note);
      return;
    }
    const cards = await Promise.all(targets.map(async (target) => {
      try {
        const answer = await api(target.path, { expect: [404, 409] });
        if (!answer.data) return h('p', { class: 'field-hint', text: `${target.title}: no measurements.` });
        return measurementCard(target, answer.data);
      } catch (error) {
        return h('p', { class: 'error-text', text: `${target.title}: ${error.message}` });
      }
    }));
    if (!unmounted) measurements.replaceChildren(...cards);
  }

  function measurementCard(target, stats) {
    const canvas = h('canvas', { class: 'histogram', id: `histogram-${target.id}`, width: 512, height: 160,
      role: 'img' });
    drawHistogram(canvas, stats.luminance_histogram || []);
    const percent = (value) => (value === undefined ? '–' : `${(value * 100).toFixed(2)} %`);
    const figures = [
      ['Measured', `${stats.width}×${stats.height}`],
      ['Focus', formatNumber(stats.focus)],
      ['Noise', formatNumber(stats.noise, 2)],
      ['Clipped shadows', percent(stats.clipped_shadows)],
      ['Clipped highlights', percent(stats.clipped_highlights)],
      ['After', stats.after && stats.after.length ? opsToText(stats.after, catalog).replace(/\n/g, ', ') : 'nothing (as decoded)'],
    ];
    return h('figure', { class: 'measurement', dataset: { target: target.id } },
      h('figcaption', { text: target.title }),
      canvas,
      h('dl', { class: 'facts compact' }, figures.map(([term, value]) =>
        h('div', {}, h('dt', { text: term }), h('dd', { text: value })))),
      h('div', { class: 'table-scroll' }, h('table', { class: 'channels' },
        h('thead', {}, h('tr', {}, ['Channel', 'Mean', 'Std dev', 'Min', 'Max'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, (stats.channels || []).map((channel) => h('tr', {},
          h('th', { scope: 'row', text: channel.name }),
          ['mean', 'stddev', 'min', 'max'].map((key) => h('td', { text: formatNumber(channel[key], 3) }))))))));
  }

  // 256 bins of luminance. Bins 0 and 255 collect every clipped pixel and
  // would flatten the rest; the scale comes from bins 1..254 and the ends
  // are drawn cut off at the top.
  function drawHistogram(canvas, bins) {
    const context2d = canvas.getContext('2d');
    const { width, height } = canvas;
    context2d.clearRect(0, 0, width, height);
    const inner = bins.slice(1, 255);
    const peak = Math.max(1, ...inner, ...(inner.every((v) => v === 0) ? bins : []));
    const barWidth = width / 256;
    context2d.fillStyle = '#20242a';
    context2d.fillRect(0, 0, width, height);
    for (let i = 0; i < bins.length; i += 1) {
      const barHeight = Math.min(1, bins[i] / peak) * (height - 4);
      const shade = Math.round(60 + (i / 255) * 180);
      context2d.fillStyle = `rgb(${shade}, ${shade}, ${shade})`;
      context2d.fillRect(i * barWidth, height - barHeight, Math.max(1, barWidth), barHeight);
    }
    const total = bins.reduce((a, b) => a + b, 0);
    let seen = 0;
    let median = 0;
    for (let i = 0; i < bins.length; i += 1) {
      seen += bins[i];
      if (seen * 2 >= total) {
        median = i;
        break;
      }
    }
    canvas.setAttribute('aria-label', `Luminance histogram of ${total} pixels, median level ${median} of 255`);
    canvas.dataset.drawn = 'true';
  }

  // --- compare view ---

  function buildCompare() {
    let before = 'original';
    let after = null;
    let mode = 'overlay';
    let zoom = 'fit';
    let reveal = 50;

    const beforeSelect = h('select', { id: 'compare-before-choice' });
    const afterSelect = h('select', { id: 'compare-after-choice' });
    const overlayButton = h('button', { type: 'button', class: 'button toggle', id: 'mode-overlay', text: 'Overlay' });
    const sideButton = h('button', { type: 'button', class: 'button toggle', id: 'mode-side', text: 'Side by side' });
    const fitButton = h('button', { type: 'button', class: 'button toggle', id: 'zoom-fit', text: 'Fit' });
    const actualButton = h('button', { type: 'button', class: 'button toggle', id: 'zoom-actual', text: '100 %' });
    const slider = h('input', { type: 'range', id: 'compare-reveal', min: '0', max: '100', step: '1', value: '50' });
    const downloadSlot = h('span', { class: 'download-slot' });
    const beforeLayer = h('div', { class: 'layer layer-before' });
    const afterLayer = h('div', { class: 'layer layer-after' });
    const divider = h('div', { class: 'divider', 'aria-hidden': 'true' });
    const inner = h('div', { class: 'stage-inner' }, beforeLayer, afterLayer, divider);
    const stage = h('div', { class: 'stage', id: 'compare-stage', tabindex: '0',
      'aria-label': 'Comparison; scrollable at 100 %' }, inner);
    const caption = h('p', { class: 'compare-caption field-hint' });

    const element = h('section', { class: 'compare', 'aria-label': 'Compare' },
      h('div', { class: 'compare-controls' },
        h('div', { class: 'field inline' }, h('label', { for: beforeSelect.id, text: 'Left' }), beforeSelect),
        h('div', { class: 'field inline' }, h('label', { for: afterSelect.id, text: 'Right' }), afterSelect),
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Layout' }, overlayButton, sideButton),
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Zoom' }, fitButton, actualButton),
        h('div', { class: 'field inline reveal' }, h('label', { for: slider.id, text: 'Reveal' }), slider),
        downloadSlot),
      stage, caption);

    function applyLayout() {
      stage.classList.toggle('mode-overlay', mode === 'overlay');
      stage.classList.toggle('mode-side', mode === 'side');
      stage.classList.toggle('zoom-fit', zoom === 'fit');
      stage.classList.toggle('zoom-actual', zoom === 'actual');
      overlayButton.setAttribute('aria-pressed', String(mode === 'overlay'));
      sideButton.setAttribute('aria-pressed', String(mode === 'side'));
      fitButton.setAttribute('aria-pressed', String(zoom === 'fit'));
      actualButton.setAttribute('aria-pressed', String(zoom === 'actual'));
      slider.disabled = mode !== 'overlay';
      applyReveal();
      sizeInner();
    }

    function applyReveal() {
      afterLayer.style.clipPath = mode === 'overlay' ? `inset(0 0 0 ${reveal}%)` : '';
      divider.style.left = `${reveal}%`;
    }

    // At 100 % in overlay, both layers span the larger image so that the
    // stage scrolls over all of it.
    function sizeInner() {
      if (mode === 'overlay' && zoom === 'actual') {
        const images = [...inner.querySelectorAll('img')];
        const width = Math.max(0, ...images.map((img) => img.naturalWidth));
        const height = Math.max(0, ...images.map((img) => img.naturalHeight));
        inner.style.width = width ? `${width}px` : '';
        inner.style.height = height ? `${height}px` : '';
      } else {
        inner.style.width = '';
        inner.style.height = '';
      }
    }

    async function fill(layer, which, side) {
      layer.replaceChildren();
      const source = which === null ? null : sourceInfo(which);
      if (!source) {
        layer.append(h('p', { class: 'layer-note', text: side === 'after'
          ? 'No version to show yet: run a command below.' : 'Nothing chosen.' }));
        return;
      }
      if (!showsInBrowser(source.format)) {
        layer.append(unshowable(source, which));
        return;
      }
      try {
        const url = await signedUrl(image.id, source.what);
        const img = h('img', { src: url, alt: `${source.label}, ${source.format} ${source.width}×${source.height}`,
          id: `compare-${side}`, draggable: 'false' });
        img.addEventListener('load', sizeInner);
        img.addEventListener('error', () => layer.replaceChildren(unshowable(source, which)));
        layer.replaceChildren(img);
      } catch (error) {
        layer.replaceChildren(h('p', { class: 'layer-note error-text', text: error.message }));
      }
    }

    // A TIFF, HEIC or JPEG XL: a browser cannot decode it; a PNG version can be made.
    function unshowable(source, which) {
      const note = h('div', { class: 'layer-note' },
        h('p', { text: `${source.label} is ${source.format}, which browsers cannot display.` }));
      if (which === 'original') {
        const convert = h('button', { type: 'button', class: 'button', text: 'Make a PNG copy to view' });
        const progress = h('p', { class: 'field-hint', role: 'status' });
        convert.addEventListener('click', async () => {
          convert.disabled = true;
          await submitCommand({ ops: [{ op: 'format', format: 'png' }], base: 'original', reuse: true }, {
            progress(text) { progress.textContent = text; },
            failed(text) { progress.textContent = text; },
          }, 'before');
          convert.disabled = false;
        });
        note.append(convert, progress);
      }
      return note;
    }

    function optionsFor(select, chosen) {
      const choices = [{ value: 'original', text: `Original (${image.format})` }];
      for (const version of doneVersions())
        choices.push({ value: String(version.version), text: `Version ${version.version} (${version.format} ${version.width}×${version.height})` });
      if (chosen === null) choices.unshift({ value: '', text: 'none yet' });
      select.replaceChildren(...choices.map((choice) => h('option', { value: choice.value, text: choice.text })));
      select.value = chosen === null ? '' : String(chosen);
    }

    function refreshChoices() {
      if (!image) return;
      optionsFor(beforeSelect, before);
      optionsFor(afterSelect, after);
    }

    function describe() {
      const left = sourceInfo(before);
      const right = after === null ? null : sourceInfo(after);
      caption.textContent = `Left: ${left ? `${left.label}, ${left.format} ${left.width}×${left.height}` : 'none'}` +
        ` · Right: ${right ? `${right.label}, ${right.format} ${right.width}×${right.height}` : 'none'}`;
      const chosen = typeof after === 'number' ? versionOf(after) : null;
      downloadSlot.replaceChildren();
      if (chosen) {
        const link = downloadLink(image.id, `versions/${chosen.version}/content`, { class: 'button ghost',
          id: 'download-version', download: `${image.id}-v${chosen.version}.${extensionOf(chosen.format)}` });
        link.textContent = `Download version ${chosen.version}`;
        downloadSlot.append(link);
      }
    }

    // null leaves a side as it is.
    function choose(newBefore, newAfter) {
      if (newBefore !== null) before = newBefore;
      if (newAfter !== null) after = newAfter;
      refreshChoices();
      fill(beforeLayer, before, 'before');
      fill(afterLayer, after, 'after');
      describe();
      if (typeof after === 'number')
        history.replaceState(null, '', `#/images/${image.id}?v=${after}`);
    }

    const parseChoice = (value) => (value === 'original' ? 'original' : value === '' ? null : Number(value));
    beforeSelect.addEventListener('change', () => choose(parseChoice(beforeSelect.value), null));
    afterSelect.addEventListener('change', () => {
      choose(null, parseChoice(afterSelect.value));
      renderMeasurements();
    });
    overlayButton.addEventListener('click', () => { mode = 'overlay'; applyLayout(); });
    sideButton.addEventListener('click', () => { mode = 'side'; applyLayout(); });
    fitButton.addEventListener('click', () => { zoom = 'fit'; applyLayout(); });
    actualButton.addEventListener('click', () => { zoom = 'actual'; applyLayout(); });
    slider.addEventListener('input', () => {
      reveal = Number(slider.value);
      applyReveal();
    });

    // Dragging across the stage moves the reveal line too (fit, overlay).
    let dragging = false;
    const revealAt = (event) => {
      const box = inner.getBoundingClientRect();
      reveal = Math.round(Math.min(100, Math.max(0, ((event.clientX - box.left) / box.width) * 100)));
      slider.value = String(reveal);
      applyReveal();
    };
    stage.addEventListener('pointerdown', (event) => {
      if (mode !== 'overlay' || zoom !== 'fit' || event.button !== 0) return;
      // Capturing the pointer would take the click away from a note's button.
      if (event.target.closest('button, a')) return;
      dragging = true;
      stage.setPointerCapture(event.pointerId);
      revealAt(event);
    });
    stage.addEventListener('pointermove', (event) => { if (dragging) revealAt(event); });
    stage.addEventListener('pointerup', () => { dragging = false; });
    stage.addEventListener('pointercancel', () => { dragging = false; });

    applyLayout();
    return { element, choose, refreshChoices, afterChoice: () => after };
  }

  // --- live ---

  const unsubscribe = context.events.subscribe(({ type, event }) => {
    if (unmounted || !image || !event || event.image !== image.id) return;
    if (type === 'image.deleted') {
      root.replaceChildren(h('div', { class: 'notice' },
        h('h1', { text: 'Image deleted' }),
        h('p', {}, `Image ${image.id} was deleted. `, h('a', { href: '#/', text: 'Back to the gallery' }), '.')));
      unmounted = true;
      return;
    }
    if (type === 'version.done' || type === 'version.failed') {
      mergeVersion(image, event.data);
      renderVersions();
      const follower = followers.get(event.data.version);
      if (follower) follower(versionOf(event.data.version));
    }
  });

  load();

  return {
    unmount() {
      unmounted = true;
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      for (const finish of [...followers.values()]) finish(null);
    },
  };
}

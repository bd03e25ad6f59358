// The cluster page (#/cluster): GET /v1/cluster every 2 s, nodes with their
// state, live charts of the last minute kept in the page, drain and undrain.

import { api, getJson } from './api.js';
import { h, svg, formatAge, formatNumber } from './dom.js';

const POLL_MS = 2000;
const HISTORY_MS = 60000;
const CHART_WIDTH = 120;
const CHART_HEIGHT = 32;

// The last-minute figures in the shape the node sends them, or null:
// {completed, failed, jobsPerSecond, latency: {p50, p95, p99} | null}.
function lastMinute(raw) {
  if (!raw || typeof raw !== 'object') return null;
  const jobs = raw.completed ?? raw.jobs ?? null;
  let latency = raw.latency_ms === undefined ? null : raw.latency_ms;
  if (raw.latency_ms === undefined && raw.p50_ms !== undefined && jobs)
    latency = { p50: raw.p50_ms, p95: raw.p95_ms, p99: raw.p99_ms };
  return { completed: jobs, failed: raw.failed ?? null,
    jobsPerSecond: raw.jobs_per_second ?? raw.per_second ?? null, latency };
}

// Samples of the last minute for one chart: [{t, jobs, p50, p95, p99}].
class History {
  constructor() {
    this.samples = [];
    this.previousTotal = null;
  }

  // Without the node's last-minute figures, jobs/s comes from the growth of
  // completed + failed between two polls.
  add(time, window, total) {
    let jobs = window ? window.jobsPerSecond : null;
    if (jobs === null && this.previousTotal && total !== null) {
      const seconds = (time - this.previousTotal.t) / 1000;
      jobs = seconds > 0 ? Math.max(0, (total - this.previousTotal.total) / seconds) : null;
    }
    if (total !== null) this.previousTotal = { t: time, total };
    const latency = window ? window.latency : null;
    this.samples.push({ t: time, jobs, p50: latency?.p50 ?? null, p95: latency?.p95 ?? null, p99: latency?.p99 ?? null });
    while (this.samples.length && this.samples[0].t < time - HISTORY_MS) this.samples.shift();
    return this.samples[this.samples.length - 1];
  }
}

function chart(samples, series, floor, title) {
  const now = samples.length ? samples[samples.length - 1].t : Date.now();
  const values = samples.flatMap((s) => series.map((line) => s[line.key])).filter((v) => typeof v === 'number');
  const max = Math.max(floor, ...values);
  const x = (t) => ((t - (now - HISTORY_MS)) / HISTORY_MS) * CHART_WIDTH;
  const y = (v) => CHART_HEIGHT - 1 - (v / max) * (CHART_HEIGHT - 2);
  const lines = series.map((line) => {
    const points = samples.filter((s) => typeof s[line.key] === 'number')
      .map((s) => `${x(s.t).toFixed(1)},${y(s[line.key]).toFixed(1)}`);
    return points.length ? svg('polyline', { class: `spark ${line.class}`, points: points.join(' ') }) : null;
  });
  const empty = lines.every((line) => line === null);
  return svg('svg', { class: 'sparkline', viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`,
    preserveAspectRatio: 'none', role: 'img', 'aria-label': `${title}, last minute, scale 0 to ${formatNumber(max)}` },
  svg('title', {}, `${title}, last minute`),
  svg('line', { class: 'spark-base', x1: 0, y1: CHART_HEIGHT - 0.5, x2: CHART_WIDTH, y2: CHART_HEIGHT - 0.5 }),
  empty ? null : lines);
}

function latencyText(sample) {
  if (!sample || sample.p50 === null) return 'no jobs';
  return `${formatNumber(sample.p50, 0)} / ${formatNumber(sample.p95, 0)} / ${formatNumber(sample.p99, 0)} ms`;
}

function charts(history, sample) {
  return h('div', { class: 'charts' },
    h('div', { class: 'chart' },
      h('div', { class: 'chart-label' }, h('span', { text: 'jobs/s' }),
        h('strong', { text: sample && sample.jobs !== null ? formatNumber(sample.jobs, 2) : '–' })),
      chart(history.samples, [{ key: 'jobs', class: 'line-jobs' }], 1, 'Jobs per second')),
    h('div', { class: 'chart' },
      h('div', { class: 'chart-label' }, h('span', {}, 'latency ',
        h('span', { class: 'legend p50', text: 'p50' }), ' ', h('span', { class: 'legend p95', text: 'p95' }), ' ',
        h('span', { class: 'legend p99', text: 'p99' })), h('strong', { text: latencyText(sample) })),
      chart(history.samples, [{ key: 'p50', class: 'line-p50' }, { key: 'p95', class: 'line-p95' },
        { key: 'p99', class: 'line-p99' }], 10, 'Latency p50, p95 and p99 in milliseconds')));
}

export function mountCluster(root, context) {
  if (context.access.scope !== 'admin') {
    root.append(h('div', { class: 'notice' },
      h('h1', { text: 'Cluster' }),
      h('p', { text: 'The cluster view needs an admin key; this key has the device scope.' })));
    return { unmount() {} };
  }

  let unmounted = false;
  let timer = null;
  const clusterHistory = new History();
  const nodeHistories = new Map();
  const nodeCards = new Map();
  let nodes = [];

  const status = h('p', { class: 'result-summary', role: 'status' });
  const summary = h('div', { class: 'cluster-summary' });
  const grid = h('div', { class: 'node-grid', id: 'node-grid' });
  root.append(h('section', { class: 'cluster-view', 'aria-labelledby': 'cluster-title' },
    h('div', { class: 'view-head' }, h('h1', { id: 'cluster-title', text: 'Cluster' }), status),
    summary, h('h2', { class: 'section-title', text: 'Nodes' }), grid));

  function stat(label, value, id) {
    return h('div', { class: 'stat', id }, h('span', { class: 'stat-label', text: label }),
      h('strong', { class: 'stat-value', text: value }));
  }

  function renderSummary(answer, sample) {
    const counts = { up: 0, draining: 0, down: 0 };
    let workers = 0;
    let inFlight = 0;
    for (const node of answer.nodes) {
      counts[node.state] = (counts[node.state] || 0) + 1;
      if (node.state !== 'down') workers += node.workers;
      inFlight += node.in_flight;
    }
    const window = answer.window_seconds ? `${answer.window_seconds} s` : 'minute';
    summary.replaceChildren(
      h('div', { class: 'stats' },
        stat('Nodes', `${counts.up} up · ${counts.draining} draining · ${counts.down} down`, 'stat-nodes'),
        stat('Workers', String(workers), 'stat-workers'),
        stat('In flight', String(inFlight), 'stat-in-flight'),
        stat('Queue depth', answer.queue_depth === undefined ? '–' : String(answer.queue_depth), 'stat-queue'),
        stat(`Jobs/s (last ${window})`, sample.jobs === null ? '–' : formatNumber(sample.jobs, 2), 'stat-rate'),
        stat('Latency p50 / p95 / p99', latencyText(sample), 'stat-latency')),
      charts(clusterHistory, sample));
  }

  function nodeCard(node) {
    const badge = h('span', { class: 'badge' });
    const facts = h('dl', { class: 'facts compact' });
    const chartSlot = h('div', { class: 'chart-slot' });
    const action = h('button', { type: 'button', class: 'button small drain-button' });
    action.addEventListener('click', () => toggleDrain(node.id, action));
    const card = h('article', { class: 'node-card', dataset: { node: node.id }, 'aria-label': `Node ${node.id}` },
      h('header', { class: 'node-head' },
        h('h3', { class: 'mono', text: node.id }), h('span', { class: 'role', text: node.role }), badge),
      facts, chartSlot, h('div', { class: 'node-actions' }, action));
    card.parts = { badge, facts, chartSlot, action };
    return card;
  }

  function updateCard(card, node, history, sample) {
    const { badge, facts, chartSlot, action } = card.parts;
    badge.textContent = node.state;
    badge.className = `badge state-${node.state}`;
    card.dataset.state = node.state;
    const rows = [
      ['Workers', node.workers], ['In flight', node.in_flight],
      ['Completed', node.completed], ['Failed', node.failed],
      ['Address', node.address], ['Host', node.hostname],
      ['Version', node.version], ['Last seen', formatAge(node.last_seen)],
    ];
    facts.replaceChildren(...rows.map(([term, value]) =>
      h('div', {}, h('dt', { text: term }), h('dd', { text: value === undefined ? '–' : String(value) }))));
    chartSlot.replaceChildren(charts(history, sample));
    // Drain and undrain only make sense for a node that is still connected.
    action.hidden = node.state === 'down';
    if (!action.busy) {
      action.textContent = node.state === 'draining' ? 'Undrain' : 'Drain';
      action.setAttribute('aria-label', `${node.state === 'draining' ? 'Undrain' : 'Drain'} node ${node.id}`);
    }
  }

  function render(answer, time) {
    nodes = answer.nodes;
    const total = answer.nodes.reduce((sum, node) => sum + node.completed + node.failed, 0);
    const sample = clusterHistory.add(time, lastMinute(answer.last_minute), total);
    renderSummary(answer, sample);
    const seen = new Set();
    let previous = null;
    for (const node of answer.nodes) {
      seen.add(node.id);
      if (!nodeHistories.has(node.id)) nodeHistories.set(node.id, new History());
      const history = nodeHistories.get(node.id);
      const nodeSample = history.add(time, lastMinute(node.last_minute), node.completed + node.failed);
      let card = nodeCards.get(node.id);
      if (!card) {
        card = nodeCard(node);
        nodeCards.set(node.id, card);
      }
      updateCard(card, node, history, nodeSample);
      // Moved only when out of place: moving an element takes the focus off its button.
      const expected = previous ? previous.nextElementSibling : grid.firstElementChild;
      if (expected !== card) grid.insertBefore(card, expected);
      previous = card;
    }
    for (const [id, card] of nodeCards) {
      if (!seen.has(id)) {
        card.remove();
        nodeCards.delete(id);
      }
    }
    status.textContent = `${answer.nodes.length} node${answer.nodes.length === 1 ? '' : 's'} · updated ${new Date(time).toLocaleTimeString()}`;
    status.classList.remove('error-text');
  }

  async function poll() {
    timer = null;
    try {
      const answer = await getJson('/v1/cluster');
      if (unmounted) return;
      render(answer, Date.now());
    } catch (error) {
      if (unmounted) return;
      if (error.status === 403) {
        status.textContent = error.message;
        status.classList.add('error-text');
        return;
      }
      status.textContent = `${error.message} Retrying…`;
      status.classList.add('error-text');
    }
    if (!unmounted) timer = setTimeout(poll, POLL_MS);
  }

  async function toggleDrain(nodeId, button) {
    const node = nodes.find((n) => n.id === nodeId);
    const verb = node && node.state === 'draining' ? 'undrain' : 'drain';
    button.busy = true;
    button.disabled = true;
    button.textContent = verb === 'drain' ? 'Draining…' : 'Undraining…';
    try {
      const answer = await api(`/v1/cluster/nodes/${encodeURIComponent(nodeId)}/${verb}`, { method: 'POST' });
      const updated = answer.data && answer.data.id ? answer.data : null;
      if (updated && !unmounted) {
        const index = nodes.findIndex((n) => n.id === nodeId);
        if (index !== -1) nodes[index] = { ...nodes[index], ...updated };
        const card = nodeCards.get(nodeId);
        button.busy = false;
        const history = nodeHistories.get(nodeId);
        if (card) updateCard(card, nodes[index] || updated, history, history.samples[history.samples.length - 1]);
      }
      context.toast(`Node ${nodeId}: ${verb === 'drain' ? 'draining, no new jobs' : 'taking jobs again'}.`, 'info');
    } catch (error) {
      context.reportError(error, `${verb === 'drain' ? 'Drain' : 'Undrain'} ${nodeId}`);
    } finally {
      button.busy = false;
      button.disabled = false;
      const current = nodes.find((n) => n.id === nodeId);
      if (current) button.textContent = current.state === 'draining' ? 'Undrain' : 'Drain';
    }
  }

  poll();

  return {
    unmount() {
      unmounted = true;
      clearTimeout(timer);
    },
  };
}

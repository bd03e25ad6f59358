// The cycle of run_clients.py (STEPS) for the JavaScript clients, Node's
// fetch and a browser page: eleven exchanges per uploaded image, and every
// answer checked for its status, the echo of its unique X-Request-Id and
// facts of its body that belong to that request alone.

const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

// What failures of one sort have in common (as run_clients.py's
// failure_signature): the route without ids and request ids, and the first
// problem without the values that differ.
function failureSignature(what, reason) {
  const route = what.replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '{id}')
                    .replace(/ \[X-Request-Id [^\]]*\]/, '')
                    .replace(/bytes=\d+-\d+/, 'bytes=a-b');
  const status = /^status \d+ \(expected \d+\)/.exec(reason);
  if (status) return `${route}: ${status[0]}`;
  return `${route}: ${reason.split(' is ')[0].replace(/[0-9a-f]{64}|\d+/g, 'N').slice(0, 120)}`;
}

/** Requests sent, and every answer lost or wrong, grouped by sort. */
export class Tally {
  constructor() {
    this.requests = 0;
    this.lost = 0;
    this.mismatched = 0;
    this.groups = new Map();
  }

  lose(what, reason) {
    this.lost++;
    this.group('lost', failureSignature(what, reason), `${what}: ${reason}`);
  }

  mismatch(what, problems) {
    this.mismatched++;
    this.group('mismatched', failureSignature(what, problems[0]),
               `${what}: ${problems.join('; ')}`);
  }

  group(sort, signature, example) {
    const key = `${sort}: ${signature}`;
    if (!this.groups.has(key)) this.groups.set(key, {sort, signature, example, count: 0});
    this.groups.get(key).count++;
  }

  toJSON() {
    return {requests: this.requests, lost: this.lost, mismatched: this.mismatched,
            groups: [...this.groups.values()]};
  }
}

/** [width, height] from a PNG, GIF or JPEG header, else null. */
export function imageSize(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e)
    return [view.getUint32(16), view.getUint32(20)];
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46)
    return [view.getUint16(6, true), view.getUint16(8, true)];
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let position = 2;
    while (position + 9 < bytes.length) {
      if (bytes[position] !== 0xff) return null;
      const marker = bytes[position + 1];
      if (marker === 0xff) {
        position++;
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
        return [view.getUint16(position + 7), view.getUint16(position + 5)];
      position += 2 + view.getUint16(position + 2);
    }
  }
  return null;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// JSON with the keys of every object sorted: the node's key order is not
// part of the API.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.keys(value).sort().map(
        key => `${JSON.stringify(key)}:${canonical(value[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

function same(a, b) {
  return canonical(a) === canonical(b);
}

function expectEqual(what, got, expected, problems) {
  if (!same(got, expected))
    problems.push(`${what} is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
}

// resize scales to fit the box keeping the aspect ratio: one side touches
// the box, the other stays inside it.
function fitsBox(width, height, boxWidth, boxHeight) {
  return (width === boxWidth && height <= boxHeight) ||
         (height === boxHeight && width <= boxWidth);
}

function text(bytes) {
  return new TextDecoder().decode(bytes);
}

// The start of a text body (an error's JSON); only the size of an image.
function excerpt(response, body) {
  const type = response.headers.get('Content-Type') || 'no Content-Type';
  if (type.startsWith('application/json') || type.startsWith('text/'))
    return text(body.subarray(0, 300));
  return `${body.length} bytes of ${type}`;
}

/**
 * Runs `cycles` cycles on `concurrency` workers. `images` carry their bytes
 * in `data`; `sha256hex(bytes)` returns a promise of the hex digest;
 * `afterCycle(state, tally)`, when given, runs after each cycle that made
 * both versions;
 * `requestTimeoutMs`, when given, aborts a request that takes longer (not in
 * a browser under virtual time, where timers may run ahead of the network).
 */
export async function runCycles({base, images, cycles, concurrency, prefix, waitSeconds,
                                 sha256hex, afterCycle, requestTimeoutMs}) {
  const tally = new Tally();
  const imageIds = new Set();

  async function exchange(state, step, method, path, init, expectedStatus, check) {
    const requestId = `${prefix}-${String(state.index).padStart(5, '0')}-` +
                      String(step).padStart(2, '0');
    const range = init.headers && init.headers.Range ? ` Range: ${init.headers.Range}` : '';
    const what = `${method} ${path}${range} [X-Request-Id ${requestId}]`;
    const headers = {...(init.headers || {}), 'X-Request-Id': requestId};
    tally.requests++;
    let response, body;
    try {
      // no-store: later <img> loads of the same URL must reach the node.
      const signal = requestTimeoutMs ? AbortSignal.timeout(requestTimeoutMs) : undefined;
      response = await fetch(base + path, {...init, method, headers, signal, cache: 'no-store'});
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      // Node's fetch names the socket error in `cause`; a browser tells nothing more.
      const cause = error.cause ?
          ` (${error.cause.code || ''} ${error.cause.message || error.cause})` : '';
      tally.lose(what, `${error.name}: ${error.message}${cause}`);
      return false;
    }
    const problems = [];
    if (response.status !== expectedStatus)
      problems.push(`status ${response.status} (expected ${expectedStatus}): ` +
                    excerpt(response, body));
    const echoed = response.headers.get('X-Request-Id');
    if (echoed !== requestId) problems.push(`X-Request-Id echoed as ${JSON.stringify(echoed)}`);
    if (!problems.length) {
      try {
        await check(response, body, problems);
      } catch (error) {
        problems.push(`${error.name}: ${error.message}`);
      }
    }
    if (problems.length) {
      tally.mismatch(what, problems);
      return false;
    }
    return true;
  }

  function byteRange(state, length) {
    const first = (state.index * 13) % Math.max(1, Math.floor(length / 2));
    return [first, Math.min(length - 1, first + 99 + (state.index % 7) * 10)];
  }

  async function rangeStep(state, step, path, data, label) {
    const [first, last] = byteRange(state, data.length);
    return exchange(state, step, 'GET', path, {headers: {Range: `bytes=${first}-${last}`}}, 206,
                    async (response, body, problems) => {
      expectEqual('Content-Range', response.headers.get('Content-Range'),
                  `bytes ${first}-${last}/${data.length}`, problems);
      if (!sameBytes(body, data.subarray(first, last + 1)))
        problems.push(`the body (${body.length} bytes) is not bytes ${first}-${last} of ${label}`);
    });
  }

  async function commandStep(state, step, number, opsText, expectedOps, box, format) {
    const path = `/v1/images/${state.id}/commands?wait=${waitSeconds}`;
    return exchange(state, step, 'POST', path,
                    {headers: {'Content-Type': 'text/plain'}, body: opsText}, 200,
                    async (response, body, problems) => {
      const version = JSON.parse(text(body));
      expectEqual('version', version.version, number, problems);
      expectEqual('status', version.status, 'done', problems);
      expectEqual('ops', version.ops, expectedOps, problems);
      expectEqual('Location', response.headers.get('Location'),
                  `/v1/images/${state.id}/versions/${number}`, problems);
      if (!fitsBox(version.width, version.height, box[0], box[1]))
        problems.push(`${version.width}x${version.height} does not fit the box ${box.join('x')}`);
      if (format) expectEqual('format', version.format, format, problems);
      if (!/^[0-9a-f]{64}$/.test(String(version.sha256)))
        problems.push(`sha256 ${JSON.stringify(version.sha256)}`);
      state.versions[number] = version;
    });
  }

  async function contentStep(state, step, number) {
    return exchange(state, step, 'GET', `/v1/images/${state.id}/versions/${number}/content`, {},
                    200, async (response, body, problems) => {
      const version = state.versions[number];
      expectEqual('sha256 of the body', await sha256hex(body), version.sha256, problems);
      expectEqual('ETag', response.headers.get('ETag'), `"${version.sha256}"`, problems);
      expectEqual('size in the body', imageSize(body), [version.width, version.height], problems);
      state.content[number] = body;
    });
  }

  async function recordStep(state, step) {
    return exchange(state, step, 'GET', `/v1/images/${state.id}`, {}, 200,
                    async (response, body, problems) => {
      const record = JSON.parse(text(body));
      expectEqual('id', record.id, state.id, problems);
      expectEqual('sha256', record.sha256, state.image.sha256, problems);
      expectEqual('versions', (record.versions || []).map(v => [v.version, v.status, v.sha256]),
                  Object.keys(state.versions).sort().map(
                      n => [Number(n), 'done', state.versions[n].sha256]), problems);
    });
  }

  async function runCycle(index) {
    const image = images[index % images.length];
    const state = {index, image, id: null, created: '', versions: {}, content: {}};
    // The label only this cycle's image has.
    const label = `cycle:${prefix}-${index}`;
    const box1 = [40 + (index * 7) % 60, 30 + (index * 11) % 50];
    const box2 = [20 + (index * 5) % 40, 20 + (index * 3) % 40];

    let init;
    if (index % 3 === 2) {
      const form = new FormData();
      form.append('image', new Blob([image.data], {type: image.mime}), image.name);
      init = {body: form};
    } else {
      init = {body: new Blob([image.data], {type: image.mime}),
              headers: {'Content-Type': image.mime}};
    }
    const steps = [
      () => exchange(state, 0, 'POST', `/v1/images?label=${label}`, init, 201,
                     async (response, body, problems) => {
        const record = JSON.parse(text(body));
        if (!ID_PATTERN.test(String(record.id))) {
          problems.push(`id ${JSON.stringify(record.id)} is not an image id`);
          return;
        }
        for (const [field, expected] of [['sha256', image.sha256], ['bytes', image.data.length],
                                         ['width', image.width], ['height', image.height],
                                         ['format', image.format], ['versions', []]])
          expectEqual(field, record[field], expected, problems);
        expectEqual('Location', response.headers.get('Location'), `/v1/images/${record.id}`,
                    problems);
        expectEqual('labels', record.labels, {cycle: label.slice('cycle:'.length)}, problems);
        if (!problems.length && imageIds.has(record.id))
          problems.push(`id ${record.id} was already the answer to another upload`);
        imageIds.add(record.id);
        state.id = record.id;
        state.created = record.created || '';
      }),
      () => recordStep(state, 1),
      () => exchange(state, 2, 'GET', `/v1/images/${state.id}/original`, {}, 200,
                     async (response, body, problems) => {
        expectEqual('sha256 of the body', await sha256hex(body), image.sha256, problems);
        expectEqual('ETag', response.headers.get('ETag'), `"${image.sha256}"`, problems);
        expectEqual('Content-Type', response.headers.get('Content-Type'), image.mime, problems);
      }),
      () => rangeStep(state, 3, `/v1/images/${state.id}/original`, image.data, 'the original'),
      () => commandStep(state, 4, 1, `resize ${box1[0]} ${box1[1]}\n`,
                        [{op: 'resize', width: box1[0], height: box1[1]}], box1),
      () => contentStep(state, 5, 1),
      () => rangeStep(state, 6, `/v1/images/${state.id}/versions/1/content`, state.content[1],
                      'version 1'),
      () => commandStep(state, 7, 2, `flop\nresize ${box2[0]} ${box2[1]}\nformat png\n`,
                        [{op: 'flop'}, {op: 'resize', width: box2[0], height: box2[1]},
                         {op: 'format', format: 'png'}], box2, 'PNG'),
      () => exchange(state, 8, 'GET', `/v1/images/${state.id}/versions/2`, {}, 200,
                     async (response, body, problems) => {
        const version = JSON.parse(text(body));
        for (const field of ['version', 'status', 'sha256', 'width', 'height', 'format', 'ops'])
          expectEqual(field, version[field], state.versions[2][field], problems);
      }),
      () => contentStep(state, 9, 2),
      () => recordStep(state, 10),
      // Found by its label, outcome and upload time: the time with a '+'
      // offset, sent unescaped as people type it.
      () => exchange(state, 11, 'GET',
                     `/v1/images?label=${label}&status=done&since=` +
                         state.created.replace('Z', '+00:00'),
                     {}, 200, async (response, body, problems) => {
        const found = (JSON.parse(text(body)).images || []).map(i => i.id);
        expectEqual('images found', found, [state.id], problems);
      }),
    ];
    // The steps whose answers later steps build on (the image id, the
    // versions, version 1's bytes): a cycle stops when one of them fails;
    // after any other failure it goes on, so that one missing feature does
    // not hide the rest.
    const prerequisites = new Set([0, 4, 5, 7]);
    for (const [index, step] of steps.entries())
      if (!await step() && prerequisites.has(index)) return;
    if (afterCycle) await afterCycle(state, tally);
  }

  let next = 0;
  async function worker() {
    while (next < cycles) {
      const index = next++;
      try {
        await runCycle(index);
      } catch (error) {
        tally.mismatch(`cycle ${index}`, [`the client failed: ${error.stack || error}`]);
      }
    }
  }
  await Promise.all(Array.from({length: concurrency}, worker));
  return tally;
}

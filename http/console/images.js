// What the views share about images and versions: which formats a browser
// shows, which version serves as a preview, the text form of operations.

import { api } from './api.js';

// Formats <img> decodes; TIFF, HEIC/HEIF and JPEG XL need a converted version.
const BROWSER_FORMATS = new Set(['JPEG', 'PNG', 'GIF', 'WEBP', 'BMP', 'AVIF']);

export function showsInBrowser(format) {
  return BROWSER_FORMATS.has(String(format || '').toUpperCase());
}

const EXTENSIONS = { JPEG: 'jpg', PNG: 'png', GIF: 'gif', WEBP: 'webp', BMP: 'bmp', AVIF: 'avif',
  TIFF: 'tif', HEIC: 'heic', HEIF: 'heif', JXL: 'jxl' };

export function extensionOf(format) {
  return EXTENSIONS[String(format || '').toUpperCase()] || 'bin';
}

// Operations that leave a preview a faithful small copy of the original.
const PREVIEW_KEEPS = new Set(['autoorient', 'strip', 'format', 'quality', 'stats', 'annotate']);
const PREVIEW_MAX_SIDE = 400;

// One thumbnail (or resize) into at most 400x400 and nothing that changes
// the picture: what the `thumbnail` and `qa-measure` profiles make.
export function isPreviewCommand(ops) {
  let sizings = 0;
  for (const op of ops || []) {
    if (op.op === 'thumbnail' || op.op === 'resize') {
      if (!(op.width <= PREVIEW_MAX_SIDE && op.height <= PREVIEW_MAX_SIDE)) return false;
      sizings += 1;
    } else if (!PREVIEW_KEEPS.has(op.op)) {
      return false;
    }
  }
  return sizings === 1;
}

function appliesToOriginal(version) {
  if (version.source !== null && version.source !== undefined) return version.source === 0;
  return version.base === 'original' || version.version === 1;
}

export function isPending(version) {
  return version.status === 'queued' || version.status === 'running';
}

// How a card shows an image: {kind: 'version', version} | {kind: 'pending',
// version} (a preview is being made) | {kind: 'original'} | {kind: 'none'}.
export function choosePreview(image) {
  const versions = [...(image.versions || [])].sort((a, b) => b.version - a.version);
  const previews = versions.filter((v) => isPreviewCommand(v.ops) && appliesToOriginal(v));
  const done = previews.find((v) => v.status === 'done' && showsInBrowser(v.format));
  if (done) return { kind: 'version', version: done };
  const pending = previews.find(isPending);
  if (pending) return { kind: 'pending', version: pending };
  // A profile's version is stored with the upload; an image seen without
  // it (from an event) gets it shortly.
  if (image.profile && versions.length === 0) return { kind: 'pending', version: null };
  if (showsInBrowser(image.format) && image.width <= PREVIEW_MAX_SIDE && image.height <= PREVIEW_MAX_SIDE)
    return { kind: 'original' };
  return { kind: 'none' };
}

// The preview command. autoorient first: thumbnail drops the EXIF
// orientation, and a camera's turned frame would show on its side.
// Formats a browser cannot show are converted to WebP, which keeps alpha.
export function previewCommand(image) {
  const lines = ['autoorient', 'thumbnail 320 320'];
  if (!showsInBrowser(image.format)) lines.push('format webp');
  return lines.join('\n') + '\n';
}

const previewRequests = new Map();

// Asks the node for a preview version of the original. Equal commands on the
// same bytes are reused by the node, so a second console costs nothing.
// One request per image at a time, however many cards ask.
export function requestPreview(image) {
  if (!previewRequests.has(image.id)) {
    const pending = api(`/v1/images/${image.id}/commands?wait=20&base=original`, {
      method: 'POST', text: previewCommand(image),
    }).then((answer) => answer.data).finally(() => previewRequests.delete(image.id));
    previewRequests.set(image.id, pending);
  }
  return previewRequests.get(image.id);
}

// Puts a version (from an event or an answer) into the image's list.
export function mergeVersion(image, version) {
  if (!version || typeof version.version !== 'number') return;
  const versions = image.versions || (image.versions = []);
  const at = versions.findIndex((v) => v.version === version.version);
  if (at === -1) {
    versions.push(version);
    versions.sort((a, b) => a.version - b.version);
  } else if (!(isPending(version) && !isPending(versions[at]))) {
    // Answers can arrive out of order: a settled version never goes back to pending.
    versions[at] = { ...versions[at], ...version };
  }
}

// What `status=` of GET /v1/images calls the image: its highest version's.
export function imageStatus(image) {
  const versions = image.versions || [];
  if (versions.length === 0) return null;
  const newest = versions.reduce((a, b) => (b.version > a.version ? b : a));
  return isPending(newest) ? 'pending' : newest.status;
}

// --- text form of operations -----------------------------------------------------

function textWord(value, quoted) {
  const text = String(value);
  if (!quoted) return text;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

// {"op":"resize","width":320,"height":240} → 'resize 320 240', with the
// parameters in the catalog's order. Without the catalog, in the object's.
export function opToText(op, catalog) {
  if (typeof op === 'string') return op;
  const spec = catalog && catalog.get(op.op);
  const words = [op.op];
  if (spec) {
    for (const param of spec.params)
      if (op[param.name] !== undefined && op[param.name] !== null)
        words.push(textWord(op[param.name], param.type === 'text'));
  } else {
    for (const [name, value] of Object.entries(op))
      if (name !== 'op') words.push(textWord(value, typeof value === 'string' && /\s/.test(value)));
  }
  return words.join(' ');
}

export function opsToText(ops, catalog) {
  return (ops || []).map((op) => opToText(op, catalog)).join('\n');
}

// The catalog as a Map name → {name, summary, syntax, params}.
export function catalogMap(answer) {
  return new Map((answer.operations || []).map((operation) => [operation.name, operation]));
}

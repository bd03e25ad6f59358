// A dashboard page on another origin than the node: fetch() with CORS for
// uploads, commands with ?wait and downloads (the cycle of http_cycle.mjs),
// then the original and both versions shown in <img> tags, whose decoded
// sizes must be what the API reported. Writes its counts into #result.

import {runCycles} from './http_cycle.mjs';

const result = document.getElementById('result');

async function sha256hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, byte => byte.toString(16).padStart(2, '0')).join('');
}

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const img = document.createElement('img');
    img.onload = () => resolve(img);
    img.onerror = () => {
      img.remove();
      reject(new Error('the image did not load or decode'));
    };
    document.getElementById('images').append(img);
    img.src = url;
  });
}

function showInImages(base) {
  return async (state, tally) => {
    const shown = [['original', state.image.width, state.image.height],
                   ...[1, 2].map(n => [`versions/${n}/content`, state.versions[n].width,
                                       state.versions[n].height])];
    for (const [suffix, width, height] of shown) {
      const url = `${base}/v1/images/${state.id}/${suffix}`;
      tally.requests++;
      let img;
      try {
        img = await loadImage(url);
      } catch (error) {
        tally.lose(`<img src="${url}">`, error.message);
        continue;
      }
      if (img.naturalWidth !== width || img.naturalHeight !== height)
        tally.mismatch(`<img src="${url}">`,
                       [`shows ${img.naturalWidth}x${img.naturalHeight}, the API says ` +
                        `${width}x${height}`]);
      img.remove();
    }
  };
}

try {
  const plan = await (await fetch('/plan.json', {cache: 'no-store'})).json();
  const images = await Promise.all(plan.images.map(async image => {
    const response = await fetch(image.url, {cache: 'no-store'});
    return {...image, data: new Uint8Array(await response.arrayBuffer())};
  }));
  const started = performance.now();
  const tally = await runCycles({...plan, images, sha256hex, afterCycle: showInImages(plan.base)});
  result.textContent = JSON.stringify({...tally.toJSON(),
                                       seconds: (performance.now() - started) / 1000,
                                       userAgent: navigator.userAgent});
} catch (error) {
  result.textContent = JSON.stringify({error: String(error.stack || error)});
}

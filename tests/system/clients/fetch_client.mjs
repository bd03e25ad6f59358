// Node's built-in fetch (undici, keep-alive) against a caf-node: the cycle of
// http_cycle.mjs on concurrent workers. Reads the plan that run_clients.py
// wrote, prints one line of JSON with the counts and the first failures.
//
//     node fetch_client.mjs PLAN.json

import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {runCycles} from './http_cycle.mjs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const images = plan.images.map(image => ({...image,
                                         data: new Uint8Array(readFileSync(image.path))}));
const started = performance.now();
const tally = await runCycles({
  ...plan,
  images,
  sha256hex: async bytes => createHash('sha256').update(bytes).digest('hex'),
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({...tally.toJSON(), seconds}) + '\n');

// The download-size budgets of a build (gzip level 9; deterministic: the same build always
// gives the same figures). Fails when either is exceeded.
//
// - The first load: what the page needs to start, that is index.html and every file it
//   references directly (the app's JavaScript and WebAssembly, the stylesheet, the favicon).
// - Fetched after start: every other file of the build, which the browser asks for only once
//   the app runs: the service worker, the web app manifest and its install icons. (The worker
//   also asks again for the first load's files to keep them offline; a host that sends
//   ETag or Last-Modified answers those with 304 Not Modified.)
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildFiles } from './service-worker.mjs';

// The goal is 120 KB; the budget stops regressions while the build is above it.
export const BUDGET_BYTES = 190 * 1024;
// The service worker (with its list of the build's files), the manifest and the install icons.
export const AFTER_START_BUDGET_BYTES = 25 * 1024;

function sizes(dir, names) {
  return names
    .map((name) => {
      const body = readFileSync(join(dir, name));
      return { name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

/** The files of the build in `dir` that index.html loads to start: itself, what its elements'
 *  `href` and `src` name (but the manifest, which only installing reads) and what its inline
 *  module script imports. */
export function firstLoadFiles(dir) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const starting = html.replace(/<link\b[^>]*\brel=("|')?manifest\b[^>]*>/gi, '');
  const attributes = [...starting.matchAll(/\b(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
  const scriptStrings = [...starting.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].flatMap(([, body]) =>
    [...body.matchAll(/(["'])(\.\/[^"']+)\1/g)].map((m) => m[2]),
  );
  const named = new Set(
    [...attributes, ...scriptStrings]
      .filter((url) => !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url))
      .map((url) => url.split(/[?#]/)[0].replace(/^\.\//, '')),
  );
  return ['index.html', ...[...named].filter((name) => statSync(join(dir, name), { throwIfNoEntry: false })?.isFile())];
}

/** Sizes of the first load's files, largest first. */
export function firstLoadSizes(dir) {
  return sizes(dir, firstLoadFiles(dir));
}

/** Sizes of the files fetched only after the app started, largest first. */
export function afterStartSizes(dir) {
  const first = new Set(firstLoadFiles(dir));
  return sizes(dir, buildFiles(dir).filter((name) => !first.has(name)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  let failed = false;
  for (const [title, files, budget] of [
    ['first load', firstLoadSizes(dir), BUDGET_BYTES],
    ['fetched after start (service worker, manifest, install icons)', afterStartSizes(dir), AFTER_START_BUDGET_BYTES],
  ]) {
    console.log(`${title}:`);
    let total = 0;
    for (const file of files) {
      total += file.gzip;
      console.log(`${(file.gzip / 1024).toFixed(1).padStart(7)} KB gzip  ${(file.raw / 1024).toFixed(1).padStart(7)} KB raw  ${file.name}`);
    }
    console.log(`${(total / 1024).toFixed(1).padStart(7)} KB gzip in all (budget ${(budget / 1024).toFixed(0)} KB)\n`);
    if (total > budget) {
      console.error(`The ${title.replace(/ \(.*/, '')} is ${total - budget} bytes over budget.`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}

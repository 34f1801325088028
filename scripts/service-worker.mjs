// Writes the service worker of a build: assets/sw.js with the build's own file list.
//
// Every file of the build but the worker itself is listed with its SHA-256 (as a Subresource
// Integrity string, which the worker's fetches check), and the version that names the
// worker's cache is a hash of that list, so it changes whenever any file does. Run on the
// final files: after the Content-Security-Policy step (see scripts/post-build.mjs).
//
// Usage: node scripts/service-worker.mjs <build folder>   (to re-run it on a changed copy)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The worker's file name, at the root of the build so that its scope is the app's folder. */
export const WORKER = 'sw.js';
const TEMPLATE = fileURLToPath(new URL('../assets/sw.js', import.meta.url));
const PLACEHOLDER = "/* build */ { version: 'unbuilt', files: [] }";

/** Every file under `dir`, as sorted URL paths relative to it. */
export function buildFiles(dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** The files the worker of the build in `dir` caches: all of them but the worker. */
export function precachedFiles(dir) {
  return buildFiles(dir).filter((path) => path !== WORKER);
}

/** Writes `dir`/sw.js for the build in `dir`; returns its version and file count. */
export function writeServiceWorker(dir) {
  const files = precachedFiles(dir).map((path) => ({
    path,
    integrity: `sha256-${createHash('sha256').update(readFileSync(join(dir, path))).digest('base64')}`,
  }));
  const version = createHash('sha256')
    .update(files.map(({ path, integrity }) => `${path} ${integrity}\n`).join(''))
    .digest('hex')
    .slice(0, 16);
  const template = readFileSync(TEMPLATE, 'utf8');
  if (!template.includes(PLACEHOLDER)) throw new Error(`assets/sw.js has no ${PLACEHOLDER} placeholder.`);
  writeFileSync(join(dir, WORKER), template.replace(PLACEHOLDER, JSON.stringify({ version, files })));
  console.log(`Service worker: ${files.length} files cached offline, version ${version}.`);
  return { version, count: files.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('Usage: node scripts/service-worker.mjs <build folder>');
    process.exit(1);
  }
  writeServiceWorker(dir);
}

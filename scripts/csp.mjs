// Completes the Content-Security-Policy in the built index.html (a step of the Trunk
// post-build hook, scripts/post-build.mjs).
//
// Release builds allow exactly the inline scripts Trunk injected (its module loader), by their
// SHA-256 hashes: no 'unsafe-inline'. Debug builds, which `trunk serve` rewrites while serving
// (its live-reload client gets the server's address filled in, so no hash computed here could
// match), allow inline scripts instead; every other directive is the same in both.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = "'inline-script-hashes'";

/** Fills in the script sources of `dir`/index.html's policy; throws when it has no placeholder. */
export function completeCsp(dir, release) {
  const file = join(dir, 'index.html');
  const html = readFileSync(file, 'utf8');
  if (!html.includes(PLACEHOLDER)) {
    throw new Error(`index.html has no ${PLACEHOLDER} placeholder in its Content-Security-Policy.`);
  }
  let sources;
  if (release) {
    const hashes = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter(([, attributes]) => !/\bsrc\s*=/.test(attributes))
      .map(([, , body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    sources = [...new Set(hashes)].join(' ');
    console.log(`Content-Security-Policy: ${hashes.length} inline script(s) allowed by hash.`);
  } else {
    sources = "'unsafe-inline'";
    console.log('Content-Security-Policy: debug build, inline scripts allowed for live reload.');
  }
  writeFileSync(file, html.replace(PLACEHOLDER, sources));
}

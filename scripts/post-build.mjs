// Trunk post-build hook: finishes the build in Trunk's staging folder.
//
// Trunk starts all hooks of a stage at the same time, so steps that depend on each other are
// one hook, run here in order: release builds' JavaScript is minified (and its integrity hash
// in index.html renewed), the Content-Security-Policy rewrites index.html, and the service
// worker then lists and hashes the build's final files, index.html included.
import { completeCsp } from './csp.mjs';
import { minifyJs } from './minify-js.mjs';
import { writeServiceWorker } from './service-worker.mjs';

const stagingDir = process.env.TRUNK_STAGING_DIR;
if (!stagingDir) {
  console.error('post-build.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set).');
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === 'release';
try {
  if (release) await minifyJs(stagingDir);
  completeCsp(stagingDir, release);
  // Debug builds (`trunk serve`) get no worker: development reloads must never come from a cache.
  if (release) writeServiceWorker(stagingDir);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

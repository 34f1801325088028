// The Trunk post-build hook (scripts/post-build.mjs), run on a small staging folder the way
// Trunk runs it: the Content-Security-Policy first, then, in release builds only, the service
// worker listing every final file with its hash. No browser needed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

/** A staging folder like Trunk's: the source index.html, a "built" module and an icon. */
function staging(dir: string) {
  mkdirSync(join(dir, 'icons'), { recursive: true });
  copyFileSync('index.html', join(dir, 'index.html'));
  writeFileSync(join(dir, 'app-0123456789abcdef.js'), 'export default 1;\n');
  writeFileSync(join(dir, 'icons', 'icon.png'), 'not really a png');
  return dir;
}

function runHook(dir: string, profile: 'release' | 'debug') {
  execFileSync('node', ['scripts/post-build.mjs'], {
    env: { ...process.env, TRUNK_STAGING_DIR: dir, TRUNK_PROFILE: profile },
    stdio: 'ignore',
  });
}

/** The build list written into a worker. */
function workerBuild(dir: string): { version: string; files: { path: string; integrity: string }[] } {
  const source = readFileSync(join(dir, 'sw.js'), 'utf8');
  return JSON.parse(source.match(/const BUILD = (\{.*\});/)![1]);
}

const sri = (file: string) => `sha256-${createHash('sha256').update(readFileSync(file)).digest('base64')}`;

test('a release build gets a worker that lists every final file, index.html after its policy', async ({}, testInfo) => {
  const dir = staging(testInfo.outputPath('release'));
  runHook(dir, 'release');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  expect(html).not.toContain("'inline-script-hashes'");
  const build = workerBuild(dir);
  expect(build.files.map((f) => f.path)).toEqual(['app-0123456789abcdef.js', 'icons/icon.png', 'index.html']);
  for (const file of build.files) expect(file.integrity, file.path).toBe(sri(join(dir, file.path)));

  // Any change to any file gives the worker a new version.
  writeFileSync(join(dir, 'icons', 'icon.png'), 'another icon');
  execFileSync('node', ['scripts/service-worker.mjs', dir], { stdio: 'ignore' });
  expect(workerBuild(dir).version).not.toBe(build.version);
});

test('a debug build (trunk serve) gets no worker', async ({}, testInfo) => {
  const dir = staging(testInfo.outputPath('debug'));
  runHook(dir, 'debug');
  expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain("'unsafe-inline'");
  expect(existsSync(join(dir, 'sw.js'))).toBe(false);
});

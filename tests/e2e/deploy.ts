// A test's own server for the release build (dist/), so that a spec can serve it under a
// subfolder, switch it to another build (a new deployment) or stop it (the network gone).
// Each test gets its server on a port of its own worker (4202–4209), on 127.0.0.1 only, for at
// most two minutes; the page's origin (`baseURL`) is that server, so the fixtures' checks of
// console errors, CSP violations and requests leaving the origin apply unchanged.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures';

// The build's own scripts are ES modules, which the test runner loads only dynamically.
const scripts = {
  serveDist: () => import('../../scripts/serve-dist.mjs').then((m) => m.serveDist),
  precachedFiles: () => import('../../scripts/service-worker.mjs').then((m) => m.precachedFiles),
};

/** The server of one test. */
export type Site = {
  /** Where the app is: `http://127.0.0.1:<port><prefix>`. */
  url: string;
  /** Serves another build folder from now on. */
  setRoot(dir: string): void;
  /** Stops answering: the page is offline. */
  close(): Promise<void>;
};

export const test = base.extend<{ prefix: string; indexRedirect: boolean; site: Site }>({
  /** The folder the app is served from. */
  prefix: ['/', { option: true }],
  /** Whether the server redirects index.html to its folder, as some hosts do. */
  indexRedirect: [false, { option: true }],
  site: async ({ prefix, indexRedirect }, use, testInfo) => {
    const port = 4202 + (testInfo.parallelIndex % 8);
    const serveDist = await scripts.serveDist();
    const site: Site = await serveDist({ port, root: 'dist', prefix, lifetime: 120, indexRedirect });
    await use(site);
    await site.close();
  },
  baseURL: async ({ site }, use) => use(site.url),
});

export { expect };

/** Waits until the service worker has stored this build and serves the page. */
export async function waitForOfflineCopy(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
}

/** The files the release build's worker must cache, as URLs under `base`. */
export async function buildUrls(base: string, dir = 'dist'): Promise<string[]> {
  const precachedFiles = await scripts.precachedFiles();
  return precachedFiles(dir)
    .map((path: string) => new URL(path, base).href)
    .sort();
}

/** The marker a build made by `nextBuild` carries in its index.html. */
export const NEXT_BUILD_MARKER = 'meta[name="keyward-build"][content="next"]';

/** Makes a second build from dist/ in `dir`, as a new deployment would bring: its stylesheet
 *  under another hashed name, a marker in index.html, and the service worker written again by
 *  the build's own step, so its file list and version are the new build's. Returns the new
 *  stylesheet's name. */
export function nextBuild(dir: string): string {
  cpSync('dist', dir, { recursive: true });
  const css = readdirSync(dir).find((name) => /^main-.*\.css$/.test(name));
  if (!css) throw new Error('dist/ has no stylesheet');
  const renamed = css.replace(/\.css$/, '-next.css');
  renameSync(join(dir, css), join(dir, renamed));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  writeFileSync(
    join(dir, 'index.html'),
    html.replace(css, renamed).replace('<title>', '<meta name=keyward-build content=next><title>'),
  );
  execFileSync('node', ['scripts/service-worker.mjs', dir], { stdio: 'ignore' });
  return renamed;
}

/** The notice of a newer build. */
export function updateNotice(page: Page) {
  return page.getByRole('status').filter({ hasText: 'A new version of Keyward is available' });
}

/** Opens the app, lets the worker store this build, then deploys the next build (made in
 *  `dir`) and brings the page back into view, when it checks for a newer build; waits for the
 *  notice. Returns the next build's stylesheet name. */
export async function deployNextBuild(page: Page, site: Site, dir: string): Promise<string> {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await waitForOfflineCopy(page);
  const stylesheet = nextBuild(dir);
  site.setRoot(dir);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(updateNotice(page)).toBeVisible();
  return stylesheet;
}

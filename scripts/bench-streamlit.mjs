// The Streamlit token table (streamlit-token-craft 0.2.0), measured side by side with Keyward by
// scripts/bench.mjs. Its published source package ships the built frontend; it is downloaded
// once into .bench-cache/ (git-ignored, never committed), served as it is on 127.0.0.1 and driven
// without Streamlit through the component protocol: the page, opened on its own, is its own
// parent, so it hears the `streamlit:componentReady` it posts and takes the table's data from a
// `streamlit:render` message posted to itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { elementCount, heapAfterGc, waitForPaint } from './bench-browser.mjs';

export const STREAMLIT_PACKAGE = 'streamlit-token-craft';
export const STREAMLIT_VERSION = '0.2.0';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The folder of its built frontend, downloaded with pip into `cacheDir` when missing. */
export function streamlitBuild(cacheDir) {
  const folder = resolve(cacheDir, `${STREAMLIT_PACKAGE}-${STREAMLIT_VERSION}`);
  const build = join(folder, 'build');
  if (existsSync(join(build, 'index.html'))) return build;
  const download = join(folder, 'download');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  const pip = spawnSync('pip', ['--version']).status === 0 ? ['pip'] : ['python3', '-m', 'pip'];
  console.log(`Downloading ${STREAMLIT_PACKAGE} ${STREAMLIT_VERSION} with ${pip.join(' ')} …`);
  execFileSync(
    pip[0],
    [...pip.slice(1), 'download', '--no-deps', '--disable-pip-version-check', `${STREAMLIT_PACKAGE}==${STREAMLIT_VERSION}`, '-d', download],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 },
  );
  const archive = readdirSync(download).find((name) => /\.(tar\.gz|whl|zip)$/.test(name));
  if (!archive) throw new Error(`pip downloaded no archive of ${STREAMLIT_PACKAGE} into ${download}`);
  const unpacked = join(folder, 'unpacked');
  mkdirSync(unpacked);
  if (archive.endsWith('.tar.gz')) execFileSync('tar', ['-xzf', join(download, archive), '-C', unpacked]);
  else execFileSync('python3', ['-m', 'zipfile', '-e', join(download, archive), unpacked]);
  const found = findBuild(unpacked);
  if (!found) throw new Error(`${archive} holds no token_craft/frontend/build/index.html`);
  renameSync(found, build);
  rmSync(unpacked, { recursive: true, force: true });
  return build;
}

function findBuild(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (path.endsWith(join('token_craft', 'frontend', 'build')) && existsSync(join(path, 'index.html'))) return path;
    const deeper = findBuild(path);
    if (deeper) return deeper;
  }
  return null;
}

/** `count` tokens in the shape its table takes, newest first, named as Keyward's keys are. */
export function streamlitTokens(count) {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const tokens = [];
  for (let i = count - 1; i >= 0; i--) {
    const chars = [...randomBytes(8)].map((b) => ALPHABET[b % 62]).join('');
    const masked = `${chars.slice(0, 4)}xxxxxxx${chars.slice(4)}`;
    tokens.push({
      id: String(i),
      key: masked,
      display_key: masked,
      name: `key-${i}`,
      dateCreated: new Date(start + i * 60_000).toISOString().slice(0, 10),
      lastUsed: 'Never',
      is_active: true,
    });
  }
  return tokens;
}

/** Notes when the page first says it can take data (the first `componentReady`). */
export function streamlitReadyWatcher() {
  addEventListener('message', (event) => {
    if (event.data?.type === 'streamlit:componentReady' && window.__benchReady === undefined) {
      window.__benchReady = performance.now();
    }
  });
}

/**
 * One fresh page of the Streamlit table holding `tokens`: navigation → rows painted, heap, DOM
 * size, scrolling, a keystroke and Enter in its rename field. `step(id, fn)` runs and times out
 * each figure (see bench.mjs); `renamed` is the name typed.
 */
export async function measureStreamlit({ page, cdp, url, tokens, step, renamed, scrollSteps }) {
  await page.addInitScript(streamlitReadyWatcher);
  await step('nav', async () => {
    await page.goto(url);
    await page.waitForFunction(() => window.__benchReady !== undefined);
    const ready = await page.evaluate(() => window.__benchReady);
    // The data reaches the page before the clock starts: Streamlit would send it from Python.
    await page.evaluate((list) => (window.__benchTokens = list), tokens);
    const render = await page.evaluate(async (count) => {
      await window.__bench.afterPaint();
      const start = performance.now();
      window.postMessage(
        {
          isStreamlitMessage: true,
          type: 'streamlit:render',
          args: {
            tokens: window.__benchTokens,
            columnVisibility: { name: true, key: true, dateCreated: true, lastUsed: true, actions: true },
          },
          dfs: [],
          disabled: false,
          theme: {
            base: 'light',
            primaryColor: '#ff4b4b',
            backgroundColor: '#ffffff',
            secondaryBackgroundColor: '#f0f2f6',
            textColor: '#31333F',
            font: 'sans-serif',
          },
        },
        '*',
      );
      delete window.__benchTokens;
      const end = await new Promise((resolve) => {
        const poll = () => {
          if (window.__bench.rowCount() >= count) {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now());
            channel.port2.postMessage(null);
          } else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
      return { start, end };
    }, tokens.length);
    const rows = await page.evaluate(() => window.__bench.rowCount());
    if (rows !== tokens.length) throw new Error(`the Streamlit table shows ${rows} rows, not ${tokens.length}`);
    // Navigation → ready, plus render message → painted.
    return { value: ready + (render.end - render.start), window: { start: 0, end: render.end } };
  });
  await step('heap', async () => ({ value: await heapAfterGc(cdp) }));
  await step('dom', async () => ({ value: await page.evaluate(elementCount) }));
  await step('scroll', async () => {
    const result = await page.evaluate((steps) => window.__bench.scroll(steps), scrollSteps);
    await page.evaluate(() => scrollTo(0, 0));
    if (result.longest === null) return { status: 'n/a (nothing to scroll)' };
    return { value: result.longest, window: result };
  });
  // Double-click the first name: its field appears, focused.
  const cell = page.locator('table tbody tr:first-child td:first-child');
  await step('renameKey', async () => {
    await cell.dblclick();
    await page.locator('table tbody tr:first-child td:first-child input').waitFor();
    await waitForPaint(page);
    await page.evaluate(() => window.__bench.arm({ trigger: 'keydown', until: 'input' }));
    await page.keyboard.press('x');
    const { start, end } = await page.evaluate(() => window.__bench.pending);
    return { value: end - start, window: { start, end } };
  });
  await step('renameEnter', async () => {
    await page.locator('table tbody tr:first-child td:first-child input').fill(renamed);
    await waitForPaint(page);
    await page.evaluate((name) => window.__bench.arm({ trigger: 'keydown', until: 'firstNameIs', arg: name }), renamed);
    await page.keyboard.press('Enter');
    const { start, end } = await page.evaluate(() => window.__bench.pending);
    return { value: end - start, window: { start, end } };
  });
}

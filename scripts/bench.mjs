// Measures Keyward's speed, memory and download size in headless Chromium and writes the
// figures (median, min, max over several runs, with the browser version) to BENCHMARKS.md.
//
// Usage: bash scripts/bench.sh   (builds the release first; or node scripts/bench.mjs after
// `trunk build --release`). Figures are measurements, never assertions.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { firstLoadSizes } from './check-size.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 4183);
const BASE = `http://127.0.0.1:${PORT}/`;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A stored token document with `count` plausible records (hashes and masks are random). */
function tokenDocument(count) {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const tokens = [];
  for (let i = 0; i < count; i++) {
    const chars = [...randomBytes(8)].map((b) => ALPHABET[b % 62]).join('');
    tokens.push({
      id: randomUUID(),
      name: `key-${i}`,
      hash: randomBytes(32).toString('hex'),
      display: `kw_${chars.slice(0, 4)}…${chars.slice(4)}`,
      created_at: new Date(start + i * 60_000).toISOString(),
      last_used_at: null,
      revoked_at: null,
      expires_at: null,
    });
  }
  return JSON.stringify({ version: 2, tokens });
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
};

async function measureOnce(browser, count, documentText) {
  // Every run is a first visit; the service worker's background install of the build's files
  // would compete with the page being measured, so it is kept out (see the header).
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  // Seed storage before the app starts, and note when the table first shows every row.
  await page.addInitScript(
    ({ text, expected }) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('keyward.tokens', text);
        sessionStorage.setItem('seeded', '1');
      }
      const check = () => {
        if (document.querySelectorAll('tbody tr').length >= expected) {
          requestAnimationFrame(() => setTimeout(() => (window.__tableShown = performance.now()), 0));
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
      addEventListener('TrunkApplicationStarted', (event) => {
        window.__wasmMemory = () => event.detail.wasm.memory.buffer.byteLength;
      });
    },
    { text: documentText, expected: count },
  );
  await page.goto(BASE);
  await page.waitForFunction(() => window.__tableShown !== undefined, null, { timeout: 120_000 });
  const shown = await page.evaluate(() => window.__tableShown);

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const memory = await page.evaluate(() => ({
    heap: performance.memory.usedJSHeapSize,
    wasm: window.__wasmMemory ? window.__wasmMemory() : 0,
    nodes: document.getElementsByTagName('*').length,
  }));

  // Rename the newest key (the first row): Enter → the new name painted. CSS locators, because
  // computing accessible names over a 10,000-row page takes Playwright longer than the app.
  await page.locator('tbody tr').first().locator('button', { hasText: 'Rename' }).click();
  const field = page.locator('input.rename-field');
  await field.waitFor();
  // `paint` resolves once the next frame has been painted.
  const keystroke = await field.evaluate(async (input) => {
    const paint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    await paint();
    const start = performance.now();
    input.value += 'x';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'x', inputType: 'insertText' }));
    await paint();
    return performance.now() - start;
  });
  const rename = await field.evaluate(async (input) => {
    const paint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    input.value = 'renamed';
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await paint();
    const start = performance.now();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    while (![...document.querySelectorAll('tbody td')].some((td) => td.textContent === 'renamed')) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    await paint();
    return performance.now() - start;
  });
  await context.close();
  return { shown, rename, keystroke, ...memory };
}

function startServer() {
  const server = spawn('node', ['scripts/serve-dist.mjs', String(PORT), 'dist'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, KEYWARD_SERVER_LIFETIME: '3600' },
  });
  return new Promise((resolve) => server.stdout.once('data', () => resolve(server)));
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [...chromiumArgs, '--enable-precise-memory-info'],
});
const results = {};
try {
  for (const count of SIZES) {
    const documentText = tokenDocument(count);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await measureOnce(browser, count, documentText));
      process.stdout.write(`${count} keys: run ${i + 1}/${RUNS}\r`);
    }
    results[count] = runs;
    console.log(`${count} keys: ${RUNS} runs done      `);
  }
} finally {
  await browser.close().catch(() => {});
  server.kill();
}

const version = browser.version();
const fmtMs = (s) => `${s.median.toFixed(0)} ms [${s.min.toFixed(0)}–${s.max.toFixed(0)}]`;
const fmtMiB = (s) => `${(s.median / 1048576).toFixed(1)} MiB [${(s.min / 1048576).toFixed(1)}–${(s.max / 1048576).toFixed(1)}]`;
const rows = [
  ['navigation → table painted', (r) => fmtMs(stats(r.map((x) => x.shown)))],
  ['rename: Enter → new name painted', (r) => fmtMs(stats(r.map((x) => x.rename)))],
  ['keystroke in rename field → next paint', (r) => fmtMs(stats(r.map((x) => x.keystroke)))],
  ['JS heap after render (after GC)', (r) => fmtMiB(stats(r.map((x) => x.heap)))],
  ['WebAssembly memory', (r) => fmtMiB(stats(r.map((x) => x.wasm)))],
  ['DOM elements', (r) => String(stats(r.map((x) => x.nodes)).median)],
];
const sizes = firstLoadSizes('dist');
const total = sizes.reduce((sum, f) => sum + f.gzip, 0);
const header = `| figure | ${SIZES.map((n) => `${n.toLocaleString('en')} keys`).join(' | ')} |`;
const lines = [
  '# Keyward benchmarks',
  '',
  'Written by `scripts/bench.mjs`; do not edit by hand. Release build, headless Chromium',
  `${version}, 1280×800, ${RUNS} runs per figure: median [min–max]. Each run is a fresh page`,
  "with the service worker blocked: its background install on a first visit would compete with",
  'the page.',
  `Measured ${new Date().toISOString().slice(0, 10)} on a ${process.platform} machine with ${(await import('node:os')).cpus().length} cores.`,
  '',
  header,
  `|---|${SIZES.map(() => '---').join('|')}|`,
  ...rows.map(([name, f]) => `| ${name} | ${SIZES.map((n) => f(results[n])).join(' | ')} |`),
  '',
  `First load: ${(total / 1024).toFixed(1)} KB gzip (level 9) in all.`,
  '',
  '| file | gzip | raw |',
  '|---|---|---|',
  ...sizes.map((f) => `| ${f.name.replace(/-[0-9a-f]{8,16}(?=[._])/, '')} | ${(f.gzip / 1024).toFixed(1)} KB | ${(f.raw / 1024).toFixed(1)} KB |`),
  '',
];
writeFileSync('BENCHMARKS.md', lines.join('\n'));
console.log(lines.join('\n'));

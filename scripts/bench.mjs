// Measures Keyward's speed, memory and download size in headless Chromium, side by side with the
// Streamlit token table (streamlit-token-craft 0.2.0) in the same run, and writes BENCHMARKS.md:
// every figure as median [min–max] over several fresh pages, at several numbers of keys, beside
// the "before" figures (fixed text: the BENCHMARKS.md committed before the performance issue),
// the Keyward/Streamlit ratio, the targets of the performance issue, and one line per figure on
// what dominates it, taken from a Chromium performance trace.
//
// Usage: bash scripts/bench.sh [--quick]          (builds the release, then runs this)
//        node scripts/bench.mjs [--quick]         (after `trunk build --release`)
// A full run (100, 1,000, 10,000 and 50,000 keys, 5 pages each) takes 10 to 30 minutes.
// --quick, for development: 100 and 1,000 keys, 1 page each, traces at 1,000 keys, and writes
// bench-quick.md in .bench-cache/ instead of BENCHMARKS.md.
// Settings (environment) override either mode: BENCH_SIZES (100,1000,10000,50000), BENCH_RUNS
// (5), BENCH_TRACE_SIZE (10000; 0: no traces), BENCH_STREAMLIT (1; 0: Keyward only),
// BENCH_TIMEOUT (seconds one step may take, 120), BENCH_PAGING (seconds spent paging through
// the table, 60), BENCH_PORT (4240; the Streamlit table is served on the next port), BENCH_OUT.
// BENCH_OUT is the file written (BENCHMARKS.md; --quick: .bench-cache/bench-quick.md). A smoke
// run of every figure, in under a minute on 2 cores, leaving BENCHMARKS.md alone:
//   BENCH_SIZES=100,1000,10000 BENCH_RUNS=1 BENCH_STREAMLIT=0 BENCH_PAGING=10 \
//   BENCH_OUT=.bench-cache/bench-smoke.md node scripts/bench.mjs
// The filter, sort and bulk-revoke figures are taken last on each page, after the keys are
// stored again as generated and the app loaded again (see `measureKeyward`); the bulk revoke
// of 1,000 keys only at sizes of 1,000 keys or more.
// Figures are measurements, never assertions: nothing here fails on a slow figure. It fails on
// purpose only when the keys it stores are not read as they should be (see `tokenFormat`).
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform } from 'node:os';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import {
  TRACE_CATEGORIES,
  elementCount,
  elementsByTag,
  heapAfterGc,
  heapSnapshotSummary,
  markSync,
  pageHelpers,
  summarizeTrace,
  waitForPaint,
} from './bench-browser.mjs';
import { STREAMLIT_VERSION, measureStreamlit, streamlitBuild, streamlitTokens } from './bench-streamlit.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { firstLoadSizes } from './check-size.mjs';
import { serveDist } from './serve-dist.mjs';

const env = process.env;
const QUICK = process.argv.includes('--quick');
const unknown = process.argv.slice(2).filter((arg) => arg !== '--quick');
if (unknown.length) {
  console.error(`Unknown argument ${unknown.join(' ')}. Usage: node scripts/bench.mjs [--quick]`);
  process.exit(2);
}
const SIZES = (env.BENCH_SIZES ?? (QUICK ? '100,1000' : '100,1000,10000,50000')).split(',').map(Number);
const RUNS = Number(env.BENCH_RUNS ?? (QUICK ? 1 : 5));
const TRACE_SIZE = Number(env.BENCH_TRACE_SIZE ?? (QUICK ? Math.max(...SIZES) : 10000));
const WITH_STREAMLIT = env.BENCH_STREAMLIT !== '0';
const STEP_TIMEOUT = Number(env.BENCH_TIMEOUT ?? 120) * 1000;
const PAGING_LIMIT = Number(env.BENCH_PAGING ?? 60) * 1000;
const PORT = Number(env.BENCH_PORT ?? 4240);
const OUT = env.BENCH_OUT ?? (QUICK ? '.bench-cache/bench-quick.md' : 'BENCHMARKS.md');
if (SIZES.some((n) => !Number.isInteger(n) || n < 1) || !(RUNS >= 1)) {
  console.error('BENCH_SIZES must be positive whole numbers and BENCH_RUNS at least 1.');
  process.exit(2);
}
const CACHE = '.bench-cache';
const VIEWPORT = { width: 1280, height: 800 };
/** Rows per page in the paginated table (the issue's UI contract). */
const PAGE_SIZE = 50;
/** At most this many frames to scroll the whole page. */
const SCROLL_STEPS = 60;
/** Page turns in the traced page (see the paging step). */
const TRACED_PAGE_TURNS = 20;
/** What is typed into the search field: it changes the first rows at every size measured. */
const SEARCH_CHARACTER = '7';
const RENAMED = 'bench-renamed';
const CREATED = 'bench-created';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The stored token document, in the format the app reads today (README, "Stored data"). This
 * is what to adapt when the format changes. The run stops with an error when the app does not
 * take what `document` writes as current: a banner, or a copy set aside as an older format.
 * `hasName`, `isRevoked` and `revokedAtLeast` read the stored text back, to tell that a change
 * was saved; they are sent to the page as source text, so they use nothing outside themselves.
 */
export const tokenFormat = {
  storageKey: 'keyward.tokens',
  backupPrefix: 'keyward.backup.',
  /**
   * `count` records named key-0 … key-(count - 1), the number padded with zeros to one width
   * (key-0000 … key-9999), so that a name prefix picks out 1,000 keys (see `bulkPrefix`);
   * created one minute apart. Every 10th key (key-…0) expired 3 days before the run and every
   * 10th + 1 (key-…1) expires 3 days after it ("Expiring soon"); the rest never expire.
   */
  document(count) {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const now = Date.now();
    const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const tokens = [];
    for (let i = 0; i < count; i++) {
      const chars = [...randomBytes(8)].map((b) => ALPHABET[b % 62]).join('');
      const status = tokenFormat.status(i);
      tokens.push({
        id: randomUUID(),
        name: tokenFormat.name(i, count),
        hash: randomBytes(32).toString('hex'),
        display: `kw_${chars.slice(0, 4)}…${chars.slice(4)}`,
        created_at: iso(start + i * 60_000),
        // Unset `last_used_at` and `revoked_at` are left out, as the app writes them.
        expires_at: status === 'expired' ? iso(now - 3 * 86_400_000) : status === 'expiring_soon' ? iso(now + 3 * 86_400_000) : null,
      });
    }
    return JSON.stringify({ version: 2, writers: { [randomBytes(12).toString('hex')]: 1 }, tokens });
  },
  /** The name of the `i`th of `count` keys. */
  name: (i, count) => `key-${String(i).padStart(String(Math.max(count - 1, 0)).length, '0')}`,
  /** The status `document` gives the `i`th key (the Status filter's option values). */
  status: (i) => (i % 10 === 0 ? 'expired' : i % 10 === 1 ? 'expiring_soon' : 'active'),
  /** The name prefix of exactly 1,000 of `count` (≥ 1,000) keys: key-0000 … key-0999 of 10,000,
   *  and every key of 1,000 (the prefix "key-"). */
  bulkPrefix: (count) => tokenFormat.name(0, count).slice(0, -3),
  hasName: (text, name) => JSON.parse(text).tokens.some((t) => t.name === name),
  isRevoked: (text, name) => JSON.parse(text).tokens.some((t) => t.name === name && t.revoked_at != null),
  revokedAtLeast: (text, count) => JSON.parse(text).tokens.filter((t) => t.revoked_at != null).length >= count,
  revokedCount: (text) => JSON.parse(text).tokens.filter((t) => t.revoked_at != null).length,
};

/** The stored column settings (README, "Stored data"), read back to tell that the filter and
 *  the order chosen were saved. */
export const settingsFormat = {
  storageKey: 'keyward.columns',
  filter: (text) => (text ? JSON.parse(text).filter : null),
  sortColumn: (text) => (text ? JSON.parse(text).sort?.column : null),
};

/** How many keys the bulk revoke ticks, and the fewest keys it is measured with. */
const BULK = 1000;

/** Every figure: what it measures, its unit, and whether the Streamlit table has it. */
const FIGURES = [
  {
    id: 'nav',
    label: 'navigation → first rows painted',
    unit: 'ms',
    streamlit: true,
    definition:
      'From the start of navigation (the keys already stored) to the end of the first frame painted with the first rows of the table in the DOM (all rows, or the first page of 50). For the Streamlit table: navigation → its first `componentReady`, plus posting the `streamlit:render` message with the tokens → all rows in the DOM → that frame painted.',
  },
  {
    id: 'search',
    label: 'search keystroke → filtered rows painted',
    unit: 'ms',
    definition: `One character ("${SEARCH_CHARACTER}") typed into the empty "Search keys" field: from the keydown event to the end of the first frame painted after the first row of the table changed (or "No keys match" replaced it).`,
  },
  {
    id: 'nextPage',
    label: '"Next page" → next page painted',
    unit: 'ms',
    definition: 'From the click on "Next page" to the end of the first frame painted with a different first row.',
  },
  {
    id: 'renameKey',
    label: 'rename keystroke → painted',
    unit: 'ms',
    streamlit: true,
    definition:
      "One key pressed in the first row's rename field: from the keydown event to the end of the first frame painted after the page's input handlers ran.",
  },
  {
    id: 'renameEnter',
    label: 'rename Enter → new name painted and saved',
    unit: 'ms',
    streamlit: true,
    definition:
      'Enter in the rename field: from the keydown event to the end of the first frame painted with the new name in the row; the new name must be in localStorage right after that frame (if it is not yet, the time it lands counts). The Streamlit table saves nothing itself (it hands the list to its Python host), so for it only the painting counts.',
  },
  {
    id: 'revoke',
    label: 'revoke confirm → row gone and saved',
    unit: 'ms',
    definition:
      'From the click on "Revoke key" in the confirmation to the end of the first frame painted without the row, the record revoked in localStorage (checked as for renaming).',
  },
  {
    id: 'create',
    label: 'create → "Save your key" painted',
    unit: 'ms',
    definition: 'From the click on "Create secret key" (the name typed) to the end of the first frame painted with the "Save your key" dialog.',
  },
  // The next three are measured last, on the page loaded again with the keys as first stored
  // and the default view (all keys, newest first): see `measureKeyward`.
  {
    id: 'filter',
    label: 'filter change → filtered rows painted',
    unit: 'ms',
    definition:
      'The "Status" filter changed from "All" to "Active" (the option chosen and its `change` event dispatched, as a browser does) on the first page, newest first: from that event to the end of the first frame painted with a full page of active keys only. Every 10th stored key has expired and every 10th + 1 expires in 3 days, so 10 of the 50 rows shown before go. That the choice was saved is checked afterwards, untimed.',
  },
  {
    id: 'sort',
    label: 'sort click → sorted rows painted',
    unit: 'ms',
    definition:
      "The page's first sort: a click on the Name column header's sort button (the active keys listed, newest first): from the click to the end of the first frame painted with the page's rows in name order (a new first row). The `aria-sort` of the header and the saved order are checked afterwards, untimed.",
  },
  {
    id: 'bulkRevoke',
    label: `bulk revoke of ${BULK.toLocaleString('en')} keys → rows gone and saved`,
    unit: 'ms',
    minKeys: BULK,
    definition: `At ${BULK.toLocaleString('en')} keys or more. Untimed: the filter set back to "All", the name prefix of exactly ${BULK.toLocaleString('en')} keys typed into "Search keys" (key-0… of 10,000; "key-", every key, of 1,000), "Select all" ticked ("${BULK.toLocaleString('en')} keys selected") and "Revoke selected" pressed. Timed: from the click on "Revoke keys" in the confirmation ("Revoke ${BULK.toLocaleString('en')} keys?") to the end of the first frame painted without any of the rows shown before (the search then matches no key left, so the table gives way to its empty state), with ${BULK.toLocaleString('en')} more revoked records in localStorage (checked as for renaming; exactly ${BULK.toLocaleString('en')} more is checked afterwards).`,
  },
  {
    id: 'scroll',
    label: 'scroll top → bottom: longest frame',
    unit: 'ms',
    streamlit: true,
    definition: `The page scrolled from top to bottom, one step per frame (a viewport, or more so that it takes at most ${SCROLL_STEPS} frames): the longest interval between two consecutive animation frames. 16.7 ms is a perfect 60 Hz frame.`,
  },
  {
    id: 'paging',
    label: 'paging first → last page: longest frame',
    unit: 'ms',
    definition:
      'From the first page, "Next page" pressed again as soon as the frame showing the previous page was painted, until the last page (or for at most the paging limit, then said beside the figure): the longest interval between two consecutive animation frames.',
  },
  {
    id: 'storeWrite',
    label: 'one localStorage.setItem of the stored document',
    unit: 'ms',
    definition:
      "The browser's own cost of saving, which every change pays at least once: the page's stored token document written back by `localStorage.setItem`, with one space added so that Chromium cannot skip it as unchanged, timed in the page with `performance.now()`; the median of 3 writes after the other figures (the document is put back as it was after each).",
  },
  {
    id: 'heap',
    label: 'JS heap after the table is shown (after GC)',
    unit: 'MiB',
    streamlit: true,
    definition: 'Right after the first rows are painted: `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage().usedSize` (DevTools protocol).',
  },
  {
    id: 'wasm',
    label: 'WebAssembly memory',
    unit: 'MiB',
    definition: "The byte length of the wasm module's linear memory at the same moment (it only grows).",
  },
  {
    id: 'storage',
    label: 'localStorage bytes per key',
    unit: 'B',
    definition:
      "All of the origin's localStorage (keys and values) as Chromium counts it against its 10 MiB quota, 2 bytes per UTF-16 code unit, right after the table is shown, divided by the number of keys.",
  },
  {
    id: 'dom',
    label: 'DOM elements after the table is shown',
    unit: 'count',
    streamlit: true,
    definition: "`document.getElementsByTagName('*').length` at the same moment.",
  },
];
const NA = { status: 'n/a (not in this build)' };

/**
 * The "before" column: the figures of the BENCHMARKS.md committed before the performance issue
 * (commit dcfe040: every key rendered in one table, no search, no pages), kept as fixed text.
 * That run measured 100, 1,000 and 10,000 keys with the same machine type and browser; its
 * "navigation → table painted" waited for all rows, which that build drew at once.
 */
const BEFORE = {
  source: 'BENCHMARKS.md as committed in dcfe040 (2026-11-25), the build before the performance issue',
  figures: {
    nav: { 100: '272 ms [232–366]', 1000: '721 ms [705–825]', 10000: '4,114 ms [4,039–4,274]' },
    renameEnter: { 100: '43 ms [29–47]', 1000: '124 ms [120–144]', 10000: '1,165 ms [1,153–1,196]' },
    renameKey: { 100: '24 ms [20–32]', 1000: '40 ms [39–42]', 10000: '291 ms [272–295]' },
    heap: { 100: '1.7 MiB', 1000: '3.1 MiB', 10000: '13.7 MiB' },
    wasm: { 100: '1.8 MiB', 1000: '7.1 MiB', 10000: '61.6 MiB' },
    dom: { 100: '1,764', 1000: '17,064', 10000: '170,064' },
  },
  firstLoad: '149.5 KB',
};


class StepTimeout extends Error {}
/** An error that stops the whole run: the measurement itself would be wrong. */
class Fatal extends Error {}

const withTimeout = (promise, ms) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new StepTimeout()), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });

const firstLine = (text) => String(text).split('\n')[0].slice(0, 160);

/**
 * Runs the figures of one page in order into `result`. Each step has `STEP_TIMEOUT`; one that
 * times out or fails leaves the rest of this page unmeasured (the page may be stuck). With a
 * `tracer`, each timed step is traced and summarised.
 */
function stepper(result, tracer, label) {
  let stopped = null;
  return async (id, run) => {
    if (stopped) {
      result[id] = { status: stopped };
      return;
    }
    // Only the timed figures are traced; the memory figures are explained otherwise.
    const traced = tracer && FIGURES.find((f) => f.id === id)?.unit === 'ms' ? tracer : null;
    if (tracer) console.log(`  ${label} ${id}${traced ? ' (traced)' : ''}`);
    if (traced) await traced.start();
    let outcome;
    try {
      outcome = await withTimeout(run(), STEP_TIMEOUT);
    } catch (error) {
      if (traced) await traced.abort();
      if (error instanceof Fatal) throw error;
      const status = error instanceof StepTimeout ? `did not finish within ${STEP_TIMEOUT / 1000} s` : `failed: ${firstLine(error.message)}`;
      console.log(`  ${label} ${id}: ${status}`);
      result[id] = { status };
      stopped = 'not measured (an earlier step of the page did not finish)';
      return;
    }
    result[id] = outcome.status ? { status: outcome.status } : { value: outcome.value, savedLate: outcome.savedLate, note: outcome.note };
    if (traced) await traced.stop(id, outcome.window);
  };
}

/** A tracer for one page: one Chromium trace per timed step, summarised into `dominated`. */
function pageTracer(browser, page, dominated) {
  let tracing = false;
  return {
    async start() {
      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      tracing = true;
    },
    async abort() {
      if (tracing) await withTimeout(browser.stopTracing(), 30_000).catch(() => {});
      tracing = false;
    },
    async stop(id, window) {
      if (!tracing) return;
      const syncAt = window ? await markSync(page) : 0;
      tracing = false;
      let buffer;
      try {
        buffer = await withTimeout(browser.stopTracing(), STEP_TIMEOUT);
      } catch (error) {
        dominated[id] = 'no trace (the browser did not hand it over in time)';
        throw new Error(`the trace of ${id} was not handed over: ${firstLine(error.message || 'timeout')}`);
      }
      if (window) dominated[id] = summarizeTrace(buffer, { ...window, syncAt }).line;
    },
  };
}

/** Opens a context: every run is a first visit, with the service worker blocked (its background
 *  install of the build's files would compete with the page measured). */
const freshContext = (browser) => browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });

async function closeContext(session, context) {
  try {
    await withTimeout(context.close(), 30_000);
  } catch {
    // A renderer stuck in a long task can keep its context from closing: start over.
    console.log('  (the browser did not close a page in time; restarting it)');
    await session.restart();
  }
}

/** Stores `text` as the token document in a first page of the origin (a 404 page). */
async function seed(context, baseUrl, text) {
  const seeder = await context.newPage();
  await seeder.goto(`${baseUrl}bench-seed-page`);
  const refused = await seeder.evaluate(
    ([key, value]) => {
      localStorage.clear();
      try {
        localStorage.setItem(key, value);
        return null;
      } catch (error) {
        return error.name;
      }
    },
    [tokenFormat.storageKey, text],
  );
  // Chromium commits localStorage writes asynchronously: a page closed right after writing a
  // few megabytes can lose the write, and another page can load before it lands. So the
  // writer stays open until a freshly loaded page reads the whole document back.
  if (!refused) {
    const reader = await context.newPage();
    const deadline = Date.now() + 60_000;
    for (;;) {
      await reader.goto(`${baseUrl}bench-seed-page`);
      const length = await reader.evaluate((key) => localStorage.getItem(key)?.length ?? 0, tokenFormat.storageKey);
      if (length === text.length) break;
      if (Date.now() > deadline) throw new Fatal('The generated keys did not reach localStorage within 60 s.');
      await reader.waitForTimeout(100);
    }
    await reader.close();
  }
  await seeder.close();
  return refused;
}

/** One fresh page of Keyward holding `count` keys: every figure, in an order where each step
 *  leaves the page as the next expects it. With `dominated`, every figure is traced instead. */
async function measureKeyward(session, baseUrl, count, text, dominated = null) {
  const result = {};
  const context = await freshContext(session.browser);
  try {
    const refused = await seed(context, baseUrl, text);
    if (refused) {
      const status = `does not fit: ${count.toLocaleString('en')} keys in the current stored format are ${mib(2 * text.length)} as Chromium counts localStorage (2 bytes a character), over its 10 MiB quota (${refused}), so they cannot be stored for the app to load`;
      for (const figure of FIGURES) result[figure.id] = { status: 'does not fit (see navigation)' };
      result.nav = { status };
      result.doesNotFit = true;
      return result;
    }
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.addInitScript(pageHelpers, { firstRows: Math.min(count, PAGE_SIZE) });
    const cdp = await context.newCDPSession(page);
    const tracer = dominated ? pageTracer(session.browser, page, dominated) : null;
    const step = stepper(result, tracer, `Keyward ${count}:`);

    await step('nav', async () => {
      await page.goto(baseUrl);
      await page.waitForFunction(() => window.__benchShown !== undefined || document.querySelector('.banner'));
      await assertReadAsCurrent(page, count);
      const end = await page.evaluate(() => window.__benchShown);
      return { value: end, window: { start: 0, end } };
    });
    await installFormat(page);

    await step('dom', async () => ({ value: await page.evaluate(elementCount) }));
    await step('storage', async () => {
      const bytes = await page.evaluate(() => {
        let units = 0;
        for (let i = 0; i < localStorage.length; i++) {
          const key = localStorage.key(i);
          units += key.length + localStorage.getItem(key).length;
        }
        return 2 * units;
      });
      return { value: bytes / count };
    });
    await step('heap', async () => ({ value: await heapAfterGc(cdp) }));
    await step('wasm', async () => {
      const bytes = await page.evaluate(() => window.__benchWasmMemory?.buffer.byteLength ?? null);
      return bytes === null ? { status: 'n/a (no wasm memory found)' } : { value: bytes };
    });
    if (dominated) await explainMemory(page, cdp, dominated);

    await step('scroll', async () => {
      const scrolled = await page.evaluate((steps) => window.__bench.scroll(steps), SCROLL_STEPS);
      await page.evaluate(() => scrollTo(0, 0));
      await waitForPaint(page);
      if (scrolled.longest === null) return { status: 'n/a (nothing to scroll)' };
      return { value: scrolled.longest, window: scrolled };
    });

    await step('search', async () => {
      const box = page.locator('input[type="search"]');
      if ((await box.count()) === 0) return NA;
      await box.first().click();
      await waitForPaint(page);
      const before = await page.evaluate(() => window.__bench.firstRowName());
      await page.evaluate((name) => window.__bench.arm({ trigger: 'keydown', until: 'firstNameIsNot', arg: name }), before);
      await page.keyboard.press(SEARCH_CHARACTER);
      const timed = await page.evaluate(() => window.__bench.pending);
      // Escape clears the search (the contract); clearing the field is the fallback.
      await page.keyboard.press('Escape');
      const back = (name) => window.__bench.firstRowName() === name;
      await page.waitForFunction(back, before, { polling: 'raf', timeout: 10_000 }).catch(async () => {
        await box.first().fill('');
        await page.waitForFunction(back, before, { polling: 'raf' });
      });
      return interaction(timed);
    });

    await step('nextPage', async () => {
      const pages = page.locator('nav[aria-label="Pages"]');
      const next = pages.locator('button', { hasText: 'Next page' });
      if ((await next.count()) === 0) return NA;
      if (await next.isDisabled()) return { status: 'n/a (a single page)' };
      const before = await page.evaluate(() => window.__bench.firstRowName());
      await waitForPaint(page);
      await page.evaluate((name) => window.__bench.arm({ trigger: 'click', until: 'firstNameIsNot', arg: name }), before);
      await next.click();
      const timed = await page.evaluate(() => window.__bench.pending);
      await pages.locator('button', { hasText: 'Previous page' }).click();
      await page.waitForFunction((name) => window.__bench.firstRowName() === name, before, { polling: 'raf' });
      return interaction(timed);
    });

    // CSS locators from here on: computing accessible names over a page of many thousand rows
    // takes Playwright far longer than the app takes to act.
    // The rename field, not the row's checkbox ("Select <name>").
    const field = page.locator('tbody tr:first-child input:not([type="checkbox"])');
    await step('renameKey', async () => {
      await page.locator('tbody tr:first-child button', { hasText: 'Rename' }).click();
      await field.waitFor();
      if (!(await field.evaluate((input) => input === document.activeElement))) await field.focus();
      await waitForPaint(page);
      await page.evaluate(() => window.__bench.arm({ trigger: 'keydown', until: 'input' }));
      await page.keyboard.press('x');
      return interaction(await page.evaluate(() => window.__bench.pending));
    });

    await step('renameEnter', async () => {
      await field.fill(RENAMED);
      await waitForPaint(page);
      await page.evaluate(
        ([name, key]) =>
          window.__bench.arm({ trigger: 'keydown', until: 'firstNameIs', arg: name, saved: { check: 'hasName', name, key } }),
        [RENAMED, tokenFormat.storageKey],
      );
      await page.keyboard.press('Enter');
      return interaction(await page.evaluate(() => window.__bench.pending));
    });

    await step('revoke', async () => {
      await page.locator('tbody tr:first-child button', { hasText: 'Revoke' }).click();
      const confirm = page.locator('dialog[open] button', { hasText: 'Revoke key' });
      await confirm.waitFor();
      await waitForPaint(page);
      await page.evaluate(
        ([name, key]) =>
          window.__bench.arm({ trigger: 'click', until: 'firstNameIsNot', arg: name, saved: { check: 'isRevoked', name, key } }),
        [RENAMED, tokenFormat.storageKey],
      );
      await confirm.click();
      return interaction(await page.evaluate(() => window.__bench.pending));
    });

    await step('create', async () => {
      await page.locator('button', { hasText: 'Create new secret key' }).first().click();
      await page.locator('dialog[open] input[type="text"]').first().fill(CREATED);
      await waitForPaint(page);
      await page.evaluate(() => window.__bench.arm({ trigger: 'click', until: 'dialogSays', arg: 'Save your key' }));
      await page.locator('dialog[open] button[type="submit"]').click();
      return interaction(await page.evaluate(() => window.__bench.pending));
    });

    await step('paging', async () => {
      // The reveal dialog of the key just created closes on Escape.
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
      // A traced page turns 20 pages only: a trace of hundreds would take the browser minutes
      // and gigabytes to write, and the turns are alike.
      const paged = await page.evaluate(([limit, turns]) => window.__bench.pageThrough(limit, turns), [PAGING_LIMIT, dominated ? TRACED_PAGE_TURNS : 1e9]);
      if (paged.status) return { status: paged.status };
      const note = paged.atEnd || dominated ? undefined : `${paged.turns} of ${paged.pages - 1} page turns in ${PAGING_LIMIT / 1000} s`;
      return { value: paged.longest, window: paged, note };
    });

    await step('storeWrite', async () => {
      const ms = await page.evaluate((key) => {
        const text = localStorage.getItem(key);
        const times = [];
        for (let i = 0; i < 3; i++) {
          const start = performance.now();
          localStorage.setItem(key, `${text} `);
          times.push(performance.now() - start);
          localStorage.setItem(key, text);
        }
        return times.sort((a, b) => a - b)[1];
      }, tokenFormat.storageKey);
      return { value: ms };
    });

    // The filter, the sort and the bulk revoke start from the keys as first stored and the
    // default view, each the first of its kind on the page: the keys are stored again (the
    // page away on about:blank meanwhile, so that it does not follow the change) and the app
    // loaded again. Untimed; a failure leaves the three unmeasured.
    await step('reload', async () => {
      await page.goto('about:blank');
      await seed(context, baseUrl, text);
      await page.goto(baseUrl);
      await page.waitForFunction(() => window.__benchShown !== undefined || document.querySelector('.banner'));
      await assertReadAsCurrent(page, count);
      await installFormat(page);
      await waitForPaint(page);
      return { value: 0 };
    });

    const active = [...Array(count).keys()].filter((i) => tokenFormat.status(i) === 'active').length;
    const statusSelect = page.locator('select:has(option[value="active"])');
    await step('filter', async () => {
      if ((await statusSelect.count()) === 0) return NA;
      const arg = { status: 'active', count: Math.min(PAGE_SIZE, active) };
      if (await page.evaluate((arg) => window.__bench.holds('rowsOfStatus', arg), arg)) {
        return { status: 'n/a (the first page holds active keys only)' };
      }
      await page.evaluate((arg) => window.__bench.arm({ trigger: 'change', until: 'rowsOfStatus', arg }), arg);
      await statusSelect.selectOption('active');
      const timed = await page.evaluate(() => window.__bench.pending);
      await waitForSetting(page, 'filter', 'active');
      return interaction(timed);
    });

    await step('sort', async () => {
      const button = page.locator('th.col-name button.sort-button');
      if ((await button.count()) === 0) return NA;
      const rows = Math.min(PAGE_SIZE, active);
      if (await page.evaluate((rows) => window.__bench.holds('namesAscending', rows), rows)) {
        return { status: 'failed: the rows were in name order before the click' };
      }
      await page.evaluate((rows) => window.__bench.arm({ trigger: 'click', until: 'namesAscending', arg: rows }), rows);
      await button.click();
      const timed = await page.evaluate(() => window.__bench.pending);
      await page.locator('th.col-name[aria-sort="ascending"]').waitFor({ timeout: 10_000 });
      await waitForSetting(page, 'sortColumn', 'name');
      return interaction(timed);
    });

    await step('bulkRevoke', async () => {
      if (count < BULK) return { status: `n/a (fewer than ${BULK.toLocaleString('en')} keys)` };
      const selectAll = page.locator('th.col-select input[type="checkbox"]');
      if ((await selectAll.count()) === 0) return NA;
      if ((await statusSelect.count()) > 0) await statusSelect.selectOption('all');
      await page.locator('input[type="search"]').first().fill(tokenFormat.bulkPrefix(count));
      const selected = `${BULK.toLocaleString('en')} keys selected`;
      const bar = page.locator('.bulk-bar');
      // Once the search has taken effect: every row shown has the prefix.
      await page.waitForFunction(
        (prefix) => window.__bench.rowNames().length > 0 && window.__bench.rowNames().every((name) => name.startsWith(prefix)),
        tokenFormat.bulkPrefix(count),
        { polling: 'raf' },
      );
      await selectAll.check();
      await page.waitForFunction(() => /\d keys? selected/.test(document.querySelector('.bulk-bar')?.textContent ?? ''), null, { polling: 'raf' });
      const said = (await bar.locator('[role="status"]').textContent()).trim();
      if (said !== selected) return { status: `failed: "Select all" ticked "${said}", not "${selected}"` };
      await bar.locator('button', { hasText: 'Revoke selected' }).click();
      await page.waitForFunction((text) => window.__bench.holds('dialogSays', text), `Revoke ${BULK.toLocaleString('en')} keys?`);
      const confirm = page.locator('dialog[open] button', { hasText: 'Revoke keys' });
      await confirm.waitFor();
      await waitForPaint(page);
      const shown = await page.evaluate(() => window.__bench.rowNames());
      const before = await revokedInStorage(page);
      await page.evaluate(
        ([names, key, revoked]) =>
          window.__bench.arm({ trigger: 'click', until: 'namesGone', arg: names, saved: { check: 'revokedAtLeast', name: revoked, key } }),
        [shown, tokenFormat.storageKey, before + BULK],
      );
      await confirm.click();
      const timed = await page.evaluate(() => window.__bench.pending);
      const after = await revokedInStorage(page);
      if (after !== before + BULK) return { status: `failed: ${after - before} records revoked, not ${BULK.toLocaleString('en')}` };
      return interaction(timed);
    });
  } finally {
    await closeContext(session, context);
  }
  return result;
}

const interaction = ({ start, end, savedLate }) => ({ value: end - start, window: { start, end }, savedLate });

/** Gives the page the functions that read the stored documents back (`window.__benchFormat`,
 *  `window.__benchSettings`), as source text evaluated through the DevTools protocol (the
 *  page's content security policy would refuse an `eval` of its own). */
const installFormat = (page) =>
  page.evaluate(
    `window.__benchFormat = { hasName: ${tokenFormat.hasName}, isRevoked: ${tokenFormat.isRevoked}, revokedAtLeast: ${tokenFormat.revokedAtLeast}, revokedCount: ${tokenFormat.revokedCount} };
     window.__benchSettings = { filter: ${settingsFormat.filter}, sortColumn: ${settingsFormat.sortColumn} };`,
  );

/** How many revoked records the stored token document holds. */
const revokedInStorage = (page) =>
  page.evaluate((key) => window.__benchFormat.revokedCount(localStorage.getItem(key) ?? ''), tokenFormat.storageKey);

/** Waits (10 s at most) until the stored column settings say `value` for `field` of
 *  `settingsFormat` ('filter' or 'sortColumn'); fails the step otherwise. */
async function waitForSetting(page, field, value) {
  const read = ({ field, key, value }) => {
    const stored = window.__benchSettings[field](localStorage.getItem(key));
    return value === undefined ? JSON.stringify(stored) : stored === value;
  };
  const key = settingsFormat.storageKey;
  try {
    await page.waitForFunction(read, { field, key, value }, { timeout: 10_000 });
  } catch {
    const stored = await page.evaluate(read, { field, key });
    throw new Error(`the ${field === 'filter' ? 'filter' : 'order'} chosen was not saved (${key} has ${firstLine(stored)})`);
  }
}

/** Fails the run when the app did not read the stored keys as its current format. */
async function assertReadAsCurrent(page, count) {
  const state = await page.evaluate((prefix) => {
    const banner = [...document.querySelectorAll('.banner, [role="alert"]')].map((e) => e.textContent.trim()).filter(Boolean);
    const setAside = Object.keys(localStorage).filter((key) => key.startsWith(prefix));
    return { banner, setAside, rows: window.__bench.rowCount() };
  }, tokenFormat.backupPrefix);
  if (state.banner.length || state.setAside.length) {
    throw new Fatal(
      `Keyward did not take the generated ${count} keys as its current format: ${
        state.banner.length ? `it shows "${firstLine(state.banner.join(' / '))}"` : `it set them aside as ${state.setAside.join(', ')}`
      }. Adapt tokenFormat in scripts/bench.mjs to the format in the README's "Stored data".`,
    );
  }
  if (state.rows !== count && state.rows !== Math.min(count, PAGE_SIZE)) {
    throw new Fatal(`Keyward shows ${state.rows} rows for ${count} stored keys.`);
  }
}

/** The lines on what the memory figures are made of (trace run only). */
async function explainMemory(page, cdp, dominated) {
  await cdp.send('HeapProfiler.enable');
  dominated.heap = await heapSnapshotSummary(cdp);
  await cdp.send('HeapProfiler.disable');
  const tags = await page.evaluate(elementsByTag);
  const total = tags.reduce((sum, [, n]) => sum + n, 0);
  dominated.dom = `elements by tag: ${tags
    .slice(0, 5)
    .map(([tag, n]) => `${tag} ${Math.round((100 * n) / total)}%`)
    .join(', ')}`;
  const text = await page.evaluate((key) => localStorage.getItem(key), tokenFormat.storageKey);
  dominated.storage = storageBreakdown(text);
  dominated.wasm = 'not broken down: what the allocator keeps inside the linear memory is not visible to tracing';
}

/** Which fields of the stored records take the room (share of the document's characters). */
function storageBreakdown(text) {
  const document = JSON.parse(text);
  const records = Object.values(document).filter(Array.isArray).sort((a, b) => b.length - a.length)[0] ?? [];
  const byField = {};
  for (const record of records) {
    if (typeof record !== 'object' || record === null) continue;
    for (const [field, value] of Object.entries(record)) {
      byField[field] = (byField[field] ?? 0) + JSON.stringify(field).length + JSON.stringify(value).length + 2;
    }
  }
  const parts = Object.entries(byField)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([field, chars]) => `${field} ${Math.round((100 * chars) / text.length)}%`);
  const wide = /[^\u0000-\u00ff]/.test(text) ? 'it holds characters beyond Latin-1 (e.g. "…")' : 'all Latin-1';
  return `share of the stored text by record field (with its name and quotes): ${parts.join(', ')}; ${wide}, and Chromium counts 2 bytes per character either way`;
}

/** One fresh page of the Streamlit table holding `tokens`. */
async function measureStreamlitOnce(session, url, tokens) {
  const result = {};
  const context = await freshContext(session.browser);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.addInitScript(pageHelpers, { firstRows: 0 });
    const cdp = await context.newCDPSession(page);
    const step = stepper(result, null, `Streamlit ${tokens.length}:`);
    await measureStreamlit({ page, cdp, url, tokens, step, renamed: RENAMED, scrollSteps: SCROLL_STEPS });
  } finally {
    await closeContext(session, context);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Figures → text

const median = (sorted) => {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Per figure and size: `{median, min, max, runs, of}` or `{status}`; `savedLate` runs noted. */
function aggregate(runsBySize) {
  const figures = {};
  for (const [size, runs] of Object.entries(runsBySize)) {
    for (const figure of FIGURES) {
      const results = runs.map((run) => run[figure.id]).filter(Boolean);
      if (!results.length) continue;
      const values = results.filter((r) => typeof r.value === 'number').map((r) => r.value).sort((a, b) => a - b);
      figures[figure.id] ??= {};
      if (values.length) {
        figures[figure.id][size] = {
          median: median(values),
          min: values[0],
          max: values[values.length - 1],
          runs: values.length,
          of: results.length,
          savedLate: results.filter((r) => r.savedLate).length,
          note: results.find((r) => r.note)?.note,
        };
      } else {
        const counts = {};
        for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
        figures[figure.id][size] = { status: Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0] };
      }
    }
  }
  return figures;
}

const number = (value) => {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
};
const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
const scale = { ms: 1, MiB: 1048576, B: 1, count: 1 };

function formatFigure(figure, entry) {
  if (!entry) return '–';
  if (entry.status) return entry.status;
  const k = scale[figure.unit];
  const unit = figure.unit === 'count' ? '' : ` ${figure.unit}`;
  const same = entry.min === entry.max;
  let text = `${number(entry.median / k)}${unit}`;
  if (!same) text += ` [${number(entry.min / k)}–${number(entry.max / k)}]`;
  if (entry.runs < entry.of) text += ` (${entry.runs} of ${entry.of} runs)`;
  if (entry.savedLate) text += ` (saved after the paint in ${entry.savedLate})`;
  if (entry.note) text += ` (${entry.note})`;
  return text;
}

const ratio = (a, b) => {
  if (!a || !b || a.status || b.status || !b.median) return '–';
  const r = a.median / b.median;
  return `${r >= 10 ? Math.round(r) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}×`;
};

const keys = (n) => `${n.toLocaleString('en')} key${n === 1 ? '' : 's'}`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** What stands in the way of the targets that no change to the app can meet, from this run's
 *  own figures. */
function whyNotMet(now) {
  const write = now.storeWrite?.[10000];
  if (!write || write.status) return [];
  return [
    `Why the saves miss one frame: every change (rename Enter, revoke, bulk revoke, create) reads the stored document and writes all of it back, so that tabs never undo each other (README, "Stored data"). At 10,000 keys the browser's own \`localStorage.setItem\` of that document takes ${number(write.median)} ms (median) in this run (figure "one localStorage.setItem of the stored document"), of the 16 ms a frame has, before the app has encoded the document or painted anything; a save within one frame would need the keys spread over many storage entries, which gives up the one-document guarantees.`,
    '',
  ];
}

/** The targets of the performance issue, checked against this run. */
function targets(now, streamlit, firstLoad) {
  const at = (id, n) => now[id]?.[n];
  const ms = (entry) => (entry && !entry.status ? `${number(entry.median)} ms` : entry?.status ?? 'not measured');
  // Not measured at all (a size left out, e.g. --quick) is not a failure of the build.
  const met = (entry, limit) => (entry && !entry.status ? (entry.median <= limit ? 'yes' : 'no') : entry ? 'no' : 'not measured');
  const interactions = ['search', 'filter', 'sort', 'nextPage', 'renameKey', 'renameEnter', 'revoke', 'bulkRevoke', 'create'];
  const rows = [];
  for (const id of interactions) {
    rows.push([`10,000 keys: ${label(id)} ≤ 16 ms`, ms(at(id, 10000)), met(at(id, 10000), 16)]);
  }
  rows.push(['10,000 keys: scrolling the page, longest frame ≤ one 60 Hz frame (16.7 ms)', ms(at('scroll', 10000)), met(at('scroll', 10000), 16.7)]);
  rows.push(['10,000 keys: paging first → last page, longest frame ≤ one 60 Hz frame (16.7 ms)', ms(at('paging', 10000)), met(at('paging', 10000), 16.7)]);
  rows.push(['10,000 keys: navigation → first rows ≤ 300 ms', ms(at('nav', 10000)), met(at('nav', 10000), 300)]);
  const mem = (entry) => (entry && !entry.status ? mib(entry.median) : entry?.status ?? 'not measured');
  rows.push(['10,000 keys: JS heap ≤ 10 MiB', mem(at('heap', 10000)), met(at('heap', 10000), 10 * 1048576)]);
  rows.push(['10,000 keys: wasm memory ≤ 24 MiB', mem(at('wasm', 10000)), met(at('wasm', 10000), 24 * 1048576)]);
  const nav50 = at('nav', 50000);
  rows.push([
    '50,000 keys: the app loads (or explains the quota)',
    nav50 ? ms(nav50) : 'not measured',
    !nav50 ? 'not measured' : !nav50.status ? 'yes' : 'no',
  ]);
  for (const id of ['search', 'renameKey', 'renameEnter']) {
    rows.push([`50,000 keys: ${label(id)} < 50 ms`, ms(at(id, 50000)), met(at(id, 50000), 49.999)]);
  }
  // The browser's own write is a reference, not something the app does faster or slower; a
  // figure not measured at 100 keys (the bulk revoke of 1,000) has nothing to compare with.
  const timed = FIGURES.filter(
    (f) => ((f.unit === 'ms' && f.id !== 'storeWrite') || f.id === 'heap' || f.id === 'wasm' || f.id === 'dom') && !(f.minKeys > 100),
  );
  const flatMeasured = timed.some((f) => at(f.id, 10000) && at(f.id, 100));
  const notFlat = timed
    .filter((f) => {
      const big = at(f.id, 10000);
      const small = at(f.id, 100);
      return !big || big.status || !small || small.status || big.median > 2 * small.median;
    })
    .map((f) => f.label);
  rows.push([
    'each figure at 10,000 keys within 2× of the same figure at 100 keys',
    !flatMeasured ? 'not measured' : notFlat.length ? `not: ${notFlat.join('; ')}` : 'all',
    !flatMeasured ? 'not measured' : notFlat.length ? 'no' : 'yes',
  ]);
  const shared = FIGURES.filter((f) => f.streamlit);
  const tenfoldMeasured = shared.some((f) => at(f.id, 10000) && streamlit[f.id]?.[10000]);
  const notTenfold = shared
    .filter((f) => {
      const ours = at(f.id, 10000);
      const theirs = streamlit[f.id]?.[10000];
      return !ours || ours.status || !theirs || theirs.status || ours.median * 10 > theirs.median;
    })
    .map((f) => `${f.label} (${ratio(at(f.id, 10000), streamlit[f.id]?.[10000])})`);
  rows.push([
    'each figure at 10,000 keys at least 10× better than the Streamlit table (ratio ≤ 0.1×)',
    !tenfoldMeasured ? 'not measured' : notTenfold.length ? `not: ${notTenfold.join('; ')}` : 'all',
    !tenfoldMeasured ? 'not measured' : notTenfold.length ? 'no' : 'yes',
  ]);
  rows.push(['first load ≤ 120 KB gzip', kb(firstLoad.total), firstLoad.total <= 120 * 1024 ? 'yes' : 'no']);
  return rows;
}

const label = (id) => FIGURES.find((f) => f.id === id).label;

function firstLoadOf(dir) {
  const files = firstLoadSizes(dir).map((f) => ({ name: f.name.replace(/[-.][0-9a-f]{8,16}(?=[._])/, ''), gzip: f.gzip, raw: f.raw }));
  return { total: files.reduce((sum, f) => sum + f.gzip, 0), files };
}

function gitDescription() {
  try {
    // The last commit that changed what is built, not the benchmark's own commits.
    const built = ['src', 'styles', 'index.html', 'Cargo.toml', 'Cargo.lock', 'assets', 'Trunk.toml'];
    const commit = execFileSync('git', ['log', '-1', '--format=%h', '--', ...built], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', ...built], {
      encoding: 'utf8',
    }).trim();
    return changed ? `${commit} + uncommitted changes` : commit;
  } catch {
    return 'unknown commit';
  }
}

function report({ now, streamlit, dominated, firstLoad, streamlitLoad, meta }) {
  const sizes = SIZES;
  const lines = [
    '# Keyward benchmarks',
    '',
    'Written by `scripts/bench.mjs` (`bash scripts/bench.sh`); do not edit by hand. Figures are',
    'measured, never asserted in tests.',
    '',
    `- Measured ${meta.date} in ${meta.minutes} minutes on ${meta.machine}; headless Chromium ${meta.browser}`,
    `  (software rendering), viewport ${VIEWPORT.width}×${VIEWPORT.height}.`,
    `- This build: ${meta.build}. "Before": ${BEFORE.source}, kept as fixed text ("–" where it had no such figure).`,
    `- Every figure is the median [min–max] of ${RUNS} fresh page${RUNS === 1 ? '' : 's'}, each in a new browser context with`,
    '  the service worker blocked (its first-visit install would compete with the page). The keys are',
    '  written into localStorage in the current stored format before the page opens (named key-0000 …,',
    '  every 10th expired and every 10th + 1 expiring in 3 days, the rest never expiring).',
    ...(WITH_STREAMLIT
      ? [
          `- The Streamlit token table is streamlit-token-craft ${STREAMLIT_VERSION}'s built frontend, served as published and`,
          '  driven through its component protocol, in the same run, alternating page by page with Keyward.',
        ]
      : ['- The Streamlit token table was not measured in this run (BENCH_STREAMLIT=0).']),
    '  Absolute times on shared machines move by up to 2× between runs: compare within one run.',
    '- "Keyward / Streamlit" is the ratio of the medians: below 1× Keyward is faster or smaller.',
    '',
    '## Targets of the performance issue',
    '',
    '| target | this build | met |',
    '|---|---|---|',
    ...targets(now, streamlit, firstLoad).map((row) => `| ${row.join(' | ')} |`),
    '',
    ...whyNotMet(now),
  ];
  for (const n of sizes) {
    lines.push(`## ${keys(n)}`, '');
    lines.push(`| figure | before | this build | Streamlit ${STREAMLIT_VERSION} | Keyward / Streamlit |`, '|---|---|---|---|---|');
    for (const figure of FIGURES) {
      const ours = now[figure.id]?.[n];
      const theirs = figure.streamlit ? streamlit[figure.id]?.[n] : undefined;
      lines.push(
        `| ${figure.label} | ${BEFORE.figures[figure.id]?.[n] ?? '–'} | ${formatFigure(figure, ours)} | ${
          figure.streamlit ? formatFigure(figure, theirs) : 'not in it'
        } | ${figure.streamlit ? ratio(ours, theirs) : ''} |`,
      );
    }
    lines.push('');
    if (n === TRACE_SIZE) {
      lines.push(
        `What dominates each figure at ${keys(n)}, from one extra page with a Chromium performance trace per`,
        "figure (self time on the page's main thread over the figure's interval, with the JavaScript",
        'sampling profiler splitting script time between wasm, JavaScript and the browser functions',
        `it calls), or from a heap snapshot and the page itself for the memory figures. Paging is traced over its first ${TRACED_PAGE_TURNS} turns:`,
        '',
      );
      for (const figure of FIGURES) {
        const nowLine = dominated?.[figure.id];
        if (!nowLine) continue;
        lines.push(`- ${figure.label}: ${nowLine}`);
      }
      lines.push('');
    }
  }
  lines.push('## First load', '');
  lines.push(`| | before | this build | Streamlit ${STREAMLIT_VERSION} | Keyward / Streamlit |`, '|---|---|---|---|---|');
  const loadRatio = streamlitLoad ? `${(firstLoad.total / streamlitLoad.total).toFixed(2)}×` : '–';
  lines.push(
    `| index.html and what it loads to start, gzip -9 | ${BEFORE.firstLoad} | ${kb(firstLoad.total)} | ${
      streamlitLoad ? kb(streamlitLoad.total) : '–'
    } | ${loadRatio} |`,
    '',
  );
  for (const [title, load] of [
    ['This build', firstLoad],
    [`Streamlit ${STREAMLIT_VERSION}`, streamlitLoad],
  ]) {
    if (!load) continue;
    lines.push(`${title}:`, '', '| file | gzip | raw |', '|---|---|---|');
    lines.push(...load.files.map((f) => `| ${f.name} | ${kb(f.gzip)} | ${kb(f.raw)} |`), '');
  }
  lines.push(
    '## How times are taken',
    '',
    'Every time is measured inside the page, in `performance.now()` time, by helpers installed before',
    "the page's own scripts (`scripts/bench-browser.mjs`). An interaction starts at the `timeStamp` of the",
    'triggering `keydown`, `click` or `change` event (heard in the capture phase on the window, so before the',
    "app's handlers). It ends when the frame showing the change has been painted: a `MutationObserver`",
    '(and a check in every animation frame) notices the DOM change the figure waits for, then a',
    '`requestAnimationFrame` callback posts a task through a `MessageChannel`; that task runs only after',
    'the frame has been produced, and its `performance.now()` is the end. (A `setTimeout(0)` would do',
    'the same, but can be clamped.) Navigation starts at the time origin of the page (0, the start',
    'of navigation). Playwright only presses keys and clicks; it takes no part in the timing.',
    'Frame lengths (scrolling, paging) are intervals between consecutive `requestAnimationFrame`',
    'callbacks. Memory is read through the DevTools protocol after a forced garbage collection.',
    '',
  );
  lines.push('## Definitions', '');
  for (const figure of FIGURES) lines.push(`- **${figure.label}**: ${figure.definition}`);
  lines.push(
    '- **does not fit**: the generated document could not even be stored (Chromium refused it), so the app was not measured at that size.',
    `- **did not finish within ${STEP_TIMEOUT / 1000} s**: a step took longer than its limit; the rest of that page was not measured. A Keyward page whose table did not show is tried once more; after a Streamlit page whose table did not render in time, its remaining pages at that size and at larger sizes are not run.`,
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The run

const started = Date.now();
if (!existsSync('dist/index.html')) {
  console.error('No build in dist/: run `trunk build --release` first (bash scripts/bench.sh does).');
  process.exit(1);
}
const firstLoad = firstLoadOf('dist');
let streamlitDir = null;
if (WITH_STREAMLIT) {
  try {
    streamlitDir = streamlitBuild(CACHE);
  } catch (error) {
    console.error(`The Streamlit token table could not be fetched: ${firstLine(error.message)}`);
    console.error('It needs pip and the package index once; BENCH_STREAMLIT=0 measures Keyward alone.');
    process.exit(1);
  }
}
const streamlitLoad = streamlitDir ? firstLoadOf(streamlitDir) : null;
const keyward = await serveDist({ port: PORT, root: 'dist', lifetime: 6 * 3600 });
const streamlitServer = streamlitDir ? await serveDist({ port: PORT + 1, root: streamlitDir, lifetime: 6 * 3600 }) : null;

const launch = () => chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
const session = {
  browser: await launch(),
  async restart() {
    await withTimeout(this.browser.close(), 30_000).catch(() => {});
    this.browser = await launch();
  },
};
const browserVersion = session.browser.version();
const cleanUp = async () => {
  await withTimeout(session.browser.close(), 30_000).catch(() => {});
  await keyward.close();
  await streamlitServer?.close();
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => cleanUp().finally(() => process.exit(130)));
}

let streamlitGaveUp = null;
/** Runs one page's measurement; an error outside its steps (the browser itself failing) costs
 *  that page only: it is written as failed and the browser is started again. */
async function safely(label, measure) {
  try {
    return await measure();
  } catch (error) {
    if (error instanceof Fatal) throw error;
    console.log(`  ${label}: the page failed (${firstLine(error.message)}); restarting the browser`);
    await session.restart();
    return Object.fromEntries(FIGURES.map((f) => [f.id, { status: `failed: ${firstLine(error.message)}` }]));
  }
}
const allFigures = (status) => Object.fromEntries(FIGURES.map((f) => [f.id, { status }]));
const keywardRuns = {};
const streamlitRuns = {};
const dominated = {};
try {
  for (const n of SIZES) {
    const text = tokenFormat.document(n);
    const tokens = streamlitServer && !streamlitGaveUp ? streamlitTokens(n) : null;
    const streamlitGoes = () => tokens && !streamlitGaveUp;
    if (streamlitServer && !tokens) streamlitRuns[n] = [allFigures(streamlitGaveUp)];
    keywardRuns[n] = [];
    streamlitRuns[n] ??= [];
    // Once the document does not fit, it will not fit on the next page either.
    let fits = true;
    for (let run = 1; run <= RUNS && (fits || streamlitGoes()); run++) {
      const runStarted = Date.now();
      if (fits) {
        const once = () => safely(`Keyward ${n}`, () => measureKeyward(session, keyward.url, n, text));
        let ours = await once();
        if (ours.nav.status && !ours.doesNotFit) {
          // A page that never showed its table is tried once more before it counts.
          console.log(`  Keyward ${n}: trying that page again`);
          ours = await once();
        }
        keywardRuns[n].push(ours);
        fits = !ours.doesNotFit;
      }
      if (streamlitGoes()) {
        const theirs = await safely(`Streamlit ${n}`, () => measureStreamlitOnce(session, streamlitServer.url, tokens));
        streamlitRuns[n].push(theirs);
        // Its table that did not finish rendering in time will not on the next page either, nor
        // with more tokens: the remaining pages are not spent on it.
        if (theirs.nav.status?.startsWith('did not finish')) {
          streamlitGaveUp = `not run (it did not finish rendering ${keys(n).replace('keys', 'tokens')} within ${STEP_TIMEOUT / 1000} s)`;
        }
      }
      console.log(`${keys(n)}: run ${run}/${RUNS} done in ${((Date.now() - runStarted) / 1000).toFixed(0)} s`);
    }
    if (n === TRACE_SIZE && fits) {
      console.log(`${keys(n)}: tracing each figure`);
      await safely(`Keyward ${n} traced`, () => measureKeyward(session, keyward.url, n, text, dominated));
    }
  }
} catch (error) {
  await cleanUp();
  console.error(error instanceof Fatal ? `\n${error.message}` : error);
  process.exit(1);
}
await cleanUp();

const now = aggregate(keywardRuns);
const streamlit = aggregate(streamlitRuns);
const meta = {
  date: new Date().toISOString().slice(0, 10),
  minutes: ((Date.now() - started) / 60000).toFixed(1),
  machine: `${platform()}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`,
  browser: browserVersion,
  build: gitDescription(),
};
const text = report({ now, streamlit, dominated, firstLoad, streamlitLoad, meta });
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, text);
console.log(text);

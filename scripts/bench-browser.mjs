// What the benchmark (scripts/bench.mjs) runs inside Chromium and reads back from it, for
// Keyward and the Streamlit token table alike: the timing helpers installed in every page, and
// the analysis of a performance trace and of a heap snapshot that says what dominates a figure.
//
// Times in a page are `performance.now()` values: milliseconds since that page's navigation
// started. "Painted" always means: a `requestAnimationFrame` callback ran after the change, and
// a task posted from it ran, which happens only once that frame has been painted.

/**
 * Installed in every measured page before its own scripts (an init script). It keeps hold of
 * the page's WebAssembly memory, notes when the table's first rows are painted, and offers
 * `window.__bench`: `afterPaint`, `arm` (time one interaction) and `scroll`.
 * Self-contained: Playwright sends its source to the page.
 */
export function pageHelpers({ firstRows }) {
  const afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );
  // Called from inside an animation frame: the frame being produced is the one to wait for.
  const afterThisFrame = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });

  // The wasm linear memory: from Trunk's start event (which carries the module's exports), or
  // else from whatever instance the page creates.
  const keepMemory = (exports) => {
    const memory = exports && Object.values(exports).find((value) => value instanceof WebAssembly.Memory);
    if (memory) window.__benchWasmMemory = memory;
  };
  addEventListener('TrunkApplicationStarted', (event) => keepMemory(event.detail && event.detail.wasm));
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        keepMemory((result.instance ?? result).exports);
        return result;
      });
    };
  }

  const rows = () => document.querySelectorAll('tbody tr');
  // A row's name: Keyward's Name cell (rows may start with a checkbox cell), else the first cell.
  const rowName = (row) => {
    const cell = row.querySelector('td.cell-name') ?? row.cells[0];
    return cell ? cell.textContent.trim() : null;
  };
  const firstRowName = () => {
    const row = document.querySelector('tbody tr');
    return row ? rowName(row) : null;
  };
  const rowNames = () => [...rows()].map(rowName);
  const conditions = {
    firstNameIs: (name) => firstRowName() === name,
    firstNameIsNot: (name) => firstRowName() !== name,
    rowsAtLeast: (count) => rows().length >= count,
    dialogSays: (text) => [...document.querySelectorAll('dialog[open]')].some((d) => d.textContent.includes(text)),
    // At least `count` rows, each with the status badge `status` (Keyward's `.badge.status-<id>`).
    rowsOfStatus: ({ status, count }) =>
      rows().length >= count && [...rows()].every((row) => row.querySelector('.badge')?.classList.contains(`status-${status}`)),
    // At least `count` rows, their names in ascending order (lower case, code unit by code unit,
    // as the app compares ASCII names).
    namesAscending: (count) => {
      const names = rowNames().map((name) => (name ?? '').toLowerCase());
      return names.length >= count && names.every((name, i) => i === 0 || names[i - 1] <= name);
    },
    // None of `names` is the name of a row in the table (or there is no table).
    namesGone: (names) => {
      const shown = new Set(rowNames());
      return !names.some((name) => shown.has(name));
    },
  };

  // Navigation → first rows painted: polled once per frame, so the frame that first holds the
  // rows is the one waited for.
  if (firstRows > 0) {
    const poll = () => {
      if (rows().length >= firstRows) {
        afterThisFrame().then((at) => (window.__benchShown = at));
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  }

  window.__bench = {
    afterPaint,
    firstRowName,
    rowNames,
    rowCount: () => rows().length,
    /** Whether condition `until` (one of those above) holds now, given `arg`. */
    holds: (until, arg) => conditions[until](arg),
    /**
     * Times the next `trigger` event (`keydown`, `click` or `change`, from its timeStamp) until `until`
     * holds and the frame showing it is painted. `until` is `"input"` (the page's input
     * handlers ran) or the name of a condition above, given `arg`. With `saved`, the change must
     * also be in localStorage (`window.__benchFormat[saved.check](text, saved.name)`), checked
     * right after that frame; if it is not there yet, the time it lands counts instead.
     * The result is in `window.__bench.pending`: `{start, end, savedLate}`.
     */
    arm({ trigger, until, arg, saved }) {
      this.pending = new Promise((resolve) => {
        let start = null;
        const finish = async (end) => {
          let savedLate = false;
          if (saved) {
            const isSaved = () =>
              window.__benchFormat[saved.check](localStorage.getItem(saved.key) ?? '', saved.name);
            while (!isSaved()) {
              savedLate = true;
              end = await afterPaint();
            }
          }
          resolve({ start, end, savedLate });
        };
        addEventListener(
          trigger,
          (event) => {
            start = event.timeStamp;
            if (until === 'input') {
              // On the window, after the bubbling phase: the page's own handlers ran first.
              addEventListener('input', () => afterPaint().then(finish), { once: true });
              return;
            }
            const holds = () => conditions[until](arg);
            let done = false;
            const complete = (wait) => {
              if (done) return;
              done = true;
              observer.disconnect();
              wait().then(finish);
            };
            const observer = new MutationObserver(() => holds() && complete(afterPaint));
            observer.observe(document.documentElement, {
              subtree: true,
              childList: true,
              characterData: true,
              attributes: true,
              attributeFilter: ['open'],
            });
            const poll = () => {
              if (done) return;
              if (holds()) complete(afterThisFrame);
              else requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
          },
          { capture: true, once: true },
        );
      });
    },
    /**
     * Pages through the table from its first page: presses "Next page" (in the page, from an
     * animation frame) each time the frame showing the previous press is painted, until the
     * button is disabled, `limitMs` has passed or `maxTurns` were made. Returns the longest interval between two
     * consecutive frames, the turns made, whether the last page was reached and the page count
     * (from "Page 1 of N"), with the window it covered; or `{status}` when there is nothing to do.
     */
    async pageThrough(limitMs, maxTurns = Infinity) {
      const nav = () => document.querySelector('nav[aria-label="Pages"]');
      const next = () => [...(nav()?.querySelectorAll('button') ?? [])].find((b) => b.textContent.trim() === 'Next page');
      const pageCount = () => Number((nav()?.textContent.match(/Page [\d,]+ of ([\d,]+)/)?.[1] ?? '1').replace(/,/g, ''));
      if (!next()) return { status: 'n/a (no pages in this build)' };
      const previous = [...nav().querySelectorAll('button')].find((b) => b.textContent.trim() === 'Previous page');
      if (previous && !previous.disabled) return { status: 'failed: not on the first page' };
      if (next().disabled) return { status: 'n/a (a single page)' };
      const pages = pageCount();
      await afterPaint();
      const start = performance.now();
      return new Promise((resolve) => {
        let last = null;
        let longest = 0;
        let turns = 0;
        let shown = firstRowName();
        const frame = (now) => {
          if (last !== null) longest = Math.max(longest, now - last);
          last = now;
          // The previous press has not reached the DOM yet: wait for it.
          if (turns > 0 && firstRowName() === shown) {
            requestAnimationFrame(frame);
            return;
          }
          const button = next();
          const atEnd = !button || button.disabled;
          if (atEnd || now - start > limitMs || turns >= maxTurns) {
            resolve({ longest, turns, atEnd, pages, start, end: performance.now() });
            return;
          }
          shown = firstRowName();
          button.click();
          turns++;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    /**
     * Scrolls the document from top to bottom, one step per frame (a viewport, or more so that
     * it takes at most `maxSteps` frames), and returns the longest interval between two
     * consecutive frames, with the window it covered.
     */
    async scroll(maxSteps) {
      const scroller = document.scrollingElement;
      scrollTo(0, 0);
      await afterPaint();
      const total = scroller.scrollHeight - innerHeight;
      if (total <= 0) return { longest: null, steps: 0 };
      const step = Math.max(innerHeight, Math.ceil(total / maxSteps));
      const start = performance.now();
      return new Promise((resolve) => {
        let last = null;
        let longest = 0;
        let steps = 0;
        const frame = (now) => {
          if (last !== null) longest = Math.max(longest, now - last);
          last = now;
          if (scroller.scrollTop >= total - 1 || steps > maxSteps + 5) {
            resolve({ longest, steps, start, end: performance.now() });
            return;
          }
          scrollBy(0, step);
          steps++;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
  };
}

/** Waits until the page has painted a frame. */
export const waitForPaint = (page) => page.evaluate(() => window.__bench.afterPaint());

/** How many elements the page holds (run in the page). */
export function elementCount() {
  return document.getElementsByTagName('*').length;
}

/** The JavaScript heap in use right after a full garbage collection, in bytes. */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** Counts of the page's elements by tag, largest first: `[[tag, count], …]`. */
export function elementsByTag() {
  const counts = {};
  for (const element of document.getElementsByTagName('*')) {
    const tag = element.tagName.toLowerCase();
    counts[tag] = (counts[tag] ?? 0) + 1;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1]);
}

// ---------------------------------------------------------------------------------------------
// Performance traces

/** What a benchmark trace records: the timeline DevTools shows, and the JavaScript/wasm
 *  sampling profiler (to split script time between WebAssembly, JavaScript and DOM calls). */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

/** The name of the user-timing mark that ties page time to trace time. */
export const SYNC_MARK = 'bench-sync';

/** Emits the sync mark in `page`; returns its page time. Call before stopping the trace. */
export function markSync(page) {
  return page.evaluate((name) => {
    const at = performance.now();
    performance.mark(name);
    return at;
  }, SYNC_MARK);
}

// Trace event names → the categories DevTools' summary uses.
function category(name) {
  if (name === 'CpuProfiler::StartProfiling') return 'Tracing';
  if (/GC|Scavenge|Sweep|CppGC|BlinkGC/.test(name)) return 'GC';
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation)$/.test(name)) return 'Style';
  if (/^(Layout|HitTest|UpdateLayout|IntersectionObserverController::computeIntersections)$/.test(name)) return 'Layout';
  if (/^(PrePaint|Paint|PaintImage|Commit|Layerize|UpdateLayerTree|UpdateLayer|CompositeLayers|RasterTask|Decode Image|ImageDecodeTask)$/.test(name))
    return 'Paint';
  if (/^(ParseHTML|Resource\w*)$/.test(name)) return 'Loading';
  if (
    /^(FunctionCall|EvaluateScript|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|BlinkScheduler_PerformMicrotaskCheckpoint|FireIdleCallback|LocalWindowProxy::Initialize|XHR\w*|V8\.|v8\.|wasm)/.test(
      name,
    )
  )
    return 'Scripting';
  return 'Other';
}

// A profiler sample's innermost frame → what the script was doing.
function sampleKind(frame) {
  const name = frame.functionName;
  if (name === '(idle)' || name === '(root)' || name === '(program)') return null;
  if (name === '(garbage collector)') return 'GC';
  if (frame.codeType === 'wasm' || /\.wasm$|^wasm:/.test(frame.url ?? '')) return 'wasm';
  if (frame.url) return 'JS';
  if (name === 'js-to-wasm' || name === 'wasm-to-js') return 'JS';
  // Functions of the browser itself (removeChild, setAttribute, …) called from script.
  return 'DOM calls';
}

const pct = (part, whole) => `${whole > 0 ? Math.round((100 * part) / whole) : 0}%`;

/**
 * Summarises a trace (the buffer `browser.stopTracing()` returns) over the page-time window
 * `[start, end]`, given the page time `syncAt` at which the sync mark was emitted: self time on
 * the page's main thread by category, script samples by kind, the busiest task.
 * Returns `{ line, busy, longestTask, categories, samples }`.
 */
export function summarizeTrace(buffer, { start, end, syncAt }) {
  const events = JSON.parse(buffer.toString('utf8'));
  const list = Array.isArray(events) ? events : events.traceEvents;
  const sync = list.filter((e) => e.name === SYNC_MARK && e.cat?.includes('blink.user_timing')).pop();
  if (!sync) return { line: 'no trace (the sync mark is missing)' };
  const toTrace = (pageTime) => sync.ts + (pageTime - syncAt) * 1000;
  const from = toTrace(start);
  const to = toTrace(end);
  const main = list.filter((e) => e.pid === sync.pid && e.tid === sync.tid);

  // Complete events (and begin/end pairs) of the main thread, nested by time.
  const spans = [];
  const open = [];
  for (const e of main) {
    if (e.ph === 'X' && typeof e.dur === 'number') spans.push({ name: e.name, ts: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const begin = open.pop();
      if (begin) spans.push({ name: begin.name, ts: begin.ts, end: e.ts });
    }
  }
  spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const clip = (s) => Math.max(0, Math.min(s.end, to) - Math.max(s.ts, from));
  const self = {};
  const stack = [];
  let busy = 0;
  let longestTask = 0;
  const close = (span) => {
    const own = Math.max(0, clip(span) - span.children);
    self[span.name] = (self[span.name] ?? 0) + own;
  };
  for (const span of spans) {
    while (stack.length && stack[stack.length - 1].end <= span.ts) close(stack.pop());
    const parent = stack[stack.length - 1];
    if (parent) span.end = Math.min(span.end, parent.end);
    span.children = 0;
    const length = clip(span);
    if (parent) parent.children += length;
    else {
      busy += length;
      longestTask = Math.max(longestTask, length);
    }
    stack.push(span);
  }
  while (stack.length) close(stack.pop());

  const categories = {};
  const otherNames = {};
  for (const [name, us] of Object.entries(self)) {
    const kind = category(name);
    categories[kind] = (categories[kind] ?? 0) + us;
    if (kind === 'Other') otherNames[name] = (otherNames[name] ?? 0) + us;
  }
  const tracing = categories.Tracing ?? 0;
  delete categories.Tracing;
  const measured = busy - tracing;

  // Script samples of the main thread's profile within the window.
  const samples = {};
  const profiles = new Map();
  for (const e of list) {
    if (e.pid !== sync.pid || !e.id) continue;
    if (e.name === 'Profile' && e.tid === sync.tid) profiles.set(e.id, { time: e.args.data.startTime, nodes: new Map() });
  }
  for (const e of list) {
    const profile = e.name === 'ProfileChunk' && e.pid === sync.pid ? profiles.get(e.id) : null;
    if (!profile) continue;
    const data = e.args.data.cpuProfile ?? {};
    for (const node of data.nodes ?? []) profile.nodes.set(node.id, node.callFrame);
    const deltas = e.args.data.timeDeltas ?? [];
    (data.samples ?? []).forEach((id, i) => {
      profile.time += deltas[i] ?? 0;
      if (profile.time < from || profile.time > to) return;
      const frame = profile.nodes.get(id);
      const kind = frame && sampleKind(frame);
      if (kind) samples[kind] = (samples[kind] ?? 0) + 1;
    });
  }

  const ranked = Object.entries(categories)
    .filter(([, us]) => us > 0)
    .sort((a, b) => b[1] - a[1]);
  const sampleTotal = Object.values(samples).reduce((a, b) => a + b, 0);
  const sampleText = Object.entries(samples)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${pct(n, sampleTotal)}`)
    .join(', ');
  const topOther = Object.entries(otherNames).sort((a, b) => b[1] - a[1])[0];
  const parts = ranked.slice(0, 3).map(([kind, us]) => {
    let text = `${kind} ${pct(us, measured)}`;
    if (kind === 'Scripting' && sampleTotal >= 5) text += ` (script samples: ${sampleText})`;
    if (kind === 'Other' && topOther) text += ` (mostly ${topOther[0]})`;
    return text;
  });
  const ms = (us) => `${Math.round(us / 1000).toLocaleString('en')} ms`;
  const line =
    measured <= 0
      ? 'main thread idle in the window'
      : `${parts.join(', ')} · main thread busy ${ms(measured)} of ${ms(to - from)}, longest task ${ms(longestTask)}`;
  return { line, busy: measured / 1000, longestTask: longestTask / 1000, categories, samples };
}

// ---------------------------------------------------------------------------------------------
// Heap snapshots

/** Takes a heap snapshot through `cdp` and says which kinds of object hold most of it. */
export async function heapSnapshotSummary(cdp) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join(''));
  const meta = snapshot.snapshot.meta;
  const fields = meta.node_fields;
  const types = meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const bySort = {};
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    // Blink's own C++ objects (type "native") are not in the JS heap figure.
    if (type === 'native') continue;
    const size = snapshot.nodes[i + sizeAt];
    const name = type === 'object' ? snapshot.strings[snapshot.nodes[i + nameAt]] : `(${type})`;
    // Detached DOM and per-instance names ("Window / http://…") grouped by their first word.
    const group = type === 'object' ? name.replace(/^Detached /, '').split(/[ /]/)[0] || name : name;
    bySort[group] = (bySort[group] ?? 0) + size;
    total += size;
  }
  const top = Object.entries(bySort)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, size]) => `${name} ${pct(size, total)}`);
  return `heap snapshot (JS objects, without Blink's own C++ objects, ${(total / 1048576).toFixed(1)} MiB) by constructor: ${top.join(', ')}`;
}

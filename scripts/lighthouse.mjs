// Lighthouse audits of the release build (dist/), served on 127.0.0.1 by serve-dist.mjs, in the
// system's Chromium, as a phone (Lighthouse's default: mobile emulation, simulated slow 4G and
// CPU) and as a desktop (its desktop preset).
//
// Usage, after `trunk build --release`:
//   node scripts/lighthouse.mjs           performance, accessibility, best practices and SEO,
//                                         the median of 5 runs each (LIGHTHOUSE_RUNS), written
//                                         to docs/lighthouse.md
//   node scripts/lighthouse.mjs --check   accessibility and best practices only, one run each;
//                                         fails if either is under 95 on desktop or mobile.
//                                         Timings are never asserted: they depend on the machine.
//
// Nothing leaves this machine: the browser starts with the project's flags plus chrome-launcher's
// (no background networking, updates, sync or translation) and looks up no host name at all;
// Lighthouse's error reporting stays off (only its command-line prompt turns it on); and every
// run fails if the page made a request to any origin but the local server's.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
// chrome-launcher comes with lighthouse (its own way of starting Chrome); pinned by the lock file.
import { launch } from 'chrome-launcher';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const { version: lighthouseVersion } = createRequire(import.meta.url)('lighthouse/package.json');

const CHECK = process.argv.includes('--check');
const PORT = Number(process.env.KEYWARD_LIGHTHOUSE_PORT ?? 4184);
const RUNS = CHECK ? 1 : Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const MINIMUM = 0.95;
const REPORT = 'docs/lighthouse.md';

const CATEGORIES = CHECK
  ? ['accessibility', 'best-practices']
  : ['performance', 'accessibility', 'best-practices', 'seo'];
const FORM_FACTORS = [
  { name: 'desktop', config: desktopConfig },
  // Lighthouse's default configuration is the mobile one.
  { name: 'mobile', config: undefined },
];

/** Starts serve-dist.mjs and resolves once it listens; rejects if it exits first (port taken). */
function startServer() {
  const server = spawn(process.execPath, ['scripts/serve-dist.mjs', String(PORT), 'dist'], {
    // It exits by itself after this long even if this script is killed before it can stop it.
    env: { ...process.env, KEYWARD_SERVER_LIFETIME: '600' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the server on port ${PORT} exited (${code}) before it listened`)));
    server.stdout.on('data', (chunk) => {
      if (String(chunk).includes('Serving')) resolve(server);
    });
  });
}

/** The browser's exact version, from its DevTools endpoint (the user agent string is reduced). */
async function browserVersion(port) {
  const response = await fetch(`http://127.0.0.1:${port}/json/version`);
  return (await response.json()).Browser;
}

/** Fails if the page asked for anything but the local server's files. */
function expectOnlyLocalRequests(lhr, formFactor) {
  const foreign = (lhr.audits['network-requests'].details?.items ?? [])
    .map((item) => item.url)
    .filter((url) => !url.startsWith(`${ORIGIN}/`) && !/^(data|blob):/.test(url));
  if (foreign.length > 0) {
    throw new Error(`${formFactor}: the page requested other origins:\n  ${foreign.join('\n  ')}`);
  }
}

/** One audited category's weighted audits that did not pass, with the points each one costs. */
function pointsLost(lhr, categoryId) {
  const category = lhr.categories[categoryId];
  const total = category.auditRefs.reduce((sum, ref) => sum + ref.weight, 0);
  return category.auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => ({ ...lhr.audits[ref.id], lost: (ref.weight * (1 - lhr.audits[ref.id].score) * 100) / total }))
    .sort((a, b) => b.lost - a.lost);
}

/** A category's unweighted audits that Lighthouse flags (they explain a score, cost nothing). */
function flagged(lhr, categoryId) {
  return lhr.categories[categoryId].auditRefs
    .filter((ref) => ref.weight === 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative');
}

/** The element whose paint is the Largest Contentful Paint, if Lighthouse found one. */
function largestPaint(lhr) {
  const items = lhr.audits['lcp-breakdown-insight']?.details?.items ?? [];
  return items.find((item) => item.type === 'node');
}

const percent = (score) => Math.round(score * 100);
const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** Runs Lighthouse `RUNS` times for one form factor and returns the median run. */
async function audit(chromePort, { name, config }) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await lighthouse(
      `${ORIGIN}/`,
      // network-requests lists every request, for expectOnlyLocalRequests.
      { port: chromePort, logLevel: 'error', output: 'json', onlyCategories: CATEGORIES, onlyAudits: ['network-requests'] },
      config,
    );
    if (!result) throw new Error(`${name}: Lighthouse returned no result`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`${name}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    expectOnlyLocalRequests(lhr, name);
    runs.push(lhr);
  }
  return CATEGORIES.includes('performance') ? computeMedianRun(runs) : runs[0];
}

/** What the page downloaded as served (uncompressed) and what it would be gzipped, in KB. */
function transferred(lhr) {
  const files = lhr.audits['network-requests'].details.items.filter((item) => item.url.startsWith(`${ORIGIN}/`));
  const served = files.reduce((sum, item) => sum + item.transferSize, 0);
  const gzipped = files.reduce((sum, item) => {
    const path = new URL(item.url).pathname;
    const body = readFileSync(join('dist', path.endsWith('/') ? `${path}index.html` : path));
    return sum + gzipSync(body, { level: 9 }).length;
  }, 0);
  return { served: Math.round(served / 1024), gzipped: Math.round(gzipped / 1024) };
}

function report(results, chromium) {
  const lhr = results[0].lhr;
  const { served, gzipped } = transferred(lhr);
  const lines = [
    '# Lighthouse',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node scripts/lighthouse.mjs\` (after`,
    '`trunk build --release`) against the release build served on 127.0.0.1 by',
    `\`scripts/serve-dist.mjs\`. The page's files came to ${served} KB as sent (${gzipped} KB gzipped);`,
    "Lighthouse's simulated network times what was sent.",
    '',
    `- Lighthouse ${lhr.lighthouseVersion}, ${chromium} (headless, the project's Chromium flags)`,
    `- mobile: Lighthouse's default emulation (a mid-range phone, simulated slow 4G and 4× slower CPU);`,
    '  desktop: its desktop preset',
    `- each form factor run ${RUNS} times; the run with the median first paint and time to interactive is shown`,
    '',
    `| | ${CATEGORIES.map((id) => lhr.categories[id].title).join(' | ')} |`,
    `|---|${CATEGORIES.map(() => '---:').join('|')}|`,
    ...results.map(({ name, lhr }) => `| ${name} | ${CATEGORIES.map((id) => percent(lhr.categories[id].score)).join(' | ')} |`),
    '',
  ];
  for (const { name, lhr } of results) {
    for (const id of CATEGORIES) {
      const category = lhr.categories[id];
      const losing = pointsLost(lhr, id);
      const notes = category.score < MINIMUM ? flagged(lhr, id) : [];
      if (losing.length === 0 && notes.length === 0) continue;
      lines.push(`## ${category.title}, ${name}: ${percent(category.score)}`, '');
      const lcp = id === 'performance' && largestPaint(lhr);
      if (lcp) lines.push(`The largest contentful paint is \`${lcp.selector}\` ("${cell(lcp.nodeLabel)}").`, '');
      if (losing.length > 0) {
        lines.push('| audit | title | score | value | points lost |', '|---|---|---:|---|---:|');
        for (const audit of losing) {
          const value = cell(audit.displayValue);
          lines.push(`| \`${audit.id}\` | ${cell(audit.title)} | ${audit.score.toFixed(2)} | ${value} | ${audit.lost.toFixed(1)} |`);
        }
        lines.push('');
      }
      if (notes.length > 0) {
        lines.push('Flagged, without weight in the score:', '', '| audit | title | score | value |', '|---|---|---:|---|');
        for (const audit of notes) {
          lines.push(`| \`${audit.id}\` | ${cell(audit.title)} | ${audit.score.toFixed(2)} | ${cell(audit.displayValue)} |`);
        }
        lines.push('');
      }
    }
  }
  // Headers only a host can send (the page's own policy is a <meta>): informative, no weight.
  if (CATEGORIES.includes('best-practices')) {
    lines.push('## Trust and safety (informative, no weight; the same on desktop and mobile)', '');
    const audits = lhr.categories['best-practices'].auditRefs
      .filter((ref) => ref.group === 'best-practices-trust-safety')
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.scoreDisplayMode === 'informative' && audit.details?.items?.length);
    for (const audit of audits) {
      const findings = audit.details.items.map((item) => item.description).filter(Boolean);
      lines.push(`- \`${audit.id}\` (${cell(audit.title)}): ${findings.map(cell).join(' ')}`);
    }
    lines.push('');
  }
  const warnings = results.flatMap(({ name, lhr }) => lhr.runWarnings.map((warning) => `${name}: ${warning}`));
  if (warnings.length > 0) lines.push('Lighthouse warned:', '', ...warnings.map((w) => `- ${cell(w)}`), '');
  return lines.join('\n');
}

async function main() {
  const server = await startServer();
  let chrome;
  const stop = () => {
    chrome?.kill();
    server.kill();
  };
  process.once('SIGINT', () => (stop(), process.exit(130)));
  process.once('SIGTERM', () => (stop(), process.exit(143)));
  try {
    chrome = await launch({
      chromePath: chromiumPath,
      chromeFlags: [...chromiumArgs, '--headless=new'],
      logLevel: 'silent',
    });
    const chromium = await browserVersion(chrome.port);
    console.log(`Lighthouse ${lighthouseVersion}, ${chromium}, ${ORIGIN}/`);
    const results = [];
    for (const formFactor of FORM_FACTORS) {
      results.push({ name: formFactor.name, lhr: await audit(chrome.port, formFactor) });
    }

    for (const { name, lhr } of results) {
      const scores = CATEGORIES.map((id) => `${lhr.categories[id].title} ${percent(lhr.categories[id].score)}`);
      console.log(`${name}: ${scores.join(', ')}`);
    }
    if (CHECK) {
      const failures = results.flatMap(({ name, lhr }) =>
        CATEGORIES.filter((id) => lhr.categories[id].score < MINIMUM).map((id) => {
          const audits = pointsLost(lhr, id).map((a) => `\n    ${a.id}: ${a.title} (score ${a.score}) ${a.displayValue ?? ''}`);
          return `${name} ${lhr.categories[id].title} ${percent(lhr.categories[id].score)} < ${percent(MINIMUM)}:${audits.join('')}`;
        }),
      );
      if (failures.length > 0) throw new Error(`Lighthouse scores under ${percent(MINIMUM)}:\n  ${failures.join('\n  ')}`);
      console.log(`Accessibility and best practices at ${percent(MINIMUM)} or more on desktop and mobile.`);
    } else {
      writeFileSync(REPORT, report(results, chromium));
      console.log(`Wrote ${REPORT}.`);
    }
  } finally {
    stop();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exitCode = 1;
});

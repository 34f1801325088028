// Fails when the first load (every file in the build, gzip level 9) exceeds the budget.
// Deterministic: the same build always gives the same figure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The goal is 120 KB; the budget stops regressions while the build is above it.
export const BUDGET_BYTES = 150 * 1024;

export function firstLoadSizes(dir) {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => {
      const body = readFileSync(join(dir, name));
      return { name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const files = firstLoadSizes(dir);
  let total = 0;
  for (const file of files) {
    total += file.gzip;
    console.log(`${(file.gzip / 1024).toFixed(1).padStart(7)} KB gzip  ${(file.raw / 1024).toFixed(1).padStart(7)} KB raw  ${file.name}`);
  }
  console.log(`${(total / 1024).toFixed(1).padStart(7)} KB gzip in all (budget ${(BUDGET_BYTES / 1024).toFixed(0)} KB)`);
  if (total > BUDGET_BYTES) {
    console.error(`The first load is ${total - BUDGET_BYTES} bytes over budget.`);
    process.exit(1);
  }
}

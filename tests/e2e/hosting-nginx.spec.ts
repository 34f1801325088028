// The README's nginx example, run for real: nginx serves the release build (dist/) under
// /tools/keys/ with exactly the snippet the README shows, and every file must come with its
// type, its caching rule and the security headers, and the app must work there in Chromium.
//
// nginx runs in the foreground as one process (no privilege drop, so no `user` directive),
// with its pid, logs and temporary files in a fresh temporary folder, on 127.0.0.1 only, for
// at most a few minutes (`timeout`); it is stopped when the tests of this file are done.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { delimiter, extname, join, relative, resolve } from 'node:path';
import { test, expect, openApp, createAndReveal, keysTable, masked } from './fixtures';

const repo = resolve(__dirname, '../..');
const snippetFile = join(repo, 'docs/hosting/nginx.conf');
const dist = join(repo, 'dist');
/** Where the snippet expects the build; the test points it at dist/ instead. */
const publishedAt = 'alias /srv/keyward/;';

const e2ePort = Number(process.env.KEYWARD_E2E_PORT ?? 4173);
const port = Number(process.env.KEYWARD_NGINX_PORT ?? e2ePort + 1);
const origin = `http://127.0.0.1:${port}`;
const app = `${origin}/tools/keys/`;
/** Seconds nginx may live, whatever happens to this test run. */
const lifetime = 300;

/** Trunk's content-hashed names: `keyward-<hash>.js`, `keyward-<hash>_bg.wasm`, `main-<hash>.css`;
 *  the hash is a 64-bit number in hex without leading zeros. */
const hashedName = /-[0-9a-f]{8,16}(_bg)?\.[a-z0-9]+$/;

/** The media type every file of the build must be served with, by extension. */
const mediaTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const securityHeaders = {
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

// One nginx on one port: every test of this file runs in the same worker, in order.
test.describe.configure({ mode: 'default' });
test.use({ baseURL: app });

let nginx: ChildProcess | undefined;
let workDir: string | undefined;
let nginxOutput = '';

test.beforeAll(async () => {
  const binary = findNginx();
  const snippet = await readFile(snippetFile, 'utf8');
  expect(snippet, `the snippet publishes the build with "${publishedAt}"`).toContain(publishedAt);
  expect(existsSync(join(dist, 'index.html')), 'dist/ holds a build: run trunk build --release first').toBe(true);

  workDir = await mkdtemp(join(tmpdir(), 'keyward-nginx-'));
  await mkdir(join(workDir, 'empty'));
  await writeFile(join(workDir, 'nginx.conf'), nginxConfig(workDir, snippet.replace(publishedAt, `alias "${dist}/";`)));
  nginx = spawn(
    'timeout',
    ['--kill-after=5', String(lifetime), binary, '-p', `${workDir}/`, '-c', join(workDir, 'nginx.conf'), '-e', 'stderr'],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  nginx.stdout?.on('data', (chunk) => (nginxOutput += chunk));
  nginx.stderr?.on('data', (chunk) => (nginxOutput += chunk));
  await untilServing(nginx);
});

test.afterAll(async () => {
  if (nginx?.pid !== undefined && nginx.exitCode === null && nginx.signalCode === null) {
    const exited = once(nginx, 'exit');
    signalGroup(nginx.pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!stopped) {
      signalGroup(nginx.pid, 'SIGKILL');
      await exited;
    }
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

test('the README shows the tested nginx example word for word', async () => {
  const readme = await readFile(join(repo, 'README.md'), 'utf8');
  const snippet = await readFile(snippetFile, 'utf8');
  const quoted = readme.includes('```nginx\n' + snippet + '```\n');
  expect(quoted, `README.md quotes ${relative(repo, snippetFile)} whole, in an nginx code block`).toBe(true);
});

test('nginx serves every file of the build with its type, caching rule and security headers', async ({ request }) => {
  const files = await filesIn(dist);
  const names = files.join(' ');
  // What a Trunk release build always holds, so this test can never pass on an empty folder.
  expect(names).toMatch(/(^| )index\.html( |$)/);
  expect(names).toMatch(/-[0-9a-f]{8,16}\.js( |$)/);
  expect(names).toMatch(/-[0-9a-f]{8,16}_bg\.wasm( |$)/);
  expect(names).toMatch(/-[0-9a-f]{8,16}\.css( |$)/);

  for (const file of files) {
    const response = await request.get(app + file, { headers: { 'accept-encoding': 'gzip' } });
    const what = `${file} (nginx said: ${nginxOutput.trim() || 'nothing'})`;
    expect(response.status(), what).toBe(200);
    expect(Buffer.compare(await response.body(), await readFile(join(dist, file))), `${file} is the built file`).toBe(0);

    const expectedType = mediaTypes[extname(file)];
    expect(expectedType, `no type is known for ${file}: add its extension to the snippet and here`).toBeDefined();
    const type = response.headers()['content-type']?.split(';')[0].trim();
    expect(type, `Content-Type of ${file}`).toBe(expectedType);

    const cache = cacheControl(response.headers()['cache-control']);
    if (hashedName.test(file)) {
      const maxAge = Number(cache.get('max-age'));
      expect(maxAge, `${file} has a hashed name: cached for a year`).toBeGreaterThanOrEqual(31_536_000);
      expect(cache.has('immutable'), `${file} has a hashed name: immutable`).toBe(true);
    } else {
      // index.html, sw.js, the manifest: a new build must be seen on the next visit.
      const revalidated = cache.has('no-cache') || cache.has('no-store') || cache.get('max-age') === '0';
      expect(revalidated, `${file} keeps its name from build to build: Cache-Control no-cache`).toBe(true);
      expect(cache.has('immutable'), `${file} is not immutable`).toBe(false);
    }
    for (const [header, value] of Object.entries(securityHeaders)) {
      expect(response.headers()[header], `${header} on ${file}`).toBe(value);
    }
  }

  // The service worker and the manifest, whenever the build has them, are never kept for long,
  // even should their names ever carry a hash: a worker's URL must stay the same.
  for (const file of files.filter((name) => /(^|\/)(sw|service-worker)[^/]*\.js$|\.webmanifest$/.test(name))) {
    const response = await request.get(app + file);
    expect(response.headers()['cache-control'], file).toMatch(/no-cache|no-store|max-age=0\b/);
  }

  const wasm = files.find((name) => name.endsWith('_bg.wasm'))!;
  const compressed = await request.get(app + wasm, { headers: { 'accept-encoding': 'gzip' } });
  expect(compressed.headers()['content-encoding'], 'the WebAssembly is sent compressed').toBe('gzip');
});

test('the folder without its trailing slash leads to the app', async ({ request }) => {
  const response = await request.get(`${origin}/tools/keys?from=link`, { maxRedirects: 0 });
  expect(response.status()).toBe(301);
  expect(new URL(response.headers()['location'] ?? '', origin).href).toBe(`${app}?from=link`);
});

test('the app loads under /tools/keys/ on nginx, and a key is created and revealed', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });

  await page.goto(`${origin}/tools/keys`);
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  expect(page.url()).toBe(app);

  await openApp(page);
  const key = await createAndReveal(page, 'hosted');
  expect(key).toMatch(/^kw_[0-9A-Za-z]{36}$/);
  await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();
  const row = () => keysTable(page).getByRole('row').filter({ hasText: 'hosted' });
  await expect(row().getByRole('cell').nth(2)).toHaveText(masked(key));

  // A reload revalidates index.html and takes the hashed files from the browser's cache.
  await page.reload();
  await expect(row().getByRole('cell').nth(2)).toHaveText(masked(key));
  expect(failed, 'requests that failed').toEqual([]);
});

/** A whole nginx configuration around the snippet: everything nginx writes stays in `dir`, and
 *  there is no mime.types, so the snippet has to bring every type the build needs. */
function nginxConfig(dir: string, snippet: string): string {
  return `daemon off;
master_process off;
pid "${dir}/nginx.pid";
error_log stderr warn;
events {
    worker_connections 64;
}
http {
    access_log "${dir}/access.log";
    client_body_temp_path "${dir}/client_body";
    proxy_temp_path "${dir}/proxy";
    fastcgi_temp_path "${dir}/fastcgi";
    uwsgi_temp_path "${dir}/uwsgi";
    scgi_temp_path "${dir}/scgi";
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:${port};
        server_name 127.0.0.1;
        root "${dir}/empty";
${snippet}
    }
}
`;
}

/** The nginx binary: $NGINX, or the first nginx on PATH or in the sbin folders. */
function findNginx(): string {
  if (process.env.NGINX) return process.env.NGINX;
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  const found = folders.map((folder) => join(folder, 'nginx')).find((path) => existsSync(path));
  if (!found) throw new Error('nginx is not installed: run scripts/install-tools.sh (Debian package nginx)');
  return found;
}

/** Resolves once nginx answers; fails with its output if it exits or takes over 10 seconds. */
async function untilServing(server: ChildProcess) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) break;
    const answered = await fetch(app).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await sleep(100);
  }
  throw new Error(`nginx did not start on ${origin}:\n${nginxOutput}`);
}

/** Sends a signal to `timeout` and the nginx it started (their own process group). */
function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split('\\').join('/'))
    .sort();
}

/** The directives of a Cache-Control header, lower-cased, with their values. */
function cacheControl(header: string | undefined): Map<string, string> {
  return new Map(
    (header ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean)
      .map((part) => {
        const [name, value = ''] = part.split('=');
        return [name.trim(), value.trim()] as [string, string];
      }),
  );
}

// Serves a built Keyward (dist/) on 127.0.0.1 for the end-to-end tests and benchmarks, at the
// root or under a path prefix (a subfolder of a static host); everything outside the prefix is
// 404, and the prefix without its final slash redirects to it, as static hosts do.
// Usage: node scripts/serve-dist.mjs [port] [dir] [prefix]   (prefix: /tools/keys/, default /)
// It exits by itself after KEYWARD_SERVER_LIFETIME seconds (default 1800) so it never lingers.
// Tests start it in-process with `serveDist`, which can also switch the folder it serves (a
// new deployment) and stop (the network gone).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
};

const CSP_REPORT_PATH = '__csp-report';

/** Serves `root` under `prefix` on 127.0.0.1:`port` until `lifetime` seconds have passed or
 *  `close()` is called. Resolves once it listens. With `indexRedirect`, a request for an
 *  index.html is redirected to its folder, as some hosts do. With `reportCsp`, every page is
 *  also sent its own `<meta>` Content-Security-Policy as a header that asks the browser to
 *  report violations here: the reports gather in `cspReports`, in any engine, from the
 *  page's first byte on. Every request answered with an error is kept in `failedRequests`.
 *  `extraPages` maps names to HTML served beside the build (test pages; none by default). */
export function serveDist({
  port,
  root = 'dist',
  prefix = '/',
  lifetime = 1800,
  indexRedirect = false,
  reportCsp = false,
  extraPages = {},
}) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix ${prefix} must start and end with /`);
  let folder = resolve(root);
  const cspReports = [];
  const failedRequests = [];
  const server = createServer(async (request, response) => {
    response.on('finish', () => {
      if (response.statusCode >= 400) failedRequests.push(`${response.statusCode} ${request.method} ${request.url}`);
    });
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      let path = decodeURIComponent(url.pathname);
      if (reportCsp && request.method === 'POST' && path === prefix + CSP_REPORT_PATH) {
        const chunks = [];
        for await (const chunk of request) chunks.push(chunk);
        cspReports.push(Buffer.concat(chunks).toString());
        response.writeHead(204).end();
        return;
      }
      if (path === prefix.slice(0, -1) && prefix !== '/') {
        response.writeHead(301, { Location: prefix + url.search }).end();
        return;
      }
      if (!path.startsWith(prefix)) {
        response.writeHead(404).end('not found');
        return;
      }
      if (indexRedirect && path.endsWith('/index.html')) {
        response.writeHead(301, { Location: path.slice(0, -'index.html'.length) + url.search }).end();
        return;
      }
      path = path.slice(prefix.length - 1);
      if (Object.hasOwn(extraPages, path.slice(1))) {
        response.writeHead(200, { 'Content-Type': types['.html'], 'Cache-Control': 'no-cache' });
        response.end(extraPages[path.slice(1)]);
        return;
      }
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(folder, path));
      if (!file.startsWith(folder + sep)) {
        response.writeHead(403).end('forbidden');
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) {
        response.writeHead(404).end('not found');
        return;
      }
      const body = await readFile(file);
      const headers = {
        'Content-Type': types[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      };
      const policy = reportCsp && extname(file) === '.html' && metaPolicy(body.toString());
      if (policy) headers['Content-Security-Policy'] = `${policy}; report-uri ${prefix}${CSP_REPORT_PATH}`;
      response.writeHead(200, headers);
      response.end(body);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  const timer = setTimeout(() => close(), lifetime * 1000);
  timer.unref();
  const close = () =>
    new Promise((done) => {
      clearTimeout(timer);
      server.close(() => done());
      // Open keep-alive connections would keep the server reachable.
      server.closeAllConnections();
    });
  return new Promise((ready, failed) => {
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () =>
      ready({
        url: `http://127.0.0.1:${server.address().port}${prefix}`,
        cspReports,
        failedRequests,
        /** Serves another build from now on, as a new deployment does. */
        setRoot: (dir) => {
          folder = resolve(dir);
        },
        close,
      }),
    );
  });
}

/** The policy of a page's `<meta http-equiv="Content-Security-Policy">`, if it has one. */
function metaPolicy(html) {
  const meta = html.match(/<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i)?.[0];
  return meta?.match(/content="([^"]*)"/i)?.[1]?.replaceAll('&#39;', "'").replaceAll('&apos;', "'");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [port = '4173', root = 'dist', prefix = '/'] = process.argv.slice(2);
  const lifetime = Number(process.env.KEYWARD_SERVER_LIFETIME ?? 1800);
  // No top-level await: the tests load this module with require().
  serveDist({ port: Number(port), root, prefix, lifetime }).then(({ url, close }) => {
    console.log(`Serving ${resolve(root)} at ${url}`);
    // Exits when its lifetime is over, or on Ctrl+C.
    process.on('SIGINT', () => close().then(() => process.exit(0)));
    process.on('SIGTERM', () => close().then(() => process.exit(0)));
  });
}

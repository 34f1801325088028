// How the cross-engine flows start each engine: its own WebDriver server, from the system's
// packages, with a browser that never reaches beyond 127.0.0.1. Nothing here downloads a
// driver or a browser.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Session } from './webdriver.mjs';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The WebKitGTK MiniBrowser of this machine's architecture. */
function miniBrowserPath() {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  for (const dir of readdirSync('/usr/lib')) {
    const path = `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`;
    if (existsSync(path)) return path;
  }
  throw new Error('MiniBrowser not found: install webkit2gtk-driver (or set MINIBROWSER_PATH)');
}

// Firefox sends every request but those to 127.0.0.1 to a closed port, so none of its own
// services (updates, telemetry, remote settings) is ever reached.
const firefoxPrefs = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': '127.0.0.1',
  'network.proxy.allow_hijacking_localhost': false,
  'app.update.disabledForTesting': true,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
};

/** The engines, each with how to run its driver and what to ask it for. */
export const engines = {
  firefox: {
    title: 'Firefox',
    driver: (port) => [process.env.GECKODRIVER ?? 'geckodriver', ['--port', String(port), '--websocket-port', '0']],
    capabilities: ({ storageBlocked = false } = {}) => ({
      browserName: 'firefox',
      // WebDriver BiDi too, for the page's console errors from its first script on.
      webSocketUrl: true,
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
        args: ['-headless'],
        // Storage turned off as a person can in about:config.
        prefs: storageBlocked ? { ...firefoxPrefs, 'dom.storage.enabled': false } : firefoxPrefs,
      },
    }),
  },
  webkit: {
    title: 'WebKitGTK',
    // MiniBrowser has no headless mode: the suite runs under Xvfb (xvfb-run).
    driver: (port) => [process.env.WEBKIT_WEBDRIVER ?? 'WebKitWebDriver', [`--port=${port}`]],
    capabilities: ({ storageBlocked = false } = {}) => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: miniBrowserPath(),
        // Storage turned off through WebKit's own setting.
        args: ['--automation', ...(storageBlocked ? ['--enable-html5-local-storage=false'] : [])],
      },
    }),
  },
};

/** Starts `engine`'s WebDriver server; resolves once it answers. Its output is kept for
 *  failure messages. */
export async function startDriver(engine) {
  const port = await freePort();
  const [command, args] = engines[engine].driver(port);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited: ${output.join('')}`);
    try {
      const status = await (await fetch(`${url}/status`)).json();
      if (status.value) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${command} did not start: ${output.join('')}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    url,
    /** A new browser with fresh storage (or none, with `storageBlocked`). */
    newSession: (options) =>
      Session.start(url, { ...engines[engine].capabilities(options), timeouts: { pageLoad: 20_000, script: 10_000 } }),
    output: () => output.join(''),
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

// Keyward's service worker: keeps the files of one build for use offline, and serves them.
//
// The build step (scripts/service-worker.mjs) writes the list of this build's files, each
// with its SHA-256, and a version computed from them all in place of the placeholder below.
// Nothing else is ever cached: no other request, no response the app makes, nothing the app
// stores (keys and names live in localStorage, which this worker never sees).
//
// A newer build installs beside this one, tells the pages it waits, and waits. It takes over
// only when a page asks (the person pressed "Reload to update"), so a page never mixes files
// of two builds. The words the page and the workers exchange:
//   page → worker in charge: 'check' (look for a newer build; say if one already waits),
//                            'activate' (let the waiting build take over);
//   worker in charge → newer worker: 'skip-waiting';
//   newer worker → pages: 'newer-build-waiting'.
const BUILD = /* build */ { version: 'unbuilt', files: [] };

const scope = new URL(self.registration.scope);
// Caches are shared by the whole origin: name them by scope too, so that another copy of
// Keyward under another path of the same host keeps its own.
const CACHE_PREFIX = `keyward:${scope.pathname}:`;
const CACHE = CACHE_PREFIX + BUILD.version;
const INDEX = new URL('index.html', scope).href;
const BUILD_URLS = new Set(BUILD.files.map(({ path }) => new URL(path, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        await Promise.all(
          BUILD.files.map(async ({ path, integrity }) => {
            const url = new URL(path, scope).href;
            // Revalidated and checked against the build's hash: a file of another build (a
            // deployment under way, a stale HTTP cache) fails the install instead.
            const response = await fetch(url, { cache: 'no-cache', integrity });
            if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
            // Some hosts redirect index.html to its folder; a page may not be served from a
            // redirected response, so such a one is kept as a plain copy.
            const { status, headers } = response;
            await cache.put(url, response.redirected ? new Response(await response.blob(), { status, headers }) : response);
          }),
        );
      } catch (error) {
        await caches.delete(CACHE);
        throw error;
      }
      // On the first install no page runs an older build: nothing to announce.
      if (self.registration.active) await announceWaiting();
    })(),
  );
});

/** Tells every page of this app that a newer build waits. */
async function announceWaiting() {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const page of pages) {
    if (page.url.startsWith(scope.href)) page.postMessage('newer-build-waiting');
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The first install also serves the page it was installed from, which runs this build.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const { registration } = self;
  if (event.data === 'check') {
    event.waitUntil(
      registration.waiting
        ? Promise.resolve(event.source.postMessage('newer-build-waiting'))
        : // Offline the check fails; the next one tries again.
          registration.update().catch(() => {}),
    );
  } else if (event.data === 'activate') {
    // A newer build still finishing its install takes over as soon as it is done.
    (registration.waiting ?? registration.installing)?.postMessage('skip-waiting');
  } else if (event.data === 'skip-waiting') {
    self.skipWaiting();
  }
});

// The build's files come from the cache, always: the page and everything it loads stay of one
// build until the person reloads into the next. The app's address (with or without
// index.html, with any query) is its index.html. Every other request goes to the network
// untouched. A file missing from the cache (the browser may evict it) is fetched.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate') url.search = '';
  url.hash = '';
  const key = request.mode === 'navigate' && url.href === scope.href ? INDEX : url.href;
  if (!BUILD_URLS.has(key)) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((cached) => cached ?? fetch(request)),
  );
});

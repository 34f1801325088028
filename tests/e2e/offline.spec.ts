// Offline after one visit, at the root of a host and under a subfolder: the service worker
// keeps this build's files (and nothing else), the server is then stopped, and every feature
// still works across reloads. Also: the manifest and the worker follow the folder, and the
// browser finds the app installable.
import { createAndReveal, keysTable, masked } from './fixtures';
import { test, expect, buildUrls, waitForOfflineCopy } from './deploy';

for (const prefix of ['/', '/tools/keys/']) {
  test.describe(`served at ${prefix}`, () => {
    test.use({ prefix });

    test('after one visit, the app reloads and works with the server gone', async ({ page, context, site }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.goto('./');
      await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
      await waitForOfflineCopy(page);

      await site.close();
      await context.setOffline(true);
      await page.reload();
      await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
      expect(page.url()).toBe(site.url);

      // Create, reveal, copy, Done.
      const key = await createAndReveal(page, 'offline');
      const reveal = page.getByRole('dialog', { name: 'Save your key' });
      await reveal.getByRole('button', { name: 'Copy' }).click();
      await expect(reveal.getByRole('status')).toHaveText('Copied to clipboard.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
      await reveal.getByRole('button', { name: 'Done' }).click();
      await expect(page.getByRole('dialog')).toHaveCount(0);
      const table = keysTable(page);
      await expect(table.getByRole('cell', { name: masked(key) })).toBeVisible();

      // Rename.
      await table.getByRole('button', { name: 'Rename offline', exact: true }).click();
      const field = table.getByRole('textbox', { name: 'New name for offline' });
      await field.fill('still offline');
      await field.press('Enter');
      await expect(table.getByRole('cell', { name: 'still offline', exact: true })).toBeVisible();

      // Revoke a second key.
      await createAndReveal(page, 'doomed');
      await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();
      await table.getByRole('button', { name: 'Revoke doomed', exact: true }).click();
      await page.getByRole('dialog', { name: 'Revoke doomed?' }).getByRole('button', { name: 'Revoke key' }).click();
      await expect(table.getByRole('cell', { name: 'doomed', exact: true })).toHaveCount(0);

      // Hide a column.
      await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Key', exact: true }).uncheck();
      await expect(table.getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Created', 'Last used', 'Expires', 'Status', 'Actions']);

      // Offline again: a reload shows all of it.
      await page.reload();
      await expect(keysTable(page).getByRole('cell', { name: 'still offline', exact: true })).toBeVisible();
      await expect(keysTable(page).getByRole('row')).toHaveCount(2);
      await expect(keysTable(page).getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Created', 'Last used', 'Expires', 'Status', 'Actions']);
    });

    test('the worker caches exactly the build’s files, and no key or name', async ({ page, context, site }) => {
      /** Every cache of the origin, with every URL in it and its body. */
      const cached = () =>
        page.evaluate(async () => {
          const found: { cache: string; url: string; body: string }[] = [];
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              const response = await cache.match(request);
              found.push({ cache: name, url: request.url, body: response ? await response.text() : '' });
            }
          }
          return found;
        });
      const expected = await buildUrls(site.url);
      let key = '';
      const expectOnlyTheBuild = async () => {
        // A worker that stored more would do it while the page loads or just after.
        await page.waitForTimeout(1000);
        const entries = await cached();
        expect(new Set(entries.map((c) => c.cache)).size, 'one cache, for this build').toBe(1);
        expect(entries.map((c) => c.url).sort()).toEqual(expected);
        for (const { url, body } of entries) {
          expect(body.includes(key), `${url} holds the key`).toBe(false);
          expect(body.includes(key.slice(3)), `${url} holds the key's secret part`).toBe(false);
          expect(/cache-probe|renamed-probe/.test(body), `${url} holds a key name`).toBe(false);
        }
      };

      await page.goto('./');
      await waitForOfflineCopy(page);
      key = await createAndReveal(page, 'cache-probe');
      await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();
      await keysTable(page).getByRole('button', { name: 'Rename cache-probe', exact: true }).click();
      await keysTable(page).getByRole('textbox', { name: 'New name for cache-probe' }).fill('renamed-probe');
      await keysTable(page).getByRole('textbox', { name: 'New name for cache-probe' }).press('Enter');
      await expect(keysTable(page).getByRole('cell', { name: 'renamed-probe', exact: true })).toBeVisible();
      // Reloads, online and offline, run every request the page makes through the worker.
      await page.goto('./?from=a-link');
      await page.reload();
      await expect(keysTable(page).getByRole('cell', { name: 'renamed-probe', exact: true })).toBeVisible();
      await expectOnlyTheBuild();

      await site.close();
      await context.setOffline(true);
      await page.reload();
      await expect(keysTable(page).getByRole('cell', { name: 'renamed-probe', exact: true })).toBeVisible();
      await expectOnlyTheBuild();
    });

    test('the manifest, the worker and the page follow the folder; the app is installable', async ({ page, site, playwright, launchOptions }, testInfo) => {
      await page.goto('./');
      await waitForOfflineCopy(page);
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
      expect(scope).toBe(site.url);
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${site.url}sw.js`);

      const cdp = await page.context().newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.url).toBe(`${site.url}manifest.webmanifest`);
      expect(manifest.errors).toEqual([]);
      // As the browser read it: every address resolved against the folder the app is in. The
      // id defaults to the start address, so two copies on one host are two apps.
      const read = manifest.manifest!;
      expect(read.id).toBe(site.url);
      expect(read.startUrl).toBe(site.url);
      expect(read.scope).toBe(site.url);
      expect(read.display).toMatch(/^k?standalone$/i);
      expect(read.icons!.map((icon) => [icon.url, icon.sizes])).toEqual([
        [`${site.url}icons/icon-192.png`, '192x192'],
        [`${site.url}icons/icon-512.png`, '512x512'],
        [`${site.url}icons/maskable-512.png`, '512x512'],
      ]);
      const written = JSON.parse(manifest.data!);
      expect(written.icons.map((icon: { purpose: string }) => icon.purpose)).toEqual(['any', 'any', 'maskable']);
      for (const icon of read.icons!) {
        const png = await page.request.get(icon.url);
        expect(png.headers()['content-type']).toBe('image/png');
        const [width, height] = [(await png.body()).readUInt32BE(16), (await png.body()).readUInt32BE(20)];
        expect(`${width}x${height}`).toBe(icon.sizes);
      }
      // Test contexts are incognito, where nothing installs: ask again in a real profile.
      const profile = await playwright.chromium.launchPersistentContext(testInfo.outputPath('profile'), launchOptions);
      try {
        const installed = profile.pages()[0] ?? (await profile.newPage());
        const errors: string[] = [];
        installed.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
        await installed.goto(site.url);
        await expect(installed.getByRole('heading', { name: 'API keys' })).toBeVisible();
        await installed.waitForFunction(() => navigator.serviceWorker.controller !== null);
        const session = await profile.newCDPSession(installed);
        const { installabilityErrors } = await session.send('Page.getInstallabilityErrors');
        expect(installabilityErrors).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await profile.close();
      }

      // Nothing of the app answers outside its folder.
      if (prefix !== '/') {
        const outside = await page.request.get(new URL('/index.html', site.url).href);
        expect(outside.status()).toBe(404);
      }
    });
  });
}

test.describe('on a host that redirects index.html to its folder', () => {
  test.use({ prefix: '/tools/keys/', indexRedirect: true });

  test('the app still reloads with the server gone', async ({ page, context, site }) => {
    await page.goto('./');
    await waitForOfflineCopy(page);
    await createAndReveal(page, 'redirected');
    await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();
    await site.close();
    await context.setOffline(true);
    await page.reload();
    await expect(keysTable(page).getByRole('cell', { name: 'redirected', exact: true })).toBeVisible();
  });
});

// A new deployment while the app is open: the notice offers it, the page keeps running its own
// build's files until the person reloads through the notice, and nothing reloads over an open
// dialog, above all the one-time reveal, nor on its own when another tab updates.
import type { Page } from '@playwright/test';
import { createAndReveal, keysTable, masked } from './fixtures';
import { test, expect, deployNextBuild, updateNotice, NEXT_BUILD_MARKER } from './deploy';

/** Marks the page's document, so a test can tell whether it was reloaded. */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
}

async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true);
}

/** Whether the page changes hands to another worker within `ms` milliseconds. */
async function controllerChangesWithin(page: Page, ms: number): Promise<boolean> {
  return page.evaluate(
    (ms) =>
      new Promise<boolean>((done) => {
        navigator.serviceWorker.addEventListener('controllerchange', () => done(true), { once: true });
        setTimeout(() => done(false), ms);
      }),
    ms,
  );
}

/** Whether a newer worker waits while the page's own one is still in charge. */
async function newerBuildWaits(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return !!registration?.waiting && registration.active === navigator.serviceWorker.controller;
  });
}

async function stylesheet(page: Page): Promise<string> {
  return page.evaluate(() => new URL((document.querySelector('link[rel=stylesheet]') as HTMLLinkElement).href).pathname);
}

test('a new build is offered, not mixed in, held while a key is shown, and loaded by the button', async ({
  page,
  site,
}, testInfo) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const nextStylesheet = await deployNextBuild(page, site, testInfo.outputPath('next-build'));
  const first = await stylesheet(page);

  // Offered politely, and the page still runs its own build: it asked the server for nothing
  // of the new one (only the worker did, to install it).
  const notice = updateNotice(page);
  await expect(notice).toHaveText(/A new version of Keyward is available\./);
  const reload = notice.getByRole('button', { name: 'Reload to update' });
  await expect(reload).toBeEnabled();
  expect(requests.filter((url) => url.includes(nextStylesheet))).toEqual([]);
  await expect(page.locator(NEXT_BUILD_MARKER)).toHaveCount(0);
  // The new build waits, and the page's files still come from its own build's copy, though
  // the server now has the new ones.
  await expect.poll(() => newerBuildWaits(page)).toBe(true);
  expect(await page.evaluate(() => fetch('./index.html').then((r) => r.text()))).not.toContain('keyward-build');

  // With the one-time reveal open, the notice is behind the modal dialog; even a click that
  // reaches the button does nothing, and the new build keeps waiting.
  const key = await createAndReveal(page, 'kept');
  await markDocument(page);
  await reload.dispatchEvent('click');
  expect(await controllerChangesWithin(page, 1500), 'the new build took over').toBe(false);
  expect(await newerBuildWaits(page)).toBe(true);
  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal.getByRole('textbox', { name: 'Secret key' })).toHaveValue(key);
  expect(await sameDocument(page)).toBe(true);
  expect(await stylesheet(page)).toBe(first);

  // Done, then the button: the page reloads into the new build.
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reload).toBeEnabled();
  await reload.click();
  await expect(page.locator(NEXT_BUILD_MARKER)).toHaveCount(1);
  expect(await sameDocument(page)).toBe(false);
  expect(await stylesheet(page)).toBe(new URL(nextStylesheet, site.url).pathname);
  await expect(keysTable(page).getByRole('cell', { name: masked(key) })).toBeVisible();
  await expect(updateNotice(page)).toHaveCount(0);
});

test('another tab updating never reloads a tab that shows a key', async ({ page, context, site }, testInfo) => {
  await deployNextBuild(page, site, testInfo.outputPath('next-build'));
  const key = await createAndReveal(page, 'shown');
  await markDocument(page);

  // A second tab, opened now, is told of the waiting build too, and updates.
  const other = await context.newPage();
  await other.goto('./');
  await expect(other.getByRole('heading', { name: 'API keys' })).toBeVisible();
  const changed = controllerChangesWithin(page, 10_000);
  await updateNotice(other).getByRole('button', { name: 'Reload to update' }).click();
  await expect(other.locator(NEXT_BUILD_MARKER)).toHaveCount(1);

  // The first tab's worker changed, but it did not reload: the key is still on screen.
  expect(await changed, 'the new build took charge of the first tab too').toBe(true);
  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal.getByRole('textbox', { name: 'Secret key' })).toHaveValue(key);
  expect(await sameDocument(page)).toBe(true);

  // Closing the reveal does not reload either; the notice still offers the new build.
  await reveal.getByRole('button', { name: 'Done' }).click();
  await page.waitForTimeout(1000);
  expect(await sameDocument(page)).toBe(true);
  await expect(page.locator(NEXT_BUILD_MARKER)).toHaveCount(0);
  await updateNotice(page).getByRole('button', { name: 'Reload to update' }).click();
  await expect(page.locator(NEXT_BUILD_MARKER)).toHaveCount(1);
  await expect(keysTable(page).getByRole('cell', { name: masked(key) })).toBeVisible();
});

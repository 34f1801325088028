import { test, expect, openApp, keysTable, createKey } from './fixtures';
import type { Page } from '@playwright/test';

// Finding a key among many, and a table whose size does not grow with the number of keys.

/** Stores `names` as keys (the first one oldest) and reloads. */
async function storeKeys(page: Page, names: string[]) {
  await page.evaluate((names) => {
    const hex = (n: number) => n.toString(16).padStart(64, '0');
    const start = Date.parse('2026-01-01T00:00:00Z');
    const tokens = names.map((name, i) => ({
      id: crypto.randomUUID(),
      name,
      hash: hex(i + 1),
      display: `kw_${String(i).padStart(4, '0')}…abcd`,
      created_at: new Date(start + i * 60_000).toISOString(),
      last_used_at: null,
      revoked_at: null,
      expires_at: null,
    }));
    localStorage.setItem('keyward.tokens', JSON.stringify({ version: 2, writers: {}, tokens }));
  }, names);
  await page.reload();
}

const search = (page: Page) => page.getByRole('searchbox', { name: 'Search keys' });
/** The live region beside the search that counts the keys listed. */
const matchCount = (page: Page) => page.getByRole('status').filter({ hasText: /^[\d,]+ (of [\d,]+ )?keys?$/ });
const names = (page: Page) => keysTable(page).locator('tbody tr td.cell-name');

test('the search filters by name as you type, in any case and script, and Escape clears it', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, ['Café EU', 'production', 'PRODUCTION us', 'staging']);
  await expect(matchCount(page)).toHaveText('4 keys');

  await search(page).pressSequentially('prod');
  await expect(names(page)).toHaveText(['PRODUCTION us', 'production']);
  await expect(matchCount(page)).toHaveText('2 of 4 keys');

  await search(page).fill('CAFÉ');
  await expect(names(page)).toHaveText(['Café EU']);
  await search(page).fill('é');
  await expect(names(page)).toHaveText(['Café EU']);

  await search(page).press('Escape');
  await expect(search(page)).toHaveValue('');
  await expect(names(page)).toHaveCount(4);
  await expect(matchCount(page)).toHaveText('4 keys');
});

test('a search that finds nothing says so and offers to clear it; it is not kept', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, ['alpha', 'beta']);
  await search(page).fill('zeta');
  await expect(keysTable(page)).toHaveCount(0);
  await expect(page.getByText('No keys match')).toBeVisible();
  await expect(matchCount(page)).toHaveText('0 of 2 keys');
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(search(page)).toBeFocused();
  await expect(names(page)).toHaveCount(2);

  await search(page).fill('alp');
  await page.reload();
  await expect(search(page)).toHaveValue('');
  await expect(names(page)).toHaveCount(2);
});

test('keys come fifty to a page, with the whole count told to assistive technology', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, Array.from({ length: 120 }, (_, i) => `key-${i}`));
  const table = keysTable(page);
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(table).toHaveAttribute('aria-rowcount', '121');
  await expect(names(page)).toHaveCount(50);
  await expect(names(page).first()).toHaveText('key-119');
  await expect(table.locator('tbody tr').first()).toHaveAttribute('aria-rowindex', '2');
  await expect(pages).toContainText('Page 1 of 3');
  await expect(pages).toContainText('Keys 1–50 of 120');
  await expect(pages.getByRole('button', { name: 'Previous page' })).toBeDisabled();

  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(names(page).first()).toHaveText('key-69');
  await expect(table.locator('tbody tr').first()).toHaveAttribute('aria-rowindex', '52');
  await expect(pages).toContainText('Page 2 of 3');

  // The keyboard alone reaches the last page.
  await pages.getByRole('button', { name: 'Next page' }).focus();
  await page.keyboard.press('Enter');
  await expect(names(page)).toHaveCount(20);
  await expect(names(page).last()).toHaveText('key-0');
  await expect(pages).toContainText('Keys 101–120 of 120');
  await expect(pages.getByRole('button', { name: 'Next page' })).toBeDisabled();

  // A search starts from its first page, and its count is what the pages count.
  await search(page).fill('key-1');
  await expect(table).toHaveAttribute('aria-rowcount', String(31 + 1));
  await expect(pages).toHaveCount(0);
  await expect(names(page).first()).toHaveText('key-119');
});

test('a page emptied by a revoke falls back to the last page; a new key shows on the first', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, Array.from({ length: 51 }, (_, i) => `key-${i}`));
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(names(page)).toHaveText(['key-0']);
  await keysTable(page).getByRole('button', { name: 'Revoke key-0', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke key-0?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(pages).toHaveCount(0);
  await expect(names(page)).toHaveCount(50);

  await createKey(page, 'key-new');
  await createKey(page, 'key-newer');
  await pages.getByRole('button', { name: 'Next page' }).click();
  await search(page).fill('key-4');
  await createKey(page, 'fresh');
  await expect(search(page)).toHaveValue('');
  await expect(names(page).first()).toHaveText('fresh');
  await expect(pages).toContainText('Page 1 of 2');
});

test('at 375 px the pages stay cards and nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await openApp(page);
  await storeKeys(page, Array.from({ length: 60 }, (_, i) => `key-${i}`));
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const display = await keysTable(page).locator('tbody tr').first().evaluate((row) => getComputedStyle(row).display);
  expect(display).not.toBe('table-row');
});

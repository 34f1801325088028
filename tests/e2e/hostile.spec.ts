import { test, expect, openApp, keysTable, createKey, masked } from './fixtures';
import type { Page } from '@playwright/test';

async function rowHeights(page: Page): Promise<number[]> {
  return keysTable(page)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('direction overrides, zero-width and combining characters and emoji stay inside their name', async ({ page }) => {
  await openApp(page);
  const override = '\u202Egnp.exe';
  const key = await createKey(page, override);
  const row = keysTable(page).getByRole('row').filter({ has: page.getByRole('cell', { name: override }) });
  // The override does not reach the key cell next to it.
  await expect(row.getByRole('cell').nth(2)).toHaveText(masked(key));
  const keyCellDirection = await row.getByRole('cell').nth(2).evaluate((el) => getComputedStyle(el).direction);
  expect(keyCellDirection).toBe('ltr');
  await expect(keysTable(page).getByRole('button', { name: `Rename ${override}`, exact: true })).toBeVisible();

  const family = '👨\u200D👩\u200D👧 ops';
  await createKey(page, family);
  await expect(keysTable(page).getByRole('cell', { name: family, exact: true })).toBeVisible();

  const zalgo = `z${'\u0301\u0316\u0353'.repeat(5)}ap`;
  await createKey(page, zalgo);
  // Stored in NFC: the marks sorted into canonical order and z with acute composed into ź.
  await expect(keysTable(page).getByRole('cell', { name: zalgo.normalize('NFC'), exact: true })).toBeVisible();
  for (const height of await rowHeights(page)) expect(height).toBeLessThan(120);

  // A name of nothing visible is an empty name.
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const name = page.getByRole('dialog').getByRole('textbox', { name: 'Name' });
  await name.fill('\u200B\u200B\u2060');
  await name.press('Enter');
  await expect(name).toHaveAccessibleDescription(/Please enter a name for the key\./);
});

test('a 10 KB paste is refused by characters without freezing the page', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
  const name = dialog.getByRole('textbox', { name: 'Name' });
  const paste = '<script>alert(1)</script>🔑'.repeat(400);
  expect(paste.length).toBeGreaterThan(10_000);
  await name.fill(paste);
  // 25 ASCII characters and a key emoji, 400 times.
  await expect(dialog).toContainText(`${26 * 400}/18`);
  await name.press('Enter');
  await expect(name).toHaveAccessibleDescription(/Name must be at most 18 characters\./);
  await noSidewaysScroll(page);
  // Trimmed to fit, the same text is accepted and shown as text.
  await name.fill('<script>x</script>');
  await name.press('Enter');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(keysTable(page).getByRole('cell', { name: '<script>x</script>', exact: true })).toBeVisible();
  await expect(page.locator('tbody script')).toHaveCount(0);
});

test('huge names written by other tools are clamped, not allowed to break the layout', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await openApp(page);
  await createKey(page, 'normal');
  const huge = 'W'.repeat(10_240);
  const tall = `t${'\u0301'.repeat(300)}`;
  await page.evaluate(([huge, tall]) => {
    const doc = JSON.parse(localStorage.getItem('keyward.tokens')!);
    const template = doc.tokens[0];
    for (const [i, name] of [huge, tall].entries()) {
      doc.tokens.push({ ...template, id: crypto.randomUUID(), hash: String(i).repeat(64), name });
    }
    localStorage.setItem('keyward.tokens', JSON.stringify(doc));
  }, [huge, tall]);
  await page.reload();
  await expect(keysTable(page).locator('tbody tr')).toHaveCount(3);
  // A card holds its checkbox and seven labelled fields; a clamped name adds at most three lines.
  for (const height of await rowHeights(page)) expect(height).toBeLessThan(480);
  await noSidewaysScroll(page);
  // The revoke dialog names the key without growing past the screen.
  await keysTable(page).locator('tbody tr').filter({ hasText: 'WWWW' }).getByRole('button', { name: /^Revoke/ }).click();
  const box = await page.getByRole('dialog').boundingBox();
  expect(box!.height).toBeLessThan(800);
  expect(box!.width).toBeLessThanOrEqual(375);
});

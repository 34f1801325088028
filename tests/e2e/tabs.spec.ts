import { test, expect, openApp, keysTable, createKey } from './fixtures';
import type { Page } from '@playwright/test';

function cell(page: Page, name: string) {
  return keysTable(page).getByRole('cell', { name, exact: true });
}

test('two tabs see each other’s changes at once and lose none of them', async ({ page, context }) => {
  const other = await context.newPage();
  await openApp(page);
  await openApp(other);

  // Each change shows in the other tab without a reload.
  await createKey(page, 'from a');
  await expect(cell(other, 'from a')).toBeVisible();
  await createKey(other, 'from b');
  await expect(cell(page, 'from b')).toBeVisible();
  await expect(cell(page, 'from a')).toBeVisible();

  await keysTable(page).getByRole('button', { name: 'Rename from b', exact: true }).click();
  await keysTable(page).getByRole('textbox', { name: 'New name for from b' }).fill('b renamed by a');
  await page.keyboard.press('Enter');
  await expect(cell(other, 'b renamed by a')).toBeVisible();

  await keysTable(other).getByRole('button', { name: 'Revoke from a', exact: true }).click();
  await other.getByRole('dialog', { name: 'Revoke from a?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(cell(page, 'from a')).toHaveCount(0);

  // Interleaved writes, each tab acting on what it shows.
  await createKey(page, 'a2');
  await createKey(other, 'b2');
  await createKey(page, 'a3');
  await keysTable(other).getByRole('button', { name: 'Rename a2', exact: true }).click();
  await keysTable(other).getByRole('textbox', { name: 'New name for a2' }).fill('a2 renamed by b');
  await other.keyboard.press('Enter');
  await keysTable(page).getByRole('button', { name: 'Revoke b2', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke b2?' }).getByRole('button', { name: 'Revoke key' }).click();
  await createKey(other, 'b3');

  const expected = ['b3', 'a3', 'a2 renamed by b', 'b renamed by a'];
  for (const tab of [page, other]) {
    await expect(keysTable(tab).getByRole('row').locator('td:first-child')).toHaveText(expected);
  }
  for (const tab of [page, other]) {
    await tab.reload();
    await expect(keysTable(tab).getByRole('row').locator('td:first-child')).toHaveText(expected);
  }
  const doc = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!));
  expect(doc.tokens).toHaveLength(6);
  const revoked = doc.tokens.filter((t: { revoked_at: unknown }) => t.revoked_at !== null);
  expect(revoked.map((t: { name: string }) => t.name).sort()).toEqual(['b2', 'from a']);
});

test('a tab that was left open shows column changes from another tab', async ({ page, context }) => {
  const other = await context.newPage();
  await openApp(page);
  await createKey(page, 'cols');
  await openApp(other);
  await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Created', exact: true }).uncheck();
  await expect(keysTable(other).getByRole('columnheader')).toHaveText(['Name', 'Key', 'Last used', 'Actions']);
  await expect(
    other.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Created', exact: true }),
  ).not.toBeChecked();
});

test('two tabs acting at the same instant lose nothing', async ({ page, context }) => {
  const other = await context.newPage();
  await openApp(page);
  await openApp(other);
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens') ?? '{"tokens":[]}').tokens);

  // Both tabs create at once, many times: each tab starts its write before seeing the other's.
  for (let i = 0; i < 10; i++) {
    await Promise.all([createKey(page, `a${i}`), createKey(other, `b${i}`)]);
  }
  await expect.poll(async () => (await stored()).length, { timeout: 10_000 }).toBe(20);

  // And rename and revoke different keys at once.
  const renameIn = async (tab: typeof page, from: string, to: string) => {
    await keysTable(tab).getByRole('button', { name: `Rename ${from}`, exact: true }).click();
    await keysTable(tab).getByRole('textbox', { name: `New name for ${from}` }).fill(to);
    await tab.keyboard.press('Enter');
  };
  const revokeIn = async (tab: typeof page, name: string) => {
    await keysTable(tab).getByRole('button', { name: `Revoke ${name}`, exact: true }).click();
    await tab.getByRole('dialog', { name: `Revoke ${name}?` }).getByRole('button', { name: 'Revoke key' }).click();
  };
  await Promise.all([renameIn(page, 'a0', 'a0 renamed'), renameIn(other, 'b0', 'b0 renamed')]);
  await Promise.all([revokeIn(page, 'a1'), revokeIn(other, 'b1')]);

  await expect
    .poll(async () => {
      const tokens = await stored();
      return {
        names: tokens.filter((t: { name: string }) => /renamed/.test(t.name)).map((t: { name: string }) => t.name).sort(),
        revoked: tokens.filter((t: { revoked_at: unknown }) => t.revoked_at !== null).map((t: { name: string }) => t.name).sort(),
        count: tokens.length,
      };
    }, { timeout: 10_000 })
    .toEqual({ names: ['a0 renamed', 'b0 renamed'], revoked: ['a1', 'b1'], count: 20 });
  for (const tab of [page, other]) {
    await expect(keysTable(tab).locator('tbody tr')).toHaveCount(18);
  }
});

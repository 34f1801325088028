import { test, expect, openApp, keysTable, createKey, countTokenWrites, tokenWrites } from './fixtures';
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
    await expect(keysTable(tab).getByRole('row').locator('td.cell-name')).toHaveText(expected);
  }
  for (const tab of [page, other]) {
    await tab.reload();
    await expect(keysTable(tab).getByRole('row').locator('td.cell-name')).toHaveText(expected);
  }
  const doc = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!));
  expect(doc.tokens).toHaveLength(6);
  const revoked = doc.tokens.filter((t: { revoked_at: unknown }) => t.revoked_at != null);
  expect(revoked.map((t: { name: string }) => t.name).sort()).toEqual(['b2', 'from a']);
});

test('a tab that was left open shows column changes from another tab', async ({ page, context }) => {
  const other = await context.newPage();
  await openApp(page);
  await createKey(page, 'cols');
  await openApp(other);
  await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Created', exact: true }).uncheck();
  await expect(keysTable(other).getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Key', 'Last used', 'Expires', 'Status', 'Actions']);
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
        revoked: tokens.filter((t: { revoked_at: unknown }) => t.revoked_at != null).map((t: { name: string }) => t.name).sort(),
        count: tokens.length,
      };
    }, { timeout: 10_000 })
    .toEqual({ names: ['a0 renamed', 'b0 renamed'], revoked: ['a1', 'b1'], count: 20 });
  for (const tab of [page, other]) {
    await expect(keysTable(tab).locator('tbody tr')).toHaveCount(18);
  }
});

/** Waits until neither tab has written for a while, and returns how many writes each made. */
async function writesSettle(tabs: Page[]): Promise<number[]> {
  let before = await Promise.all(tabs.map(tokenWrites));
  for (;;) {
    await tabs[0].waitForTimeout(1_500);
    const after = await Promise.all(tabs.map(tokenWrites));
    if (after.every((n, i) => n === before[i])) return after;
    expect(after.reduce((a, b) => a + b), 'the tabs keep writing').toBeLessThan(50);
    before = after;
  }
}

async function renameIn(tab: Page, from: string, to: string) {
  await keysTable(tab).getByRole('button', { name: `Rename ${from}`, exact: true }).click();
  await keysTable(tab).getByRole('textbox', { name: `New name for ${from}` }).fill(to);
  await tab.keyboard.press('Enter');
}

function storedNames(tab: Page): Promise<string[]> {
  return tab.evaluate(() =>
    JSON.parse(localStorage.getItem('keyward.tokens') ?? '{"tokens":[]}').tokens.map((t: { name: string }) => t.name),
  );
}

test('a rename undone in another tab stays undone, and both tabs stop writing at once', async ({ page, context }) => {
  test.setTimeout(60_000);
  await countTokenWrites(context);
  const other = await context.newPage();
  await openApp(page);
  await openApp(other);

  await createKey(page, 'alpha');
  await expect(cell(other, 'alpha')).toBeVisible();
  // Long enough for any memory of the create to have expired.
  await page.waitForTimeout(10_000);
  await renameIn(page, 'alpha', 'bravo');
  await expect(cell(other, 'bravo')).toBeVisible();
  await renameIn(other, 'bravo', 'alpha');

  for (const tab of [page, other]) await expect(cell(tab, 'alpha')).toBeVisible();
  const writes = await writesSettle([page, other]);
  // A: create and rename. B: the rename back. Nothing else.
  expect(writes).toEqual([2, 1]);
  expect(await storedNames(page)).toEqual(['alpha']);
  for (const tab of [page, other]) {
    await tab.reload();
    await expect(cell(tab, 'alpha')).toBeVisible();
    await expect(cell(tab, 'bravo')).toHaveCount(0);
  }
});

test('a key revoked in another tab right after a rename stays revoked', async ({ page, context }) => {
  await countTokenWrites(context);
  const other = await context.newPage();
  await openApp(page);
  await openApp(other);

  await createKey(page, 'x');
  await renameIn(page, 'x', 'y');
  await expect(cell(other, 'y')).toBeVisible();
  await keysTable(other).getByRole('button', { name: 'Revoke y', exact: true }).click();
  await other.getByRole('dialog', { name: 'Revoke y?' }).getByRole('button', { name: 'Revoke key' }).click();

  for (const tab of [page, other]) await expect(tab.getByText('No API keys yet')).toBeVisible();
  expect(await writesSettle([page, other])).toEqual([2, 1]);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!).tokens);
  expect(stored).toHaveLength(1);
  expect(stored[0].name).toBe('y');
  expect(stored[0].revoked_at).not.toBeNull();
});

test('Start fresh in one tab sets aside a key another tab had just created', async ({ page, context }) => {
  await countTokenWrites(context);
  const other = await context.newPage();
  await openApp(page);
  await openApp(other);

  await createKey(page, 'fresh');
  await expect(cell(other, 'fresh')).toBeVisible();
  // Something else adds a broken record: both tabs report the document unreadable.
  const broken = await other.evaluate(() => {
    const doc = JSON.parse(localStorage.getItem('keyward.tokens')!);
    doc.tokens.push({ ...doc.tokens[0], id: crypto.randomUUID(), name: 42 });
    const text = JSON.stringify(doc);
    localStorage.setItem('keyward.tokens', text);
    return text;
  });
  await expect(page.getByRole('alert')).toContainText('Your stored keys could not be read.');
  await other.reload();
  await expect(other.getByRole('alert')).toContainText('Your stored keys could not be read.');
  await expect(cell(other, 'fresh')).toBeVisible(); // shown read-only: B has seen the key

  await other.getByRole('button', { name: 'Start fresh' }).click();
  for (const tab of [page, other]) await expect(tab.getByText('No API keys yet')).toBeVisible();
  // A: its create, and no re-creation. B, counted since its reload: the fresh document.
  expect(await writesSettle([page, other])).toEqual([1, 1]);
  expect(await storedNames(page)).toEqual([]);
  await expect(cell(page, 'fresh')).toHaveCount(0);
  const backups = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('keyward.backup.unreadable.')).map((k) => localStorage.getItem(k)),
  );
  expect(backups).toEqual([broken]);
});

test('a rename left open while another tab adds a key stays with its key', async ({ page, context }) => {
  await openApp(page);
  await createKey(page, 'alpha');
  const other = await context.newPage();
  await openApp(other);
  // Alpha is on the first row (newest first); its name is being edited here.
  const table = keysTable(page);
  await table.getByRole('button', { name: 'Rename alpha', exact: true }).click();
  const field = table.getByRole('textbox', { name: 'New name for alpha' });
  await field.fill('renamed here');

  // The other tab's new key takes the first row; the edit stays open for alpha, and Enter
  // renames alpha, not the key now on the first row.
  await createKey(other, 'newer');
  await expect(cell(page, 'newer')).toBeVisible();
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('renamed here');
  await page.keyboard.press('Enter');
  await expect(table.locator('td.cell-name')).toHaveText(['newer', 'renamed here']);
  await expect(table.getByRole('button', { name: 'Rename renamed here', exact: true })).toBeFocused();
  const names = await page.evaluate(() =>
    JSON.parse(localStorage.getItem('keyward.tokens')!).tokens.map((t: { name: string }) => t.name),
  );
  expect(names.sort()).toEqual(['newer', 'renamed here']);
});

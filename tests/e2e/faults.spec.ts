import { readFile } from 'node:fs/promises';
import { test, expect, openApp, keysTable, createKey, fillStorage, blockStorage } from './fixtures';
import type { Page } from '@playwright/test';

const TOKENS = 'keyward.tokens';

async function stored(page: Page, key = TOKENS): Promise<string | null> {
  return page.evaluate((k) => localStorage.getItem(k), key);
}

async function backups(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('keyward.backup.'))
        .map((k) => [k, localStorage.getItem(k)!]),
    ),
  );
}

test('an unreadable store: banner, backup download, original kept, then Start fresh', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'precious');
  const original = (await stored(page))!.slice(0, -3); // truncated: no longer JSON
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [TOKENS, original]);
  await page.reload();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Your stored keys could not be read.');
  await expect(alert).toContainText('not valid JSON');
  await expect(alert).toContainText('Nothing has been changed or deleted.');
  await expect(page.getByText('No keys can be shown')).toBeVisible();
  await expect(page.getByText('No API keys yet')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create new secret key' })).toBeDisabled();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    alert.getByRole('button', { name: 'Download backup' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^keyward-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);
  expect(await readFile((await download.path())!, 'utf8')).toBe(original);
  expect(await stored(page)).toBe(original);

  // Reloading changes nothing either.
  await page.reload();
  expect(await stored(page)).toBe(original);

  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'set aside' })).toContainText('keyward.backup.unreadable.');
  const kept = await backups(page);
  expect(Object.values(kept)).toEqual([original]);
  expect(JSON.parse((await stored(page))!)).toMatchObject({ version: 2, tokens: [] });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await createKey(page, 'new start');
  await expect(keysTable(page).getByRole('row')).toHaveCount(2);
});

test('a partly readable store shows the readable keys read-only and keeps the text', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'good one');
  await createKey(page, 'good two');
  await createKey(page, 'broken');
  const text = (await stored(page))!.replace('"name":"broken"', '"name":{"oops":1}');
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [TOKENS, text]);
  await page.reload();

  await expect(page.getByRole('alert')).toContainText('The 2 keys that could still be read are shown below, read-only.');
  const table = keysTable(page);
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('cell', { name: 'good one', exact: true })).toBeVisible();
  // Nothing in the rows can change a key (the headers still sort what is shown), and no key can
  // be ticked for a bulk revoke.
  await expect(table.locator('tbody').getByRole('button')).toHaveCount(0);
  await expect(table.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Revoke selected' })).toHaveCount(0);
  await expect(table.getByRole('cell', { name: 'Read-only' })).toHaveCount(2);
  await table.getByRole('cell', { name: 'good two', exact: true }).dblclick();
  await expect(table.getByRole('textbox')).toHaveCount(0);
  expect(await stored(page)).toBe(text);
});

test('a document from a newer Keyward is not overwritten', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'future');
  const newer = (await stored(page))!.replace('"version":2', '"version":7');
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [TOKENS, newer]);
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('written by a newer Keyward');
  await expect(keysTable(page).getByRole('cell', { name: 'future', exact: true })).toBeVisible();
  expect(await stored(page)).toBe(newer);
});

test('a version 1 document is upgraded on load and the original kept under a backup key', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'from v1');
  await createKey(page, 'also v1');
  const current = JSON.parse((await stored(page))!);
  const v1 = JSON.stringify({
    version: 1,
    tokens: current.tokens.map(({ expires_at: _, ...rest }: Record<string, unknown>) => rest),
  });
  expect(v1).not.toContain('expires_at');
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [TOKENS, v1]);
  await page.reload();

  await expect(keysTable(page).getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('alert')).toHaveCount(0);
  const upgraded = JSON.parse((await stored(page))!);
  expect(upgraded.version).toBe(2);
  expect(upgraded.tokens.map((t: { expires_at: unknown }) => t.expires_at)).toEqual([null, null]);
  const kept = await backups(page);
  expect(Object.keys(kept)).toHaveLength(1);
  expect(Object.keys(kept)[0]).toMatch(/^keyward\.backup\.tokens-v1\./);
  expect(Object.values(kept)[0]).toBe(v1);
  await createKey(page, 'now v2');
  await expect(keysTable(page).getByRole('row')).toHaveCount(4);
});

test('a full localStorage: nothing is revealed, renamed or revoked that was not saved', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'before');
  const before = await stored(page);
  await fillStorage(page);

  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
  const name = dialog.getByRole('textbox', { name: 'Name' });
  await name.fill('no room');
  await name.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText(/storage for this site is full\. The change was not saved\./);
  await expect(page.getByRole('dialog', { name: 'Save your key' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Secret key' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(keysTable(page).getByRole('row')).toHaveCount(2);

  const table = keysTable(page);
  await table.getByRole('button', { name: 'Rename before', exact: true }).click();
  const field = table.getByRole('textbox', { name: 'New name for before' });
  await field.fill('a much longer name');
  await field.press('Enter');
  await expect(field).toHaveAccessibleDescription(/full\. The change was not saved\./);
  await field.press('Escape');
  await expect(table.getByRole('cell', { name: 'before', exact: true })).toBeVisible();

  await table.getByRole('button', { name: 'Revoke before', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke before?' });
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(confirm).toContainText('The change was not saved.');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(table.getByRole('cell', { name: 'before', exact: true })).toBeVisible();

  expect(await stored(page)).toBe(before);
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler.')).forEach((k) => localStorage.removeItem(k)));
  await page.reload();
  await expect(keysTable(page).getByRole('row')).toHaveCount(2);
});

test('with storage blocked the app works in memory and says nothing will be kept', async ({ page }) => {
  await blockStorage(page);
  await openApp(page);
  const warning = page.getByRole('alert');
  await expect(warning).toContainText('Nothing will be kept after this visit.');
  await expect(warning).toContainText('Access is denied for this document.');

  const key = await createKey(page, 'ephemeral');
  expect(key).toMatch(/^kw_/);
  await keysTable(page).getByRole('button', { name: 'Rename ephemeral', exact: true }).click();
  await keysTable(page).getByRole('textbox', { name: 'New name for ephemeral' }).fill('still here');
  await page.keyboard.press('Enter');
  await expect(keysTable(page).getByRole('cell', { name: 'still here', exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('alert')).toContainText('Nothing will be kept after this visit.');
  await expect(page.getByText('No API keys yet')).toBeVisible();
});

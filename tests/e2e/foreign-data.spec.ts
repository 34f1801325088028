import { test, expect, openApp, keysTable, createKey } from './fixtures';
import type { Page } from '@playwright/test';

// Documents written by another tool or a newer Keyward: what they hold that this version does
// not know, and dates it would not write itself, must survive Keyward's own saves.

const TOKENS = 'keyward.tokens';
const HASH = 'ab'.repeat(32);

function record(fields: Record<string, unknown>) {
  return {
    id: '6f1c5b8e-2c1d-4c4e-9a3b-0d6b1e7f9a21',
    name: 'imported',
    hash: HASH,
    display: 'kw_AbC1…9xYz',
    created_at: '2026-01-01T00:00:00Z',
    last_used_at: null,
    revoked_at: null,
    expires_at: null,
    ...fields,
  };
}

async function store(page: Page, document: unknown) {
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [TOKENS, JSON.stringify(document)]);
  await page.reload();
}

async function stored(page: Page) {
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k)!), TOKENS);
}

for (const date of ['9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00+23:59']) {
  test(`a record dated ${date} survives a save and still loads`, async ({ page }) => {
    await openApp(page);
    await store(page, { version: 2, tokens: [record({ created_at: date, last_used_at: date })] });
    await expect(keysTable(page).getByRole('cell', { name: 'imported', exact: true })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    await createKey(page, 'after');
    const saved = await stored(page);
    expect(saved.tokens[0].created_at).toBe(date);
    expect(saved.tokens[0].last_used_at).toBe(date);

    await page.reload();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(keysTable(page).locator('tbody tr')).toHaveCount(2);
    await expect(page.getByRole('button', { name: 'Create new secret key' })).toBeEnabled();
  });
}

test('fields Keyward does not know survive every kind of change', async ({ page }) => {
  await openApp(page);
  const generator = { name: 'vault-sync', version: 3 };
  await store(page, {
    version: 2,
    generator,
    tokens: [record({ scopes: ['read', 'write'], note: 'rotated by ops' })],
  });
  await expect(page.getByRole('alert')).toHaveCount(0);

  await createKey(page, 'new one');
  await keysTable(page).getByRole('button', { name: 'Rename imported', exact: true }).click();
  await keysTable(page).getByRole('textbox', { name: 'New name for imported' }).fill('renamed');
  await page.keyboard.press('Enter');
  await expect(keysTable(page).getByRole('cell', { name: 'renamed', exact: true })).toBeVisible();

  let saved = await stored(page);
  expect(saved.generator).toEqual(generator);
  expect(saved.tokens[0].name).toBe('renamed');
  expect(saved.tokens[0].scopes).toEqual(['read', 'write']);
  expect(saved.tokens[0].note).toBe('rotated by ops');

  await keysTable(page).getByRole('button', { name: 'Revoke renamed', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke renamed?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(keysTable(page).getByRole('cell', { name: 'renamed', exact: true })).toHaveCount(0);
  saved = await stored(page);
  expect(saved.generator).toEqual(generator);
  expect(saved.tokens[0].revoked_at).not.toBeNull();
  expect(saved.tokens[0].scopes).toEqual(['read', 'write']);
  expect(saved.tokens[0].note).toBe('rotated by ops');
  // Nothing needed setting aside: no backup was made.
  const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('keyward.backup.')));
  expect(backups).toEqual([]);
});

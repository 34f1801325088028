import type { Page } from '@playwright/test';
import { test, expect, openApp, keysTable, createKey, everythingThePageKeeps } from './fixtures';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A well-formed key with a correct checksum (CRC-32 of the 30 characters, in 6 base62
 *  digits), made here so that it is certainly none of the app's keys. */
function wellFormedKey(body: string): string {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(body)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  let value = (crc ^ 0xffffffff) >>> 0;
  let checksum = '';
  for (let i = 0; i < 6; i++) {
    checksum = BASE62[value % 62] + checksum;
    value = Math.floor(value / 62);
  }
  return `kw_${body}${checksum}`;
}

async function verifyKey(page: Page, text: string) {
  const dialog = page.getByRole('dialog', { name: 'Verify a key' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Verify a key' }).click();
  await dialog.getByLabel('Key to verify').fill(text);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  return dialog.getByRole('status');
}

function lastUsedCell(page: Page, name: string) {
  return keysTable(page).getByRole('row').filter({ hasText: name }).getByRole('cell').nth(4);
}

test('a valid key is named and marked as used now; nothing else changes Last used', async ({ page }) => {
  await openApp(page);
  const key = await createKey(page, 'prod');
  await createKey(page, 'other');
  await expect(lastUsedCell(page, 'prod')).toHaveText('Never');

  await page.getByRole('button', { name: 'Verify a key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify a key' });
  const field = dialog.getByLabel('Key to verify');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('type', 'password');
  await expect(field).toHaveAttribute('autocomplete', 'off');
  await expect(field).toHaveAttribute('spellcheck', 'false');

  // Spaces and a line break around a pasted key do not matter.
  const status = await verifyKey(page, `  ${key}\n`);
  await expect(status).toHaveText('Valid This is the key “prod”, and it works.');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Verify a key' })).toBeFocused();
  await expect(lastUsedCell(page, 'prod')).not.toHaveText('Never');
  await expect(lastUsedCell(page, 'other')).toHaveText('Never');

  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!));
  const used = stored.tokens.find((t: { name: string }) => t.name === 'prod').last_used_at;
  expect(Date.now() - Date.parse(used)).toBeLessThan(60_000);
  // The key itself is nowhere once the dialog is closed.
  for (const value of await everythingThePageKeeps(page)) expect(value).not.toContain(key.slice(3));

  // A malformed or unknown key changes nothing.
  await verifyKey(page, key.slice(0, -1));
  await verifyKey(page, wellFormedKey('A'.repeat(30)));
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  const after = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!));
  expect(after).toEqual(stored);

  await page.reload();
  await expect(lastUsedCell(page, 'prod')).not.toHaveText('Never');
});

test('each malformed key says what is wrong, and a well-formed stranger is unknown', async ({ page }) => {
  await openApp(page);
  const key = await createKey(page, 'prod');
  const cases: [string, string][] = [
    [key.replace('kw_', 'sk_'), 'Malformed A Keyward key starts with "kw_".'],
    [key.slice(0, -1), 'Malformed A Keyward key is 39 characters long; this one has 38.'],
    [`${key.slice(0, 10)}-${key.slice(11)}`, 'Malformed Character 11 (“-”) cannot appear in a Keyward key.'],
    [`${key.slice(0, 10)} ${key.slice(11)}`, 'Malformed Character 11 (U+0020) cannot appear in a Keyward key.'],
    [
      `${key.slice(0, 12)}${key[12] === 'a' ? 'b' : 'a'}${key.slice(13)}`,
      'Malformed The checksum does not match: the key has a typo or was copied incompletely.',
    ],
    ['', 'Malformed Please paste a key.'],
    [wellFormedKey('A'.repeat(30)), 'Unknown It is a well-formed Keyward key, but not one of the keys here.'],
  ];
  for (const [text, verdict] of cases) {
    await expect(await verifyKey(page, text)).toHaveText(verdict);
  }
});

test('a revoked key says when; an expired one since when', async ({ page }) => {
  await openApp(page);
  const revoked = await createKey(page, 'retired');
  const expired = await createKey(page, 'lapsed');
  await keysTable(page).getByRole('button', { name: 'Revoke retired', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke retired?' }).getByRole('button', { name: 'Revoke key' }).click();
  // Another tool set an expiry in the past.
  await page.evaluate(() => {
    const doc = JSON.parse(localStorage.getItem('keyward.tokens')!);
    doc.tokens.find((t: { name: string }) => t.name === 'lapsed').expires_at = '2026-01-02T03:04:05Z';
    localStorage.setItem('keyward.tokens', JSON.stringify(doc));
  });
  await page.reload();

  await expect(await verifyKey(page, revoked)).toContainText(/^Revoked This is the key “retired”, revoked on .+\.$/);
  await expect(await verifyKey(page, expired)).toContainText(/^Expired This is the key “lapsed”, expired since .*2026.*\.$/);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!));
  expect(stored.tokens.every((t: { last_used_at?: string }) => t.last_used_at == null)).toBe(true);
});

test('verify with the keyboard alone; the field is empty when the dialog opens again', async ({ page }) => {
  await openApp(page);
  const key = await createKey(page, 'typed');
  const open = page.getByRole('button', { name: 'Verify a key' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Verify a key' });
  await expect(dialog.getByLabel('Key to verify')).toBeFocused();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText('Valid This is the key “typed”, and it works.');
  await page.keyboard.press('Escape');
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Key to verify')).toHaveValue('');
  await expect(dialog.getByRole('status')).toHaveText('');
});

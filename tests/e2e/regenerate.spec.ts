import type { Locator, Page } from '@playwright/test';
import { test, expect, openApp, keysTable, createKey, masked, everythingThePageKeeps, row, cell } from './fixtures';

// Regenerating a key: a new secret for the same record, shown once, with an optional grace
// period during which the old secret still verifies (as an old secret), after which it is
// unknown and leaves storage with the next save.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOKENS = 'keyward.tokens';

type OldSecret = { hash: string; until: string };
type StoredRecord = {
  id: string;
  name: string;
  hash: string;
  display: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  old_secrets?: OldSecret[];
};

/** The stored token document. */
async function storedDocument(page: Page): Promise<{ tokens: StoredRecord[] } & Record<string, unknown>> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), TOKENS);
}

async function storedRecord(page: Page, name: string): Promise<StoredRecord> {
  const record = (await storedDocument(page)).tokens.find((t) => t.name === name);
  expect(record, `stored record ${name}`).toBeTruthy();
  return record!;
}

function regenerateButton(page: Page, name: string): Locator {
  return keysTable(page).getByRole('button', { name: `Regenerate ${name}`, exact: true });
}

function regenerateDialog(page: Page, name: string): Locator {
  return page.getByRole('dialog', { name: `Regenerate ${name}?` });
}

const announcement = (page: Page) => page.getByRole('status').filter({ hasText: /regenerated\.$/ });

/** Regenerates `name` with the mouse, choosing `grace`; returns the new key and closes the reveal. */
async function regenerate(page: Page, name: string, grace: string): Promise<string> {
  await regenerateButton(page, name).click();
  const dialog = regenerateDialog(page, name);
  await dialog.getByRole('group', { name: 'Keep the old key working for' }).getByRole('radio', { name: grace }).check();
  await dialog.getByRole('button', { name: 'Regenerate key' }).click();
  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal).toBeVisible();
  const key = await reveal.getByRole('textbox', { name: 'Secret key' }).inputValue();
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  return key;
}

/** Verifies `text` in the "Verify a key" dialog (opening it if needed); returns the verdict region. */
async function verifyKey(page: Page, text: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: 'Verify a key' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Verify a key' }).click();
  await dialog.getByLabel('Key to verify').fill(text);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  return dialog.getByRole('status');
}

async function closeVerify(page: Page) {
  await page.getByRole('dialog', { name: 'Verify a key' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** Every value in localStorage and sessionStorage. */
async function storageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        values.push(key, storage.getItem(key) ?? '');
      }
    }
    return values.join('\n');
  });
}

/** Presses `key` until `target` has focus (at most `max` times). */
async function pressUntilFocused(page: Page, target: Locator, key = 'Tab', max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

test('the Regenerate dialog offers grace periods; Cancel and Escape change nothing and return focus', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'prod');
  const before = await page.evaluate((key) => localStorage.getItem(key), TOKENS);

  // Between Rename and Revoke.
  await expect(row(page, 'prod').getByRole('button')).toHaveText(['Rename', 'Regenerate', 'Revoke']);
  await expect(regenerateButton(page, 'prod')).toBeVisible();

  await regenerateButton(page, 'prod').click();
  const dialog = regenerateDialog(page, 'prod');
  await expect(dialog).toBeVisible();
  const group = dialog.getByRole('group', { name: 'Keep the old key working for' });
  await expect(group.getByRole('radio')).toHaveCount(4);
  for (const label of ['No grace period', '1 hour', '24 hours', '7 days']) {
    await expect(group.getByRole('radio', { name: label, exact: true })).toBeVisible();
  }
  await expect(group.getByRole('radio', { name: 'No grace period' })).toBeChecked();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Regenerate key' })).toBeVisible();

  // A choice made and then cancelled is not kept.
  await group.getByRole('radio', { name: '7 days' }).check();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(regenerateButton(page, 'prod')).toBeFocused();
  await expect(page.getByRole('dialog', { name: 'Save your key' })).toHaveCount(0);
  expect(await page.evaluate((key) => localStorage.getItem(key), TOKENS)).toBe(before);

  await regenerateButton(page, 'prod').click();
  await expect(group.getByRole('radio', { name: 'No grace period' })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(regenerateButton(page, 'prod')).toBeFocused();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await page.evaluate((key) => localStorage.getItem(key), TOKENS)).toBe(before);
  await expect(announcement(page)).toHaveCount(0);
});

test('regenerating without a grace period: same record, new secret shown once, the old key is unknown at once', async ({ page }) => {
  await openApp(page);
  const oldKey = await createKey(page, 'prod');
  await createKey(page, 'other');
  const before = await storedRecord(page, 'prod');
  const otherBefore = await storedRecord(page, 'other');
  await expect(cell(page, 'prod', 'Key')).toHaveText(masked(oldKey));

  await regenerateButton(page, 'prod').click();
  await regenerateDialog(page, 'prod').getByRole('button', { name: 'Regenerate key' }).click();
  await expect(regenerateDialog(page, 'prod')).toHaveCount(0);

  // The same "Save your key" dialog as creating a key.
  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal).toBeVisible();
  const secret = reveal.getByRole('textbox', { name: 'Secret key' });
  const newKey = await secret.inputValue();
  expect(newKey).toMatch(/^kw_[0-9A-Za-z]{36}$/);
  expect(newKey).not.toBe(oldKey);
  await expect(reveal.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(announcement(page)).toHaveText('Key “prod” regenerated.');
  await expect(announcement(page)).toHaveAttribute('aria-live', 'polite');
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await expect(cell(page, 'prod', 'Key')).toHaveText(masked(newKey));
  await expect(cell(page, 'other', 'Key')).not.toHaveText(masked(newKey));

  const after = await storedRecord(page, 'prod');
  expect(after.id).toBe(before.id);
  expect(after.name).toBe(before.name);
  expect(after.created_at).toBe(before.created_at);
  expect(after.expires_at).toBe(before.expires_at);
  expect(after.expires_at).not.toBeNull();
  expect(after.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(after.hash).not.toBe(before.hash);
  expect(after.display).not.toBe(before.display);
  expect(after.display).toBe(masked(newKey));
  // Nothing kept: the field is left out entirely.
  expect(Object.keys(after)).not.toContain('old_secrets');
  expect(await storedRecord(page, 'other')).toEqual(otherBefore);
  expect((await storedDocument(page)).tokens).toHaveLength(2);

  await expect(await verifyKey(page, oldKey)).toHaveText(
    'Unknown It is a well-formed Keyward key, but not one of the keys here.',
  );
  await expect(await verifyKey(page, newKey)).toHaveText('Valid This is the key “prod”, and it works.');
  await closeVerify(page);

  // Neither secret is kept anywhere.
  const stored = await storageText(page);
  expect(stored).not.toContain(newKey);
  expect(stored).not.toContain(oldKey);
  for (const value of await everythingThePageKeeps(page)) {
    expect(value).not.toContain(newKey.slice(3));
    expect(value).not.toContain(oldKey.slice(3));
  }

  await page.reload();
  await expect(cell(page, 'prod', 'Key')).toHaveText(masked(newKey));
  await expect(await verifyKey(page, newKey)).toHaveText('Valid This is the key “prod”, and it works.');
});

test('with a 1-hour grace period, by keyboard alone: the old key verifies as the old secret without counting as a use', async ({ page }) => {
  await openApp(page);
  const oldKey = await createKey(page, 'prod');
  const before = await storedRecord(page, 'prod');

  await pressUntilFocused(page, regenerateButton(page, 'prod'));
  await page.keyboard.press('Enter');
  const dialog = regenerateDialog(page, 'prod');
  const group = dialog.getByRole('group', { name: 'Keep the old key working for' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // Back from Cancel to the checked radio; an arrow moves the choice.
  await page.keyboard.press('Shift+Tab');
  await expect(group.getByRole('radio', { name: 'No grace period' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(group.getByRole('radio', { name: '1 hour' })).toBeChecked();
  await expect(group.getByRole('radio', { name: 'No grace period' })).not.toBeChecked();
  await pressUntilFocused(page, dialog.getByRole('button', { name: 'Regenerate key' }), 'Tab', 5);
  const startedAt = Date.now();
  await page.keyboard.press('Enter');

  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal).toBeVisible();
  const newKey = await reveal.getByRole('textbox', { name: 'Secret key' }).inputValue();
  expect(newKey).not.toBe(oldKey);
  await pressUntilFocused(page, reveal.getByRole('button', { name: 'Done' }), 'Tab', 5);
  await page.keyboard.press('Enter');
  await expect(reveal).toHaveCount(0);
  await expect(cell(page, 'prod', 'Key')).toHaveText(masked(newKey));
  await expect(announcement(page)).toHaveText('Key “prod” regenerated.');

  const after = await storedRecord(page, 'prod');
  expect(after.id).toBe(before.id);
  expect(after.hash).not.toBe(before.hash);
  expect(after.old_secrets).toHaveLength(1);
  expect(after.old_secrets![0].hash).toBe(before.hash);
  const until = Date.parse(after.old_secrets![0].until);
  expect(Math.abs(until - (startedAt + HOUR))).toBeLessThan(60_000);

  // Verify the old key, by keyboard too.
  const open = page.getByRole('button', { name: 'Verify a key' });
  await pressUntilFocused(page, open);
  await page.keyboard.press('Enter');
  const verify = page.getByRole('dialog', { name: 'Verify a key' });
  await expect(verify.getByLabel('Key to verify')).toBeFocused();
  await page.keyboard.type(oldKey);
  await page.keyboard.press('Enter');
  const verdict = verify.getByRole('status');
  await expect(verdict).toContainText(/^Valid \(old secret\)/);
  await expect(verdict).toContainText('This is the old secret of the key “prod”');
  await expect(verdict).toContainText('it works until');
  await page.keyboard.press('Escape');
  await expect(verify).toHaveCount(0);

  // An old secret is not the key in use.
  await expect(cell(page, 'prod', 'Last used')).toHaveText('Never');
  expect((await storedRecord(page, 'prod')).last_used_at ?? null).toBeNull();

  // The new key is the key, and counts as used.
  await expect(await verifyKey(page, newKey)).toHaveText('Valid This is the key “prod”, and it works.');
  await closeVerify(page);
  await expect(cell(page, 'prod', 'Last used')).not.toHaveText('Never');
  const used = (await storedRecord(page, 'prod')).last_used_at;
  expect(Date.now() - Date.parse(used!)).toBeLessThan(60_000);

  // The old secret still works after a reload, and neither key is stored.
  await page.reload();
  await expect(await verifyKey(page, oldKey)).toContainText(/^Valid \(old secret\) This is the old secret of the key “prod”.*it works until/);
  await closeVerify(page);
  const stored = await storageText(page);
  expect(stored).not.toContain(newKey);
  expect(stored).not.toContain(oldKey);
});

test('24 hours and 7 days keep the old secret that long', async ({ page }) => {
  await openApp(page);
  for (const [name, grace, period] of [
    ['daily', '24 hours', DAY],
    ['weekly', '7 days', 7 * DAY],
  ] as const) {
    const oldKey = await createKey(page, name);
    const before = await storedRecord(page, name);
    const startedAt = Date.now();
    const newKey = await regenerate(page, name, grace);
    const after = await storedRecord(page, name);
    expect(after.old_secrets, name).toHaveLength(1);
    expect(after.old_secrets![0].hash).toBe(before.hash);
    expect(Math.abs(Date.parse(after.old_secrets![0].until) - (startedAt + period)), name).toBeLessThan(60_000);
    await expect(await verifyKey(page, oldKey)).toContainText(`Valid (old secret) This is the old secret of the key “${name}”`);
    await expect(await verifyKey(page, newKey)).toHaveText(`Valid This is the key “${name}”, and it works.`);
    await closeVerify(page);
  }
});

test('a key regenerated twice keeps both old secrets within their grace periods', async ({ page }) => {
  await openApp(page);
  const first = await createKey(page, 'prod');
  const second = await regenerate(page, 'prod', '1 hour');
  const third = await regenerate(page, 'prod', '24 hours');
  const record = await storedRecord(page, 'prod');
  expect(record.old_secrets).toHaveLength(2);
  for (const key of [first, second]) {
    await expect(await verifyKey(page, key)).toContainText('Valid (old secret) This is the old secret of the key “prod”');
  }
  await expect(await verifyKey(page, third)).toHaveText('Valid This is the key “prod”, and it works.');
  await closeVerify(page);
});

test('revoking a regenerated key makes its old secret revoked too', async ({ page }) => {
  await openApp(page);
  const oldKey = await createKey(page, 'prod');
  const newKey = await regenerate(page, 'prod', '7 days');
  await expect(await verifyKey(page, oldKey)).toContainText('Valid (old secret)');
  await closeVerify(page);

  await keysTable(page).getByRole('button', { name: 'Revoke prod', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke prod?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(row(page, 'prod')).toHaveCount(0);

  await expect(await verifyKey(page, oldKey)).toContainText(/^Revoked This is the key “prod”, revoked on .+\.$/);
  await expect(await verifyKey(page, newKey)).toContainText(/^Revoked This is the key “prod”, revoked on .+\.$/);
  await closeVerify(page);
});

test('an old secret whose grace period has ended is unknown, and the next save drops only it', async ({ page }) => {
  await openApp(page);
  // Real keys, whose hashes become old secrets of "target".
  const endedKey = await createKey(page, 'ended donor');
  const liveKey = await createKey(page, 'live donor');
  const targetKey = await createKey(page, 'target');
  const past = new Date(Date.now() - HOUR).toISOString();
  const future = new Date(Date.now() + DAY).toISOString();
  await page.evaluate(
    ({ key, past, future }) => {
      const doc = JSON.parse(localStorage.getItem(key)!);
      const named = (name: string) => doc.tokens.find((t: { name: string }) => t.name === name);
      const ended = named('ended donor');
      const live = named('live donor');
      named('target').old_secrets = [
        { hash: ended.hash, until: past },
        { hash: live.hash, until: future },
      ];
      doc.tokens = doc.tokens.filter((t: { name: string }) => t.name === 'target');
      localStorage.setItem(key, JSON.stringify(doc));
    },
    { key: TOKENS, past, future },
  );
  const [endedHash, liveHash] = (await storedRecord(page, 'target')).old_secrets!.map((old) => old.hash);
  await page.reload();
  await expect(keysTable(page).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Loading alone saves nothing: the ended secret is still stored.
  expect((await storedRecord(page, 'target')).old_secrets).toHaveLength(2);

  await expect(await verifyKey(page, endedKey)).toHaveText(
    'Unknown It is a well-formed Keyward key, but not one of the keys here.',
  );
  await expect(await verifyKey(page, liveKey)).toContainText('Valid (old secret) This is the old secret of the key “target”');
  await expect(await verifyKey(page, targetKey)).toHaveText('Valid This is the key “target”, and it works.');
  await closeVerify(page);

  // Any save, here a rename, drops the ended one and keeps the other.
  await keysTable(page).getByRole('button', { name: 'Rename target', exact: true }).click();
  const field = keysTable(page).getByRole('textbox', { name: 'New name for target' });
  await field.fill('renamed');
  await field.press('Enter');
  await expect(keysTable(page).getByRole('cell', { name: 'renamed', exact: true })).toBeVisible();
  const record = await storedRecord(page, 'renamed');
  expect(record.old_secrets).toEqual([{ hash: liveHash, until: expect.any(String) }]);
  expect(Date.parse(record.old_secrets![0].until)).toBe(Date.parse(future));
  expect(JSON.stringify(await storedDocument(page))).not.toContain(endedHash);

  await expect(await verifyKey(page, endedKey)).toContainText(/^Unknown/);
  await expect(await verifyKey(page, liveKey)).toContainText('Valid (old secret) This is the old secret of the key “renamed”');
  await closeVerify(page);
});

test('creating another key drops an ended old secret, and the field is left out when none is left', async ({ page }) => {
  await openApp(page);
  const endedKey = await createKey(page, 'donor');
  await createKey(page, 'target');
  await page.evaluate(
    ({ key, past }) => {
      const doc = JSON.parse(localStorage.getItem(key)!);
      const donor = doc.tokens.find((t: { name: string }) => t.name === 'donor');
      doc.tokens.find((t: { name: string }) => t.name === 'target').old_secrets = [{ hash: donor.hash, until: past }];
      doc.tokens = doc.tokens.filter((t: { name: string }) => t.name === 'target');
      localStorage.setItem(key, JSON.stringify(doc));
    },
    { key: TOKENS, past: new Date(Date.now() - 5 * 60_000).toISOString() },
  );
  await page.reload();
  await expect(keysTable(page).locator('tbody tr')).toHaveCount(1);
  await expect(await verifyKey(page, endedKey)).toContainText(/^Unknown/);
  await closeVerify(page);
  expect((await storedRecord(page, 'target')).old_secrets).toHaveLength(1);

  await createKey(page, 'another');
  const target = await storedRecord(page, 'target');
  expect(Object.keys(target)).not.toContain('old_secrets');
  expect((await storedDocument(page)).tokens.map((t) => t.name).sort()).toEqual(['another', 'target']);
});

test('the old secret stops verifying when its grace period ends on the clock', async ({ page }) => {
  await page.clock.install();
  await openApp(page);
  const oldKey = await createKey(page, 'prod');
  const newKey = await regenerate(page, 'prod', '1 hour');
  expect((await storedRecord(page, 'prod')).old_secrets).toHaveLength(1);
  await expect(await verifyKey(page, oldKey)).toContainText('Valid (old secret)');
  await closeVerify(page);

  await page.clock.fastForward(HOUR + 60_000);
  await expect(await verifyKey(page, oldKey)).toContainText(/^Unknown/);
  await expect(await verifyKey(page, newKey)).toHaveText('Valid This is the key “prod”, and it works.');
  await closeVerify(page);
  // That verification saved the use, and with it the ended secret left.
  expect(Object.keys(await storedRecord(page, 'prod'))).not.toContain('old_secrets');
});

test('expired and revoked keys offer no Regenerate', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'live');
  await createKey(page, 'lapsed');
  await createKey(page, 'pulled');
  await page.evaluate((key) => {
    const doc = JSON.parse(localStorage.getItem(key)!);
    const named = (name: string) => doc.tokens.find((t: { name: string }) => t.name === name);
    named('lapsed').expires_at = new Date(Date.now() - 86_400_000).toISOString();
    named('pulled').revoked_at = new Date(Date.now() - 3_600_000).toISOString();
    localStorage.setItem(key, JSON.stringify(doc));
  }, TOKENS);
  await page.reload();

  await expect(regenerateButton(page, 'live')).toBeVisible();
  await expect(row(page, 'lapsed')).toBeVisible();
  await expect(regenerateButton(page, 'lapsed')).toHaveCount(0);
  await expect(row(page, 'lapsed').getByRole('button', { name: /^Regenerate/ })).toHaveCount(0);
  await expect(row(page, 'lapsed').getByRole('button', { name: 'Rename lapsed', exact: true })).toBeVisible();
  await expect(keysTable(page).getByRole('button', { name: /^Regenerate / })).toHaveCount(1);

  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Revoked' });
  await expect(row(page, 'pulled')).toBeVisible();
  await expect(row(page, 'pulled').getByRole('button')).toHaveText(['Delete']);
  await expect(keysTable(page).getByRole('button', { name: /^Regenerate/ })).toHaveCount(0);
});

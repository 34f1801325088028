import { test, expect, openApp, keysTable, createKey, createAndReveal, row, cell } from './fixtures';
import type { Locator, Page } from '@playwright/test';

// A key's life: its expiry when created, its status as time passes, the filters and the
// order of the table, revoking many at once with a moment to undo, and deleting the records
// of revoked keys.

const DAY = 86_400_000;

/** A key to store: days are counted from now; `created` defaults to a day ago. */
type Seed = {
  name: string;
  createdDaysAgo?: number;
  expiresInDays?: number | null;
  revokedDaysAgo?: number | null;
};

type StoredRecord = {
  id: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at?: string | null;
};

/** Stores `seeds` as keys (the first one oldest when their ages are equal) and reloads. */
async function storeKeys(page: Page, seeds: Seed[]) {
  await page.evaluate(
    ({ seeds, DAY }) => {
      const now = Date.now();
      const hex = (n: number) => n.toString(16).padStart(64, '0');
      const at = (ms: number) => new Date(ms).toISOString();
      const tokens = seeds
        .map((seed, i) => ({
          id: crypto.randomUUID(),
          name: seed.name,
          hash: hex(i + 1),
          display: `kw_${String(i).padStart(4, '0')}…abcd`,
          // Minutes apart in the given order, so "newest first" is the reverse of it.
          created_at: at(now - (seed.createdDaysAgo ?? 1) * DAY - (seeds.length - i) * 60_000),
          last_used_at: null,
          revoked_at: seed.revokedDaysAgo == null ? null : at(now - seed.revokedDaysAgo * DAY),
          expires_at: seed.expiresInDays == null ? null : at(now + seed.expiresInDays * DAY),
        }))
        .sort((a, b) => a.created_at.localeCompare(b.created_at));
      localStorage.setItem('keyward.tokens', JSON.stringify({ version: 2, writers: {}, tokens }));
    },
    { seeds, DAY },
  );
  await page.reload();
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
}

/** The records as stored. */
async function storedRecords(page: Page): Promise<StoredRecord[]> {
  return page.evaluate(() => {
    const raw = localStorage.getItem('keyward.tokens');
    return raw === null ? [] : JSON.parse(raw).tokens;
  });
}

/** A local calendar date `days` from today, as the browser formats it ("Dec 2, 2026") and
 *  as a date field holds it ("2026-12-02"). */
async function localDay(page: Page, days: number): Promise<{ shown: string; iso: string }> {
  return page.evaluate((days) => {
    const day = new Date();
    day.setDate(day.getDate() + days);
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      shown: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(day),
      iso: `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`,
    };
  }, days);
}

const names = (page: Page) => keysTable(page).locator('tbody td.cell-name');
const statusFilter = (page: Page) => page.getByRole('combobox', { name: 'Status' });
const matchCount = (page: Page) => page.locator('.list-tools').getByRole('status');
const selectedCount = (page: Page) => page.getByRole('status').filter({ hasText: /selected$/ });

/** The status badge of `name`'s row. */
function badge(page: Page, name: string): Locator {
  return cell(page, name, 'Status').getByText(/^(Active|Expiring soon|Expired|Revoked)$/);
}

function rotateHint(page: Page, name: string): Locator {
  return cell(page, name, 'Status').getByText('Rotate', { exact: true });
}

/** Presses `key` until `target` has focus (at most `max` times). */
async function pressUntilFocused(page: Page, target: Locator, key = 'Tab', max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

test.describe('creating a key with an expiration', () => {
  test('a key made for 7 days expires a week from today, is expiring soon and asks to be rotated', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Create new secret key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
    const expiration = dialog.getByRole('group', { name: 'Expiration' });
    await expect(expiration.getByRole('radio')).toHaveCount(6);
    await expect(expiration.getByRole('radio', { name: '30 days' })).toBeChecked();
    await expect(dialog.getByLabel('Expiration date')).toHaveCount(0);

    await dialog.getByRole('textbox', { name: 'Name' }).fill('weekly');
    await expiration.getByRole('radio', { name: '7 days' }).check();
    await dialog.getByRole('button', { name: 'Create secret key' }).click();
    await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();

    const inAWeek = await localDay(page, 7);
    await expect(cell(page, 'weekly', 'Expires')).toHaveText(inAWeek.shown);
    await expect(badge(page, 'weekly')).toHaveText('Expiring soon');
    await expect(rotateHint(page, 'weekly')).toBeVisible();
    await expect(rotateHint(page, 'weekly')).toHaveAccessibleDescription(/development and production/);

    const [record] = await storedRecords(page);
    const lifetime = Date.parse(record.expires_at!) - Date.parse(record.created_at);
    expect(Math.abs(lifetime - 7 * DAY)).toBeLessThan(60_000);
  });

  test('statuses follow the clock without a reload: a key crosses into expiring soon, then expired', async ({ page }) => {
    await page.clock.install();
    await openApp(page);
    // Seven days and thirty seconds from now: active, until the clock moves on.
    await storeKeys(page, [{ name: 'weekly', expiresInDays: 7 + 30 / 86_400 }]);
    await expect(badge(page, 'weekly')).toHaveText('Active');
    await expect(rotateHint(page, 'weekly')).toHaveCount(0);

    // Statuses are worked out again with each new minute (the clock is read every 15 s), so
    // a change shows within 75 s of its moment.
    await page.clock.runFor(90_000);
    await expect(badge(page, 'weekly')).toHaveText('Expiring soon');
    await expect(rotateHint(page, 'weekly')).toBeVisible();
    await expect(rotateHint(page, 'weekly')).toHaveAccessibleDescription(/development and production/);

    await page.clock.fastForward(7 * DAY);
    await expect(badge(page, 'weekly')).toHaveText('Expired');
    await expect(rotateHint(page, 'weekly')).toHaveCount(0);
  });

  test('30 days is the default: the key expires a month from today and is active', async ({ page }) => {
    await openApp(page);
    const key = await createAndReveal(page, 'monthly');
    expect(key).toMatch(/^kw_/);
    await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();
    await expect(cell(page, 'monthly', 'Expires')).toHaveText((await localDay(page, 30)).shown);
    await expect(badge(page, 'monthly')).toHaveText('Active');
    await expect(rotateHint(page, 'monthly')).toHaveCount(0);
  });

  test('a key with no expiration never expires and is active, with the keyboard alone', async ({ page }) => {
    await openApp(page);
    await pressUntilFocused(page, page.getByRole('button', { name: 'Create new secret key' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused();
    await page.keyboard.type('forever');

    // Tab reaches the checked radio; the arrows move the choice.
    await page.keyboard.press('Tab');
    const expiration = dialog.getByRole('group', { name: 'Expiration' });
    await expect(expiration.getByRole('radio', { name: '30 days' })).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(expiration.getByRole('radio', { name: 'No expiration' })).toBeChecked();
    await pressUntilFocused(page, dialog.getByRole('button', { name: 'Create secret key' }), 'Tab', 5);
    await page.keyboard.press('Enter');

    const reveal = page.getByRole('dialog', { name: 'Save your key' });
    await pressUntilFocused(page, reveal.getByRole('button', { name: 'Done' }), 'Tab', 5);
    await page.keyboard.press('Enter');
    await expect(reveal).toHaveCount(0);

    await expect(cell(page, 'forever', 'Expires')).toHaveText('Never');
    await expect(badge(page, 'forever')).toHaveText('Active');
    await expect(rotateHint(page, 'forever')).toHaveCount(0);
    const [record] = await storedRecords(page);
    expect(record.expires_at).toBeNull();
  });

  test('a custom date in the future is when the key expires', async ({ page }) => {
    await openApp(page);
    const tomorrow = await localDay(page, 1);
    const later = await localDay(page, 45);
    const aYearOn = await page.evaluate(() => {
      const day = new Date();
      day.setFullYear(day.getFullYear() + 1);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
    });

    await page.getByRole('button', { name: 'Create new secret key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('quarterly');
    await dialog.getByRole('radio', { name: 'Custom date' }).check();
    const date = dialog.getByLabel('Expiration date');
    await expect(date).toBeVisible();
    await expect(date).toHaveAttribute('type', 'date');
    await expect(date).toHaveAttribute('min', tomorrow.iso);
    await expect(date).toHaveAttribute('max', aYearOn);
    await date.fill(later.iso);
    await dialog.getByRole('button', { name: 'Create secret key' }).click();
    await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();

    await expect(cell(page, 'quarterly', 'Expires')).toHaveText(later.shown);
    await expect(badge(page, 'quarterly')).toHaveText('Active');
    // It stops working when that local day begins.
    const [record] = await storedRecords(page);
    const midnight = await page.evaluate((iso) => {
      const [y, m, d] = iso.split('-').map(Number);
      return new Date(y, m - 1, d).getTime();
    }, later.iso);
    expect(Date.parse(record.expires_at!)).toBe(midnight);
  });

  test('a custom date of today, in the past, too far ahead or missing is refused inline', async ({ page }) => {
    await openApp(page);
    const today = await localDay(page, 0);
    const yesterday = await localDay(page, -1);
    const tooFar = await localDay(page, 400);

    await page.getByRole('button', { name: 'Create new secret key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
    const submit = dialog.getByRole('button', { name: 'Create secret key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('never made');
    await dialog.getByRole('radio', { name: 'Custom date' }).check();
    const date = dialog.getByLabel('Expiration date');
    await expect(date).toHaveAttribute('aria-invalid', 'false');
    const max = await date.getAttribute('max');

    await submit.click();
    await expect(date).toHaveAccessibleDescription(/Choose the date the key stops working\./);
    await expect(date).toHaveAttribute('aria-invalid', 'true');

    for (const day of [today, yesterday]) {
      await date.fill(day.iso);
      await submit.click();
      await expect(dialog.getByText('Choose a date after today.', { exact: true })).toBeVisible();
      await expect(date).toHaveAccessibleDescription(/Choose a date after today\./);
      await expect(date).toHaveAttribute('aria-invalid', 'true');
    }

    await date.fill(tooFar.iso);
    await submit.click();
    await expect(
      dialog.getByText(`Choose a date at most one year ahead (until ${max}).`, { exact: true }),
    ).toBeVisible();
    await expect(date).toHaveAttribute('aria-invalid', 'true');

    // Nothing was made, and the dialog is still there to correct the date.
    await expect(dialog).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Save your key' })).toHaveCount(0);
    expect(await storedRecords(page)).toEqual([]);

    // A valid date then goes through, and the error leaves.
    await date.fill((await localDay(page, 10)).iso);
    await submit.click();
    await expect(page.getByRole('dialog', { name: 'Save your key' })).toBeVisible();
    expect(await storedRecords(page)).toHaveLength(1);
  });
});

test.describe('statuses and the status filter', () => {
  const seeds: Seed[] = [
    { name: 'veteran', createdDaysAgo: 120 },
    { name: 'monthly', expiresInDays: 30 },
    { name: 'soon', expiresInDays: 3 },
    { name: 'lapsed', createdDaysAgo: 40, expiresInDays: -2 },
    { name: 'pulled', revokedDaysAgo: 1 },
    { name: 'fresh' },
  ];

  test('each key shows its status, and each filter lists and counts its keys', async ({ page }) => {
    await openApp(page);
    await storeKeys(page, seeds);

    // "All" is every key not revoked, newest first.
    await expect(statusFilter(page)).toHaveValue('all');
    await expect(statusFilter(page).getByRole('option')).toHaveText(['All', 'Active', 'Expiring soon', 'Expired', 'Revoked']);
    await expect(names(page)).toHaveText(['fresh', 'soon', 'monthly', 'lapsed', 'veteran']);
    await expect(matchCount(page)).toHaveText('5 keys');
    await expect(badge(page, 'fresh')).toHaveText('Active');
    await expect(badge(page, 'monthly')).toHaveText('Active');
    await expect(badge(page, 'veteran')).toHaveText('Active');
    await expect(badge(page, 'soon')).toHaveText('Expiring soon');
    await expect(badge(page, 'lapsed')).toHaveText('Expired');
    // Rotate: old keys and keys about to expire, nothing else.
    await expect(rotateHint(page, 'veteran')).toHaveAccessibleDescription(/development and production/);
    await expect(rotateHint(page, 'soon')).toHaveAccessibleDescription(/development and production/);
    for (const name of ['fresh', 'monthly', 'lapsed']) await expect(rotateHint(page, name)).toHaveCount(0);
    // Rotate is a button that opens Regenerate for its key; focus comes back to it.
    const rotate = keysTable(page).getByRole('button', { name: 'Rotate veteran', exact: true });
    await rotate.click();
    const regenerate = page.getByRole('dialog', { name: 'Regenerate veteran?' });
    await expect(regenerate).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(regenerate).toHaveCount(0);
    await expect(rotate).toBeFocused();
    await expect(cell(page, 'monthly', 'Expires')).toHaveText((await localDay(page, 30)).shown);
    await expect(cell(page, 'fresh', 'Expires')).toHaveText('Never');
    await expect(row(page, 'pulled')).toHaveCount(0);

    await statusFilter(page).selectOption({ label: 'Active' });
    await expect(names(page)).toHaveText(['fresh', 'monthly', 'veteran']);
    await expect(matchCount(page)).toHaveText('3 active keys');

    await statusFilter(page).selectOption({ label: 'Expiring soon' });
    await expect(names(page)).toHaveText(['soon']);
    await expect(matchCount(page)).toHaveText('1 key expiring soon');

    await statusFilter(page).selectOption({ label: 'Expired' });
    await expect(names(page)).toHaveText(['lapsed']);
    await expect(matchCount(page)).toHaveText('1 expired key');

    await statusFilter(page).selectOption({ label: 'Revoked' });
    await expect(names(page)).toHaveText(['pulled']);
    await expect(matchCount(page)).toHaveText('1 revoked key');
    await expect(badge(page, 'pulled')).toHaveText('Revoked');
    // Revoked keys can only be deleted: no rename, no revoke, no ticking.
    await expect(row(page, 'pulled').getByRole('button')).toHaveText(['Delete']);
    await expect(row(page, 'pulled').getByRole('button', { name: 'Delete pulled', exact: true })).toBeVisible();
    await expect(keysTable(page).getByRole('checkbox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Revoke selected' })).toHaveCount(0);

    // A search counts within the filter.
    await statusFilter(page).selectOption({ label: 'All' });
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('o');
    await expect(names(page)).toHaveText(['soon', 'monthly']);
    await expect(matchCount(page)).toHaveText('2 of 5 keys');
    // Only revoked records can be deleted: no key in "All" offers it.
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('');
    await expect(keysTable(page).getByRole('button', { name: /^Delete / })).toHaveCount(0);
  });

  test('a filter with no keys says so and offers every key again', async ({ page }) => {
    await openApp(page);
    await storeKeys(page, [{ name: 'fresh' }, { name: 'monthly', expiresInDays: 30 }]);
    await statusFilter(page).selectOption({ label: 'Expired' });
    await expect(keysTable(page)).toHaveCount(0);
    await expect(page.getByText('No expired keys', { exact: true })).toBeVisible();
    await expect(matchCount(page)).toHaveText('0 expired keys');
    await page.getByRole('button', { name: 'Show all keys' }).click();
    await expect(statusFilter(page)).toHaveValue('all');
    await expect(names(page)).toHaveText(['monthly', 'fresh']);
  });
});

test('sorting by name both ways and by expiry; the order and the filter survive a reload', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, [
    { name: 'delta', expiresInDays: 40 },
    { name: 'Alpha' },
    { name: 'charlie', expiresInDays: 3 },
    { name: 'bravo', expiresInDays: 20 },
  ]);
  const table = keysTable(page);
  const header = (name: string) => table.getByRole('columnheader', { name, exact: true });
  const sortedHeaders = table.locator('th[aria-sort]');

  // Newest first by default.
  await expect(names(page)).toHaveText(['bravo', 'charlie', 'Alpha', 'delta']);
  await expect(header('Created')).toHaveAttribute('aria-sort', 'descending');
  await expect(sortedHeaders).toHaveCount(1);

  await header('Name').getByRole('button', { name: 'Name' }).click();
  await expect(names(page)).toHaveText(['Alpha', 'bravo', 'charlie', 'delta']);
  await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('Created')).not.toHaveAttribute('aria-sort', /./);
  await expect(sortedHeaders).toHaveCount(1);

  await header('Name').getByRole('button', { name: 'Name' }).click();
  await expect(names(page)).toHaveText(['delta', 'charlie', 'bravo', 'Alpha']);
  await expect(header('Name')).toHaveAttribute('aria-sort', 'descending');

  // Soonest first; a key that never expires comes last.
  await header('Expires').getByRole('button', { name: 'Expires' }).click();
  await expect(names(page)).toHaveText(['charlie', 'bravo', 'delta', 'Alpha']);
  await expect(header('Expires')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('Name')).not.toHaveAttribute('aria-sort', /./);
  await header('Expires').getByRole('button', { name: 'Expires' }).click();
  await expect(names(page)).toHaveText(['Alpha', 'delta', 'bravo', 'charlie']);
  await expect(header('Expires')).toHaveAttribute('aria-sort', 'descending');

  await statusFilter(page).selectOption({ label: 'Active' });
  await expect(names(page)).toHaveText(['Alpha', 'delta', 'bravo']);

  await page.reload();
  await expect(statusFilter(page)).toHaveValue('active');
  await expect(header('Expires')).toHaveAttribute('aria-sort', 'descending');
  await expect(names(page)).toHaveText(['Alpha', 'delta', 'bravo']);
  await expect(matchCount(page)).toHaveText('3 active keys');
  const columns = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.columns')!));
  expect(columns).toMatchObject({ version: 2, filter: 'active', sort: { column: 'expires', direction: 'descending' } });
});

test('a rename that moves its key in a sorted table keeps focus on that key’s Rename button', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, [{ name: 'alpha' }, { name: 'bravo' }, { name: 'charlie' }]);
  const table = keysTable(page);
  await table.getByRole('columnheader', { name: 'Name', exact: true }).getByRole('button').click();
  await expect(names(page)).toHaveText(['alpha', 'bravo', 'charlie']);

  // Renamed with the keyboard, alpha moves to the end of the list; focus goes with it.
  await table.getByRole('button', { name: 'Rename alpha', exact: true }).focus();
  await page.keyboard.press('Enter');
  const field = table.getByRole('textbox', { name: 'New name for alpha' });
  await expect(field).toBeFocused();
  await page.keyboard.type('zulu');
  await page.keyboard.press('Enter');
  await expect(names(page)).toHaveText(['bravo', 'charlie', 'zulu']);
  await expect(table.getByRole('button', { name: 'Rename zulu', exact: true })).toBeFocused();
  // Escape on a rename, too, gives focus back to the key it was for.
  await page.keyboard.press('Enter');
  await page.keyboard.type('ignored');
  await page.keyboard.press('Escape');
  await expect(table.getByRole('button', { name: 'Rename zulu', exact: true })).toBeFocused();
  await expect(names(page)).toHaveText(['bravo', 'charlie', 'zulu']);
});

test('select all, revoke the selected keys, and Undo restores exactly them, in both tabs', async ({ page, context }) => {
  await openApp(page);
  await storeKeys(page, [
    { name: 'long gone', revokedDaysAgo: 5 },
    { name: 'api', expiresInDays: 30 },
    { name: 'cron' },
    { name: 'ci', expiresInDays: 3 },
  ]);
  const other = await context.newPage();
  await openApp(other);
  const before = await storedRecords(page);
  const goneBefore = before.find((r) => r.name === 'long gone')!;

  await expect(selectedCount(page)).toHaveText('No keys selected');
  await expect(page.getByRole('button', { name: 'Revoke selected' })).toBeDisabled();
  await keysTable(page).getByRole('checkbox', { name: 'Select cron' }).check();
  await expect(selectedCount(page)).toHaveText('1 key selected');
  await keysTable(page).getByRole('checkbox', { name: 'Select all' }).check();
  await expect(selectedCount(page)).toHaveText('3 keys selected');
  for (const name of ['api', 'cron', 'ci']) {
    await expect(keysTable(page).getByRole('checkbox', { name: `Select ${name}` })).toBeChecked();
  }

  await page.getByRole('button', { name: 'Revoke selected' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke 3 keys?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Revoke keys' }).click();
  await expect(confirm).toHaveCount(0);

  await expect(page.getByText('Revoked 3 keys', { exact: true })).toBeVisible();
  for (const tab of [page, other]) {
    await expect(keysTable(tab)).toHaveCount(0);
    await expect(tab.getByText('No API keys yet')).toBeVisible();
  }
  const revoked = await storedRecords(page);
  const at = revoked.find((r) => r.name === 'api')!.revoked_at;
  expect(at).toBeTruthy();
  expect(revoked.filter((r) => r.revoked_at === at).map((r) => r.name).sort()).toEqual(['api', 'ci', 'cron']);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Revoked 3 keys', { exact: true })).toHaveCount(0);
  for (const tab of [page, other]) {
    await expect(names(tab)).toHaveText(['ci', 'cron', 'api']);
    await expect(matchCount(tab)).toHaveText('3 keys');
    await expect(badge(tab, 'ci')).toHaveText('Expiring soon');
    await expect(badge(tab, 'api')).toHaveText('Active');
  }
  await expect(selectedCount(page)).toHaveText('No keys selected');

  // In storage the three are as they were; the key revoked before stays revoked.
  for (const tab of [page, other]) {
    const after = await storedRecords(tab);
    expect(after).toHaveLength(4);
    for (const name of ['api', 'cron', 'ci']) {
      expect(after.find((r) => r.name === name)!.revoked_at ?? null).toBeNull();
    }
    expect(after.find((r) => r.name === 'long gone')!.revoked_at).toBe(goneBefore.revoked_at);
  }
  await other.reload();
  await expect(names(other)).toHaveText(['ci', 'cron', 'api']);
  await statusFilter(other).selectOption({ label: 'Revoked' });
  await expect(names(other)).toHaveText(['long gone']);
});

test('"Select all" ticks every key the search and the filter list, on every page', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, [
    ...Array.from({ length: 60 }, (_, i): Seed => ({ name: `app-${i}` })),
    { name: 'admin' },
    { name: 'app-expired', expiresInDays: -1 },
  ]);
  await statusFilter(page).selectOption({ label: 'Active' });
  await page.getByRole('searchbox', { name: 'Search keys' }).fill('app');
  await expect(matchCount(page)).toHaveText('60 of 61 active keys');
  await expect(names(page)).toHaveCount(50);

  await keysTable(page).getByRole('checkbox', { name: 'Select all' }).check();
  await expect(selectedCount(page)).toHaveText('60 keys selected');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next page' }).click();
  await expect(keysTable(page).getByRole('checkbox', { name: 'Select app-0', exact: true })).toBeChecked();
  await keysTable(page).getByRole('checkbox', { name: 'Select app-0', exact: true }).uncheck();
  await expect(selectedCount(page)).toHaveText('59 keys selected');
  await expect(keysTable(page).getByRole('checkbox', { name: 'Select all' })).not.toBeChecked();

  await page.getByRole('button', { name: 'Revoke selected' }).click();
  await page.getByRole('dialog', { name: 'Revoke 59 keys?' }).getByRole('button', { name: 'Revoke keys' }).click();
  await expect(page.getByText('Revoked 59 keys', { exact: true })).toBeVisible();

  const stored = await storedRecords(page);
  const stillWorking = stored.filter((r) => r.revoked_at == null).map((r) => r.name).sort();
  expect(stillWorking).toEqual(['admin', 'app-0', 'app-expired']);
});

test('one key revoked from its row can be undone, and a single selected key is one key', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'alpha');
  await createKey(page, 'beta');

  await keysTable(page).getByRole('button', { name: 'Revoke alpha', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke alpha?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByText('Revoked alpha', { exact: true })).toBeVisible();
  await expect(names(page)).toHaveText(['beta']);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(names(page)).toHaveText(['beta', 'alpha']);
  expect((await storedRecords(page)).every((r) => r.revoked_at == null)).toBe(true);

  await keysTable(page).getByRole('checkbox', { name: 'Select beta' }).check();
  await page.getByRole('button', { name: 'Revoke selected' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke 1 key?' });
  await confirm.getByRole('button', { name: 'Revoke key', exact: true }).click();
  await expect(page.getByText('Revoked beta', { exact: true })).toBeVisible();
  await expect(names(page)).toHaveText(['alpha']);
});

test('the Undo toast goes after 10 seconds, but not while focus is inside it', async ({ page }) => {
  await page.clock.install();
  await openApp(page);
  await storeKeys(page, [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }]);
  const undo = page.getByRole('button', { name: 'Undo' });

  await keysTable(page).getByRole('button', { name: 'Revoke alpha', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke alpha?' }).getByRole('button', { name: 'Revoke key' }).click();
  const toast = page.getByText('Revoked alpha', { exact: true });
  await expect(toast).toBeVisible();
  await page.clock.runFor(9_000);
  await expect(toast).toBeVisible();
  await page.clock.runFor(1_500);
  await expect(toast).toHaveCount(0);
  await expect(undo).toHaveCount(0);
  // Its time is up: the key stays revoked.
  expect((await storedRecords(page)).find((r) => r.name === 'alpha')!.revoked_at).toBeTruthy();

  // Focus inside keeps it past its time; it goes once focus leaves.
  await keysTable(page).getByRole('button', { name: 'Revoke beta', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke beta?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByText('Revoked beta', { exact: true })).toBeVisible();
  await undo.focus();
  await page.clock.runFor(12_000);
  await expect(undo).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Dismiss' })).toBeFocused();
  await expect(undo).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByText('Revoked beta', { exact: true })).toHaveCount(0);

  // "Dismiss" ends the offer at once, and the key stays revoked.
  await keysTable(page).getByRole('button', { name: 'Revoke gamma', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke gamma?' }).getByRole('button', { name: 'Revoke key' }).click();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByText('Revoked gamma', { exact: true })).toHaveCount(0);
  expect((await storedRecords(page)).filter((r) => r.revoked_at != null)).toHaveLength(3);
});

test('a revoked key’s record is deleted from the Revoked list, after a confirmation', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, [
    { name: 'old ci', revokedDaysAgo: 3 },
    { name: 'old dev', revokedDaysAgo: 2 },
    { name: 'live' },
  ]);
  await statusFilter(page).selectOption({ label: 'Revoked' });
  await expect(names(page)).toHaveText(['old dev', 'old ci']);
  await expect(matchCount(page)).toHaveText('2 revoked keys');

  // Cancel keeps it.
  await keysTable(page).getByRole('button', { name: 'Delete old ci', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete old ci?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(names(page)).toHaveText(['old dev', 'old ci']);
  expect(await storedRecords(page)).toHaveLength(3);

  await keysTable(page).getByRole('button', { name: 'Delete old ci', exact: true }).click();
  await confirm.getByRole('button', { name: 'Delete key' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(names(page)).toHaveText(['old dev']);
  await expect(matchCount(page)).toHaveText('1 revoked key');
  // A delete is not offered back.
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);
  const stored = await storedRecords(page);
  expect(stored.map((r) => r.name).sort()).toEqual(['live', 'old dev']);

  await page.reload();
  await expect(names(page)).toHaveText(['old dev']);
  await keysTable(page).getByRole('button', { name: 'Delete old dev', exact: true }).click();
  await page.getByRole('dialog', { name: 'Delete old dev?' }).getByRole('button', { name: 'Delete key' }).click();
  await expect(page.getByText('No revoked keys', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Show all keys' }).click();
  await expect(names(page)).toHaveText(['live']);
});

test('tick two keys with Space, revoke them with Enter and undo with Tab and Enter, by keyboard alone', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }]);
  const table = keysTable(page);

  await pressUntilFocused(page, table.getByRole('checkbox', { name: 'Select gamma' }));
  await page.keyboard.press('Space');
  await expect(table.getByRole('checkbox', { name: 'Select gamma' })).toBeChecked();
  await pressUntilFocused(page, table.getByRole('checkbox', { name: 'Select alpha' }));
  await page.keyboard.press('Space');
  await expect(table.getByRole('checkbox', { name: 'Select alpha' })).toBeChecked();
  await expect(table.getByRole('checkbox', { name: 'Select beta' })).not.toBeChecked();
  await expect(selectedCount(page)).toHaveText('2 keys selected');

  const revokeSelected = page.getByRole('button', { name: 'Revoke selected' });
  await pressUntilFocused(page, revokeSelected, 'Shift+Tab');
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Revoke 2 keys?' });
  // Cancel first, so Enter alone destroys nothing.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Revoke keys' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(names(page)).toHaveText(['beta']);
  await expect(page.getByText('Revoked 2 keys', { exact: true })).toBeVisible();

  // One Tab from where focus lands reaches Undo.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(names(page)).toHaveText(['gamma', 'beta', 'alpha']);
  await expect(page.getByText('Revoked 2 keys', { exact: true })).toHaveCount(0);
  expect((await storedRecords(page)).every((r) => r.revoked_at == null)).toBe(true);
});

test('after Undo or Dismiss from the keyboard, focus stays in the page', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, [{ name: 'alpha' }, { name: 'beta' }]);
  const focusIsLost = () => page.evaluate(() => document.activeElement === null || document.activeElement === document.body);
  for (const button of ['Undo', 'Dismiss']) {
    await keysTable(page).getByRole('button', { name: 'Revoke alpha', exact: true }).click();
    await page.getByRole('dialog', { name: 'Revoke alpha?' }).getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('button', { name: button }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);
    expect(await focusIsLost(), `focus after ${button}`).toBe(false);
    if (button === 'Undo') await expect(names(page)).toHaveText(['beta', 'alpha']);
  }
});

test('sort and filter with the keyboard alone', async ({ page }) => {
  await openApp(page);
  await storeKeys(page, [
    { name: 'beta', expiresInDays: 30 },
    { name: 'alpha', expiresInDays: 2 },
    { name: 'gamma' },
  ]);
  const nameSort = keysTable(page).getByRole('button', { name: 'Name', exact: true });
  await pressUntilFocused(page, nameSort);
  await page.keyboard.press('Enter');
  await expect(names(page)).toHaveText(['alpha', 'beta', 'gamma']);
  await expect(nameSort).toBeFocused();
  await page.keyboard.press('Space');
  await expect(names(page)).toHaveText(['gamma', 'beta', 'alpha']);
  await expect(keysTable(page).getByRole('columnheader', { name: 'Name', exact: true })).toHaveAttribute('aria-sort', 'descending');

  await pressUntilFocused(page, statusFilter(page), 'Shift+Tab');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(statusFilter(page)).toHaveValue('expiring_soon');
  await expect(names(page)).toHaveText(['alpha']);
  await expect(matchCount(page)).toHaveText('1 key expiring soon');
});


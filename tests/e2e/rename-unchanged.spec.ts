import { test, expect, openApp, keysTable, countTokenWrites, tokenWrites } from './fixtures';
import type { Locator, Page } from '@playwright/test';

// Opening Rename and leaving without changing the name must neither validate nor write: a
// stored name the rules of today would change or refuse (padding, a line break a text field
// cannot hold, a length over the limit) stays byte for byte as it was.

const TOKENS = 'keyward.tokens';

const NAMES = [' padded ', 'line\nbreak', ' a name longer than eighteen '];

function record(name: string, index: number) {
  return {
    id: `6f1c5b8e-2c1d-4c4e-9a3b-0d6b1e7f9a2${index}`,
    name,
    hash: `${index}`.repeat(64),
    display: `kw_AbC${index}…9xYz`,
    created_at: `2026-01-0${index + 1}T00:00:00Z`,
    last_used_at: null,
    revoked_at: null,
    expires_at: null,
  };
}

function storedText(page: Page): Promise<string | null> {
  return page.evaluate((key) => localStorage.getItem(key), TOKENS);
}

/** Stores the records named `NAMES` and reloads; returns the stored text. */
async function storeNames(page: Page): Promise<string> {
  await openApp(page);
  const text = JSON.stringify({ version: 2, writers: {}, tokens: NAMES.map(record) });
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [TOKENS, text]);
  await page.reload();
  await expect(keysTable(page).locator('tbody tr')).toHaveCount(NAMES.length);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await storedText(page)).toBe(text);
  return text;
}

/** The row of the record named `name` (rows are newest first). */
function row(page: Page, name: string): Locator {
  return keysTable(page).locator('tbody tr').nth(NAMES.length - 1 - NAMES.indexOf(name));
}

/** The name as the row shows it, exactly. */
function shownName(page: Page, name: string): Promise<string | null> {
  return row(page, name).locator('.token-name').textContent();
}

const opens: { name: string; open: (row: Locator) => Promise<void> }[] = [
  { name: 'Rename button', open: (row) => row.getByRole('button', { name: /^Rename/ }).click() },
  { name: 'double-click', open: (row) => row.getByRole('cell').nth(1).dblclick() },
];

const leaves: { name: string; leave: (field: Locator, page: Page) => Promise<void> }[] = [
  { name: 'Enter', leave: (field) => field.press('Enter') },
  { name: 'Tab', leave: (field) => field.press('Tab') },
  { name: 'a click elsewhere', leave: (_, page) => page.getByRole('heading', { name: 'API keys' }).click() },
  {
    name: 'a character typed and deleted, then Enter',
    leave: async (field) => {
      // The whole name is selected when the field opens: move to its end first.
      await field.press('End');
      await field.press('x');
      await field.press('Backspace');
      await field.press('Enter');
    },
  },
];

for (const name of NAMES) {
  for (const { name: opening, open } of opens) {
    for (const { name: leaving, leave } of leaves) {
      test(`${JSON.stringify(name)}: ${opening}, then ${leaving}, writes nothing`, async ({ page, context }) => {
        await countTokenWrites(context);
        const text = await storeNames(page);
        const table = keysTable(page);
        const writesBefore = await tokenWrites(page);

        await open(row(page, name));
        const field = table.getByRole('textbox');
        await expect(field).toBeFocused();
        await leave(field, page);
        await expect(field, 'the editor closes').toHaveCount(0);
        expect(await shownName(page, name)).toBe(name);
        expect(await storedText(page)).toBe(text);
        expect(await tokenWrites(page)).toBe(writesBefore);
      });
    }
  }
}

test('an edit begun with the Name column hidden writes nothing when left unchanged', async ({ page, context }) => {
  await countTokenWrites(context);
  const text = await storeNames(page);
  const table = keysTable(page);
  const writesBefore = await tokenWrites(page);
  const nameColumn = page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Name', exact: true });

  await nameColumn.uncheck();
  await row(page, ' padded ').getByRole('button', { name: /^Rename/ }).click();
  await nameColumn.check();
  const field = table.getByRole('textbox');
  await field.click();
  await field.press('Enter');
  await expect(field).toHaveCount(0);
  expect(await shownName(page, ' padded ')).toBe(' padded ');
  expect(await storedText(page)).toBe(text);
  expect(await tokenWrites(page)).toBe(writesBefore);
});

test('a real change of a stored name is validated and saved, trimmed', async ({ page, context }) => {
  await countTokenWrites(context);
  await storeNames(page);
  const table = keysTable(page);
  const writesBefore = await tokenWrites(page);

  // Refused as before: nothing is written and the editor stays open with the reason.
  await row(page, ' padded ').getByRole('button', { name: /^Rename/ }).click();
  const field = table.getByRole('textbox');
  await field.fill('   ');
  await field.press('Enter');
  await expect(field).toHaveAccessibleDescription('Please enter a name for the key.');
  expect(await tokenWrites(page)).toBe(writesBefore);

  // Removing only the padding is a change the user made: it is saved.
  await field.fill('padded');
  await field.press('Enter');
  await expect(field).toHaveCount(0);
  expect(await shownName(page, ' padded ')).toBe('padded');

  await row(page, 'line\nbreak').getByRole('cell').nth(1).dblclick();
  await table.getByRole('textbox').fill('  joined  ');
  await table.getByRole('textbox').press('Enter');
  await expect(table.getByRole('textbox')).toHaveCount(0);

  expect(await tokenWrites(page)).toBe(writesBefore + 2);
  const names = JSON.parse((await storedText(page))!).tokens.map((t: { name: string }) => t.name);
  expect(names).toEqual(['padded', 'joined', ' a name longer than eighteen ']);
});

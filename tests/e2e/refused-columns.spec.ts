import { test, expect, openApp, keysTable, createKey, fillStorage } from './fixtures';
import type { Locator, Page } from '@playwright/test';

// A column change the storage refuses must not leave its checkbox showing the change: every
// control shows what is saved, and the error says why the click did not take.

const HEADERS = ['Select all', 'Name', 'Key', 'Created', 'Last used', 'Expires', 'Status', 'Actions'];

function checkbox(page: Page, name: string): Locator {
  return page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name, exact: true });
}

async function freeStorage(page: Page) {
  await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('filler.'))
      .forEach((key) => localStorage.removeItem(key)),
  );
}

const ways: { name: string; toggle: (box: Locator) => Promise<void> }[] = [
  // `click`, not `uncheck`: the click is expected not to change the box.
  { name: 'a click', toggle: (box) => box.click() },
  {
    name: 'Space',
    toggle: async (box) => {
      await box.focus();
      await box.press('Space');
    },
  },
];

for (const way of ways) {
  test(`a column change refused by a full storage puts its checkbox back (${way.name})`, async ({ page }) => {
    await openApp(page);
    await createKey(page, 'columns');
    const table = keysTable(page);
    const created = checkbox(page, 'Created');
    const stored = () => page.evaluate(() => localStorage.getItem('keyward.columns'));
    const before = await stored();
    await fillStorage(page);

    await way.toggle(created);
    await expect(page.getByRole('alert')).toContainText("The browser's storage for this site is full.");
    await expect(created).toBeChecked();
    await expect(table.getByRole('columnheader')).toHaveText(HEADERS);
    expect(await stored()).toBe(before);

    // Once there is room, the same change is saved and shown.
    await freeStorage(page);
    await way.toggle(created);
    await expect(created).not.toBeChecked();
    await expect(table.getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Key', 'Last used', 'Expires', 'Status', 'Actions']);
    await expect(page.getByRole('alert')).toHaveCount(0);

    await page.reload();
    await expect(checkbox(page, 'Created')).not.toBeChecked();
    await expect(keysTable(page).getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Key', 'Last used', 'Expires', 'Status', 'Actions']);
  });
}

import { test, expect, openApp, keysTable, createKey } from './fixtures';

test('create and reveal with the keyboard alone; focus is trapped and returned', async ({ page }) => {
  await openApp(page);
  const createButton = page.getByRole('button', { name: 'Create new secret key' });
  await page.keyboard.press('Tab');
  await expect(createButton).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  const name = dialog.getByRole('textbox', { name: 'Name' });
  await expect(name).toBeFocused();

  // Tab cycles inside the dialog: Name → the chosen expiration → Cancel → Create secret key →
  // Name. The arrow keys move between the expiration choices.
  await page.keyboard.press('Tab');
  const thirtyDays = dialog.getByRole('radio', { name: '30 days' });
  await expect(thirtyDays).toBeFocused();
  await expect(thirtyDays).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('radio', { name: '60 days' })).toBeFocused();
  await expect(dialog.getByRole('radio', { name: '60 days' })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(thirtyDays).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Create secret key' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(name).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Create secret key' })).toBeFocused();

  // Escape closes and gives focus back to the opener.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(createButton).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();
  await page.keyboard.type('keyboard only');
  await page.keyboard.press('Enter');

  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal.getByRole('button', { name: 'Copy' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(reveal.getByRole('button', { name: 'Done' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(reveal.getByRole('textbox', { name: 'Secret key' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(reveal.getByRole('button', { name: 'Done' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(reveal).toHaveCount(0);
  await expect(createButton).toBeFocused();
  await expect(keysTable(page).getByRole('cell', { name: 'keyboard only', exact: true })).toBeVisible();
});

test('rename, revoke and toggle columns with the keyboard alone', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'alpha');
  await createKey(page, 'beta');
  const table = keysTable(page);

  // Rename: the row's button, type, Enter; focus comes back to the button.
  await table.getByRole('button', { name: 'Rename alpha', exact: true }).focus();
  await page.keyboard.press('Enter');
  const field = table.getByRole('textbox', { name: 'New name for alpha' });
  await expect(field).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('alpha-2');
  await page.keyboard.press('Enter');
  const renameButton = table.getByRole('button', { name: 'Rename alpha-2', exact: true });
  await expect(renameButton).toBeFocused();

  // Escape cancels and also returns focus.
  await page.keyboard.press('Enter');
  await page.keyboard.type('ignored');
  await page.keyboard.press('Escape');
  await expect(renameButton).toBeFocused();
  await expect(table.getByRole('cell', { name: 'alpha-2', exact: true })).toBeVisible();

  // Revoke: Cancel has focus first; Escape backs out to the Revoke button.
  const revokeButton = table.getByRole('button', { name: 'Revoke alpha-2', exact: true });
  await revokeButton.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Revoke alpha-2?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(revokeButton).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Revoke key' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('cell', { name: 'alpha-2', exact: true })).toHaveCount(0);
  // The button that opened the dialog is gone with its row: focus lands on the section heading.
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeFocused();

  // Columns: Space toggles a checkbox.
  const key = page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Key', exact: true });
  await key.focus();
  await page.keyboard.press('Space');
  await expect(key).not.toBeChecked();
  await expect(table.getByRole('columnheader', { name: 'Key', exact: true })).toHaveCount(0);
});

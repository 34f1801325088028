import { test, expect, openApp, keysTable, createKey } from './fixtures';

test('rename inline: Enter saves, Escape restores, double-click opens, blur saves', async ({
  page,
}) => {
  await openApp(page);
  await createKey(page, 'staging');
  const table = keysTable(page);

  await table.getByRole('button', { name: 'Rename staging', exact: true }).click();
  const field = table.getByRole('textbox', { name: 'New name for staging' });
  await expect(field).toBeFocused();
  await field.fill('staging-eu');
  await field.press('Enter');
  await expect(table.getByRole('cell', { name: 'staging-eu', exact: true })).toBeVisible();
  await expect(table.getByRole('button', { name: 'Rename staging-eu', exact: true })).toBeFocused();

  await table.getByRole('cell', { name: 'staging-eu', exact: true }).dblclick();
  const again = table.getByRole('textbox', { name: 'New name for staging-eu' });
  await again.fill('thrown away');
  await again.press('Escape');
  await expect(again).toHaveCount(0);
  await expect(table.getByRole('cell', { name: 'staging-eu', exact: true })).toBeVisible();

  // Leaving the field saves a valid name.
  await table.getByRole('button', { name: 'Rename staging-eu', exact: true }).click();
  await table.getByRole('textbox', { name: 'New name for staging-eu' }).fill('blurred');
  await page.getByRole('heading', { name: 'API keys' }).click();
  await expect(table.getByRole('cell', { name: 'blurred', exact: true })).toBeVisible();

  // An invalid name is explained and the editor stays open.
  await table.getByRole('button', { name: 'Rename blurred', exact: true }).click();
  const editor = table.getByRole('textbox', { name: 'New name for blurred' });
  await editor.fill('x'.repeat(19));
  await editor.press('Enter');
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await expect(editor).toHaveAccessibleDescription('Name must be at most 18 characters.');
  await editor.press('Escape');

  await page.reload();
  await expect(keysTable(page).getByRole('cell', { name: 'blurred', exact: true })).toBeVisible();
  await expect(keysTable(page).getByText('thrown away')).toHaveCount(0);
});

test('revoke asks for confirmation; Cancel keeps the key, Revoke key removes the row', async ({
  page,
}) => {
  await openApp(page);
  await createKey(page, 'old');
  await createKey(page, 'new');
  const table = keysTable(page);
  await expect(table.getByRole('row')).toHaveCount(3);

  await table.getByRole('button', { name: 'Revoke old', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke old?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(table.getByRole('row')).toHaveCount(3);

  await table.getByRole('button', { name: 'Revoke old', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke old?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('cell', { name: 'old', exact: true })).toHaveCount(0);

  // Revoked, not deleted: the record stays in storage with its revocation time.
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!));
  const old = stored.tokens.find((t: { name: string }) => t.name === 'old');
  expect(old.revoked_at).toEqual(expect.any(String));

  await page.reload();
  await expect(keysTable(page).getByRole('row')).toHaveCount(2);
});

test('column toggles hide headers and cells and survive a reload', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'columns');
  const columns = page.getByRole('group', { name: 'Columns' });
  const table = keysTable(page);
  await expect(table.getByRole('columnheader')).toHaveText([
    'Select all',
    'Name',
    'Key',
    'Created',
    'Last used',
    'Expires',
    'Status',
    'Actions',
  ]);

  await columns.getByRole('checkbox', { name: 'Key', exact: true }).uncheck();
  await columns.getByRole('checkbox', { name: 'Last used', exact: true }).uncheck();
  await expect(table.getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Created', 'Expires', 'Status', 'Actions']);
  // The row's checkbox and the five columns shown.
  await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveCount(6);

  await page.reload();
  await expect(keysTable(page).getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Created', 'Expires', 'Status', 'Actions']);
  await expect(columns.getByRole('checkbox', { name: 'Key', exact: true })).not.toBeChecked();
  await expect(columns.getByRole('checkbox', { name: 'Created', exact: true })).toBeChecked();

  await columns.getByRole('checkbox', { name: 'Key', exact: true }).check();
  await expect(keysTable(page).getByRole('columnheader')).toHaveText(['Select all', 'Name', 'Key', 'Created', 'Expires', 'Status', 'Actions']);

  // The last visible column cannot be hidden.
  for (const name of ['Name', 'Key', 'Created', 'Expires', 'Status']) {
    await columns.getByRole('checkbox', { name, exact: true }).uncheck();
  }
  await expect(columns.getByRole('checkbox', { name: 'Actions', exact: true })).toBeDisabled();
  await expect(keysTable(page).getByRole('columnheader')).toHaveText(['Select all', 'Actions']);
});

test('an unreadable store is reported, creation is disabled, and the stored text is kept', async ({
  page,
}) => {
  await page.goto('./');
  await page.evaluate(() => localStorage.setItem('keyward.tokens', '{"version":1,"tokens":[{'));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('Your stored keys could not be read.');
  await expect(page.getByRole('button', { name: 'Create new secret key' })).toBeDisabled();
  await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Key', exact: true }).uncheck();
  expect(await page.evaluate(() => localStorage.getItem('keyward.tokens'))).toBe(
    '{"version":1,"tokens":[{',
  );
});

import { createHash } from 'node:crypto';
import { test, expect, openApp, keysTable, createKey } from './fixtures';

// Events that arrive twice in one browser task (a double submit by a script or an impatient
// Enter, a double click that the browser delivers before the page repaints) act once.

test('two submits of the create form in one task store one key, the one revealed', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('twice');
  await dialog.locator('form').evaluate((form: HTMLFormElement) => {
    form.requestSubmit();
    form.requestSubmit();
  });

  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal).toBeVisible();
  const key = await reveal.getByRole('textbox', { name: 'Secret key' }).inputValue();
  const tokens = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!).tokens);
  expect(tokens).toHaveLength(1);
  expect(tokens[0].hash).toBe(createHash('sha256').update(key).digest('hex'));
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(keysTable(page).locator('tbody tr')).toHaveCount(1);
});

test('two clicks on "Revoke key" in one task revoke once and close the dialog', async ({ page }) => {
  await openApp(page);
  await createKey(page, 'once');
  await createKey(page, 'other');
  await keysTable(page).getByRole('button', { name: 'Revoke once', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke once?' });
  await confirm.getByRole('button', { name: 'Revoke key' }).evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });

  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('This key has already been revoked.')).toHaveCount(0);
  await expect(keysTable(page).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: 'revoked' })).toHaveText(
    'Key “once” revoked. Undo is offered for 10 seconds.',
  );
  const tokens = await page.evaluate(() => JSON.parse(localStorage.getItem('keyward.tokens')!).tokens);
  expect(tokens.filter((t: { revoked_at: unknown }) => t.revoked_at != null).map((t: { name: string }) => t.name)).toEqual(['once']);
});

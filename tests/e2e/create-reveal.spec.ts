import {
  test,
  expect,
  openApp,
  keysTable,
  createAndReveal,
  createKey,
  masked,
  everythingThePageKeeps,
} from './fixtures';

const KEY_FORMAT = /^kw_[0-9A-Za-z]{36}$/;

test('create, reveal once, copy, Done: the row shows the masked key and survives a reload', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await openApp(page);
  await expect(page.getByText('No API keys yet')).toBeVisible();

  const key = await createAndReveal(page, 'Production');
  expect(key).toMatch(KEY_FORMAT);
  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal).toContainText('This key will not be shown again.');

  await reveal.getByRole('button', { name: 'Copy' }).click();
  await expect(reveal.getByRole('status')).toHaveText('Copied to clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reveal).toHaveCount(0);

  const row = keysTable(page).getByRole('row').filter({ hasText: 'Production' });
  await expect(row.getByRole('cell').nth(2)).toHaveText(masked(key));
  await expect(row.getByRole('cell').nth(4)).toHaveText('Never');

  await page.reload();
  await expect(keysTable(page).getByRole('row').filter({ hasText: 'Production' })).toHaveCount(1);
  await expect(keysTable(page).getByRole('cell', { name: masked(key) })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('the full key is nowhere in storage, the URL, the console or the page after Done', async ({
  page,
  problems,
}) => {
  await openApp(page);
  const key = await createAndReveal(page, 'hygiene');
  // While the reveal is open the key is in the dialog, and only there.
  const whileOpen = await everythingThePageKeeps(page);
  expect(whileOpen.some((value) => value.includes(key))).toBe(true);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(key);
  expect(stored).not.toContain(key.slice(7, 35));

  await page.getByRole('button', { name: 'Done' }).click();
  for (const value of await everythingThePageKeeps(page)) {
    expect(value).not.toContain(key);
    expect(value).not.toContain(key.slice(7, 35));
  }
  await page.reload();
  await expect(keysTable(page)).toBeVisible();
  for (const value of await everythingThePageKeeps(page)) {
    expect(value).not.toContain(key);
  }
  expect(problems.consoleText.join('\n')).not.toContain(key.slice(3));
  // The fields that hold a key or a name keep browsers from remembering or checking them.
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const name = page.getByRole('dialog').getByRole('textbox', { name: 'Name' });
  await expect(name).toHaveAttribute('autocomplete', 'off');
  await expect(name).toHaveAttribute('spellcheck', 'false');
  await name.fill('second');
  await name.press('Enter');
  const secret = page.getByRole('dialog', { name: 'Save your key' }).getByRole('textbox', { name: 'Secret key' });
  await expect(secret).toHaveAttribute('autocomplete', 'off');
  await expect(secret).toHaveAttribute('spellcheck', 'false');
  await expect(secret).toHaveJSProperty('readOnly', true);
});

test('when copying fails the user is told and the whole key is selected for manual copy', async ({
  page,
}) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await openApp(page);
  const key = await createAndReveal(page, 'no clipboard');
  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await reveal.getByRole('button', { name: 'Copy' }).click();
  await expect(reveal.getByRole('status')).toContainText('Copying failed');
  await expect(reveal.getByRole('status')).toContainText('The key is selected');
  const field = reveal.getByRole('textbox', { name: 'Secret key' });
  await expect(field).toBeFocused();
  const selection = await field.evaluate((el: HTMLTextAreaElement) =>
    el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0),
  );
  expect(selection).toBe(key);
});

test('both name rules are explained inline and nothing is created', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
  const name = dialog.getByRole('textbox', { name: 'Name' });

  await name.fill('   ');
  await name.press('Enter');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/Please enter a name for the key\./);

  await name.fill('🔑'.repeat(19));
  await dialog.getByRole('button', { name: 'Create secret key' }).click();
  await expect(name).toHaveAccessibleDescription(/Name must be at most 18 characters\./);

  // Eighteen emoji are eighteen characters, however many bytes they take.
  await name.fill('🔑'.repeat(18));
  await name.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Save your key' })).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(keysTable(page).getByRole('row')).toHaveCount(2);
});

test('names are counted in the characters people see, and stored composed', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
  const name = dialog.getByRole('textbox', { name: 'Name' });

  // A flag is two regional indicators and one character.
  await name.fill('\u{1F1EB}\u{1F1F7}');
  await expect(dialog).toContainText('1/18');

  // "é" typed as e and a combining accent, ten times: ten characters, not twenty.
  await name.fill('');
  await name.pressSequentially('e\u0301'.repeat(10));
  await expect(name).toHaveValue('e\u0301'.repeat(10));
  await expect(dialog).toContainText('10/18');
  await name.press('Enter');
  await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();
  const composed = '\u00e9'.repeat(10);
  await expect(keysTable(page).getByRole('cell', { name: composed, exact: true })).toBeVisible();
  const stored = await page.evaluate(
    () => JSON.parse(localStorage.getItem('keyward.tokens')!).tokens.map((t: { name: string }) => t.name),
  );
  expect(stored).toEqual([composed]);

  // Renaming follows the same rule: eighteen flags fit.
  const flags = '\u{1F1EB}\u{1F1F7}'.repeat(18);
  await keysTable(page).getByRole('button', { name: `Rename ${composed}`, exact: true }).click();
  const editor = keysTable(page).getByRole('textbox', { name: `New name for ${composed}` });
  await editor.fill(flags);
  await editor.press('Enter');
  await expect(keysTable(page).getByRole('cell', { name: flags, exact: true })).toBeVisible();
});

test('names with markup are shown as text and run nothing', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { f: () => void }).f = () => {
      (window as unknown as { pwned: boolean }).pwned = true;
    };
  });
  page.on('dialog', (dialog) => {
    throw new Error(`unexpected browser dialog: ${dialog.message()}`);
  });
  await openApp(page);

  // Typed: short enough to pass the 18-character rule.
  const typed = '<svg onload=f()>';
  await createKey(page, typed);
  await expect(keysTable(page).getByRole('cell', { name: typed, exact: true })).toBeVisible();

  // Stored by another tool: longer than the rule allows, but data must still be shown safely.
  const hostile = '<img src=x onerror=alert(1)>';
  await page.evaluate((name) => {
    const doc = JSON.parse(localStorage.getItem('keyward.tokens')!);
    doc.tokens.push({ ...doc.tokens[0], id: crypto.randomUUID(), hash: 'a'.repeat(64), name });
    localStorage.setItem('keyward.tokens', JSON.stringify(doc));
  }, hostile);
  await page.reload();
  await expect(keysTable(page).getByRole('cell', { name: hostile, exact: true })).toBeVisible();
  await expect(page.locator('tbody img, tbody svg')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
});

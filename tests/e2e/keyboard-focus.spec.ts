// Every flow with the keyboard alone (Tab, Shift+Tab, Enter, Space, Escape; nothing is clicked,
// filled or focused by the test), checking at each stop that a person can see where focus is:
// the focused element is visible, inside the open dialog if there is one, and draws a focus
// indicator (an outline or a box-shadow the computed style shows, not cut off by a scrolling or
// clipping ancestor). keyboard.spec.ts checks where focus goes; this spec checks it can be seen.
import type { Locator, Page } from '@playwright/test';
import { test, expect, openApp, keysTable } from './fixtures';

/** What is wrong with the focus as a person would see it; empty when nothing is. */
async function focusProblems(page: Page, { ring }: { ring: boolean }): Promise<string[]> {
  return page.evaluate((ring) => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return ['focus is lost to the page'];
    const label =
      el.getAttribute('aria-label') ??
      (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ??
      el.textContent?.trim().slice(0, 40);
    const what = `<${el.tagName.toLowerCase()}> "${label}"`;
    const problems: string[] = [];

    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) problems.push(`${what} is hidden`);
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) problems.push(`${what} has no size`);
    if (box.bottom <= 0 || box.right <= 0 || box.top >= innerHeight || box.left >= innerWidth) {
      problems.push(`${what} is outside the viewport`);
    }
    const dialog = document.querySelector('dialog[open]');
    if (dialog && !dialog.contains(el)) problems.push(`${what} is outside the open dialog`);
    if (!ring) return problems;

    const style = getComputedStyle(el);
    const invisible = (color: string) => color === 'transparent' || /^rgba\(.*,\s*0\)$/.test(color);
    const outline =
      style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !invisible(style.outlineColor);
    // A shadow shows when one of its layers has a colour and a non-zero length.
    const shadow = (style.boxShadow === 'none' ? [] : style.boxShadow.split(/,(?![^(]*\))/)).some((layer) => {
      const color = layer.match(/rgba?\([^)]*\)/)?.[0] ?? '';
      const lengths = layer.replace(color, '').match(/-?[\d.]+px/g) ?? [];
      return !invisible(color) && lengths.some((length) => parseFloat(length) !== 0);
    });
    if (!outline && !shadow) {
      problems.push(
        `${what} shows no focus indicator (outline: ${style.outlineStyle} ${style.outlineWidth} ` +
          `${style.outlineColor}; box-shadow: ${style.boxShadow})`,
      );
    } else if (outline) {
      // The outline is drawn outside the box; an ancestor that clips its overflow may hide it.
      const grow = Math.max(0, parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth));
      for (let parent = el.parentElement; parent; parent = parent.parentElement) {
        const around = getComputedStyle(parent);
        if (around.overflowX === 'visible' && around.overflowY === 'visible') continue;
        const edge = parent.getBoundingClientRect();
        const inside =
          box.left - grow >= edge.left + parseFloat(around.borderLeftWidth) - 0.5 &&
          box.top - grow >= edge.top + parseFloat(around.borderTopWidth) - 0.5 &&
          box.right + grow <= edge.right - parseFloat(around.borderRightWidth) + 0.5 &&
          box.bottom + grow <= edge.bottom - parseFloat(around.borderBottomWidth) + 0.5;
        const clipper = `<${parent.tagName.toLowerCase()} class="${parent.className}">`;
        if (!inside) problems.push(`${what}'s focus outline is cut off by ${clipper}`);
      }
    }
    return problems;
  }, ring);
}

/** `target` has focus, and a person can see that it has. A heading the app moves focus to
 *  (after the row that had focus is gone) is a place to continue from, not a control: it is
 *  checked for being visible but draws no ring, as is usual for such headings. */
async function expectFocused(page: Page, target: Locator, { ring = true } = {}) {
  await expect(target).toBeFocused();
  expect(await focusProblems(page, { ring }), 'what is wrong with the focus').toEqual([]);
}

/** Presses `key` and expects focus, shown, on `target`. */
async function press(page: Page, key: string, target: Locator) {
  await page.keyboard.press(key);
  await expectFocused(page, target);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, checking every control passed on the
 *  way; fails if it takes more than `most` presses. */
async function tabTo(page: Page, target: Locator, { back = false, most = 40 } = {}) {
  for (let presses = 0; presses < most; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    expect(await focusProblems(page, { ring: true }), `after ${presses + 1} presses`).toEqual([]);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} did not reach ${target} in ${most} presses`);
}

/** Tabs all the way round a dialog, both ways, from `controls[0]` (which has focus), through
 *  the others in order, back to it: focus never leaves the dialog, and every control in it
 *  shows focus. */
async function expectTrapped(page: Page, controls: Locator[]) {
  const count = controls.length;
  for (let step = 1; step <= count; step++) await press(page, 'Tab', controls[step % count]);
  for (let step = 1; step <= count; step++) await press(page, 'Shift+Tab', controls[(count - step) % count]);
}

/** Creates a key from the focused "Create new secret key" button and closes its reveal with
 *  Escape; focus comes back to the button. */
async function createWithKeyboard(page: Page, name: string) {
  const create = page.getByRole('button', { name: 'Create new secret key' });
  await expectFocused(page, create);
  await page.keyboard.press('Enter');
  await expectFocused(page, page.getByRole('dialog').getByRole('textbox', { name: 'Name' }));
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Save your key' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expectFocused(page, create);
}

for (const width of [1280, 375]) {
  test.describe(`${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test('create: open, refuse a name, cancel with Escape, submit with Enter, copy, Done', async ({
      page,
      context,
      baseURL,
    }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
      await openApp(page);
      const create = page.getByRole('button', { name: 'Create new secret key' });
      await tabTo(page, create);

      // Space opens the dialog as Enter does; its field has focus, and focus stays inside.
      await page.keyboard.press('Space');
      const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
      const name = dialog.getByRole('textbox', { name: 'Name' });
      const cancel = dialog.getByRole('button', { name: 'Cancel' });
      const submit = dialog.getByRole('button', { name: 'Create secret key' });
      const expiration = dialog.getByRole('radio', { name: '30 days' });
      await expectFocused(page, name);
      await expectTrapped(page, [name, expiration, cancel, submit]);

      // An empty name and a too long one are refused with a reason; focus stays on the field.
      await page.keyboard.press('Enter');
      await expect(name).toHaveAccessibleDescription(/Please enter a name for the key\./);
      await expectFocused(page, name);
      await page.keyboard.type('x'.repeat(19));
      await page.keyboard.press('Enter');
      await expect(name).toHaveAccessibleDescription(/Name must be at most 18 characters\./);
      await expect(name).toHaveAttribute('aria-invalid', 'true');
      await expectFocused(page, name);

      // Escape from the Cancel button closes the dialog: focus returns to the opener.
      await tabTo(page, cancel);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expectFocused(page, create);
      await expect(page.getByText('No API keys yet')).toBeVisible();

      // Enter on Cancel closes it too.
      await page.keyboard.press('Enter');
      await expectFocused(page, name);
      await tabTo(page, cancel);
      await page.keyboard.press('Enter');
      await expect(dialog).toHaveCount(0);
      await expectFocused(page, create);

      // Enter in the field submits.
      await page.keyboard.press('Enter');
      await expectFocused(page, name);
      await page.keyboard.type('keyboard only');
      await page.keyboard.press('Enter');

      const reveal = page.getByRole('dialog', { name: 'Save your key' });
      const copy = reveal.getByRole('button', { name: 'Copy' });
      const secret = reveal.getByRole('textbox', { name: 'Secret key' });
      const done = reveal.getByRole('button', { name: 'Done' });
      await expectFocused(page, copy);
      const key = await secret.inputValue();
      expect(key).toMatch(/^kw_[0-9A-Za-z]{36}$/);

      // Copy with Enter, then again with Space after the clipboard was overwritten.
      await page.keyboard.press('Enter');
      await expect(reveal.getByRole('status')).toHaveText('Copied to clipboard.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
      await expectFocused(page, copy);
      await page.evaluate(() => navigator.clipboard.writeText('something else'));
      await page.keyboard.press('Space');
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(key);
      await expectFocused(page, copy);

      await expectTrapped(page, [copy, done, secret]);
      await press(page, 'Tab', done);
      await page.keyboard.press('Enter');
      await expect(reveal).toHaveCount(0);
      await expectFocused(page, create);
      await expect(keysTable(page).getByRole('button', { name: 'Rename keyboard only', exact: true })).toBeVisible();
    });

    test('rename and revoke, every control reached with Tab and Shift+Tab', async ({ page }) => {
      await openApp(page);
      const create = page.getByRole('button', { name: 'Create new secret key' });
      await tabTo(page, create);
      await createWithKeyboard(page, 'alpha');
      await createWithKeyboard(page, 'beta');
      const table = keysTable(page);

      // The whole page in Tab order and back: every stop is visible and shows focus.
      const columns = page.getByRole('group', { name: 'Columns' });
      const stops = [
        create,
        page.getByRole('button', { name: 'Verify a key' }),
        page.getByRole('searchbox', { name: 'Search keys' }),
        page.getByRole('combobox', { name: 'Status' }),
        ...['Name', 'Key', 'Created', 'Last used', 'Expires', 'Status', 'Actions'].map((name) =>
          columns.getByRole('checkbox', { name, exact: true }),
        ),
        // "Revoke selected" is disabled while nothing is ticked, so Tab passes it by.
        table.getByRole('checkbox', { name: 'Select all' }),
        ...['Name', 'Created', 'Last used', 'Expires', 'Status'].map((name) =>
          table.getByRole('columnheader').getByRole('button', { name, exact: true }),
        ),
        table.getByRole('checkbox', { name: 'Select beta' }),
        table.getByRole('button', { name: 'Rename beta', exact: true }),
        table.getByRole('button', { name: 'Regenerate beta', exact: true }),
        table.getByRole('button', { name: 'Revoke beta', exact: true }),
        table.getByRole('checkbox', { name: 'Select alpha' }),
        table.getByRole('button', { name: 'Rename alpha', exact: true }),
        table.getByRole('button', { name: 'Regenerate alpha', exact: true }),
        table.getByRole('button', { name: 'Revoke alpha', exact: true }),
      ];
      for (const stop of stops.slice(1)) await press(page, 'Tab', stop);
      for (const stop of stops.slice(0, -1).reverse()) await press(page, 'Shift+Tab', stop);

      // Rename: Enter on the button opens the field with the name selected; typing replaces
      // it, Enter saves and focus returns to the button.
      const renameAlpha = table.getByRole('button', { name: 'Rename alpha', exact: true });
      await tabTo(page, renameAlpha);
      await page.keyboard.press('Enter');
      const field = table.getByRole('textbox', { name: 'New name for alpha' });
      await expectFocused(page, field);
      await page.keyboard.type('alpha-2');
      await page.keyboard.press('Enter');
      const renamed = table.getByRole('button', { name: 'Rename alpha-2', exact: true });
      await expectFocused(page, renamed);

      // A refused name keeps the field open with the reason; Escape then cancels.
      await page.keyboard.press('Space');
      const again = table.getByRole('textbox', { name: 'New name for alpha-2' });
      await expectFocused(page, again);
      await page.keyboard.type('y'.repeat(19));
      await page.keyboard.press('Enter');
      await expect(again).toHaveAccessibleDescription('Name must be at most 18 characters.');
      await expectFocused(page, again);
      await page.keyboard.press('Escape');
      await expectFocused(page, renamed);
      await expect(again).toHaveCount(0);

      // Leaving the field with Tab saves as well; focus moves on to the row's Rename button.
      await page.keyboard.press('Enter');
      await expectFocused(page, again);
      await page.keyboard.type('gamma');
      await page.keyboard.press('Tab');
      const gamma = table.getByRole('button', { name: 'Rename gamma', exact: true });
      await expectFocused(page, gamma);

      // Revoke: focus starts on Cancel and stays in the dialog; Enter on Cancel and Escape
      // both back out to the Revoke button.
      const revoke = table.getByRole('button', { name: 'Revoke gamma', exact: true });
      await press(page, 'Tab', table.getByRole('button', { name: 'Regenerate gamma', exact: true }));
      await press(page, 'Tab', revoke);
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('dialog', { name: 'Revoke gamma?' });
      const keep = confirm.getByRole('button', { name: 'Cancel' });
      const revokeKey = confirm.getByRole('button', { name: 'Revoke key' });
      await expectFocused(page, keep);
      await expectTrapped(page, [keep, revokeKey]);
      await page.keyboard.press('Enter');
      await expect(confirm).toHaveCount(0);
      await expectFocused(page, revoke);
      await page.keyboard.press('Space');
      await expectFocused(page, keep);
      await page.keyboard.press('Escape');
      await expect(confirm).toHaveCount(0);
      await expectFocused(page, revoke);

      // Space on "Revoke key" confirms. The button that opened the dialog left with its row,
      // so focus goes to the section heading, and Tab continues from there: first to the
      // toast's Undo and Dismiss, then on to the page.
      await page.keyboard.press('Enter');
      await press(page, 'Tab', revokeKey);
      await page.keyboard.press('Space');
      await expect(confirm).toHaveCount(0);
      await expect(gamma).toHaveCount(0);
      await expectFocused(page, page.getByRole('heading', { name: 'API keys' }), { ring: false });
      await press(page, 'Tab', page.getByRole('button', { name: 'Undo' }));
      await press(page, 'Tab', page.getByRole('button', { name: 'Dismiss' }));
      await press(page, 'Tab', create);
      await tabTo(page, table.getByRole('button', { name: 'Revoke beta', exact: true }));
    });
  });
}

test('column toggles with Space', async ({ page }) => {
  await openApp(page);
  await tabTo(page, page.getByRole('button', { name: 'Create new secret key' }));
  await createWithKeyboard(page, 'columns');
  const toggles = page.getByRole('group', { name: 'Columns' });
  const table = keysTable(page);
  const box = (name: string) => toggles.getByRole('checkbox', { name, exact: true });

  for (const name of ['Key', 'Created', 'Last used']) {
    await tabTo(page, box(name));
    await page.keyboard.press('Space');
    await expect(box(name)).not.toBeChecked();
    await expect(table.getByRole('columnheader', { name, exact: true })).toHaveCount(0);
    await expectFocused(page, box(name));
  }
  // Shift+Tab back to Key and show it again.
  await tabTo(page, box('Key'), { back: true });
  await page.keyboard.press('Space');
  await expect(box('Key')).toBeChecked();
  await expect(table.getByRole('columnheader', { name: 'Key', exact: true })).toBeVisible();
  await expectFocused(page, box('Key'));

  // Hiding the Actions column takes the row's buttons away; showing it brings them back, and
  // Tab reaches them.
  await tabTo(page, box('Actions'));
  await page.keyboard.press('Space');
  await expect(table.getByRole('columnheader', { name: 'Actions', exact: true })).toHaveCount(0);
  await expectFocused(page, box('Actions'));
  await page.keyboard.press('Space');
  await expect(table.getByRole('button', { name: 'Rename columns', exact: true })).toBeVisible();
  await tabTo(page, table.getByRole('button', { name: 'Rename columns', exact: true }));
});

test('the unreadable-storage banner: Download backup and Start fresh', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => localStorage.setItem('keyward.tokens', '{ not json'));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('Your stored keys could not be read.');
  await expect(page.getByRole('button', { name: 'Create new secret key' })).toBeDisabled();

  // The disabled Create button is skipped: the banner's first button is the first stop.
  const download = page.getByRole('button', { name: 'Download backup' });
  const startFresh = page.getByRole('button', { name: 'Start fresh' });
  await press(page, 'Tab', download);
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toMatch(/^keyward-backup-.*\.json$/);
  await expectFocused(page, download);
  const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Space')]);
  expect(again.suggestedFilename()).toMatch(/^keyward-backup-.*\.json$/);
  await expectFocused(page, download);

  await press(page, 'Tab', startFresh);
  await press(page, 'Shift+Tab', download);
  await press(page, 'Tab', startFresh);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'set aside' })).toBeVisible();
  await expect(startFresh).toHaveCount(0);
  // The banner left with the button that had focus: focus goes to the section heading rather
  // than to the page, and Tab continues to the Create button, enabled again.
  await expectFocused(page, page.getByRole('heading', { name: 'API keys' }), { ring: false });
  await press(page, 'Tab', page.getByRole('button', { name: 'Create new secret key' }));
});

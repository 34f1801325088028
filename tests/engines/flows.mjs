// The flows that matter most, written once and run in every engine by `<engine>.test.mjs`:
// each starts with empty storage (an origin of its own, see harness.mjs), drives the app by
// roles and accessible names, and fails on any console error, uncaught exception, CSP
// violation or failed request.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { Keys } from './webdriver.mjs';
import { eventually } from './page.mjs';

const KEY_FORMAT = /^kw_[0-9A-Za-z]{36}$/;
export const SCREENSHOTS = 'test-results/engines';

/** The masked form shown for a key: prefix, 4 characters, an ellipsis, the last 4. */
const masked = (key) => `${key.slice(0, 7)}…${key.slice(-4)}`;

const keysTable = (page) => page.getByRole('table', 'API keys');
const cell = (page, name) => keysTable(page).getByRole('cell', name);

/** The texts of the cells of the row whose cell is named `name`, without its checkbox's cell. */
async function rowTexts(page, name) {
  return page.evaluate(
    'return [...arguments[0].closest("tr").cells].filter((td) => !td.classList.contains("cell-select")).map((td) => td.textContent.replace(/\\s+/g, " ").trim())',
    await cell(page, name).one(),
  );
}

/** Creates a key through the dialogs and returns it, leaving the reveal open. */
async function createAndReveal(page, name) {
  await page.getByRole('button', 'Create new secret key').click();
  const dialog = page.getByRole('dialog', 'Create new secret key');
  await dialog.getByRole('textbox', 'Name').fill(name);
  await dialog.getByRole('button', 'Create secret key').click();
  const reveal = page.getByRole('dialog', 'Save your key');
  const key = await reveal.getByRole('textbox', 'Secret key').value();
  assert.match(key, KEY_FORMAT);
  return key;
}

/** Creates a key and closes the reveal; returns the key. */
async function createKey(page, name) {
  const key = await createAndReveal(page, name);
  await page.getByRole('dialog', 'Save your key').getByRole('button', 'Done').click();
  await page.getByRole('dialog').expectGone();
  return key;
}

/** Every text the page keeps anywhere a later visitor or script could read it. */
function everythingThePageKeeps(page) {
  return page.evaluate(`return (async () => {
    const values = [location.href, document.title, document.documentElement.outerHTML, document.cookie];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        values.push(key, storage.getItem(key) ?? '');
      }
    }
    document.querySelectorAll('input, textarea').forEach((el) => values.push(el.value));
    values.push(JSON.stringify(history.state));
    if (indexedDB.databases) values.push(JSON.stringify(await indexedDB.databases()));
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        values.push(request.url, await (await cache.match(request)).text());
      }
    }
    return values;
  })()`);
}

/** Saves a PNG under test-results/engines/. */
async function saveShot(engine, name, png) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(`${SCREENSHOTS}/${engine}-${name}.png`, png);
}

/** Waits for the page's transitions (a dialog's backdrop fading) to end. */
function settle(page) {
  return page.evaluate('return Promise.all(document.getAnimations().map((a) => a.finished)).then(() => true)');
}

/** Saves a screenshot of what the window shows now (the frame of `openNarrow` included: an
 *  element's own screenshot is drawn shifted by WebKitGTK). */
async function screenshot(page, engine, name) {
  await settle(page);
  const inFrame = page.inFrame;
  if (inFrame) await page.session.switchToFrame(null);
  await saveShot(engine, name, await page.session.screenshot());
  if (inFrame) await page.session.switchToFrame(inFrame);
}

/** How far the page can scroll sideways (0 when it cannot). */
const sidewaysOverflow = (page) =>
  page.evaluate('return document.documentElement.scrollWidth - document.documentElement.clientWidth');

export const flows = [
  {
    name: 'the checks see a console error, an uncaught exception and a CSP violation',
    async run({ page }) {
      await page.open();
      await page.evaluate(`
        console.error('planted console error');
        setTimeout(() => { throw new Error('planted exception'); });
        const script = document.createElement('script');
        script.textContent = 'void 0';
        document.head.append(script);`);
      await eventually(async () => {
        await page.collectProblems();
        const seen = page.problems.join('\n');
        assert.match(seen, /planted console error/);
        assert.match(seen, /planted exception/);
        assert.match(seen, /CSP report: .*script-src/);
      });
      // Planted on purpose: these must not fail the flow.
      page.problems = [];
    },
  },
  {
    name: 'create, reveal, copy, Done: the masked row survives a reload',
    async run({ page }) {
      await page.open();
      assert.ok((await page.evaluate('return document.body.textContent')).includes('No API keys yet'));
      const key = await createAndReveal(page, 'Production');
      const reveal = page.getByRole('dialog', 'Save your key');
      await reveal.expectText('This key will not be shown again.');

      await reveal.getByRole('button', 'Copy').click();
      const status = reveal.getByRole('status');
      await eventually(async () => assert.match(await status.text(), /Copied to clipboard\.|Copying failed/));
      if ((await status.text()).includes('Copying failed')) {
        // The honest failure: said, and the whole key selected and focused for a manual copy.
        await status.expectText('The key is selected');
        const field = reveal.getByRole('textbox', 'Secret key');
        await field.expectFocused();
        const selected = await page.evaluate(
          'const el = arguments[0]; return el.value.slice(el.selectionStart, el.selectionEnd)',
          await field.one(),
        );
        assert.equal(selected, key);
      }
      const copied = (await status.text()).includes('Copied');

      await reveal.getByRole('button', 'Done').click();
      await reveal.expectGone();
      const row = await rowTexts(page, 'Production');
      assert.equal(row[1], masked(key));
      assert.equal(row[3], 'Never');

      if (copied) {
        // What the clipboard holds is the key: paste it into the search field, then clear it.
        const search = page.getByRole('searchbox', 'Search keys');
        await search.fill('');
        await search.press([Keys.Control, 'v']);
        await eventually(async () => assert.equal(await search.value(), key, 'pasted clipboard text'));
        await search.press(Keys.Escape);
        assert.equal(await search.value(), '');
      }

      await page.reload();
      await cell(page, masked(key)).expectVisible();
      await cell(page, 'Production').expectVisible();
      await page.getByRole('dialog').expectGone();
      return copied ? 'Copy: copied, and the clipboard held the key' : 'Copy: refused, said so, key selected';
    },
  },
  {
    name: 'the secret is in no storage area, URL or page text after Done',
    async run({ page }) {
      await page.open();
      const key = await createAndReveal(page, 'hygiene');
      const body = key.slice(7, 35);
      const whileOpen = await everythingThePageKeeps(page);
      assert.ok(whileOpen.some((value) => value.includes(key)), 'the reveal shows the key');
      const stored = await page.evaluate('return JSON.stringify({ ...localStorage })');
      assert.ok(!stored.includes(body), 'no part of the key in localStorage');

      await page.getByRole('button', 'Done').click();
      await page.getByRole('dialog').expectGone();
      for (const value of await everythingThePageKeeps(page)) assert.ok(!value.includes(body), 'key kept after Done');
      await page.reload();
      for (const value of await everythingThePageKeeps(page)) assert.ok(!value.includes(body), 'key kept after reload');
      assert.ok(!(await page.session.url()).includes(body));
    },
  },
  {
    name: 'rename: Enter saves, Escape restores',
    async run({ page }) {
      await page.open();
      await createKey(page, 'staging');
      const table = keysTable(page);
      await table.getByRole('button', 'Rename staging').click();
      const field = table.getByRole('textbox', 'New name for staging');
      await field.expectFocused();
      await field.fill('staging-eu');
      await field.press(Keys.Enter);
      await cell(page, 'staging-eu').expectVisible();
      await table.getByRole('button', 'Rename staging-eu').expectFocused();

      await table.getByRole('button', 'Rename staging-eu').click();
      const again = table.getByRole('textbox', 'New name for staging-eu');
      await again.fill('thrown away');
      await again.press(Keys.Escape);
      await again.expectGone();
      await cell(page, 'staging-eu').expectVisible();
      await table.getByRole('button', 'Rename staging-eu').expectFocused();

      await page.reload();
      await cell(page, 'staging-eu').expectVisible();
      await cell(page, 'thrown away').expectGone();
    },
  },
  {
    name: 'revoke asks for confirmation; Cancel keeps the key, Revoke key removes it',
    async run({ page }) {
      await page.open();
      await createKey(page, 'old');
      await createKey(page, 'new');
      const table = keysTable(page);
      await table.getByRole('row').expectCount(3);

      await table.getByRole('button', 'Revoke old').click();
      const confirm = page.getByRole('dialog', 'Revoke old?');
      await confirm.getByRole('button', 'Cancel').click();
      await confirm.expectGone();
      await table.getByRole('row').expectCount(3);

      await table.getByRole('button', 'Revoke old').click();
      await confirm.getByRole('button', 'Revoke key').click();
      await confirm.expectGone();
      await table.getByRole('row').expectCount(2);
      await cell(page, 'old').expectGone();
      const revokedAt = await page.evaluate(
        `return JSON.parse(localStorage.getItem('keyward.tokens')).tokens.find((t) => t.name === 'old').revoked_at`,
      );
      assert.ok(!Number.isNaN(Date.parse(revokedAt)), `revoked_at ${revokedAt}`);

      await page.reload();
      await table.getByRole('row').expectCount(2);
      await cell(page, 'new').expectVisible();
    },
  },
  {
    name: 'verify a key: valid marks it used, a typo is caught by the checksum',
    async run({ page }) {
      await page.open();
      const key = await createKey(page, 'checked');
      assert.equal((await rowTexts(page, 'checked'))[3], 'Never');
      const open = page.getByRole('button', 'Verify a key');
      await open.click();
      const dialog = page.getByRole('dialog', 'Verify a key');
      const field = dialog.getByRole('textbox', 'Key to verify');
      await field.expectFocused();
      await field.fill(key);
      await dialog.getByRole('button', 'Verify').click();
      const verdict = dialog.getByRole('status');
      await verdict.expectText('Valid This is the key “checked”, and it works.');
      const typo = `${key.slice(0, 12)}${key[12] === 'a' ? 'b' : 'a'}${key.slice(13)}`;
      await field.fill(typo);
      await field.press(Keys.Enter);
      await verdict.expectText('Malformed The checksum does not match');
      await page.press(Keys.Escape);
      await dialog.expectGone();
      await open.expectFocused();
      await eventually(async () => assert.notEqual((await rowTexts(page, 'checked'))[3], 'Never'));
      for (const value of await everythingThePageKeeps(page)) assert.ok(!value.includes(key.slice(3)), 'key kept');
    },
  },
  {
    name: 'regenerate with a grace period: the new secret is shown once, the old one verifies as old',
    async run({ page }) {
      await page.open();
      const first = await createKey(page, 'rotating');
      await keysTable(page).getByRole('button', 'Regenerate rotating').click();
      const dialog = page.getByRole('dialog', 'Regenerate rotating?');
      await dialog.getByRole('button', 'Cancel').expectFocused();
      const grace = dialog.getByRole('group', 'Keep the old key working for');
      assert.equal(await (await grace.getByRole('radio', 'No grace period').one()).property('checked'), true);
      await grace.getByRole('radio', '1 hour').click();
      await dialog.getByRole('button', 'Regenerate key').click();
      const reveal = page.getByRole('dialog', 'Save your key');
      const second = await reveal.getByRole('textbox', 'Secret key').value();
      assert.match(second, KEY_FORMAT);
      assert.notEqual(second, first);
      await reveal.getByRole('button', 'Done').click();
      await reveal.expectGone();
      assert.equal((await rowTexts(page, 'rotating'))[1], masked(second));
      const stored = await page.evaluate(`return JSON.parse(localStorage.getItem('keyward.tokens')).tokens`);
      assert.equal(stored.length, 1);
      assert.equal(stored[0].old_secrets.length, 1);

      await page.getByRole('button', 'Verify a key').click();
      const verify = page.getByRole('dialog', 'Verify a key');
      const field = verify.getByRole('textbox', 'Key to verify');
      const verdict = verify.getByRole('status');
      await field.fill(first);
      await verify.getByRole('button', 'Verify').click();
      await eventually(async () => assert.match(await verdict.text(), /^Valid \(old secret\) This is the old secret of the key “rotating”/));
      await field.fill(second);
      await verify.getByRole('button', 'Verify').click();
      await verdict.expectText('Valid This is the key “rotating”, and it works.');
      await page.press(Keys.Escape);
      await verify.expectGone();
      for (const value of await everythingThePageKeeps(page)) {
        assert.ok(!value.includes(first.slice(3)) && !value.includes(second.slice(3)), 'a secret kept');
      }
    },
  },
  {
    name: 'column toggles survive a reload',
    async run({ page }) {
      await page.open();
      await createKey(page, 'columns');
      const columns = page.getByRole('group', 'Columns');
      const headers = keysTable(page).getByRole('columnheader');
      await headers.expectTexts(['Select all', 'Name', 'Key', 'Created', 'Last used', 'Expires', 'Status', 'Actions']);
      // Headers and the legend are drawn in small capitals but named as written: Firefox and
      // WebKit put CSS uppercase into accessible names ("COLUMNS"), which is why it is not used.
      for (const header of await headers.all()) {
        const label = await header.label();
        const text = await page.evaluate('return arguments[0].textContent', header);
        // WebKitGTK names no header at all; the others by its text.
        assert.ok(label === '' || label === text, `header "${text}" is named "${label}"`);
      }

      await columns.getByRole('checkbox', 'Key').click();
      await columns.getByRole('checkbox', 'Last used').click();
      await headers.expectTexts(['Select all', 'Name', 'Created', 'Expires', 'Status', 'Actions']);
      assert.equal((await rowTexts(page, 'columns')).length, 5);

      await page.reload();
      await headers.expectTexts(['Select all', 'Name', 'Created', 'Expires', 'Status', 'Actions']);
      assert.equal(await (await columns.getByRole('checkbox', 'Key').one()).property('checked'), false);
      assert.equal(await (await columns.getByRole('checkbox', 'Created').one()).property('checked'), true);

      await columns.getByRole('checkbox', 'Key').click();
      await headers.expectTexts(['Select all', 'Name', 'Key', 'Created', 'Expires', 'Status', 'Actions']);

      // The last visible column cannot be hidden.
      for (const name of ['Name', 'Key', 'Created', 'Expires', 'Status']) {
        await columns.getByRole('checkbox', name).click();
      }
      await headers.expectTexts(['Select all', 'Actions']);
      await eventually(async () =>
        assert.equal(await (await columns.getByRole('checkbox', 'Actions').one()).enabled(), false),
      );
    },
  },
  {
    name: 'an unreadable store is reported and kept',
    async run({ page }) {
      await page.open();
      const broken = '{"version":1,"tokens":[{';
      await page.evaluate('localStorage.setItem("keyward.tokens", arguments[0])', broken);
      await page.reload();
      await page.getByRole('alert').expectText('Your stored keys could not be read.');
      assert.equal(await (await page.getByRole('button', 'Create new secret key').one()).enabled(), false);
      await page.getByRole('group', 'Columns').getByRole('checkbox', 'Key').click();
      await keysTable(page).getByRole('columnheader', 'Key').expectGone();
      assert.equal(await page.evaluate('return localStorage.getItem("keyward.tokens")'), broken);

      await page.getByRole('button', 'Start fresh').click();
      await page.getByRole('alert').expectGone();
      const backups = await page.evaluate(
        'return Object.keys(localStorage).filter((k) => k.startsWith("keyward.backup.unreadable."))',
      );
      assert.equal(backups.length, 1);
      assert.equal(await page.evaluate('return localStorage.getItem(arguments[0])', backups[0]), broken);
      await createKey(page, 'after');
      await cell(page, 'after').expectVisible();
    },
  },
  {
    name: 'two tabs see each other’s changes without a reload',
    async run({ page }) {
      await page.open();
      const first = await page.session.currentTab();
      const second = await page.session.newTab();
      await page.session.switchToTab(second);
      await page.open();
      await page.session.switchToTab(first);
      await createKey(page, 'from a');
      await page.session.switchToTab(second);
      await cell(page, 'from a').expectVisible();
      await createKey(page, 'from b');
      await page.session.switchToTab(first);
      await cell(page, 'from b').expectVisible();
      await keysTable(page).getByRole('button', 'Revoke from b').click();
      await page.getByRole('dialog', 'Revoke from b?').getByRole('button', 'Revoke key').click();
      await page.session.switchToTab(second);
      await cell(page, 'from b').expectGone();
      await cell(page, 'from a').expectVisible();
      await page.collectProblems();
      await page.session.switchToTab(first);
    },
  },
  {
    name: 'keyboard only: dialogs trap focus and give it back',
    async run({ page }) {
      await page.open();
      const create = page.getByRole('button', 'Create new secret key');
      await page.tabTo(create);
      await page.press(Keys.Enter);
      const dialog = page.getByRole('dialog', 'Create new secret key');
      const name = dialog.getByRole('textbox', 'Name');
      await name.expectFocused();
      // Tab and Shift+Tab stay inside the dialog.
      for (let i = 0; i < 6; i++) {
        await page.press(Keys.Tab);
        assert.ok(
          await page.evaluate('return document.querySelector("dialog[open]").contains(document.activeElement)'),
          `Tab left the dialog for ${await page.describeFocus()}`,
        );
      }
      for (let i = 0; i < 6; i++) {
        await page.press([Keys.Shift, Keys.Tab]);
        assert.ok(
          await page.evaluate('return document.querySelector("dialog[open]").contains(document.activeElement)'),
          `Shift+Tab left the dialog for ${await page.describeFocus()}`,
        );
      }
      // Escape closes it and focus returns to the button that opened it.
      await page.press(Keys.Escape);
      await dialog.expectGone();
      await create.expectFocused();

      await page.press(Keys.Enter);
      await name.expectFocused();
      await page.session.type('by keys');
      await page.press(Keys.Enter);
      const reveal = page.getByRole('dialog', 'Save your key');
      await reveal.expectVisible();
      await page.tabTo(reveal.getByRole('button', 'Done'));
      await page.press(Keys.Enter);
      await reveal.expectGone();
      await create.expectFocused();

      const revoke = keysTable(page).getByRole('button', 'Revoke by keys');
      await page.tabTo(revoke);
      await page.press(Keys.Enter);
      const confirm = page.getByRole('dialog', 'Revoke by keys?');
      await confirm.getByRole('button', 'Cancel').expectFocused();
      await page.press(Keys.Escape);
      await confirm.expectGone();
      await revoke.expectFocused();
      await page.press(Keys.Enter);
      await confirm.getByRole('button', 'Cancel').expectFocused();
      await page.tabTo(confirm.getByRole('button', 'Revoke key'));
      await page.press(Keys.Enter);
      await confirm.expectGone();
      await cell(page, 'by keys').expectGone();
      // The row that had focus is gone: focus lands on the page's heading, not on nothing.
      await eventually(async () => assert.notEqual(await page.describeFocus(), 'nothing has focus'));
    },
  },
  {
    name: 'a key made for 7 days is expiring soon; two keys revoked at once come back with Undo',
    async run({ page }) {
      await page.open();
      await page.getByRole('button', 'Create new secret key').click();
      const dialog = page.getByRole('dialog', 'Create new secret key');
      await dialog.getByRole('textbox', 'Name').fill('weekly');
      await dialog.getByRole('radio', '7 days').click();
      assert.equal(await (await dialog.getByRole('radio', '7 days').one()).property('checked'), true);
      await dialog.getByRole('button', 'Create secret key').click();
      await page.getByRole('dialog', 'Save your key').getByRole('button', 'Done').click();
      await page.getByRole('dialog').expectGone();
      // Name, Key, Created, Last used, Expires, Status, Actions.
      const weekly = await rowTexts(page, 'weekly');
      const inAWeek = await page.evaluate(
        `return new Intl.DateTimeFormat([], { dateStyle: 'medium' }).format(new Date(Date.now() + 7 * 86400000))`,
      );
      assert.equal(weekly[4], inAWeek);
      assert.ok(weekly[5].startsWith('Expiring soon'), `status "${weekly[5]}"`);
      const why = await page.evaluate(`
        const hint = document.querySelector('td .rotate-hint');
        return hint ? document.getElementById(hint.getAttribute('aria-describedby'))?.textContent ?? '' : '';
      `);
      assert.match(why, /development and production/);

      await createKey(page, 'first');
      await createKey(page, 'second');
      const table = keysTable(page);
      await table.getByRole('checkbox', 'Select first').click();
      await table.getByRole('checkbox', 'Select second').click();
      await page.getByRole('button', 'Revoke selected').click();
      const confirm = page.getByRole('dialog', 'Revoke 2 keys?');
      await confirm.getByRole('button', 'Revoke keys').click();
      await confirm.expectGone();
      await cell(page, 'first').expectGone();
      await cell(page, 'second').expectGone();
      await eventually(async () =>
        assert.match(await page.evaluate(`return document.querySelector('.toast')?.textContent ?? ''`), /Revoked 2 keys/),
      );
      const revokedCount = () =>
        page.evaluate(
          `return JSON.parse(localStorage.getItem('keyward.tokens')).tokens.filter((t) => t.revoked_at != null).length`,
        );
      assert.equal(await revokedCount(), 2);
      await page.getByRole('button', 'Undo').click();
      await cell(page, 'first').expectVisible();
      await cell(page, 'second').expectVisible();
      assert.equal(await revokedCount(), 0);
      await page.reload();
      await table.getByRole('row').expectCount(4);
    },
  },
  {
    name: 'at 375 px nothing scrolls sideways; screenshots of the table and the reveal',
    async run({ page, engine }) {
      await page.open();
      for (const name of ['Production', 'a name of 18 chars', 'staging']) await createKey(page, name);
      await screenshot(page, engine, 'table-desktop');
      const key = await createAndReveal(page, 'reveal');
      await screenshot(page, engine, 'reveal-desktop');
      await page.getByRole('button', 'Done').click();
      await page.getByRole('dialog').expectGone();

      await page.openNarrow();
      assert.equal(await page.evaluate('return innerWidth'), 375);
      await cell(page, masked(key)).expectVisible();
      assert.equal(await sidewaysOverflow(page), 0, 'sideways overflow of the table at 375 px');
      await screenshot(page, engine, 'table-375');
      await createAndReveal(page, 'mobile');
      assert.equal(await sidewaysOverflow(page), 0, 'sideways overflow of the reveal at 375 px');
      await screenshot(page, engine, 'reveal-375');
      await page.getByRole('button', 'Done').click();
      await page.getByRole('dialog').expectGone();
    },
  },
  {
    name: 'with storage blocked the app works in memory and says nothing will be kept',
    storageBlocked: true,
    async run({ page }) {
      await page.open();
      const alert = page.getByRole('alert');
      await alert.expectText('Nothing will be kept after this visit.');
      // Turned off in the settings, both engines give no localStorage at all (no error to quote).
      await alert.expectText("it is turned off in this browser's settings, or the browser has none");
      await createKey(page, 'ephemeral');
      const table = keysTable(page);
      await table.getByRole('button', 'Rename ephemeral').click();
      await table.getByRole('textbox', 'New name for ephemeral').fill('still here');
      await page.press(Keys.Enter);
      await cell(page, 'still here').expectVisible();
      await page.reload();
      await page.getByRole('alert').expectText('Nothing will be kept after this visit.');
      await cell(page, 'still here').expectGone();
    },
  },
];

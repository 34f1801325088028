// Accessibility of every screen, checked by axe-core against WCAG 2.2 A and AA (colour contrast
// included), in the light and the dark theme, at a desktop and a phone width. Each screen is
// reached the way a person would reach it; a violation fails the test and is printed in full.
// The colours axe does not measure (placeholders, focus rings, disabled buttons) are measured
// with its colour maths in one more test per theme.
import { readFileSync } from 'node:fs';
import type { Result } from 'axe-core';
import type { BrowserContext, Locator, Page, TestInfo } from '@playwright/test';
import {
  test,
  expect,
  openApp,
  createKey,
  createAndReveal,
  keysTable,
  fillStorage,
  blockStorage,
} from './fixtures';
import { test as deployTest, deployNextBuild } from './deploy';

const TOKENS = 'keyward.tokens';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type Scheme = 'light' | 'dark';

/** The page's window once axe-core has been evaluated into it. */
type WithAxe = Window & { axe: typeof import('axe-core') & { commons: { color: AxeColors } } };

/** The part of axe's colour module used to measure what its rules skip. It is not in axe's
 *  type definitions; axe-core is pinned to an exact version, so it cannot change unseen. */
type AxeColor = { red: number; green: number; blue: number; alpha: number; parseString(css: string): void };
type AxeColors = {
  Color: new (red?: number, green?: number, blue?: number, alpha?: number) => AxeColor;
  flattenColors(over: AxeColor, under: AxeColor): AxeColor;
  getContrast(background: AxeColor, foreground: AxeColor): number;
};

/** Opens the app over a stored document that is not JSON, so the unreadable-storage banner shows. */
async function openWithUnreadableStore(page: Page) {
  await openApp(page);
  await page.evaluate((key) => localStorage.setItem(key, '{ not json'), TOKENS);
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('Your stored keys could not be read.');
}

/** Creates a key called `name` and opens the confirmation to revoke it. */
async function openRevokeDialog(page: Page, name: string) {
  await openApp(page);
  await createKey(page, name);
  await keysTable(page).getByRole('button', { name: `Revoke ${name}`, exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Revoke ${name}?` });
  await expect(confirm).toBeVisible();
  return confirm;
}

/** Stores one key of each status (expiring soon, expired, old and active, revoked) and reloads. */
async function storeStatuses(page: Page) {
  await page.evaluate(() => {
    const day = 86_400_000;
    const now = Date.now();
    const at = (days: number | null) => (days === null ? null : new Date(now + days * day).toISOString());
    const rows: [string, number, number | null, number | null][] = [
      ['old', -200, null, null],
      ['soon', -10, 3, null],
      ['expired', -40, -2, null],
      ['gone', -30, null, -1],
    ];
    const tokens = rows.map(([name, created, expires, revoked], i) => ({
      id: crypto.randomUUID(),
      name,
      hash: (i + 1).toString(16).padStart(64, '0'),
      display: `kw_AbC${i}…9xYz`,
      created_at: at(created),
      last_used_at: null,
      revoked_at: at(revoked),
      expires_at: at(expires),
    }));
    localStorage.setItem('keyward.tokens', JSON.stringify({ version: 2, writers: {}, tokens }));
  });
  await page.reload();
  await expect(keysTable(page).getByRole('row')).toHaveCount(4);
}

/** A screen of the app and how to bring it up from a fresh browser context. */
type Screen = { name: string; show: (page: Page, context: BrowserContext) => Promise<void> };

const screens: Screen[] = [
  {
    name: 'empty table',
    show: async (page) => {
      await openApp(page);
      await expect(page.getByText('No API keys yet')).toBeVisible();
    },
  },
  {
    name: 'table with keys',
    show: async (page) => {
      await openApp(page);
      await createKey(page, 'Production');
      await createKey(page, 'CI deploy');
      await expect(keysTable(page).getByRole('row')).toHaveCount(3);
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'the second of several pages of keys',
    show: async (page) => {
      await openApp(page);
      await page.evaluate(() => {
        const tokens = Array.from({ length: 75 }, (_, i) => ({
          id: crypto.randomUUID(),
          name: `key-${i}`,
          hash: (i + 1).toString(16).padStart(64, '0'),
          display: 'kw_AbC1…9xYz',
          created_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
          last_used_at: null,
          revoked_at: null,
          expires_at: null,
        }));
        localStorage.setItem('keyward.tokens', JSON.stringify({ version: 2, writers: {}, tokens }));
      });
      await page.reload();
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next page' }).click();
      await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 2 of 2');
    },
  },
  {
    name: 'a search that finds nothing',
    show: async (page) => {
      await openApp(page);
      await createKey(page, 'Production');
      await page.getByRole('searchbox', { name: 'Search keys' }).fill('staging');
      await expect(page.getByText('No keys match')).toBeVisible();
    },
  },
  {
    name: 'create dialog with a validation error and the counter over the limit',
    show: async (page) => {
      await openApp(page);
      await page.getByRole('button', { name: 'Create new secret key' }).click();
      const name = page.getByRole('dialog', { name: 'Create new secret key' }).getByRole('textbox', { name: 'Name' });
      await name.fill('a name that is far too long');
      await name.press('Enter');
      await expect(name).toHaveAccessibleDescription(/Name must be at most/);
      await expect(page.locator('.counter.over')).toBeVisible();
    },
  },
  {
    name: 'table with keys, a Revoke button hovered',
    show: async (page) => {
      await openApp(page);
      await createKey(page, 'Production');
      await keysTable(page).getByRole('button', { name: 'Revoke Production', exact: true }).hover();
    },
  },
  {
    name: 'reveal dialog after Copy, Done hovered',
    show: async (page, context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await openApp(page);
      await createAndReveal(page, 'Shown once');
      const reveal = page.getByRole('dialog', { name: 'Save your key' });
      await reveal.getByRole('button', { name: 'Copy' }).click();
      await expect(reveal.getByRole('status')).toHaveText('Copied to clipboard.');
      await reveal.getByRole('button', { name: 'Done' }).hover();
    },
  },
  {
    name: 'verify dialog with a valid and then a malformed verdict',
    show: async (page) => {
      await openApp(page);
      const key = await createKey(page, 'Checked');
      await page.getByRole('button', { name: 'Verify a key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Verify a key' });
      await dialog.getByLabel('Key to verify').fill(key);
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await expect(dialog.getByRole('status')).toContainText('Valid');
      await dialog.getByLabel('Key to verify').fill(key.slice(0, -1));
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await expect(dialog.getByRole('status')).toContainText('Malformed');
    },
  },
  {
    name: 'keys of every status, two ticked, sorted by name',
    show: async (page) => {
      await openApp(page);
      await storeStatuses(page);
      await keysTable(page).getByRole('button', { name: 'Name', exact: true }).click();
      await keysTable(page).getByRole('checkbox', { name: 'Select soon' }).check();
      await keysTable(page).getByRole('checkbox', { name: 'Select old' }).check();
      await expect(page.getByText('2 keys selected')).toBeVisible();
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'revoked keys listed, a Delete button hovered',
    show: async (page) => {
      await openApp(page);
      await storeStatuses(page);
      await page.getByRole('combobox', { name: 'Status' }).selectOption('Revoked');
      await keysTable(page).getByRole('button', { name: 'Delete gone', exact: true }).hover();
    },
  },
  {
    name: 'a filter that lists nothing',
    show: async (page) => {
      await openApp(page);
      await createKey(page, 'fresh');
      await page.getByRole('combobox', { name: 'Status' }).selectOption('Expired');
      await expect(page.getByText('No expired keys')).toBeVisible();
    },
  },
  {
    name: 'create dialog with a custom date in the past',
    show: async (page) => {
      await openApp(page);
      await page.getByRole('button', { name: 'Create new secret key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('dated');
      await dialog.getByRole('radio', { name: 'Custom date' }).check();
      await dialog.getByLabel('Expiration date').fill('2020-01-01');
      await dialog.getByRole('button', { name: 'Create secret key' }).click();
      await expect(dialog.getByText('Choose a date after today.')).toBeVisible();
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'bulk revoke confirmation',
    show: async (page) => {
      await openApp(page);
      await storeStatuses(page);
      await keysTable(page).getByRole('checkbox', { name: 'Select all' }).check();
      await page.getByRole('button', { name: 'Revoke selected' }).click();
      await expect(page.getByRole('dialog', { name: 'Revoke 3 keys?' })).toBeVisible();
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'the undo toast after a revoke, Undo focused',
    show: async (page) => {
      await openApp(page);
      await storeStatuses(page);
      await keysTable(page).getByRole('button', { name: 'Revoke old', exact: true }).click();
      await page.getByRole('dialog', { name: 'Revoke old?' }).getByRole('button', { name: 'Revoke key' }).click();
      await page.getByRole('button', { name: 'Undo' }).focus();
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'revoke confirmation',
    show: async (page) => {
      await openRevokeDialog(page, 'doomed');
      await page.mouse.move(0, 0);
    },
  },
  {
    name: 'revoke confirmation with its error, Revoke key hovered',
    show: async (page, context) => {
      const confirm = await openRevokeDialog(page, 'doomed');
      // Another tab revokes the key first, so confirming here fails and says why.
      const other = await context.newPage();
      await openApp(other);
      await keysTable(other).getByRole('button', { name: 'Revoke doomed', exact: true }).click();
      await other.getByRole('dialog', { name: 'Revoke doomed?' }).getByRole('button', { name: 'Revoke key' }).click();
      await other.close();
      await expect(page.getByText('No API keys yet')).toBeVisible();
      await confirm.getByRole('button', { name: 'Revoke key' }).click();
      await expect(confirm.locator('.field-error')).not.toBeEmpty();
      await confirm.getByRole('button', { name: 'Revoke key' }).hover();
    },
  },
  {
    name: 'unreadable storage banner',
    show: openWithUnreadableStore,
  },
  {
    name: 'set-aside notice after Start fresh',
    show: async (page) => {
      await openWithUnreadableStore(page);
      await page.getByRole('button', { name: 'Start fresh' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'set aside' })).toBeVisible();
    },
  },
  {
    name: 'memory-only warning',
    show: async (page) => {
      await blockStorage(page);
      await openApp(page);
      await expect(page.getByRole('alert')).toContainText('Nothing will be kept after this visit.');
    },
  },
  {
    name: 'upgrade notice when the upgrade cannot be saved',
    show: async (page) => {
      await openApp(page);
      await createKey(page, 'from v1');
      // A version 1 document in a full storage: it is read, but its upgrade cannot be written.
      await page.evaluate((key) => {
        const current = JSON.parse(localStorage.getItem(key)!);
        const tokens = current.tokens.map(({ expires_at: _, ...rest }: Record<string, unknown>) => rest);
        localStorage.setItem(key, JSON.stringify({ version: 1, tokens }));
      }, TOKENS);
      await fillStorage(page);
      await page.reload();
      await expect(page.getByRole('status').filter({ hasText: 'the conversion could not be saved' })).toBeVisible();
    },
  },
];

/** Fails unless the page shows the theme of `scheme`: a dark run must not test the light theme. */
async function expectTheme(page: Page, scheme: Scheme) {
  const state = await page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
    return {
      prefersDark: matchMedia('(prefers-color-scheme: dark)').matches,
      background: `rgb(${r}, ${g}, ${b})`,
      lightBackground: (r + g + b) / 3 > 128,
    };
  });
  expect(state.prefersDark, 'prefers-color-scheme: dark').toBe(scheme === 'dark');
  expect(state.lightBackground, `the page background ${state.background} in the ${scheme} scheme`).toBe(
    scheme === 'light',
  );
}

/** One violation as a person reads it: rule, impact, and each element with what is wrong. */
function explain(violation: Result): string {
  const nodes = violation.nodes.map((node) => {
    const summary = (node.failureSummary ?? '').replace(/\n/g, '\n      ');
    return `  at ${node.target.join(' ')}\n      ${summary}`;
  });
  return [`[${violation.id}] (${violation.impact}) ${violation.help}`, ...nodes].join('\n');
}

/** Runs axe on the whole page against the WCAG A and AA rules and fails on any violation. */
async function expectNoViolations(page: Page, testInfo: TestInfo) {
  // Colours are judged as they settle: a button just enabled (say, after Start fresh) is still
  // fading from its disabled grey for 120 ms, and axe would measure it half-way.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  // Evaluated through the DevTools protocol, not as a <script>: the page's CSP stays untouched.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => (window as unknown as WithAxe).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    }),
    WCAG_TAGS,
  );
  await testInfo.attach('axe-results.json', { body: JSON.stringify(results, null, 2), contentType: 'application/json' });
  const report = results.violations.map(explain).join('\n\n');
  expect(results.violations.length, `axe found violations:\n\n${report}\n`).toBe(0);
}

/** What `contrastOf` measures: an element's text, its placeholder, or its focus outline. */
type Ink = 'text' | 'placeholder' | 'outline' | 'border';

/** The contrast of an element's ink against what is behind it, as the eye sees it: transparent
 *  backgrounds are looked through and the element's own opacity is applied. An outline is drawn
 *  beside the element, so it is measured against the parent's background. */
async function contrastOf(element: Locator, ink: Ink): Promise<number> {
  await element.page().evaluate(AXE_SOURCE);
  return element.evaluate((el, ink) => {
    const { Color, flattenColors, getContrast } = (window as unknown as WithAxe).axe.commons.color;
    const parse = (css: string) => {
      const color = new Color();
      color.parseString(css);
      return color;
    };
    const behind = (from: Element | null) => {
      const layers: AxeColor[] = [];
      for (let node = from; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color.alpha > 0) layers.push(color);
        if (color.alpha === 1) break;
      }
      return layers.reduceRight((under, over) => flattenColors(over, under), new Color(255, 255, 255, 1));
    };
    if (ink === 'outline' && !el.matches(':focus-visible')) throw new Error('the element shows no focus ring');
    if (ink === 'border') {
      // A control's outline is seen against what surrounds it.
      return getContrast(behind(el.parentElement), flattenColors(parse(getComputedStyle(el).borderTopColor), behind(el.parentElement)));
    }
    const style = getComputedStyle(el, ink === 'placeholder' ? '::placeholder' : null);
    const under = behind(el.parentElement);
    const own = ink === 'outline' ? under : flattenColors(parse(getComputedStyle(el).backgroundColor), under);
    const inkColor = flattenColors(parse(ink === 'outline' ? style.outlineColor : style.color), own);
    // Opacity fades the ink and the element's own background alike into what is under them.
    const opacity = Number(getComputedStyle(el).opacity);
    const fade = (color: AxeColor) => flattenColors(new Color(color.red, color.green, color.blue, opacity), under);
    return getContrast(fade(own), fade(inkColor));
  }, ink);
}

/** The colours axe does not measure: placeholder text, focus rings, the outline that marks a
 *  text field (WCAG 1.4.11, 3:1) and disabled buttons. */
async function expectLegibleExtras(page: Page) {
  await openApp(page);
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const name = page.getByRole('dialog', { name: 'Create new secret key' }).getByRole('textbox', { name: 'Name' });
  expect.soft(await contrastOf(name, 'placeholder'), 'placeholder text').toBeGreaterThanOrEqual(4.5);
  expect.soft(await contrastOf(name, 'outline'), 'focus ring of a field in a dialog').toBeGreaterThanOrEqual(3);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).focus();
  expect.soft(await contrastOf(name, 'border'), 'the border of a text field').toBeGreaterThanOrEqual(3);
  await page.keyboard.press('Escape');

  await openWithUnreadableStore(page);
  const create = page.getByRole('button', { name: 'Create new secret key' });
  await expect(create).toBeDisabled();
  expect.soft(await contrastOf(create, 'text'), 'a disabled primary button').toBeGreaterThanOrEqual(4.5);
  // A key press first, so that focus from a script shows its ring as focus from the keyboard does.
  await page.keyboard.press('Shift');
  const download = page.getByRole('button', { name: 'Download backup' });
  await download.focus();
  expect.soft(await contrastOf(download, 'outline'), 'focus ring on the error banner').toBeGreaterThanOrEqual(3);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      test.describe(`${width} px`, () => {
        test.use({ viewport: { width, height: 800 } });
        for (const screen of screens) {
          test(screen.name, async ({ page, context }, testInfo) => {
            await screen.show(page, context);
            await expectTheme(page, scheme);
            await expectNoViolations(page, testInfo);
          });
        }
      });
    }

    test('placeholder text, focus rings, field borders and disabled buttons are legible', async ({ page }) => {
      await expectLegibleExtras(page);
      await expectTheme(page, scheme);
    });
  });
}

// The notice of a newer build needs a second deployment, served by the test's own server.
for (const scheme of ['light', 'dark'] as const) {
  deployTest.describe(`${scheme} scheme`, () => {
    deployTest.use({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      deployTest.describe(`${width} px`, () => {
        deployTest.use({ viewport: { width, height: 800 } });
        deployTest('update notice', async ({ page, site }, testInfo) => {
          await deployNextBuild(page, site, testInfo.outputPath('next-build'));
          await expectTheme(page, scheme);
          await expectNoViolations(page, testInfo);
        });
      });
    }
  });
}

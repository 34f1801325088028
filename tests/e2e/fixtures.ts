import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

/** Every console error, uncaught exception, Content-Security-Policy violation and request to
 *  another origin, per page; and everything written to the console, to search for secrets. */
export type Problems = {
  errors: string[];
  foreignRequests: string[];
  cspViolations: string[];
  consoleText: string[];
};

export const test = base.extend<{ problems: Problems }>({
  problems: [
    async ({ page, baseURL }, use) => {
      const problems: Problems = { errors: [], foreignRequests: [], cspViolations: [], consoleText: [] };
      const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
      await page.exposeFunction('__reportCspViolation', (text: string) => problems.cspViolations.push(text));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation;
          report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
        });
      });
      page.on('console', (message) => {
        problems.consoleText.push(message.text());
        if (message.type() === 'error') problems.errors.push(message.text());
      });
      page.on('pageerror', (error) => problems.errors.push(error.message));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) {
          problems.foreignRequests.push(request.url());
        }
      });
      await use(problems);
      expect(problems.cspViolations, 'Content-Security-Policy violations').toEqual([]);
      expect(problems.errors, 'console errors or uncaught exceptions').toEqual([]);
      expect(problems.foreignRequests, 'requests that left the origin').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app with empty storage and waits until it has rendered. */
export async function openApp(page: Page) {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
}

/** The "API keys" table. */
export function keysTable(page: Page) {
  return page.getByRole('table', { name: 'API keys' });
}

/** The row of the key named `name`. */
export function row(page: Page, name: string): Locator {
  return keysTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });
}

/** The cell of `name`'s row under the column headed `header` (each cell carries its column's
 *  name for the card layout). */
export function cell(page: Page, name: string, header: string): Locator {
  return row(page, name).locator(`td[data-label="${header}"]`);
}

/** Creates a key through the dialogs and returns the revealed key, leaving the reveal open. */
export async function createAndReveal(page: Page, name: string): Promise<string> {
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create new secret key' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create secret key' }).click();
  const reveal = page.getByRole('dialog', { name: 'Save your key' });
  await expect(reveal).toBeVisible();
  return reveal.getByRole('textbox', { name: 'Secret key' }).inputValue();
}

/** Creates a key and closes the reveal; returns the key. */
export async function createKey(page: Page, name: string): Promise<string> {
  const key = await createAndReveal(page, name);
  await page.getByRole('dialog', { name: 'Save your key' }).getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  return key;
}

/** The masked form shown for a key: prefix, 4 characters, an ellipsis, the last 4. */
export function masked(key: string): string {
  return `${key.slice(0, 7)}…${key.slice(-4)}`;
}

/** Every string the page keeps: all of localStorage and sessionStorage, the URL, the DOM
 *  (including form values, which are not part of the markup), and the document title. */
export async function everythingThePageKeeps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const values: string[] = [location.href, document.title, document.documentElement.outerHTML];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        values.push(key, storage.getItem(key) ?? '');
      }
    }
    document.querySelectorAll('input, textarea').forEach((el) => {
      values.push((el as HTMLInputElement).value);
    });
    values.push(history.state === null ? '' : JSON.stringify(history.state));
    return values;
  });
}

/** Fills this origin's localStorage until not one more character fits. */
export async function fillStorage(page: Page) {
  await page.evaluate(() => {
    let size = 1 << 24;
    let index = 0;
    while (size >= 1) {
      try {
        localStorage.setItem(`filler.${index}`, 'x'.repeat(size));
        index += 1;
      } catch {
        size = Math.floor(size / 2);
      }
    }
  });
}

/** Makes every use of localStorage throw, as a browser does when storage is blocked for a site. */
export async function blockStorage(page: Page) {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
}

/** Counts, in every page of the context opened from now on, the writes to the token
 *  document (read them with `tokenWrites`). */
export async function countTokenWrites(context: BrowserContext) {
  await context.addInitScript(() => {
    const counter = window as unknown as { __tokenWrites: number };
    counter.__tokenWrites = 0;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'keyward.tokens') counter.__tokenWrites += 1;
      return setItem.call(this, key, value);
    };
  });
}

/** How many times this page has written the token document since it loaded. */
export function tokenWrites(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __tokenWrites: number }).__tokenWrites);
}

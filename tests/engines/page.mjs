// What the cross-engine flows say to a page: find things by their role and accessible name,
// as the engine's own accessibility tree computes them (WebDriver's computed role and label),
// act on them as a person would, and wait for what should follow.
import assert from 'node:assert/strict';
import { Keys } from './webdriver.mjs';

/** Where each role's elements may be found; the engine then confirms the role itself. */
const candidates = {
  alert: '[role=alert]',
  button: 'button, [role=button], input[type=button], input[type=submit], summary',
  cell: 'td, [role=cell], [role=gridcell]',
  checkbox: 'input[type=checkbox], [role=checkbox]',
  columnheader: 'th, [role=columnheader]',
  dialog: 'dialog, [role=dialog], [role=alertdialog]',
  group: 'fieldset, [role=group]',
  heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
  link: 'a[href], [role=link]',
  navigation: 'nav, [role=navigation]',
  radio: 'input[type=radio], [role=radio]',
  row: 'tr, [role=row]',
  searchbox: 'input[type=search], [role=searchbox]',
  status: '[role=status], output',
  table: 'table, [role=table], [role=grid]',
  textbox: 'input:not([type]), input[type=text], input[type=password], textarea, [role=textbox]',
};

/** Roles an engine may name differently for the same element. */
const sameRole = {
  cell: ['cell', 'gridcell'],
  dialog: ['dialog', 'alertdialog'],
  status: ['status', 'log'],
  // A search field is a textbox to some engines.
  searchbox: ['searchbox', 'textbox'],
  // A password field has no ARIA role of its own: WebKit calls it a textbox, Firefox gives
  // no role at all (the candidates are text fields, so an empty role is one of them).
  textbox: ['textbox', ''],
};

/** Roles matched by their text rather than the engine's computed name. Screen readers read a
 *  cell's content, but engines disagree on a cell's name: Chromium and Firefox compute it from
 *  the content, WebKitGTK gives none, or the cell's title. */
const namedByText = new Set(['cell', 'columnheader', 'row']);

const normalise = (text) => text.replace(/\s+/g, ' ').trim();

/** Waits until `check` stops throwing, and throws its last error after `timeout` ms. */
export async function eventually(check, { timeout = 5_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, interval));
    }
  }
}

/** Elements found by role and accessible name, within another such set when given. Like
 *  Playwright's locators, it is resolved again each time it is used. */
export class Locator {
  constructor(page, role, name, { exact = true, within = null } = {}) {
    this.page = page;
    this.role = role;
    this.name = name;
    this.exact = exact;
    this.within = within;
  }

  /** What this locator looks for, for messages. */
  toString() {
    const name = this.name === undefined ? '' : ` "${this.name}"`;
    return `${this.within ? `${this.within} › ` : ''}${this.role}${name}`;
  }

  /** Elements of `role` (and `name`) inside this locator's one element. */
  getByRole(role, name, options = {}) {
    return new Locator(this.page, role, name, { ...options, within: this });
  }

  /** Every visible element that matches, in document order. */
  async all() {
    const roots = this.within ? await this.within.all() : [null];
    const found = [];
    for (const root of roots) {
      const elements = await this.page.session.execute(
        `const [root, css] = arguments;
         const hidden = (el) => !el.checkVisibility({ visibilityProperty: true }) ||
           el.closest('[aria-hidden="true"], [inert]') !== null;
         return [...(root ?? document).querySelectorAll(css)].filter((el) => !hidden(el));`,
        root,
        candidates[this.role],
      );
      for (const element of elements) {
        const role = await element.role();
        if (!(sameRole[this.role] ?? [this.role]).includes(role)) continue;
        if (this.name !== undefined) {
          const name = namedByText.has(this.role)
            ? await this.page.session.execute('return arguments[0].textContent', element)
            : await element.label();
          if (!this.matches(normalise(name))) continue;
        }
        found.push(element);
      }
    }
    return found;
  }

  matches(label) {
    if (this.name instanceof RegExp) return this.name.test(label);
    return this.exact ? label === this.name : label.toLowerCase().includes(this.name.toLowerCase());
  }

  /** The one matching element; waits for it, and fails if there are several. */
  one() {
    return eventually(async () => {
      const found = await this.all();
      assert.equal(found.length, 1, `expected one ${this}, found ${found.length}`);
      return found[0];
    });
  }

  /** How many match now. */
  async count() {
    return (await this.all()).length;
  }

  /** Waits until `count` match. */
  expectCount(count) {
    return eventually(async () => assert.equal(await this.count(), count, `count of ${this}`));
  }

  /** Waits until one matches. */
  async expectVisible() {
    await this.one();
  }

  /** Waits until none matches. */
  expectGone() {
    return this.expectCount(0);
  }

  async click() {
    await (await this.one()).click();
  }

  /** Replaces the field's text with `text` as a person would: select all, delete, type.
   *  (WebDriver's own Element Clear also takes focus away, which saves a rename.) */
  async fill(text) {
    const element = await this.one();
    await element.sendKeys(`${Keys.Control}a${Keys.Control}${Keys.Backspace}${text}`);
  }

  /** Presses keys in this element (clicking it first unless it has focus). */
  async press(...keys) {
    const element = await this.one();
    if (!element.is(await this.page.session.activeElement())) await element.click();
    await this.page.session.press(...keys);
  }

  async value() {
    return (await this.one()).property('value');
  }

  async text() {
    return normalise(await this.page.session.execute('return arguments[0].textContent', await this.one()));
  }

  /** Waits until the element's text includes `text`. */
  expectText(text) {
    return eventually(async () => {
      const actual = await this.text();
      assert.ok(actual.includes(text), `${this} says "${actual}", not "${text}"`);
    });
  }

  /** Waits until this element has focus. */
  expectFocused() {
    return eventually(async () => {
      const element = await this.one();
      const active = await this.page.session.activeElement();
      assert.ok(element.is(active), `${this} does not have focus (${await this.page.describeFocus()})`);
    }, { timeout: 2_000 });
  }

  /** The element's texts, one per match (the cells of a row, the headers of a table). */
  async texts() {
    const texts = [];
    for (const element of await this.all()) {
      texts.push(normalise(await this.page.session.execute('return arguments[0].textContent', element)));
    }
    return texts;
  }

  expectTexts(expected) {
    return eventually(async () => assert.deepEqual(await this.texts(), expected, `texts of ${this}`));
  }
}

/** The test page that shows the app in a frame 375 CSS pixels wide: the narrowest window
 *  Firefox and WebKitGTK open is wider (500 and 447 pixels). */
export const NARROW_PAGE = '375.html';
export const narrowPage = `<!doctype html><html lang="en"><title>Keyward at 375 px</title>
<link rel="icon" href="data:,"><body style="margin:0"><iframe title="Keyward" src="./" style="display:block;width:375px;height:760px;border:0"></iframe>`;

/** One tab of an engine, showing Keyward, with the problems it met. */
export class Page {
  constructor(session, server) {
    this.session = session;
    this.server = server;
    this.problems = [];
    this.inFrame = null;
  }

  getByRole(role, name, options) {
    return new Locator(this, role, name, options);
  }

  /** Opens the app and waits until it has rendered. */
  open() {
    return this.arrive(async () => {
      await this.session.navigate(this.server.url);
      this.inFrame = null;
    });
  }

  /** Opens the app in a frame 375 CSS pixels wide; commands go into the frame from now on
   *  (`inFrame` is its element). */
  openNarrow() {
    return this.arrive(async () => {
      await this.session.navigate(new URL(NARROW_PAGE, this.server.url).href);
      [this.inFrame] = await this.session.findAll('iframe');
      await this.session.switchToFrame(this.inFrame);
    });
  }

  reload() {
    return this.arrive(() => this.session.refresh());
  }

  /** Keeps what the page met so far, goes (`go`) to a new page, listens there, and waits
   *  until the app has rendered. */
  async arrive(go) {
    await this.collectProblems();
    await go();
    await this.installProbe();
    await this.getByRole('heading', 'API keys').expectVisible();
  }

  /** Runs a function body in the page. */
  evaluate(script, ...args) {
    return this.session.execute(script, ...args);
  }

  press(...keys) {
    return this.session.press(...keys);
  }

  /** Presses Tab until `locator`'s element has focus; fails after `limit` presses. */
  async tabTo(locator, limit = 30) {
    const target = await locator.one();
    for (let i = 0; i < limit; i++) {
      await this.session.press(Keys.Tab);
      if (target.is(await this.session.activeElement())) return;
    }
    assert.fail(`${locator} was not reached with Tab in ${limit} presses`);
  }

  /** The focused element's role and name, for messages. */
  async describeFocus() {
    const active = await this.session.activeElement();
    if (!active) return 'nothing has focus';
    return `${await active.role()} "${await active.label()}"`;
  }

  /** Records console errors, uncaught exceptions and CSP violations in the page from now on.
   *  Classic WebDriver cannot run a script before the page's own: where the driver has no
   *  BiDi (WebKitGTK's), what happens earlier is caught by the server (CSP reports, failed
   *  requests) and by the app not starting. */
  installProbe() {
    return this.session.execute(`
      if (window.__probe) return;
      const probe = (window.__probe = []);
      const error = console.error;
      console.error = function (...args) { probe.push('console.error: ' + args.join(' ')); return error.apply(this, args); };
      addEventListener('error', (event) => probe.push('uncaught: ' + event.message));
      addEventListener('unhandledrejection', (event) => probe.push('unhandled rejection: ' + event.reason));
      document.addEventListener('securitypolicyviolation', (event) =>
        probe.push('CSP: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline')));`);
  }

  /** Moves what the page and the server saw into `problems`. */
  async collectProblems() {
    const { seen, crashed } = await this.session
      .execute(`const seen = window.__probe ?? [];
                if (window.__probe) window.__probe = [];
                return { seen, crashed: document.body?.textContent.includes('Something went wrong') ?? false };`)
      .catch(() => ({ seen: [], crashed: false }));
    // With BiDi's log the page's console errors are all there already; the probe's would be
    // the same ones twice.
    const fromProbe = this.session.seesErrorsFromStart ? seen.filter((problem) => problem.startsWith('CSP')) : seen;
    this.problems.push(...fromProbe, ...this.session.errors.splice(0));
    if (crashed) this.problems.push('the app crashed ("Something went wrong")');
    this.problems.push(...this.server.cspReports.splice(0).map((report) => `CSP report: ${report}`));
    this.problems.push(...this.server.failedRequests.splice(0).map((request) => `failed request: ${request}`));
  }

  /** Fails if the page met a problem. */
  async expectNoProblems() {
    await this.collectProblems();
    assert.deepEqual(this.problems, [], 'console errors, uncaught exceptions, CSP violations or failed requests');
  }
}

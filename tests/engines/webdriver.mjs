// A small client of the W3C WebDriver protocol (the classic HTTP one), enough for the
// cross-engine flows: every engine's own driver speaks it (geckodriver for Firefox,
// WebKitWebDriver for WebKitGTK), so the flows are written once for all of them. Where the
// driver also speaks WebDriver BiDi (geckodriver), the session listens there for the page's
// errors from its first script on.
import WebSocket from 'ws';

/** The key codes WebDriver uses for keys that are not characters. */
export const Keys = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Escape: '\uE00C',
};

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** An error the driver answered with, naming the command that failed. */
export class WebDriverError extends Error {
  constructor(command, value) {
    super(`${command}: ${value?.error ?? 'error'}: ${value?.message ?? JSON.stringify(value)}`);
    this.code = value?.error;
  }
}

/** One WebDriver session on the driver listening at `driverUrl`. */
export class Session {
  /** Starts a session with `capabilities` (the `alwaysMatch` object). With
   *  `webSocketUrl: true` among them, console errors and uncaught exceptions of every page
   *  gather in `errors` (WebDriver BiDi's log events). */
  static async start(driverUrl, capabilities) {
    const value = await send(driverUrl, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    const session = new Session(driverUrl, value.sessionId, value.capabilities);
    if (typeof value.capabilities.webSocketUrl === 'string') {
      await session.listenForErrors(value.capabilities.webSocketUrl);
    }
    return session;
  }

  constructor(driverUrl, id, capabilities) {
    this.driverUrl = driverUrl;
    this.id = id;
    this.capabilities = capabilities;
    /** Console errors and uncaught exceptions seen through BiDi, not yet collected. */
    this.errors = [];
    /** Whether `errors` sees every page from its start (only with BiDi). */
    this.seesErrorsFromStart = false;
    this.socket = null;
  }

  async listenForErrors(url) {
    const socket = new WebSocket(url);
    await new Promise((opened, failed) => {
      socket.once('open', opened);
      socket.once('error', failed);
    });
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.method === 'log.entryAdded' && message.params.level === 'error') {
        this.errors.push(`${message.params.type}: ${message.params.text}`);
      }
    });
    const subscribed = new Promise((done, failed) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id !== 1) return;
        if (message.type === 'success') done();
        else failed(new WebDriverError('session.subscribe', message));
      });
    });
    socket.send(JSON.stringify({ id: 1, method: 'session.subscribe', params: { events: ['log.entryAdded'] } }));
    await subscribed;
    this.socket = socket;
    this.seesErrorsFromStart = true;
  }

  /** Sends one command of this session. */
  command(method, path, body) {
    return send(this.driverUrl, method, `/session/${this.id}${path}`, body);
  }

  /** Ends the session and closes its browser. */
  async end() {
    this.socket?.close();
    await this.command('DELETE', '');
  }

  /** Opens `url` and waits until it has loaded. */
  navigate(url) {
    return this.command('POST', '/url', { url });
  }

  /** Reloads the page and waits until it has loaded. */
  refresh() {
    return this.command('POST', '/refresh', {});
  }

  /** The address of the page. */
  url() {
    return this.command('GET', '/url');
  }

  /** Runs `script` (a function body, with `arguments`) in the page and returns its value;
   *  elements go in and come out as `Element`s. A returned promise is awaited. */
  async execute(script, ...args) {
    const value = await this.command('POST', '/execute/sync', { script, args: args.map(toWire) });
    return fromWire(this, value);
  }

  /** The elements `css` selects, within `root` when given. */
  async findAll(css, root) {
    const path = root ? `/element/${root.id}/elements` : '/elements';
    const found = await this.command('POST', path, { using: 'css selector', value: css });
    return found.map((reference) => new Element(this, reference[ELEMENT]));
  }

  /** The element that has focus. */
  async activeElement() {
    try {
      return new Element(this, (await this.command('GET', '/element/active'))[ELEMENT]);
    } catch (error) {
      if (error.code === 'no such element') return null;
      throw error;
    }
  }

  /** Presses and releases `keys` one after the other, as a keyboard does; a key given as
   *  an array is a chord (the first ones held while the last is pressed). */
  async press(...keys) {
    const actions = [];
    for (const key of keys) {
      const chord = Array.isArray(key) ? key : [key];
      for (const k of chord) actions.push({ type: 'keyDown', value: k });
      for (const k of [...chord].reverse()) actions.push({ type: 'keyUp', value: k });
    }
    await this.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.command('DELETE', '/actions');
  }

  /** Types `text` character by character into whatever has focus. */
  async type(text) {
    await this.press(...[...text]);
  }

  /** A PNG of the viewport. */
  async screenshot() {
    return Buffer.from(await this.command('GET', '/screenshot'), 'base64');
  }

  /** Sets the size of the browser's window. */
  setWindowSize(width, height) {
    return this.command('POST', '/window/rect', { width, height });
  }

  /** Opens a new tab and returns its handle (the current tab stays current). */
  async newTab() {
    return (await this.command('POST', '/window/new', { type: 'tab' })).handle;
  }

  /** The handle of the current tab. */
  currentTab() {
    return this.command('GET', '/window');
  }

  /** Sends commands into the frame `element` shows, or back to the top page with null. */
  switchToFrame(element) {
    return this.command('POST', '/frame', { id: element ? toWire(element) : null });
  }

  /** The handles of every open tab. */
  tabs() {
    return this.command('GET', '/window/handles');
  }

  /** Closes the current tab. */
  closeTab() {
    return this.command('DELETE', '/window');
  }

  /** Makes the tab with `handle` the one commands go to. */
  switchToTab(handle) {
    return this.command('POST', '/window', { handle });
  }
}

/** An element of the page, by the driver's reference. */
export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  command(method, path, body) {
    return this.session.command(method, `/element/${this.id}${path}`, body);
  }

  /** The role the engine's accessibility tree gives the element. */
  role() {
    return this.command('GET', '/computedrole');
  }

  /** The accessible name the engine computes for the element. */
  label() {
    return this.command('GET', '/computedlabel');
  }

  /** Clicks the element's centre, scrolling it into view, as a pointer would. */
  click() {
    return this.command('POST', '/click', {});
  }

  /** Focuses the element and types `text` into it. */
  sendKeys(text) {
    return this.command('POST', '/value', { text });
  }

  /** A property of the element's DOM object (`value`, `checked`, …). */
  property(name) {
    return this.command('GET', `/property/${encodeURIComponent(name)}`);
  }

  /** Whether the element can be used (not disabled). */
  enabled() {
    return this.command('GET', '/enabled');
  }

  /** Whether this is the same element as `other`. */
  is(other) {
    return other !== null && other.id === this.id;
  }
}

async function send(driverUrl, method, path, body) {
  const response = await fetch(driverUrl + path, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let value;
  try {
    value = JSON.parse(text).value;
  } catch {
    throw new WebDriverError(`${method} ${path}`, { error: `HTTP ${response.status}`, message: text });
  }
  if (!response.ok || (value && typeof value === 'object' && 'error' in value && value.error)) {
    throw new WebDriverError(`${method} ${path}`, value);
  }
  return value;
}

function toWire(value) {
  if (value instanceof Element) return { [ELEMENT]: value.id };
  if (Array.isArray(value)) return value.map(toWire);
  return value;
}

function fromWire(session, value) {
  if (Array.isArray(value)) return value.map((item) => fromWire(session, item));
  if (value && typeof value === 'object') {
    if (ELEMENT in value) return new Element(session, value[ELEMENT]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(session, v)]));
  }
  return value;
}

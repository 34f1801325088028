// Runs every flow of flows.mjs in one engine. Each flow gets its own server on a port of its
// own, so no two flows share an origin: their storage and service workers are apart even in
// one browser. The flows share a browser (starting one takes Firefox seconds); a flow that
// needs another kind (storage turned off) gets its own, and one that fails leaves a fresh one
// to the next. A driver runs one browser at a time.
import { after, before, test } from 'node:test';
import { mkdir, writeFile } from 'node:fs/promises';
import { serveDist } from '../../scripts/serve-dist.mjs';
import { engines, startDriver } from './browsers.mjs';
import { flows, SCREENSHOTS } from './flows.mjs';
import { NARROW_PAGE, narrowPage, Page } from './page.mjs';

/** Declares one test per flow for `engine` (a key of `engines`). */
export function runFlows(engine) {
  const { title } = engines[engine];
  let driver;
  let shared = null;
  before(async () => {
    driver = await startDriver(engine);
  });
  after(async () => {
    await shared?.end().catch(() => {});
    await driver?.stop();
  });

  for (const [index, flow] of flows.entries()) {
    test(`${title}: ${flow.name}`, async (t) => {
      const server = await serveDist({
        port: 0,
        root: process.env.KEYWARD_DIST ?? 'dist',
        lifetime: 300,
        reportCsp: true,
        extraPages: { [NARROW_PAGE]: narrowPage },
      });
      const own = Boolean(flow.storageBlocked);
      let session = null;
      let passed = false;
      try {
        if (own && shared) {
          await shared.end().catch(() => {});
          shared = null;
        }
        session = own ? await driver.newSession({ storageBlocked: true }) : (shared ??= await driver.newSession());
        if (index === 0) t.diagnostic(`${title} ${session.capabilities.browserVersion}`);
        const page = new Page(session, server);
        await session.setWindowSize(1280, 900);
        const note = await flow.run({ page, engine });
        if (note) t.diagnostic(note);
        await page.expectNoProblems();
        passed = true;
      } catch (error) {
        await mkdir(SCREENSHOTS, { recursive: true });
        const shot = await session?.screenshot().catch(() => null);
        if (shot) await writeFile(`${SCREENSHOTS}/${engine}-failed-${index + 1}.png`, shot);
        throw error;
      } finally {
        if (session && (own || !passed)) {
          if (!own) shared = null;
          await session.end().catch(() => {});
        } else if (session) {
          await leaveOneBlankTab(session).catch(async () => {
            shared = null;
            await session.end().catch(() => {});
          });
        }
        await server.close();
      }
    });
  }
}

/** Closes every tab but the first and leaves it on a blank page. */
async function leaveOneBlankTab(session) {
  const [first, ...others] = await session.tabs();
  for (const handle of others) {
    await session.switchToTab(handle);
    await session.closeTab();
  }
  await session.switchToTab(first);
  await session.switchToFrame(null);
  await session.navigate('about:blank');
}

// Runs every flow of flows.mjs in one engine, each in a fresh browser on its own server (a
// port of its own, so no two flows share storage or a service worker).
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
  before(async () => {
    driver = await startDriver(engine);
  });
  after(() => driver?.stop());

  for (const flow of flows) {
    test(`${title}: ${flow.name}`, async (t) => {
      const server = await serveDist({
        port: 0,
        root: process.env.KEYWARD_DIST ?? 'dist',
        lifetime: 300,
        reportCsp: true,
        extraPages: { [NARROW_PAGE]: narrowPage },
      });
      const session = await driver.newSession({ storageBlocked: flow.storageBlocked });
      if (flows.indexOf(flow) === 0) t.diagnostic(`${title} ${session.capabilities.browserVersion}`);
      const page = new Page(session, server);
      try {
        await session.setWindowSize(1280, 900);
        await flow.run({ page, engine });
        await page.expectNoProblems();
      } catch (error) {
        await mkdir(SCREENSHOTS, { recursive: true });
        const shot = await session.screenshot().catch(() => null);
        if (shot) await writeFile(`${SCREENSHOTS}/${engine}-failed-${flows.indexOf(flow) + 1}.png`, shot);
        throw error;
      } finally {
        await session.end().catch(() => {});
        await server.close();
      }
    });
  }
}

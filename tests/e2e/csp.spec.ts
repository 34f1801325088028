import { test, expect, openApp, createKey } from './fixtures';

test('the page carries a strict Content-Security-Policy and a no-referrer policy', async ({ page }) => {
  await openApp(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(
    policy!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['script-src'].slice(0, 2)).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  for (const source of directives['script-src'].slice(2)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  expect(policy).not.toContain('unsafe-inline');
  expect(directives['connect-src']).toEqual(["'self'"]);
  expect(directives['worker-src']).toEqual(["'self'"]);
  expect(directives['manifest-src']).toEqual(["'self'"]);
  expect(directives['object-src']).toEqual(["'none'"]);
  expect(directives['base-uri']).toEqual(["'self'"]);
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
});

test('injected inline scripts and handlers are blocked and reported', async ({ page, problems }) => {
  await openApp(page);
  await createKey(page, 'csp');
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.handlerRan = true');
    img.src = 'data:,not-an-image';
    document.body.append(img);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const w = window as unknown as { inlineRan?: boolean; handlerRan?: boolean };
    return { inline: w.inlineRan ?? false, handler: w.handlerRan ?? false };
  });
  expect(ran).toEqual({ inline: false, handler: false });
  await expect.poll(() => problems.cspViolations.length).toBeGreaterThanOrEqual(2);
  expect(problems.cspViolations.join('\n')).toMatch(/script-src/);
  // These violations were the point of this test.
  problems.cspViolations.length = 0;
  problems.errors.splice(0, problems.errors.length, ...problems.errors.filter((e) => !/Content Security Policy/.test(e)));
});

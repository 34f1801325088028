import { test, expect, openApp, keysTable, createKey, createAndReveal } from './fixtures';

for (const width of [375, 1280]) {
  test(`looks right at ${width} px: no horizontal scrolling, screenshots saved`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 800 });
    await openApp(page);
    await page.screenshot({ path: testInfo.outputPath(`empty-${width}.png`), fullPage: true });

    await createKey(page, 'Production');
    await createKey(page, 'CI deploy');
    await createKey(page, 'A much longer name');
    await expect(keysTable(page).getByRole('row')).toHaveCount(4);

    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'the page must not scroll sideways').toBeLessThanOrEqual(0);

    const table = await page.screenshot({ path: testInfo.outputPath(`table-${width}.png`), fullPage: true });
    await testInfo.attach(`table-${width}`, { body: table, contentType: 'image/png' });

    await createAndReveal(page, 'Shown once');
    const reveal = await page.screenshot({ path: testInfo.outputPath(`reveal-${width}.png`) });
    await testInfo.attach(`reveal-${width}`, { body: reveal, contentType: 'image/png' });
    const dialogBox = await page.getByRole('dialog', { name: 'Save your key' }).boundingBox();
    expect(dialogBox!.x).toBeGreaterThanOrEqual(0);
    expect(dialogBox!.x + dialogBox!.width).toBeLessThanOrEqual(width);
  });
}

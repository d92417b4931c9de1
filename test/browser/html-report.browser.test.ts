/**
 * The HTML report in Chromium: its Content-Security-Policy lets exactly its own inline style and filter script run
 * (their hashes match), reports no violation, and blocks a script that escaped into the page some other way.
 */
import type { Browser, Page } from 'playwright-core';
import { toHtml } from '../../src/core/export/html';
import { sampleReport } from '../fixtures/sample-report';
import { launchBrowser } from './chromium';

jest.setTimeout(120_000);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the page as a file would open (no server, no origin to load from) and collects CSP violations. */
async function open(html: string): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, violations };
}

describe('the HTML report under its Content-Security-Policy', () => {
  it('applies its own style and runs its own filter script, with no violation', async () => {
    const { page, violations } = await open(toHtml(sampleReport()));
    // The script shows the filter bar and counts the cards; the style colours the header's accent.
    expect(await page.locator('#filters').isHidden()).toBe(false);
    expect(await page.locator('#filter-count').textContent()).toBe('4 of 4 shown');
    expect(await page.locator('.top').evaluate((element) => getComputedStyle(element).borderTopColor)).toBe('rgb(0, 120, 212)');
    await page.locator('#filter-text').fill('release-311');
    expect(await page.locator('#filter-count').textContent()).toBe('1 of 4 shown');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('blocks any other script, inline or handler, that found its way into the page', async () => {
    const tampered = toHtml(sampleReport()).replace(
      '</main>',
      '<script>window.injected = true</script><img src="x" onerror="window.handler = true"></main>',
    );
    const { page, violations } = await open(tampered);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected ?? false)).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { handler?: boolean }).handler ?? false)).toBe(false);
    expect(violations.length).toBeGreaterThan(0);
    // The report's own script still ran.
    expect(await page.locator('#filter-count').textContent()).toBe('4 of 4 shown');
    await page.close();
  });
});

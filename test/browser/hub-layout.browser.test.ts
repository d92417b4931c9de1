/**
 * The hub's layout and its view in the address (issue 13), in Chromium over the demo organization: at 1024 px one
 * scroll area whose table header sticks and whose first columns stay pinned, every filter in reach, whole labels and
 * named verdict icons; the window, filters, sort and open deployment through a reload and a copied link; results of
 * another window dimmed under "Refresh to apply", exported as STALE; saved settings applied without a request.
 */
import * as fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { frameElement, waitForAudit } from './audit';
import { contributionFrame, screenshot, startHarness, type Harness } from './harness';

let h: Harness;

// The day fields are named by their form labels (From, Through) for Playwright; their own labels say the format.
const FIRST_DAY = 'input[aria-label="First day (YYYY-MM-DD)"]';
const LAST_DAY = 'input[aria-label="Last day (YYYY-MM-DD)"]';

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The frame of the contribution after the host page loaded again. */
async function reloaded(page: Page): Promise<Frame> {
  await page.reload();
  await page.waitForSelector('#frame-host[data-state="ready"]', { timeout: 30_000 });
  return contributionFrame(page, h.sim.extensionBaseUri);
}

const box = async (frame: Frame, selector: string) => {
  const rect = await frame.locator(selector).first().evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
  return rect;
};

async function download(page: Page, frame: Frame, format: string): Promise<string> {
  await frame.getByRole('button', { name: 'Export' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), frame.getByRole('menuitem', { name: format }).click()]);
  const target = `${h.dataFile}.layout.${format}`;
  await file.saveAs(target);
  return fs.readFileSync(target, 'utf8');
}

describe('hub layout at 1024 px', () => {
  let page: Page;
  let frame: Frame;

  beforeAll(async () => {
    ({ page, frame } = await h.open({ view: 'hub', user: 'director', viewport: { width: 1024, height: 768 } }));
    await waitForAudit(frame);
  });

  it('has one scroll area, the page, and a virtualized table without a scroll box of its own', async () => {
    const scrollers = await frame.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('body *'))
        .filter((element) => {
          const style = getComputedStyle(element);
          const scrolls = (overflow: string) => overflow === 'auto' || overflow === 'scroll';
          return (scrolls(style.overflowY) && element.scrollHeight > element.clientHeight + 1) || (scrolls(style.overflowX) && element.scrollWidth > element.clientWidth + 1);
        })
        .map((element) => element.className),
    );
    expect(scrollers).toHaveLength(1);
    expect(scrollers[0]).toContain('bolt-page');
    const { rendered, total } = await frame.evaluate(() => ({
      rendered: document.querySelectorAll('.da-table tr.bolt-table-row').length,
      total: Number(/of ([\d,]+)/.exec(document.querySelector('.da-table-caption')?.textContent ?? '')?.[1]?.replace(/,/g, '')),
    }));
    expect(total).toBeGreaterThan(200);
    expect(rendered).toBeLessThan(total);
  });

  it('puts every filter within reach, and labels the columns whole, once each', async () => {
    const width = await frame.evaluate(() => window.innerWidth);
    const filters: Record<string, number[]> = {};
    for (const name of ['Environment', 'Pipeline', 'Person', 'Status']) {
      // In the frame's own coordinates (a bounding box is the host page's).
      const rect = await frame
        .locator('.da-filters')
        .getByRole('button', { name, exact: true })
        .evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
      filters[name] = [Math.round(rect.left), Math.round(rect.right)];
    }
    for (const [name, [left, right]] of Object.entries(filters)) {
      expect({ name, left: left >= 0, right: right <= width, filters }).toEqual({ name, left: true, right: true, filters });
    }
    const keyword = await frame
      .getByPlaceholder('Filter by person, pipeline, run, branch, pull request…')
      .evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
    expect(keyword.left).toBeGreaterThanOrEqual(0);
    expect(keyword.right).toBeLessThanOrEqual(width);
    await frame.locator('.da-filters').getByRole('button', { name: 'Status', exact: true }).click();
    await frame.getByRole('option', { name: 'Any control: Fail' }).waitFor();
    await page.keyboard.press('Escape');

    const headers = await frame.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.da-table th[role="columnheader"]')).map((th) => {
        const text = th.querySelector<HTMLElement>('.bolt-table-header-cell-text')!;
        return { name: th.textContent ?? '', cut: text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1 };
      }),
    );
    expect(headers.filter((header) => header.cut)).toEqual([]);
    expect(new Set(headers.map((header) => header.name)).size).toBe(headers.length);
    expect(headers.slice(0, 2).map((header) => header.name)).toEqual(['Overall', 'Pipeline and run']);
    // The pinned Overall cells say their verdict whole ("2 failing").
    const cutOverall = await frame.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.da-table td.da-pin-first .text-ellipsis'))
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
        .map((cell) => cell.textContent),
    );
    expect(cutOverall).toEqual([]);

    const verdicts = await frame.evaluate(() =>
      Array.from(document.querySelector('.da-table tr.bolt-table-row')!.querySelectorAll<HTMLElement>('.da-verdict')).map((icon) => [
        icon.getAttribute('role'),
        icon.getAttribute('aria-label'),
        icon.getAttribute('title'),
      ]),
    );
    expect(verdicts.length).toBeGreaterThanOrEqual(6);
    for (const [role, label, title] of verdicts) {
      expect(role).toBe('img');
      expect(label).toMatch(/^[A-Z].*: (Pass|Fail|Unknown|Not applicable)$/);
      expect(title).toBe(label);
    }
  });

  it('keeps the header in view down the table and the first columns in view across it', async () => {
    const header = '.da-table th[role="columnheader"]';
    const before = await box(frame, header);
    await frame.locator('.bolt-page').evaluate((pageElement) => pageElement.scrollBy(0, 2_000));
    await frame.waitForTimeout(200);
    const after = await box(frame, header);
    expect(before.top).toBeGreaterThan(100);
    expect(after.top).toBeGreaterThanOrEqual(-1);
    expect(after.top).toBeLessThan(4);
    // Rows far down the table are drawn (virtualized against the page's scroll).
    const firstDrawn = await frame.evaluate(() => Number(document.querySelector('.da-table tr.bolt-table-row')?.getAttribute('data-row-index')));
    expect(firstDrawn).toBeGreaterThan(0);
    await screenshot(page, 'hub-1024-scrolled-down');

    await frame.locator('.bolt-page').evaluate((pageElement) => pageElement.scrollTo(pageElement.scrollWidth, 1_500));
    await frame.waitForTimeout(200);
    const scrolled = await frame.locator('.bolt-page').evaluate((pageElement) => pageElement.scrollLeft);
    expect(scrolled).toBeGreaterThan(300);
    const overall = await box(frame, '.da-table td.da-pin-first');
    const pipeline = await box(frame, '.da-table td.da-pin-second');
    expect(Math.abs(overall.left)).toBeLessThan(2);
    expect(Math.abs(pipeline.left - overall.right)).toBeLessThan(2);
    // The last column is now in view too, and the filters have stayed at the left.
    const tests = await box(frame, '.da-table th[role="columnheader"]:nth-last-of-type(2)');
    expect(tests.right).toBeLessThanOrEqual(1024);
    const filters = await box(frame, '.da-filters');
    expect(filters.left).toBeGreaterThanOrEqual(0);
    expect(filters.left).toBeLessThan(40);
    await screenshot(frameElement(page), 'screenshot-hub-1024', true);
    await frame.locator('.bolt-page').evaluate((pageElement) => pageElement.scrollTo(0, 0));
  });
});

describe('hub view in the address', () => {
  it('keeps the window, filters, sort and open deployment through a reload, and a copied link shows the same view', async () => {
    const { context, page, frame } = await h.open({ view: 'hub', user: 'director' });
    await waitForAudit(frame);
    await frame.getByRole('button', { name: 'Window', exact: true }).click();
    await frame.getByText('Custom dates', { exact: true }).click();
    await frame.locator(FIRST_DAY).fill('2026-11-10');
    await frame.locator(LAST_DAY).fill('2026-11-20');
    await frame.getByRole('button', { name: 'Refresh to apply' }).click();
    await waitForAudit(frame);
    await frame.getByPlaceholder('Filter by person, pipeline, run, branch, pull request…').fill('shop-api');
    await frame.locator('th[role="columnheader"]', { hasText: 'Environment' }).click();
    await frame.waitForFunction(() => document.querySelector('th[aria-sort]')?.textContent === 'Environment');
    const caption = (await frame.locator('.da-table-caption').textContent())!.trim();
    const firstRun = (await frame.locator('.da-table tr.bolt-table-row').first().locator('td').nth(1).textContent())!;
    await frame.locator('.da-table tr.bolt-table-row').first().click();
    const title = (await frame.getByRole('dialog').locator('.bolt-panel-header, .bolt-header-title').first().textContent())!;
    await page.waitForFunction(() => /open=/.test(window.location.hash));
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    expect(hash.get('w')).toBe('2026-11-10..2026-11-20');
    expect(hash.get('q')).toBe('shop-api');
    expect(hash.get('sort')).toBe('environment:asc');
    expect(hash.get('open')).toBeTruthy();

    const check = async (view: Frame) => {
      await waitForAudit(view);
      expect(await view.locator(FIRST_DAY).inputValue()).toBe('2026-11-10');
      expect(await view.locator(LAST_DAY).inputValue()).toBe('2026-11-20');
      expect(await view.locator('.da-audit-scope').textContent()).toContain('10 Nov 2026 to 20 Nov 2026 (UTC)');
      expect(await view.getByPlaceholder('Filter by person, pipeline, run, branch, pull request…').inputValue()).toBe('shop-api');
      expect((await view.locator('.da-table-caption').textContent())!.trim()).toBe(caption);
      expect(await view.locator('th[aria-sort]').textContent()).toBe('Environment');
      expect(await view.locator('.da-table tr.bolt-table-row').first().locator('td').nth(1).textContent()).toBe(firstRun);
      expect(await view.getByRole('dialog').locator('.bolt-panel-header, .bolt-header-title').first().textContent()).toBe(title);
    };
    const again = await reloaded(page);
    await check(again);
    await page.keyboard.press('Escape');
    await again.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => !/open=/.test(window.location.hash));

    // Copy link: the clipboard where the frame may write it, else the link shown to copy by hand.
    await again.getByRole('dialog').waitFor({ state: 'detached' });
    await again.locator('.da-table tr.bolt-table-row').first().click();
    await page.waitForFunction(() => /open=/.test(window.location.hash));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !/open=/.test(window.location.hash));
    await again.getByRole('button', { name: 'Copy link' }).click();
    const field = again.getByLabel('Link to this view (copy it)');
    await Promise.race([field.waitFor(), again.getByRole('button', { name: /Link copied/ }).waitFor()]);
    const link = (await field.count()) ? await field.inputValue() : await again.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(page.url());
    expect(link).toContain('w=2026-11-10..2026-11-20');

    const colleague = await context.newPage();
    await colleague.goto(link);
    await colleague.waitForSelector('#frame-host[data-state="ready"]', { timeout: 30_000 });
    const theirs = await contributionFrame(colleague, h.sim.extensionBaseUri);
    await waitForAudit(theirs);
    expect(await theirs.locator('.da-audit-scope').textContent()).toContain('10 Nov 2026 to 20 Nov 2026 (UTC)');
    expect((await theirs.locator('.da-table-caption').textContent())!.trim()).toBe(caption);
    expect(await theirs.locator('th[aria-sort]').textContent()).toBe('Environment');
  });
});

describe('stale results', () => {
  it('dims results of another window under "Refresh to apply", and their export says STALE', async () => {
    const { page, frame } = await h.open({ view: 'hub', user: 'director' });
    await waitForAudit(frame);
    await frame.getByRole('button', { name: 'Window', exact: true }).click();
    await frame.getByText('Last quarter', { exact: true }).click();
    const banner = frame.locator('.da-stale-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('These results are of 1 Nov 2026 to 30 Nov 2026 (UTC)');
    expect(await banner.textContent()).toContain('the window on screen is 1 Jul 2026 to 30 Sep 2026 (UTC)');
    expect(await frame.locator('.da-results').getAttribute('data-stale')).toBe('true');
    expect(await frame.locator('.da-table-card').evaluate((card) => Number(getComputedStyle(card).opacity))).toBeLessThan(1);
    await screenshot(page, 'hub-stale');

    const json = JSON.parse(await download(page, frame, 'JSON')) as { manifest: { stale?: { text: string } } };
    expect(json.manifest.stale?.text).toContain('the window on screen is 1 Jul 2026 to 30 Sep 2026 (UTC)');
    const csv = await download(page, frame, 'CSV');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^"STALE: These results are of 1 Nov 2026 to 30 Nov 2026 \(UTC\).*Refresh to apply\."$/);

    // Back to the audited window: the results answer the screen again.
    await frame.getByRole('button', { name: 'Window', exact: true }).click();
    await frame.getByText('Last 30 days', { exact: true }).click();
    await banner.waitFor({ state: 'detached' });
  });

  it('applies saved settings to the collected evidence at once, without a request', async () => {
    const { frame } = await h.open({ view: 'hub', user: 'director' });
    await waitForAudit(frame);
    const requests = h.ado.requests.length;
    expect(await frame.locator('.da-table th[role="columnheader"]', { hasText: 'Work item' }).count()).toBe(1);
    await frame.getByRole('button', { name: 'Settings' }).click();
    const panel = frame.getByRole('dialog');
    await panel.getByRole('switch', { name: 'Work item linked' }).click();
    await panel.getByRole('button', { name: 'Save' }).click();
    await frame.locator('.da-table th[role="columnheader"]', { hasText: 'Work item' }).waitFor({ state: 'detached' });
    expect(await frame.locator('.da-stale-banner').count()).toBe(0);
    expect(h.ado.requests.length).toBe(requests);
    // Restore the defaults for the tests after.
    await panel.getByRole('switch', { name: 'Work item linked' }).click();
    await panel.getByRole('button', { name: 'Save' }).click();
    await frame.locator('.da-table th[role="columnheader"]', { hasText: 'Work item' }).waitFor();
  });
});

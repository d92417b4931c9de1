/**
 * The hub's Trends and People views (issue 13) in the real bundle, host simulator and Chromium: the trend chart in
 * the light and the dark theme, with a bar or dash per ISO week of the window, its accessible name holding the
 * command line's figures and its colours from the host's theme; the People view listing the approvers with the
 * command line's counts; a person chosen there and "Approved by me" filtering the table for the signed-in director.
 */
import type { Frame, Page } from 'playwright-core';
import { toHtml } from '../../src/core/export/html';
import { computeTrends, trendChartLabel } from '../../src/core/trends';
import { sampleReport } from '../fixtures/sample-report';
import { caption, cliJson, frameElement, waitForAudit, waitForShown, type ReportJson } from './audit';
import { screenshot, startHarness, type Harness } from './harness';

let h: Harness;
let report: ReportJson;

beforeAll(async () => {
  h = await startHarness();
  report = await cliJson(h);
});

afterAll(async () => {
  await h?.close();
});

interface Approval {
  approver: { id: string; displayName: string; uniqueName: string };
  status: string;
  automated: boolean;
}
type Deployment = ReportJson['deployments'][number] & { evidence?: { approvals: Approval[] } };

/** The deployments each person approved, by unique name, as the command line's evidence records them. */
function approvedCounts(): Map<string, { name: string; count: number }> {
  const counts = new Map<string, { name: string; count: number }>();
  for (const deployment of report.deployments as Deployment[]) {
    const approvers = new Set(
      (deployment.evidence?.approvals ?? []).filter((a) => a.status === 'approved' && !a.automated).map((a) => a.approver.uniqueName.toLowerCase()),
    );
    for (const approval of deployment.evidence?.approvals ?? []) {
      const key = approval.approver.uniqueName.toLowerCase();
      if (!approvers.has(key)) continue;
      approvers.delete(key);
      const entry = counts.get(key) ?? { name: approval.approver.displayName, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  return counts;
}

async function openTrends(theme: 'light' | 'dark'): Promise<{ page: Page; frame: Frame }> {
  const { page, frame } = await h.open({ view: 'hub', user: 'director', theme, viewport: { width: 1440, height: 1300 } });
  await waitForAudit(frame);
  await frame.getByRole('tab', { name: 'Trends' }).click();
  await frame.locator('svg.da-trend-chart').waitFor();
  return { page, frame };
}

/** The chart's name, weeks, and the colours it is drawn in, beside the theme's own variables. */
const chartFacts = (frame: Frame) =>
  frame.evaluate(() => {
    const chart = document.querySelector('svg.da-trend-chart')!;
    const style = getComputedStyle(document.body);
    const bar = chart.querySelector('rect.da-trend-bar:not(.partial)') ?? chart.querySelector('rect.da-trend-bar')!;
    const axis = chart.querySelector('text.da-trend-axis')!;
    return {
      role: chart.getAttribute('role'),
      label: chart.getAttribute('aria-label'),
      weeks: Array.from(chart.querySelectorAll('.da-trend-week')).map((week) => week.getAttribute('data-week')),
      bars: chart.querySelectorAll('rect.da-trend-bar').length,
      barFill: getComputedStyle(bar).fill,
      axisFill: getComputedStyle(axis).fill,
      themeAccent: style.getPropertyValue('--communication-background').trim(),
      themeSecondary: style.getPropertyValue('--text-secondary-color').trim(),
      body: style.backgroundColor,
      tableWeeks: Array.from(document.querySelectorAll('.da-trend-weeks tbody tr')).map((row) => row.getAttribute('data-week')),
    };
  });

/** rgba(0, 0, 0, .55) and rgba(0, 0, 0, 0.55) are the same colour. */
const colour = (value: string) => value.replace(/\s+/g, '').replace(/,\.(\d)/g, ',0.$1').replace(/^rgba\((\d+,\d+,\d+),1\)$/, 'rgb($1)');

describe('the hub’s views', () => {
  it('charts the share passing every control per ISO week in the light and the dark theme, named with the command line’s figures', async () => {
    // The command line's window is the hub's default: the last 30 days, 2026-11-01 to 2026-11-30.
    const trends = computeTrends(report.deployments, { from: new Date(report.window.from), to: new Date(report.window.to) });
    expect(trends.weeks.map((week) => `${week.week}${week.partial ? '*' : ''}`)).toEqual(['2026-W44*', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49*']);
    expect(trends.deployments).toBe(report.summary.deployments);
    const expectedLabel = trendChartLabel('All deployments: share passing every control, per week', trends.weeks);

    const light = await openTrends('light');
    const dark = await openTrends('dark');
    const seen = { light: await chartFacts(light.frame), dark: await chartFacts(dark.frame) };
    for (const facts of Object.values(seen)) {
      expect(facts.role).toBe('img');
      expect(facts.label).toBe(expectedLabel);
      expect(facts.weeks).toEqual(trends.weeks.map((week) => week.week));
      expect(facts.tableWeeks).toEqual(facts.weeks);
      expect(facts.bars).toBe(trends.weeks.filter((week) => week.deployments > 0).length);
      // Drawn in the host theme's colours, not in fallbacks.
      expect(colour(facts.barFill)).toBe(colour(facts.themeAccent));
      expect(colour(facts.axisFill)).toBe(colour(facts.themeSecondary));
    }
    expect(seen.dark.body).toBe('rgb(30, 30, 30)');
    expect(seen.light.axisFill).not.toBe(seen.dark.axisFill);

    // The table alternative names partial weeks; the environment and pipeline tables are there.
    expect(await light.frame.locator('.da-trend-weeks tr[data-week="2026-W44"] th').textContent()).toBe('2026-W44 (partial: 2026-11-01 – 2026-11-01)');
    expect(await light.frame.getByRole('table', { name: 'Share passing by environment (passed/deployments)' }).count()).toBe(1);
    expect(await light.frame.getByRole('table', { name: 'Share passing by pipeline (passed/deployments)' }).count()).toBe(1);
    await screenshot(frameElement(light.page), 'screenshot-trends', true);
    await screenshot(frameElement(dark.page), 'trends-dark');
    await light.page.context().close();
    await dark.page.context().close();
  });

  it('lists each approver with the deployments they approved; choosing one, and "Approved by me", filter the table for the director', async () => {
    const counts = approvedCounts();
    const me = counts.get('margaret.chen@fabrikam.com');
    expect(me?.count).toBeGreaterThan(0);
    const { page, frame } = await h.open({ view: 'hub', user: 'director', viewport: { width: 1440, height: 1300 } });
    await waitForAudit(frame);
    await frame.getByRole('tab', { name: 'People' }).click();
    const table = frame.locator('.da-people-table');
    await table.waitFor();
    const rows = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ name: tr.querySelector('th')!.textContent, cells: Array.from(tr.querySelectorAll('td')).map((td) => td.textContent) })),
    );
    expect(rows).toContainEqual({ name: 'Margaret Chen (you)', cells: [String(me!.count), expect.any(String)] });
    for (const row of rows) {
      const entry = [...counts.values()].find((candidate) => row.name?.replace(' (you)', '') === candidate.name);
      expect(entry && String(entry.count)).toBe(row.cells[0]);
    }
    expect(rows).toHaveLength(counts.size);
    // Conflicts as the command line's approval-independence verdicts name them: a failing deployment per approver.
    const independence = report.deployments.map((d) => d.controls['approval-independence']).filter((v) => v?.status === 'fail');
    expect(independence.length).toBeGreaterThan(0);
    for (const row of rows) {
      const name = row.name!.replace(' (you)', '');
      const conflicted = independence.filter((verdict) => verdict.reason.includes(`${name} approved`)).length;
      expect(row.cells[1]).toEqual(conflicted ? expect.stringMatching(new RegExp(`^${conflicted} deployments? \\(`)) : 'none');
    }
    expect(rows.some((row) => row.cells[1] !== 'none')).toBe(true);
    await screenshot(frameElement(page), 'screenshot-people', true);

    // A person chosen: the table of the deployments they approved.
    const other = [...counts.entries()].find(([key]) => key !== 'margaret.chen@fabrikam.com')!;
    await frame.getByRole('button', { name: new RegExp(`^Show the .* ${other[1].name} approved$`) }).click();
    await waitForShown(frame, other[1].count);
    expect(await caption(frame)).toEqual({ shown: other[1].count, total: report.summary.deployments });
    expect(await frame.getByRole('status').filter({ hasText: 'Approved by' }).textContent()).toBe(`Approved by ${other[1].name}`);
    await frame.getByRole('button', { name: 'Stop filtering by approver' }).click();
    await waitForShown(frame, report.summary.deployments);

    // Approved by me, in one click.
    await frame.getByRole('button', { name: /^Approved by me/ }).click();
    await waitForShown(frame, me!.count);
    expect(await caption(frame)).toEqual({ shown: me!.count, total: report.summary.deployments });
    expect(await frame.getByRole('button', { name: /^Approved by me/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('draws the HTML report’s trend chart under the report’s Content-Security-Policy, styled by its own stylesheet', async () => {
    const page = await h.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.setContent(toHtml(sampleReport()), { waitUntil: 'load' });
    const chart = page.getByRole('img', { name: /^Share of deployments passing every control, per week, 5 weeks\./ });
    expect(await chart.count()).toBe(1);
    // The bars take the report's accent and the grid its line colour: the stylesheet (allowed by hash) applies to the SVG.
    expect(await page.locator('svg.trend-chart rect.bar:not(.partial)').first().evaluate((bar) => getComputedStyle(bar).fill)).toBe('rgb(0, 120, 212)');
    expect(await page.locator('svg.trend-chart line.grid').first().evaluate((line) => getComputedStyle(line).stroke)).toBe('rgb(237, 235, 233)');
    expect(violations).toEqual([]);
    await page.locator('section.trends').screenshot({ path: require('node:path').join(__dirname, '../output/html-report-trends.png') });
    await page.close();
  });
});

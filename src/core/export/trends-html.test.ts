import type { AuditReport } from '../report';
import { contentSecurityPolicy, toHtml } from './html';
import { trendChartSvg, trendsSection, TRENDS_CSS } from './trends-html';
import { reportTrends } from '../trends';
import { sampleReport } from '../../../test/fixtures/sample-report';

/** The Trends section of a page. */
const section = (html: string): string => html.slice(html.indexOf('<h2>Trends</h2>'), html.indexOf('</section>', html.indexOf('<h2>Trends</h2>')));

describe('the HTML report’s Trends section', () => {
  const report = sampleReport();
  const html = toHtml(report);
  const trends = section(html);

  it('comes after the controls, with a chart of one bar or dash per ISO week of the window, partial weeks marked', () => {
    expect(html.indexOf('<h2>Trends</h2>')).toBeGreaterThan(html.indexOf('<h2>Controls</h2>'));
    expect(html.indexOf('<h2>Trends</h2>')).toBeLessThan(html.indexOf('<h2>Deployments</h2>'));
    // May 2024: Wednesday the 1st (W18, partial) to Friday the 31st (W22, partial).
    const weeks = reportTrends(report)!.weeks;
    expect(weeks.map((week) => `${week.week}${week.partial ? '*' : ''}`)).toEqual(['2024-W18*', '2024-W19', '2024-W20', '2024-W21', '2024-W22*']);
    const titles = [...trends.matchAll(/<title>([^<]*)<\/title>/g)].map((match) => match[1]);
    expect(titles).toHaveLength(5);
    expect(titles[0]).toMatch(/^2024-W18 \(partial: 2024-05-01 – 2024-05-05\): /);
    expect(trends).toContain('>W18*</text>');
    expect(trends).toContain('>W22*</text>');
  });

  it('is an image with a name that holds every week’s figures, and the same figures in a table', () => {
    const label = /<svg class="trend-chart" role="img" aria-label="([^"]*)"/.exec(trends)?.[1];
    expect(label).toMatch(/^Share of deployments passing every control, per week, 5 weeks\. 2024-W18 \(partial: 2024-05-01 – 2024-05-05\): /);
    const weeks = reportTrends(report)!.weeks;
    for (const week of weeks) {
      expect(trends).toContain(`<td>${week.from} – ${week.through}</td><td class="count">${week.deployments}</td><td class="count">${week.passed}</td>`);
    }
    expect(trends).toContain('<caption class="sub">Share passing by environment (passed/deployments)</caption>');
    expect(trends).toContain('<caption class="sub">Share passing by pipeline (passed/deployments)</caption>');
    // The environments of the sample, each a row.
    for (const environment of ['Production', 'prod-westeurope', 'production']) expect(trends).toContain(`<th scope="row">${environment}</th>`);
  });

  it('obeys the report’s Content-Security-Policy: no script, no style attribute, its CSS inside the hashed stylesheet', () => {
    expect(trends).not.toMatch(/\sstyle\s*=/i);
    expect(trends).not.toMatch(/<script|\son[a-z]+\s*=/i);
    expect(html).toContain(`<style>`);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    expect(css.endsWith(TRENDS_CSS)).toBe(true);
    expect(contentSecurityPolicy()).toContain(`'sha256-`);
    // The hash in the page is the hash of the stylesheet with the trends' rules in it.
    expect(html).toContain(contentSecurityPolicy().replace(/'/g, '&#39;'));
  });

  it('escapes environment and pipeline names', () => {
    const hostile: AuditReport = sampleReport();
    hostile.deployments[0].environment = '<img src=x onerror=alert(1)>';
    hostile.deployments[0].pipeline = { id: 1, name: '"><script>alert(1)</script>' };
    const page = trendsSection(hostile);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is left out when the window cannot be read, rather than drawn wrong', () => {
    const edited: AuditReport = { ...sampleReport(), window: { from: 'the first of May', to: '2024-06-01T00:00:00.000Z' } };
    expect(trendsSection(edited)).toBe('');
  });

  it('draws a week without deployments as a dash, not as a bar of 0 %', () => {
    const weeks = reportTrends({ window: { from: '2024-05-06T00:00:00Z', to: '2024-05-20T00:00:00Z' }, deployments: [] })!.weeks;
    const svg = trendChartSvg(weeks);
    expect(svg).not.toContain('<rect');
    expect((svg.match(/class="empty"/g) ?? []).length).toBe(2);
    expect(svg).toContain('<title>2024-W19: no deployments</title>');
  });
});

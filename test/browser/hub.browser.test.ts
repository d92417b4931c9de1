/**
 * The hub, as a person uses it: the production bundle in the host simulator, the real SDK, Chromium. It audits the
 * demo organization and agrees with the command line for the same window, filters and sorts, opens evidence through
 * the host, exports what the command line writes, cancels, shows a reader what it cannot see, and renders dark.
 */
import * as fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { parse } from 'papaparse';
import { caption, checklist, cliFile, cliJson, cliReport, expectedChecklist, frameElement, hubSummary, tableRows, waitForAudit, waitForShown, type ReportJson } from './audit';
import { screenshot, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;
let frame: Frame;
let report: ReportJson;

beforeAll(async () => {
  h = await startHarness();
  // Tall enough for the summary and the first rows of the table in the screenshots.
  [{ page, frame }, report] = await Promise.all([h.open({ view: 'hub', user: 'director', viewport: { width: 1440, height: 1300 } }), cliJson(h)]);
  await waitForAudit(frame);
});

afterAll(async () => {
  await h?.close();
});

/**
 * A report without the moments it was made: when the report was generated and each deployment's evidence read (and
 * so its integrity hash, which covers them).
 */
const withoutTimes = (json: string) => {
  const value = JSON.parse(json) as { generatedAt?: string; integrity?: unknown; deployments: Array<{ capturedAt?: string; evidence?: { capturedAt?: string } }> };
  delete value.generatedAt;
  delete value.integrity;
  for (const deployment of value.deployments) {
    delete deployment.capturedAt;
    delete deployment.evidence?.capturedAt;
  }
  return value;
};

/** A workbook's cell values per sheet, without the time it was generated. */
async function sheets(bytes: Buffer): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const result: Record<string, unknown[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values[0] !== 'Generated at (UTC)') rows.push(values.map((value) => (value instanceof Date ? value.toISOString() : value)));
    });
    result[sheet.name] = rows;
  }
  return result;
}

describe('hub', () => {
  it('loads through the handshake and shows the demo population with the command line\'s counts per control', async () => {
    expect(await page.getAttribute('#frame-host', 'data-state')).toBe('ready');
    expect(h.sim.log.map((e) => e.call)).toEqual(expect.arrayContaining(['hostControl.initialHandshake', 'hostControl.notifyLoadSucceeded']));
    expect(report.summary.deployments).toBeGreaterThan(200);
    const summary = await hubSummary(frame);
    expect(summary).toEqual({ deployments: report.summary.deployments, controls: report.summary.controls });
    expect(await caption(frame)).toEqual({ shown: report.summary.deployments, total: report.summary.deployments });
    // Every control has failures in the demo: the hub is not showing a uniform "pass".
    for (const counts of Object.values(summary.controls)) expect(counts.fail + counts.unknown).toBeGreaterThan(0);
    await screenshot(frameElement(page), 'screenshot-hub', true);
  });

  it('filters by keyword and by a summary count, and sorts by a column', async () => {
    const total = report.summary.deployments;
    const keyword = frame.getByPlaceholder('Filter by person, pipeline, run, branch, pull request…');
    await keyword.fill('shop-api');
    const api = report.deployments.filter((d) => d.pipeline.name === 'shop-api').length;
    await waitForShown(frame, api);
    expect(await caption(frame)).toEqual({ shown: api, total });
    for (const row of await tableRows(frame, 10)) expect(row[1]).toContain('shop-api');
    await keyword.fill('');

    // A count in the summary filters the table to those deployments; clicking it again removes the filter.
    const failing = report.summary.controls['approval-count'].fail;
    const count = frame.locator('tr[data-control="approval-count"] .da-count-fail');
    await count.click();
    await waitForShown(frame, failing);
    expect(await count.getAttribute('aria-pressed')).toBe('true');
    const shown = await tableRows(frame, 50);
    expect(shown).toHaveLength(Math.min(failing, 50));
    for (const row of shown) expect(row[0]).toMatch(/^\d+ failing$/);
    // Each shown row's approval verdict is a failing one, named for screen readers.
    const labels = await frame.locator('.da-table tr.bolt-table-row .da-verdict[aria-label^="Approved by enough people"]').evaluateAll((icons) =>
      icons.map((icon) => icon.getAttribute('aria-label')),
    );
    expect(new Set(labels)).toEqual(new Set(['Approved by enough people: Fail']));
    await count.click();
    await waitForShown(frame, total);

    // Newest first by default; the Started column's header sorts oldest first.
    const firstStarted = () => tableRows(frame, 1).then((rows) => rows[0][2]);
    const times = report.deployments.map((d) => d.startedAt).sort();
    expect(await firstStarted()).toBe(times.at(-1)!.slice(0, 16).replace('T', ' '));
    await frame.locator('th[role="columnheader"]', { hasText: 'Started (UTC)' }).click();
    await frame.waitForFunction(() => document.querySelector('th[aria-sort]')?.getAttribute('aria-sort') === 'ascending');
    expect(await firstStarted()).toBe(times[0].slice(0, 16).replace('T', ' '));
    await frame.locator('th[role="columnheader"]', { hasText: 'Started (UTC)' }).click();
    await frame.waitForFunction(() => document.querySelector('th[aria-sort]')?.getAttribute('aria-sort') === 'descending');
  });

  it('opens a deployment\'s detail with the checklist of the command line and opens evidence through the host', async () => {
    // The newest deployment with a failing control: what an auditor opens first.
    const deployment = report.deployments.find((d) => Object.values(d.controls).some((v) => v.status === 'fail'))!;
    const anyFail = frame.locator('tr.da-summary-any .da-count-fail');
    await anyFail.click();
    await waitForShown(frame, report.deployments.filter((d) => Object.values(d.controls).some((v) => v.status === 'fail')).length);
    await frame.locator('.da-table tr.bolt-table-row').first().click();
    const panel = frame.locator('.bolt-panel');
    await panel.locator('.da-checklist').waitFor();
    expect(await panel.textContent()).toContain(`${deployment.environment} · ${deployment.runName}`);
    expect(await checklist(frame, '.bolt-panel')).toEqual(expectedChecklist(deployment));
    await screenshot(frameElement(page), 'screenshot-detail', true);

    h.sim.clearLog();
    const failing = Object.keys(deployment.controls).find((id) => deployment.controls[id].status === 'fail')!;
    const link = panel.locator(`.da-checklist-item[data-control="${failing}"] .da-evidence-links a`).first();
    const url = await link.getAttribute('href');
    expect(url).toBe(deployment.controls[failing].evidence[0]);
    await link.click();
    const opened = await h.sim.waitForLog((e) => e.call === 'navigation.openNewWindow');
    expect(opened).toMatchObject({ args: [url, ''], view: 'hub', user: 'director' });
    // The link is into the organization, not somewhere else.
    expect(url!.startsWith(h.ado.orgUrl)).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await anyFail.click();
    await waitForShown(frame, report.summary.deployments);
  });

  it('exports JSON, CSV and Excel downloads whose content equals the command line\'s for the same window', async () => {
    const download = async (format: string): Promise<string> => {
      await frame.getByRole('button', { name: 'Export' }).click();
      const [file] = await Promise.all([
        page.waitForEvent('download').catch(async (error: Error) => {
          const cards = await frame.locator('.bolt-messagecard').allTextContents();
          throw new Error(`No ${format} download (${error.message}); the page says: ${cards.join(' | ')}`);
        }),
        frame.getByRole('menuitem', { name: format }).click(),
      ]);
      const target = `${h.dataFile}.${format}`;
      await file.saveAs(target);
      expect(file.suggestedFilename()).toMatch(/^deploy-audit-fabrikam-shop-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.(json|csv|xlsx)$/);
      return target;
    };
    const [json, csv] = [fs.readFileSync(await download('JSON'), 'utf8'), fs.readFileSync(await download('CSV'), 'utf8')];
    // The same report but for its manifest, which says who made it and how: the hub, the signed-in user, the project's id.
    const { manifest: hubManifest, ...hubReport } = withoutTimes(json) as unknown as { manifest: Record<string, any> };
    const { manifest: cliManifest, ...cliRest } = withoutTimes(JSON.stringify(report)) as unknown as { manifest: Record<string, any> };
    expect(hubReport).toEqual(cliRest);
    expect(hubManifest).toMatchObject({ generator: 'hub', engine: cliManifest.engine, window: cliManifest.window, filtered: null, collection: null });
    expect(hubManifest.ranBy).toMatchObject({ displayName: expect.any(String), uniqueName: expect.any(String) });
    expect(hubManifest.project).toEqual({ name: cliManifest.project.name, id: expect.any(String) });
    expect(hubManifest.deployments.inReport).toBe(cliManifest.deployments.inReport);
    expect(hubManifest.policy.relaxed).toEqual(cliManifest.policy.relaxed);
    expect(csv).toBe(await cliReport(h, { format: 'csv' }));
    // The workbook is written in a worker in the page: the same sheets, cell for cell, but for when it was made and the
    // manifest's facts of who made it.
    const { Manifest: hubSheet, ...excel } = await sheets(fs.readFileSync(await download('Excel')));
    const { Manifest: cliSheet, ...cliExcel } = await sheets(await cliFile(h, { format: 'xlsx' }));
    expect(excel).toEqual(cliExcel);
    expect(hubSheet.map((row) => row[0])).toEqual(cliSheet.map((row) => row[0]));
    expect(hubSheet.find((row) => row[0] === 'Generated by')).toEqual(['Generated by', 'the Deployment Audit hub (an export)']);
    expect(excel.Deployments).toHaveLength(report.summary.deployments + 1);
  });

  it('cancels a slow collection and keeps what was collected', async () => {
    // Slow builds, and slow lists of deployments: the evidence kept from the first audit answers the rest at once.
    h.ado.setLatency(({ path }) => (/\/_apis\/build\/builds|environmentdeploymentrecords/i.test(path) ? 250 : 20));
    try {
      await frame.getByRole('button', { name: 'Refresh' }).click();
      const progress = frame.locator('.da-progress');
      await progress.waitFor();
      await frame.waitForFunction(() => /Collecting evidence|Finding/.test(document.querySelector('.da-progress')?.textContent ?? ''));
      await frame.getByRole('button', { name: 'Cancel the audit' }).click();
      await frame.getByText('Cancelled.').waitFor();
      expect(await progress.count()).toBe(0);
      expect(await frame.getByRole('button', { name: 'Refresh' }).isEnabled()).toBe(true);
      // An incomplete audit is not exported.
      expect(await frame.getByRole('button', { name: 'Export' }).isDisabled()).toBe(true);
    } finally {
      h.ado.setLatency(0);
    }
  });

  it('shows a reader (auditor) unknown approval controls with the explanation, not an error page, in the dark theme', async () => {
    const [{ page: darkPage, frame: auditorFrame }, expected] = await Promise.all([
      h.open({ view: 'hub', user: 'auditor', theme: 'dark' }),
      cliJson(h, { token: 'demo-auditor' }),
    ]);
    await waitForAudit(auditorFrame);
    expect(await hubSummary(auditorFrame)).toEqual({ deployments: expected.summary.deployments, controls: expected.summary.controls });
    expect(expected.summary.controls['approval-count'].unknown).toBeGreaterThan(0);
    // What is missing, who can grant it, the way round it, and an access request to copy.
    const notice = auditorFrame.locator('.da-access-notice');
    expect(await notice.textContent()).toContain('Your account cannot read approvals in Fabrikam Shop');
    expect(await notice.textContent()).toContain('The project or environment administrators can grant that access.');
    expect(await notice.textContent()).toContain('ask someone who can read approvals to export the report');
    expect(await notice.getByRole('button', { name: /Copy an access request/ }).count()).toBe(1);
    expect(await auditorFrame.locator('text=You do not have permission').count()).toBe(0);

    // Approvals that could not be read are never "None": the table's Approvers cell and the detail panel say why.
    const denied = (d: ReportJson['deployments'][number]) => d.errors.some((e) => e.source === 'approvals' && e.status === 403);
    const newest = [...expected.deployments].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.key.localeCompare(b.key)).slice(0, 10);
    const first = newest.findIndex(denied);
    expect(first).toBeGreaterThanOrEqual(0);
    const approversColumn = await auditorFrame.evaluate(() =>
      Array.from(document.querySelectorAll('.da-table th[role="columnheader"]')).findIndex((th) => th.textContent === 'Approvers'),
    );
    const rows = await tableRows(auditorFrame, 10);
    rows.forEach((row, index) => {
      if (denied(newest[index])) expect(row[approversColumn]).toBe('Could not be read (access denied)');
      else expect(row[approversColumn]).not.toMatch(/could not be read/i);
    });
    await auditorFrame.locator(`.da-table tr.bolt-table-row[data-row-index="${first}"]`).click();
    const panel = auditorFrame.locator('.bolt-panel');
    await panel.locator('.da-checklist').waitFor();
    expect(await panel.locator('section[aria-label="Approvals"]').textContent()).toContain(
      'Approvals could not be read (access denied): whether anyone approved is not known.',
    );
    await darkPage.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // And the export says the same: an Approvers cell that could not be read is never empty.
    await auditorFrame.getByRole('button', { name: 'Export' }).click();
    const [file] = await Promise.all([darkPage.waitForEvent('download'), auditorFrame.getByRole('menuitem', { name: 'CSV' }).click()]);
    const csvRows = parse<string[]>(fs.readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '')).data;
    // The header is the first row naming the columns by id (notices may come first).
    const header = csvRows.findIndex((row) => row[0] === 'key');
    const [keyColumn, approversCell] = [csvRows[header].indexOf('key'), csvRows[header].indexOf('approvers')];
    const exported = csvRows.find((row) => row[keyColumn] === newest[first].key)!;
    expect(exported[approversCell]).toBe('Could not be read (access denied)');

    // Dark: the SDK applied the host's theme variables, and azure-devops-ui's surfaces follow them.
    const colours = await auditorFrame.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      card: getComputedStyle(document.querySelector('.da-summary')!).backgroundColor,
    }));
    expect(colours.body).toBe('rgb(30, 30, 30)');
    expect(colours.text).toBe('rgba(255, 255, 255, 0.87)');
    expect(colours.card).not.toBe('rgb(255, 255, 255)');
    await screenshot(frameElement(darkPage), 'hub-dark');
  });

  it('puts an Overall column first, the worst verdict across the controls, sortable worst first', async () => {
    // A complete audit again (the test before cancelled one).
    await frame.getByRole('button', { name: 'Refresh' }).click();
    await waitForAudit(frame);
    const headers = await frame.locator('.da-table th[role="columnheader"]').allTextContents();
    expect(headers[0]).toBe('Overall');
    const failing = (d: ReportJson['deployments'][number]) => Object.values(d.controls).filter((v) => v.status === 'fail').length;
    const unknown = (d: ReportJson['deployments'][number]) => Object.values(d.controls).filter((v) => v.status === 'unknown').length;
    const text = (d: ReportJson['deployments'][number]) => (failing(d) ? `${failing(d)} failing` : unknown(d) ? `${unknown(d)} unknown` : 'passed');
    // Newest first: each row's Overall cell says what the command line's verdicts say.
    const newest = [...report.deployments].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.key.localeCompare(b.key)).slice(0, 5);
    expect((await tableRows(frame, 5)).map((row) => row[0])).toEqual(newest.map(text));

    await frame.locator('th[role="columnheader"]', { hasText: 'Overall' }).click();
    await frame.waitForFunction(() => document.querySelector('th[aria-sort]')?.textContent === 'Overall');
    const most = Math.max(...report.deployments.map(failing));
    expect(most).toBeGreaterThan(0);
    expect((await tableRows(frame, 1))[0][0]).toBe(`${most} failing`);
    // Back to newest first for what follows.
    await frame.locator('th[role="columnheader"]', { hasText: 'Started (UTC)' }).click();
    await frame.locator('th[role="columnheader"]', { hasText: 'Started (UTC)' }).click();
    await frame.waitForFunction(() => document.querySelector('th[aria-sort]')?.getAttribute('aria-sort') === 'descending' && document.querySelector('th[aria-sort]')?.textContent === 'Started (UTC)');
  });

  it('steps the detail panel through the view with J/K and Alt+arrows; Escape closes it and focuses the row', async () => {
    const newest = [...report.deployments].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.key.localeCompare(b.key));
    const title = (d: ReportJson['deployments'][number]) => `${d.environment} · ${d.runName}`;
    await frame.locator('.da-table tr.bolt-table-row[data-row-index="1"]').click();
    const panel = frame.locator('.bolt-panel');
    await panel.locator('.da-checklist').waitFor();
    const showing = async (index: number) => {
      await panel.locator('.da-detail-position', { hasText: `${index + 1} of ` }).waitFor();
      expect(await panel.locator('.bolt-panel-header').textContent()).toContain(title(newest[index]));
      expect(await checklist(frame, '.bolt-panel')).toEqual(expectedChecklist(newest[index]));
    };
    await showing(1);
    expect(await panel.textContent()).toContain('J or Alt+Down for the next deployment, K or Alt+Up for the previous one, Escape to close');
    await page.keyboard.press('j');
    await showing(2);
    await page.keyboard.press('Alt+ArrowDown');
    await showing(3);
    await page.keyboard.press('k');
    await showing(2);
    await page.keyboard.press('Alt+ArrowUp');
    await showing(1);
    await panel.getByRole('button', { name: /Next deployment/ }).click();
    await showing(2);
    // Escape from the Next button (azure-devops-ui's buttons keep Escape to themselves): the panel closes, and the
    // focus is on the row of the deployment shown last.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await frame.waitForFunction(() => document.activeElement?.getAttribute('data-row-index') === '2');
    expect(await frame.evaluate(() => document.activeElement?.textContent ?? '')).toContain(newest[2].runName);
  });

  it('is usable by keyboard: the summary is one tab stop with arrow keys inside, and a link skips to the deployments', async () => {
    const counts = frame.locator('.da-summary-table .da-count[tabindex="0"]');
    expect(await counts.count()).toBe(1);
    await counts.focus();
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Any control: [\d,]+ fail/);
    await page.keyboard.press('ArrowDown');
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Approved by enough people: [\d,]+ fail/);
    // Tab leaves the summary at once: the counts are one stop.
    await page.keyboard.press('Tab');
    expect(await frame.evaluate(() => !!document.activeElement?.closest('.da-summary-table'))).toBe(false);

    const skip = frame.getByRole('link', { name: 'Skip to deployments' });
    await skip.focus();
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.activeElement?.getAttribute('data-row-index') === '0');
  });
});


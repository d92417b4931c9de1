/**
 * Reading the extension's pages the way a person does (the hub's summary, caption, table and panels; a tab's
 * deployment cards), and the command line's report of the same organization, to compare them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { runCli } from '../cli/run-cli';
import type { Harness } from './harness';
import { BROWSER_NOW, PROJECT } from './harness';

export type Counts = { pass: number; fail: number; unknown: number; notApplicable: number };

export interface ReportJson {
  schemaVersion: number;
  organization: string;
  project: string;
  window: { from: string; to: string };
  generatedAt: string;
  policy: { requiredApprovals: number } & Record<string, unknown>;
  deployments: Array<{
    key: string;
    source: string;
    environment: string;
    pipeline: { id: number; name: string };
    runId: number;
    runName: string;
    startedAt: string;
    url: string;
    controls: Record<string, { status: keyof Counts; reason: string; evidence: string[] }>;
    errors: Array<{ source: string; status: number | null; message: string }>;
  }>;
  summary: { deployments: number; controls: Record<string, Counts> };
}

// The command line runs in this process and captures process.stdout: one run at a time.
let cliQueue: Promise<unknown> = Promise.resolve();

export interface CliOptions {
  token?: string;
  policy?: object;
  format?: string;
  /** The window's first day and the day after its last (YYYY-MM-DD); default the last 30 days. */
  from?: string;
  to?: string;
}

/** The command line's report of the demo (default window: the last 30 days, as the hub's default). */
export function cliReport(h: Harness, options: CliOptions = {}): Promise<string> {
  const run = cliQueue.then(() => runCliOnce(h, options));
  cliQueue = run.catch(() => undefined);
  return run;
}

async function runCliOnce(h: Harness, options: CliOptions): Promise<string> {
  const args = ['collect', '--org-url', h.ado.orgUrl, '--project', PROJECT, '--format', options.format ?? 'json', '--out', '-'];
  if (options.from) args.push('--from', options.from);
  if (options.to) args.push('--to', options.to);
  let dir: string | null = null;
  if (options.policy) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-policy-'));
    const file = path.join(dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify(options.policy));
    args.push('--config', file);
  }
  try {
    const result = await runCli(args, { AZURE_DEVOPS_TOKEN: options.token ?? 'demo-director', SYSTEM_ACCESSTOKEN: undefined, DEPLOY_AUDIT_NOW: BROWSER_NOW.toISOString() });
    if (result.code !== 0 && result.code !== 3) throw new Error(`the command line failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The command line's report written to a file (for the workbook's bytes), read back. */
export async function cliFile(h: Harness, options: CliOptions & { format: string }): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-out-'));
  const file = path.join(dir, `report.${options.format}`);
  const run = cliQueue.then(async () => {
    const args = ['collect', '--org-url', h.ado.orgUrl, '--project', PROJECT, '--format', options.format, '--out', file];
    const result = await runCli(args, { AZURE_DEVOPS_TOKEN: options.token ?? 'demo-director', SYSTEM_ACCESSTOKEN: undefined, DEPLOY_AUDIT_NOW: BROWSER_NOW.toISOString() });
    if (result.code !== 0 && result.code !== 3) throw new Error(`the command line failed (${result.code}): ${result.stderr}`);
    return fs.readFileSync(file);
  });
  cliQueue = run.catch(() => undefined);
  try {
    return await run;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function cliJson(h: Harness, options: Omit<CliOptions, 'format'> = {}): Promise<ReportJson> {
  return JSON.parse(await cliReport(h, { ...options, format: 'json' })) as ReportJson;
}

const number = (text: string | null | undefined) => Number((text ?? '').replace(/[^\d]/g, '') || NaN);

/** Waits until the hub's audit is complete: no progress, the caption without "(more arriving)", a Refresh button. */
export async function waitForAudit(frame: Frame, timeout = 60_000): Promise<void> {
  await frame.waitForFunction(
    () => {
      const caption = document.querySelector('.da-table-caption')?.textContent ?? '';
      return !document.querySelector('.da-progress') && /^Showing [\d,]+ of [\d,]+ deployments?$/.test(caption.trim());
    },
    undefined,
    { timeout },
  );
}

/** The hub's summary card: total deployments and, per control, its four counts. */
export async function hubSummary(frame: Frame): Promise<{ deployments: number; controls: Record<string, Counts> }> {
  const raw = await frame.evaluate(() => {
    const description = document.querySelector('.da-summary')?.textContent ?? '';
    const controls: Record<string, string[]> = {};
    document.querySelectorAll('.da-summary-table tr[data-control]').forEach((row) => {
      controls[row.getAttribute('data-control')!] = Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '');
    });
    return { description, controls };
  });
  const total = /([\d,]+) production deployments?/.exec(raw.description);
  const controls: Record<string, Counts> = {};
  for (const [id, cells] of Object.entries(raw.controls)) {
    const [pass, fail, unknown, notApplicable] = cells.map(number);
    controls[id] = { pass, fail, unknown, notApplicable };
  }
  return { deployments: total ? number(total[1]) : NaN, controls };
}

/** "Showing N of M deployments". */
export async function caption(frame: Frame): Promise<{ shown: number; total: number }> {
  const text = (await frame.textContent('.da-table-caption')) ?? '';
  const match = /Showing ([\d,]+) of ([\d,]+)/.exec(text);
  if (!match) throw new Error(`No caption: "${text}"`);
  return { shown: number(match[1]), total: number(match[2]) };
}

/** Waits until the table's caption says it shows `shown` deployments. */
export async function waitForShown(frame: Frame, shown: number): Promise<void> {
  await frame.waitForFunction((n) => (document.querySelector('.da-table-caption')?.textContent ?? '').trim().startsWith(`Showing ${n.toLocaleString('en-US')} of`), shown);
}

/** The cells of the first rows the table renders. */
export async function tableRows(frame: Frame, limit = 5): Promise<string[][]> {
  return frame.evaluate(
    (max) =>
      Array.from(document.querySelectorAll('.da-table tr.bolt-table-row'))
        .slice(0, max)
        .map((row) => Array.from(row.querySelectorAll('td[role="gridcell"]')).map((cell) => (cell.textContent ?? '').trim())),
    limit,
  );
}

/** The checklist statuses and evidence links shown for one deployment (a detail panel or a tab's card). */
export async function checklist(frame: Frame, scope: string): Promise<Record<string, { status: string; links: string[] }>> {
  return frame.evaluate((selector) => {
    const result: Record<string, { status: string; links: string[] }> = {};
    const root = document.querySelector(selector);
    root?.querySelectorAll('.da-checklist-item').forEach((item) => {
      result[item.getAttribute('data-control')!] = {
        status: item.querySelector('[data-status]')?.getAttribute('data-status') ?? '',
        links: Array.from(item.querySelectorAll('.da-evidence-links a')).map((a) => a.getAttribute('href') ?? ''),
      };
    });
    return result;
  }, scope);
}

/** Each deployment card of a tab: its text (title, facts) and its checklist. */
export async function tabCards(frame: Frame): Promise<Array<{ text: string; checklist: Record<string, { status: string; links: string[] }> }>> {
  return frame.evaluate(() =>
    Array.from(document.querySelectorAll('.da-deployment-card')).map((card) => {
      const checklist: Record<string, { status: string; links: string[] }> = {};
      card.querySelectorAll('.da-checklist-item').forEach((item) => {
        checklist[item.getAttribute('data-control')!] = {
          status: item.querySelector('[data-status]')?.getAttribute('data-status') ?? '',
          links: Array.from(item.querySelectorAll('.da-evidence-links a')).map((a) => a.getAttribute('href') ?? ''),
        };
      });
      return { text: card.textContent ?? '', checklist };
    }),
  );
}

/** What the command line says of one deployment, in the shape checklist() reads. */
export function expectedChecklist(deployment: ReportJson['deployments'][number]): Record<string, { status: string; links: string[] }> {
  return Object.fromEntries(
    Object.entries(deployment.controls).map(([id, verdict]) => [id, { status: verdict.status, links: verdict.evidence.filter((url) => /^https?:\/\//i.test(url)) }]),
  );
}

/** The contribution frame's element, for screenshots of the extension alone. */
export const frameElement = (page: Page) => page.locator('#contribution-frame');

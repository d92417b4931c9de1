/** Reading a report the command line wrote (REPORT.json), for verify and sample. */
import { promises as fs } from 'node:fs';
import type { AuditReport } from '../core/report';
import { UsageError } from './args';
import { forTerminal } from './terminal';

export async function readReportFile(file: string): Promise<AuditReport> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseReport(text, file);
}

/** A report from its JSON text; `file` names it in messages. */
export function parseReport(text: string, file: string): AuditReport {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const report = json as Partial<AuditReport> | null;
  if (!report || typeof report !== 'object' || report.schemaVersion !== 1 || !Array.isArray(report.deployments) || !report.policy) {
    throw new UsageError(`${file} is not a Deploy Audit JSON report (schemaVersion 1, with a policy and deployments)`);
  }
  for (const deployment of report.deployments) {
    if (!deployment || typeof deployment !== 'object' || typeof deployment.key !== 'string') {
      throw new UsageError(`${file}: a deployment without a key`);
    }
  }
  return report as AuditReport;
}

/** One line on stderr, as main's fatal errors. */
export function failure(message: string): void {
  process.stderr.write(`deploy-audit: ${forTerminal(message).replace(/\s+/g, ' ').trim()}\n`);
}

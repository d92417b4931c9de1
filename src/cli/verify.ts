/**
 * deploy-audit verify REPORT.json: is the report as it was written (its integrity hash), and does every verdict
 * follow from the evidence it records under the policy it records? Exit 0 when both hold, 4 otherwise (each
 * difference printed), 2 when the file is not a report. Given a pack (a ZIP of --format pack), every file is checked
 * against the manifest first, then its report.json as above.
 */
import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkPack, isZip, readPack } from '../core/export/pack';
import { describeDifference, reperform } from '../core/engine/reperform';
import { checkIntegrity } from '../core/export/integrity';
import { describePolicySource, manifestNotices } from '../core/export/manifest';
import { formatWindow } from '../core/export/text';
import type { AuditReport } from '../core/report';
import { UsageError } from './args';
import { failure, parseReport } from './report-file';
import { forTerminal } from './terminal';

export const VERIFY_EXIT = { verified: 0, fatal: 2, notVerified: 4 } as const;

export const VERIFY_USAGE = `usage: deploy-audit verify REPORT.json|PACK.zip
Checks the report's integrity hash and re-performs every control from its recorded evidence under its recorded policy;
in a pack, first each file against the manifest.
Exit codes: 0 intact and every verdict reproduces; 4 changed or any difference (each printed); 2 not a report.`;

export async function verifyCommand(argv: string[]): Promise<number> {
  let file: string;
  try {
    const { positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new UsageError('verify takes one report: deploy-audit verify REPORT.json');
    file = positionals[0];
  } catch (error) {
    failure((error as Error).message.split('\n')[0]);
    return VERIFY_EXIT.fatal;
  }
  let report;
  const out: string[] = [];
  let packIntact = true;
  try {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (isZip(bytes)) {
      let files: Map<string, Uint8Array>;
      try {
        files = await readPack(bytes);
      } catch (error) {
        throw new UsageError(`${file} is not a readable ZIP: ${(error as Error).message}`);
      }
      const pack = checkPack(files);
      out.push(...pack.lines);
      packIntact = pack.problems.length === 0;
      const json = files.get('report.json');
      if (!json) throw new UsageError(`${file} holds no report.json`);
      report = parseReport(Buffer.from(json).toString('utf8'), `${file}: report.json`);
    } else {
      report = parseReport(bytes.toString('utf8'), file);
    }
  } catch (error) {
    if (out.length) process.stdout.write(`${out.map(forTerminal).join('\n')}\n`);
    failure((error as Error).message);
    return VERIFY_EXIT.fatal;
  }

  const integrity = checkIntegrity(report);
  let intact = false;
  switch (integrity.status) {
    case 'intact':
      intact = true;
      out.push(`integrity: intact (sha256 ${integrity.sha256})`);
      break;
    case 'changed':
      out.push(`integrity: CHANGED since it was written: recorded sha256 ${integrity.recorded}, the report's is ${integrity.sha256}`);
      break;
    case 'missing':
      out.push(`integrity: no integrity block, the report cannot be shown to be unchanged (its sha256 is ${integrity.sha256})`);
      break;
    case 'unsupported':
      out.push(`integrity: cannot be checked: ${integrity.message}`);
      break;
  }

  out.push(...manifestLines(report));

  const result = reperform(report);
  for (const difference of result.differences) out.push(`difference: ${describeDifference(difference)}`);
  for (const note of result.notes) {
    out.push(`note: ${note.key}  ${note.control}: same status, worded or linked differently: recorded "${note.recorded}", recomputed "${note.recomputed}"`);
  }
  const verified = packIntact && intact && result.differences.length === 0;
  out.push(
    `re-performed ${result.verdicts} verdicts of ${result.deployments} deployments under the recorded policy: ${
      result.differences.length ? `${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}` : 'every verdict reproduces'
    }`,
  );
  out.push(verified ? 'verified' : 'NOT verified');
  // Keys, reasons and messages come from the file: no escape sequence of theirs reaches the terminal.
  process.stdout.write(`${out.map(forTerminal).join('\n')}\n`);
  return verified ? VERIFY_EXIT.verified : VERIFY_EXIT.notVerified;
}

/** What the report says of itself, as recorded (checked by the integrity hash, not re-derived): who made it, and its notices. */
function manifestLines(report: AuditReport): string[] {
  const manifest = report.manifest;
  if (!manifest || typeof manifest !== 'object') return ['manifest: none (a report of an older engine)'];
  try {
    const who = manifest.ranBy ? `, run by ${manifest.ranBy.displayName || manifest.ranBy.uniqueName}` : '';
    return [
      `manifest: made by the ${manifest.generator} (${manifest.engine.name} ${manifest.engine.version})${who} at ${manifest.generatedAt}; policy from ${describePolicySource(manifest.policy.source)}`,
      `manifest: the audit of ${manifest.project.name}, ${formatWindow(manifest.window)}`,
      ...manifestNotices(report).map((notice) => `manifest: ${notice}`),
    ];
  } catch {
    return ['manifest: not in a shape this version reads'];
  }
}

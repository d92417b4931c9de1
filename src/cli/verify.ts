/**
 * deploy-audit verify REPORT.json: is the report as it was written (its integrity hash), and does every verdict
 * follow from the evidence it records under the policy it records? Exit 0 when both hold, 4 otherwise (each
 * difference printed), 2 when the file is not a report.
 */
import { parseArgs } from 'node:util';
import { describeDifference, reperform } from '../core/engine/reperform';
import { checkIntegrity } from '../core/export/integrity';
import { UsageError } from './args';
import { failure, readReportFile } from './report-file';

export const VERIFY_EXIT = { verified: 0, fatal: 2, notVerified: 4 } as const;

export const VERIFY_USAGE = `usage: deploy-audit verify REPORT.json
Checks the report's integrity hash and re-performs every control from its recorded evidence under its recorded policy.
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
  try {
    report = await readReportFile(file);
  } catch (error) {
    failure((error as Error).message);
    return VERIFY_EXIT.fatal;
  }

  const out: string[] = [];
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

  const result = reperform(report);
  for (const difference of result.differences) out.push(`difference: ${describeDifference(difference)}`);
  for (const note of result.notes) {
    out.push(`note: ${note.key}  ${note.control}: same status, worded or linked differently: recorded "${note.recorded}", recomputed "${note.recomputed}"`);
  }
  const verified = intact && result.differences.length === 0;
  out.push(
    `re-performed ${result.verdicts} verdicts of ${result.deployments} deployments under the recorded policy: ${
      result.differences.length ? `${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}` : 'every verdict reproduces'
    }`,
  );
  out.push(verified ? 'verified' : 'NOT verified');
  process.stdout.write(`${out.join('\n')}\n`);
  return verified ? VERIFY_EXIT.verified : VERIFY_EXIT.notVerified;
}

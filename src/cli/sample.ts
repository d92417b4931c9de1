/**
 * deploy-audit sample REPORT.json: a reproducible sample of a report's deployments (core/engine/sample.ts), written as
 * a report of its own with a `sample` block and its own integrity. Exit 0 written, 2 fatal, 4 the population report
 * fails its integrity check.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_SAMPLE_SIZE, SAMPLE_STRATA, sampleReport, type SampleOptions } from '../core/engine/sample';
import { buildManifest } from '../core/engine/report';
import { checkIntegrity } from '../core/export/integrity';
import { manifestSource } from '../core/export/manifest';
import type { ControlStatus } from '../core/model';
import { parsePolicy } from '../core/policy';
import type { AuditReport, SampleStratum } from '../core/report';
import { UsageError } from './args';
import { isOutputFormat, OUTPUT_FORMATS, type OutputFormat, writeReport } from './formats';
import { failure, readReportFile } from './report-file';

export const SAMPLE_EXIT = { written: 0, fatal: 2, populationChanged: 4 } as const;

export const SAMPLE_USAGE = `usage: deploy-audit sample REPORT.json [--size N] [--seed S] [--stratify environment|month|source]
         [--include fail,unknown] [--format json|csv|xlsx|html|pack] [--out FILE|-]
Draws a reproducible sample of the report's deployments (default 25: a control that operates many times a day;
40 and 60 for more reliance). Exit codes: 0 written; 2 fatal; 4 the report fails its integrity check.`;

const STATUSES: readonly ControlStatus[] = ['pass', 'fail', 'unknown', 'notApplicable'];
const MAX_SEED = 0xffffffff;

export interface SampleArgs {
  file: string;
  size: number;
  seed: number | null;
  stratify: SampleStratum | null;
  include: ControlStatus[];
  format: OutputFormat;
  out: string | null;
}

export function parseSampleArgs(argv: string[]): SampleArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        size: { type: 'string' },
        seed: { type: 'string' },
        stratify: { type: 'string' },
        include: { type: 'string', multiple: true },
        format: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('sample takes one report: deploy-audit sample REPORT.json [options]');
  const size = values.size === undefined ? DEFAULT_SAMPLE_SIZE : Number(values.size);
  if (!Number.isSafeInteger(size) || size < 1 || !/^\d+$/.test(values.size ?? '1')) throw new UsageError(`--size must be a whole number of at least 1 (25, 40 or 60 are usual)`);
  let seed: number | null = null;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed) || seed > MAX_SEED) throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}`);
  }
  const stratify = (values.stratify ?? null) as SampleStratum | null;
  if (stratify !== null && !SAMPLE_STRATA.includes(stratify)) throw new UsageError(`--stratify must be one of ${SAMPLE_STRATA.join(', ')}`);
  const include = [...new Set((values.include ?? []).flatMap((list) => list.split(',')).map((status) => status.trim()).filter(Boolean))];
  for (const status of include) {
    if (!(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--include: "${status}" is not a status (${STATUSES.join(', ')})`);
  }
  const format = values.format ?? 'json';
  if (!isOutputFormat(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
  return {
    file: positionals[0],
    size,
    seed,
    stratify,
    include: include as ControlStatus[],
    format,
    out: values.out === undefined || values.out === '-' ? null : values.out,
  };
}

export async function sampleCommand(argv: string[], now: () => Date = () => new Date()): Promise<number> {
  let args: SampleArgs;
  let population;
  try {
    args = parseSampleArgs(argv);
    population = await readReportFile(args.file);
    parsePolicy(population.policy);
  } catch (error) {
    failure((error as Error).message);
    return SAMPLE_EXIT.fatal;
  }
  const integrity = checkIntegrity(population);
  if (integrity.status === 'changed') {
    failure(`${args.file} was changed after it was written (its integrity hash does not match): no sample drawn; deploy-audit verify ${args.file} shows more`);
    return SAMPLE_EXIT.populationChanged;
  }
  if (integrity.status !== 'intact') {
    process.stderr.write(`warning: ${args.file} has no integrity block it can be checked by; the sample records the report's hash as read (${integrity.sha256})\n`);
  }
  const options: SampleOptions = {
    size: args.size,
    seed: args.seed ?? randomInt(0, MAX_SEED),
    stratify: args.stratify,
    include: args.include,
  };
  try {
    const report = withManifest(sampleReport(population, options, integrity.sha256, now()), population, integrity.sha256);
    await writeReport(report, args.format, args.out);
    const sample = report.sample!;
    process.stderr.write(
      `sample: ${sample.selected} of ${sample.population} deployments, seed ${sample.seed}${args.seed === null ? ' (chosen at random: pass --seed to draw the same sample again)' : ''}\nrule: ${sample.rule}\n`,
    );
    if (sample.selected > args.size) process.stderr.write(`warning: more deployments than --size ${args.size}: every deployment with a control ${args.include.join(' or ')} is included\n`);
    return SAMPLE_EXIT.written;
  } catch (error) {
    failure(`error: ${(error as Error).message}`);
    return SAMPLE_EXIT.fatal;
  }
}

/**
 * The sample's manifest: made by the command line from the population report (whose policy it applies), carrying
 * that report's essentials (`source`: its engine, who made it and when, its policy's source and relaxations, and
 * whether it was filtered or incomplete). Who draws the sample is not known: no one signs in to draw it.
 */
export function withManifest(sample: AuditReport, population: AuditReport, populationSha256: string): AuditReport {
  const from = population.manifest;
  const manifest = buildManifest(
    {
      generator: 'command line',
      ranBy: null,
      organizationId: from?.organization?.id ?? null,
      projectId: from?.project?.id ?? null,
      policySource: { kind: 'report', sha256: populationSha256 },
      environmentsOverridden: from?.policy?.environmentsOverridden ?? false,
    },
    { ...sample, orgUrl: from?.organization?.url ?? '' },
    sample.deployments,
  );
  return { ...sample, manifest: { ...manifest, source: manifestSource(population) } };
}

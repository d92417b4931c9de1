/**
 * The hub's "Sample": the command line's draw (core/engine/sample.ts, the same function) over the report of the
 * rows shown, so that the same population, seed and options give the same deployments as `deploy-audit sample` on
 * that report's JSON export. The sample is a report of its own, written by the same sample writers.
 */
import { buildManifest } from '../core/engine/report';
import { DEFAULT_SAMPLE_SIZE, sampleReport, SAMPLE_SIZES, type SampleOptions } from '../core/engine/sample';
import { reportSha256 } from '../core/export/integrity';
import { orderReport } from '../core/export/json';
import { manifestSource } from '../core/export/manifest';
import type { AuditReport } from '../core/report';
import type { AuditContext } from '../extension/audit-service';

export const MAX_SEED = 0xffffffff;

/** The sizes offered: the usual attribute-sampling sizes for a control that operates many times a day. */
export const OFFERED_SIZES: readonly number[] = [SAMPLE_SIZES.lower, SAMPLE_SIZES.moderate, SAMPLE_SIZES.higher];
export { DEFAULT_SAMPLE_SIZE };

/** A seed from the platform's random generator, from 0 to 4294967295 as the command line takes it. */
export function randomSeed(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0];
}

/** The seed as typed, or what is wrong with it (the command line's rule). */
export function parseSeed(text: string): { seed: number } | { error: string } {
  const trimmed = text.trim();
  const seed = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(seed) || seed > MAX_SEED) return { error: `The seed must be a whole number from 0 to ${MAX_SEED}.` };
  return { seed };
}

/** The size as typed, or what is wrong with it. */
export function parseSize(text: string): { size: number } | { error: string } {
  const trimmed = text.trim();
  const size = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(size) || size < 1) return { error: 'The size must be a whole number of at least 1 (25, 40 or 60 are usual).' };
  return { size };
}

/**
 * The sample of a population report, as `deploy-audit sample` makes it, with the hub's manifest: made by the hub,
 * by the signed-in user, carrying the population report's essentials. The population's hash is that of the report
 * as its JSON export would record it.
 */
export function hubSample(population: AuditReport, options: SampleOptions, context: AuditContext, now = new Date()): AuditReport {
  const populationSha256 = reportSha256(orderReport(population));
  const sample = sampleReport(population, options, populationSha256, now);
  const from = population.manifest;
  const manifest = buildManifest(
    {
      generator: 'hub',
      ranBy: { id: context.user.id, displayName: context.user.displayName, uniqueName: context.user.name },
      organizationId: from?.organization?.id ?? null,
      projectId: from?.project?.id ?? context.project.id,
      policySource: { kind: 'report', sha256: populationSha256 },
      environmentsOverridden: from?.policy?.environmentsOverridden ?? false,
    },
    { ...sample, orgUrl: from?.organization?.url ?? context.orgUrl },
    sample.deployments,
  );
  return { ...sample, manifest: { ...manifest, source: manifestSource(population) } };
}

/** deploy-audit-shop-sample-seed-12345.xlsx */
export function sampleFileName(project: string, seed: number, extension: string): string {
  const slug = project.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'project';
  return `deploy-audit-${slug}-sample-seed-${seed}.${extension}`;
}


/**
 * The report's manifest (report.ts, ReportManifest) for every format: its keys in the contract's order for the JSON,
 * and the same facts in words for the HTML's first section, the workbook's Manifest sheet and the CSV's leading rows.
 * What an auditor must not miss — a filtered export, an audit not wholly collected, a relaxed policy — is a notice,
 * which every format shows first.
 */
import type { Identity } from '../model';
import type { AuditReport, ReportFiltered, ReportManifest, ReportManifestSource, ReportPolicySource } from '../report';
import { formatIdentity, formatUtc, formatWindow } from './text';

const identity = (value: Identity | null): Identity | null =>
  value ? { id: value.id, displayName: value.displayName, uniqueName: value.uniqueName } : null;

const policySource = (value: ReportPolicySource): ReportPolicySource => {
  switch (value.kind) {
    case 'file':
      return { kind: 'file', path: value.path, sha256: value.sha256 };
    case 'settings':
      return { kind: 'settings', version: value.version ?? null, updatedAt: value.updatedAt ?? null, updatedBy: identity(value.updatedBy ?? null) };
    case 'report':
      return { kind: 'report', sha256: value.sha256 };
    case 'git':
      return {
        kind: 'git',
        repository: { id: value.repository.id, name: value.repository.name },
        branch: value.branch,
        path: value.path,
        commitId: value.commitId,
        author: { name: value.author.name, email: value.author.email },
        date: value.date ?? null,
        sha256: value.sha256,
        url: value.url,
      };
    default:
      return { kind: value.kind };
  }
};

const filtered = (value: ReportFiltered | null | undefined): ReportFiltered | null =>
  value ? { shown: value.shown, total: value.total, text: value.text, filters: value.filters.map((filter) => ({ field: filter.field, values: [...filter.values] })) } : null;

const collection = (value: ReportManifest['collection'] | undefined): ReportManifest['collection'] =>
  value ? { state: value.state, collected: value.collected, total: value.total } : null;

const policy = (value: ReportManifest['policy']): ReportManifest['policy'] => ({
  source: policySource(value.source),
  environmentsOverridden: value.environmentsOverridden,
  relaxed: [...value.relaxed],
});

const source = (value: ReportManifestSource): ReportManifestSource => ({
  engine: value.engine ? { name: value.engine.name, version: value.engine.version } : null,
  generator: value.generator ?? null,
  ranBy: identity(value.ranBy ?? null),
  generatedAt: value.generatedAt,
  policy: value.policy ? policy(value.policy) : null,
  filtered: filtered(value.filtered),
  collection: collection(value.collection),
});

/** The manifest with its keys in the order of the contract. */
export const orderManifest = (value: ReportManifest): ReportManifest => ({
  engine: { name: value.engine.name, version: value.engine.version },
  generator: value.generator,
  ranBy: identity(value.ranBy),
  generatedAt: value.generatedAt,
  organization: { name: value.organization.name, id: value.organization.id ?? null, url: value.organization.url },
  project: { name: value.project.name, id: value.project.id ?? null },
  window: { from: value.window.from, to: value.window.to },
  deployments: {
    inReport: value.deployments.inReport,
    fromKeptEvidence: value.deployments.fromKeptEvidence,
    oldestCapture: value.deployments.oldestCapture ?? null,
  },
  collection: collection(value.collection),
  filtered: filtered(value.filtered),
  ...(value.stale ? { stale: { text: value.stale.text } } : {}),
  ...(value.snapshot
    ? {
        snapshot: {
          id: value.snapshot.id,
          publishedAt: value.snapshot.publishedAt,
          publishedBy: identity(value.snapshot.publishedBy),
          capturedAt: value.snapshot.capturedAt,
          reportSha256: value.snapshot.reportSha256 ?? null,
          verified: value.snapshot.verified,
        },
      }
    : {}),
  policy: policy(value.policy),
  ...(value.source ? { source: source(value.source) } : {}),
});

/** The essentials of a report's manifest that a sample drawn from it carries (`manifest.source`). */
export const manifestSource = (report: AuditReport): ReportManifestSource => {
  const manifest = report.manifest;
  return source({
    engine: manifest?.engine ?? null,
    generator: manifest?.generator ?? null,
    ranBy: manifest?.ranBy ?? null,
    generatedAt: report.generatedAt,
    policy: manifest?.policy ?? null,
    filtered: manifest?.filtered ?? null,
    collection: manifest?.collection ?? null,
  });
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What a reader must see before anything else, in the order every format shows it: `STALE: …` for a hub export of
 * results that no longer matched the screen's choices, `FILTERED: N of M deployments
 * (…)`, `INCOMPLETE: N of M deployments collected (…)`, `RELAXED POLICY: …`. Empty when none applies (a report of a
 * sample says so of the report it was drawn from).
 */
export function manifestNotices(report: AuditReport): string[] {
  const manifest = report.manifest;
  if (!manifest) return [];
  const notices: string[] = [];
  const { filtered: shown, collection: collected } = manifest.source ?? manifest;
  const from = manifest.source ? ' in the report this sample was drawn from' : '';
  if (manifest.stale) notices.push(`STALE: ${manifest.stale.text} Refresh to apply.`);
  if (manifest.snapshot) {
    const { snapshot } = manifest;
    const by = snapshot.publishedBy?.displayName || snapshot.publishedBy?.uniqueName || 'someone not named';
    notices.push(
      `${snapshot.verified ? 'FROM SNAPSHOT' : 'FROM AN UNVERIFIED SNAPSHOT'}: audited ${formatUtc(snapshot.capturedAt)}, published ${formatUtc(snapshot.publishedAt)} by ${by} (snapshot ${snapshot.id}; ${snapshot.verified ? 'every part\'s SHA-256 matched' : 'its parts did not match the hashes it was published with'})`,
    );
  }
  if (shown) notices.push(`FILTERED: ${shown.shown} of ${plural(shown.total, 'deployment')}${from} (${shown.text})`);
  if (collected) {
    const why = collected.state === 'cancelled' ? 'the audit was cancelled' : 'the audit was not complete';
    notices.push(`INCOMPLETE: ${collected.collected} of ${plural(collected.total, 'deployment')} collected${from} (${why})`);
  }
  if (manifest.policy.relaxed.length) notices.push(`RELAXED POLICY: ${manifest.policy.relaxed.join('; ')}`);
  return notices;
}

/** Where the policy came from, in words. */
export function describePolicySource(source: ReportPolicySource): string {
  switch (source.kind) {
    case 'file':
      return `the policy file ${source.path} (SHA-256 ${source.sha256})`;
    case 'settings': {
      const parts = [
        source.version === null ? '' : `version ${source.version}`,
        source.updatedAt ? `saved ${source.updatedAt}` : '',
        source.updatedBy ? `by ${formatIdentity(source.updatedBy)}` : '',
      ].filter(Boolean);
      return `the project's Deploy Audit settings${parts.length ? ` (${parts.join(', ')})` : ''}`;
    }
    case 'report':
      return `the report this sample was drawn from (SHA-256 ${source.sha256})`;
    case 'git': {
      const author = source.author.name || source.author.email || 'an unknown author';
      return `the Git file ${source.path} on ${source.branch} in repository ${source.repository.name}, commit ${source.commitId} by ${author}${source.date ? ` on ${source.date}` : ''} (SHA-256 ${source.sha256})`;
    }
    default:
      return 'the defaults (no policy file or settings)';
  }
}

/** The manifest as label and value pairs, for the HTML's first section and the workbook's Manifest sheet. */
export function manifestFacts(report: AuditReport): [string, string][] {
  const manifest = report.manifest;
  if (!manifest) return [];
  const facts: [string, string][] = [
    ['Engine', `${manifest.engine.name} ${manifest.engine.version}`],
    ['Generated by', manifest.generator === 'hub' ? 'the Deployment Audit hub (an export)' : 'the command line'],
    ['Run by', manifest.ranBy ? formatIdentity(manifest.ranBy) : 'not known'],
    ['Generated at (UTC)', manifest.generatedAt],
    ['Organization', `${manifest.organization.name}${manifest.organization.id ? ` (${manifest.organization.id})` : ''} · ${manifest.organization.url}`],
    ['Project', `${manifest.project.name}${manifest.project.id ? ` (${manifest.project.id})` : ''}`],
    ['Window', formatWindow(manifest.window)],
    ['Deployments in the report', String(manifest.deployments.inReport)],
    [
      'From kept evidence',
      manifest.deployments.fromKeptEvidence
        ? `${manifest.deployments.fromKeptEvidence}, the oldest captured ${manifest.deployments.oldestCapture ?? 'at an unknown time'}`
        : 'none',
    ],
    ['Filtered', manifest.filtered ? `${manifest.filtered.shown} of ${manifest.filtered.total} deployments: ${manifest.filtered.text}` : 'no: every deployment of the audit'],
    [
      'Collected',
      manifest.collection ? `${manifest.collection.collected} of ${manifest.collection.total} deployments (${manifest.collection.state})` : 'every deployment found',
    ],
    ['Policy from', `${describePolicySource(manifest.policy.source)}${manifest.policy.environmentsOverridden ? '; production environments named for this audit' : ''}`],
    ['Relaxed settings', manifest.policy.relaxed.length ? manifest.policy.relaxed.join('; ') : 'none: no setting is weaker than the defaults'],
  ];
  if (report.population) {
    for (const { pattern, matched } of report.population.patterns) facts.push([`Production pattern ${pattern}`, matched.length ? matched.join(', ') : 'matches nothing']);
    facts.push(['Classic deployments still waiting', String(report.population.waiting)]);
  }
  if (manifest.source) {
    const s = manifest.source;
    facts.push([
      'Sampled from',
      `a report generated ${s.generatedAt}${s.generator ? ` by the ${s.generator}` : ''}${s.ranBy ? `, run by ${formatIdentity(s.ranBy)}` : ''}${s.engine ? ` (${s.engine.name} ${s.engine.version})` : ''}`,
    ]);
  }
  return facts;
}

/**
 * YAML deployments: the deployment records of production environments. Every job of one stage attempt of one run
 * in one environment writes a record; together they are one deployment.
 */
import type { AdoClient } from '../ado/client';
import { deploymentRecordSchema, environmentSchema, type DeploymentRecord } from '../ado/schemas';
import { inWindow, type AuditWindow } from '../engine/window';
import { emptyEvidence, normaliseResult, type Candidate } from './candidate';

/**
 * Records come newest first by id, which follows queue time, not start time: a stage can wait for approval for up
 * to 30 days before its jobs start. Paging goes on until a whole page was queued this long before the window.
 */
export const APPROVAL_LOOKBACK_MS = 31 * 86_400_000;

const PAGE_SIZE = 1000;
const WORST_FIRST = ['failed', 'canceled', 'abandoned', 'partiallySucceeded', 'succeeded', 'skipped'];

export interface YamlSourceOptions {
  window: AuditWindow;
  isProduction: (environmentName: string) => boolean;
  onFound?: (count: number) => void;
  /** Only this run's deployments (the run tab). */
  runId?: number;
  /** How long before the window a record may have been queued; default APPROVAL_LOOKBACK_MS. */
  lookbackMs?: number;
}

export async function findYamlDeployments(client: AdoClient, options: YamlSourceOptions): Promise<Candidate[]> {
  const environments: { id: number; name: string }[] = [];
  for await (const page of client.pages(client.url('core', 'distributedtask/environments', '7.1', { $top: PAGE_SIZE }), environmentSchema)) {
    environments.push(...page);
  }
  const production = environments.filter((environment) => options.isProduction(environment.name));
  const perEnvironment = await Promise.all(production.map((environment) => deploymentsOf(client, environment, options)));
  return perEnvironment.flat();
}

async function deploymentsOf(client: AdoClient, environment: { id: number; name: string }, options: YamlSourceOptions): Promise<Candidate[]> {
  const oldestQueue = options.window.from.getTime() - (options.lookbackMs ?? APPROVAL_LOOKBACK_MS);
  const records = new Map<number, DeploymentRecord>(); // by id: a record that moves across pages counts once
  const url = client.url('core', `distributedtask/environments/${environment.id}/environmentdeploymentrecords`, '7.1', { top: PAGE_SIZE });
  // Stop early only while the service lists newest first, as Azure DevOps does; any other order is read to the end.
  const pageIsOlder = (page: DeploymentRecord[]) =>
    page.length > 0 &&
    page.every((record, index) => index === 0 || record.id < page[index - 1].id) &&
    page.every((record) => Date.parse(record.queueTime ?? record.startTime ?? '') < oldestQueue);
  for await (const page of client.pages(url, deploymentRecordSchema, pageIsOlder)) {
    for (const record of page) {
      if (options.runId === undefined || record.owner.id === options.runId) records.set(record.id, record);
    }
  }

  const groups = new Map<string, DeploymentRecord[]>();
  for (const record of records.values()) {
    const key = `${environment.id}:${record.owner.id}:${record.stageName}:${record.stageAttempt}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }

  const candidates: Candidate[] = [];
  for (const [key, jobs] of groups) {
    const started = jobs.map((job) => job.startTime).filter((time): time is string => !!time).sort();
    // A stage whose jobs never started changed nothing in production.
    if (started.length === 0 || !inWindow(options.window, started[0])) continue;
    const finished = jobs.map((job) => job.finishTime);
    const first = jobs[0];
    const results = jobs.map((job) => normaliseResult(job.result) || 'inProgress');
    const result = WORST_FIRST.find((candidate) => results.includes(candidate)) ?? results[0];
    const runUrl = first.owner._links?.web?.href ?? client.webUrl(`_build/results?buildId=${first.owner.id}&view=results`);
    candidates.push({
      origin: { kind: 'yaml', environmentId: environment.id, stageAttempt: first.stageAttempt },
      evidence: emptyEvidence({
        key: `yaml:${key}`,
        source: 'yaml',
        environment: environment.name,
        pipeline: { id: first.definition.id, name: first.definition.name },
        runId: first.owner.id,
        runName: first.owner.name,
        stage: first.stageName,
        startedAt: started[0],
        finishedAt: finished.every((time) => !!time) ? (finished as string[]).sort().at(-1)! : null,
        result: finished.every((time) => !!time) ? result : 'inProgress',
        requestedBy: null,
        url: runUrl,
      }),
    });
  }
  options.onFound?.(candidates.length);
  return candidates;
}

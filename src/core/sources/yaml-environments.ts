/**
 * YAML deployments: the deployment records of production environments. Every job of one stage attempt of one run
 * in one environment writes a record; together they are one deployment. Each deployment is paired with the previous
 * successful one of the same pipeline to the same environment, from which its change set is counted.
 */
import type { AdoClient } from '../ado/client';
import { deploymentRecordSchema, environmentSchema, type DeploymentRecord } from '../ado/schemas';
import { inWindow, type AuditWindow } from '../engine/window';
import { AdoHttpError } from '../transport/errors';
import type { PreviousDeployment } from '../model';
import { emptyEvidence, normaliseResult, PREVIOUS_LOOKBACK_MS, type Candidate, type PreviousRef } from './candidate';
import { latestBeforeIndex, type LatestBefore } from './latest-before';

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
  /** Every environment's name, production or not: what the production patterns were matched against. */
  onEnvironments?: (names: string[]) => void;
  /** Only this run's deployments (the run tab). */
  runId?: number;
  /** How long before the window a record may have been queued; default APPROVAL_LOOKBACK_MS. */
  lookbackMs?: number;
}

export interface EnvironmentRef {
  id: number;
  name: string;
}

/**
 * Where environments are read. `pipelines/environments` (7.2-preview) accepts the read-only vso.build scope on Azure
 * DevOps Services; servers without it (Azure DevOps Server 2020, 2022) answer 404 or an out-of-range version, and
 * have `distributedtask/environments`, which needs vso.environment_manage.
 */
export interface EnvironmentRoute {
  path: string;
  version: string;
}

export const ENVIRONMENT_ROUTES: readonly EnvironmentRoute[] = [
  { path: 'pipelines/environments', version: '7.2-preview.1' },
  { path: 'distributedtask/environments', version: '7.1' },
];

const routeMissing = (error: unknown) => error instanceof AdoHttpError && (error.status === 404 || (error.status === 400 && /version/i.test(`${error.typeKey} ${error.message}`)));

export async function listEnvironments(client: AdoClient): Promise<{ environments: EnvironmentRef[]; route: EnvironmentRoute }> {
  for (const [index, route] of ENVIRONMENT_ROUTES.entries()) {
    try {
      const environments: EnvironmentRef[] = [];
      for await (const page of client.pages(client.url('core', route.path, route.version, { $top: PAGE_SIZE }), environmentSchema)) {
        environments.push(...page.map(({ id, name }) => ({ id, name })));
      }
      return { environments, route };
    } catch (error) {
      if (index === ENVIRONMENT_ROUTES.length - 1 || !routeMissing(error)) throw error;
    }
  }
  throw new Error('unreachable');
}

export async function findYamlDeployments(client: AdoClient, options: YamlSourceOptions): Promise<Candidate[]> {
  const { environments, route } = await listEnvironments(client);
  options.onEnvironments?.(environments.map((environment) => environment.name));
  const production = environments.filter((environment) => options.isProduction(environment.name));
  const perEnvironment = await Promise.all(production.map((environment) => deploymentsOf(client, route, environment, options)));
  return perEnvironment.flat();
}

/** One stage attempt of one run in one environment: the records of its jobs. */
export interface Group {
  key: string;
  jobs: DeploymentRecord[];
  definitionId: number;
  startedAt: string | null;
  succeeded: boolean;
}

const queuedAt = (record: DeploymentRecord) => Date.parse(record.queueTime ?? record.startTime ?? '');

async function deploymentsOf(client: AdoClient, route: EnvironmentRoute, environment: EnvironmentRef, options: YamlSourceOptions): Promise<Candidate[]> {
  const from = options.window.from.getTime();
  const approvalWait = options.lookbackMs ?? APPROVAL_LOOKBACK_MS;
  const oldestPrevious = from - PREVIOUS_LOOKBACK_MS;
  const records = new Map<number, DeploymentRecord>(); // by id: a record that moves across pages counts once
  const url = client.url('core', `${route.path}/${environment.id}/environmentdeploymentrecords`, route.version, { top: PAGE_SIZE });

  // Stop early only while the service lists newest first, as Azure DevOps does; any other order is read to the end.
  // Paging ends once a whole page was queued before every deployment it could still matter to: the window (less
  // the longest approval wait), and the previous successful deployment of each pipeline deployed in the window.
  let newestFirst = true;
  const stop = (page: DeploymentRecord[]): boolean => {
    newestFirst &&= page.every((record, index) => index === 0 || record.id < page[index - 1].id);
    if (!newestFirst || page.length === 0) return false;
    const newest = Math.max(...page.map(queuedAt));
    if (!(newest < from - approvalWait)) return false;
    if (newest < oldestPrevious - approvalWait) return true;
    const groups = groupRecords(environment, records.values());
    const previousOf = previousLookup(groups);
    return [...earliestInWindow(groups, options).entries()].every(([definitionId, start]) => {
      const previous = previousOf(definitionId, start, oldestPrevious);
      return previous !== null && newest < Date.parse(previous.startedAt!) - approvalWait;
    });
  };
  for await (const page of client.pages(url, deploymentRecordSchema, stop)) {
    for (const record of page) records.set(record.id, record);
  }

  const groups = groupRecords(environment, records.values());
  const previousOf = previousLookup(groups);
  const candidates: Candidate[] = [];
  for (const group of groups) {
    if (!isDeployment(group, options)) continue;
    const previous = previousOf(group.definitionId, Date.parse(group.startedAt!), oldestPrevious);
    candidates.push(toCandidate(client, environment, group, previous ? toPrevious(client, previous) : null));
  }
  options.onFound?.(candidates.length);
  return candidates;
}

function groupRecords(environment: EnvironmentRef, records: Iterable<DeploymentRecord>): Group[] {
  const byKey = new Map<string, DeploymentRecord[]>();
  for (const record of records) {
    const key = `${environment.id}:${record.owner.id}:${record.stageName}:${record.stageAttempt}`;
    const jobs = byKey.get(key);
    if (jobs) jobs.push(record);
    else byKey.set(key, [record]);
  }
  return [...byKey].map(([key, jobs]) => ({
    key,
    jobs,
    definitionId: jobs[0].definition.id,
    startedAt: jobs.map((job) => job.startTime).filter((time): time is string => !!time).sort()[0] ?? null,
    // A deployment succeeded when every one of its jobs did.
    succeeded: jobs.every((job) => job.result === 'succeeded' && !!job.finishTime),
  }));
}

/** A stage whose jobs never started changed nothing in production. */
const isDeployment = (group: Group, options: YamlSourceOptions): boolean =>
  group.startedAt !== null &&
  inWindow(options.window, group.startedAt) &&
  (options.runId === undefined || group.jobs[0].owner.id === options.runId);

/** The start of each pipeline's first deployment in the window. */
function earliestInWindow(groups: Group[], options: YamlSourceOptions): Map<number, number> {
  const earliest = new Map<number, number>();
  for (const group of groups) {
    if (!isDeployment(group, options)) continue;
    const start = Date.parse(group.startedAt!);
    earliest.set(group.definitionId, Math.min(start, earliest.get(group.definitionId) ?? Infinity));
  }
  return earliest;
}

/** Each pipeline's most recent successful deployment that started before a moment, within the look-back. */
export const previousLookup = (groups: Group[]): LatestBefore<number, Group> =>
  latestBeforeIndex(
    groups.filter((group) => group.succeeded && group.startedAt !== null),
    (group) => group.definitionId,
    (group) => Date.parse(group.startedAt!),
    (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );

const runUrl = (client: AdoClient, record: DeploymentRecord) =>
  record.owner._links?.web?.href ?? client.webUrl(`_build/results?buildId=${record.owner.id}&view=results`);

function toPrevious(client: AdoClient, group: Group): PreviousRef {
  const first = group.jobs[0];
  const deployment: PreviousDeployment = {
    key: `yaml:${group.key}`,
    startedAt: group.startedAt!,
    runId: first.owner.id,
    runName: first.owner.name,
    url: runUrl(client, first),
  };
  return { deployment, deployed: { kind: 'yaml', runId: first.owner.id, pipelineId: first.definition.id } };
}

function toCandidate(client: AdoClient, environment: EnvironmentRef, group: Group, previous: PreviousRef | null): Candidate {
  const { jobs } = group;
  const finished = jobs.map((job) => job.finishTime);
  const first = jobs[0];
  const results = jobs.map((job) => normaliseResult(job.result) || 'inProgress');
  const result = WORST_FIRST.find((candidate) => results.includes(candidate)) ?? results[0];
  const done = finished.every((time) => !!time);
  return {
    origin: {
      kind: 'yaml',
      environmentId: environment.id,
      stageAttempt: first.stageAttempt,
      deployed: { kind: 'yaml', runId: first.owner.id, pipelineId: first.definition.id },
      previous,
    },
    evidence: emptyEvidence({
      key: `yaml:${group.key}`,
      source: 'yaml',
      environment: environment.name,
      pipeline: { id: first.definition.id, name: first.definition.name },
      runId: first.owner.id,
      runName: first.owner.name,
      stage: first.stageName,
      startedAt: group.startedAt!,
      finishedAt: done ? (finished as string[]).sort().at(-1)! : null,
      result: done ? result : 'inProgress',
      requestedBy: null,
      url: runUrl(client, first),
    }),
  };
}

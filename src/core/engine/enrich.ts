/**
 * Collects the evidence of a batch of deployments, in steps that share requests across the batch:
 *   1. the deployed builds of each deployment and of its previous deployment (a YAML run and the runs it consumed, a
 *      release's Build artifacts), all looked up by id list;
 *   2. YAML stages from their run's timeline, and their approvals by id list;
 *   3. each deployed build's change set since the previous deployment's build of the same definition;
 *   4. the pull requests that brought those commits, one query per repository;
 *   5. per deployment: tests, work items, policies, approvals by resource.
 * Whatever cannot be read becomes an error on that deployment; its controls say `unknown`.
 */
import type { BuildRef } from '../ado/build-refs';
import type { AdoClient } from '../ado/client';
import { ApprovalSource, type StageRun } from '../evidence/approvals';
import { BranchPolicySource } from '../evidence/branch-policies';
import { BuildEvidenceSource, type BuildLookup } from '../evidence/builds';
import { attributeCommits, ChangeSetSource, deployedCommitOnly, nothingNew, sinceBuild, type PendingChangeSet } from '../evidence/change-sets';
import { CheckResourceSource } from '../evidence/check-resources';
import { addError, toEvidenceError } from '../evidence/errors';
import { Memo } from '../evidence/memo';
import { PipelineResourceSource } from '../evidence/pipeline-resources';
import { PullRequestSource } from '../evidence/pull-requests';
import { TestSource } from '../evidence/tests';
import { TimelineSource, type StageFacts } from '../evidence/timeline';
import { buildUri, commitUri, pullRequestUri, WorkItemSource } from '../evidence/work-items';
import type { ApprovalEvidence, BuildEvidence, DeploymentEvidence, EvidenceSource, PullRequestEvidence } from '../model';
import type { Candidate, DeployedRef } from '../sources/candidate';
import { AdoHttpError } from '../transport/errors';

const GIT = new Set(['tfsgit', 'git', '']);

type Role = BuildEvidence['role'];
/** A deployed build as found: its evidence and project, or why it could not be read. */
type Deployed = { id: number; role: Role; lookup: BuildLookup };
/** The deployed builds of a run or release, or why they could not be listed. */
type DeployedList = { builds: Deployed[] } | { error: unknown; what: string };
type StageLookup = StageFacts | { error: unknown } | null;
/** A deployed build read, its project, and when it was queued (where its test runs start). */
type ReadBuild = { build: BuildEvidence; projectId: string; queuedAt: string | null };

const isGitBuild = (build: BuildEvidence) => GIT.has(build.repositoryType.toLowerCase());

export class EvidenceCollector {
  private readonly builds: BuildEvidenceSource;
  private readonly resources: PipelineResourceSource;
  private readonly timelines: TimelineSource;
  private readonly approvals: ApprovalSource;
  private readonly checks: CheckResourceSource;
  private readonly changeSets: ChangeSetSource;
  private readonly pullRequests: PullRequestSource;
  private readonly policies: BranchPolicySource;
  private readonly tests: TestSource;
  private readonly workItems: WorkItemSource;
  /** The deployed builds' references of each run or release. */
  private readonly refs = new Memo<string, { refs: (BuildRef & { role: Role })[] } | { error: unknown; what: string }>();

  /** `bulk: false` (the benchmark's baseline): each build's own test summary instead of the project's runs by week. */
  constructor(
    private readonly client: AdoClient,
    options: { bulk?: boolean } = {},
  ) {
    this.builds = new BuildEvidenceSource(client);
    this.resources = new PipelineResourceSource(client);
    this.timelines = new TimelineSource(client);
    this.approvals = new ApprovalSource(client);
    this.checks = new CheckResourceSource(client);
    this.changeSets = new ChangeSetSource(client);
    this.pullRequests = new PullRequestSource(client);
    this.policies = new BranchPolicySource(client);
    this.tests = new TestSource(client, { bulk: options.bulk });
    this.workItems = new WorkItemSource(client);
  }

  async enrich(batch: Candidate[]): Promise<void> {
    // 1. Deployed builds of the deployments and of their previous deployments, looked up together.
    const previousOf = (candidate: Candidate) => {
      const previous = candidate.origin.previous;
      return previous && !('error' in previous) ? previous : null;
    };
    const ofReleases = this.builds.buildsOfReleases(
      batch.flatMap((candidate) =>
        [candidate.origin.deployed, previousOf(candidate)?.deployed].flatMap((ref) => (ref?.kind === 'classic' && !ref.builds ? [ref.releaseId] : [])),
      ),
    );
    const refsOf = (ref: DeployedRef | undefined) => (ref ? this.refsOf(ref, ofReleases) : Promise.resolve(null));
    const [ownRefs, previousRefs] = await Promise.all([
      Promise.all(batch.map((candidate) => refsOf(candidate.origin.deployed))),
      Promise.all(batch.map((candidate) => refsOf(previousOf(candidate)?.deployed))),
    ]);
    const lookups = this.builds.lookup([...ownRefs, ...previousRefs].flatMap((found) => (found && 'refs' in found ? found.refs : [])));
    const resolve = async (found: Awaited<ReturnType<typeof refsOf>>): Promise<DeployedList | null> => {
      if (!found) return null;
      if ('error' in found) return found;
      return { builds: await Promise.all(found.refs.map(async (ref) => ({ id: ref.id, role: ref.role, lookup: await lookups.get(ref.id)! }))) };
    };
    const [deployed, previousDeployed] = await Promise.all([Promise.all(ownRefs.map(resolve)), Promise.all(previousRefs.map(resolve))]);

    // 2. YAML stages from their run's timeline; then all their approvals in a few requests.
    const stages = await Promise.all(batch.map((candidate, index) => this.stageOf(candidate, deployed[index])));
    this.approvals.prefetch(stages.flatMap((stage) => (stage && 'approvalIds' in stage ? stage.approvalIds : [])));

    // 3. Change sets, one history request per pair of builds.
    const pending = await Promise.all(batch.map((candidate, index) => this.changeSetsOf(candidate, deployed[index], previousDeployed[index])));

    // 4. The pull requests holding those commits, one query per repository for the whole batch.
    const holding = this.pullRequestsHolding(pending.flat().filter((set): set is PendingChangeSet => 'set' in set));

    // 5. Everything else, per deployment.
    await Promise.all(batch.map((candidate, index) => this.complete(candidate, deployed[index], stages[index], pending[index], holding)));
  }

  /** The builds a run or release deployed: a run and the pipeline runs it consumed; a release's Build artifacts. */
  private refsOf(ref: DeployedRef, ofReleases: Map<number, Promise<BuildRef[]>>) {
    const key = ref.kind === 'yaml' ? `yaml:${ref.runId}` : `classic:${ref.releaseId}`;
    return this.refs.get(key, async () => {
      if (ref.kind === 'classic') {
        if (ref.builds) return { refs: ref.builds.map((build) => ({ ...build, role: 'artifact' as const })) };
        try {
          return { refs: (await ofReleases.get(ref.releaseId)!).map((build) => ({ ...build, role: 'artifact' as const })) };
        } catch (error) {
          return { error, what: `release ${ref.releaseId}` };
        }
      }
      const refs: (BuildRef & { role: Role })[] = [{ id: ref.runId, projectId: null, role: 'run' }];
      try {
        const consumed = await this.resources.consumed(ref.pipelineId, ref.runId);
        for (const run of consumed) {
          const found = await this.builds.byNumber(run.definitionId, run.buildNumber, run.projectId);
          if (!found) throw new Error(`run ${run.buildNumber} of pipeline ${run.definitionId} (resource "${run.alias}") was not found`);
          if (!refs.some((known) => known.id === found.id)) refs.push({ ...found, role: 'consumed' });
        }
      } catch (error) {
        if (!(error instanceof AdoHttpError && error.status === 404)) return { error, what: `the pipeline runs that run ${ref.runId} consumed` };
      }
      return { refs };
    });
  }

  private async stageOf(candidate: Candidate, deployed: DeployedList | null): Promise<StageLookup> {
    if (candidate.origin.kind !== 'yaml') return null;
    const run = deployed && 'builds' in deployed ? deployed.builds.find((build) => build.role === 'run') : undefined;
    // A run removed by retention took its timeline with it.
    if (run && 'error' in run.lookup && isGone(run.lookup.error)) return { error: run.lookup.error };
    try {
      return await this.timelines.stage(candidate.evidence.runId, candidate.evidence.stage, candidate.origin.stageAttempt);
    } catch (error) {
      return { error };
    }
  }

  /**
   * Each deployed build's change set: since the previous deployment's build of the same definition; the deployed
   * commit alone without one; nothing when that build deployed the same commit.
   */
  private async changeSetsOf(candidate: Candidate, deployed: DeployedList | null, previous: DeployedList | null): Promise<(PendingChangeSet | { error: unknown; buildId: number | null })[]> {
    const lookupPrevious = candidate.origin.previous;
    if (lookupPrevious && 'error' in lookupPrevious) return [{ error: lookupPrevious.error, buildId: null }];
    if (!deployed || 'error' in deployed) return [];
    const earlier = new Map<number, Deployed>();
    if (previous && 'builds' in previous) for (const build of previous.builds) if ('build' in build.lookup) earlier.set(build.lookup.build.definition.id, build);
    return Promise.all(
      deployed.builds.map(async (own) => {
        if ('error' in own.lookup) return { error: own.lookup.error, buildId: own.id };
        const { build, projectId } = own.lookup;
        if (!isGitBuild(build) || !build.sourceVersion) return { error: null, buildId: build.id };
        const inProject = (pending: PendingChangeSet): PendingChangeSet => ({ ...pending, projectId });
        if (lookupPrevious === null) return inProject(deployedCommitOnly(build, this.commitUrl));
        if (previous && 'error' in previous) return { error: new Error(`the builds of ${previous.what} could not be read`), buildId: build.id };
        const counterpart = earlier.get(build.definition.id);
        // A build of a definition the previous deployment did not ship: its own commit.
        if (!counterpart) {
          const unreadable = previous && 'builds' in previous ? previous.builds.find((other) => 'error' in other.lookup) : undefined;
          if (unreadable && 'error' in unreadable.lookup) return { error: unreadable.lookup.error, buildId: build.id };
          return inProject(deployedCommitOnly(build, this.commitUrl));
        }
        const before = (counterpart.lookup as Extract<BuildLookup, { build: unknown }>).build;
        if (before.id === build.id || before.sourceVersion.toLowerCase() === build.sourceVersion.toLowerCase()) return inProject(nothingNew(build, before));
        try {
          return inProject(sinceBuild(build, before, await this.changeSets.commits(before, build, projectId), this.commitUrl));
        } catch (error) {
          return { error, buildId: build.id };
        }
      }),
    );
  }

  private readonly commitUrl = (build: BuildEvidence, commit: string): string | null => {
    if (!build.repositoryId) return null;
    return this.client.webUrl(`_git/${encodeURIComponent(build.repositoryId)}/commit/${commit}`);
  };

  private pullRequestsHolding(sets: PendingChangeSet[]): Map<string, Promise<PullRequestEvidence[]>> {
    const byRepository = new Map<string, { projectId: string; commits: Set<string> }>();
    for (const { build, commits, projectId } of sets) {
      const repository = byRepository.get(build.repositoryId) ?? { projectId: projectId ?? '', commits: new Set<string>() };
      byRepository.set(build.repositoryId, repository);
      for (const { commit } of commits) repository.commits.add(commit.toLowerCase());
    }
    const holding = new Map<string, Promise<PullRequestEvidence[]>>();
    for (const [repositoryId, { projectId, commits }] of byRepository) {
      for (const [commit, pullRequests] of this.pullRequests.holding(repositoryId, projectId, [...commits])) {
        holding.set(`${repositoryId}/${commit}`, pullRequests);
        pullRequests.catch(() => undefined);
      }
    }
    return holding;
  }

  private async complete(
    candidate: Candidate,
    deployed: DeployedList | null,
    stage: StageLookup,
    pending: (PendingChangeSet | { error: unknown; buildId: number | null })[],
    holding: Map<string, Promise<PullRequestEvidence[]>>,
  ): Promise<void> {
    const evidence = candidate.evidence;
    const isYaml = candidate.origin.kind === 'yaml';
    const runWord = isYaml ? `run ${evidence.runId}` : `release ${evidence.runId}`;
    const previous = candidate.origin.previous;
    evidence.previousDeployment = previous && !('error' in previous) ? previous.deployment : null;

    const read: ReadBuild[] = [];
    if (!deployed) {
      addError(evidence, { source: 'build', status: null, message: `no build is known for ${runWord}` });
    } else if ('error' in deployed) {
      const error = toEvidenceError('build', deployed.error, deployed.what);
      addError(evidence, error);
      this.markUnreadable(evidence, ['pullRequests', 'changes', 'tests', 'workItems'], error.message, error.status);
    } else if (deployed.builds.length === 0) {
      // A classic release that deployed no build artifact: nothing to review or test.
      addError(evidence, { source: 'build', status: null, message: `${runWord} has no build artifact` });
      this.markUnreadable(evidence, ['pullRequests', 'changes', 'tests', 'workItems'], `no build is known for ${runWord}`, null);
    } else {
      for (const own of deployed.builds) {
        if ('error' in own.lookup) {
          const error = toEvidenceError('build', own.lookup.error, `build ${own.id}`);
          addError(evidence, error);
          this.markUnreadable(evidence, ['pullRequests', 'changes', 'tests', 'workItems'], error.message, error.status);
        } else {
          read.push({ build: { ...own.lookup.build, role: own.role }, projectId: own.lookup.projectId, queuedAt: own.lookup.queuedAt });
        }
      }
    }
    evidence.builds = read.map(({ build }) => build);
    const run = read.find(({ build }) => build.role === 'run');
    if (isYaml && run) evidence.requestedBy = run.build.requestedFor;
    if (read.length) evidence.testsUrl = this.tests.resultsUrl(read[0].build.id);

    await Promise.all([this.collectTests(evidence, read), this.collectReview(evidence, read, pending, holding), this.collectApprovals(candidate, stage, read[0]?.projectId ?? '')]);
  }

  /** The deployed builds' results together: a CD run without tests passes on the results of the CI run it consumed. */
  private async collectTests(evidence: DeploymentEvidence, read: ReadBuild[]): Promise<void> {
    if (!read.length) return;
    const summaries = await Promise.allSettled(read.map(({ build, projectId, queuedAt }) => this.tests.summary(build.id, projectId, queuedAt)));
    const total = { total: 0, passed: 0, failed: 0, other: 0 };
    summaries.forEach((summary, index) => {
      if (summary.status === 'rejected') {
        addError(evidence, toEvidenceError('tests', summary.reason, `test results of build ${read[index].build.id}`));
        return;
      }
      for (const key of ['total', 'passed', 'failed', 'other'] as const) total[key] += summary.value[key];
    });
    evidence.tests = summaries.every((summary) => summary.status === 'fulfilled') ? total : null;
    if (evidence.tests?.total === 0) {
      // Without any result, whether retention removed them decides between "unknown" and "fail".
      try {
        evidence.testRetentionDays = await this.tests.retentionDays(read[0].projectId);
      } catch (error) {
        addError(evidence, toEvidenceError('tests', error, 'no test results were found, and how long the project keeps them could not be read'));
      }
    }
  }

  private async collectReview(
    evidence: DeploymentEvidence,
    read: { build: BuildEvidence; projectId: string }[],
    pending: (PendingChangeSet | { error: unknown; buildId: number | null })[],
    holding: Map<string, Promise<PullRequestEvidence[]>>,
  ): Promise<void> {
    await this.attribute(evidence, read, pending, holding);
    const projectOf = new Map(read.map(({ build, projectId }) => [build.repositoryId, projectId]));
    const repositoryProject = (repositoryId: string) => projectOf.get(repositoryId) ?? '';
    // Work items linked to the builds, to the pull requests and to the commits of the change set, in bulk with every
    // other deployment asking at the same moment.
    const artifacts = [
      ...read.map(({ build }) => buildUri(build.id)),
      ...evidence.pullRequests.map((pr) => pullRequestUri(this.pullRequests.projectIdOf(pr) || repositoryProject(pr.repositoryId), pr.repositoryId, pr.id)),
      ...(evidence.changes ?? []).flatMap((change) => {
        const build = read.find(({ build: b }) => b.id === change.buildId)?.build;
        return build ? [commitUri(repositoryProject(build.repositoryId), build.repositoryId, change.commit)] : [];
      }),
    ];
    const [policies, items] = await Promise.allSettled([
      Promise.all(evidence.pullRequests.map((pullRequest) => this.collectPolicies(evidence, pullRequest, repositoryProject(pullRequest.repositoryId)))),
      this.workItems.linkedTo(artifacts),
    ]);
    if (policies.status === 'rejected') throw policies.reason;
    if (items.status === 'rejected') {
      addError(evidence, toEvidenceError('workItems', items.reason, 'work items linked to the builds, pull requests and commits'));
    } else {
      evidence.workItems = items.value;
    }
  }

  /** The change sets with the pull requests that brought each commit. */
  private async attribute(
    evidence: DeploymentEvidence,
    read: { build: BuildEvidence }[],
    pending: (PendingChangeSet | { error: unknown; buildId: number | null })[],
    holding: Map<string, Promise<PullRequestEvidence[]>>,
  ): Promise<void> {
    evidence.changeSets = [];
    evidence.changes = [];
    const pullRequests = new Map<string, PullRequestEvidence>();
    for (const entry of pending) {
      if (!('set' in entry)) {
        const build = read.find(({ build: b }) => b.id === entry.buildId)?.build;
        if (entry.error === null && build) {
          const reason = `build ${build.number || build.id} came from a ${build.repositoryType || 'non-Git'} repository, whose pull requests Deploy Audit does not read`;
          addError(evidence, { source: 'pullRequests', status: null, message: reason });
          addError(evidence, { source: 'changes', status: null, message: reason });
        } else if (entry.error !== null) {
          const what = entry.buildId === null ? 'the previous production deployment' : `the commits of build ${build?.number || entry.buildId} since the previous production deployment`;
          addError(evidence, toEvidenceError('changes', entry.error, what));
        }
        continue;
      }
      const { repositoryId } = entry.build;
      try {
        const found = new Map<string, PullRequestEvidence[]>();
        await Promise.all(entry.commits.map(async ({ commit }) => found.set(commit.toLowerCase(), (await holding.get(`${repositoryId}/${commit.toLowerCase()}`)) ?? [])));
        const attributed = attributeCommits(entry, (commit) => found.get(commit.toLowerCase()) ?? []);
        evidence.changeSets.push(entry.set);
        evidence.changes.push(...attributed.changes);
        for (const pr of attributed.pullRequests) pullRequests.set(`${pr.repositoryId}/${pr.id}`, pr);
      } catch (error) {
        const commits = entry.commits.length;
        addError(evidence, toEvidenceError('pullRequests', error, `pull requests of ${commits} commit${commits === 1 ? '' : 's'} of build ${entry.build.number || entry.build.id}`));
      }
    }
    evidence.pullRequests = [...pullRequests.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * A bypass fails branch-policy whatever was evaluated: no need to ask. A pull request completed without bypass had
   * no required policy rejected (Azure DevOps refuses to complete it otherwise); whether a required policy protected
   * its branch comes from the project's policy configurations in force when it completed, listed once per project,
   * rather than from one list of evaluations per pull request.
   */
  private async collectPolicies(evidence: DeploymentEvidence, pullRequest: PullRequestEvidence, projectId: string): Promise<void> {
    if (pullRequest.bypassPolicy) return;
    try {
      pullRequest.branchPolicies = await this.policies.protecting(pullRequest, projectId);
    } catch (error) {
      addError(evidence, toEvidenceError('policyEvaluations', error, `branch policies of ${pullRequest.targetRefName}`));
    }
  }

  /** A YAML stage's approvals, those of its environment apart from those of other resources. */
  private async collectApprovals(candidate: Candidate, stage: StageLookup, projectId: string): Promise<void> {
    if (!stage || candidate.origin.kind !== 'yaml') return;
    const evidence = candidate.evidence;
    if ('error' in stage) {
      const error = toEvidenceError('timeline', stage.error, `timeline of run ${evidence.runId}`);
      addError(evidence, error);
      addError(evidence, { source: 'approvals', status: error.status, message: `approvals of stage "${evidence.stage}" could not be found: ${error.message}` });
      return;
    }
    evidence.priorStagesResult = stage.priorStagesResult;
    const run: StageRun = { runId: evidence.runId, projectId, stageRecordId: stage.stageRecordId, approvalIds: stage.approvalIds, url: evidence.url };
    let byApproval: Map<string, ApprovalEvidence[]>;
    try {
      byApproval = await this.approvals.byApproval(run);
    } catch (error) {
      addError(evidence, toEvidenceError('approvals', error, `approvals of stage "${evidence.stage}"`));
      return;
    }
    const environment = { type: 'environment', id: String(candidate.origin.environmentId), name: evidence.environment };
    const own = (resource: { type: string; id: string }) => resource.type.toLowerCase() === 'environment' && resource.id === environment.id;
    let resources: Map<string, { type: string; id: string; name: string }>;
    try {
      resources = await this.resourcesOf(run, candidate.origin.environmentId, evidence.startedAt, environment);
    } catch (error) {
      const count = run.approvalIds.length;
      addError(evidence, toEvidenceError('approvals', error, `which resource asked for each of the ${count} approvals of stage "${evidence.stage}"`));
      return;
    }
    evidence.approvals = [];
    evidence.otherApprovals = [];
    for (const [id, approvals] of byApproval) {
      const resource = resources.get(id) ?? environment;
      for (const approval of approvals) (own(resource) ? evidence.approvals : evidence.otherApprovals).push({ ...approval, resource });
    }
  }

  /**
   * The resource of each approval. When the stage recorded no more approvals than the environment had approval checks,
   * they were all the environment's; otherwise the checks panel says.
   */
  private async resourcesOf(run: StageRun, environmentId: number, startedAt: string, environment: { type: string; id: string; name: string }) {
    if (run.approvalIds.length === 0) return new Map();
    const checks = await this.checks.approvalChecks(environmentId, startedAt).catch(() => -1);
    if (run.approvalIds.length <= checks) return new Map(run.approvalIds.map((id) => [id.toLowerCase(), environment]));
    return this.approvals.resources(run);
  }

  private markUnreadable(evidence: DeploymentEvidence, sources: EvidenceSource[], why: string, status: number | null): void {
    // They hang off the build: without it there is no commit to find reviews by, and no build to ask for tests.
    for (const source of sources) addError(evidence, { source, status, message: why });
  }
}

function isGone(error: unknown): boolean {
  return error instanceof AdoHttpError && error.status === 404;
}

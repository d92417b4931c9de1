/**
 * A believable demo organization: project "Fabrikam Shop" with three YAML pipelines (web, api, worker: Build →
 * Development → Staging → Production, the api also to Production-EU) and a classic release (QA → Prod),
 * about six months of history ending at `now`, people, pull requests with reviewers and policies, tests and
 * work items, and a realistic share (~10–15%) of deployments breaking a rule. Deterministic from the seed.
 * With `regions`, every change goes to that many production environments (Production, Production-EU, -US …; classic
 * Prod, Prod-EU …): the shape of a team that ships each change to several regions (the benchmark's organizations).
 *
 * Every repository has a real history (git.ts): each production deployment ships a change set — the pull requests
 * merged since the previous production deployment of its pipeline to its environment (earlier ones, and those of runs
 * that never reached production), sometimes a push straight to the branch or a fast-forward from develop; some
 * deployments ship nothing new (a redeploy, a rollback). A CD pipeline (shop-payments-cd) deploys the CI pipeline's run
 * it consumed; a classic release may carry a second Build artifact. Each truth entry carries its engine key, its
 * previous production deployment, its change sets and the verdicts the built cases decide (see DemoDeployment).
 *
 *   const demo = createDemo({ seed: 7, deployments: 3000 });
 *   demo.org;    // the FakeOrganization to serve
 *   demo.truth;  // every production deployment and the findings built into it (ground truth for tests)
 *
 * Tokens: demo-director (a director, organization administrator), demo-developer, demo-auditor (reader: approvals
 * API and HierarchyQuery answer 403).
 */
import { mulberry32 } from './ids';
import { addDemoPolicyRepository } from './routes/git-items';
import {
  FakeOrganization,
  type ApprovalOptions,
  type FakeBuild,
  type FakeRelease,
  type FakeStageAttempt,
  type FakeEnvironment,
  type FakeIdentity,
  type FakeProject,
  type FakePullRequest,
  type FakeRepository,
  type ReleaseApprovalOptions,
  type ReviewerOptions,
  type TestCounts,
} from './model';

export interface DemoOptions {
  /** PRNG seed, default 1. */
  seed?: number;
  /** Production deployments to generate (YAML production stages + classic Prod deployments), default 3000. */
  deployments?: number;
  /** Months of history, default 6. */
  months?: number;
  /** End of the history, default the start of the current UTC day (so a day's demo is stable). */
  now?: Date;
  /**
   * Production environments every change is deployed to, one per region (1–6): a team that ships each change to
   * several regions makes several production deployments of one run, one build and one pull request. Default: the
   * demo's own mix (the api to Production and half the time to Production-EU, the rest to Production only).
   */
  regions?: number;
}

/** The regions' production environments, in the order a change reaches them (YAML environment, classic stage). */
export const DEMO_REGIONS = [
  { yaml: 'Production', stage: 'Production', displayName: 'Production', classic: 'Prod', description: 'Customer-facing (West Europe)' },
  { yaml: 'Production-EU', stage: 'Production_EU', displayName: 'Production EU', classic: 'Prod-EU', description: 'Customer-facing (North Europe)' },
  { yaml: 'Production-US', stage: 'Production_US', displayName: 'Production US', classic: 'Prod-US', description: 'Customer-facing (East US)' },
  { yaml: 'Production-APAC', stage: 'Production_APAC', displayName: 'Production APAC', classic: 'Prod-APAC', description: 'Customer-facing (Southeast Asia)' },
  { yaml: 'Production-UK', stage: 'Production_UK', displayName: 'Production UK', classic: 'Prod-UK', description: 'Customer-facing (UK South)' },
  { yaml: 'Production-AU', stage: 'Production_AU', displayName: 'Production AU', classic: 'Prod-AU', description: 'Customer-facing (Australia East)' },
] as const;

/** What was built into a production deployment (what an audit should find). */
export type DemoFinding =
  | 'singleApprover'
  | 'selfApproval'
  | 'noApproval'
  | 'rejectedApproval'
  | 'prAuthorOnlyApproval'
  | 'prGroupOnlyApproval'
  | 'policyBypass'
  | 'failedTests'
  | 'noTests'
  | 'featureBranch'
  | 'buildDeleted'
  | 'partiallySucceeded'
  | 'rerun';

/**
 * The findings of issue 9 (every change a deployment ships), beside the first ones (DemoAnyFinding): a deployment's
 * findings are DemoAnyFinding.
 */
export type DemoChangeFinding =
  /** A commit pushed straight to the branch (no pull request) is in the change set. */
  | 'directPush'
  /** An earlier pull request of the change set was approved only by its author (the deployed commit's own is fine). */
  | 'unreviewedEarlierChange'
  /** A commit merged by pull request into another branch (develop), then the branch fast-forwarded to it. */
  | 'fastForward'
  /** The same run's stage re-run after a successful attempt, or a new release of the same build: nothing new. */
  | 'redeploy'
  /** A later deployment of an older run: nothing new. */
  | 'rollback'
  /** No previous production deployment of the pipeline to the environment: the deployed commit alone. */
  | 'firstDeployment'
  /** A pull request of the change set completed into a branch with no blocking policy. */
  | 'unprotectedBranch'
  /** A CD pipeline's run deploying a CI pipeline's run (a pipeline resource): the CI run has the tests. */
  | 'consumedArtifact'
  /** The stage also waited for an approval on a service connection, by a second person; the environment had one approver. */
  | 'otherResourceApproval'
  /** A classic release with two Build artifacts, one from a feature branch. */
  | 'multipleArtifacts'
  /** A deployed build older than the project's test result retention: its results (if any) are gone. */
  | 'testsRetained'
  /** A classic deployment still waiting (approval, gates, queue): not a production deployment yet. */
  | 'pendingClassic';

/** Every finding a production deployment can have. */
export type DemoAnyFinding = DemoFinding | DemoChangeFinding;

/** Findings that are not violations by themselves. */
export const DEMO_NOT_VIOLATIONS: ReadonlySet<DemoAnyFinding> = new Set<DemoAnyFinding>([
  'rerun',
  'redeploy',
  'rollback',
  'firstDeployment',
  'consumedArtifact',
  'testsRetained',
  'pendingClassic',
]);

/** The controls whose verdict the demo's truth states (Deploy Audit's control ids). */
export type DemoControlId = 'code-review' | 'branch-policy' | 'approval-count' | 'tests-passed' | 'source-branch';
export type DemoVerdict = 'pass' | 'fail' | 'unknown' | 'notApplicable';

/** What one deployed build shipped: the commits after the previous production deployment's build of its definition. */
export interface DemoChangeSet {
  buildId: number;
  /** history: since an earlier build; deployedCommitOnly: no previous deployment (or none of this definition); nothingNew: the same commit or an older one. */
  basis: 'history' | 'deployedCommitOnly' | 'nothingNew';
  /** The previous deployment's build of the same definition (null without one). */
  sinceBuildId: number | null;
  /** Commit ids, newest first. */
  commits: string[];
  /** Completed pull requests into the build's source branch that brought its commits (ascending). */
  pullRequestIds: number[];
  /** Commits no completed pull request into the build's source branch brought (newest first). */
  uncoveredCommits: string[];
  /** Pull requests of pullRequestIds without an approving vote (10 or 5) by a person other than their author. */
  unreviewedPullRequestIds: number[];
  nothingNew: boolean;
}

export interface DemoDeployment {
  source: 'yaml' | 'classic';
  /** YAML pipeline name or classic release definition name. */
  pipeline: string;
  environment: string;
  /** YAML: the run (build) id; classic: null. */
  runId: number | null;
  /** YAML: the stage and its attempt. */
  stage: string | null;
  attempt: number;
  /** Classic: release and deployment ids. */
  releaseId: number | null;
  deploymentId: number | null;
  /** The deployed builds (the run itself for YAML, the artifact for classic). */
  buildIds: number[];
  requestedFor: string;
  startedAt: string;
  /** The deployment's result: succeeded, failed, notDeployed… */
  result: string;
  findings: DemoAnyFinding[];
  /** The engine's key: yaml:<environmentId>:<runId>:<stageName>:<stageAttempt> or classic:<deploymentId>. */
  key: string;
  /**
   * The previous production deployment (key): the most recent succeeded one that started before, to the same
   * environment from the same pipeline (classic: same release definition and stage); null for none.
   */
  previous: string | null;
  /** What the deployed builds shipped, together (union over changeSets; nothingNew when every build's is). */
  changeSet: { pullRequestIds: number[]; uncoveredCommits: string[]; unreviewedPullRequestIds: number[]; nothingNew: boolean };
  /** One per deployed build, in buildIds' order. */
  changeSets: DemoChangeSet[];
  /** Verdicts the built cases decide (absent: not stated, e.g. evidence the engine cannot read). */
  expected: Partial<Record<DemoControlId, DemoVerdict>>;
}

export interface Demo {
  org: FakeOrganization;
  project: FakeProject;
  people: {
    directors: FakeIdentity[];
    developers: FakeIdentity[];
    auditor: FakeIdentity;
    releaseApprovers: FakeIdentity;
    reviewers: FakeIdentity;
  };
  truth: DemoDeployment[];
  /** Production deployments having each finding. */
  counts: Record<DemoAnyFinding, number>;
}

export const DEMO_TOKENS = {
  director: 'demo-director',
  developer: 'demo-developer',
  auditor: 'demo-auditor',
} as const;

type RunKind = DemoAnyFinding | 'none';

/** Share of YAML runs and classic releases given each finding (each at least once). */
const YAML_SHARES: Partial<Record<DemoAnyFinding, number>> = {
  directPush: 0.006,
  unreviewedEarlierChange: 0.006,
  fastForward: 0.004,
  redeploy: 0.008,
  rollback: 0.006,
  unprotectedBranch: 0.004,
  otherResourceApproval: 0.006,
  singleApprover: 0.022,
  selfApproval: 0.012,
  noApproval: 0.007,
  rerun: 0.01,
  prAuthorOnlyApproval: 0.01,
  prGroupOnlyApproval: 0.008,
  policyBypass: 0.008,
  failedTests: 0.012,
  noTests: 0.008,
  featureBranch: 0.008,
  buildDeleted: 0.012,
  partiallySucceeded: 0.008,
};

const CLASSIC_SHARES: Partial<Record<DemoAnyFinding, number>> = {
  singleApprover: 0.03,
  selfApproval: 0.02,
  noApproval: 0.015,
  rejectedApproval: 0.03,
  buildDeleted: 0.02,
  failedTests: 0.02,
  noTests: 0.01,
  prAuthorOnlyApproval: 0.01,
  multipleArtifacts: 0.02,
  redeploy: 0.02,
};

/** Every finding, in the order counts list them. */
const ALL_FINDINGS: DemoAnyFinding[] = [
  'singleApprover', 'selfApproval', 'noApproval', 'rejectedApproval', 'prAuthorOnlyApproval', 'prGroupOnlyApproval',
  'policyBypass', 'failedTests', 'noTests', 'featureBranch', 'buildDeleted', 'partiallySucceeded', 'rerun',
  'directPush', 'unreviewedEarlierChange', 'fastForward', 'redeploy', 'rollback', 'firstDeployment', 'unprotectedBranch',
  'consumedArtifact', 'otherResourceApproval', 'multipleArtifacts', 'testsRetained', 'pendingClassic',
];

/** Findings of a YAML run's build, which go with it to every production environment. */
const RUN_FINDINGS: DemoAnyFinding[] = ['failedTests', 'noTests', 'featureBranch', 'buildDeleted', 'partiallySucceeded'];
/** Findings of a classic release's Prod deployment itself (pull requests' findings come from the change set). */
const CLASSIC_DEPLOYMENT_FINDINGS = ['singleApprover', 'selfApproval', 'noApproval', 'rejectedApproval', 'buildDeleted', 'failedTests', 'noTests', 'multipleArtifacts'] as const;

/** What a pull request was built to be; its finding goes to every deployment whose change set holds it. */
const PR_KINDS = ['clean', 'prAuthorOnlyApproval', 'prGroupOnlyApproval', 'policyBypass', 'unreviewedEarlierChange', 'unprotectedBranch', 'fastForward'] as const;
type PrKind = (typeof PR_KINDS)[number];

/** A production deployment while the demo is built: what the truth is computed from. */
interface Meta {
  entry: DemoDeployment;
  builds: FakeBuild[];
  /** Same environment and pipeline (classic: release definition and stage). */
  scope: string;
  key: () => string;
  /** Classic: the deployment's id (final once the organization is built). */
  deploymentId: (() => number) | null;
  /** Distinct people who approved for the environment; null when it cannot be read. */
  approvers: () => number | null;
  start: number;
  order: number;
  /** The demo's pull request kinds and pushed commits (shared by every deployment). */
  kinds: Map<number, string>;
  commitKinds: Map<string, 'push' | 'fastForward'>;
}

const VERBS = ['Add', 'Fix', 'Refactor', 'Update', 'Improve', 'Speed up', 'Harden', 'Simplify'];
const THINGS = [
  'checkout flow',
  'basket totals',
  'search ranking',
  'order export',
  'payment retries',
  'product images',
  'inventory sync',
  'email templates',
  'login throttling',
  'price rounding',
  'shipping estimates',
  'gift cards',
  'loyalty points',
  'invoice PDF',
  'stock alerts',
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  pickOther<T>(items: readonly T[], not: readonly T[]): T {
    const rest = items.filter((i) => !not.includes(i));
    return this.pick(rest.length ? rest : items);
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

function bag(count: number, shares: Partial<Record<DemoAnyFinding, number>>, random: Random): RunKind[] {
  const kinds: RunKind[] = [];
  for (const [kind, share] of Object.entries(shares) as Array<[DemoAnyFinding, number]>) {
    const n = Math.max(1, Math.round(share * count));
    for (let i = 0; i < n && kinds.length < count; i++) kinds.push(kind);
  }
  while (kinds.length < count) kinds.push('none');
  return random.shuffle(kinds);
}

/** A working-hours moment of the day of `t` (a few percent fall on weekends and evenings: hotfixes). */
function workingTime(t: number, random: Random): Date {
  const d = new Date(t);
  const day = d.getUTCDay();
  const offHours = random.chance(0.04);
  if (!offHours && (day === 0 || day === 6)) d.setUTCDate(d.getUTCDate() - (day === 6 ? 1 : 2));
  const hour = offHours ? random.int(18, 22) : random.int(7, 16);
  d.setUTCHours(hour, random.int(0, 59), random.int(0, 59), 0);
  return d;
}

interface Unit {
  kind: 'web' | 'api' | 'worker' | 'payments' | 'classic';
  /** Production environments after the first (DEMO_REGIONS[1…]). */
  regions: number;
  finding: RunKind;
  at: Date;
}

export function createDemo(options: DemoOptions = {}): Demo {
  const seed = options.seed ?? 1;
  const target = Math.max(1, options.deployments ?? 3000);
  const months = options.months ?? 6;
  const regions = options.regions === undefined ? null : Math.max(1, Math.min(DEMO_REGIONS.length, Math.floor(options.regions)));
  const nowDefault = new Date();
  nowDefault.setUTCHours(0, 0, 0, 0);
  const now = options.now ?? nowDefault;
  const random = new Random(seed);

  const org = new FakeOrganization('fabrikam');
  const directors = [
    org.person('Margaret Chen', 'margaret.chen@fabrikam.com'),
    org.person('Samuel Okafor', 'samuel.okafor@fabrikam.com'),
    org.person('Ingrid Larsen', 'ingrid.larsen@fabrikam.com'),
  ];
  const developers = [
    'Carlos Mendes',
    'Aisha Patel',
    'Tom Becker',
    'Yuki Tanaka',
    'Lena Novak',
    'Omar Haddad',
    'Grace Liu',
    'Jonas Berg',
    'Fatima Zahra',
    'Daniel Kim',
  ].map((name) => org.person(name, `${name.toLowerCase().replace(/ /g, '.')}@fabrikam.com`));
  const auditor = org.person('Priya Raman', 'priya.raman@fabrikam.com');
  const releaseApprovers = org.group('[Fabrikam Shop]\\Release Approvers');
  const reviewersGroup = org.group('[Fabrikam Shop]\\Shop Reviewers');
  org.administrator(directors[0]);
  org.token(DEMO_TOKENS.director, { user: directors[0] });
  org.token(DEMO_TOKENS.developer, { user: developers[0] });
  org.token(DEMO_TOKENS.auditor, { user: auditor, role: 'reader' });

  const project = org.project('Fabrikam Shop', { description: 'Online shop of Fabrikam Fiber' });
  const repos: Record<Unit['kind'] | 'config', FakeRepository> = {
    web: project.repository('shop-web'),
    api: project.repository('shop-api'),
    worker: project.repository('shop-worker'),
    payments: project.repository('shop-payments'),
    classic: project.repository('shop-legacy', { defaultBranch: 'master' }),
    config: project.repository('shop-legacy-config', { defaultBranch: 'master' }),
  };
  // Branch policies: every repository's default branch is protected (release/* and develop are not).
  for (const repo of [repos.web, repos.api, repos.worker, repos.payments, repos.classic, repos.config]) {
    for (const typeName of ['Minimum number of reviewers', 'Build', 'Comment requirements']) {
      project.branchPolicy({ repository: repo, typeName, settings: typeName === 'Build' ? { buildDefinitionId: 20 } : undefined, createdDate: '2023-06-01T08:00:00Z' });
    }
    project.branchPolicy({ repository: repo, typeName: 'Work item linking', isBlocking: false, createdDate: '2023-06-01T08:00:00Z' });
  }
  const env = {
    development: project.environment('Development', { createdBy: directors[0] }),
    staging: project.environment('Staging', { createdBy: directors[0] }),
    production: project.environment('Production', { createdBy: directors[0], description: DEMO_REGIONS[0].description }),
    productionEu: project.environment('Production-EU', { createdBy: directors[0], description: DEMO_REGIONS[1].description }),
  };
  // The further regions' environments exist only in an organization that deploys to them (the default demo is unchanged).
  const regionEnvironments: FakeEnvironment[] = [env.production, env.productionEu];
  for (const region of DEMO_REGIONS.slice(2, regions ?? 0)) {
    regionEnvironments.push(project.environment(region.yaml, { createdBy: directors[0], description: region.description }));
  }
  const pipelines = {
    web: { id: 21, name: 'shop-web' },
    api: { id: 22, name: 'shop-api' },
    worker: { id: 23, name: 'shop-worker' },
    legacyCi: { id: 24, name: 'shop-legacy-ci' },
    legacyRelease: { id: 7, name: 'shop-legacy' },
    paymentsCi: { id: 25, name: 'shop-payments-ci', path: '\\payments' },
    paymentsCd: { id: 26, name: 'shop-payments-cd', path: '\\payments' },
    legacyConfig: { id: 27, name: 'shop-legacy-config' },
  };
  // Checks: the production environments' approvals, and the production service connection's own approval check.
  const serviceConnection = project.resource('endpoint', 'azure-prod-subscription');
  for (const e of regionEnvironments) project.approvalCheck(e, { approvers: [releaseApprovers, ...directors], minRequiredApprovers: 2, instructions: 'Two directors approve production.' });
  project.approvalCheck(serviceConnection, { approvers: directors, minRequiredApprovers: 1 });
  project.approvalCheck(project.resource('queue', 'Production agents', 12), { approvers: [releaseApprovers], minRequiredApprovers: 1 });

  // 1. The production deployments to make: which pipeline, which finding, when.
  const units: Unit[] = [];
  let planned = 0;
  while (planned < target) {
    const r = random.float();
    const kind: Unit['kind'] = r < 0.39 ? 'web' : r < 0.68 ? 'api' : r < 0.855 ? 'worker' : r < 0.88 ? 'payments' : 'classic';
    const extra =
      regions === null ? (kind === 'api' && target - planned >= 2 && random.chance(0.5) ? 1 : 0) : Math.max(0, Math.min(regions, target - planned) - 1);
    units.push({ kind, regions: extra, finding: 'none', at: new Date(0) });
    planned += 1 + extra;
  }
  const yamlUnits = units.filter((u) => u.kind !== 'classic' && u.kind !== 'payments');
  const classicUnits = units.filter((u) => u.kind === 'classic');
  bag(yamlUnits.length, YAML_SHARES, random).forEach((f, i) => (yamlUnits[i].finding = f));
  bag(classicUnits.length, CLASSIC_SHARES, random).forEach((f, i) => (classicUnits[i].finding = f));
  const start = now.getTime() - months * 30.44 * DAY;
  const span = now.getTime() - start - 2 * DAY;
  const times = units
    .map((_, i) => workingTime(start + ((i + random.float()) / units.length) * span, random))
    .sort((a, b) => a.getTime() - b.getTime());
  random.shuffle(units).forEach((u, i) => (u.at = times[i]));

  // 2. Create them in chronological order, with some runs that never reach production. Every change reaches the
  // repository's default branch through the commit graph (model.ts): earlier pull requests, pushes and fast-forwards
  // since the previous production deployment are part of the next one's change set.
  const truth: DemoDeployment[] = [];
  const metas: Meta[] = [];
  let workItem = 4100;
  const workItems = () => Array.from({ length: random.int(1, 2) }, () => workItem++);
  const title = () => `${random.pick(VERBS)} ${random.pick(THINGS)}`;
  /** A new feature branch (named after its work item, so never one that already exists). */
  let featureCount = 0;
  const featureBranch = () => `refs/heads/feature/${4100 + featureCount++ * 7}-${random.pick(THINGS).replace(/ /g, '-')}`;
  /** What each pull request was built to be, and how each commit no pull request into main brought got there. */
  const prKinds = new Map<number, PrKind>();
  const commitKinds = new Map<string, 'push' | 'fastForward'>();
  /** When the last change went into each repository (earlier pull requests complete after it). */
  const lastChange = new Map<FakeRepository, number>();

  const pullRequest = (
    repo: FakeRepository,
    author: FakeIdentity,
    at: Date,
    finding: RunKind | PrKind,
    options: { target?: string; completedAt?: Date } = {},
  ): FakePullRequest => {
    const others = developers.filter((d) => d !== author);
    const r1 = random.pick(others);
    const r2 = random.pickOther(others, [r1]);
    let reviewers: ReviewerOptions[] = [
      { identity: r1, vote: 10, votedFor: random.chance(0.3) ? [reviewersGroup] : [] },
      { identity: r2, vote: random.chance(0.25) ? 5 : 10 },
    ];
    if (finding === 'prAuthorOnlyApproval' || finding === 'unreviewedEarlierChange') reviewers = [{ identity: author, vote: 10 }, { identity: r1, vote: 0 }];
    if (finding === 'prGroupOnlyApproval') reviewers = [{ identity: reviewersGroup, vote: 10 }];
    if (finding === 'policyBypass') reviewers = [{ identity: r1, vote: 0 }];
    const completed = options.completedAt ?? new Date(at.getTime() - random.int(8, 90) * MINUTE);
    const created = new Date(Math.min(at.getTime() - random.int(2, 60) * HOUR, completed.getTime() - 30 * MINUTE));
    const unprotected = finding === 'unprotectedBranch' || finding === 'fastForward';
    const pr = project.pullRequest({
      repository: repo,
      title: title(),
      createdBy: author,
      closedBy: finding === 'policyBypass' ? random.pick(directors) : author,
      createdAt: created,
      completedAt: completed,
      reviewers,
      bypassPolicy: finding === 'policyBypass',
      bypassReason: finding === 'policyBypass' ? 'Urgent fix for a production incident' : undefined,
      targetRefName: options.target,
      // A branch without policies (a release branch, develop) evaluates none.
      policyEvaluations: unprotected
        ? []
        : [
            {
              typeName: 'Minimum number of reviewers',
              // Azure DevOps completes a pull request with a rejected required policy only when it is bypassed; the
              // author's own approval passes where the policy lets requestors approve their own changes.
              status: finding === 'policyBypass' ? 'rejected' : 'approved',
            },
            { typeName: 'Build', status: 'approved', settings: { buildDefinitionId: 20 } },
            { typeName: 'Work item linking', status: 'approved', isBlocking: false },
            { typeName: 'Comment requirements', status: 'approved' },
          ],
      workItems: workItems(),
    });
    const kind: PrKind = (PR_KINDS as readonly string[]).includes(finding) ? (finding as PrKind) : 'clean';
    prKinds.set(pr.id, kind);
    lastChange.set(repo, Math.max(lastChange.get(repo) ?? 0, completed.getTime()));
    return pr;
  };

  /** Pull requests merged into the default branch since the repository's last change, before `at`. */
  const earlierChanges = (repo: FakeRepository, at: Date, count: number, first: PrKind = 'clean') => {
    const from = Math.max(lastChange.get(repo) ?? at.getTime() - 2 * DAY, at.getTime() - 3 * DAY);
    const to = at.getTime() - 2 * HOUR;
    for (let i = 0; i < count; i++) {
      const t = new Date(from + ((i + 1) / (count + 1)) * Math.max(HOUR, to - from));
      pullRequest(repo, random.pick(developers), t, i === 0 ? first : 'clean', { completedAt: t });
    }
  };

  const tests = (finding: RunKind): TestCounts | null => {
    if (finding === 'noTests') return null;
    return {
      passed: random.int(300, 1400),
      failed: finding === 'failedTests' ? random.int(1, 6) : 0,
      other: random.chance(0.3) ? random.int(1, 12) : 0,
      durationSeconds: random.int(40, 400),
    };
  };

  const yamlApproval = (finding: RunKind, requester: FakeIdentity): ApprovalOptions | null => {
    if (finding === 'noApproval') return null;
    // Approvers other than the requester, so that only 'selfApproval' builds in a self-approval.
    const [a, b] = random.shuffle(directors.filter((d) => d !== requester));
    if (finding === 'singleApprover') {
      return { minRequiredApprovers: 1, steps: [{ assignedTo: releaseApprovers, actedBy: a, comment: 'Approved' }] };
    }
    if (finding === 'otherResourceApproval') {
      // One approver for the environment; a second person approved the service connection's check, which does not count.
      return {
        minRequiredApprovers: 1,
        steps: [{ assignedTo: releaseApprovers, actedBy: a, comment: 'Approved' }],
      };
    }
    if (finding === 'selfApproval') {
      const other = directors.find((d) => d !== requester) ?? b;
      return {
        minRequiredApprovers: 2,
        steps: [
          { assignedTo: releaseApprovers, actedBy: requester, comment: 'Shipping it' },
          { assignedTo: other, actedBy: other, comment: 'OK' },
        ],
      };
    }
    return {
      minRequiredApprovers: 2,
      steps: random.chance(0.4)
        ? [
            { assignedTo: releaseApprovers, actedBy: a, comment: 'Approved for release' },
            { assignedTo: b, actedBy: b, comment: '' },
          ]
        : [
            { assignedTo: a, actedBy: a, comment: random.chance(0.5) ? 'LGTM' : '' },
            { assignedTo: b, actedBy: b, comment: '' },
          ],
    };
  };

  const noise = (at: Date) => {
    // A run that never reaches production: a failed build of a merged change (its pull request goes out with the
    // next production deployment) or a feature branch deployed to Development.
    const kind = random.pick(['web', 'api', 'worker'] as const);
    const dev = random.pick(developers);
    const failed = random.chance(0.5);
    const pr = failed ? pullRequest(repos[kind], dev, at, 'none', { completedAt: new Date(at.getTime() - random.int(5, 30) * MINUTE) }) : null;
    project.yamlRun({
      pipeline: pipelines[kind],
      requestedFor: dev,
      repository: repos[kind],
      pullRequest: pr ?? undefined,
      reason: pr ? 'individualCI' : 'manual',
      sourceBranch: failed ? `refs/heads/${repos[kind].defaultBranch}` : featureBranch(),
      queuedAt: at,
      tests: failed ? { passed: random.int(300, 900), failed: random.int(1, 20) } : tests('none'),
      stages: failed
        ? [{ name: 'Build', result: 'failed' }, { name: 'Development', environment: env.development, result: 'skipped' }]
        : [{ name: 'Build' }, { name: 'Development', environment: env.development }],
    });
  };

  const record = (
    entry: Omit<DemoDeployment, 'key' | 'previous' | 'changeSet' | 'changeSets' | 'expected'>,
    builds: FakeBuild[],
    scope: string,
    key: () => string,
    approvers: () => number | null,
    deploymentId: (() => number) | null = null,
  ) => {
    const full = entry as DemoDeployment;
    truth.push(full);
    metas.push({ entry: full, builds, scope, key, approvers, start: Date.parse(entry.startedAt), order: metas.length, kinds: prKinds, commitKinds, deploymentId });
  };

  const yamlEntry = (run: FakeBuild, attempt: FakeStageAttempt, requester: FakeIdentity, findings: DemoAnyFinding[], builds: FakeBuild[] = [run]) => {
    const stage = attempt.stage;
    const environment = stage.environment!;
    record(
      {
        source: 'yaml',
        pipeline: run.pipeline.name,
        environment: environment.name,
        runId: run.id,
        stage: stage.name,
        attempt: attempt.attempt,
        releaseId: null,
        deploymentId: null,
        buildIds: builds.map((b) => b.id),
        requestedFor: requester.uniqueName,
        startedAt: (attempt.jobs[0]?.startedAt ?? attempt.startedAt ?? run.queuedAt).toISOString(),
        result: attempt.result ?? 'inProgress',
        findings,
      },
      builds,
      `yaml:${environment.id}:${run.pipeline.id}`,
      () => `yaml:${environment.id}:${run.id}:${stage.name}:${attempt.attempt}`,
      () =>
        run.deleted
          ? null
          : new Set((attempt.approval?.steps ?? []).filter((s) => s.status === 'approved' && s.actualApprover).map((s) => s.actualApprover!.id)).size,
    );
  };

  /** Production runs of each pipeline that a later rollback may go back to. */
  const rollbackTargets = new Map<Unit['kind'], Array<{ run: FakeBuild; requester: FakeIdentity }>>();

  const yamlUnit = (u: Unit) => {
    let f = u.finding;
    const repo = repos[u.kind];
    const author = random.pick(developers);
    const requester = f === 'selfApproval' ? random.pick(directors) : author;
    const targets = rollbackTargets.get(u.kind) ?? [];
    if (f === 'rollback') {
      // Re-run the Production stage of the run before the last one: an older commit goes out again.
      const target = targets.length >= 2 ? targets[targets.length - 2] : null;
      if (target) {
        const attempt = project.rerunStage(target.run, 'Production', {
          start: new Date(u.at.getTime() - 5 * MINUTE),
          approval: yamlApproval('none', requester),
          result: 'succeeded',
        });
        yamlEntry(target.run, attempt, requester, ['rollback']);
        return;
      }
      f = 'none';
    }
    // The earlier changes of the change set, then the deployed commit's own.
    const main = `refs/heads/${repo.defaultBranch}`;
    if (f !== 'featureBranch' && f !== 'unprotectedBranch') {
      earlierChanges(repo, u.at, f === 'unreviewedEarlierChange' ? random.int(1, 2) : random.int(0, 2), f === 'unreviewedEarlierChange' ? 'unreviewedEarlierChange' : 'clean');
    }
    if (f === 'directPush') {
      const pushed = project.push({ repository: repo, author: random.pick(developers), at: new Date(u.at.getTime() - random.int(3, 6) * HOUR), message: `Hotfix: ${title().toLowerCase()}` });
      for (const c of pushed) commitKinds.set(c.id, 'push');
    }
    let pr: FakePullRequest | null = null;
    let sourceBranch: string | undefined;
    if (f === 'fastForward') {
      // Merged into develop by pull request, then main fast-forwarded to develop.
      project.branch(repo, 'refs/heads/develop', { from: main });
      const merged = pullRequest(repo, author, u.at, 'fastForward', { target: 'refs/heads/develop' });
      project.fastForward({ repository: repo, branch: main, to: 'refs/heads/develop' });
      commitKinds.set(merged.mergeCommit, 'fastForward');
      sourceBranch = main;
    } else if (f === 'unprotectedBranch') {
      // A release branch cut from what is in production, with a fix merged into it: no policy protects it.
      const name = `refs/heads/release/${u.at.toISOString().slice(0, 10)}`;
      const from = targets[targets.length - 1]?.run.sourceVersion ?? repo.git.tip(main)!;
      repo.git.setTip(name, from);
      pr = pullRequest(repo, author, u.at, 'unprotectedBranch', { target: name });
    } else if (f !== 'featureBranch') {
      // The deployed commit's own pull request (the earlier changes carry the change set's cases).
      pr = pullRequest(repo, author, u.at, f === 'unreviewedEarlierChange' ? 'none' : f);
    }
    const approval = yamlApproval(f, requester);
    const [, second] = random.shuffle(directors.filter((d) => d !== requester && d !== approval?.steps[0]?.actedBy));
    const prodStages = [
      {
        name: 'Production',
        environment: env.production,
        jobs: u.kind === 'web' ? ['Deploy', 'SmokeTest'] : ['Deploy'],
        approval,
        otherApprovals:
          f === 'otherResourceApproval'
            ? [{ resource: serviceConnection, minRequiredApprovers: 1, steps: [{ assignedTo: second ?? directors[2], actedBy: second ?? directors[2], comment: 'Subscription change approved' }] }]
            : undefined,
        attempt: f === 'rerun' || f === 'redeploy' ? 2 : 1,
        previousAttempts: f === 'redeploy' ? [{ result: 'succeeded' as const }] : undefined,
      },
      ...DEMO_REGIONS.slice(1, 1 + u.regions).map((region, i) => ({
        name: region.stage,
        displayName: region.displayName,
        environment: regionEnvironments[i + 1],
        jobs: ['Deploy'],
        approval: yamlApproval('none', requester),
      })),
    ];
    const run: FakeBuild = project.yamlRun({
      pipeline: pipelines[u.kind as 'web' | 'api' | 'worker'],
      requestedFor: requester,
      requestedBy: f === 'selfApproval' ? requester : undefined,
      pullRequest: pr ?? undefined,
      repository: repo,
      sourceBranch: f === 'featureBranch' ? featureBranch() : sourceBranch,
      reason: f === 'featureBranch' ? 'manual' : 'individualCI',
      // Queued so that its production stage starts about when the unit is due: runs of one pipeline rarely cross.
      queuedAt: new Date(u.at.getTime() - (38 + random.int(0, 4)) * MINUTE),
      tests: tests(f),
      workItems: pr?.workItems ?? [],
      deleted: f === 'buildDeleted',
      stages: [
        { name: 'Build', result: f === 'partiallySucceeded' ? 'partiallySucceeded' : 'succeeded' },
        { name: 'Development', environment: env.development },
        { name: 'Staging', environment: env.staging, jobs: ['Deploy', 'IntegrationTests'] },
        ...prodStages,
      ],
    });
    if (f === 'none' || f === 'redeploy') targets.push({ run, requester });
    rollbackTargets.set(u.kind, targets);
    const runFindings: DemoAnyFinding[] = RUN_FINDINGS.filter((k) => k === f);
    for (const stage of run.stages.filter((s) => !!s.environment && regionEnvironments.includes(s.environment))) {
      for (const attempt of stage.attempts) {
        const stageFindings: DemoAnyFinding[] = [...runFindings];
        if (stage.environment === env.production) {
          if (['singleApprover', 'selfApproval', 'noApproval', 'rerun', 'otherResourceApproval'].includes(f)) stageFindings.push(f as DemoAnyFinding);
          if (f === 'redeploy' && attempt.attempt > 1) stageFindings.push('redeploy');
        }
        yamlEntry(run, attempt, requester, stageFindings);
      }
    }
  };

  const paymentsUnit = (u: Unit, ciTestsFail: boolean) => {
    // A CI pipeline builds and tests; its completion triggers the CD pipeline, which deploys that run (a pipeline
    // resource). The CD run has no tests of its own.
    const repo = repos.payments;
    const author = random.pick(developers);
    earlierChanges(repo, u.at, random.int(0, 2));
    const pr = pullRequest(repo, author, new Date(u.at.getTime() - 30 * MINUTE), 'none');
    const ci = project.ciBuild({
      pipeline: pipelines.paymentsCi,
      requestedFor: author,
      pullRequest: pr,
      reason: 'individualCI',
      queuedAt: new Date(u.at.getTime() - 50 * MINUTE),
      tests: tests(ciTestsFail ? 'failedTests' : 'none'),
      workItems: pr.workItems,
    });
    const cd = project.yamlRun({
      pipeline: pipelines.paymentsCd,
      requestedFor: author,
      requestedBy: org.system.tfs,
      repository: repo,
      reason: 'resourceTrigger',
      consumes: [{ alias: 'payments-ci', build: ci }],
      queuedAt: new Date(u.at.getTime() - 20 * MINUTE),
      tests: null,
      workItems: [],
      stages: [{ name: 'Production', environment: env.production, approval: yamlApproval('none', author) }],
    });
    const findings: DemoAnyFinding[] = ['consumedArtifact', ...(ciTestsFail ? (['failedTests'] as DemoAnyFinding[]) : [])];
    yamlEntry(cd, cd.stage('Production').latest, author, findings, [cd, ci]);
  };

  const classicEntry = (release: FakeRelease, name: string, requester: FakeIdentity, findings: DemoAnyFinding[], builds: FakeBuild[]) => {
    const deployment = release.environment(name).latest!;
    const entry: Omit<DemoDeployment, 'key' | 'previous' | 'changeSet' | 'changeSets' | 'expected'> = {
      source: 'classic',
      pipeline: release.definition.name,
      environment: name,
      runId: null,
      stage: null,
      attempt: deployment.attempt,
      releaseId: release.id,
      deploymentId: null,
      buildIds: builds.map((b) => b.id),
      requestedFor: requester.uniqueName,
      startedAt: deployment.startedOn.toISOString(),
      result: deployment.deploymentStatus,
      findings: [...findings],
    };
    record(
      entry,
      builds,
      `classic:${release.definition.id}:${name.toLowerCase()}`,
      () => `classic:${deployment.id}`,
      () =>
        new Set(
          deployment.preDeployApprovals.filter((a) => !a.isAutomated && a.status === 'approved' && a.approvedBy).map((a) => a.approvedBy!.id),
        ).size,
      () => deployment.id,
    );
  };

  const classicUnit = (u: Unit) => {
    const f = u.finding;
    const author = random.pick(developers);
    const requester = f === 'selfApproval' ? random.pick(directors) : author;
    earlierChanges(repos.classic, new Date(u.at.getTime() - 45 * MINUTE), random.int(0, 2));
    const pr = pullRequest(repos.classic, author, new Date(u.at.getTime() - 45 * MINUTE), f);
    const ci = project.ciBuild({
      pipeline: pipelines.legacyCi,
      requestedFor: author,
      pullRequest: pr,
      queuedAt: new Date(u.at.getTime() - 40 * MINUTE),
      tests: tests(f),
      workItems: pr.workItems,
      deleted: f === 'buildDeleted',
    });
    // A second Build artifact: the configuration, built from a feature branch.
    const config =
      f === 'multipleArtifacts'
        ? project.ciBuild({
            pipeline: pipelines.legacyConfig,
            requestedFor: author,
            repository: repos.config,
            sourceBranch: featureBranch(),
            reason: 'manual',
            queuedAt: new Date(u.at.getTime() - 55 * MINUTE),
            tests: tests('none'),
          })
        : null;
    // Approvers other than the requester, so that only 'selfApproval' builds in a self-approval.
    const [a, b] = random.shuffle(directors.filter((d) => d !== requester));
    let approvals: ReleaseApprovalOptions[] = [
      { approver: releaseApprovers, approvedBy: a, comments: 'Approved' },
      { approver: b, comments: '' },
    ];
    if (f === 'singleApprover') approvals = [{ approver: releaseApprovers, approvedBy: a, comments: 'Approved' }];
    if (f === 'selfApproval') approvals = [{ approver: requester, comments: 'Go' }, { approver: directors.find((d) => d !== requester) ?? b }];
    if (f === 'noApproval') approvals = [];
    if (f === 'rejectedApproval') approvals = [{ approver: a, status: 'rejected', comments: 'Outside the change window' }];
    // After Prod, the further regions (not after a rejected Prod approval: the release stops there), each approved
    // by two directors; the findings of the build and its pull request go with the change to every region.
    const regional = f === 'rejectedApproval' ? [] : DEMO_REGIONS.slice(1, 1 + u.regions);
    const builds = config ? [ci, config] : [ci];
    const release = project.classicRelease({
      definition: pipelines.legacyRelease,
      artifactBuild: ci,
      artifacts: config ? [{ build: config, alias: '_shop-legacy-config' }] : undefined,
      requestedBy: requester,
      createdOn: new Date(u.at.getTime() - 30 * MINUTE),
      reason: 'continuousIntegration',
      environments: [
        { name: 'QA', startedOn: new Date(u.at.getTime() - 28 * MINUTE), reason: 'automated' },
        { name: 'Prod', startedOn: u.at, requestedBy: requester, preDeployApprovals: approvals, reason: 'manual' },
        ...regional.map((region, i) => ({
          name: region.classic,
          startedOn: new Date(u.at.getTime() + (i + 1) * 20 * MINUTE),
          requestedBy: requester,
          preDeployApprovals: [
            { approver: a, comments: '' },
            { approver: b, comments: '' },
          ],
          reason: 'manual' as const,
        })),
      ],
    });
    const changeFindings = (['buildDeleted', 'failedTests', 'noTests', 'multipleArtifacts'] as DemoAnyFinding[]).filter((k) => k === f);
    const prodFindings: DemoAnyFinding[] = (CLASSIC_DEPLOYMENT_FINDINGS as readonly string[]).includes(f) ? [f as DemoAnyFinding] : [];
    for (const [name, findings] of [
      ['Prod', prodFindings] as const,
      ...regional.map((region) => [region.classic, changeFindings] as const),
    ]) {
      classicEntry(release, name, requester, [...findings], builds);
    }
    if (f === 'redeploy') {
      // A new release of the same build, later the same day: nothing new reaches production.
      const again = project.classicRelease({
        definition: pipelines.legacyRelease,
        artifactBuild: ci,
        requestedBy: requester,
        createdOn: new Date(u.at.getTime() + 2 * HOUR),
        reason: 'manual',
        description: 'Redeploy after a configuration change',
        environments: [
          { name: 'QA', startedOn: new Date(u.at.getTime() + 2 * HOUR + 2 * MINUTE), reason: 'manual' },
          {
            name: 'Prod',
            startedOn: new Date(u.at.getTime() + 2 * HOUR + 30 * MINUTE),
            requestedBy: requester,
            preDeployApprovals: [
              { approver: releaseApprovers, approvedBy: a, comments: 'Approved' },
              { approver: b, comments: '' },
            ],
            reason: 'manual',
          },
        ],
      });
      classicEntry(again, 'Prod', requester, ['redeploy'], [ci]);
    }
  };

  /** Classic deployments still waiting at the end of the history: for approval, for gates, in a queue. */
  const pendingClassic = () => {
    const waits: Array<{ status: 'inProgress' | 'notDeployed'; operationStatus: string; approved: boolean }> = [
      { status: 'inProgress', operationStatus: 'Pending', approved: false },
      { status: 'inProgress', operationStatus: 'EvaluatingGates', approved: true },
      { status: 'notDeployed', operationStatus: 'Queued', approved: true },
    ];
    waits.forEach((wait, i) => {
      const at = new Date(now.getTime() - (30 - 8 * i) * HOUR);
      const author = random.pick(developers);
      const pr = pullRequest(repos.classic, author, new Date(at.getTime() - 45 * MINUTE), 'none');
      const ci = project.ciBuild({
        pipeline: pipelines.legacyCi,
        requestedFor: author,
        pullRequest: pr,
        queuedAt: new Date(at.getTime() - 40 * MINUTE),
        tests: tests('none'),
        workItems: pr.workItems,
      });
      const [a, b] = random.shuffle([...directors]);
      const release = project.classicRelease({
        definition: pipelines.legacyRelease,
        artifactBuild: ci,
        requestedBy: author,
        createdOn: new Date(at.getTime() - 30 * MINUTE),
        reason: 'continuousIntegration',
        environments: [
          { name: 'QA', startedOn: new Date(at.getTime() - 28 * MINUTE), reason: 'automated' },
          {
            name: 'Prod',
            startedOn: at,
            requestedBy: author,
            status: wait.status,
            operationStatus: wait.operationStatus,
            preDeployApprovals: wait.approved
              ? [
                  { approver: releaseApprovers, approvedBy: a, comments: 'Approved' },
                  { approver: b, comments: '' },
                ]
              : [
                  { approver: releaseApprovers, status: 'pending' },
                  { approver: b, status: 'pending' },
                ],
            reason: 'manual',
          },
        ],
      });
      classicEntry(release, 'Prod', author, ['pendingClassic'], [ci]);
    });
  };

  const sorted = [...units].sort((x, y) => x.at.getTime() - y.at.getTime());
  const payments = sorted.filter((u) => u.kind === 'payments');
  const failingCi = new Set<Unit>([payments[Math.floor(payments.length / 2)], ...payments.filter(() => random.chance(0.1))]);
  for (const u of sorted) {
    if (random.chance(0.08)) noise(new Date(u.at.getTime() - random.int(60, 180) * MINUTE));
    if (u.kind === 'classic') classicUnit(u);
    else if (u.kind === 'payments') paymentsUnit(u, failingCi.has(u));
    else yamlUnit(u);
  }
  pendingClassic();

  // 3. The ground truth of every deployment: its previous production deployment, what its builds shipped, and the
  // verdicts the built cases decide.
  project.testResultRetention({ automatedDays: Math.max(7, Math.floor((now.getTime() - start) / DAY)), manualDays: 365, now, updatedBy: directors[0] });
  finishTruth(metas, project);

  const counts = Object.fromEntries(ALL_FINDINGS.map((k) => [k, 0])) as Record<DemoAnyFinding, number>;
  for (const d of truth) for (const f of d.findings) counts[f] = (counts[f] ?? 0) + 1;
  addDemoPolicyRepository(project, directors[0], new Date(start));


  return {
    org,
    project,
    people: { directors, developers, auditor, releaseApprovers, reviewers: reviewersGroup },
    truth,
    counts,
  };
}

/** The demo's organization (see createDemo for the ground truth). */
export function createDemoOrganization(options: DemoOptions = {}): FakeOrganization {
  return createDemo(options).org;
}

/** Environments the demo treats as production. */
export const DEMO_PRODUCTION_ENVIRONMENTS = ['Production', 'Production-EU'] as const;
export const DEMO_CLASSIC_PRODUCTION_STAGE = 'Prod';

export type { FakeEnvironment };

const ALLOWED_BRANCH = /^refs\/heads\/(main|master|release\/.+)$/;
const NONE: FakePullRequest[] = [];
const APPROVING = new Set([10, 5]);

/**
 * Fills in every deployment's key, previous deployment, change sets, derived findings and expected verdicts, from
 * what the demo built: the commit graph, the pull requests and the deployments (the rules, applied to the
 * generator's own data rather than to what the server answers).
 */
function finishTruth(metas: Meta[], project: FakeProject): void {
  const prsByCommit = new Map<string, FakePullRequest[]>();
  for (const pr of project.pullRequests) {
    if (pr.status !== 'completed') continue;
    for (const sha of new Set([pr.mergeCommit, ...pr.commits])) {
      const key = `${pr.repository.id}:${sha.toLowerCase()}`;
      prsByCommit.set(key, [...(prsByCommit.get(key) ?? []), pr]);
    }
  }
  const prById = new Map(project.pullRequests.map((pr) => [pr.id, pr]));
  const reviewed = (pr: FakePullRequest) =>
    pr.reviewers.some((r) => APPROVING.has(r.vote) && !r.identity.isContainer && r.identity.id !== pr.createdBy.id);
  const prKind = (pr: FakePullRequest): string => (pr.bypassPolicy ? 'policyBypass' : 'clean');
  // A required policy protected the pull request's branch: one was evaluated on it, or one was configured on that
  // branch of its repository (exactly, or by prefix) when it completed.
  const isProtected = (pr: FakePullRequest) =>
    pr.policyEvaluations.some((e) => e.configuration.isBlocking && e.configuration.isEnabled && e.status !== 'notApplicable') ||
    project.branchPolicies.some(
      ({ configuration: c, repository, refName, matchKind }) =>
        c.isBlocking &&
        c.isEnabled &&
        (!repository || repository === pr.repository) &&
        (!refName || (matchKind === 'Prefix' ? pr.targetRefName.toLowerCase().startsWith(refName.toLowerCase()) : pr.targetRefName.toLowerCase() === refName.toLowerCase())) &&
        (!pr.closedDate || c.createdDate <= pr.closedDate),
    );

  const ordered = [...metas].sort((a, b) => a.start - b.start || a.order - b.order);
  const lastSucceeded = new Map<string, Meta>();
  for (const m of ordered) {
    const previous = lastSucceeded.get(m.scope) ?? null;
    if (m.deploymentId) m.entry.deploymentId = m.deploymentId();
    m.entry.key = m.key();
    m.entry.previous = previous ? previous.entry.key : null;
    if (m.entry.result === 'succeeded') lastSucceeded.set(m.scope, m);

    m.entry.changeSets = m.builds.map((build) => {
      const since = previous?.builds.find((b) => b.pipeline.id === build.pipeline.id) ?? null;
      const git = build.repository.git;
      const commits = since
        ? since.repository === build.repository
          ? git.range(since.sourceVersion, build.sourceVersion).map((c) => c.id)
          : [build.sourceVersion]
        : [build.sourceVersion];
      const nothingNew = since !== null && commits.length === 0;
      const branch = build.sourceBranch.toLowerCase();
      const covering = (sha: string) => {
        const prs = prsByCommit.get(`${build.repository.id}:${sha}`);
        return prs ? prs.filter((pr) => pr.targetRefName.toLowerCase() === branch) : NONE;
      };
      const pullRequestIds = [...new Set(commits.flatMap((sha) => covering(sha).map((pr) => pr.id)))].sort((a, b) => a - b);
      return {
        buildId: build.id,
        basis: since === null ? 'deployedCommitOnly' : nothingNew ? 'nothingNew' : 'history',
        sinceBuildId: since?.id ?? null,
        commits,
        pullRequestIds,
        uncoveredCommits: commits.filter((sha) => covering(sha).length === 0),
        unreviewedPullRequestIds: pullRequestIds.filter((id) => !reviewed(prById.get(id)!)),
        nothingNew,
      } satisfies DemoChangeSet;
    });
    const sets = m.entry.changeSets;
    const union = (pick: (c: DemoChangeSet) => Array<number | string>) => [...new Set(sets.flatMap(pick))];
    m.entry.changeSet = {
      pullRequestIds: (union((c) => c.pullRequestIds) as number[]).sort((a, b) => a - b),
      uncoveredCommits: union((c) => c.uncoveredCommits) as string[],
      unreviewedPullRequestIds: (union((c) => c.unreviewedPullRequestIds) as number[]).sort((a, b) => a - b),
      nothingNew: sets.every((c) => c.nothingNew),
    };

    // Findings the change set brings (what was built into its pull requests and commits).
    const deleted = m.builds.some((b) => b.deleted);
    const findings = new Set<DemoAnyFinding>(m.entry.findings);
    if (!deleted && !findings.has('pendingClassic')) {
      const deployedCommits = new Set(m.builds.map((b) => b.sourceVersion));
      for (const id of m.entry.changeSet.pullRequestIds) {
        const pr = prById.get(id)!;
        const kind = m.kinds.get(id) ?? prKind(pr);
        if (kind === 'unreviewedEarlierChange' && deployedCommits.has(pr.mergeCommit)) continue;
        if (['prAuthorOnlyApproval', 'prGroupOnlyApproval', 'policyBypass', 'unreviewedEarlierChange', 'unprotectedBranch'].includes(kind)) {
          findings.add(kind as DemoAnyFinding);
        }
      }
      for (const sha of m.entry.changeSet.uncoveredCommits) {
        const how = m.commitKinds.get(sha);
        if (how === 'push') findings.add('directPush');
        if (how === 'fastForward') findings.add('fastForward');
      }
    }
    if (m.entry.previous === null && !findings.has('pendingClassic')) findings.add('firstDeployment');
    // A build older than the test retention shows no results, whether it had some or none: what was built into its
    // tests can no longer be seen.
    const retained = m.builds.some((b) => b.beyondTestRetention && !b.deleted);
    if (retained) {
      findings.delete('noTests');
      findings.delete('failedTests');
      findings.add('testsRetained');
    }
    m.entry.findings = ALL_FINDINGS.filter((f) => findings.has(f));

    // Expected verdicts.
    const expected: Partial<Record<DemoControlId, DemoVerdict>> = {};
    const waiting = m.entry.findings.includes('pendingClassic') || m.entry.result === 'notDeployed';
    const sinceDeleted = sets.some((c) => c.sinceBuildId !== null && (project.org.findBuild(c.sinceBuildId)?.deleted ?? false));
    const yamlDeleted = m.entry.source === 'yaml' && deleted;
    if (!waiting) {
      const fresh = sets.filter((c) => !c.nothingNew);
      if (!deleted && !sinceDeleted && fresh.length) {
        const uncovered = fresh.some((c) => c.uncoveredCommits.length > 0);
        const unreviewed = fresh.some((c) => c.unreviewedPullRequestIds.length > 0);
        expected['code-review'] = uncovered || unreviewed ? 'fail' : 'pass';
        const prs = [...new Set(fresh.flatMap((c) => c.pullRequestIds))].map((id) => prById.get(id)!);
        expected['branch-policy'] = !prs.length
          ? 'notApplicable'
          : prs.some(
                (pr) =>
                  pr.bypassPolicy ||
                  pr.policyEvaluations.some((e) => e.configuration.isBlocking && e.configuration.isEnabled && e.status === 'rejected') ||
                  !isProtected(pr),
              )
            ? 'fail'
            : 'pass';
      }
      const approvers = m.approvers();
      if (!yamlDeleted && approvers !== null) expected['approval-count'] = approvers >= 2 ? 'pass' : 'fail';
      if (deleted || retained) expected['tests-passed'] = 'unknown';
      else {
        const tested = m.builds.filter((b) => b.tests);
        expected['tests-passed'] = !tested.length || tested.some((b) => b.tests!.failed > 0) ? 'fail' : 'pass';
      }
      if (!deleted) expected['source-branch'] = m.builds.every((b) => ALLOWED_BRANCH.test(b.sourceBranch)) ? 'pass' : 'fail';
    }
    m.entry.expected = expected;
  }
}

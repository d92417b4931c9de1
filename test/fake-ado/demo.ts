/**
 * A believable demo organization: project "Fabrikam Shop" with three YAML pipelines (web, api, worker: Build →
 * Development → Staging → Production, the api also to Production-EU) and a classic release (QA → Prod),
 * about six months of history ending at `now`, people, pull requests with reviewers and policies, tests and
 * work items, and a realistic share (~10–15%) of deployments breaking a rule. Deterministic from the seed.
 * With `regions`, every change goes to that many production environments (Production, Production-EU, -US …; classic
 * Prod, Prod-EU …): the shape of a team that ships each change to several regions (the benchmark's organizations).
 *
 *   const demo = createDemo({ seed: 7, deployments: 3000 });
 *   demo.org;    // the FakeOrganization to serve
 *   demo.truth;  // every production deployment and the findings built into it (ground truth for tests)
 *
 * Tokens: demo-director (a director, organization administrator), demo-developer, demo-auditor (reader: approvals
 * API and HierarchyQuery answer 403).
 */
import { mulberry32 } from './ids';
import {
  FakeOrganization,
  type ApprovalOptions,
  type FakeBuild,
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

/** Findings that are not violations by themselves. */
export const DEMO_NOT_VIOLATIONS: ReadonlySet<DemoFinding> = new Set<DemoFinding>(['rerun']);

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
  findings: DemoFinding[];
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
  counts: Record<DemoFinding, number>;
}

export const DEMO_TOKENS = {
  director: 'demo-director',
  developer: 'demo-developer',
  auditor: 'demo-auditor',
} as const;

type RunKind = DemoFinding | 'none';

/** Share of YAML runs and classic releases given each finding (each at least once). */
const YAML_SHARES: Partial<Record<DemoFinding, number>> = {
  singleApprover: 0.03,
  selfApproval: 0.015,
  noApproval: 0.008,
  rerun: 0.01,
  prAuthorOnlyApproval: 0.015,
  prGroupOnlyApproval: 0.01,
  policyBypass: 0.01,
  failedTests: 0.015,
  noTests: 0.01,
  featureBranch: 0.01,
  buildDeleted: 0.015,
  partiallySucceeded: 0.01,
};

const CLASSIC_SHARES: Partial<Record<DemoFinding, number>> = {
  singleApprover: 0.04,
  selfApproval: 0.02,
  noApproval: 0.02,
  rejectedApproval: 0.03,
  buildDeleted: 0.02,
  failedTests: 0.02,
  noTests: 0.01,
  prAuthorOnlyApproval: 0.01,
};

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

function bag(count: number, shares: Partial<Record<DemoFinding, number>>, random: Random): RunKind[] {
  const kinds: RunKind[] = [];
  for (const [kind, share] of Object.entries(shares) as Array<[DemoFinding, number]>) {
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
  kind: 'web' | 'api' | 'worker' | 'classic';
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
  const repos: Record<Unit['kind'], FakeRepository> = {
    web: project.repository('shop-web'),
    api: project.repository('shop-api'),
    worker: project.repository('shop-worker'),
    classic: project.repository('shop-legacy', { defaultBranch: 'master' }),
  };
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
  };

  // 1. The production deployments to make: which pipeline, which finding, when.
  const units: Unit[] = [];
  let planned = 0;
  while (planned < target) {
    const r = random.float();
    const kind: Unit['kind'] = r < 0.4 ? 'web' : r < 0.7 ? 'api' : r < 0.88 ? 'worker' : 'classic';
    const extra =
      regions === null ? (kind === 'api' && target - planned >= 2 && random.chance(0.5) ? 1 : 0) : Math.max(0, Math.min(regions, target - planned) - 1);
    units.push({ kind, regions: extra, finding: 'none', at: new Date(0) });
    planned += 1 + extra;
  }
  const yamlUnits = units.filter((u) => u.kind !== 'classic');
  const classicUnits = units.filter((u) => u.kind === 'classic');
  bag(yamlUnits.length, YAML_SHARES, random).forEach((f, i) => (yamlUnits[i].finding = f));
  bag(classicUnits.length, CLASSIC_SHARES, random).forEach((f, i) => (classicUnits[i].finding = f));
  const start = now.getTime() - months * 30.44 * DAY;
  const span = now.getTime() - start - 2 * DAY;
  const times = units
    .map((_, i) => workingTime(start + ((i + random.float()) / units.length) * span, random))
    .sort((a, b) => a.getTime() - b.getTime());
  random.shuffle(units).forEach((u, i) => (u.at = times[i]));

  // 2. Create them in chronological order, with some runs that never reach production.
  const truth: DemoDeployment[] = [];
  let workItem = 4100;
  const workItems = () => Array.from({ length: random.int(1, 2) }, () => workItem++);
  const title = () => `${random.pick(VERBS)} ${random.pick(THINGS)}`;

  const pullRequest = (repo: FakeRepository, author: FakeIdentity, at: Date, finding: RunKind): FakePullRequest => {
    const others = developers.filter((d) => d !== author);
    const r1 = random.pick(others);
    const r2 = random.pickOther(others, [r1]);
    let reviewers: ReviewerOptions[] = [
      { identity: r1, vote: 10, votedFor: random.chance(0.3) ? [reviewersGroup] : [] },
      { identity: r2, vote: random.chance(0.25) ? 5 : 10 },
    ];
    if (finding === 'prAuthorOnlyApproval') reviewers = [{ identity: author, vote: 10 }, { identity: r1, vote: 0 }];
    if (finding === 'prGroupOnlyApproval') reviewers = [{ identity: reviewersGroup, vote: 10 }];
    if (finding === 'policyBypass') reviewers = [{ identity: r1, vote: 0 }];
    const created = new Date(at.getTime() - random.int(2, 60) * HOUR);
    const completed = new Date(at.getTime() - random.int(8, 90) * MINUTE);
    return project.pullRequest({
      repository: repo,
      title: title(),
      createdBy: author,
      closedBy: finding === 'policyBypass' ? random.pick(directors) : author,
      createdAt: created,
      completedAt: completed,
      reviewers,
      bypassPolicy: finding === 'policyBypass',
      bypassReason: finding === 'policyBypass' ? 'Urgent fix for a production incident' : undefined,
      policyEvaluations: [
        {
          typeName: 'Minimum number of reviewers',
          status: finding === 'policyBypass' || finding === 'prAuthorOnlyApproval' ? 'rejected' : 'approved',
        },
        { typeName: 'Build', status: 'approved', settings: { buildDefinitionId: 20 } },
        { typeName: 'Work item linking', status: 'approved', isBlocking: false },
        { typeName: 'Comment requirements', status: 'approved' },
      ],
      workItems: workItems(),
    });
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
    // A run that never reaches production: a failed build or a feature branch deployed to Development.
    const kind = random.pick(['web', 'api', 'worker'] as const);
    const dev = random.pick(developers);
    const failed = random.chance(0.5);
    project.yamlRun({
      pipeline: pipelines[kind],
      requestedFor: dev,
      repository: repos[kind],
      sourceBranch: failed ? `refs/heads/${repos[kind].defaultBranch}` : `refs/heads/feature/${random.pick(THINGS).replace(/ /g, '-')}`,
      queuedAt: at,
      tests: failed ? { passed: random.int(300, 900), failed: random.int(1, 20) } : tests('none'),
      stages: failed
        ? [{ name: 'Build', result: 'failed' }, { name: 'Development', environment: env.development, result: 'skipped' }]
        : [{ name: 'Build' }, { name: 'Development', environment: env.development }],
    });
  };

  const yamlUnit = (u: Unit) => {
    const f = u.finding;
    const repo = repos[u.kind];
    const author = random.pick(developers);
    const requester = f === 'selfApproval' ? random.pick(directors) : author;
    const pr = f === 'featureBranch' ? null : pullRequest(repo, author, u.at, f);
    const approval = yamlApproval(f, requester);
    const prodStages = [
      {
        name: 'Production',
        environment: env.production,
        jobs: u.kind === 'web' ? ['Deploy', 'SmokeTest'] : ['Deploy'],
        approval,
        attempt: f === 'rerun' ? 2 : 1,
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
      sourceBranch: pr ? undefined : `refs/heads/feature/${random.pick(THINGS).replace(/ /g, '-')}`,
      reason: pr ? 'individualCI' : 'manual',
      queuedAt: new Date(u.at.getTime() - random.int(20, 50) * MINUTE),
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
    const runFindings: DemoFinding[] = (
      ['prAuthorOnlyApproval', 'prGroupOnlyApproval', 'policyBypass', 'failedTests', 'noTests', 'featureBranch', 'buildDeleted', 'partiallySucceeded'] as DemoFinding[]
    ).filter((k) => k === f);
    for (const stage of run.stages.filter((s) => !!s.environment && regionEnvironments.includes(s.environment))) {
      for (const attempt of stage.attempts) {
        const stageFindings: DemoFinding[] = [...runFindings];
        if (stage.environment === env.production && ['singleApprover', 'selfApproval', 'noApproval', 'rerun'].includes(f)) {
          stageFindings.push(f as DemoFinding);
        }
        truth.push({
          source: 'yaml',
          pipeline: run.pipeline.name,
          environment: stage.environment!.name,
          runId: run.id,
          stage: stage.name,
          attempt: attempt.attempt,
          releaseId: null,
          deploymentId: null,
          buildIds: [run.id],
          requestedFor: requester.uniqueName,
          startedAt: (attempt.jobs[0]?.startedAt ?? attempt.startedAt ?? run.queuedAt).toISOString(),
          result: attempt.result ?? 'inProgress',
          findings: stageFindings,
        });
      }
    }
  };

  const classicDeployments: Array<{ entry: DemoDeployment; resolve: () => number }> = [];
  const classicUnit = (u: Unit) => {
    const f = u.finding;
    const author = random.pick(developers);
    const requester = f === 'selfApproval' ? random.pick(directors) : author;
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
    const release = project.classicRelease({
      definition: pipelines.legacyRelease,
      artifactBuild: ci,
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
    const changeFindings = (['buildDeleted', 'failedTests', 'noTests', 'prAuthorOnlyApproval'] as DemoFinding[]).filter((k) => k === f);
    for (const [name, findings] of [
      ['Prod', f === 'none' ? [] : [f]] as const,
      ...regional.map((region) => [region.classic, changeFindings] as const),
    ]) {
      const deployment = release.environment(name).latest!;
      const entry: DemoDeployment = {
        source: 'classic',
        pipeline: release.definition.name,
        environment: name,
        runId: null,
        stage: null,
        attempt: deployment.attempt,
        releaseId: release.id,
        deploymentId: null,
        buildIds: [ci.id],
        requestedFor: requester.uniqueName,
        startedAt: deployment.startedOn.toISOString(),
        result: deployment.deploymentStatus,
        findings: [...findings],
      };
      truth.push(entry);
      classicDeployments.push({ entry, resolve: () => deployment.id });
    }
  };

  const sorted = [...units].sort((x, y) => x.at.getTime() - y.at.getTime());
  for (const u of sorted) {
    if (random.chance(0.08)) noise(new Date(u.at.getTime() - random.int(60, 180) * MINUTE));
    if (u.kind === 'classic') classicUnit(u);
    else yamlUnit(u);
  }
  for (const c of classicDeployments) c.entry.deploymentId = c.resolve();

  const counts = Object.fromEntries(
    ([...Object.keys(YAML_SHARES), ...Object.keys(CLASSIC_SHARES)] as DemoFinding[]).map((k) => [k, 0]),
  ) as Record<DemoFinding, number>;
  for (const d of truth) for (const f of d.findings) counts[f] = (counts[f] ?? 0) + 1;

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

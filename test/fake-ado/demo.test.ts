/**
 * The demo organization is deterministic from its seed, has every kind of finding in a realistic share, and
 * what it serves agrees with its ground truth.
 */
import { startDemoServer, describeDemoServer, parseDemoArgs, type DemoServer } from './cli';
import { createDemo, DEMO_NOT_VIOLATIONS, DEMO_TOKENS, type DemoAnyFinding, type DemoChangeFinding, type DemoDeployment, type DemoFinding } from './demo';
import type { Json } from './samples';

const NOW = new Date('2026-11-30T00:00:00Z');

async function get(server: DemoServer, url: string, token: string = DEMO_TOKENS.director): Promise<{ status: number; body: Json; text: string; next: string | null }> {
  const res = await fetch(url, {
    headers: { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`, Accept: 'application/json;api-version=7.1' },
  });
  const text = await res.text();
  let body: Json = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  void server;
  return { status: res.status, body, text, next: res.headers.get('x-ms-continuationtoken') };
}

describe('demo organization', () => {
  it('is the same for the same seed and differs for another seed', () => {
    const a = createDemo({ seed: 42, deployments: 300, now: NOW });
    const b = createDemo({ seed: 42, deployments: 300, now: NOW });
    const c = createDemo({ seed: 43, deployments: 300, now: NOW });
    expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
    expect(JSON.stringify(a.truth)).not.toBe(JSON.stringify(c.truth));
    expect(a.org.deploymentRecords().map((r) => [r.id, r.build.id, r.job.name])).toEqual(
      b.org.deploymentRecords().map((r) => [r.id, r.build.id, r.job.name]),
    );
  });

  it('serves byte-identical answers for the same seed', async () => {
    const one = await startDemoServer({ seed: 5, deployments: 200, now: NOW });
    const two = await startDemoServer({ seed: 5, deployments: 200, now: NOW });
    try {
      const prod = one.demo.org.projects[0].environments.find((e) => e.name === 'Production')!;
      for (const path of [
        `/Fabrikam%20Shop/_apis/distributedtask/environments/${prod.id}/environmentdeploymentrecords?top=50`,
        `/Fabrikam%20Shop/_apis/build/builds/${one.demo.truth[5].buildIds[0]}/timeline`,
      ]) {
        const x = await get(one, `${one.orgUrl}${path}`);
        const y = await get(two, `${two.orgUrl}${path}`);
        expect(x.text.split(one.baseUrl).join('')).toBe(y.text.split(two.baseUrl).join(''));
      }
      const x = await get(one, `${one.vsrmUrl}/Fabrikam%20Shop/_apis/release/deployments?$top=100`);
      const y = await get(two, `${two.vsrmUrl}/Fabrikam%20Shop/_apis/release/deployments?$top=100`);
      expect(x.text.split(one.baseUrl).join('')).toBe(y.text.split(two.baseUrl).join(''));
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('has about 3000 production deployments over six months with every finding, 10–15% violating a rule', () => {
    const demo = createDemo({ seed: 1, now: NOW });
    expect(demo.truth.length).toBeGreaterThanOrEqual(3000);
    expect(demo.truth.length).toBeLessThan(3100);
    const starts = demo.truth.map((d) => Date.parse(d.startedAt));
    expect(Math.max(...starts)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.min(...starts)).toBeGreaterThan(NOW.getTime() - 6.2 * 30.44 * 86_400_000);
    const all: DemoAnyFinding[] = [
      'singleApprover', 'selfApproval', 'noApproval', 'rejectedApproval', 'prAuthorOnlyApproval', 'prGroupOnlyApproval',
      'policyBypass', 'failedTests', 'noTests', 'featureBranch', 'buildDeleted', 'partiallySucceeded', 'rerun',
    ];
    for (const f of all) expect({ f, some: demo.counts[f] > 0 }).toEqual({ f, some: true });
    const violating = demo.truth.filter((d) => d.findings.some((f) => !DEMO_NOT_VIOLATIONS.has(f))).length;
    expect(violating / demo.truth.length).toBeGreaterThan(0.1);
    expect(violating / demo.truth.length).toBeLessThan(0.16);
    const classic = demo.truth.filter((d) => d.source === 'classic').length;
    expect(classic / demo.truth.length).toBeGreaterThan(0.05);
    expect(new Set(demo.truth.map((d) => d.environment))).toEqual(new Set(['Production', 'Production-EU', 'Prod']));
  });

  it('has every finding even in a small demo', () => {
    const demo = createDemo({ seed: 9, deployments: 120, now: NOW });
    for (const [f, n] of Object.entries(demo.counts)) expect({ f, some: n > 0 }).toEqual({ f, some: true });
  });

  it('serves what its ground truth says', async () => {
    const server = await startDemoServer({ seed: 3, deployments: 400, now: NOW });
    const project = 'Fabrikam%20Shop';
    try {
      const { demo } = server;
      const first = (f: DemoFinding) => demo.truth.find((d) => d.findings.includes(f))!;

      const deleted = first('buildDeleted');
      expect((await get(server, `${server.orgUrl}/${project}/_apis/build/builds/${deleted.buildIds[0]}`)).status).toBe(404);

      const feature = first('featureBranch');
      const featureBuild = await get(server, `${server.orgUrl}/${project}/_apis/build/builds/${feature.buildIds[0]}`);
      expect(featureBuild.body.sourceBranch).toMatch(/^refs\/heads\/feature\//);

      const untested = first('noTests');
      const summary = await get(server, `${server.vstmrUrl}/${project}/_apis/testresults/resultsummarybybuild?buildId=${untested.buildIds[0]}`);
      expect(summary.body.aggregatedResultsAnalysis.totalTests).toBe(0);

      const failing = first('failedTests');
      const failed = await get(server, `${server.vstmrUrl}/${project}/_apis/testresults/resultsummarybybuild?buildId=${failing.buildIds[0]}`);
      expect(failed.body.aggregatedResultsAnalysis.resultsByOutcome.Failed.count).toBeGreaterThan(0);

      const self = demo.truth.find((d) => d.findings.includes('selfApproval') && d.source === 'yaml')!;
      const build = demo.org.findBuild(self.runId!)!;
      const approvalId = build.stage('Production').approval!.id;
      const approvals = await get(server, `${server.orgUrl}/${project}/_apis/pipelines/approvals?approvalIds=${approvalId}&$expand=steps`);
      const acted = approvals.body.value[0].steps.map((s: Json) => s.actualApprover?.uniqueName);
      expect(acted).toContain(self.requestedFor);
      expect(build.requestedFor.uniqueName).toBe(self.requestedFor);

      const rejected = first('rejectedApproval');
      const page = await get(server, `${server.vsrmUrl}/${project}/_apis/release/deployments?deploymentStatus=notDeployed&$top=100`);
      expect(page.body.value.map((d: Json) => d.id)).toContain(rejected.deploymentId);

      const audit = await get(server, `${server.orgUrl}/${project}/_apis/pipelines/approvals?approvalIds=${approvalId}`, DEMO_TOKENS.auditor);
      expect(audit.status).toBe(403);
      const dev = await get(server, `${server.orgUrl}/${project}/_apis/build/builds/${feature.buildIds[0]}`, DEMO_TOKENS.developer);
      expect(dev.status).toBe(200);

      // Every production YAML deployment in the truth has its records, and paging finds them all.
      const prod = demo.project.environments.find((e) => e.name === 'Production')!;
      const seen = new Set<string>();
      let token: string | null = null;
      do {
        const p: Awaited<ReturnType<typeof get>> = await get(
          server,
          `${server.orgUrl}/${project}/_apis/distributedtask/environments/${prod.id}/environmentdeploymentrecords?top=100${token ? `&continuationToken=${token}` : ''}`,
        );
        for (const r of p.body.value) seen.add(`${r.owner.id}/${r.stageName}/${r.stageAttempt}`);
        token = p.next;
      } while (token);
      const expected = demo.truth.filter((d) => d.environment === 'Production').map((d) => `${d.runId}/${d.stage}/${d.attempt}`);
      expect([...seen].sort()).toEqual([...new Set(expected)].sort());
    } finally {
      await server.close();
    }
  });

  it('describes itself and parses command-line options', async () => {
    expect(parseDemoArgs(['--port', '8085', '--seed=3', '--deployments', '50', '--months', '2', '--latency', '5'])).toEqual({
      port: 8085,
      seed: 3,
      deployments: 50,
      months: 2,
      latencyMs: 5,
    });
    expect(() => parseDemoArgs(['--nope'])).toThrow(/Unknown option/);
    const server = await startDemoServer({ deployments: 30, now: NOW });
    try {
      const text = describeDemoServer(server);
      expect(text).toContain(server.orgUrl);
      expect(text).toContain('demo-auditor');
    } finally {
      await server.close();
    }
  });

  describe('change sets (issue 9)', () => {
    const CHANGE_FINDINGS: DemoChangeFinding[] = [
      'directPush', 'unreviewedEarlierChange', 'fastForward', 'redeploy', 'rollback', 'firstDeployment', 'unprotectedBranch',
      'consumedArtifact', 'otherResourceApproval', 'multipleArtifacts', 'testsRetained', 'pendingClassic',
    ];
    const demo = createDemo({ seed: 7, deployments: 600, months: 2, now: NOW });
    const byKey = new Map(demo.truth.map((d) => [d.key, d]));
    const having = (f: DemoAnyFinding) => demo.truth.filter((d) => d.findings.includes(f));

    it('has every case, in the seed-7 demo and in the default one', () => {
      const full = createDemo({ now: NOW });
      for (const f of CHANGE_FINDINGS) {
        expect({ f, some: demo.counts[f] > 0 }).toEqual({ f, some: true });
        expect({ f, default: full.counts[f] > 0 }).toEqual({ f, default: true });
      }
      const violating = demo.truth.filter((d) => d.findings.some((f) => !DEMO_NOT_VIOLATIONS.has(f))).length;
      expect(violating / demo.truth.length).toBeLessThan(0.16);
    });

    it('gives every deployment a unique key and the most recent earlier succeeded deployment of its pipeline to its environment', () => {
      expect(byKey.size).toBe(demo.truth.length);
      for (const d of demo.truth) {
        expect(d.key).toEqual(d.source === 'classic' ? `classic:${d.deploymentId}` : expect.stringMatching(new RegExp(`^yaml:\\d+:${d.runId}:${d.stage}:${d.attempt}$`)));
        const previous = d.previous ? byKey.get(d.previous)! : null;
        expect(d.findings.includes('firstDeployment')).toBe(previous === null && !d.findings.includes('pendingClassic'));
        if (!previous) continue;
        expect([previous.environment, previous.pipeline, previous.result]).toEqual([d.environment, d.pipeline, 'succeeded']);
        expect(Date.parse(previous.startedAt)).toBeLessThan(Date.parse(d.startedAt));
        const between = demo.truth.filter(
          (o) => o.environment === d.environment && o.pipeline === d.pipeline && o.result === 'succeeded' &&
            Date.parse(o.startedAt) > Date.parse(previous.startedAt) && Date.parse(o.startedAt) < Date.parse(d.startedAt),
        );
        expect(between).toEqual([]);
      }
    });

    it('states the cases in the change sets and in the expected verdicts', () => {
      const one = (f: DemoAnyFinding) => having(f)[0];
      for (const d of having('directPush')) expect([d.changeSet.uncoveredCommits.length > 0, d.expected['code-review']]).toEqual([true, 'fail']);
      for (const d of having('fastForward')) expect([d.changeSet.uncoveredCommits.length > 0, d.expected['code-review']]).toEqual([true, 'fail']);
      for (const d of having('unreviewedEarlierChange')) {
        expect(d.changeSet.unreviewedPullRequestIds.length).toBeGreaterThan(0);
        expect(d.expected['code-review']).toBe('fail');
      }
      const earlier = having('unreviewedEarlierChange').find((d) => d.findings.length === 1 && d.environment === 'Production')!;
      const own = demo.project.pullRequests.find((pr) => pr.mergeCommit === demo.org.findBuild(d0(earlier))!.sourceVersion)!;
      expect(earlier.changeSet.unreviewedPullRequestIds).not.toContain(own.id);
      expect(earlier.changeSet.pullRequestIds.length).toBeGreaterThan(1);
      for (const d of [...having('redeploy'), ...having('rollback')]) {
        expect(d.changeSet.nothingNew).toBe(true);
        expect(d.previous).not.toBeNull();
      }
      for (const d of having('unprotectedBranch')) expect(d.expected['branch-policy']).toBe('fail');
      for (const d of having('otherResourceApproval')) expect(d.expected['approval-count']).toBe('fail');
      for (const d of having('multipleArtifacts').filter((x) => x.environment === 'Prod')) {
        expect(d.buildIds).toHaveLength(2);
        expect(d.expected['source-branch']).toBe('fail');
      }
      for (const d of having('testsRetained')) expect(d.expected['tests-passed']).toBe('unknown');
      for (const d of having('pendingClassic')) expect([d.result, d.expected]).toEqual([expect.stringMatching(/^(inProgress|notDeployed)$/), {}]);
      const consumed = having('consumedArtifact');
      expect(consumed.every((d) => d.buildIds.length === 2)).toBe(true);
      expect(consumed.filter((d) => d.findings.includes('failedTests')).map((d) => d.expected['tests-passed'])).toContain('fail');
      expect(consumed.filter((d) => !d.findings.includes('failedTests') && !d.findings.includes('testsRetained')).every((d) => d.expected['tests-passed'] === 'pass')).toBe(true);
      const first = one('firstDeployment');
      expect(first.changeSets.every((c) => c.basis === 'deployedCommitOnly' && c.commits.length === 1)).toBe(true);
      const clean = demo.truth.filter((d) => d.findings.length === 0);
      expect(clean.length).toBeGreaterThan(300);
      // Without a verdict: nothing new (two runs whose production deployments crossed), or the previous build is gone.
      const unstated = (d: DemoDeployment) =>
        d.changeSet.nothingNew || d.changeSets.some((c) => c.sinceBuildId !== null && demo.org.findBuild(c.sinceBuildId)!.deleted);
      expect(clean.filter((d) => d.expected['code-review'] !== 'pass' && !unstated(d))).toEqual([]);
      expect(clean.filter((d) => d.expected['approval-count'] !== 'pass' || d.expected['branch-policy'] === 'fail')).toEqual([]);
      expect(demo.truth.filter((d) => d.changeSet.pullRequestIds.length > 1).length / demo.truth.length).toBeGreaterThan(0.4);
    });

    it('serves the same change sets through the build changes API', async () => {
      const server = await startDemoServer({ seed: 7, deployments: 600, months: 2, now: NOW });
      try {
        const sets = server.demo.truth
          .filter((d) => !d.findings.includes('buildDeleted'))
          .flatMap((d) => d.changeSets.filter((c) => c.sinceBuildId !== null && !server.demo.org.findBuild(c.sinceBuildId)!.deleted));
        expect(sets.length).toBeGreaterThan(500);
        for (const c of sets.slice(0, 250)) {
          const url = `${server.orgUrl}/Fabrikam%20Shop/_apis/build/changes?fromBuildId=${c.sinceBuildId}&toBuildId=${c.buildId}&$top=1000`;
          const answer = await get(server, url);
          expect({ build: c.buildId, commits: answer.body.value.map((x: Json) => x.id) }).toEqual({ build: c.buildId, commits: c.commits });
        }
        // The pull request query by commit finds the earlier pull requests of a change set.
        const d = server.demo.truth.find((x) => x.findings.includes('unreviewedEarlierChange') && x.changeSets[0].basis === 'history')!;
        const build = server.demo.org.findBuild(d.buildIds[0])!;
        const query = await fetch(`${server.orgUrl}/Fabrikam%20Shop/_apis/git/repositories/${build.repository.id}/pullrequestquery?api-version=7.1`, {
          method: 'POST',
          headers: { Authorization: `Basic ${Buffer.from(`:${DEMO_TOKENS.director}`).toString('base64')}`, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ queries: [{ type: 'commit', items: d.changeSets[0].commits }, { type: 'lastMergeCommit', items: d.changeSets[0].commits }] }),
        }).then((r) => r.json() as Promise<Json>);
        const found = new Set<number>(
          query.results.flatMap((r: Json) => Object.values(r).flatMap((prs) => (prs as Json[]).filter((p) => p.targetRefName === build.sourceBranch && p.status === 'completed').map((p) => p.pullRequestId))),
        );
        expect([...found].sort((a, b) => a - b)).toEqual(d.changeSets[0].pullRequestIds);
      } finally {
        await server.close();
      }
    });
  });
});

const d0 = (d: DemoDeployment): number => d.buildIds[0];

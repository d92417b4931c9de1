/**
 * The fake Azure DevOps server answers as the real service does: each endpoint's answer has the shape of the
 * real sample it was built from, lists page with x-ms-continuationtoken, authentication fails the real ways,
 * the Accept header's options are honoured, and faults can be injected per test.
 */
import { guidFrom } from './ids';
import type { FakeRelease } from './model';
import { exampleBody, loadSample, specProperties, templates, type Json } from './samples';
import { sampleOrganization, TOKENS, type SampleOrganization } from './sample-org';
import { startFakeAdo, type FakeAdo } from './server';

const ACCEPT = 'application/json;api-version=7.1';
const TYPED_CLIENT_ACCEPT =
  'application/json;api-version=7.1;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true';

const basic = (pat: string, user = '') => `Basic ${Buffer.from(`${user}:${pat}`).toString('base64')}`;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

async function call(
  url: string,
  options: { token?: string | null; accept?: string; headers?: Record<string, string>; method?: string; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: options.accept ?? ACCEPT, ...(options.headers ?? {}) };
  const token = options.token === undefined ? TOKENS.good : options.token;
  if (token !== null) headers.Authorization = basic(token);
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: Json = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, text, body };
}

const keys = (o: Json): string[] => Object.keys(o).sort();
const missing = (expected: string[], actual: Json): string[] => expected.filter((k) => !(k in actual));
const extra = (allowed: string[], actual: Json): string[] => Object.keys(actual).filter((k) => !allowed.includes(k));

let s: SampleOrganization;
let ado: FakeAdo;
let org: string;
let vsrm: string;
let vstmr: string;

beforeAll(async () => {
  s = sampleOrganization(21);
  ado = await startFakeAdo(s.org);
  org = ado.orgUrl;
  vsrm = ado.vsrmUrl;
  vstmr = ado.vstmrUrl;
});

afterAll(async () => {
  await ado.close();
});

beforeEach(() => {
  ado.clearFaults();
  ado.resetLog();
  ado.setLatency(0);
});

describe('resource areas', () => {
  it('lists the areas with location URLs ending in a slash, release and test results on their own hosts', async () => {
    const { status, body } = await call(`${org}/_apis/resourceAreas`);
    expect(status).toBe(200);
    expect(body.count).toBe(body.value.length);
    const byId = new Map<string, Json>(body.value.map((a: Json) => [a.id, a]));
    for (const area of body.value) expect(keys(area)).toEqual(['id', 'locationUrl', 'name']);
    expect(byId.get('965220d5-5bb9-42cf-8d67-9b146df2a5a4').locationUrl).toBe(`${org}/`);
    expect(byId.get('4e080c62-fa21-4fbc-8fef-2a10a2b38049').locationUrl).toBe(`${org}/`);
    expect(byId.get('c2aa639c-3ccc-4740-b3b6-ce2a1e1d984e').locationUrl).toBe(`${org}/`);
    expect(byId.get('efc2f575-36ef-48e9-b672-0c6fb4a48ac5').locationUrl).toBe(`${vsrm}/`);
    expect(byId.get('c83eaf52-edf3-4034-ae11-17d38f25404c').locationUrl).toBe(`${vstmr}/`);
    for (const name of ['pipelines', 'policy', 'distributedtask']) {
      expect(body.value.some((a: Json) => a.name === name)).toBe(true);
    }
  });

  it('answers one area by id', async () => {
    const { body } = await call(`${org}/_apis/resourceAreas/efc2f575-36ef-48e9-b672-0c6fb4a48ac5`);
    expect(body).toEqual({ id: 'efc2f575-36ef-48e9-b672-0c6fb4a48ac5', name: 'release', locationUrl: `${vsrm}/` });
  });

  it('serves release and test results routes only on their own hosts', async () => {
    expect((await call(`${org}/Shop/_apis/release/deployments?api-version=7.1`)).status).toBe(404);
    expect((await call(`${org}/Shop/_apis/release/releases/${s.release.id}?api-version=7.1`)).status).toBe(404);
    expect((await call(`${org}/Shop/_apis/testresults/resultsummarybybuild?buildId=${s.run.id}`)).status).toBe(404);
    expect((await call(`${vsrm}/Shop/_apis/build/builds/${s.run.id}`)).status).toBe(404);
    expect((await call(`${vsrm}/Shop/_apis/release/deployments?api-version=7.1`)).status).toBe(200);
  });
});

describe('projects', () => {
  it('finds a project by name in any casing or by id', async () => {
    const byName = await call(`${org}/_apis/projects/shop?api-version=7.1`);
    const byId = await call(`${org}/_apis/projects/${s.shop.id}?api-version=7.1`);
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual(byId.body);
    expect(byName.body).toMatchObject({ id: s.shop.id, name: 'Shop', state: 'wellFormed', visibility: 'private' });
  });

  it('answers 404 ProjectDoesNotExistWithNameException for an unknown project, on any project-scoped route', async () => {
    const expected = {
      $id: '1',
      innerException: null,
      message:
        'TF200016: The following project does not exist: Nope. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.',
      typeName: 'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
      typeKey: 'ProjectDoesNotExistWithNameException',
      errorCode: 0,
      eventId: 3000,
    };
    for (const url of [
      `${org}/_apis/projects/Nope`,
      `${org}/Nope/_apis/build/builds/${s.run.id}`,
      `${vsrm}/Nope/_apis/release/deployments`,
      `${org}/Nope/_apis/distributedtask/environments`,
    ]) {
      const { status, body } = await call(url);
      expect({ url, status, body }).toEqual({ url, status: 404, body: expected });
    }
  });

  it('accepts a URL-encoded project name with spaces', async () => {
    const o = sampleOrganization();
    o.org.project('Fabrikam Shop');
    const fake = await startFakeAdo(o.org);
    try {
      const { status, body } = await call(`${fake.orgUrl}/Fabrikam%20Shop/_apis/distributedtask/environments`);
      expect(status).toBe(200);
      expect(body).toEqual({ count: 0, value: [] });
    } finally {
      await fake.close();
    }
  });
});

describe('environments and deployment records', () => {
  it('lists environments under distributedtask and pipelines', async () => {
    const a = await call(`${org}/Shop/_apis/distributedtask/environments?api-version=7.1`);
    const b = await call(`${org}/Shop/_apis/pipelines/environments?api-version=7.1`);
    expect(a.body).toEqual(b.body);
    expect(a.body.value.map((e: Json) => e.name)).toEqual(['Staging', 'Production']);
    const allowed = specProperties('environments_7.2_environments.json', 'EnvironmentInstance');
    for (const e of a.body.value) expect(extra(allowed, e)).toEqual([]);
  });

  it('pages environments with $top and the continuation token header', async () => {
    const first = await call(`${org}/Shop/_apis/distributedtask/environments?$top=1`);
    expect(first.body.value.map((e: Json) => e.name)).toEqual(['Staging']);
    const token = first.headers.get('x-ms-continuationtoken');
    expect(token).toBeTruthy();
    const second = await call(`${org}/Shop/_apis/distributedtask/environments?$top=1&continuationToken=${token}`);
    expect(second.body.value.map((e: Json) => e.name)).toEqual(['Production']);
    expect(second.headers.get('x-ms-continuationtoken')).toBeNull();
  });

  it('writes one record per job of each stage attempt, with the spec fields', async () => {
    const { body } = await call(
      `${org}/Shop/_apis/distributedtask/environments/${s.prod.id}/environmentdeploymentrecords?top=1000`,
    );
    const allowed = specProperties('environments_7.2_environments.json', 'EnvironmentDeploymentExecutionRecord');
    const records: Json[] = body.value;
    for (const r of records) {
      expect(extra(allowed, r)).toEqual([]);
      expect(r).toMatchObject({ environmentId: s.prod.id, planType: 'Build', scopeId: s.shop.id });
      expect(keys(r.owner)).toEqual(['_links', 'id', 'name']);
      expect(keys(r.owner._links)).toEqual(['self', 'web']);
      expect(keys(r.definition)).toEqual(['_links', 'id', 'name']);
    }
    const ofRun = records.filter((r) => r.owner.id === s.run.id);
    expect(ofRun.map((r) => r.jobName).sort()).toEqual(['Deploy', 'Smoke']);
    expect(new Set(ofRun.map((r) => `${r.stageName}/${r.stageAttempt}/${r.owner.name}`)).size).toBe(1);
    const ofRerun = records.filter((r) => r.owner.id === s.rerun.id);
    expect(ofRerun.map((r) => r.stageAttempt).sort()).toEqual([1, 2]);
    expect(ofRerun.find((r) => r.stageAttempt === 1).result).toBe('failed');
    expect(records.filter((r) => r.owner.id === s.deleted.id)).toHaveLength(1);
    expect(records.filter((r) => r.owner.id === s.rejected.id)).toHaveLength(0);
    const ids = records.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('pages records newest first, each exactly once, with x-ms-continuationtoken absent on the last page', async () => {
    const all = s.org.deploymentRecords(s.prod).map((r) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(45);
    const seen: number[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const url: string = `${org}/Shop/_apis/distributedtask/environments/${s.prod.id}/environmentdeploymentrecords?top=7${token ? `&continuationToken=${token}` : ''}&api-version=7.1`;
      const page = await call(url);
      expect(page.body.value.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.value.map((r: Json) => r.id));
      token = page.headers.get('x-ms-continuationtoken');
      pages++;
    } while (token && pages < 100);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  it('answers 25 records per page when top is absent', async () => {
    const { body, headers } = await call(`${org}/Shop/_apis/pipelines/environments/${s.prod.id}/environmentdeploymentrecords`);
    expect(body.value).toHaveLength(25);
    expect(headers.get('x-ms-continuationtoken')).toBe(String(body.value[24].id - 1));
  });
});

describe('builds', () => {
  it('writes Build with the spec fields', async () => {
    const { status, body } = await call(`${org}/Shop/_apis/build/builds/${s.run.id}?api-version=7.1`);
    expect(status).toBe(200);
    expect(extra(specProperties('build_7.1_build.json', 'Build'), body)).toEqual([]);
    expect(body).toMatchObject({
      id: s.run.id,
      buildNumber: s.run.buildNumber,
      status: 'completed',
      result: 'succeeded',
      sourceBranch: 'refs/heads/main',
      sourceVersion: s.pr.mergeCommit,
      uri: `vstfs:///Build/Build/${s.run.id}`,
      repository: { id: s.repo.id, type: 'TfsGit', name: 'shop-web' },
      definition: { id: 12, name: 'shop-web' },
      project: { id: s.shop.id, name: 'Shop' },
      requestedFor: { id: s.people.carol.id, uniqueName: 'carol@contoso.com' },
      orchestrationPlan: { planId: s.run.planId },
    });
    expect(body._links.web.href).toContain(`_build/results?buildId=${s.run.id}`);
  });

  it('reports a partially succeeded build', async () => {
    const { body } = await call(`${org}/Shop/_apis/build/builds/${s.rerun.id}`);
    expect(body.result).toBe('partiallySucceeded');
  });

  it('lists the builds asked for by id, leaving out deleted and unknown ones', async () => {
    const ids = [s.run.id, s.deleted.id, s.ci.id, 99999].join(',');
    const { body } = await call(`${org}/Shop/_apis/build/builds?buildIds=${ids}&api-version=7.1`);
    expect(body.value.map((b: Json) => b.id).sort()).toEqual([s.run.id, s.ci.id].sort());
  });

  it('answers 404 BuildNotFoundException for a build removed by retention', async () => {
    const expected = {
      $id: '1',
      innerException: null,
      message: `The requested build ${s.deleted.id} could not be found.`,
      typeName: 'Microsoft.TeamFoundation.Build.WebApi.BuildNotFoundException, Microsoft.TeamFoundation.Build2.WebApi',
      typeKey: 'BuildNotFoundException',
      errorCode: 0,
      eventId: 3000,
    };
    for (const path of ['', '/timeline', '/workitems']) {
      const { status, body } = await call(`${org}/Shop/_apis/build/builds/${s.deleted.id}${path}`);
      expect({ path, status, body }).toEqual({ path, status: 404, body: expected });
    }
  });

  it('lists the work items of a build', async () => {
    const { body } = await call(`${org}/Shop/_apis/build/builds/${s.run.id}/workitems?api-version=7.1`);
    expect(body).toEqual({
      count: 2,
      value: [
        { id: '101', url: `${org}/_apis/wit/workItems/101` },
        { id: '102', url: `${org}/_apis/wit/workItems/102` },
      ],
    });
  });
});

describe('timelines', () => {
  const capturedKeySets = (): Map<string, string[][]> => {
    const sets = new Map<string, string[][]>();
    for (const t of [templates.yamlTimeline(), templates.yamlTimelineRerun()]) {
      for (const r of t.records) {
        const list = sets.get(r.type) ?? [];
        list.push(keys(r));
        sets.set(r.type, list);
      }
    }
    return sets;
  };

  it('has the captured timeline shape: every record has the key set of a captured record of its type', async () => {
    const { body } = await call(`${org}/Shop/_apis/build/builds/${s.run.id}/timeline?api-version=7.1`);
    expect(keys(body)).toEqual(keys(templates.yamlTimeline()));
    const sets = capturedKeySets();
    for (const record of body.records) {
      const candidates = (sets.get(record.type) ?? []).map((k) => JSON.stringify(k));
      expect({ type: record.type, keys: candidates.includes(JSON.stringify(keys(record))) }).toEqual({ type: record.type, keys: true });
    }
    expect(new Set(body.records.map((r: Json) => r.type))).toEqual(
      new Set(['Stage', 'Checkpoint', 'Checkpoint.Approval', 'Phase', 'Job', 'Task']),
    );
  });

  it('links Stage → Checkpoint → Checkpoint.Approval, the approval record id being the approval id', async () => {
    const { body } = await call(`${org}/Shop/_apis/build/builds/${s.run.id}/timeline`);
    const byId = new Map<string, Json>(body.records.map((r: Json) => [r.id, r]));
    const stage = body.records.find((r: Json) => r.type === 'Stage' && r.identifier === 'Production');
    expect(stage).toMatchObject({ parentId: null, name: 'Production', state: 'completed', result: 'succeeded', attempt: 1 });
    const approval = body.records.find((r: Json) => r.type === 'Checkpoint.Approval');
    expect(approval.id).toBe(s.run.stage('Production').approval!.id);
    expect(approval.identifier).toBe(approval.id);
    const checkpoint = byId.get(approval.parentId);
    expect(checkpoint).toMatchObject({ type: 'Checkpoint', parentId: stage.id, identifier: 'Checkpoint' });
    const jobs = body.records.filter((r: Json) => r.type === 'Job' && r.parentId);
    expect(jobs.map((j: Json) => j.identifier).sort()).toEqual([
      'Build.Build.__default',
      'Production.Deploy.Deploy',
      'Production.Smoke.Smoke',
      'Staging.Deploy.Deploy',
    ]);
    for (const job of jobs) expect(byId.get(job.parentId).type).toBe('Phase');
  });

  it('keeps a re-run stage\'s earlier attempt in its own timeline', async () => {
    const { body } = await call(`${org}/Shop/_apis/build/builds/${s.rerun.id}/timeline`);
    const stage = body.records.find((r: Json) => r.type === 'Stage' && r.identifier === 'Production');
    expect(stage.attempt).toBe(2);
    expect(stage.previousAttempts).toHaveLength(1);
    const [previous] = stage.previousAttempts;
    expect(previous).toEqual({ attempt: 1, timelineId: previous.recordId, recordId: previous.recordId });
    const job = body.records.find((r: Json) => r.type === 'Job' && r.identifier === 'Production.Deploy.Deploy');
    expect(job.attempt).toBe(2);
    expect(job.previousAttempts).toEqual([expect.objectContaining({ attempt: 1, timelineId: previous.timelineId })]);

    const old = await call(`${org}/Shop/_apis/build/builds/${s.rerun.id}/timeline/${previous.timelineId}?api-version=7.1`);
    expect(old.status).toBe(200);
    expect(old.body.id).toBe(previous.timelineId);
    const oldStage = old.body.records.find((r: Json) => r.type === 'Stage');
    expect(oldStage).toMatchObject({ id: previous.recordId, attempt: 1, result: 'failed', identifier: 'Production' });
    expect(old.body.records.find((r: Json) => r.type === 'Checkpoint.Approval').id).toBe(s.rerun.stage('Production').attempts[0].approval!.id);
    expect(old.body.records.every((r: Json) => r.type !== 'Stage' || r.identifier === 'Production')).toBe(true);
  });

  it('shows a rejected approval as a failed stage whose jobs were skipped', async () => {
    const { body } = await call(`${org}/Shop/_apis/build/builds/${s.rejected.id}/timeline`);
    const stage = body.records.find((r: Json) => r.type === 'Stage' && r.identifier === 'Production');
    expect(stage.result).toBe('failed');
    expect(body.records.find((r: Json) => r.type === 'Checkpoint.Approval').result).toBe('failed');
    expect(body.records.find((r: Json) => r.identifier === 'Production.Deploy.Deploy').result).toBe('skipped');
  });
});

describe('pipelines approvals', () => {
  const approvalId = () => s.run.stage('Production').approval!.id;

  it('answers empty steps without $expand=steps, as the real service does', async () => {
    const { body } = await call(`${org}/Shop/_apis/pipelines/approvals?approvalIds=${approvalId()}&api-version=7.1`);
    expect(body.count).toBe(1);
    const [approval] = body.value;
    expect(missing(keys(templates.pipelineApproval()), approval)).toEqual([]);
    expect(approval).toMatchObject({ id: approvalId(), status: 'approved', steps: [], minRequiredApprovers: 1, executionOrder: 'anyOrder' });
    expect(approval.pipeline).toMatchObject({ id: '12', name: 'shop-web', owner: { id: s.run.id, name: s.run.buildNumber } });
  });

  it('expands steps with the assigned group and the person who acted', async () => {
    const ids = [approvalId(), s.rejected.stage('Production').approval!.id].join(',');
    const { body } = await call(`${org}/Shop/_apis/pipelines/approvals?approvalIds=${ids}&$expand=steps`);
    const approved = body.value.find((a: Json) => a.id === approvalId());
    expect(approved.steps).toHaveLength(1);
    expect(approved.steps[0]).toMatchObject({
      assignedApprover: { id: s.approvers.id, displayName: '[Shop]\\Release Approvers', isContainer: true },
      actualApprover: { id: s.people.alice.id, uniqueName: 'alice@contoso.com' },
      status: 'approved',
      comment: 'Looks good',
      order: 1,
    });
    const rejected = body.value.find((a: Json) => a.id !== approvalId());
    expect(rejected.status).toBe('rejected');
    expect(rejected.steps[0]).toMatchObject({ status: 'rejected', actualApprover: { id: s.people.bob.id } });
  });

  it('leaves out actualApprover on a pending step', async () => {
    const o = sampleOrganization();
    const pending = o.shop.yamlRun({
      pipeline: { id: 1, name: 'p' },
      requestedFor: o.people.carol,
      queuedAt: '2026-11-10T10:00:00Z',
      stages: [{ name: 'Production', environment: o.prod, approval: { steps: [{ assignedTo: o.approvers }] } }],
    });
    const fake = await startFakeAdo(o.org);
    try {
      const id = pending.stage('Production').approval!.id;
      const { body } = await call(`${fake.orgUrl}/Shop/_apis/pipelines/approvals?approvalIds=${id}&$expand=steps`);
      expect(body.value[0].status).toBe('pending');
      expect(body.value[0].steps[0].status).toBe('pending');
      expect('actualApprover' in body.value[0].steps[0]).toBe(false);
      const build = await call(`${fake.orgUrl}/Shop/_apis/build/builds/${pending.id}`);
      expect(build.body.status).toBe('inProgress');
      expect('result' in build.body).toBe(false);
      expect(o.org.deploymentRecords(o.prod).some((r) => r.build === pending)).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('answers 403 to a reader (auditor) on approvals and HierarchyQuery, and serves the rest', async () => {
    const denied = await call(`${org}/Shop/_apis/pipelines/approvals?approvalIds=${approvalId()}`, { token: TOKENS.reader });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ typeKey: 'AccessCheckException', $id: '1', errorCode: 0, eventId: 3000 });
    expect(denied.body.message).toContain('Bob Auditor');
    const hq = await call(`${org}/_apis/Contribution/HierarchyQuery/project/${s.shop.id}`, {
      token: TOKENS.reader,
      body: { contributionIds: ['ms.vss-build-web.checks-panel-data-provider'] },
    });
    expect(hq.status).toBe(403);
    expect((await call(`${org}/Shop/_apis/build/builds/${s.run.id}/timeline`, { token: TOKENS.reader })).status).toBe(200);
    expect((await call(`${vsrm}/Shop/_apis/release/deployments`, { token: TOKENS.reader })).status).toBe(200);
  });
});

describe('HierarchyQuery checks panel', () => {
  const query = (buildId: number, stageIds: string) => ({
    contributionIds: ['ms.vss-build-web.checks-panel-data-provider'],
    dataProviderContext: {
      properties: {
        buildId: String(buildId),
        stageIds,
        checkListItemType: 1,
        sourcePage: { url: `${org}/Shop/_build/results?buildId=${buildId}`, routeId: 'ms.vss-build-web.ci-results-hub-route', routeValues: { project: 'Shop' } },
      },
    },
  });

  /** The structure of a JSON value: object keys and value types, arrays by their first element. */
  const structure = (v: Json): Json => {
    if (Array.isArray(v)) return v.length ? [structure(v[0])] : [];
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, structure(v[k])]));
    return v === null ? 'null' : typeof v;
  };

  it('answers exactly like the captured checks panel, enums as numbers', async () => {
    const stage = s.run.stage('Production');
    const { status, body } = await call(`${org}/_apis/Contribution/HierarchyQuery/project/${s.shop.id}?api-version=5.0-preview.1`, {
      body: query(s.run.id, stage.recordId),
    });
    expect(status).toBe(200);
    const captured = templates.checksPanel();
    const provider = 'ms.vss-build-web.checks-panel-data-provider';
    // The captured step with an approver; our step is approved by Alice.
    const capturedEntry = captured.dataProviders[provider][0];
    capturedEntry.approvals[0].steps = [{ ...capturedEntry.approvals[0].steps[2], comment: 'Looks good' }];
    expect(structure(body)).toEqual(structure(captured));
    const entry = body.dataProviders[provider][0];
    expect(entry).toMatchObject({ stageId: stage.recordId, stageName: 'Production', projectId: s.shop.id });
    expect(entry.approvals[0]).toMatchObject({ id: stage.approval!.id, status: 4, parentStage: stage.recordId, resource: { type: 'environment', name: 'Production' } });
    expect(entry.approvals[0].steps[0]).toMatchObject({ status: 4, actualApprover: { id: s.people.alice.id }, assignedApprover: { id: s.approvers.id } });
  });

  it('answers null for a stage without approvals', async () => {
    const { body } = await call(`${org}/_apis/Contribution/HierarchyQuery/project/${s.shop.id}`, {
      body: query(s.run.id, s.run.stage('Build').recordId),
    });
    expect(body).toEqual(templates.checksPanelEmpty());
  });

  it('still answers when the approvals API fails (the engine\'s fallback)', async () => {
    ado.setFaults([{ path: '/_apis/pipelines/approvals', status: 500, times: Infinity }]);
    expect((await call(`${org}/Shop/_apis/pipelines/approvals?approvalIds=${s.run.stage('Production').approval!.id}`)).status).toBe(500);
    const { status, body } = await call(`${org}/_apis/Contribution/HierarchyQuery/project/Shop`, {
      body: query(s.run.id, 'Production'),
    });
    expect(status).toBe(200);
    expect(body.dataProviders['ms.vss-build-web.checks-panel-data-provider']).toHaveLength(1);
  });
});

describe('classic deployments and releases', () => {
  const exampleDeployment = () => loadSample('examples/release__deployments__GET__ListDeployments.json').responses['200'].body.value[0];

  it('writes Deployment with the example\'s fields, artifacts empty in the list', async () => {
    const { status, body } = await call(`${vsrm}/Shop/_apis/release/deployments?queryOrder=descending&api-version=7.1`);
    expect(status).toBe(200);
    expect(body.count).toBe(4);
    const example = exampleDeployment();
    for (const d of body.value) {
      expect(missing(keys(example), d)).toEqual([]);
      expect(extra([...specProperties('release_7.1_release.json', 'Deployment'), '_links'], d)).toEqual([]);
      expect(d.release.artifacts).toEqual([]);
    }
    const prod = body.value.find((d: Json) => d.release.id === s.release.id && d.releaseEnvironment.name === 'Prod');
    expect(prod).toMatchObject({
      deploymentStatus: 'succeeded',
      operationStatus: 'Approved',
      attempt: 1,
      releaseDefinition: { id: 5, name: 'shop-api' },
      requestedBy: { id: s.people.dave.id },
    });
    expect(prod.completedOn).toBeDefined();
    expect(missing(keys(example.preDeployApprovals[0]), prod.preDeployApprovals[0])).toEqual([]);
    expect(prod.preDeployApprovals[0]).toMatchObject({
      approvalType: 'preDeploy',
      status: 'approved',
      isAutomated: false,
      comments: 'Go',
      approver: { id: s.approvers.id, isContainer: true },
      approvedBy: { id: s.people.alice.id },
    });
    const test = body.value.find((d: Json) => d.release.id === s.release.id && d.releaseEnvironment.name === 'Test');
    expect(test.preDeployApprovals[0].isAutomated).toBe(true);
    expect('approver' in test.preDeployApprovals[0]).toBe(false);
    const rejected = body.value.find((d: Json) => d.release.id === s.rejectedRelease.id && d.releaseEnvironment.name === 'Prod');
    expect(rejected).toMatchObject({ deploymentStatus: 'notDeployed', operationStatus: 'Rejected' });
    expect(rejected.preDeployApprovals[0]).toMatchObject({ status: 'rejected', approvedBy: { id: s.people.alice.id } });
    const ids = body.value.map((d: Json) => d.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
  });

  it('pages deployments by an integer continuation token and filters by status and start time', async () => {
    const first = await call(`${vsrm}/Shop/_apis/release/deployments?$top=3`);
    expect(first.body.value).toHaveLength(3);
    const token = first.headers.get('x-ms-continuationtoken');
    expect(token).toMatch(/^\d+$/);
    const second = await call(`${vsrm}/Shop/_apis/release/deployments?$top=3&continuationToken=${token}`);
    expect(second.body.value.map((d: Json) => d.id)).toEqual([Number(token)]);
    expect(second.headers.get('x-ms-continuationtoken')).toBeNull();

    const succeeded = await call(`${vsrm}/Shop/_apis/release/deployments?deploymentStatus=succeeded`);
    expect(succeeded.body.value.every((d: Json) => d.deploymentStatus === 'succeeded')).toBe(true);
    expect(succeeded.body.count).toBe(3);
    const numeric = await call(`${vsrm}/Shop/_apis/release/deployments?deploymentStatus=4`);
    expect(numeric.body.count).toBe(3);

    const prodStart = s.release.environment('Prod').latest!.startedOn;
    const window = await call(
      `${vsrm}/Shop/_apis/release/deployments?minStartedTime=${prodStart.toISOString()}&maxStartedTime=${new Date(prodStart.getTime() + 1000).toISOString()}`,
    );
    expect(window.body.value.map((d: Json) => d.releaseEnvironment.name)).toEqual(['Prod']);
  });

  it('writes the release with its Build artifact (version = build id and number)', async () => {
    const { status, body } = await call(`${vsrm}/Shop/_apis/release/releases/${s.release.id}?api-version=7.1`);
    expect(status).toBe(200);
    expect(missing(keys(templates.release()), body)).toEqual([]);
    expect(body.artifacts).toHaveLength(1);
    const [artifact] = body.artifacts;
    expect(missing(keys(templates.release().artifacts[0]), artifact)).toEqual([]);
    expect(artifact).toMatchObject({ type: 'Build', alias: '_shop-api-ci', isPrimary: true });
    expect(artifact.definitionReference).toMatchObject({
      version: { id: String(s.ci.id), name: s.ci.buildNumber },
      definition: { id: '3', name: 'shop-api-ci' },
      project: { id: s.shop.id, name: 'Shop' },
      repository: { id: s.repo.id, name: 'shop-web' },
      branch: { id: 'refs/heads/main', name: 'refs/heads/main' },
      sourceVersion: { id: s.ci.sourceVersion },
    });
    expect(body.environments.map((e: Json) => [e.name, e.status])).toEqual([
      ['Test', 'succeeded'],
      ['Prod', 'succeeded'],
    ]);
    expect(missing(keys(templates.release().environments[1]), body.environments[1])).toEqual([]);
  });

  it('answers 404 ReleaseNotFoundException for an unknown release', async () => {
    const { status, body } = await call(`${vsrm}/Shop/_apis/release/releases/999`);
    expect(status).toBe(404);
    expect(body.typeKey).toBe('ReleaseNotFoundException');
  });

  describe('the releases list', () => {
    const exampleListed = () => exampleBody('release__releases__GET__ListAllReleasesForAReleaseDefinition.json').value[0];
    let o: SampleOrganization;
    let fake: FakeAdo;
    let other: FakeRelease;
    let deletedRelease: FakeRelease;
    const listed = async (query: string, accept?: string) => {
      const answer = await call(`${fake.vsrmUrl}/Shop/_apis/release/releases?${query}`, { accept });
      expect(answer.status).toBe(200);
      return answer;
    };
    const ids = (answer: Answer) => answer.body.value.map((r: Json) => r.id);

    beforeAll(async () => {
      o = sampleOrganization();
      // Created before the sample's releases, though numbered after them: the list orders by creation.
      other = o.shop.classicRelease({
        definition: { id: 6, name: 'shop-db' },
        artifactBuild: o.ci,
        requestedBy: o.people.dave,
        createdOn: '2026-10-01T10:00:00Z',
        environments: [{ name: 'Prod', startedOn: '2026-10-01T10:05:00Z' }],
      });
      deletedRelease = o.shop.classicRelease({
        definition: { id: 5, name: 'shop-api' },
        artifactBuild: o.ci,
        requestedBy: o.people.dave,
        deleted: true,
        environments: [{ name: 'Prod' }],
      });
      fake = await startFakeAdo(o.org);
    });
    afterAll(() => fake.close());

    it("writes a release as the example's list does: neither environments nor artifacts unless expanded", async () => {
      const { body } = await listed('api-version=7.1');
      expect(body.count).toBe(3);
      for (const release of body.value) {
        expect(missing(keys(exampleListed()), release)).toEqual([]);
        expect(extra([...specProperties('release_7.1_release.json', 'Release'), ...keys(exampleListed())], release)).toEqual([]);
        expect(['environments', 'artifacts'].filter((key) => key in release)).toEqual([]);
      }
      const expanded = await listed('$expand=artifacts');
      expect(expanded.body.value.every((r: Json) => 'artifacts' in r && !('environments' in r))).toBe(true);
      const release = expanded.body.value.find((r: Json) => r.id === o.release.id);
      expect(release.artifacts[0]).toMatchObject({ type: 'Build', isPrimary: true, definitionReference: { version: { id: String(o.ci.id) } } });
      // ReleaseExpands flags as a number: environments (2) | artifacts (4).
      const both = await listed('$expand=6');
      expect(both.body.value.every((r: Json) => r.artifacts.length === 1 && r.environments.length > 0)).toBe(true);
      expect((await listed('$expand=environments,artifacts')).body).toEqual(both.body);
    });

    it('orders by creation, newest first unless queryOrder=ascending (a name or its number)', async () => {
      const newestFirst = [o.rejectedRelease.id, o.release.id, other.id];
      expect(ids(await listed(''))).toEqual(newestFirst);
      expect(ids(await listed('queryOrder=ascending'))).toEqual([...newestFirst].reverse());
      expect(ids(await listed('queryOrder=1'))).toEqual([...newestFirst].reverse());
    });

    it('filters by releaseIdFilter and definitionId, never answers a deleted release', async () => {
      expect(ids(await listed(`releaseIdFilter=${other.id},${o.release.id},${deletedRelease.id},999`))).toEqual([o.release.id, other.id]);
      expect(ids(await listed('definitionId=5'))).toEqual([o.rejectedRelease.id, o.release.id]);
      expect(ids(await listed(`definitionId=6&releaseIdFilter=${o.release.id}`))).toEqual([]);
      expect((await call(`${fake.vsrmUrl}/Shop/_apis/release/releases/${deletedRelease.id}`)).body.typeKey).toBe('ReleaseNotFoundException');
    });

    it('pages with $top (default 50) and the continuation token, which is the next release id', async () => {
      const first = await listed('$top=2');
      expect(ids(first)).toEqual([o.rejectedRelease.id, o.release.id]);
      expect(first.headers.get('x-ms-continuationtoken')).toBe(String(other.id));
      const second = await listed(`$top=2&continuationToken=${other.id}`);
      expect(ids(second)).toEqual([other.id]);
      expect(second.headers.get('x-ms-continuationtoken')).toBeNull();

      const many = sampleOrganization();
      for (let i = 0; i < 51; i++) {
        many.shop.classicRelease({ definition: { id: 7, name: 'bulk' }, artifactBuild: many.ci, requestedBy: many.people.dave, environments: [{ name: 'Prod' }] });
      }
      const bulk = await startFakeAdo(many.org);
      try {
        const page = await call(`${bulk.vsrmUrl}/Shop/_apis/release/releases?definitionId=7`);
        expect(page.body.count).toBe(50);
        expect(page.headers.get('x-ms-continuationtoken')).toMatch(/^\d+$/);
      } finally {
        await bulk.close();
      }
    });

    it("answers the typed clients' options: a bare array, enums as numbers", async () => {
      const { body } = await listed(`releaseIdFilter=${o.release.id}`, TYPED_CLIENT_ACCEPT);
      expect(Array.isArray(body)).toBe(true);
      expect([body[0].status, body[0].reason]).toEqual([2, 1]);
      expect(body[0].createdOn).toMatch(/^\/Date\(\d+\)\/$/);
    });
  });

  it('can include artifacts in the deployments list when asked', async () => {
    const fake = await startFakeAdo(s.org, { deploymentArtifactsInList: true });
    try {
      const { body } = await call(`${fake.vsrmUrl}/Shop/_apis/release/deployments`);
      expect(body.value[0].release.artifacts[0].definitionReference.version.id).toBe(String(s.ci.id));
    } finally {
      await fake.close();
    }
  });
});

describe('pull requests and policies', () => {
  const examplePr = () =>
    loadSample('examples/git__pullRequests__GET__git_repositories__repositoryId__pullRequests__pullRequestId_.json').responses['200'].body;

  it('finds pull requests by merge commit (lastMergeCommit and commit queries)', async () => {
    const { status, body } = await call(`${org}/Shop/_apis/git/repositories/${s.repo.id}/pullrequestquery?api-version=7.1`, {
      body: {
        queries: [
          { type: 'lastMergeCommit', items: [s.run.sourceVersion, 'ffffffffffffffffffffffffffffffffffffffff'] },
          { type: 'commit', items: [s.pr.sourceCommit] },
        ],
      },
    });
    expect(status).toBe(200);
    expect(body.queries).toHaveLength(2);
    expect(keys(body.results[0])).toEqual([s.run.sourceVersion]);
    expect(body.results[0][s.run.sourceVersion].map((p: Json) => p.pullRequestId)).toEqual([s.pr.id]);
    expect(body.results[1][s.pr.sourceCommit][0].pullRequestId).toBe(s.pr.id);
  });

  it('writes GitPullRequest with the example\'s fields plus completion details', async () => {
    const byRepo = await call(`${org}/Shop/_apis/git/repositories/${s.repo.id}/pullrequests/${s.pr.id}?api-version=7.1`);
    const byProject = await call(`${org}/Shop/_apis/git/pullrequests/${s.pr.id}?api-version=7.1`);
    expect(byRepo.body).toEqual(byProject.body);
    const pr = byRepo.body;
    expect(missing(keys(examplePr()), pr)).toEqual([]);
    expect(extra(specProperties('git_7.1_git.json', 'GitPullRequest'), pr)).toEqual([]);
    expect(pr).toMatchObject({
      pullRequestId: s.pr.id,
      status: 'completed',
      createdBy: { id: s.people.carol.id },
      closedBy: { id: s.people.carol.id },
      targetRefName: 'refs/heads/main',
      lastMergeCommit: { commitId: s.pr.mergeCommit },
      completionOptions: { mergeStrategy: 'squash' },
    });
    expect('bypassPolicy' in pr.completionOptions).toBe(false);
    expect(pr.reviewers.find((r: Json) => r.id === s.approvers.id)).toMatchObject({ vote: 10, isContainer: true, isRequired: true });
    expect(pr.reviewers.find((r: Json) => r.id === s.people.alice.id).votedFor[0].id).toBe(s.approvers.id);

    const bypassed = await call(`${org}/Shop/_apis/git/pullrequests/${s.bypassedPr.id}`);
    expect(bypassed.body.completionOptions).toMatchObject({ bypassPolicy: true, bypassReason: 'Production is down', mergeStrategy: 'noFastForward' });
  });

  it('lists completed pull requests to a branch with $top and $skip', async () => {
    const { body } = await call(
      `${org}/Shop/_apis/git/repositories/shop-web/pullrequests?searchCriteria.status=completed&searchCriteria.targetRefName=refs/heads/main&$top=1&$skip=1`,
    );
    expect(body.value.map((p: Json) => p.pullRequestId)).toEqual([s.pr.id]);
    const listExample = templates.pullRequestListItem();
    expect(missing(keys(listExample), body.value[0])).toEqual([]);
    expect('_links' in body.value[0]).toBe(false);
    const active = await call(`${org}/Shop/_apis/git/repositories/shop-web/pullrequests`);
    expect(active.body.count).toBe(0);
  });

  it('lists the work items of a pull request', async () => {
    const { body } = await call(`${org}/Shop/_apis/git/repositories/${s.repo.id}/pullRequests/${s.pr.id}/workitems`);
    expect(body.value.map((w: Json) => w.id)).toEqual(['101', '102']);
  });

  it('writes policy evaluations with their configuration, leaving out notApplicable unless asked', async () => {
    const artifactId = encodeURIComponent(s.pr.policyArtifactId);
    const { body } = await call(`${org}/Shop/_apis/policy/evaluations?artifactId=${artifactId}&api-version=7.1`);
    expect(body.value.map((e: Json) => e.configuration.type.displayName)).toEqual(['Minimum number of reviewers', 'Build']);
    const allowed = specProperties('policy_7.1_policy.json', 'PolicyEvaluationRecord');
    for (const e of body.value) {
      expect(extra(allowed, e)).toEqual([]);
      expect(missing(keys(templates.policyConfiguration()), e.configuration)).toEqual([]);
      expect(e).toMatchObject({ artifactId: s.pr.policyArtifactId, status: 'approved', configuration: { isBlocking: true, isEnabled: true } });
    }
    expect(body.value[0].configuration.type.id).toBe('fa4e907d-c16b-4a4c-9dfa-4906e5d171dd');
    const all = await call(`${org}/Shop/_apis/policy/evaluations?artifactId=${artifactId}&includeNotApplicable=true&$top=10&$skip=2`);
    expect(all.body.value.map((e: Json) => e.status)).toEqual(['notApplicable']);
  });
});

describe('tests', () => {
  it('summarises the results of a build', async () => {
    const { status, body } = await call(`${vstmr}/Shop/_apis/testresults/resultsummarybybuild?buildId=${s.run.id}&api-version=7.1`);
    expect(status).toBe(200);
    expect(extra(specProperties('testResults_7.1_testResults.json', 'TestResultSummary'), body)).toEqual([]);
    expect(extra(specProperties('testResults_7.1_testResults.json', 'AggregatedResultsAnalysis'), body.aggregatedResultsAnalysis)).toEqual([]);
    expect(body.aggregatedResultsAnalysis.totalTests).toBe(123);
    expect(body.aggregatedResultsAnalysis.resultsByOutcome.Passed).toMatchObject({ outcome: 'passed', count: 120 });
    expect(body.aggregatedResultsAnalysis.resultsByOutcome.NotExecuted).toMatchObject({ outcome: 'notExecuted', count: 3 });
    expect(body.teamProject).toMatchObject({ id: s.shop.id, name: 'Shop' });
    const failing = await call(`${vstmr}/Shop/_apis/testresults/resultsummarybybuild?buildId=${s.rerun.id}`);
    expect(failing.body.aggregatedResultsAnalysis.resultsByOutcome.Failed.count).toBe(2);
  });

  it('gives totalTests 0 for a build without tests and 404 for a deleted build', async () => {
    const none = await call(`${vstmr}/Shop/_apis/testresults/resultsummarybybuild?buildId=${s.untested.id}`);
    expect(none.body.aggregatedResultsAnalysis).toMatchObject({ totalTests: 0, resultsByOutcome: {} });
    const gone = await call(`${vstmr}/Shop/_apis/testresults/resultsummarybybuild?buildId=${s.deleted.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.typeKey).toBe('BuildNotFoundException');
  });

  it('lists the test runs of a build', async () => {
    const { body } = await call(`${org}/Shop/_apis/test/runs?buildUri=${encodeURIComponent(s.run.uri)}&api-version=7.1`);
    expect(body.count).toBe(1);
    const run = body.value[0];
    const example = loadSample('examples/test__runs__GET__test__projectName__runs.json').responses['200'].body.value[0];
    expect(missing(keys(example), run)).toEqual([]);
    expect(extra(specProperties('test_7.1_test.json', 'TestRun'), run)).toEqual([]);
    expect(run).toMatchObject({ totalTests: 123, passedTests: 120, unanalyzedTests: 0, incompleteTests: 0, notApplicableTests: 3, build: { id: String(s.run.id) } });
    const none = await call(`${org}/Shop/_apis/test/runs?buildUri=${encodeURIComponent(s.untested.uri)}`);
    expect(none.body).toEqual({ count: 0, value: [] });
  });

  it('queries the project\'s runs by last update (at most 7 days apart, 10 build ids, 100 a page), with counts but no statistics', async () => {
    const week = (from: Date) => `minLastUpdatedDate=${from.toISOString()}&maxLastUpdatedDate=${new Date(from.getTime() + 7 * 86_400_000).toISOString()}`;
    const byUri = (await call(`${org}/Shop/_apis/test/runs?buildUri=${encodeURIComponent(s.run.uri)}&includeRunDetails=true`)).body.value[0];
    const updated = new Date(byUri.lastUpdatedDate);
    const around = new Date(updated.getTime() - 3 * 86_400_000);
    const { status, body } = await call(`${org}/Shop/_apis/test/runs?${week(around)}&api-version=7.1`);
    expect(status).toBe(200);
    const run = body.value.find((r: Json) => r.build?.id === String(s.run.id));
    const { runStatistics: _statistics, ...rest } = byUri;
    expect(run).toEqual(rest);
    expect(extra(specProperties('test_7.1_test.json', 'TestRun'), run)).toEqual([]);
    // Filtered by build, and by the dates: a week that ends before the run was updated does not list it.
    const only = await call(`${org}/Shop/_apis/test/runs?${week(around)}&buildIds=${s.run.id}`);
    expect(only.body.value.map((r: Json) => r.id)).toEqual([byUri.id]);
    const before = await call(`${org}/Shop/_apis/test/runs?${week(new Date(updated.getTime() - 8 * 86_400_000))}&buildIds=${s.run.id}`);
    expect(before.body).toEqual({ count: 0, value: [] });
    // The dates are mandatory and at most 7 days apart; at most 10 build ids.
    expect((await call(`${org}/Shop/_apis/test/runs?minLastUpdatedDate=${around.toISOString()}`)).status).toBe(400);
    const eight = `minLastUpdatedDate=${around.toISOString()}&maxLastUpdatedDate=${new Date(around.getTime() + 8 * 86_400_000).toISOString()}`;
    expect((await call(`${org}/Shop/_apis/test/runs?${eight}`)).status).toBe(400);
    expect((await call(`${org}/Shop/_apis/test/runs?${week(around)}&buildIds=1,2,3,4,5,6,7,8,9,10,11`)).status).toBe(400);
  });

  it('pages the runs query with a continuation token', async () => {
    const all = s.shop.builds.filter((b) => b.tests && !b.deleted && !b.testsPurged);
    const first = Math.min(...all.map((b) => b.queuedAt.getTime()));
    const ids: number[] = [];
    for (let from = first - 86_400_000; from < Date.now(); from += 7 * 86_400_000) {
      const dates = `minLastUpdatedDate=${new Date(from).toISOString()}&maxLastUpdatedDate=${new Date(from + 7 * 86_400_000 - 1).toISOString()}`;
      let token: string | null = null;
      do {
        const { body, headers } = await call(`${org}/Shop/_apis/test/runs?${dates}&$top=1${token ? `&continuationToken=${token}` : ''}`);
        expect(body.value.length).toBeLessThanOrEqual(1);
        ids.push(...body.value.map((r: Json) => r.id));
        token = headers.get('x-ms-continuationtoken');
      } while (token);
    }
    expect(ids.sort((a, b) => a - b)).toEqual(all.map((b) => b.id * 10 + 1).sort((a, b) => a - b));
  });
});

describe('authentication', () => {
  const url = () => `${org}/Shop/_apis/build/builds/${s.run.id}?api-version=7.1`;

  it('answers 203 with the HTML sign-in page without a token or with an unknown one', async () => {
    for (const token of [null, 'expired-pat']) {
      const { status, headers, text } = await call(url(), { token });
      expect(status).toBe(203);
      expect(headers.get('content-type')).toMatch(/^text\/html/);
      expect(text).toContain('Sign in');
    }
  });

  it('answers 401 with WWW-Authenticate when the request suppresses the sign-in redirect', async () => {
    const { status, headers, body } = await call(url(), { token: 'expired-pat', headers: { 'X-TFS-FedAuthRedirect': 'Suppress' } });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toContain('Basic');
    expect(body).toBeNull();
  });

  it('accepts Basic with any user name and Bearer tokens', async () => {
    const withUser = await fetch(url(), { headers: { Authorization: basic(TOKENS.good, 'someone'), Accept: ACCEPT } });
    expect(withUser.status).toBe(200);
    const bearer = await fetch(url(), { headers: { Authorization: `Bearer ${TOKENS.bearer}`, Accept: ACCEPT } });
    expect(bearer.status).toBe(200);
    expect(ado.requests.at(-1)?.user).toBe('carol@contoso.com');
  });

  it('can deny an area to a token', async () => {
    s.org.token('no-env-pat', { user: s.people.carol, deny: ['environments'] });
    expect((await call(`${org}/Shop/_apis/distributedtask/environments`, { token: 'no-env-pat' })).status).toBe(403);
    expect((await call(`${org}/Shop/_apis/build/builds/${s.run.id}`, { token: 'no-env-pat' })).status).toBe(200);
  });
});

describe('browsers (an extension\'s iframe on another origin)', () => {
  const url = () => `${org}/Shop/_apis/build/builds/${s.run.id}?api-version=7.1`;
  const origin = 'http://127.0.0.1:1';

  it('answers the CORS preflight before authentication, allowing Authorization and the client headers', async () => {
    const res = await fetch(url(), {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,x-tfs-fedauthredirect,x-vss-forcemsapassthrough,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    expect(ado.requests).toHaveLength(0);
  });

  it('names the caller\'s origin and exposes the paging and throttling headers on every answer', async () => {
    const res = await fetch(url(), { headers: { Origin: origin, Authorization: `Bearer ${TOKENS.bearer}`, Accept: ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const header of ['x-ms-continuationtoken', 'retry-after', 'x-ratelimit-delay']) expect(exposed).toContain(header);
    const denied = await call(`${org}/Shop/_apis/pipelines/approvals`, { token: TOKENS.reader, headers: { Origin: origin } });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('tells the signed-in user from the token (connectionData)', async () => {
    const { status, body } = await call(`${org}/_apis/connectionData`, { token: TOKENS.reader });
    expect(status).toBe(200);
    expect(body.authenticatedUser).toMatchObject({ id: s.people.bob.id, providerDisplayName: 'Bob Auditor', subjectDescriptor: s.people.bob.descriptor });
    expect(body.authenticatedUser.properties.Account.$value).toBe('bob@contoso.com');
    expect(body.instanceId).toBe(s.org.id);
    expect((await call(`${org}/_apis/connectionData`, { token: null })).status).toBe(203);
  });
});

describe('security permissions', () => {
  const projectNamespace = '52d39943-cb85-4d7f-8fa8-c6baac873819';
  const url = (bits: number, tokens: string) => `${org}/_apis/permissions/${projectNamespace}/${bits}?tokens=${encodeURIComponent(tokens)}&alwaysAllowAdministrators=true&api-version=7.1`;
  const projectToken = () => `$PROJECT:vstfs:///Classification/TeamProject/${s.shop.id}`;

  it('tells an administrator every permission, and others only read on their project', async () => {
    s.org.administrator(s.people.alice);
    const admin = await call(url(2, projectToken()), { token: TOKENS.good });
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({ count: 1, value: [true] });
    const member = await call(url(2, `${projectToken()},${projectToken()}`), { token: TOKENS.bearer });
    expect(member.body).toEqual({ count: 2, value: [false, false] });
    expect((await call(url(1, projectToken()), { token: TOKENS.reader })).body).toEqual({ count: 1, value: [true] });
    expect((await call(url(1, '$PROJECT:vstfs:///Classification/TeamProject/00000000-0000-0000-0000-000000000000'), { token: TOKENS.reader })).body).toEqual({
      count: 1,
      value: [false],
    });
  });

  it('answers 400 without tokens', async () => {
    expect((await call(`${org}/_apis/permissions/${projectNamespace}/2?api-version=7.1`)).status).toBe(400);
  });
});

describe('Accept header options', () => {
  it('answers bare arrays with noArrayWrap=true', async () => {
    const { body } = await call(`${org}/Shop/_apis/build/builds?buildIds=${s.run.id}`, { accept: `${ACCEPT};noArrayWrap=true` });
    expect(Array.isArray(body)).toBe(true);
    expect(body[0].id).toBe(s.run.id);
  });

  it('writes dates as \\/Date(ms)\\/ with msDateFormat=true', async () => {
    const { text, body } = await call(`${org}/Shop/_apis/build/builds/${s.run.id}`, { accept: `${ACCEPT};msDateFormat=true` });
    expect(text).toContain(`"queueTime":"\\/Date(${s.run.queuedAt.getTime()})\\/"`);
    expect(body.queueTime).toBe(`/Date(${s.run.queuedAt.getTime()})/`);
    expect(body.buildNumber).toBe(s.run.buildNumber);
  });

  it('writes enums as numbers with enumsAsNumbers=true', async () => {
    const opts = { accept: `${ACCEPT};enumsAsNumbers=true` };
    const build = await call(`${org}/Shop/_apis/build/builds/${s.rerun.id}`, opts);
    expect([build.body.status, build.body.result]).toEqual([2, 4]);
    const approval = await call(`${org}/Shop/_apis/pipelines/approvals?approvalIds=${s.rejected.stage('Production').approval!.id}&$expand=1`, opts);
    expect([approval.body.value[0].status, approval.body.value[0].steps[0].status]).toEqual([8, 8]);
    const deployments = await call(`${vsrm}/Shop/_apis/release/deployments`, opts);
    expect(new Set(deployments.body.value.map((d: Json) => d.deploymentStatus))).toEqual(new Set([4, 1]));
    expect(deployments.body.value[0].preDeployApprovals[0].approvalType).toBe(1);
    const pr = await call(`${org}/Shop/_apis/git/pullrequests/${s.pr.id}`, opts);
    expect([pr.body.status, pr.body.mergeStatus, pr.body.completionOptions.mergeStrategy]).toEqual([3, 3, 2]);
    const records = await call(`${org}/Shop/_apis/distributedtask/environments/${s.prod.id}/environmentdeploymentrecords`, opts);
    expect(records.body.value[0].result).toBe(0);
    const timeline = await call(`${org}/Shop/_apis/build/builds/${s.run.id}/timeline`, opts);
    expect(timeline.body.records.every((r: Json) => r.state === 2)).toBe(true);
  });

  it('honours all the typed clients\' options together and drops url fields with excludeUrls=true', async () => {
    const { body, text } = await call(`${org}/Shop/_apis/build/builds?buildIds=${s.run.id}`, { accept: TYPED_CLIENT_ACCEPT });
    expect(Array.isArray(body)).toBe(true);
    expect(body[0].status).toBe(2);
    expect('url' in body[0]).toBe(false);
    expect(body[0]._links.web.href).toContain('buildId=');
    expect(text).toContain('\\/Date(');
  });
});

describe('faults, throttling and latency', () => {
  const buildUrl = () => `${org}/Shop/_apis/build/builds/${s.run.id}?api-version=7.1`;

  it('answers 429 with Retry-After and the real throttling body, then succeeds', async () => {
    ado.setFaults([{ path: /\/_apis\/build\/builds\/\d+\?/, status: 429, times: 1 }]);
    const throttled = await call(buildUrl());
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.headers.get('x-ratelimit-resource')).toBe('ATCPU');
    expect(throttled.body.typeKey).toBe('RequestBlockedException');
    const ok = await call(buildUrl());
    expect(ok.status).toBe(200);
    expect(ado.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(ado.faultHits()).toEqual([1]);
  });

  it('adds throttling headers to a successful answer', async () => {
    ado.setFaults([{ path: '/_apis/build/builds', headers: { 'Retry-After': '2', 'X-RateLimit-Delay': '1.5' }, times: Infinity }]);
    const { status, headers, body } = await call(buildUrl());
    expect(status).toBe(200);
    expect(headers.get('retry-after')).toBe('2');
    expect(headers.get('x-ratelimit-delay')).toBe('1.5');
    expect(body.id).toBe(s.run.id);
  });

  it('sends malformed bodies verbatim, skips and limits by method', async () => {
    ado.setFaults([
      { method: 'GET', path: 'environmentdeploymentrecords', status: 200, body: '{"count":1,"value":[{', skip: 1, times: 1 },
      { method: 'POST', path: '/_apis/build/builds', status: 500 },
    ]);
    const recordsUrl = `${org}/Shop/_apis/distributedtask/environments/${s.prod.id}/environmentdeploymentrecords`;
    expect((await call(recordsUrl)).body).not.toBeNull();
    const broken = await call(recordsUrl);
    expect(broken.status).toBe(200);
    expect(broken.text).toBe('{"count":1,"value":[{');
    expect((await call(recordsUrl)).body).not.toBeNull();
    expect((await call(buildUrl())).status).toBe(200);
  });

  it('fails with any status and JSON body, Infinity times', async () => {
    ado.setFaults([
      { path: '/_apis/policy/evaluations', status: 503, times: Infinity },
      { path: '/_apis/git/pullrequests/', status: 200, body: { pullRequestId: 'not-a-number', reviewers: 'nobody' } },
    ]);
    for (let i = 0; i < 3; i++) {
      const r = await call(`${org}/Shop/_apis/policy/evaluations?artifactId=x`);
      expect(r.status).toBe(503);
      expect(r.body.typeKey).toBe('ServiceUnavailableException');
    }
    expect((await call(`${org}/Shop/_apis/git/pullrequests/${s.pr.id}`)).body).toEqual({ pullRequestId: 'not-a-number', reviewers: 'nobody' });
  });

  it('delays answers by the configured latency', async () => {
    ado.setLatency(60);
    const started = Date.now();
    await call(buildUrl());
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('logs every request with its route, query and status', async () => {
    await call(buildUrl());
    await call(`${vsrm}/Shop/_apis/release/deployments?$top=2`);
    await call(buildUrl(), { token: null });
    expect(ado.requests).toEqual([
      expect.objectContaining({ method: 'GET', host: 'main', route: `/Shop/_apis/build/builds/${s.run.id}`, routeId: 'build.get', status: 200, user: 'alice@contoso.com' }),
      expect.objectContaining({ host: 'vsrm', routeId: 'release.deployments', query: { $top: '2' }, status: 200 }),
      expect.objectContaining({ status: 203, user: null }),
    ]);
    expect(ado.count(`/_apis/build/builds/${s.run.id}`)).toBe(2);
    expect(ado.count('release/deployments', 'GET')).toBe(1);
  });
});

describe('determinism', () => {
  it('builds identical answers from identical organizations', async () => {
    const a = sampleOrganization(3);
    const b = sampleOrganization(3);
    expect(a.run.stage('Production').approval!.id).toBe(b.run.stage('Production').approval!.id);
    expect(a.run.stage('Production').approval!.id).toBe(guidFrom('contoso', a.run.id, 'approval', 'Production', 1));
    const fa = await startFakeAdo(a.org, { port: 0 });
    const fb = await startFakeAdo(b.org, { port: 0 });
    try {
      const strip = (t: string, base: string) => t.split(base).join('BASE');
      for (const path of [`/Shop/_apis/build/builds/${a.run.id}/timeline`, `/Shop/_apis/distributedtask/environments/${a.prod.id}/environmentdeploymentrecords`]) {
        const x = await call(`${fa.orgUrl}${path}`);
        const y = await call(`${fb.orgUrl}${path}`);
        expect(strip(x.text, fa.baseUrl)).toBe(strip(y.text, fb.baseUrl));
      }
    } finally {
      await fa.close();
      await fb.close();
    }
  });
});

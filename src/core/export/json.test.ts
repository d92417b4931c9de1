import type { AuditReport, DeploymentReport } from '../report';
import { toJson } from './json';
import { HOSTILE_FORMULA_TITLE, sampleReport } from '../../../test/fixtures/sample-report';

const REPORT_KEYS = ['schemaVersion', 'organization', 'project', 'window', 'generatedAt', 'policy', 'deployments', 'summary', 'integrity'];
const DEPLOYMENT_KEYS = [
  'key',
  'source',
  'environment',
  'pipeline',
  'runId',
  'runName',
  'stage',
  'startedAt',
  'finishedAt',
  'result',
  'requestedBy',
  'url',
  'approvals',
  'otherApprovals',
  'builds',
  'pullRequests',
  'previousDeployment',
  'changes',
  'tests',
  'workItems',
  'controls',
  'errors',
  'capturedAt',
];

/** The same object with every key order reversed, recursively. */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, inner]) => [key, reversed(inner)]),
    ) as T;
  }
  return value;
}

describe('toJson', () => {
  it('writes the report keys in the order of the contract', () => {
    const parsed = JSON.parse(toJson(reversed(sampleReport())));
    expect(Object.keys(parsed)).toEqual(REPORT_KEYS);
    const known = parsed.deployments.filter((deployment: DeploymentReport) => deployment.changes);
    expect(known).toHaveLength(3);
    for (const deployment of known) expect(Object.keys(deployment)).toEqual(DEPLOYMENT_KEYS);
    expect(Object.keys(parsed.window)).toEqual(['from', 'to']);
    expect(Object.keys(parsed.summary)).toEqual(['deployments', 'controls']);
    expect(Object.keys(parsed.deployments[0].pullRequests[0])).toEqual([
      'id',
      'repositoryId',
      'title',
      'createdBy',
      'closedBy',
      'reviewers',
      'bypassPolicy',
      'url',
    ]);
    expect(Object.keys(parsed.deployments[0].controls['approval-count'])).toEqual(['status', 'reason', 'evidence']);
    expect(Object.keys(parsed.deployments[0].builds[0])).toEqual([
      'id',
      'number',
      'definition',
      'role',
      'changeSet',
      'result',
      'sourceBranch',
      'sourceVersion',
      'repositoryId',
      'url',
    ]);
    expect(Object.keys(parsed.deployments[0].builds[0].definition)).toEqual(['id', 'name']);
    expect(Object.keys(parsed.deployments[0].builds[0].changeSet)).toEqual(['basis', 'since']);
    expect(Object.keys(parsed.deployments[0].builds[0].changeSet.since)).toEqual(['buildId', 'number', 'commit']);
    expect(Object.keys(parsed.deployments[0].previousDeployment)).toEqual(['key', 'startedAt', 'runName', 'url']);
    expect(Object.keys(parsed.deployments[0].otherApprovals[0])).toEqual(['approver', 'status', 'decidedAt', 'comment', 'resource']);
    expect(Object.keys(parsed.deployments[0].otherApprovals[0].resource)).toEqual(['type', 'id', 'name']);
    expect(Object.keys(parsed.deployments[1].changes[2])).toEqual([
      'commit',
      'author',
      'date',
      'pullRequestId',
      'covered',
      'buildId',
      'message',
      'url',
      'elsewhere',
    ]);
    expect(Object.keys(parsed.deployments[1].changes[2].elsewhere[0])).toEqual(['id', 'targetRefName', 'status']);
  });

  it('leaves the change-set keys out when the evidence was kept by an engine that did not read them (not known, not empty)', () => {
    const parsed = JSON.parse(toJson(sampleReport()));
    const unknown = parsed.deployments[2];
    expect(Object.keys(unknown)).toEqual(DEPLOYMENT_KEYS.filter((key) => !['otherApprovals', 'previousDeployment', 'changes'].includes(key)));
    // Known and empty, or known to be none, are written as such.
    expect(parsed.deployments[3].previousDeployment).toBeNull();
    expect(parsed.deployments[3].otherApprovals).toEqual([]);
  });

  it('writes each commit with the pull request that covers it, or none', () => {
    const parsed = JSON.parse(toJson(sampleReport()));
    expect(
      parsed.deployments[1].changes.map(({ commit, pullRequestId, covered }: { commit: string; pullRequestId: number | null; covered: boolean }) => [
        commit.slice(0, 7),
        pullRequestId,
        covered,
      ]),
    ).toEqual([
      ['0d9c8b7', 31, true],
      ['c0ffee0', null, false],
      ['9f8e7d6', null, false],
    ]);
    expect(parsed.deployments[1].builds.map((build: { role: string; definition: { name: string } }) => [build.definition.name, build.role])).toEqual([
      ['fiber-api', 'artifact'],
      ['fiber-api-hotfix', 'artifact'],
    ]);
  });

  it('writes a build whose definition, role or change set is not known as null', () => {
    const report = sampleReport();
    const build = report.deployments[0].builds[0] as Partial<DeploymentReport['builds'][number]>;
    delete build.definition;
    delete build.role;
    delete build.changeSet;
    const parsed = JSON.parse(toJson(report));
    expect(parsed.deployments[0].builds[0]).toMatchObject({ definition: null, role: null, changeSet: null });
  });

  it('orders per-control records in checklist order', () => {
    const parsed = JSON.parse(toJson(reversed(sampleReport())));
    const checklist = ['approval-count', 'approval-independence', 'code-review', 'branch-policy', 'source-branch', 'build-succeeded', 'tests-passed'];
    expect(Object.keys(parsed.deployments[1].controls)).toEqual(checklist);
    expect(Object.keys(parsed.summary.controls)).toEqual(checklist);
    expect(Object.keys(parsed.policy.controls)).toEqual([...checklist, 'work-item-linked']);
  });

  it('gives the same bytes whatever order the report was built in', () => {
    expect(toJson(reversed(sampleReport()))).toBe(toJson(sampleReport()));
  });

  it('is pretty-printed with two spaces and ends with one newline', () => {
    const json = toJson(sampleReport());
    expect(json.startsWith('{\n  "schemaVersion": 1,\n  "organization": "fabrikam",\n')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.endsWith('\n\n')).toBe(false);
  });

  it('keeps the data exactly, hostile text included (JSON is data, not a spreadsheet)', () => {
    const report = sampleReport();
    const { integrity, ...parsed }: AuditReport = JSON.parse(toJson(report));
    expect(parsed).toEqual(report);
    expect(integrity).toMatchObject({ algorithm: 'sha256', canonicalization: 'RFC 8785' });
    expect(parsed.deployments[0].pullRequests[0].title).toBe(HOSTILE_FORMULA_TITLE);
    expect(parsed.deployments[2].finishedAt).toBeNull();
    expect(parsed.deployments[2].tests).toBeNull();
  });

  it('drops keys that are not in the contract', () => {
    const report = sampleReport();
    (report.deployments[0] as DeploymentReport & { secret?: string }).secret = 'token';
    expect(toJson(report)).not.toContain('secret');
  });
});

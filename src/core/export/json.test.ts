import type { AuditReport, DeploymentReport } from '../report';
import { toJson } from './json';
import { HOSTILE_FORMULA_TITLE, sampleReport } from './sample-report';

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
  'builds',
  'pullRequests',
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
    for (const deployment of parsed.deployments) expect(Object.keys(deployment)).toEqual(DEPLOYMENT_KEYS);
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

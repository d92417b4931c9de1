import { approval, evidence, evidenceError, person } from '../../test/support/control-evidence';
import { defaultPolicy, parsePolicy } from '../core/policy';
import { alice, approvalsForbidden, ME, sampleDeployments } from '../../test/support/fake-audit-service';
import { canonicalCompare, distinctValues, filterRows, mergeRows, overallOf, overallText, sortRows, summarizeRows, toRow, userKeys, type AuditRow } from './rows';

const policy = defaultPolicy();
const rows = (count = 12): AuditRow[] => sampleDeployments(count).map((deployment) => toRow(deployment, policy));
const me = userKeys(ME);
const runs = (list: AuditRow[]) => list.map((row) => row.evidence.runId - 5000);

describe('rows', () => {
  it('judge each deployment with the policy once, when it arrives', () => {
    const row = toRow(evidence({ approvals: [approval(person('Rik Brouwer'))] }), policy);
    expect(row.report.controls['approval-count']?.status).toBe('fail');
    expect(row.anyFail).toBe(true);
    const lenient = toRow(evidence({ approvals: [approval(person('Rik Brouwer'))] }), parsePolicy({ requiredApprovals: 1 }));
    expect(lenient.anyFail).toBe(false);
  });

  it('merge streamed batches into the engine’s order (newest first, then key), replacing repeats', () => {
    const all = rows(6);
    const merged = mergeRows(mergeRows([], [all[3], all[1]]), [all[0], all[5], all[1]]);
    expect(runs(merged)).toEqual([0, 1, 3, 5]);
    expect([...merged].sort(canonicalCompare)).toEqual(merged);
  });

  it('filter by environment, pipeline and keyword together', () => {
    const all = rows();
    expect(runs(filterRows(all, { environments: ['Production-EU'] }, me))).toEqual([3, 7, 11]);
    expect(runs(filterRows(all, { environments: ['Production-EU'], pipelines: ['shop-api'] }, me))).toEqual([3, 7, 11]);
    expect(runs(filterRows(all, { pipelines: ['shop-web'], keyword: 'FEATURE/x' }, me))).toEqual([6]);
    expect(filterRows(all, {}, me)).toBe(all);
  });

  it('find the deployments I approved, requested, reviewed, or any of these', () => {
    const all = rows();
    expect(runs(filterRows(all, { people: ['approvedByMe'] }, me))).toEqual([0, 3, 6, 9]);
    expect(runs(filterRows(all, { people: ['requestedByMe'] }, me))).toEqual([1, 7]);
    expect(runs(filterRows(all, { people: ['reviewedByMe'] }, me))).toEqual([1, 4, 7, 10]);
    expect(runs(filterRows(all, { people: ['approvedByMe', 'requestedByMe'] }, me))).toEqual([0, 1, 3, 6, 7, 9]);
    expect(runs(filterRows(all, { people: ['involvesMe'] }, me))).toEqual([0, 1, 3, 4, 6, 7, 9, 10]);
    // Matching is by identity id or sign-in name, whatever the case.
    expect(runs(filterRows(all, { people: ['approvedByMe'] }, userKeys({ id: 'nobody', name: alice.uniqueName.toUpperCase() })))).toEqual([0, 3, 6, 9]);
  });

  it('filter by control status, one control or any', () => {
    const all = rows();
    expect(runs(filterRows(all, { statuses: ['approval-count:fail'] }, me))).toEqual([4, 9]);
    expect(runs(filterRows(all, { statuses: ['source-branch:fail'] }, me))).toEqual([6]);
    expect(runs(filterRows(all, { statuses: ['approval-count:fail', 'source-branch:fail'] }, me))).toEqual([4, 6, 9]);
    expect(runs(filterRows(all, { statuses: ['any:fail'] }, me))).toEqual([4, 6, 9]);
    const unknown = [toRow(approvalsForbidden(sampleDeployments(1)[0]), policy)];
    expect(filterRows(unknown, { statuses: ['any:unknown'] }, me)).toHaveLength(1);
  });

  it('count each enabled control’s statuses', () => {
    const summary = summarizeRows(rows(), policy);
    expect(summary.deployments).toBe(12);
    expect(summary.anyFail).toBe(3);
    expect(summary.controls['approval-count']).toEqual({ pass: 10, fail: 2, unknown: 0, notApplicable: 0 });
    const withoutWorkItems = summarizeRows(rows(), parsePolicy({ controls: { 'work-item-linked': { enabled: false } } }));
    expect(withoutWorkItems.controls['work-item-linked']).toBeUndefined();
  });

  it('sort by any column, keeping the engine’s order for ties', () => {
    const all = rows();
    expect(sortRows(all, { key: 'startedAt', descending: true })).toBe(all);
    expect(runs(sortRows(all, { key: 'startedAt', descending: false }))).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(runs(sortRows(all, { key: 'approval-count', descending: false })).slice(0, 2)).toEqual([4, 9]);
    expect(runs(sortRows(all, { key: 'environment', descending: true })).slice(0, 3)).toEqual([3, 7, 11]);
    // Pipeline, then run name as text: 20261121.11 comes before 20261123.3.
    expect(runs(sortRows(all, { key: 'pipeline', descending: false })).slice(0, 6)).toEqual([1, 11, 3, 5, 7, 9]);
  });

  it('sort worst tests first', () => {
    const all = [
      toRow(evidence({ key: 'a', tests: { total: 10, passed: 10, failed: 0, other: 0 } }), policy),
      toRow(evidence({ key: 'b', tests: { total: 10, passed: 8, failed: 2, other: 0 } }), policy),
      toRow(evidence({ key: 'c', tests: null, errors: [evidenceError('tests', 500, 'down')] }), policy),
    ];
    expect(sortRows(all, { key: 'tests', descending: false }).map((row) => row.key)).toEqual(['c', 'b', 'a']);
  });

  it('list the environments and pipelines to filter by', () => {
    expect(distinctValues(rows())).toEqual({ environments: ['Production', 'Production-EU'], pipelines: ['shop-api', 'shop-web'] });
  });

  it('filter and sort 20,000 rows in well under a frame budget each', () => {
    const base = rows(200);
    const many = Array.from({ length: 20_000 }, (_, i) => ({ ...base[i % 200], key: `row-${i}` }));
    const started = performance.now();
    const filtered = filterRows(many, { keyword: 'dave', statuses: ['any:fail'] }, me);
    const sorted = sortRows(filtered, { key: 'requestedBy', descending: false });
    summarizeRows(many, policy);
    const elapsed = performance.now() - started;
    expect(sorted.length).toBeGreaterThan(1000);
    expect(elapsed).toBeLessThan(500);
  });

  it('give each deployment an overall status: the worst across its controls, with how many have it', () => {
    expect(overallText(overallOf(['pass', 'fail', 'unknown', 'fail']))).toBe('2 failing');
    expect(overallText(overallOf(['pass', 'unknown', 'notApplicable']))).toBe('1 unknown');
    expect(overallText(overallOf(['pass', 'notApplicable']))).toBe('passed');
    expect(overallText(overallOf(['notApplicable']))).toBe('not applicable');
    const all = rows();
    // Deployment 4 has a single approver (fails approval-count); 0 passes everything.
    expect(all[4].overall).toEqual({ status: 'fail', count: 1 });
    expect(all[0].overall.status).toBe('pass');
  });

  it('sort by the overall status: most failing controls first, then unknown, then passed', () => {
    const all = rows(12);
    const forbidden = toRow(approvalsForbidden(sampleDeployments(1)[0]), policy);
    const twoFailing = toRow(sampleDeployments(35)[34], policy); // a single approver and a feature branch
    expect(twoFailing.overall).toEqual({ status: 'fail', count: 2 });
    const sorted = sortRows([...all, forbidden, twoFailing], { key: 'overall', descending: false });
    expect(sorted[0]).toBe(twoFailing);
    const statuses = sorted.map((row) => row.overall.status);
    expect(statuses.indexOf('unknown')).toBeGreaterThan(statuses.lastIndexOf('fail'));
    expect(statuses.indexOf('pass')).toBeGreaterThan(statuses.lastIndexOf('unknown'));
    expect(sortRows(sorted, { key: 'overall', descending: true })[0].overall.status).toBe('pass');
  });

  it('split the unknown counts by cause: no access, removed by retention, service error', () => {
    const [a, b, c] = sampleDeployments(3);
    const summary = summarizeRows(
      [
        toRow(approvalsForbidden(a), policy),
        toRow({ ...b, builds: [], errors: [evidenceError('build', 404, 'Build 5001 not found')] }, policy),
        toRow({ ...c, tests: null, errors: [evidenceError('tests', 503, 'Service unavailable')] }, policy),
      ],
      policy,
    );
    expect(summary.causes['approval-count']).toEqual({ noAccess: 1, retention: 0, serviceError: 0 });
    expect(summary.causes['source-branch']).toEqual({ noAccess: 0, retention: 1, serviceError: 0 });
    expect(summary.causes['tests-passed']).toEqual({ noAccess: 0, retention: 1, serviceError: 1 });
    expect(summary.causes.any).toEqual({ noAccess: 1, retention: 1, serviceError: 1 });
    expect(summary.overall.unknown + summary.overall.fail).toBe(3);
  });
});

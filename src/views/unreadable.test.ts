import { evidence, evidenceError } from '../../test/support/control-evidence';
import {
  accessNotice,
  approvalsUnreadable,
  causeOf,
  causesText,
  deniedSources,
  plainCounts,
  unknownCause,
  unreadableText,
} from './unreadable';

const denied = evidenceError('approvals', 403, 'Access denied: you cannot read the approvals of this pipeline');
const removed = evidenceError('build', 404, 'Build 4711 not found');
const goneByWords = evidenceError('changes', null, 'The previous build was not found (deleted by retention)');
const unavailable = evidenceError('tests', 503, 'Service unavailable');
const malformed = evidenceError('pullRequests', null, 'The answer was not JSON');

describe('unreadable evidence', () => {
  it('gives the cause of an error: no access (401/403), removed by retention (404 or "not found"), else a service error', () => {
    expect(causeOf(denied)).toBe('noAccess');
    expect(causeOf(evidenceError('build', 401, 'refused'))).toBe('noAccess');
    expect(causeOf(removed)).toBe('retention');
    expect(causeOf(goneByWords)).toBe('retention');
    expect(causeOf(unavailable)).toBe('serviceError');
    expect(causeOf(malformed)).toBe('serviceError');
  });

  it('says why a control is unknown from the errors of the evidence it reads, the most telling cause first', () => {
    expect(unknownCause(evidence({ errors: [denied] }), 'approval-count')).toBe('noAccess');
    // The tests control does not read approvals: their 403 is not its cause.
    expect(unknownCause(evidence({ errors: [denied, unavailable] }), 'tests-passed')).toBe('serviceError');
    expect(unknownCause(evidence({ errors: [removed] }), 'source-branch')).toBe('retention');
    // A build removed and a 403 on pull requests: the missing permission explains more.
    expect(unknownCause(evidence({ errors: [removed, evidenceError('pullRequests', 403, 'denied')] }), 'code-review')).toBe('noAccess');
    expect(unknownCause(evidence({ errors: [] }), 'work-item-linked')).toBe('serviceError');
  });

  it('never calls unreadable approvals "none": it says why they could not be read', () => {
    expect(approvalsUnreadable(evidence({ approvals: [], errors: [denied] }))).toBe('could not be read (access denied)');
    expect(approvalsUnreadable(evidence({ approvals: [], errors: [evidenceError('approvals', 404, 'Release 12 not found')] }))).toBe(
      'could not be read (removed by retention)',
    );
    expect(approvalsUnreadable(evidence({ approvals: [], errors: [evidenceError('approvals', 500, 'Internal error')] }))).toBe(
      'could not be read (service error: HTTP 500)',
    );
    expect(unreadableText(malformed)).toBe('could not be read (service error)');
    // Read, and nobody approved: nothing to explain.
    expect(approvalsUnreadable(evidence({ approvals: [], errors: [removed] }))).toBeNull();
  });

  it('writes counts in plain words', () => {
    expect(plainCounts({ pass: 482, fail: 0, unknown: 4, notApplicable: 2 })).toBe('482 passed, 6 other, 0 failed');
    expect(plainCounts({ pass: 1200, fail: 3, unknown: 0, notApplicable: 0 })).toBe('1,200 passed, 0 other, 3 failed');
    expect(causesText({ noAccess: 12, retention: 0, serviceError: 1 })).toBe('12 no access, 1 service error');
    expect(causesText({ noAccess: 0, retention: 0, serviceError: 0 })).toBe('');
  });

  it('names what a reader was refused, who can grant it, the way round it, and writes the access request', () => {
    const deployments = [evidence({ errors: [denied] }), evidence({ errors: [denied, removed] }), evidence({ errors: [unavailable] })];
    expect(deniedSources(deployments)).toEqual(['approvals']);
    const notice = accessNotice(deployments, { user: 'auditor@fabrikam.com', project: 'Shop', orgUrl: 'https://dev.azure.com/fabrikam' })!;
    expect(notice.missing).toBe('approvals');
    expect(notice.text).toBe(
      'Your account cannot read approvals in Shop, so the controls that need them are unknown for 2 deployments (not failed, not passed). ' +
        'The project or environment administrators can grant that access. Until then, ask someone who can read approvals to export the report.',
    );
    expect(notice.request).toContain('My account (auditor@fabrikam.com) cannot read approvals');
    expect(notice.request).toContain('project Shop (https://dev.azure.com/fabrikam)');
    expect(notice.request).toContain('project or environment administrator');
    expect(notice.request).toMatch(/- read the approvals and checks of the production environments/);
    expect(accessNotice([evidence({ errors: [removed] })], { user: 'x', project: 'Shop', orgUrl: 'y' })).toBeNull();
  });

  it('lists several refused parts of the evidence in words', () => {
    const notice = accessNotice([evidence({ errors: [denied, evidenceError('tests', 403, 'denied')] })], { user: 'x', project: 'Shop', orgUrl: 'y' })!;
    expect(notice.missing).toBe('approvals and test results');
    expect(notice.text).toContain('for 1 deployment (not failed');
  });
});

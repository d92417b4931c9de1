import type { Verdict } from '../model';
import { CONTROL_IDS, CONTROLS, evaluateControls } from './index';
import { approval, evidence, person, policy } from '../../../test/support/control-evidence';

describe('the checklist', () => {
  it('has one control per id, in CONTROL_IDS order', () => {
    expect(CONTROLS.map((c) => c.id)).toEqual([...CONTROL_IDS]);
  });

  it('gives every control a title and a description', () => {
    for (const control of CONTROLS) {
      expect(control.title.trim()).not.toBe('');
      expect(control.description.trim()).not.toBe('');
    }
  });

  it('passes the reference deployment on every control of the default policy', () => {
    const verdicts = evaluateControls(evidence(), policy());
    expect(Object.keys(verdicts)).toEqual([...CONTROL_IDS]);
    for (const id of CONTROL_IDS) expect([id, verdicts[id]?.status]).toEqual([id, 'pass']);
  });

  it('gives every verdict a reason and at least one link', () => {
    const deployments = [evidence(), evidence({ approvals: [], pullRequests: [], builds: [], workItems: [], tests: null, testsUrl: null })];
    for (const deployment of deployments) {
      for (const verdict of Object.values(evaluateControls(deployment, policy())) as Verdict[]) {
        expect(verdict.reason).not.toBe('');
        expect(verdict.evidence.length).toBeGreaterThan(0);
      }
    }
  });

  it('evaluates only the controls the policy enables', () => {
    const verdicts = evaluateControls(evidence(), policy({ controls: { 'tests-passed': { enabled: false }, 'code-review': { enabled: false } } }));
    expect(Object.keys(verdicts)).toEqual(CONTROL_IDS.filter((id) => id !== 'tests-passed' && id !== 'code-review'));
  });

  it('evaluates each control against the policy', () => {
    const deployment = evidence({ approvals: [approval(person('Rik Brouwer'))] });
    expect(evaluateControls(deployment, policy())['approval-count']?.status).toBe('fail');
    expect(evaluateControls(deployment, policy({ requiredApprovals: 1 }))['approval-count']?.status).toBe('pass');
  });

  it('turns a control that throws on malformed evidence into unknown, and evaluates the others', () => {
    const deployment = evidence({ approvals: null as never });
    const verdicts = evaluateControls(deployment, policy());
    expect(verdicts['approval-count']).toMatchObject({ status: 'unknown', evidence: [deployment.url] });
    expect(verdicts['approval-count']?.reason).toMatch(/^the control could not be evaluated: /);
    expect(verdicts['tests-passed']?.status).toBe('pass');
  });
});

import { evidence, evidenceError, policy, PULL_REQUEST_URL, pullRequest, RELEASE_URL, RUN_URL, classicEvidence } from '../../../test/support/control-evidence';
import { workItemLinked } from './work-item-linked';

const evaluate = (deployment = evidence()) => workItemLinked.evaluate(deployment, policy());

describe('work-item-linked', () => {
  it('passes with a linked work item, naming it and linking to it', () => {
    expect(evaluate()).toEqual({
      status: 'pass',
      reason: 'work item #4711 linked',
      evidence: ['https://dev.azure.com/raboweb-test/SOx-compliant-demo/_workitems/edit/4711', RUN_URL, PULL_REQUEST_URL],
    });
  });

  it('names every linked work item once', () => {
    expect(evaluate(evidence({ workItems: [4711, 4712, 4711] })).reason).toBe('work items #4711, #4712 linked');
  });

  it('links work items of a classic release to its project', () => {
    expect(evaluate(classicEvidence()).evidence[0]).toBe('https://dev.azure.com/raboweb-test/SOx%20compliant%20demo/_workitems/edit/4711');
    expect(RELEASE_URL).toContain('/SOx%20compliant%20demo/_releaseProgress');
  });

  it('fails when no work item is linked to the build or its pull requests', () => {
    expect(evaluate(evidence({ workItems: [] }))).toEqual({
      status: 'fail',
      reason: 'no work item is linked to build 20200421.4 or pull request !156',
      evidence: [RUN_URL, PULL_REQUEST_URL],
    });
  });

  it('fails a deployment with nothing to link work items to', () => {
    const deployment = evidence({ workItems: [], builds: [], pullRequests: [] });
    expect(evaluate(deployment)).toEqual({
      status: 'fail',
      reason: 'no work item is linked: the deployment has no build or pull request',
      evidence: [deployment.url],
    });
  });

  it('is unknown when the work item links could not be read', () => {
    const deployment = evidence({ workItems: [], errors: [evidenceError('workItems', 500, 'server error')] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'unknown',
      reason: 'no linked work item was found, but work item links could not be read: server error (HTTP 500)',
    });
  });

  it('is unknown when none was found and the build is gone, since links could be on it', () => {
    const deployment = evidence({ workItems: [], builds: [], pullRequests: [], errors: [evidenceError('build', 404, 'build 33102 is gone')] });
    expect(evaluate(deployment)).toMatchObject({
      status: 'unknown',
      reason: 'no linked work item was found, but the build could not be read: build 33102 is gone (HTTP 404), so its pull requests are not known',
    });
  });

  it('is unknown when none was found and the pull requests could not be read', () => {
    const deployment = evidence({ workItems: [], pullRequests: [], errors: [evidenceError('pullRequests', 403, 'access denied')] });
    expect(evaluate(deployment).status).toBe('unknown');
  });

  it('passes on a linked work item even when other evidence could not be read', () => {
    const deployment = evidence({
      pullRequests: [pullRequest()],
      errors: [evidenceError('pullRequests', 403, 'access denied'), evidenceError('workItems', 500, 'server error')],
    });
    expect(evaluate(deployment).status).toBe('pass');
  });
});

import { evidence, evidenceError } from '../../test/support/control-evidence';
import { evidenceNotices } from './messages';

describe('notices about evidence the account may not read', () => {
  it('name every part refused, the commit history and branch policies among them, once each', () => {
    const deployments = [
      evidence({ errors: [evidenceError('changes', 403, 'the commits of build 1: access denied')] }),
      evidence({ errors: [evidenceError('changes', 401, 'denied'), evidenceError('policyEvaluations', 403, 'denied')] }),
    ];
    expect(evidenceNotices(deployments)).toEqual([
      'You can read deployments but not branch policies in this project: the branch policy control shows as unknown.',
      'You can read deployments but not commit history in this project: code review and branch policy controls show as unknown.',
    ]);
  });

  it('count the deployments missing evidence for other reasons', () => {
    const deployments = [evidence({ errors: [evidenceError('build', 404, 'build 1: not found')] }), evidence()];
    expect(evidenceNotices(deployments)).toEqual([expect.stringContaining('Some evidence of 1 deployment could not be read')]);
  });
});

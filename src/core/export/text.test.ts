import {
  changeSetSummary,
  evidenceLabel,
  formatElapsed,
  formatIdentity,
  formatReviewers,
  formatTests,
  formatUtc,
  formatDays,
  formatWindow,
  httpUrl,
  neutraliseFormula,
  projectBaseUrl,
  resourceLabel,
  uncoveredReason,
  voteLabel,
} from './text';
import { people } from '../../../test/fixtures/sample-report';

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+Deploy Bot', '-2+3', '@SUM(A1)', '\tprod', '\rX', '=HYPERLINK("http://evil")'])(
    'prefixes %j with a single quote',
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );

  it.each([' =1+1', '  @SUM(A1)', '\n-2', '\u00a0+cmd'])('prefixes %j, a formula after leading whitespace, with a single quote', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['', 'Normal Paulk', 'refs/heads/main', ' main', "x;=1+cmd|'/c calc'!A0", "'=already"])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('httpUrl', () => {
  it('accepts absolute http and https links', () => {
    expect(httpUrl('https://dev.azure.com/fabrikam/_build?buildId=1')).toBe('https://dev.azure.com/fabrikam/_build?buildId=1');
    expect(httpUrl('  http://tfs.corp:8080/tfs/x  ')).toBe('http://tfs.corp:8080/tfs/x');
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'file:///etc/passwd',
    '/relative/path',
    '//evil.example/x',
    'not a url',
    '',
    null,
  ])('rejects %j', (url) => {
    expect(httpUrl(url)).toBeNull();
  });
});

describe('formatting', () => {
  it('writes a person as "Name <unique name>"', () => {
    expect(formatIdentity(people.normal)).toBe('Normal Paulk <fabrikamfiber16@hotmail.com>');
    expect(formatIdentity({ id: 'x', displayName: 'Build Service', uniqueName: 'Build Service' })).toBe('Build Service');
    expect(formatIdentity(null)).toBe('');
  });

  it('lists reviewers with their vote, once per person and vote', () => {
    const pr = (id: number, reviewers: { identity: typeof people.chuck; vote: number }[]) => ({
      id,
      repositoryId: 'r',
      title: 't',
      createdBy: people.normal,
      closedBy: null,
      reviewers,
      bypassPolicy: false,
      url: '',
    });
    expect(
      formatReviewers([
        pr(1, [{ identity: people.chuck, vote: 10 }, { identity: people.marc, vote: -5 }]),
        pr(2, [{ identity: people.chuck, vote: 10 }, { identity: people.marc, vote: 0 }]),
      ]),
    ).toEqual(['Chuck Reinhart (10)', 'Marc Duiker (-5)', 'Marc Duiker (0)']);
  });

  it('names votes as Azure DevOps does', () => {
    expect([10, 5, 0, -5, -10].map(voteLabel)).toEqual([
      'approved',
      'approved with suggestions',
      'no vote',
      'waiting for author',
      'rejected',
    ]);
  });

  it('summarises tests as passed/total and failures', () => {
    expect(formatTests({ total: 250, passed: 246, failed: 2, other: 2 })).toBe('246/250, 2 failed');
    expect(formatTests(null)).toBe('');
  });

  it('writes times in UTC whatever the machine time zone', () => {
    expect(formatUtc('2024-05-14T11:12:31.553+02:00')).toBe('2024-05-14 09:12 UTC');
    expect(formatUtc('not a date')).toBe('not a date');
    expect(formatElapsed('2024-05-14T09:12:31Z', '2024-05-14T09:24:36Z')).toBe('12 minutes 5 seconds');
    expect(formatElapsed('2024-05-14T09:12:31Z', null)).toBe('');
  });

  it('finds the project address from a link into it', () => {
    expect(projectBaseUrl('https://dev.azure.com/fabrikam/Fabrikam-Fiber/_build/results?buildId=1')).toBe(
      'https://dev.azure.com/fabrikam/Fabrikam-Fiber',
    );
    expect(projectBaseUrl('https://tfs.corp/tfs/DefaultCollection/Web/_release?releaseId=3')).toBe(
      'https://tfs.corp/tfs/DefaultCollection/Web',
    );
    expect(projectBaseUrl('javascript:alert(1)/_x')).toBeNull();
  });
});

describe('changeSetSummary', () => {
  const previous = { key: 'yaml:1:90:prod', startedAt: '2024-05-10T15:02:11.000Z', runName: '20240510.2', url: 'https://x' };
  const since = { buildId: 90, number: '20240510.2', commit: 'abc' };
  const build = (basis: 'history' | 'deployedCommitOnly' | 'nothingNew', withSince = basis !== 'deployedCommitOnly') => ({
    definition: { id: 1, name: 'web' },
    changeSet: { basis, since: withSince ? since : null },
  });

  it('counts the commits since the previous production deployment, named as its run or release', () => {
    expect(changeSetSummary(build('history'), 3, previous, 'yaml')).toBe(
      '3 commits since run 20240510.2 (previous production deployment on 2024-05-10 15:02 UTC)',
    );
    expect(changeSetSummary(build('history'), 1, { ...previous, runName: 'Release-305' }, 'classic')).toBe(
      '1 commit since Release-305 (previous production deployment on 2024-05-10 15:02 UTC)',
    );
  });

  it('names the build it counts from when the previous deployment is not known', () => {
    expect(changeSetSummary(build('history'), 2, undefined, 'yaml')).toBe('2 commits since build 20240510.2');
  });

  it('says the deployed commit alone was shipped, and why', () => {
    expect(changeSetSummary(build('deployedCommitOnly'), 1, null, 'yaml')).toBe(
      'the deployed commit alone: no previous production deployment within 365 days',
    );
    expect(changeSetSummary(build('deployedCommitOnly'), 1, previous, 'yaml')).toBe(
      'the deployed commit alone: the previous production deployment (run 20240510.2) did not deploy web',
    );
  });

  it('says a redeploy shipped nothing new', () => {
    expect(changeSetSummary(build('nothingNew'), 0, previous, 'yaml')).toBe('nothing new since run 20240510.2');
  });

  it('is null when the build’s change set was not read', () => {
    expect(changeSetSummary({ definition: null, changeSet: null }, 0, previous, 'yaml')).toBeNull();
  });
});

describe('uncoveredReason', () => {
  it('says a commit no pull request holds was pushed directly', () => {
    expect(uncoveredReason({ elsewhere: [] })).toBe('not covered: pushed directly');
  });

  it('names the pull requests that took it to other branches, and those not completed', () => {
    expect(
      uncoveredReason({
        elsewhere: [
          { id: 35, targetRefName: 'refs/heads/main', status: 'completed' },
          { id: 36, targetRefName: 'refs/heads/develop', status: 'active' },
        ],
      }),
    ).toBe('not covered: merged through !35 into main, in !36 into develop (active)');
  });
});

describe('resourceLabel', () => {
  it.each([
    [{ type: 'endpoint', id: '1', name: 'prod-arm' }, 'service connection prod-arm'],
    [{ type: 'queue', id: '2', name: 'Prod agents' }, 'agent pool Prod agents'],
    [{ type: 'variablegroup', id: '3', name: 'secrets' }, 'variable group secrets'],
    [{ type: 'securefiles', id: '4', name: 'cert.pfx' }, 'secure file cert.pfx'],
    [{ type: 'somethingNew', id: '5', name: '' }, 'somethingNew 5'],
    [null, 'another resource'],
  ])('names %j as %j', (resource, label) => {
    expect(resourceLabel(resource)).toBe(label);
  });
});

describe('evidenceLabel for a commit', () => {
  it('names a commit link after its short id', () => {
    const deployment = { url: 'https://x/run', source: 'yaml' as const, runName: '1', runId: 1, builds: [], pullRequests: [] };
    expect(evidenceLabel(deployment, 'https://dev.azure.com/o/p/_git/web/commit/6a3f0c2e9d1b4f5a8c7e2d1b0a9f8e7d6c5b4a39')).toBe('Commit 6a3f0c2e');
  });
});

describe('formatWindow', () => {
  it('names a window by its first and last day, the end being 00:00 UTC after the last', () => {
    expect(formatWindow({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' })).toBe('1 Nov 2026 to 30 Nov 2026 (UTC)');
    expect(formatWindow({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:00Z') })).toBe('1 Jan 2026 to 1 Jan 2026 (UTC)');
  });

  it('keeps the day of an end that is not a midnight', () => {
    expect(formatWindow({ from: '2026-11-01T00:00:00Z', to: '2026-11-30T09:00:00Z' })).toBe('1 Nov 2026 to 30 Nov 2026 (UTC)');
  });

  it('writes what it was given when it is not a date', () => {
    expect(formatWindow({ from: 'soon', to: '2026-11-30T00:00:00Z' })).toBe('soon to 2026-11-30T00:00:00Z');
  });
});

describe('formatDays', () => {
  it('names first and last days (inclusive) as formatWindow names a window', () => {
    expect(formatDays('2026-11-01', '2026-11-30')).toBe('1 Nov 2026 to 30 Nov 2026 (UTC)');
    expect(formatDays('2026-11-30', '2026-11-30')).toBe('30 Nov 2026 to 30 Nov 2026 (UTC)');
    expect(formatDays('soon', '2026-11-30')).toBe('soon to 2026-11-30');
  });
});

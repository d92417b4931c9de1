import {
  formatElapsed,
  formatIdentity,
  formatReviewers,
  formatTests,
  formatUtc,
  httpUrl,
  neutraliseFormula,
  projectBaseUrl,
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

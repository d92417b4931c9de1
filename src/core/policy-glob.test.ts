/** The wildcard matcher of production environments and allowed branches, against hostile patterns. */
import { globMatch, MAX_PATTERN_LENGTH, MAX_PATTERN_WILDCARDS, parsePolicy, PolicyError } from './policy';

describe('globMatch', () => {
  it.each([
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['*', 'anything at all', true],
    ['prod*', 'Production', true],
    ['*-eu', 'prod-EU', true],
    ['*-eu', 'prod-eu-2', false],
    ['p*d*n', 'production', true],
    ['p*d*x', 'production', false],
    ['?', 'a', true],
    ['?', '', false],
    ['??', 'a', false],
    ['a*?', 'a', false],
    ['a*?', 'ab', true],
    ['*a*b*c*', 'xxaxxbxxcxx', true],
    ['*a*b*c*', 'xxaxxcxxbxx', false],
    ['refs/heads/release/*', 'REFS/HEADS/RELEASE/2026.11', true],
    ['refs/heads/main', 'refs/heads/main-old', false],
    ['a.b', 'axb', false],
    ['a+b', 'a+b', true],
    ['(prod)|x', '(prod)|x', true],
    ['[abc]', 'a', false],
    ['[abc]', '[ABC]', true],
    ['\\\\d', '\\\\d', true],
    ['**', 'ab', true],
    ['a**b', 'ab', true],
    ['*ab', 'aab', true],
    ['*aab', 'aaab', true],
    ['a*a*a*b', 'aaaaaaaaab', true],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('answers a pathological pattern against a long name at once, correctly', () => {
    // A backtracking regular expression (^a*a*a*…a*b$) takes exponential time on this: the hub froze for minutes.
    const pattern = `${'a*'.repeat(MAX_PATTERN_WILDCARDS)}b`;
    const name = 'a'.repeat(5000);
    expect(globMatch(pattern, name)).toBe(false);
    expect(globMatch(pattern, `${name}b`)).toBe(true);
    expect(globMatch(`${'*a'.repeat(12)}*c`, `${'a'.repeat(200)}`)).toBe(false);
  });
});

describe('policy patterns', () => {
  it(`refuses a pattern longer than ${MAX_PATTERN_LENGTH} characters, naming where`, () => {
    const long = `prod-${'x'.repeat(MAX_PATTERN_LENGTH)}`;
    expect(() => parsePolicy({ productionEnvironments: [long] })).toThrow(PolicyError);
    expect(() => parsePolicy({ productionEnvironments: [long] })).toThrow(
      `invalid policy: productionEnvironments.0: pattern is ${long.length} characters long, longer than ${MAX_PATTERN_LENGTH}`,
    );
  });

  it(`refuses a pattern with more than ${MAX_PATTERN_WILDCARDS} wildcards, naming where`, () => {
    const many = `${'*a'.repeat(MAX_PATTERN_WILDCARDS + 1)}`;
    expect(() => parsePolicy({ allowedBranches: ['refs/heads/main', many] })).toThrow(
      `invalid policy: allowedBranches.1: pattern has ${MAX_PATTERN_WILDCARDS + 1} wildcards (*), more than ${MAX_PATTERN_WILDCARDS}`,
    );
  });

  it('accepts patterns at the limits', () => {
    const atLimit = `${'*'.repeat(MAX_PATTERN_WILDCARDS)}${'x'.repeat(MAX_PATTERN_LENGTH - MAX_PATTERN_WILDCARDS)}`;
    expect(parsePolicy({ productionEnvironments: [atLimit], allowedBranches: [atLimit] }).productionEnvironments).toEqual([atLimit]);
  });
});

import { parseCollectArgs, UsageError } from './args';

const base = ['--org-url', 'https://dev.azure.com/contoso/', '--project', 'Shop', '--format', 'json'];

describe('parseCollectArgs', () => {
  it('reads the documented arguments', () => {
    const args = parseCollectArgs([...base, '--from', '2026-11-01', '--to', '2026-12-01', '--environment', 'Production', '--environment', 'Prod-EU', '--out', 'r.json', '--config', 'p.json']);
    expect(args).toMatchObject({
      orgUrl: 'https://dev.azure.com/contoso',
      project: 'Shop',
      environments: ['Production', 'Prod-EU'],
      out: 'r.json',
      config: 'p.json',
      format: 'json',
    });
    expect(args.window.from.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(args.window.to.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('reads a policy file in Git from --config-repo, --config-branch and --config-path', () => {
    const args = parseCollectArgs([...base, '--config-repo', 'config', '--config-branch', 'refs/heads/main', '--config-path', 'deploy-audit/policy.json']);
    expect(args.configGit).toEqual({ repository: 'config', branch: 'refs/heads/main', path: 'deploy-audit/policy.json' });
    expect(args.config).toBeNull();
    expect(parseCollectArgs(base).configGit).toBeNull();
  });

  it('writes to standard output for --out - or no --out', () => {
    expect(parseCollectArgs([...base, '--out', '-']).out).toBeNull();
    expect(parseCollectArgs(base).out).toBeNull();
  });

  it.each([
    [['--project', 'Shop', '--format', 'json'], '--org-url is required'],
    [['--org-url', 'contoso', '--project', 'Shop', '--format', 'json'], 'not a URL'],
    [[...base.slice(0, 4), '--format', 'pdf'], '--format must be one of'],
    [[...base, '--from', '2026-13-01'], '--from'],
    [[...base, '--from', '2026-11-02', '--to', '2026-11-01'], '--from must be before --to'],
    [[...base, '--bogus'], 'bogus'],
    [['--org-url', 'https://me:s3cret@dev.azure.com/contoso', '--project', 'Shop', '--format', 'json'], 'must not contain a user name or password'],
    [[...base, '--config-repo', 'config', '--config-path', 'p.json'], '--config-branch missing'],
    [[...base, '--config-repo', 'config', '--config-branch', 'main', '--config-path', 'p.json', '--config', 'p.json'], '--config and --config-repo name two policies'],
    [[...base, '--config-repo', ' ', '--config-branch', 'main', '--config-path', 'p.json'], 'name the repository'],
    [[...base, '--config-repo', 'config', '--config-branch', 'main', '--config-path', 'folder/'], 'name the path'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCollectArgs(argv)).toThrow(UsageError);
    expect(() => parseCollectArgs(argv)).toThrow(message);
  });
});

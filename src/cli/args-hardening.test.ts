import { isLoopback, parseCollectArgs, UsageError } from './args';

const rest = ['--project', 'Shop', '--format', 'json'];

describe('--org-url over http', () => {
  it('is refused for a remote host without --allow-http, saying why', () => {
    const parse = () => parseCollectArgs(['--org-url', 'http://tfs.contoso.local/DefaultCollection', ...rest]);
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow('--org-url http://tfs.contoso.local is http: the token would travel unencrypted; use https, or --allow-http to accept that');
  });

  it('is accepted for a remote host with --allow-http', () => {
    const args = parseCollectArgs(['--org-url', 'http://tfs.contoso.local/DefaultCollection', '--allow-http', ...rest]);
    expect(args).toMatchObject({ orgUrl: 'http://tfs.contoso.local/DefaultCollection', allowHttp: true });
  });

  it.each(['http://127.0.0.1:8080/contoso', 'http://127.5.6.7/contoso', 'http://localhost:3000/contoso', 'http://[::1]:8080/contoso'])(
    'is always accepted for the loopback address %s',
    (orgUrl) => {
      expect(parseCollectArgs(['--org-url', orgUrl, ...rest])).toMatchObject({ orgUrl, allowHttp: false });
    },
  );

  it('https needs no flag', () => {
    expect(parseCollectArgs(['--org-url', 'https://dev.azure.com/contoso', ...rest]).allowHttp).toBe(false);
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['127.0.0.1.evil.example', false],
    ['localhost.evil.example', false],
    ['app.localhost', false],
    ['10.0.0.1', false],
    ['[::2]', false],
    ['127.0.0.256', false],
  ])('%s: %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

describe('--environment patterns', () => {
  it('are refused past the wildcard limit, as in a policy file', () => {
    const argv = ['--org-url', 'https://dev.azure.com/contoso', ...rest, '--environment', `${'*p'.repeat(17)}`];
    expect(() => parseCollectArgs(argv)).toThrow('--environment: pattern has 17 wildcards (*), more than 16');
  });
});

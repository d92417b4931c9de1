/** The command line's arguments: parsed strictly, every mistake a one-line message. */
import { parseArgs } from 'node:util';
import { isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from './formats';
import { defaultWindow, parseDay, type AuditWindow } from '../core/engine/window';
import { patternProblem } from '../core/policy';
import { locationProblem, type GitPolicyLocation } from '../core/policy-source/git-policy';

export const USAGE = `usage: deploy-audit collect --org-url URL --project NAME [--from YYYY-MM-DD] [--to YYYY-MM-DD]
         [--environment NAME]... [--config FILE | --config-repo REPO --config-branch BRANCH --config-path PATH]
         [--cache DIR [--no-cache]] --format json|csv|xlsx|html|pack [--out FILE|-] [--allow-http]

Policy: --config FILE reads it from a file; --config-repo, --config-branch and --config-path read it from a file in
one of the project's Git repositories (the report cites its commit); neither: the defaults.

Token: AZURE_DEVOPS_TOKEN (a personal access token) or SYSTEM_ACCESSTOKEN (a pipeline's token).
Exit codes: 0 report written; 2 fatal error; 3 report written, some evidence could not be read.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CollectArgs {
  orgUrl: string;
  project: string;
  window: AuditWindow;
  environments: string[];
  config: string | null;
  /** The policy file in one of the project's Git repositories (--config-repo, --config-branch, --config-path). */
  configGit: GitPolicyLocation | null;
  /** Directory keeping the evidence of finished deployments between audits. */
  cache: string | null;
  /** Collect afresh, ignoring what the cache keeps (and keep the new evidence in it). */
  noCache: boolean;
  format: OutputFormat;
  out: string | null;
  /** An http: organization URL that is not a loopback address was allowed explicitly (the token travels in clear). */
  allowHttp: boolean;
}

export function parseCollectArgs(argv: string[], now = new Date()): CollectArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'org-url': { type: 'string' },
        project: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        environment: { type: 'string', multiple: true },
        config: { type: 'string' },
        'config-repo': { type: 'string' },
        'config-branch': { type: 'string' },
        'config-path': { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
        'allow-http': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const values = parsed.values;

  const orgUrl = required(values['org-url'], '--org-url');
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    throw new UsageError(`--org-url "${orgUrl}" is not a URL (e.g. https://dev.azure.com/contoso)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--org-url must be an http(s) URL');
  const allowHttp = values['allow-http'] === true;
  if (url.protocol === 'http:' && !allowHttp && !isLoopback(url.hostname)) {
    throw new UsageError(`--org-url ${url.origin} is http: the token would travel unencrypted; use https, or --allow-http to accept that`);
  }
  if (url.search || url.hash) throw new UsageError('--org-url must not have a query or fragment');
  // A token belongs in AZURE_DEVOPS_TOKEN: a URL is echoed in messages, a secret in it would be too.
  if (url.username || url.password) throw new UsageError('--org-url must not contain a user name or password: put the token in AZURE_DEVOPS_TOKEN');

  const project = required(values.project, '--project').trim();
  const format = required(values.format, '--format');
  if (!isOutputFormat(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);

  const fallback = defaultWindow(now);
  const day = (value: string | undefined, name: string, otherwise: Date) => {
    if (value === undefined) return otherwise;
    try {
      return parseDay(value);
    } catch (error) {
      throw new UsageError(`${name}: ${(error as Error).message}`);
    }
  };
  const to = day(values.to, '--to', fallback.to);
  const from = day(values.from, '--from', values.to === undefined ? fallback.from : new Date(to.getTime() - 30 * 86_400_000));
  if (from.getTime() >= to.getTime()) throw new UsageError('--from must be before --to');

  const environments = (values.environment ?? []).map((name) => name.trim());
  if (environments.some((name) => !name)) throw new UsageError('--environment must not be empty');
  for (const name of environments) {
    const problem = patternProblem(name);
    if (problem) throw new UsageError(`--environment: ${problem}`);
  }

  const configGit = gitLocation(values['config-repo'], values['config-branch'], values['config-path']);
  if (configGit && values.config !== undefined) throw new UsageError('--config and --config-repo name two policies: give one of them');

  return {
    orgUrl: orgUrl.replace(/\/+$/, ''),
    project,
    window: { from, to },
    environments,
    config: values.config ?? null,
    configGit,
    cache: values.cache ?? null,
    noCache: values['no-cache'] === true,
    format,
    out: values.out === undefined || values.out === '-' ? null : values.out,
    allowHttp,
  };
}

/** The Git policy file's location: all three options or none. */
function gitLocation(repository: string | undefined, branch: string | undefined, path: string | undefined): GitPolicyLocation | null {
  if (repository === undefined && branch === undefined && path === undefined) return null;
  const missing = [
    repository === undefined ? '--config-repo' : '',
    branch === undefined ? '--config-branch' : '',
    path === undefined ? '--config-path' : '',
  ].filter(Boolean);
  if (missing.length) throw new UsageError(`a policy in Git needs --config-repo, --config-branch and --config-path: ${missing.join(', ')} missing`);
  const location = { repository: repository!.trim(), branch: branch!.trim(), path: path!.trim() };
  const problem = locationProblem(location);
  if (problem) throw new UsageError(`--config-repo/--config-branch/--config-path: ${problem}`);
  return location;
}

/** localhost, 127.0.0.0/8 and [::1]: a token sent there never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!ipv4 && ipv4.slice(1).every((part) => Number(part) <= 255) && Number(ipv4[1]) === 127;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${name} is required`);
  return value;
}

/**
 * deploy-audit: the engine on the command line. Exit codes are a contract: 0 report written; 2 fatal (bad
 * arguments, authentication, unknown project), with one line on stderr and no output file; 3 report written
 * but some evidence could not be read.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { AdoClient } from '../core/ado/client';
import { collectEvidence, PopulationError, ProjectNotFoundError, unmatchedPatterns, type PopulationFacts } from '../core/engine/collect';
import { buildReport } from '../core/engine/report';
import type { ReportPolicySource } from '../core/report';
import { cacheScope, EvidenceCache } from '../core/cache/evidence-cache';
import { parsePolicy, PolicyError, type Policy } from '../core/policy';
import { GitPolicyError, readGitPolicy } from '../core/policy-source/git-policy';
import { bearerAuth, patAuth, type AuthHeaderProvider } from '../core/transport/auth';
import { AdoHttpError, AuthenticationError, CancelledError, MalformedResponseError } from '../core/transport/errors';
import { AdoHttp } from '../core/transport/http';
import { parseCollectArgs, UsageError, USAGE, type CollectArgs } from './args';
import { FileEvidenceStore } from './file-store';
import { readRanBy } from '../core/ado/ran-by';
import { ProgressLine } from './progress';
import { forTerminal } from './terminal';
import { writeReport } from './formats';
import { SAMPLE_USAGE, sampleCommand } from './sample';
import { VERIFY_USAGE, verifyCommand } from './verify';

export const EXIT = { ok: 0, fatal: 2, incomplete: 3, cancelled: 130 } as const;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n\n${VERIFY_USAGE}\n\n${SAMPLE_USAGE}\n`);
    return EXIT.ok;
  }
  if (command === 'verify') return verifyCommand(rest);
  if (command === 'sample') return sampleCommand(rest, () => clockFrom(env)());
  if (command !== 'collect') {
    return fatal(`${command ? `unknown command "${command}"` : 'no command'}: use deploy-audit collect … (deploy-audit --help explains)`);
  }

  let args: CollectArgs;
  let policy: Policy;
  let policySource: ReportPolicySource;
  let auth: AuthHeaderProvider;
  try {
    args = parseCollectArgs(rest, clockFrom(env)());
    ({ policy, source: policySource } = await readPolicy(args.config));
    auth = authFromEnvironment(env);
  } catch (error) {
    return fatal((error as Error).message);
  }

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const progress = new ProgressLine();
  // Whatever a message holds (a server's text, a name), it reaches the terminal without control characters.
  const warn = (message: string) => process.stderr.write(`warning: ${forTerminal(message)}\n`);
  try {
    const http = new AdoHttp({
      auth,
      signal: controller.signal,
      onThrottle: (event) => progress.throttled(event),
      // Tuning knobs for tests and slow servers; the defaults suit Azure DevOps.
      backoffMs: positiveNumber(env.DEPLOY_AUDIT_BACKOFF_MS),
      concurrency: positiveNumber(env.DEPLOY_AUDIT_CONCURRENCY),
      timeoutMs: positiveNumber(env.DEPLOY_AUDIT_TIMEOUT_MS),
      // The typed clients' Accept options (enums as numbers, /Date()/ dates, bare arrays), as the extension's
      // SDK clients ask; the engine reads both forms.
      acceptOptions: env.DEPLOY_AUDIT_ACCEPT === 'typed' ? 'typed' : 'json',
    });
    const client = await AdoClient.connect(http, args.orgUrl, args.project, { warn });
    // A policy in Git is read before anything else: an audit under a policy that cannot be read would mislead.
    if (args.configGit) ({ policy, source: policySource } = await readGitPolicy(client, args.configGit));
    const { ranBy, organizationId } = await readRanBy(http, args.orgUrl);
    const cache = args.cache ? new EvidenceCache(new FileEvidenceStore(args.cache, warn), cacheScope(args.orgUrl, args.project), { fresh: args.noCache }) : undefined;
    let population: PopulationFacts | undefined;
    const deployments = await collectEvidence({
      cache,
      onCacheError: (error) => warn(`the cache in ${args.cache} could not be saved: ${(error as Error).message}`),
      client,
      policy,
      window: args.window,
      environments: args.environments,
      signal: controller.signal,
      onProgress: (state) => progress.update(state),
      clock: clockFrom(env),
      onPopulation: (facts) => {
        population = facts;
        for (const pattern of unmatchedPatterns(population)) warn(`the production pattern "${pattern}" matches no environment or release stage`);
      },
    });
    const effective = args.environments.length ? { ...policy, productionEnvironments: args.environments } : policy;
    const report = buildReport({
      orgUrl: args.orgUrl,
      project: args.project,
      window: args.window,
      policy: effective,
      deployments,
      population,
      generatedAt: clockFrom(env)(),
      manifest: { generator: 'command line', ranBy, organizationId, policySource, environmentsOverridden: args.environments.length > 0 },
    });
    await writeReport(report, args.format, args.out);
    const incomplete = report.deployments.filter((deployment) => deployment.errors.length > 0).length;
    if (incomplete > 0) {
      process.stderr.write(`warning: some evidence of ${incomplete} of ${report.deployments.length} deployments could not be read; those controls are unknown\n`);
      return EXIT.incomplete;
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CancelledError) {
      process.stderr.write('\ncancelled; no report written\n');
      return EXIT.cancelled;
    }
    return fatal(describeFatal(error, args));
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

function positiveNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isInteger(number) && number > 0 ? number : undefined;
}

function authFromEnvironment(env: NodeJS.ProcessEnv): AuthHeaderProvider {
  if (env.AZURE_DEVOPS_TOKEN) return patAuth(env.AZURE_DEVOPS_TOKEN);
  if (env.SYSTEM_ACCESSTOKEN) return bearerAuth(env.SYSTEM_ACCESSTOKEN);
  throw new UsageError('no token: set AZURE_DEVOPS_TOKEN to a personal access token, or SYSTEM_ACCESSTOKEN in a pipeline');
}

/** The policy file's policy, and where it came from: its path and the SHA-256 of its bytes (or the defaults). */
async function readPolicy(file: string | null): Promise<{ policy: Policy; source: ReportPolicySource }> {
  if (!file) return { policy: parsePolicy({}), source: { kind: 'defaults' } };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new UsageError(`--config: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const text = bytes.toString('utf8');
  const source: ReportPolicySource = { kind: 'file', path: file, sha256: createHash('sha256').update(bytes).digest('hex') };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PolicyError(`--config: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { policy: parsePolicy(json), source };
  } catch (error) {
    throw new PolicyError(`--config: ${file}: ${(error as Error).message}`);
  }
}

function describeFatal(error: unknown, args: CollectArgs): string {
  if (error instanceof AuthenticationError) {
    return `authentication failed at ${args.orgUrl}: the token is wrong, expired, or has no access to this organization`;
  }
  if (error instanceof GitPolicyError) return `--config-repo: ${error.message}`;
  if (error instanceof ProjectNotFoundError || (error instanceof AdoHttpError && /^ProjectDoesNotExist/.test(error.typeKey ?? ''))) {
    return `project "${args.project}" was not found in ${args.orgUrl} (or the token cannot see it)`;
  }
  if (error instanceof ProjectNotFoundError) return `project "${args.project}" was not found in ${args.orgUrl} (or the token cannot see it)`;
  if (error instanceof PopulationError) return error.message;
  if (error instanceof AdoHttpError) {
    if (error.status === 404) return `${args.orgUrl} does not look like an Azure DevOps organization (HTTP 404 at ${stripQuery(error.url)})`;
    return `Azure DevOps request failed: ${error.message}${error.status ? ` (HTTP ${error.status})` : ''}`;
  }
  if (error instanceof MalformedResponseError) return `Azure DevOps sent an answer that cannot be read: ${error.message}`;
  return `error: ${(error as Error).message ?? String(error)}`;
}

const stripQuery = (url: string) => url.split('?')[0];

/** One line on stderr, whatever the message holds (a server's message may span lines or carry escape sequences). */
function fatal(message: string): number {
  const line = forTerminal(message).replace(/\s+/g, ' ').trim();
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}deploy-audit: ${line}\n`);
  return EXIT.fatal;
}

/**
 * The audit's clock: now, or DEPLOY_AUDIT_NOW (an ISO date), which makes a run reproducible — the default window, when
 * the evidence was captured and the report generated, and so verdicts judged against the date (test retention).
 */
function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const fixed = env.DEPLOY_AUDIT_NOW ? new Date(env.DEPLOY_AUDIT_NOW) : null;
  if (fixed && Number.isNaN(fixed.getTime())) throw new UsageError(`DEPLOY_AUDIT_NOW "${env.DEPLOY_AUDIT_NOW}" is not a date`);
  return () => (fixed ? new Date(fixed.getTime()) : new Date());
}

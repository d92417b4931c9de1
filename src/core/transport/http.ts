/**
 * The one door to Azure DevOps: authentication, JSON, retries with backoff, Retry-After and bounded concurrency; a
 * deadline per attempt, a size limit per answer, HTML answers told apart from a refused token, and the api-version
 * negotiated down when an Azure DevOps Server has an older one. Works with any fetch (Node 20's, the browser's), so
 * the engine runs unchanged in both.
 */
import type { AuthHeaderProvider } from './auth';
import { AdoHttpError, AuthenticationError, CancelledError, MalformedResponseError } from './errors';
import { Limiter, realSleep, type Sleep } from './limiter';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Told to the caller whenever the service makes us wait, so a progress view can say "throttled, waiting N s". */
export interface ThrottleEvent {
  url: string;
  status: number;
  waitMs: number;
  reason: 'retry-after' | 'backoff' | 'rate-limit-delay';
}

/**
 * Requests in flight at once, by default: the last doubling that still made an audit 1.5 times faster or more, as
 * `npm run bench` measures it with answers taking 50 ms (bench/results.md, "Requests in flight"; the doublings to 16
 * gained 1.6–1.9×, the next 1.2–1.4× across runs). More would double the bursts that Azure DevOps counts against a
 * user's five-minute budget for little.
 */
export const DEFAULT_CONCURRENCY = 16;

/** Longest an attempt may take, from sending the request to the last byte of the answer; then it is retried. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Largest answer read; a larger one is a malformed answer to that request (the biggest real pages are a few MB). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The Accept header of the typed clients (azure-devops-extension-api): enums as numbers, dates as "/Date(ms)/", bare
 * arrays, no url fields. The engine reads both forms; `acceptOptions: 'typed'` sends this one.
 */
export const TYPED_CLIENT_ACCEPT_OPTIONS = 'excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true';

export interface HttpOptions {
  auth: AuthHeaderProvider;
  fetch?: Fetch;
  /** Requests in flight at once (DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Retries of a 429, 5xx, timeout or network failure before giving up. */
  maxRetries?: number;
  /** First backoff delay; doubles with every retry, with jitter. */
  backoffMs?: number;
  /** Longest a single wait may be, whatever the service asks. */
  maxWaitMs?: number;
  /** Longest one attempt may take (DEFAULT_TIMEOUT_MS); a timed-out attempt is retried like a 5xx. */
  timeoutMs?: number;
  /** Largest answer read (DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** 'json' (default): `Accept: application/json`; 'typed': the typed clients' options (TYPED_CLIENT_ACCEPT_OPTIONS). */
  acceptOptions?: 'json' | 'typed';
  /**
   * A cheap authenticated request (`{org}/_apis/connectionData`): when a 200 answer is an HTML page, it tells a
   * refused token (the probe is refused too) from a gateway's error page on that one request.
   */
  authProbeUrl?: string;
  onThrottle?: (event: ThrottleEvent) => void;
  /** Counts every request sent, for the benchmark and the progress view. */
  onRequest?: (method: string, url: string) => void;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  signal?: AbortSignal;
}

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** What one attempt brought back: the answer, and its body when it was read. */
interface Exchange {
  response: Response;
  text: string | null;
}

/** A request's attempt that took longer than the timeout. */
class AttemptTimeout extends Error {
  override name = 'TimeoutError';
}

/** The answer is larger than the limit: retrying will not make it smaller. */
class TooLarge extends MalformedResponseError {}

export class AdoHttp {
  private readonly limiter: Limiter;
  private readonly fetchImpl: Fetch;
  private readonly sleep: Sleep;
  /** Every attempt in flight: the caller's signal aborts them through one listener, however many there are. */
  private readonly inFlight = new Set<AbortController>();
  /** The highest api-version the server said it supports (Azure DevOps Server), once it said so. */
  private maxApiVersion: ApiVersion | null = null;
  private authProbe: Promise<boolean> | null = null;
  private authProbeUrl: string | undefined;
  requestCount = 0;

  constructor(private readonly options: HttpOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? realSleep;
    this.limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY, this.sleep, options.now);
    this.authProbeUrl = options.authProbeUrl;
    // One listener on the caller's (long-lived) signal, not one per request: thousands of requests, 16 at a time,
    // would otherwise pile listeners onto it (Node warns past 10: MaxListenersExceededWarning).
    options.signal?.addEventListener(
      'abort',
      () => {
        for (const controller of this.inFlight) controller.abort(options.signal?.reason);
      },
      { once: true },
    );
  }

  /** Where to confirm that an HTML answer means a refused token; the client sets it to `{org}/_apis/connectionData`. */
  setAuthProbe(url: string): void {
    this.authProbeUrl ??= url;
  }

  /** The highest api-version the server supports, once it answered a request with "version out of range". */
  get serverMaxApiVersion(): string | null {
    return this.maxApiVersion ? `${this.maxApiVersion.major}.${this.maxApiVersion.minor}` : null;
  }

  get<T = unknown>(url: string): Promise<JsonResponse<T>> {
    return this.request<T>('GET', url);
  }

  post<T = unknown>(url: string, body: unknown): Promise<JsonResponse<T>> {
    return this.request<T>('POST', url, body);
  }

  async request<T>(method: string, url: string, body?: unknown, mode: { probe?: boolean } = {}): Promise<JsonResponse<T>> {
    const maxRetries = this.options.maxRetries ?? 4;
    let target = this.withServerVersion(url);
    let negotiated = false;
    for (let attempt = 0; ; ) {
      this.throwIfCancelled();
      let exchange: Exchange;
      const controller = new AbortController();
      this.inFlight.add(controller);
      try {
        exchange = await this.limiter.run(
          () => this.exchange(method, target, body, controller, (status) => RETRYABLE.has(status) && attempt < maxRetries),
          controller.signal,
        );
      } catch (error) {
        this.throwIfCancelled();
        if (error instanceof TooLarge) throw error;
        const what = error instanceof AttemptTimeout ? error.message : `network error: ${(error as Error)?.message ?? String(error)}`;
        if (attempt >= maxRetries) throw new AdoHttpError(0, what, target);
        this.wait(target, 0, this.backoff(attempt), 'backoff');
        attempt++;
        continue;
      } finally {
        this.inFlight.delete(controller);
      }
      const { response, text } = exchange;
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
      if (text === null) {
        const waitMs = retryAfterMs ?? this.backoff(attempt);
        this.wait(target, response.status, waitMs, retryAfterMs !== null ? 'retry-after' : 'backoff');
        attempt++;
        continue;
      }
      // The service may ask for a pause on a successful answer too: slow every later request down.
      if (retryAfterMs !== null && response.ok) {
        this.notifyThrottle(target, response.status, retryAfterMs, 'retry-after');
        this.limiter.pause(Math.min(retryAfterMs, this.maxWait));
      }
      // X-RateLimit-Delay: the service held this answer back that long because the identity is near its budget.
      // Leaving as long a gap before the next request lets the budget recover instead of running into 429s.
      const delayMs = parseSeconds(response.headers.get('X-RateLimit-Delay'));
      if (delayMs && response.ok && retryAfterMs === null) {
        this.notifyThrottle(target, response.status, delayMs, 'rate-limit-delay');
        this.limiter.pause(Math.min(delayMs, this.maxWait));
      }
      try {
        return await this.read<T>(method, response, text, target, mode);
      } catch (error) {
        // Azure DevOps Server answers a version it does not have with 400 and the highest one it has: ask again
        // at that version, and send every later request at it directly.
        const supported = !negotiated && error instanceof AdoHttpError ? versionOutOfRange(error) : null;
        if (!supported) throw error;
        if (!this.maxApiVersion || compareVersions(supported, this.maxApiVersion) < 0) this.maxApiVersion = supported;
        const lowered = this.withServerVersion(target);
        if (lowered === target) throw error;
        target = lowered;
        negotiated = true;
      }
    }
  }

  private get maxWait(): number {
    return this.options.maxWaitMs ?? 5 * 60_000;
  }

  /** One attempt: send, and read the answer's body within the timeout and the size limit (null: to be retried). */
  private async exchange(
    method: string,
    url: string,
    body: unknown,
    controller: AbortController,
    willRetry: (status: number) => boolean,
  ): Promise<Exchange> {
    this.requestCount++;
    this.options.onRequest?.(method, url);
    const headers: Record<string, string> = {
      Accept: this.accept(url),
      Authorization: await this.options.auth(),
      // Ask for 401 instead of a 203 sign-in page; the 203 is still handled in read().
      'X-TFS-FedAuthRedirect': 'Suppress',
      'X-VSS-ForceMsaPassThrough': 'true',
    };
    const init: RequestInit = { method, headers, signal: controller.signal };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new AttemptTimeout(`no complete answer within ${formatSeconds(timeoutMs)} to ${method} ${stripQuery(url)}`));
    }, timeoutMs);
    try {
      const response = await this.fetchImpl(url, init);
      if (willRetry(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        return { response, text: null };
      }
      const text = await readLimited(response, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, method, url);
      return { response, text };
    } catch (error) {
      if (timedOut) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private accept(url: string): string {
    if (this.options.acceptOptions !== 'typed') return 'application/json';
    const version = /[?&]api-version=([^&#]*)/.exec(url)?.[1];
    return `application/json;${version ? `api-version=${decodeURIComponent(version)};` : ''}${TYPED_CLIENT_ACCEPT_OPTIONS}`;
  }

  private async read<T>(method: string, response: Response, text: string, url: string, mode: { probe?: boolean }): Promise<JsonResponse<T>> {
    const contentType = response.headers.get('Content-Type') ?? '';
    const json = contentType.includes('json') || /^\s*[[{]/.test(text) ? tryParse(text) : undefined;
    if (response.status === 401 || response.status === 203) {
      throw new AuthenticationError(response.status, REFUSED, url);
    }
    if (!response.ok) {
      const error = (json ?? {}) as { message?: unknown; typeKey?: unknown };
      const message = typeof error.message === 'string' ? error.message : `${response.status} ${response.statusText}`.trim();
      throw new AdoHttpError(response.status, message, url, typeof error.typeKey === 'string' ? error.typeKey : null);
    }
    if (json === undefined) {
      const request = `${method} ${stripQuery(url)}`;
      if (isHtml(text, contentType)) {
        // A sign-in page where JSON was expected, or a gateway's error page for this one request? Ask once more,
        // cheaply, with the same token: only a refused probe ends the audit as an authentication failure.
        if (mode.probe || (await this.signedOut())) throw new AuthenticationError(response.status, REFUSED, url);
        throw new MalformedResponseError(`Azure DevOps answered ${request} with an HTML page instead of JSON (a proxy or gateway error page?)`, url);
      }
      if (text.trim() === '') throw new MalformedResponseError(`Azure DevOps answered ${request} with an empty body instead of JSON`, url);
      throw new MalformedResponseError(`the answer to ${request} is not valid JSON (cut off?): ${text.slice(0, 80)}`, url);
    }
    return { status: response.status, body: json as T, headers: response.headers };
  }

  /** Whether the token is refused: the probe answers 401, 203 or HTML. Concurrent questions share one probe. */
  private signedOut(): Promise<boolean> {
    const probeUrl = this.authProbeUrl;
    if (!probeUrl) return Promise.resolve(false);
    this.authProbe ??= this.request('GET', probeUrl, undefined, { probe: true })
      .then(
        () => false,
        (error) => {
          if (error instanceof CancelledError) throw error;
          return error instanceof AuthenticationError;
        },
      )
      .finally(() => {
        this.authProbe = null;
      });
    return this.authProbe;
  }

  /** The URL at the server's highest api-version when it asks for a higher one (7.1-preview.1 → 7.0-preview.1). */
  private withServerVersion(url: string): string {
    const max = this.maxApiVersion;
    if (!max) return url;
    return url.replace(/([?&]api-version=)([^&#]*)/, (whole, prefix: string, value: string) => {
      const version = parseApiVersion(decodeURIComponent(value));
      if (!version || compareVersions(version, max) <= 0) return whole;
      return `${prefix}${max.major}.${max.minor}${version.suffix}`;
    });
  }

  private backoff(attempt: number): number {
    const base = (this.options.backoffMs ?? 500) * 2 ** attempt;
    const jitter = (this.options.random ?? Math.random)() * base * 0.5;
    return Math.min(base + jitter, this.maxWait);
  }

  private wait(url: string, status: number, waitMs: number, reason: ThrottleEvent['reason']): void {
    // The retry waits in the limiter, with every other request: the service throttles the identity, not the call.
    const capped = Math.min(waitMs, this.maxWait);
    this.notifyThrottle(url, status, capped, reason);
    this.limiter.pause(capped);
  }

  private notifyThrottle(url: string, status: number, waitMs: number, reason: ThrottleEvent['reason']): void {
    this.options.onThrottle?.({ url, status, waitMs, reason });
  }

  private throwIfCancelled(): void {
    if (this.options.signal?.aborted) throw new CancelledError();
  }
}

const REFUSED = 'Azure DevOps refused the token (it is wrong, expired, or lacks access to this organization)';

const stripQuery = (url: string) => url.split('?')[0];

const formatSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

function isHtml(text: string, contentType: string): boolean {
  return contentType.includes('html') || /^\s*</.test(text);
}

/** The body as text, refusing one larger than `limit` bytes (declared or actual) without reading the rest. */
async function readLimited(response: Response, limit: number, method: string, url: string): Promise<string> {
  const tooLarge = () => new TooLarge(`the answer to ${method} ${stripQuery(url)} is larger than ${formatBytes(limit)}`, url);
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

const formatBytes = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`);

interface ApiVersion {
  major: number;
  minor: number;
  /** "-preview.1", "-preview" or "". */
  suffix: string;
}

function parseApiVersion(value: string): ApiVersion | null {
  const match = /^(\d+)\.(\d+)(-preview(?:\.\d+)?)?$/i.exec(value.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]), suffix: match[3] ?? '' } : null;
}

const compareVersions = (a: ApiVersion, b: ApiVersion) => a.major - b.major || a.minor - b.minor;

/**
 * The highest version a server names when it refuses the one asked for: 400, typeKey VssVersionOutOfRangeException,
 * "The requested REST API version of 7.1 is out of range for this server. The latest REST API version this server
 * supports is 7.0."
 */
function versionOutOfRange(error: AdoHttpError): ApiVersion | null {
  if (error.status !== 400) return null;
  if (error.typeKey !== 'VssVersionOutOfRangeException' && !/out of range/i.test(error.message)) return null;
  const named = /supports is (\d+\.\d+)/i.exec(error.message)?.[1];
  return named ? parseApiVersion(named) : null;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

/** A header of (decimal) seconds, in milliseconds; null when absent or not a positive number. */
function parseSeconds(value: string | null): number | null {
  const seconds = Number(value);
  return value && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

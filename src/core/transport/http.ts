/**
 * The one door to Azure DevOps: authentication, JSON, retries with backoff, Retry-After and bounded concurrency.
 * Works with any fetch (Node 20's, the browser's), so the engine runs unchanged in both.
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

export interface HttpOptions {
  auth: AuthHeaderProvider;
  fetch?: Fetch;
  /** Requests in flight at once (DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Retries of a 429, 5xx or network failure before giving up. */
  maxRetries?: number;
  /** First backoff delay; doubles with every retry, with jitter. */
  backoffMs?: number;
  /** Longest a single wait may be, whatever the service asks. */
  maxWaitMs?: number;
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

export class AdoHttp {
  private readonly limiter: Limiter;
  private readonly fetchImpl: Fetch;
  private readonly sleep: Sleep;
  requestCount = 0;

  constructor(private readonly options: HttpOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? realSleep;
    this.limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY, this.sleep, options.now);
  }

  get<T = unknown>(url: string): Promise<JsonResponse<T>> {
    return this.request<T>('GET', url);
  }

  post<T = unknown>(url: string, body: unknown): Promise<JsonResponse<T>> {
    return this.request<T>('POST', url, body);
  }

  async request<T>(method: string, url: string, body?: unknown): Promise<JsonResponse<T>> {
    const maxRetries = this.options.maxRetries ?? 4;
    for (let attempt = 0; ; attempt++) {
      this.throwIfCancelled();
      let response: Response;
      try {
        response = await this.limiter.run(() => this.send(method, url, body), this.options.signal);
      } catch (error) {
        this.throwIfCancelled();
        if (attempt >= maxRetries) throw new AdoHttpError(0, `network error: ${(error as Error).message}`, url);
        this.wait(url, 0, this.backoff(attempt), 'backoff');
        continue;
      }

      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
      if (RETRYABLE.has(response.status) && attempt < maxRetries) {
        await response.body?.cancel().catch(() => undefined);
        const waitMs = retryAfterMs ?? this.backoff(attempt);
        this.wait(url, response.status, waitMs, retryAfterMs !== null ? 'retry-after' : 'backoff');
        continue;
      }
      // The service may ask for a pause on a successful answer too: slow every later request down.
      if (retryAfterMs !== null && response.ok) {
        this.notifyThrottle(url, response.status, retryAfterMs, 'retry-after');
        this.limiter.pause(Math.min(retryAfterMs, this.maxWait));
      }
      // X-RateLimit-Delay: the service held this answer back that long because the identity is near its budget.
      // Leaving as long a gap before the next request lets the budget recover instead of running into 429s.
      const delayMs = parseSeconds(response.headers.get('X-RateLimit-Delay'));
      if (delayMs && response.ok && retryAfterMs === null) {
        this.notifyThrottle(url, response.status, delayMs, 'rate-limit-delay');
        this.limiter.pause(Math.min(delayMs, this.maxWait));
      }
      return this.read<T>(response, url);
    }
  }

  private get maxWait(): number {
    return this.options.maxWaitMs ?? 5 * 60_000;
  }

  private async send(method: string, url: string, body: unknown): Promise<Response> {
    this.requestCount++;
    this.options.onRequest?.(method, url);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: await this.options.auth(),
      // Ask for 401 instead of a 203 sign-in page; the 203 is still handled in read().
      'X-TFS-FedAuthRedirect': 'Suppress',
      'X-VSS-ForceMsaPassThrough': 'true',
    };
    // A signal of its own per request, linked to the caller's: fetch implementations keep a listener on the signal
    // they are given until it is collected, which piles up on one long-lived signal over thousands of requests.
    const controller = new AbortController();
    const cancel = () => controller.abort(this.options.signal?.reason);
    this.options.signal?.addEventListener('abort', cancel, { once: true });
    const init: RequestInit = { method, headers, signal: controller.signal };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      return await this.fetchImpl(url, init);
    } finally {
      this.options.signal?.removeEventListener('abort', cancel);
    }
  }

  private async read<T>(response: Response, url: string): Promise<JsonResponse<T>> {
    const text = await response.text();
    const contentType = response.headers.get('Content-Type') ?? '';
    const json = contentType.includes('json') || /^\s*[[{]/.test(text) ? tryParse(text) : undefined;

    if (response.status === 401 || response.status === 203 || (response.ok && json === undefined && !contentType.includes('json'))) {
      throw new AuthenticationError(
        response.status,
        'Azure DevOps refused the token (it is wrong, expired, or lacks access to this organization)',
        url,
      );
    }
    if (!response.ok) {
      const error = (json ?? {}) as { message?: unknown; typeKey?: unknown };
      const message = typeof error.message === 'string' ? error.message : `${response.status} ${response.statusText}`.trim();
      throw new AdoHttpError(response.status, message, url, typeof error.typeKey === 'string' ? error.typeKey : null);
    }
    if (json === undefined) {
      throw new MalformedResponseError(`the answer is not valid JSON: ${text.slice(0, 80)}`, url);
    }
    return { status: response.status, body: json as T, headers: response.headers };
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

/**
 * The transport against bad answers and slow or hostile servers: an HTML page on one request, empty and cut-off
 * bodies, timeouts, answers too large, one listener on the caller's signal, and api-version negotiation with
 * Azure DevOps Server.
 */
import { getEventListeners } from 'node:events';
import { fakeFetch, type Route } from '../../../test/support/fake-fetch';
import { patAuth } from './auth';
import { AdoHttpError, AuthenticationError, CancelledError, MalformedResponseError } from './errors';
import { AdoHttp, type HttpOptions } from './http';

const ORG = 'https://dev.azure.com/contoso';
const TIMELINE = `${ORG}/Shop/_apis/build/builds/7/timeline?api-version=7.1`;
const PROBE = `${ORG}/_apis/connectionData`;
const GATEWAY_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
const SIGN_IN_PAGE = '<html><head><title>Sign In</title></head><body>Azure DevOps Services | Sign In</body></html>';

function client(routes: Route[], options: Partial<HttpOptions> = {}) {
  const fake = fakeFetch(routes);
  const http = new AdoHttp({ auth: patAuth('pat'), fetch: fake.fetch, sleep: async () => undefined, maxRetries: 1, authProbeUrl: PROBE, ...options });
  return { http, calls: fake.calls };
}

describe('a 200 answer that is not JSON', () => {
  it('is a malformed answer to that request, naming it, when connectionData proves the token good', async () => {
    const { http, calls } = client([
      [/connectionData/, { body: { authenticatedUser: { id: 'u1' } } }],
      [/timeline/, { status: 200, text: GATEWAY_PAGE }],
    ]);
    const error = await http.get(TIMELINE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ url: TIMELINE });
    expect((error as Error).message).toContain('HTML page');
    expect((error as Error).message).toContain(`${ORG}/Shop/_apis/build/builds/7/timeline`);
    expect(calls.map((call) => call.url)).toEqual([TIMELINE, PROBE]);
  });

  it.each([
    ['401', { status: 401, text: 'Unauthorized' }],
    ['a 203 sign-in page', { status: 203, text: SIGN_IN_PAGE }],
    ['a 200 HTML page', { status: 200, text: SIGN_IN_PAGE }],
  ])('is a refused token when the probe gets %s', async (_, probeAnswer) => {
    const { http } = client([
      [/connectionData/, probeAnswer],
      [/timeline/, { status: 200, text: SIGN_IN_PAGE }],
    ]);
    await expect(http.get(TIMELINE)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('is not a refused token when the probe itself fails for another reason (500)', async () => {
    const { http } = client([
      [/connectionData/, { status: 500, body: { message: 'boom' } }],
      [/timeline/, { status: 200, text: GATEWAY_PAGE }],
    ]);
    const error = await http.get(TIMELINE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
  });

  it('asks the probe once for many HTML answers at the same time', async () => {
    const { http, calls } = client([
      [/connectionData/, { body: {} }],
      [/timeline/, { status: 200, text: GATEWAY_PAGE }],
    ]);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => http.get(TIMELINE)));
    expect(results.every((result) => result.status === 'rejected' && result.reason instanceof MalformedResponseError)).toBe(true);
    expect(calls.filter((call) => call.url === PROBE)).toHaveLength(1);
  });

  it('an empty body is a malformed answer saying so', async () => {
    const { http } = client([[/timeline/, { status: 200, text: '', headers: { 'Content-Type': 'application/json' } }]]);
    await expect(http.get(TIMELINE)).rejects.toThrow(/empty body/);
    await expect(http.get(TIMELINE)).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('a cut-off JSON body is a malformed answer naming the request, without asking the probe', async () => {
    const { http, calls } = client([[/timeline/, { status: 200, text: '{"records":[{"id":', headers: { 'Content-Type': 'application/json' } }]]);
    const error = await http.get(TIMELINE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toMatch(/timeline is not valid JSON \(cut off\?\)/);
    expect(calls.some((call) => call.url === PROBE)).toBe(false);
  });
});

describe('timeouts', () => {
  /** A fetch that never answers until its signal aborts, as a server that accepted the connection and went silent. */
  const silent = (calls: string[]) => (url: string, init?: RequestInit) =>
    new Promise<Response>((_, reject) => {
      calls.push(url);
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
    });

  it('gives every attempt a deadline, retries it like a 5xx, then fails naming the request', async () => {
    const calls: string[] = [];
    const http = new AdoHttp({ auth: patAuth('pat'), fetch: silent(calls), sleep: async () => undefined, maxRetries: 2, timeoutMs: 20 });
    const error = await http.get(TIMELINE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdoHttpError);
    expect((error as AdoHttpError).status).toBe(0);
    expect((error as Error).message).toBe(`no complete answer within 20 ms to GET ${ORG}/Shop/_apis/build/builds/7/timeline`);
    expect(calls).toHaveLength(3);
  });

  it('succeeds when a retry answers in time', async () => {
    let n = 0;
    const calls: string[] = [];
    const never = silent(calls);
    const http = new AdoHttp({
      auth: patAuth('pat'),
      sleep: async () => undefined,
      timeoutMs: 20,
      fetch: (url, init) => (n++ === 0 ? never(url, init) : Promise.resolve(new Response('{"ok":true}', { headers: { 'Content-Type': 'application/json' } }))),
    });
    await expect(http.get(TIMELINE)).resolves.toMatchObject({ body: { ok: true } });
    expect(n).toBe(2);
  });

  it('covers reading the body, not only the headers', async () => {
    const http = new AdoHttp({
      auth: patAuth('pat'),
      sleep: async () => undefined,
      maxRetries: 0,
      timeoutMs: 20,
      fetch: async (_url, init) => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"value":['));
            init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
          },
        });
        return new Response(body, { headers: { 'Content-Type': 'application/json' } });
      },
    });
    await expect(http.get(TIMELINE)).rejects.toThrow(/no complete answer within 20 ms/);
  });
});

describe('answers too large', () => {
  it('refuses a body larger than the limit, naming the request, without retrying', async () => {
    const { http, calls } = client([[/timeline/, { status: 200, text: `{"records":[${'"x",'.repeat(500)}"x"]}`, headers: { 'Content-Type': 'application/json' } }]], {
      maxBodyBytes: 1000,
    });
    const error = await http.get(TIMELINE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toBe(`the answer to GET ${ORG}/Shop/_apis/build/builds/7/timeline is larger than 1000 bytes`);
    expect(calls).toHaveLength(1);
  });

  it('reads a body just under the limit', async () => {
    const body = JSON.stringify({ records: ['x'.repeat(900)] });
    const { http } = client([[/timeline/, { status: 200, text: body, headers: { 'Content-Type': 'application/json' } }]], { maxBodyBytes: body.length });
    await expect(http.get(TIMELINE)).resolves.toMatchObject({ body: { records: ['x'.repeat(900)] } });
  });
});

describe("the caller's signal", () => {
  it('carries one abort listener however many requests are in flight, and none of ours after they settle', async () => {
    const controller = new AbortController();
    let most = 0;
    const http = new AdoHttp({
      auth: patAuth('pat'),
      signal: controller.signal,
      concurrency: 16,
      fetch: async () => {
        most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
      },
    });
    await Promise.all(Array.from({ length: 64 }, () => http.get(TIMELINE)));
    expect(most).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
  });

  it('still cancels every request in flight', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const http = new AdoHttp({
      auth: patAuth('pat'),
      signal: controller.signal,
      fetch: (url, init) =>
        new Promise<Response>((_, reject) => {
          started.push(url);
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        }),
    });
    const running = Array.from({ length: 4 }, () => http.get(TIMELINE).catch((e: unknown) => e));
    while (started.length < 4) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    const errors = await Promise.all(running);
    expect(errors.every((error) => error instanceof CancelledError)).toBe(true);
  });
});

describe('Azure DevOps Server api-version negotiation', () => {
  const outOfRange = (asked: string) => ({
    status: 400,
    body: {
      $id: '1',
      innerException: null,
      message: `The requested REST API version of ${asked} is out of range for this server. The latest REST API version this server supports is 7.0.`,
      typeName: 'Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi',
      typeKey: 'VssVersionOutOfRangeException',
      errorCode: 0,
      eventId: 3000,
    },
  });
  /** A server of REST 7.0: answers 7.0 and lower, refuses anything higher as Azure DevOps Server 2022 does. */
  const server2022: Route = [
    /./,
    (url) => {
      const version = new URL(url).searchParams.get('api-version') ?? '';
      const [major, minor] = version.split('-')[0].split('.').map(Number);
      return major > 7 || (major === 7 && minor > 0) ? outOfRange(version) : { body: { version } };
    },
  ];

  it('asks again at the version the server names, keeping a preview suffix', async () => {
    const { http, calls } = client([server2022]);
    const answer = await http.get(`${ORG}/Shop/_apis/testresults/resultsummarybybuild?buildId=1&api-version=7.1-preview.1`);
    expect(answer.body).toEqual({ version: '7.0-preview.1' });
    expect(calls.map((call) => new URL(call.url).searchParams.get('api-version'))).toEqual(['7.1-preview.1', '7.0-preview.1']);
    expect(http.serverMaxApiVersion).toBe('7.0');
  });

  it('sends later requests at the remembered version directly, and leaves lower versions alone', async () => {
    const { http, calls } = client([server2022]);
    await http.get(`${ORG}/_apis/resourceAreas?api-version=7.1`);
    calls.length = 0;
    await http.get(`${ORG}/Shop/_apis/build/builds?api-version=7.1`);
    await http.get(`${ORG}/Shop/_apis/git/pullrequestquery?api-version=7.2-preview.2`);
    await http.get(`${ORG}/Shop/_apis/wit/workitems?api-version=6.0`);
    expect(calls.map((call) => new URL(call.url).searchParams.get('api-version'))).toEqual(['7.0', '7.0-preview.2', '6.0']);
  });

  it('sends the negotiated version in the Accept header too, with the typed clients options', async () => {
    const { http, calls } = client([server2022], { acceptOptions: 'typed' });
    await http.get(`${ORG}/Shop/_apis/build/builds?api-version=7.1`);
    expect(calls.map((call) => call.headers.Accept)).toEqual([
      'application/json;api-version=7.1;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true',
      'application/json;api-version=7.0;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true',
    ]);
  });

  it('asks again only once: a server that still refuses is an error with its message', async () => {
    const { http, calls } = client([[/./, outOfRange('7.0')]]);
    const error = await http.get(`${ORG}/_apis/resourceAreas?api-version=7.1`).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, typeKey: 'VssVersionOutOfRangeException' });
    expect(calls).toHaveLength(2);
  });

  it('leaves any other 400 alone', async () => {
    const { http, calls } = client([[/./, { status: 400, body: { message: 'A query parameter is wrong.', typeKey: 'InvalidArgumentValueException' } }]]);
    await expect(http.get(`${ORG}/_apis/resourceAreas?api-version=7.1`)).rejects.toMatchObject({ status: 400, message: 'A query parameter is wrong.' });
    expect(calls).toHaveLength(1);
    expect(http.serverMaxApiVersion).toBeNull();
  });
});

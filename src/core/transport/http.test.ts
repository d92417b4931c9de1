import { fakeFetch } from '../../../test/support/fake-fetch';
import { patAuth, bearerAuth } from './auth';
import { AdoHttpError, AuthenticationError, CancelledError, MalformedResponseError } from './errors';
import { AdoHttp, parseRetryAfter, type HttpOptions } from './http';

const URL_A = 'https://dev.azure.com/contoso/_apis/a';

function client(routes: Parameters<typeof fakeFetch>[0], options: Partial<HttpOptions> = {}) {
  const fake = fakeFetch(routes);
  const waits: number[] = [];
  const http = new AdoHttp({
    auth: patAuth('secret-pat'),
    fetch: fake.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0,
    now: () => 1_000_000,
    ...options,
  });
  return { http, calls: fake.calls, waits };
}

describe('AdoHttp', () => {
  it('sends a PAT as Basic base64(":" + PAT) and asks for 401 instead of a sign-in page', async () => {
    const { http, calls } = client([[/a$/, { body: { ok: 1 } }]]);
    await http.get(URL_A);
    expect(calls[0].headers.Authorization).toBe(`Basic ${Buffer.from(':secret-pat').toString('base64')}`);
    expect(calls[0].headers['X-TFS-FedAuthRedirect']).toBe('Suppress');
  });

  it('sends a pipeline token as Bearer', async () => {
    const { http, calls } = client([[/a$/, { body: {} }]], { auth: bearerAuth('job-token') });
    await http.get(URL_A);
    expect(calls[0].headers.Authorization).toBe('Bearer job-token');
  });

  it('waits as long as Retry-After says on a 429, then retries', async () => {
    const { http, calls, waits } = client([[/a$/, [{ status: 429, headers: { 'Retry-After': '7' }, body: { message: 'throttled' } }, { body: { ok: 1 } }]]]);
    const answer = await http.get(URL_A);
    expect(answer.body).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
    expect(waits).toContain(7000);
  });

  it('backs off exponentially on 5xx and gives up after the retry budget with the status', async () => {
    const onThrottle = jest.fn();
    const { http, calls, waits } = client([[/a$/, { status: 503, body: { message: 'Service Unavailable' } }]], { maxRetries: 3, backoffMs: 100, onThrottle });
    await expect(http.get(URL_A)).rejects.toMatchObject({ status: 503, name: 'AdoHttpError' });
    expect(calls).toHaveLength(4);
    expect(waits.filter((ms) => ms > 0).slice(0, 3)).toEqual([100, 200, 400]);
    expect(onThrottle).toHaveBeenCalledWith(expect.objectContaining({ status: 503, reason: 'backoff' }));
  });

  it('honours Retry-After on a successful answer by pausing the next request', async () => {
    const { http, waits } = client([
      [/a$/, { body: {}, headers: { 'Retry-After': '2' } }],
      [/b$/, { body: {} }],
    ]);
    await http.get(URL_A);
    await http.get('https://dev.azure.com/contoso/_apis/b');
    expect(waits).toEqual([2000]);
  });

  it('leaves a gap as long as X-RateLimit-Delay says before the next request, and says so', async () => {
    const onThrottle = jest.fn();
    const { http, waits } = client(
      [
        [/a$/, { body: {}, headers: { 'X-RateLimit-Delay': '1.5', 'X-RateLimit-Resource': 'Core' } }],
        [/b$/, { body: {} }],
      ],
      { onThrottle },
    );
    await http.get(URL_A);
    await http.get('https://dev.azure.com/contoso/_apis/b');
    expect(waits).toEqual([1500]);
    expect(onThrottle).toHaveBeenCalledWith(expect.objectContaining({ reason: 'rate-limit-delay', waitMs: 1500 }));
  });

  it('treats a 203 HTML sign-in page as an authentication failure, not as data', async () => {
    const { http } = client([[/a$/, { status: 203, text: '<html><title>Sign in</title></html>' }]]);
    await expect(http.get(URL_A)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('treats a 200 HTML page as an authentication failure when the connectionData probe is refused too', async () => {
    const { http } = client([[/a$|connectionData/, { status: 200, text: '<!DOCTYPE html><html>Sign in to your account</html>' }]], {
      authProbeUrl: 'https://dev.azure.com/contoso/_apis/connectionData',
    });
    await expect(http.get(URL_A)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('treats 401 as an authentication failure without retrying', async () => {
    const { http, calls } = client([[/a$/, { status: 401, text: 'Unauthorized' }]]);
    await expect(http.get(URL_A)).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toHaveLength(1);
  });

  it("keeps the service's exception name of a 404", async () => {
    const body = { message: 'The requested build 9 could not be found.', typeKey: 'BuildNotFoundException' };
    const { http, calls } = client([[/a$/, { status: 404, body }]]);
    const error = await http.get(URL_A).catch((e) => e);
    expect(error).toBeInstanceOf(AdoHttpError);
    expect(error).toMatchObject({ status: 404, typeKey: 'BuildNotFoundException', message: body.message });
    expect(calls).toHaveLength(1);
  });

  it('reports a truncated JSON answer as malformed', async () => {
    const { http } = client([[/a$/, { status: 200, text: '{"count":1,"value":[{', headers: { 'Content-Type': 'application/json' } }]]);
    await expect(http.get(URL_A)).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('never has more requests in flight than its concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const http = new AdoHttp({
      auth: patAuth('x'),
      concurrency: 3,
      fetch: async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
      },
    });
    await Promise.all(Array.from({ length: 12 }, () => http.get(URL_A)));
    expect(most).toBe(3);
    expect(http.requestCount).toBe(12);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { http } = client([[/a$/, { body: {} }]], { signal: controller.signal });
    await expect(http.get(URL_A)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

/** A scripted fetch for unit tests of the transport and the evidence sources: answers by URL, records requests. */
import type { Fetch } from '../../src/core/transport/http';

export interface Scripted {
  status?: number;
  body?: unknown;
  /** A raw body (HTML, broken JSON) instead of JSON. */
  text?: string;
  headers?: Record<string, string>;
}

export type Route = [pattern: RegExp, answer: Scripted | Scripted[] | ((url: string, init?: RequestInit) => Scripted)];

export interface FakeFetch {
  fetch: Fetch;
  calls: { method: string; url: string; headers: Record<string, string>; body?: string }[];
}

/** Each route answers in turn with the next of its scripted answers, the last one repeating. */
export function fakeFetch(routes: Route[]): FakeFetch {
  const calls: FakeFetch['calls'] = [];
  const served = new Map<Route, number>();
  const fetch: Fetch = async (url, init) => {
    calls.push({ method: init?.method ?? 'GET', url, headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body as string | undefined });
    const route = routes.find(([pattern]) => pattern.test(url));
    if (!route) return new Response(JSON.stringify({ message: `no route for ${url}` }), { status: 404, headers: { 'Content-Type': 'application/json' } });
    const [, answer] = route;
    let scripted: Scripted;
    if (typeof answer === 'function') scripted = answer(url, init);
    else if (Array.isArray(answer)) {
      const index = served.get(route) ?? 0;
      served.set(route, index + 1);
      scripted = answer[Math.min(index, answer.length - 1)];
    } else scripted = answer;
    const text = scripted.text ?? JSON.stringify(scripted.body ?? {});
    const contentType = scripted.text !== undefined ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
    return new Response(scripted.status === 204 ? null : text, {
      status: scripted.status ?? 200,
      headers: { 'Content-Type': contentType, ...scripted.headers },
    });
  };
  return { fetch, calls };
}

/** The client's addresses: where the token may go, and lists that never end. */
import { z } from 'zod';
import { fakeFetch, type Route } from '../../../test/support/fake-fetch';
import { patAuth } from '../transport/auth';
import { MalformedResponseError } from '../transport/errors';
import { AdoHttp } from '../transport/http';
import { AdoClient, isTrustedAreaUrl, RESOURCE_AREAS } from './client';
import { environmentSchema } from './schemas';

function http(routes: Route[]) {
  const fake = fakeFetch(routes);
  return { http: new AdoHttp({ auth: patAuth('pat'), fetch: fake.fetch, sleep: async () => undefined, maxRetries: 0 }), calls: fake.calls };
}

const areas = (release: string, testResults: string): Route => [
  /_apis\/resourceAreas/,
  {
    body: {
      count: 2,
      value: [
        { id: RESOURCE_AREAS.release, name: 'Release', locationUrl: release },
        { id: RESOURCE_AREAS.testResults, name: 'TestResults', locationUrl: testResults },
      ],
    },
  },
];

describe('AdoClient: where the token goes', () => {
  it('uses resource areas of the same service family', async () => {
    const { http: h } = http([areas('https://vsrm.dev.azure.com/contoso/', 'https://vstmr.dev.azure.com/contoso/')]);
    const client = await AdoClient.connect(h, 'https://dev.azure.com/contoso', 'Shop');
    expect(client.url('release', 'release/deployments', '7.1')).toBe('https://vsrm.dev.azure.com/contoso/Shop/_apis/release/deployments?api-version=7.1');
    expect(client.url('testResults', 'testresults/x', '7.1')).toBe('https://vstmr.dev.azure.com/contoso/Shop/_apis/testresults/x?api-version=7.1');
  });

  it('ignores a resource area that points elsewhere, with a warning, and falls back to the organization', async () => {
    const warnings: string[] = [];
    const { http: h, calls } = http([
      areas('https://collector.example.net/contoso', 'http://vstmr.dev.azure.com/contoso'),
      [/./, { body: { value: [] } }],
    ]);
    const client = await AdoClient.connect(h, 'https://dev.azure.com/contoso', 'Shop', { warn: (message) => warnings.push(message) });
    await client.get(client.url('release', 'release/deployments', '7.1'), z.unknown());
    await client.get(client.url('testResults', 'testresults/x', '7.1'), z.unknown());
    expect(calls.map((call) => new URL(call.url).host)).toEqual(['dev.azure.com', 'vsrm.dev.azure.com', 'vstmr.dev.azure.com']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('https://collector.example.net/contoso');
  });

  it('keeps a server collection on its own origin', () => {
    const collection = 'https://tfs.contoso.local/DefaultCollection';
    expect(isTrustedAreaUrl(collection, 'https://tfs.contoso.local/DefaultCollection')).toBe(true);
    expect(isTrustedAreaUrl(collection, 'https://vsrm.dev.azure.com/contoso')).toBe(false);
    expect(isTrustedAreaUrl(collection, 'https://tfs.contoso.local:8443/DefaultCollection')).toBe(false);
  });

  it.each([
    ['https://contoso.vsrm.visualstudio.com/', true],
    ['https://contoso.visualstudio.com/', true],
    ['https://vsrm.dev.azure.com/contoso', true],
    ['https://dev.azure.com.evil.example/contoso', false],
    ['https://evil.example/dev.azure.com', false],
    ['http://vsrm.dev.azure.com/contoso', false],
    ['https://user:pw@vsrm.dev.azure.com/contoso', false],
    ['not a url', false],
  ])('from https://dev.azure.com/contoso trusts %s: %s', (area, trusted) => {
    expect(isTrustedAreaUrl('https://dev.azure.com/contoso', area)).toBe(trusted);
  });

  it('applies the same rule to hosts the extension was given', () => {
    const warnings: string[] = [];
    const { http: h } = http([]);
    const client = AdoClient.withHosts(h, 'https://dev.azure.com/contoso', 'Shop', { release: 'https://attacker.example/x' }, { warn: (m) => warnings.push(m) });
    expect(client.url('release', 'r', '7.1')).toBe('https://vsrm.dev.azure.com/contoso/Shop/_apis/r?api-version=7.1');
    expect(warnings).toHaveLength(1);
  });
});

describe('AdoClient.pages', () => {
  it('stops a list that never ends after the page limit, naming it', async () => {
    let page = 0;
    const { http: h, calls } = http([
      [/_apis\/resourceAreas/, { body: { value: [] } }],
      // A fresh token on every page (up to a thousand, so that a client without a limit ends too, and fails below).
      [/environments/, () => ({ body: { value: [{ id: ++page, name: `e${page}` }] }, headers: page < 1000 ? { 'x-ms-continuationtoken': `t${page}` } : undefined })],
    ]);
    const client = await AdoClient.connect(h, 'https://dev.azure.com/contoso', 'Shop', { maxPages: 25 });
    const read: number[] = [];
    const walk = async () => {
      for await (const items of client.pages(client.url('core', 'distributedtask/environments', '7.1'), environmentSchema)) read.push(...items.map((e) => e.id));
    };
    const error = await walk().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toBe('the list at https://dev.azure.com/contoso/Shop/_apis/distributedtask/environments did not end after 25 pages');
    expect(read).toHaveLength(25);
    expect(calls.filter((call) => call.url.includes('environments'))).toHaveLength(25);
  });

  it('reads a list of exactly the page limit to its end', async () => {
    let page = 0;
    const { http: h } = http([
      [/_apis\/resourceAreas/, { body: { value: [] } }],
      [/environments/, () => (++page < 3 ? { body: { value: [{ id: page, name: 'e' }] }, headers: { 'x-ms-continuationtoken': `t${page}` } } : { body: { value: [{ id: page, name: 'e' }] } })],
    ]);
    const client = await AdoClient.connect(h, 'https://dev.azure.com/contoso', 'Shop', { maxPages: 3 });
    const read: number[] = [];
    for await (const items of client.pages(client.url('core', 'distributedtask/environments', '7.1'), environmentSchema)) read.push(...items.map((e) => e.id));
    expect(read).toEqual([1, 2, 3]);
  });
});

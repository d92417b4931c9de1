/** An AdoClient over a scripted fetch, for unit tests of the evidence sources. */
import { AdoClient } from '../../src/core/ado/client';
import { patAuth } from '../../src/core/transport/auth';
import { AdoHttp } from '../../src/core/transport/http';
import { fakeFetch, type Route } from './fake-fetch';

export const ORG = 'https://dev.azure.com/contoso';

export async function scriptedClient(routes: Route[], project = 'Shop') {
  const fake = fakeFetch([
    [/\/_apis\/resourceAreas/, { body: { count: 0, value: [] } }],
    ...routes,
  ]);
  const http = new AdoHttp({ auth: patAuth('pat'), fetch: fake.fetch, sleep: async () => undefined, maxRetries: 1 });
  const client = await AdoClient.connect(http, ORG, project);
  return { client, calls: fake.calls };
}

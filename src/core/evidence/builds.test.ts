import { scriptedClient } from '../../../test/support/client';
import type { Scripted } from '../../../test/support/fake-fetch';
import { exampleBody } from '../../../test/support/samples';
import { AuthenticationError } from '../transport/errors';
import { BuildEvidenceSource } from './builds';

/** Microsoft's example release, renumbered: release `id` deployed build `id * 10`. */
function release(id: number) {
  const body = exampleBody('release__releases__GET__GetARelease.json');
  body.id = id;
  body.artifacts[0].definitionReference.version = { id: String(id * 10), name: `${id * 10}` };
  return body;
}
/** The same release as the list writes it without $expand: no artifacts at all. */
function unexpanded(id: number) {
  const body = release(id);
  delete body.artifacts;
  delete body.environments;
  return body;
}
const listed = (releases: unknown[]): Scripted => ({ body: { count: releases.length, value: releases } });
const LIST = /\/release\/releases\?/;
const GET = /\/release\/releases\/(\d+)\?/;
const single = (url: string): Scripted => ({ body: release(Number(GET.exec(url)![1])) });
const notFound = (url: string): Scripted => ({
  status: 404,
  body: { message: `VS402853: Release with id ${GET.exec(url)![1]} does not exist.`, typeKey: 'ReleaseNotFoundException' },
});

async function source(routes: Parameters<typeof scriptedClient>[0]) {
  const { client, calls } = await scriptedClient(routes, 'MyFirstProject');
  const releaseCalls = () => calls.filter((call) => /\/release\/releases/.test(call.url)).map((call) => call.url);
  return { builds: new BuildEvidenceSource(client), releaseCalls };
}
const settled = (found: Map<number, Promise<unknown>>) =>
  Promise.all([...found].map(async ([id, build]) => [id, await build.catch((error: { status?: number }) => `error ${error.status}`)]));

describe('the Build artifacts of classic releases', () => {
  it('lists the releases by id with their artifacts, one request per 100', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    const { builds, releaseCalls } = await source([
      [LIST, (url) => listed(new URL(url).searchParams.get('releaseIdFilter')!.split(',').map((id) => release(Number(id))))],
    ]);
    const found = await settled(builds.buildsOfReleases(ids));
    expect(found).toEqual(ids.map((id) => [id, [{ id: id * 10, projectId: null }]]));
    expect(releaseCalls()).toHaveLength(2);
    const first = new URL(releaseCalls()[0]);
    expect(first.pathname).toBe('/contoso/MyFirstProject/_apis/release/releases');
    expect(Object.fromEntries(first.searchParams)).toEqual({
      releaseIdFilter: ids.slice(0, 100).join(','),
      $expand: 'artifacts',
      $top: '100',
      'api-version': '7.1',
    });
    // Asked again (another batch of deployments): already known.
    await settled(builds.buildsOfReleases([1, 150]));
    expect(releaseCalls()).toHaveLength(2);
  });

  it('fetches on its own each release a server ignoring the filter, or $expand, did not answer', async () => {
    const { builds, releaseCalls } = await source([
      // The newest releases whatever was asked, one of them wanted but without its artifacts.
      [LIST, listed([release(9), release(3), unexpanded(2)])],
      [GET, single],
    ]);
    const found = await settled(builds.buildsOfReleases([1, 2, 3]));
    expect(found).toEqual([1, 2, 3].map((id) => [id, [{ id: id * 10, projectId: null }]]));
    expect(releaseCalls().slice(1).sort()).toEqual([1, 2].map((id) => expect.stringContaining(`/release/releases/${id}?`)));
  });

  it('fetches each release on its own when the list fails, a missing one failing alone', async () => {
    const { builds, releaseCalls } = await source([
      [LIST, { status: 500, body: { message: 'boom' } }],
      [GET, (url) => (url.includes('/releases/2?') ? notFound(url) : single(url))],
    ]);
    expect(await settled(builds.buildsOfReleases([1, 2]))).toEqual([
      [1, [{ id: 10, projectId: null }]],
      [2, 'error 404'],
    ]);
    expect(releaseCalls().filter((url) => GET.test(url))).toHaveLength(2);
  });

  it('stops at a refused token rather than asking for each release', async () => {
    const { builds, releaseCalls } = await source([
      [LIST, { status: 401, body: {} }],
      [GET, single],
    ]);
    const found = builds.buildsOfReleases([1, 2]);
    await expect(found.get(1)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(found.get(2)).rejects.toBeInstanceOf(AuthenticationError);
    expect(releaseCalls()).toHaveLength(1);
  });

  it('says a release without a Build artifact deployed no build', async () => {
    const none = { ...release(4), artifacts: [] };
    const { builds } = await source([[LIST, listed([none])]]);
    expect(await builds.buildsOfReleases([4]).get(4)).toEqual([]);
  });
});

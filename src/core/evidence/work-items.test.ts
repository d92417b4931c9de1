import { exampleBody } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { buildUri, commitUri, pullRequestUri, WorkItemSource } from './work-items';

const ref = (id: number) => ({ id, url: `https://dev.azure.com/contoso/_apis/wit/workItems/${id}` });

describe('work items linked to builds, pull requests and commits', () => {
  it('asks for the artifacts of everyone asking at the same moment in one request, each artifact once', async () => {
    const { client, calls } = await scriptedClient([
      [
        /wit\/artifacturiquery/,
        {
          body: {
            artifactUrisQueryResult: {
              [buildUri(7)]: [ref(101)],
              [pullRequestUri('p', 'r', 12)]: [ref(102), ref(101)],
              [commitUri('p', 'r', 'a'.repeat(40))]: [],
              [buildUri(8)]: [],
            },
          },
        },
      ],
    ]);
    const source = new WorkItemSource(client);
    const [first, second] = await Promise.all([
      source.linkedTo([buildUri(7), pullRequestUri('p', 'r', 12), commitUri('p', 'r', 'a'.repeat(40))]),
      source.linkedTo([buildUri(8), buildUri(7)]),
    ]);
    expect(first).toEqual([101, 102]);
    expect(second).toEqual([101]);
    const posts = calls.filter((call) => call.url.includes('artifacturiquery'));
    expect(posts).toHaveLength(1);
    expect(JSON.parse(String(posts[0].body)).artifactUris.sort()).toEqual(
      [buildUri(7), buildUri(8), commitUri('p', 'r', 'a'.repeat(40)), pullRequestUri('p', 'r', 12)].sort(),
    );
    // Known artifacts are not asked for again.
    await source.linkedTo([buildUri(7)]);
    expect(calls.filter((call) => call.url.includes('artifacturiquery'))).toHaveLength(1);
  });

  it("reads Microsoft's example answer", async () => {
    const example = exampleBody('wit__artifacturiquery__POST__wit_artifacturiquery.json');
    const uri = Object.keys(example.artifactUrisQueryResult)[0];
    const { client } = await scriptedClient([[/wit\/artifacturiquery/, { body: example }]]);
    expect(await new WorkItemSource(client).linkedTo([uri])).toEqual([1, 2]);
  });

  it("asks each build's and pull request's own list on a server without the query", async () => {
    const { client, calls } = await scriptedClient([
      [/wit\/artifacturiquery/, { status: 404, body: { message: 'The controller for path was not found', typeKey: 'HttpException' } }],
      [/build\/builds\/7\/workitems/, { body: { count: 1, value: [ref(101)] } }],
      [/pullRequests\/12\/workitems/, { body: { count: 1, value: [ref(103)] } }],
    ]);
    const source = new WorkItemSource(client);
    expect(await source.linkedTo([buildUri(7), pullRequestUri('p', 'r', 12), commitUri('p', 'r', 'b'.repeat(40))])).toEqual([101, 103]);
    // The server said it has no query: the next artifacts go the old way at once.
    await source.linkedTo([buildUri(7)]);
    expect(calls.filter((call) => call.url.includes('artifacturiquery'))).toHaveLength(1);
  });

  it('is an error when the query fails otherwise', async () => {
    const { client } = await scriptedClient([[/wit\/artifacturiquery/, { status: 403, body: { message: 'Access denied' } }]]);
    await expect(new WorkItemSource(client).linkedTo([buildUri(7)])).rejects.toMatchObject({ status: 403 });
  });
});

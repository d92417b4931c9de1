import { exampleBody } from '../../../test/support/samples';
import { scriptedClient } from '../../../test/support/client';
import { parseDay } from '../engine/window';
import { findClassicDeployments } from './classic-releases';

const window = { from: parseDay('2017-01-01'), to: parseDay('2018-01-01') };
const isProduction = (name: string) => name === 'PROD';
const example = () => exampleBody('release__deployments__GET__ListDeployments.json');

describe('findClassicDeployments on Microsoft\'s example list', () => {
  it('keeps every production deployment that ran, the failed one too', async () => {
    const { client, calls } = await scriptedClient([[/release\/deployments\?/, { body: example() }]]);
    const found = await findClassicDeployments(client, { window, isProduction });
    expect(found.map((candidate) => [candidate.evidence.key, candidate.evidence.result])).toEqual([
      ['classic:79', 'notDeployed'], // PhaseFailed: it ran, and failed
      ['classic:64', 'succeeded'],
      ['classic:60', 'succeeded'],
      ['classic:56', 'succeeded'],
      ['classic:53', 'succeeded'],
    ]);
    expect(calls[1].url).toContain('minStartedTime=2017-01-01T00');
    expect(found[0].evidence.approvals[0]).toMatchObject({ status: 'approved', automated: false, approver: { displayName: 'Chuck Reinhart' } });
    expect(found[1].evidence.approvals[0]).toMatchObject({ status: 'approved', automated: true });
  });

  it('leaves out a deployment rejected at approval: it never ran', async () => {
    const body = example();
    body.value[0].operationStatus = 'Rejected';
    const { client } = await scriptedClient([[/release\/deployments\?/, { body }]]);
    const found = await findClassicDeployments(client, { window, isProduction });
    expect(found.map((candidate) => candidate.evidence.key)).not.toContain('classic:79');
  });

  it('refuses a list whose continuation token comes back: the rest cannot be read', async () => {
    const { client } = await scriptedClient([[/release\/deployments\?/, { body: example(), headers: { 'x-ms-continuationtoken': '40' } }]]);
    await expect(findClassicDeployments(client, { window, isProduction })).rejects.toThrow('came back twice');
  });
});

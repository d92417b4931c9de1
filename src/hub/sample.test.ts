/**
 * The hub's Sample draws what `deploy-audit sample` draws: the same population (the view's report, exported as JSON),
 * seed and options give the same deployments and the same population hash, whatever the table's order.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sampleCommand } from '../cli/sample';
import { toJson } from '../core/export/json';
import { defaultPolicy } from '../core/policy';
import type { AuditReport } from '../core/report';
import { approvalsForbidden, FakeAuditService, sampleDeployments } from '../../test/support/fake-audit-service';
import { viewReport } from './export';
import { toRow } from './rows';
import { hubSample, parseSeed, parseSize, sampleFileName } from './sample';

const context = new FakeAuditService().context;
const policy = defaultPolicy();
const request = { window: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') }, policy };
const rows = sampleDeployments(180).map((deployment, i) => toRow(i % 9 === 2 ? approvalsForbidden(deployment) : deployment, policy));
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-sample-'));
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cliSample(population: AuditReport, args: string[]): Promise<AuditReport> {
  const file = path.join(dir, 'population.json');
  const out = path.join(dir, 'sample.json');
  fs.writeFileSync(file, toJson(population));
  expect(await sampleCommand([file, ...args, '--format', 'json', '--out', out])).toBe(0);
  return JSON.parse(fs.readFileSync(file.replace('population', 'sample'), 'utf8')) as AuditReport;
}

it.each([
  { size: 25, seed: 1, stratify: null, include: [] },
  { size: 40, seed: 4_000_000_000, stratify: 'environment', include: ['fail'] },
  { size: 60, seed: 12345, stratify: 'month', include: ['fail', 'unknown'] },
] as const)('draws the deployments the command line draws: size $size, seed $seed, by $stratify, including $include', async (options) => {
  // The table's order is not the population's: the draw orders by key.
  const population = viewReport([...rows].reverse(), context, request);
  const hub = hubSample(population, { ...options, include: [...options.include] }, context);
  const args = ['--size', String(options.size), '--seed', String(options.seed)];
  if (options.stratify) args.push('--stratify', options.stratify);
  if (options.include.length) args.push('--include', options.include.join(','));
  const cli = await cliSample(population, args);
  expect(hub.deployments.map((d) => d.key)).toEqual(cli.deployments.map((d) => d.key));
  expect(hub.deployments.length).toBeGreaterThanOrEqual(options.size);
  expect(hub.sample).toEqual(cli.sample);
  expect(hub.manifest).toMatchObject({ generator: 'hub', ranBy: { id: context.user.id }, source: { generator: 'hub' } });
});

it('draws other deployments with another seed', () => {
  const population = viewReport(rows, context, request);
  const keys = (seed: number) => hubSample(population, { size: 25, seed, stratify: null, include: [] }, context).deployments.map((d) => d.key);
  expect(keys(1)).toEqual(keys(1));
  expect(keys(1)).not.toEqual(keys(2));
});

it('reads sizes and seeds as the command line does, saying what is wrong', () => {
  expect(parseSeed(' 42 ')).toEqual({ seed: 42 });
  expect(parseSeed('4294967296')).toHaveProperty('error');
  expect(parseSeed('-1')).toHaveProperty('error');
  expect(parseSize('60')).toEqual({ size: 60 });
  expect(parseSize('0')).toHaveProperty('error');
  expect(parseSize('2.5')).toHaveProperty('error');
  expect(sampleFileName('Fabrikam Shop', 7, 'html')).toBe('deploy-audit-fabrikam-shop-sample-seed-7.html');
});

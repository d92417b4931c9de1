/**
 * Azure DevOps Server 2022 (REST 7.0) end to end: a proxy in front of the fake Azure DevOps refuses every api-version
 * above 7.0 as the server does (400, VssVersionOutOfRangeException). The command line must negotiate down and write
 * the same report as against Azure DevOps Services, sending later requests at 7.0 directly.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { AuditReport } from '../../src/core/report';
import { sampleOrganization, TOKENS } from '../fake-ado/sample-org';
import { startFakeAdo, type FakeAdo } from '../fake-ado/server';
import { runCli, tempDir } from './run-cli';

interface Server2022 {
  orgUrl: string;
  /** api-version of every request forwarded, and of every request refused. */
  forwarded: string[];
  refused: string[];
  close(): Promise<void>;
}

const tooNew = (version: string) => {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return !!match && (Number(match[1]) > 7 || (Number(match[1]) === 7 && Number(match[2]) > 0));
};

/** Forwards to the fake, refusing versions above 7.0, and rewrites the fake's own address in answers to its own. */
async function server2022(ado: FakeAdo): Promise<Server2022> {
  const forwarded: string[] = [];
  const refused: string[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const accept = /api-version=([^;,\s]+)/.exec(req.headers.accept ?? '')?.[1];
    const version = url.searchParams.get('api-version') ?? accept ?? '';
    if (tooNew(version) || (accept && tooNew(accept))) {
      refused.push(version);
      res.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          $id: '1',
          innerException: null,
          message: `The requested REST API version of ${version} is out of range for this server. The latest REST API version this server supports is 7.0.`,
          typeName: 'Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi',
          typeKey: 'VssVersionOutOfRangeException',
          errorCode: 0,
          eventId: 3000,
        }),
      );
      return;
    }
    forwarded.push(version);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
      const answer = await fetch(`${ado.baseUrl}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const text = (await answer.text()).split(ado.baseUrl).join(base);
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding') out[name] = value;
      });
      res.writeHead(answer.status, out);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    orgUrl: ado.orgUrl.replace(ado.baseUrl, base),
    forwarded,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let ado: FakeAdo;
let proxy: Server2022;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  ado = await startFakeAdo(sampleOrganization().org);
  proxy = await server2022(ado);
});
afterEach(async () => {
  await proxy.close();
  await ado.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function collect(orgUrl: string, env: Record<string, string> = {}) {
  const out = path.join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const result = await runCli(['collect', '--org-url', orgUrl, '--project', 'Shop', '--from', '2026-10-01', '--to', '2026-12-01', '--format', 'json', '--out', out], {
    AZURE_DEVOPS_TOKEN: TOKENS.good,
    ...env,
  });
  const report = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as AuditReport) : null;
  return { ...result, report };
}

const comparable = (report: AuditReport | null, orgUrl: string) =>
  JSON.parse(
    JSON.stringify({ ...report!, generatedAt: null, integrity: null, manifest: report!.manifest && { ...report!.manifest, generatedAt: null, deployments: { ...report!.manifest.deployments, oldestCapture: null } }, deployments: report!.deployments.map((d) => ({ ...d, capturedAt: null, evidence: d.evidence && { ...d.evidence, capturedAt: undefined } })) }).split(orgUrl).join('ORG'),
  );

describe('deploy-audit collect against Azure DevOps Server 2022 (REST 7.0)', () => {
  it.each([['plain JSON', {}], ["the typed clients' Accept options", { DEPLOY_AUDIT_ACCEPT: 'typed' }]])(
    'negotiates down to 7.0 (%s) and writes the same report as against the service',
    async (_, env) => {
      const services = await collect(ado.orgUrl, env);
      const server = await collect(proxy.orgUrl, env);
      expect(server.stderr).not.toContain('out of range');
      expect(server.code).toBe(services.code);
      expect(server.report!.deployments).toHaveLength(6);
      expect(comparable(server.report, proxy.orgUrl)).toEqual(comparable(services.report, ado.orgUrl));
      // Everything that reached the server was at 7.0 or below; the server said so only for the requests already in
      // flight when the first refusal came back (the two lists of deployments, asked at once), not once per request
      // (21 times for this organization).
      expect(proxy.forwarded.filter((version) => version !== '')).not.toHaveLength(0);
      expect(proxy.forwarded.every((version) => !tooNew(version))).toBe(true);
      expect(proxy.forwarded).toEqual(expect.arrayContaining(['7.0', '7.0-preview.1']));
      expect(proxy.refused.length).toBeGreaterThan(0);
      expect(proxy.refused.length).toBeLessThanOrEqual(4);
      expect(proxy.forwarded.length).toBeGreaterThan(proxy.refused.length * 3);
    },
  );
});

/** Runs the command line in-process (src/cli/main.ts) or as a real process (bin/deploy-audit.js), capturing stderr. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

export interface CliResult {
  code: number;
  stderr: string;
  stdout: string;
}

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-'));

/** In-process: fast, and the same code as the bundle. Fast retries so fault tests do not wait for real backoff. */
export async function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (stderr.push(String(chunk)), true));
  const outSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any, cb?: any) => {
    stdout.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
    if (typeof cb === 'function') cb();
    return true;
  });
  try {
    const code = await main(args, { DEPLOY_AUDIT_BACKOFF_MS: '5', ...env });
    return { code, stderr: stderr.join(''), stdout: stdout.join('') };
  } finally {
    errSpy.mockRestore();
    outSpy.mockRestore();
  }
}

/** As a person or a pipeline runs it: `node bin/deploy-audit.js …`. */
export function spawnCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const bin = path.resolve(__dirname, '../../bin/deploy-audit.js');
  const clean = { ...process.env };
  delete clean.AZURE_DEVOPS_TOKEN;
  delete clean.SYSTEM_ACCESSTOKEN;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...clean, ...env } as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Builds a snapshot off the page's thread: ordering, hashing and cutting the report of 20,000 deployments into parts
 * takes seconds, and the page must not freeze meanwhile (as exports, export-worker.ts). The report is handed over in
 * slices; the worker (snapshot.worker.ts) runs core/snapshot's buildSnapshot, the same function the page would run.
 * Loaded only where Worker exists (never under jsdom, whose module system has no import.meta).
 */
import type { AuditReport, DeploymentReport } from '../core/report';
import { buildSnapshot, type PublishInput, type SnapshotHead, type SnapshotPart } from '../core/snapshot';
import { pause } from '../core/pause';

export type SnapshotWorkerRequest =
  | { type: 'begin'; report: AuditReport; input: PublishInput }
  | { type: 'deployments'; deployments: DeploymentReport[] }
  | { type: 'build' };

export type SnapshotWorkerResponse = { type: 'built'; head: SnapshotHead; parts: SnapshotPart[] } | { type: 'failed'; message: string };

type Built = { head: SnapshotHead; parts: SnapshotPart[] };

const SLICE = 250;

class WorkerUnavailable extends Error {}

function startWorker(): Worker {
  // @ts-ignore -- import.meta is the browser's (webpack resolves the worker's URL from it), not CommonJS's.
  return new Worker(new URL('./snapshot.worker.ts', import.meta.url), { name: 'deploy-audit-snapshot' });
}

async function inWorker(report: AuditReport, input: PublishInput): Promise<Built> {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch (error) {
    throw new WorkerUnavailable((error as Error).message);
  }
  try {
    const answer = new Promise<Built>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<SnapshotWorkerResponse>) => {
        const message = event.data;
        if (message.type === 'built') resolve({ head: message.head, parts: message.parts });
        else reject(new Error(message.message));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new WorkerUnavailable(event.message || 'the snapshot worker stopped'));
      };
    });
    answer.catch(() => undefined);
    const post = (message: SnapshotWorkerRequest) => worker.postMessage(message);
    post({ type: 'begin', report: { ...report, deployments: [] }, input });
    for (let i = 0; i < report.deployments.length; i += SLICE) {
      post({ type: 'deployments', deployments: report.deployments.slice(i, i + SLICE) });
      await pause();
    }
    post({ type: 'build' });
    return await answer;
  } finally {
    worker.terminate();
  }
}

/** The snapshot built in a worker, or on this thread where no worker can start. */
export async function buildSnapshotOffPage(report: AuditReport, input: PublishInput): Promise<Built> {
  try {
    return await inWorker(report, input);
  } catch (error) {
    if (!(error instanceof WorkerUnavailable)) throw error;
    return buildSnapshot(report, input);
  }
}

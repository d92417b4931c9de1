/**
 * Exports off the page's thread: the report goes to a Web Worker (export.worker.ts) in slices, so that handing
 * 20,000 deployments over (structured cloning, on this thread) never freezes the page, and the worker writes the
 * file with the command line's exporters. Where no worker can start, the caller exports on this thread.
 *
 * webpack 5 bundles the worker from `new Worker(new URL(…, import.meta.url))`; this module is loaded only where
 * Worker exists (never under jsdom, whose module system has no import.meta).
 */
import type { HubExportFormat } from './export-formats';
import type { AuditReport, DeploymentReport } from '../core/report';
import { handedOver } from './export-handover';
import { pause } from '../core/pause';

export type ExportWorkerRequest =
  | { type: 'begin'; report: AuditReport; format: HubExportFormat }
  | { type: 'deployments'; deployments: DeploymentReport[] }
  | { type: 'end' };

/** A written export: its content and its file type (the worker knows them; the page need not load the exporters). */
export interface ExportedFile {
  content: string | Uint8Array;
  type: { extension: string; mediaType: string };
}

export type ExportWorkerResponse =
  | { type: 'writing' }
  | { type: 'done'; content: ExportedFile['content']; fileType: ExportedFile['type'] }
  | { type: 'failed'; message: string };

export interface ExportProgress {
  stage: 'preparing' | 'writing';
  /** Deployments handed to the exporter so far, of `total`. */
  handed: number;
  total: number;
}

/** The worker could not start or stopped: export on the page's thread instead. */
export class ExportWorkerUnavailable extends Error {
  override name = 'ExportWorkerUnavailable';
}

/** Deployments per message: each slice is cloned in a few milliseconds. */
const SLICE = 250;

function startWorker(): Worker {
  // @ts-ignore -- import.meta is the browser's (webpack resolves the worker's URL from it), not CommonJS's.
  return new Worker(new URL('./export.worker.ts', import.meta.url), { name: 'deploy-audit-export' });
}

export async function exportInWorker(report: AuditReport, format: HubExportFormat, onProgress?: (progress: ExportProgress) => void): Promise<ExportedFile> {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch (error) {
    throw new ExportWorkerUnavailable((error as Error).message);
  }
  const total = report.deployments.length;
  try {
    const answer = new Promise<ExportedFile>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<ExportWorkerResponse>) => {
        const message = event.data;
        if (message.type === 'writing') onProgress?.({ stage: 'writing', handed: total, total });
        else if (message.type === 'done') resolve({ content: message.content, type: message.fileType });
        else reject(new Error(message.message));
      };
      // A script that does not load (blocked, missing) or dies: the page can still export by itself.
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new ExportWorkerUnavailable(event.message || 'the export worker stopped'));
      };
    });
    answer.catch(() => undefined);
    const post = (message: ExportWorkerRequest) => worker.postMessage(message);
    post({ type: 'begin', report: { ...report, deployments: [] }, format });
    onProgress?.({ stage: 'preparing', handed: 0, total });
    for (let i = 0; i < total; i += SLICE) {
      post({ type: 'deployments', deployments: handedOver(report.deployments.slice(i, i + SLICE), format) });
      onProgress?.({ stage: 'preparing', handed: Math.min(total, i + SLICE), total });
      await pause();
    }
    post({ type: 'end' });
    return await answer;
  } finally {
    worker.terminate();
  }
}

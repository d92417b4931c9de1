/**
 * The exporters in a Web Worker: a big Excel workbook (exceljs) takes seconds to write, and the page stays usable
 * meanwhile. The hub hands the report over in slices (export-worker.ts), the worker writes it with the command
 * line's exporters — the same function of the same report, so the same file — and hands the file back.
 */
import type { AuditReport, DeploymentReport } from '../core/report';
import { writeExport, type HubExportFormat } from './export-formats';
import type { ExportWorkerRequest, ExportWorkerResponse } from './export-worker';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null;
  postMessage(message: ExportWorkerResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let report: AuditReport | null = null;
let format: HubExportFormat = 'json';
let deployments: DeploymentReport[] = [];

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'begin':
      report = message.report;
      format = message.format;
      deployments = [];
      return;
    case 'deployments':
      for (const deployment of message.deployments) deployments.push(deployment);
      return;
    case 'end':
      void write();
  }
};

async function write(): Promise<void> {
  try {
    if (!report) throw new Error('no report was handed over');
    scope.postMessage({ type: 'writing' });
    const { content, type } = await writeExport({ ...report, deployments }, format);
    report = null;
    deployments = [];
    scope.postMessage({ type: 'done', content, fileType: type }, typeof content === 'string' ? [] : [content.buffer as ArrayBuffer]);
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * The exporters in a Web Worker: a big Excel workbook (exceljs) takes seconds to write, and the page stays usable
 * meanwhile. The hub hands the report over in slices (export-worker.ts); the worker writes it with the command
 * line's exporters — the same function of the same report, so the same file, a workbook's rows as each slice
 * arrives — and hands the file back.
 */
import { ExportAssembler } from './export-formats';
import type { ExportWorkerRequest, ExportWorkerResponse } from './export-worker';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null;
  postMessage(message: ExportWorkerResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let assembler: ExportAssembler | null = null;
/** Why the export cannot be written, kept until the page's "end" to be answered then. */
let failure: unknown = null;

scope.onmessage = (event) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'begin':
        failure = null;
        assembler = new ExportAssembler(message.report, message.format);
        return;
      case 'deployments':
        assembler?.add(message.deployments);
        return;
      case 'end':
        void write();
    }
  } catch (error) {
    failure = error;
  }
};

async function write(): Promise<void> {
  try {
    if (failure) throw failure;
    if (!assembler) throw new Error('no report was handed over');
    scope.postMessage({ type: 'writing' });
    const { content, type } = await assembler.finish();
    assembler = null;
    scope.postMessage({ type: 'done', content, fileType: type }, typeof content === 'string' ? [] : [content.buffer as ArrayBuffer]);
  } catch (error) {
    assembler = null;
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

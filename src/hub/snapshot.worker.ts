/** The snapshot builder in a Web Worker (snapshot-worker.ts): the report arrives in slices, the parts go back. */
import type { AuditReport, DeploymentReport } from '../core/report';
import { buildSnapshot, type PublishInput } from '../core/snapshot';
import type { SnapshotWorkerRequest, SnapshotWorkerResponse } from './snapshot-worker';

interface WorkerScope {
  onmessage: ((event: MessageEvent<SnapshotWorkerRequest>) => void) | null;
  postMessage(message: SnapshotWorkerResponse): void;
}

const scope = self as unknown as WorkerScope;
let report: AuditReport | null = null;
let input: PublishInput | null = null;
let deployments: DeploymentReport[] = [];

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'begin') {
    report = message.report;
    input = message.input;
    deployments = [];
  } else if (message.type === 'deployments') {
    for (const deployment of message.deployments) deployments.push(deployment);
  } else {
    void build();
  }
};

async function build(): Promise<void> {
  try {
    if (!report || !input) throw new Error('no report was handed over');
    const { head, parts } = await buildSnapshot({ ...report, deployments }, input);
    report = null;
    deployments = [];
    scope.postMessage({ type: 'built', head, parts });
  } catch (error) {
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * One audit at a time: starts the engine through the AuditService, streams rows in as their evidence completes,
 * reports progress and throttling, and cancels (Cancel, a new audit, or leaving the page) through an AbortSignal.
 */
import * as React from 'react';
import type { CollectProgress, PopulationFacts } from '../core/engine/collect';
import type { AuditWindow } from '../core/engine/window';
import type { DeploymentEvidence } from '../core/model';
import type { Policy } from '../core/policy';
import type { AuditService } from '../extension/audit-service';
import { describeFailure, type Failure } from '../views/messages';
import { RowStream } from './row-stream';
import { canonicalCompare, mergeRows, type AuditRow } from './rows';

export interface AuditRequest {
  window: AuditWindow;
  /** The policy the verdicts apply, its production environments being the ones audited. */
  policy: Policy;
  /** Ignore the evidence kept in this browser: ask Azure DevOps for everything again. */
  fresh?: boolean;
}

export type CollectionPhase = 'idle' | 'collecting' | 'done' | 'cancelled' | 'failed';

export interface CollectionState {
  phase: CollectionPhase;
  request: AuditRequest | null;
  /** When the audit started: evidence captured well before it was kept from an earlier audit. */
  auditedAt: Date | null;
  progress: CollectProgress | null;
  /** When Azure DevOps asked us to wait, until when (ms since epoch). */
  throttledUntil: number | null;
  failure: Failure | null;
  rows: AuditRow[];
  /** The deployments of a completed audit, for the notices about unreadable evidence. */
  deployments: DeploymentEvidence[];
  /** How the list of deployments was made: what each production pattern matched, what was left out. */
  population: PopulationFacts | null;
}

const IDLE: CollectionState = {
  phase: 'idle',
  request: null,
  auditedAt: null,
  progress: null,
  throttledUntil: null,
  failure: null,
  rows: [],
  deployments: [],
  population: null,
};

/** Streamed rows are shown in bursts, not one render per batch (the first rows at once). */
export const STREAM_FLUSH_MS = 150;

export function useCollection(
  service: AuditService,
  now: () => Date = () => new Date(),
): {
  state: CollectionState;
  start: (request: AuditRequest) => void;
  cancel: () => void;
} {
  const [state, setState] = React.useState<CollectionState>(IDLE);
  const current = React.useRef<{ id: number; controller: AbortController; stream: RowStream } | null>(null);
  const sequence = React.useRef(0);
  const clock = React.useRef(now);
  clock.current = now;

  const cancel = React.useCallback(() => {
    current.current?.controller.abort();
  }, []);

  const start = React.useCallback(
    (request: AuditRequest) => {
      current.current?.controller.abort();
      current.current?.stream.stop();
      const id = ++sequence.current;
      const controller = new AbortController();
      const stream = new RowStream(request.policy, (rows) => {
        if (current.current?.id === id) setState((previous) => ({ ...previous, rows: mergeRows(previous.rows, rows) }));
      }, { burstMs: STREAM_FLUSH_MS });
      current.current = { id, controller, stream };
      const live = () => current.current?.id === id && !controller.signal.aborted;
      setState({ ...IDLE, phase: 'collecting', request, auditedAt: clock.current(), progress: { phase: 'finding', found: 0, collected: 0 } });

      service
        .collect({
          window: request.window,
          policy: request.policy,
          environments: request.policy.productionEnvironments,
          fresh: request.fresh,
          signal: controller.signal,
          onProgress: (progress) => {
            if (live()) setState((previous) => ({ ...previous, progress }));
          },
          onDeployments: (deployments) => {
            // After Cancel, a batch may still finish with "cancelled" errors: those are not evidence.
            if (live()) stream.push(deployments);
          },
          onPopulation: (population) => {
            if (live()) setState((previous) => ({ ...previous, population }));
          },
          onThrottle: (event) => {
            if (live()) setState((previous) => ({ ...previous, throttledUntil: Date.now() + event.waitMs }));
          },
        })
        .then(
          async (deployments) => {
            if (current.current?.id !== id) return;
            // Any the stream missed go through it too; the audit is done once every row is made.
            stream.push(deployments.filter((evidence) => !stream.has(evidence.key)));
            await stream.drained();
            if (current.current?.id !== id) return;
            // The rows in the engine's order (which is the canonical one).
            const rows = deployments.map((evidence) => stream.rows.get(evidence.key)!).sort(canonicalCompare);
            setState((previous) => ({ ...previous, phase: 'done', rows, deployments, throttledUntil: null }));
          },
          async (error: unknown) => {
            if (current.current?.id !== id) return;
            const cancelled = controller.signal.aborted;
            // Cancelled: what is shown stays. Failed: what was collected before the failure is shown too.
            if (cancelled) stream.stop();
            else await stream.drained();
            if (current.current?.id !== id) return;
            setState((previous) => ({
              ...previous,
              phase: cancelled ? 'cancelled' : 'failed',
              failure: cancelled ? null : describeFailure(error, 'the audit'),
              throttledUntil: null,
            }));
          },
        );
    },
    [service],
  );

  React.useEffect(
    () => () => {
      // Leaving the page: stop the audit, and hear nothing more from it.
      current.current?.controller.abort();
      current.current?.stream.stop();
      current.current = null;
    },
    [],
  );

  return { state, start, cancel };
}

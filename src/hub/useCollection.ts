/**
 * One audit at a time: starts the engine through the AuditService, streams rows in as their evidence completes,
 * reports progress and throttling, and cancels (Cancel, a new audit, or leaving the page) through an AbortSignal.
 */
import * as React from 'react';
import type { CollectProgress } from '../core/engine/collect';
import type { AuditWindow } from '../core/engine/window';
import type { DeploymentEvidence } from '../core/model';
import type { Policy } from '../core/policy';
import type { AuditService } from '../extension/audit-service';
import { describeFailure, type Failure } from '../views/messages';
import { canonicalCompare, mergeRows, toRow, type AuditRow } from './rows';

export interface AuditRequest {
  window: AuditWindow;
  /** The policy the verdicts apply, its production environments being the ones audited. */
  policy: Policy;
}

export type CollectionPhase = 'idle' | 'collecting' | 'done' | 'cancelled' | 'failed';

export interface CollectionState {
  phase: CollectionPhase;
  request: AuditRequest | null;
  progress: CollectProgress | null;
  /** When Azure DevOps asked us to wait, until when (ms since epoch). */
  throttledUntil: number | null;
  failure: Failure | null;
  rows: AuditRow[];
  /** The deployments of a completed audit, for the notices about unreadable evidence. */
  deployments: DeploymentEvidence[];
}

const IDLE: CollectionState = { phase: 'idle', request: null, progress: null, throttledUntil: null, failure: null, rows: [], deployments: [] };

/** Streamed rows are shown in bursts, not one render per batch. */
export const STREAM_FLUSH_MS = 150;

export function useCollection(service: AuditService): {
  state: CollectionState;
  start: (request: AuditRequest) => void;
  cancel: () => void;
} {
  const [state, setState] = React.useState<CollectionState>(IDLE);
  const current = React.useRef<{ id: number; controller: AbortController } | null>(null);
  const pending = React.useRef<AuditRow[]>([]);
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  const sequence = React.useRef(0);

  const flush = React.useCallback(() => {
    timer.current = null;
    const incoming = pending.current;
    pending.current = [];
    if (incoming.length) setState((previous) => ({ ...previous, rows: mergeRows(previous.rows, incoming) }));
  }, []);

  const stopTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const cancel = React.useCallback(() => {
    current.current?.controller.abort();
  }, []);

  const start = React.useCallback(
    (request: AuditRequest) => {
      current.current?.controller.abort();
      stopTimer();
      pending.current = [];
      const id = ++sequence.current;
      const controller = new AbortController();
      current.current = { id, controller };
      const live = () => current.current?.id === id && !controller.signal.aborted;
      setState({ ...IDLE, phase: 'collecting', request, progress: { phase: 'finding', found: 0, collected: 0 } });

      service
        .collect({
          window: request.window,
          policy: request.policy,
          environments: request.policy.productionEnvironments,
          signal: controller.signal,
          onProgress: (progress) => {
            if (live()) setState((previous) => ({ ...previous, progress }));
          },
          onDeployments: (deployments) => {
            // After Cancel, a batch may still finish with "cancelled" errors: those are not evidence.
            if (!live()) return;
            pending.current.push(...deployments.map((evidence) => toRow(evidence, request.policy)));
            timer.current ??= setTimeout(flush, STREAM_FLUSH_MS);
          },
          onThrottle: (event) => {
            if (live()) setState((previous) => ({ ...previous, throttledUntil: Date.now() + event.waitMs }));
          },
        })
        .then(
          (deployments) => {
            if (current.current?.id !== id) return;
            stopTimer();
            pending.current = [];
            setState((previous) => {
              // The streamed rows, in the engine's order; any the stream missed are made now.
              const streamed = new Map(previous.rows.map((row) => [row.key, row]));
              const rows = deployments.map((evidence) => streamed.get(evidence.key) ?? toRow(evidence, request.policy)).sort(canonicalCompare);
              return { ...previous, phase: 'done', rows, deployments, throttledUntil: null };
            });
          },
          (error: unknown) => {
            if (current.current?.id !== id) return;
            stopTimer();
            const incoming = controller.signal.aborted ? [] : pending.current;
            pending.current = [];
            setState((previous) => ({
              ...previous,
              phase: controller.signal.aborted ? 'cancelled' : 'failed',
              failure: controller.signal.aborted ? null : describeFailure(error, 'the audit'),
              rows: mergeRows(previous.rows, incoming),
              throttledUntil: null,
            }));
          },
        );
    },
    [service, flush],
  );

  React.useEffect(
    () => () => {
      // Leaving the page: stop the audit, and hear nothing more from it.
      current.current?.controller.abort();
      current.current = null;
      stopTimer();
    },
    [],
  );

  return { state, start, cancel };
}

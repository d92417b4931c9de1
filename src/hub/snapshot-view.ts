/**
 * The hub's published snapshots: publishing a complete audit, the list of the project's snapshots, and the one open,
 * whose rows — the checklist as captured — replace the live audit's in the same table, filters, detail panel,
 * exports and Sample. Opening one asks Azure DevOps for nothing: the snapshot holds the evidence.
 */
import * as React from 'react';
import type { ManifestInput } from '../core/engine/report';
import { parsePolicy } from '../core/policy';
import type { AuditReport } from '../core/report';
import type { OpenedSnapshot, SnapshotHead } from '../core/snapshot';
import type { AuditService } from '../extension/audit-service';
import type { SnapshotProgress } from '../extension/snapshots';
import { formatUtc } from '../views/format';
import { describeFailure } from '../views/messages';
import { rowOf, canonicalCompare, type AuditRow } from './rows';
import type { AuditRequest, CollectionState } from './useCollection';

export interface SnapshotView extends OpenedSnapshot {
  rows: AuditRow[];
  request: AuditRequest;
  /** Deployments recorded without their evidence (an older report's): counted, not shown. */
  withoutEvidence: number;
}

export type SnapshotList = { status: 'idle' | 'loading' } | { status: 'ready'; heads: SnapshotHead[] } | { status: 'failed'; error: string };

export interface SnapshotsState {
  list: SnapshotList;
  /** Reading a snapshot's parts. */
  opening: { head: SnapshotHead; progress: SnapshotProgress | null } | null;
  open: SnapshotView | null;
  publishing: SnapshotProgress | null;
  /** The last snapshot published in this page. */
  published: SnapshotHead | null;
  error: string | null;
}

/** The rows and request of an opened snapshot: the verdicts as recorded, the policy and window as captured. */
export function snapshotView(opened: OpenedSnapshot): SnapshotView {
  const { report } = opened;
  const rows: AuditRow[] = [];
  let withoutEvidence = 0;
  for (const deployment of report.deployments) {
    if (deployment.evidence) rows.push(rowOf(deployment.evidence, deployment));
    else withoutEvidence++;
  }
  rows.sort(canonicalCompare);
  const request: AuditRequest = { window: { from: new Date(report.window.from), to: new Date(report.window.to) }, policy: parsePolicy(report.policy) };
  return { ...opened, rows, request, withoutEvidence };
}

/** "Captured on 2026-11-21 09:00 UTC by Alice Director". */
export function capturedText(head: SnapshotHead): string {
  const when = formatUtc(head.publishedAt);
  const who = head.publishedBy?.displayName || head.publishedBy?.uniqueName;
  return `Captured on ${when}${who ? ` by ${who}` : ''}`;
}

const INITIAL: SnapshotsState = { list: { status: 'idle' }, opening: null, open: null, publishing: null, published: null, error: null };

export function useSnapshots(service: AuditService): SnapshotsState & {
  available: boolean;
  refresh: () => void;
  openSnapshot: (head: SnapshotHead) => void;
  close: () => void;
  publish: (report: AuditReport) => Promise<SnapshotHead | null>;
} {
  const store = service.snapshots;
  const [state, setState] = React.useState<SnapshotsState>(INITIAL);
  const sequence = React.useRef(0);

  const refresh = React.useCallback(() => {
    if (!store) return;
    setState((previous) => ({ ...previous, list: { status: 'loading' } }));
    store.list().then(
      (heads) => setState((previous) => ({ ...previous, list: { status: 'ready', heads } })),
      (error: unknown) => setState((previous) => ({ ...previous, list: { status: 'failed', error: describeFailure(error, 'listing the snapshots').message } })),
    );
  }, [store]);

  const openSnapshot = React.useCallback(
    (head: SnapshotHead) => {
      if (!store) return;
      const id = ++sequence.current;
      setState((previous) => ({ ...previous, opening: { head, progress: null }, error: null }));
      store
        .open(head, (progress) => {
          if (sequence.current === id) setState((previous) => ({ ...previous, opening: previous.opening && { ...previous.opening, progress } }));
        })
        .then(
          (opened) => {
            if (sequence.current === id) setState((previous) => ({ ...previous, opening: null, open: snapshotView(opened) }));
          },
          (error: unknown) => {
            if (sequence.current !== id) return;
            const problems = (error as { problems?: string[] }).problems;
            const message = `${describeFailure(error, 'opening the snapshot').message}${problems?.length ? ` (${problems.join('; ')})` : ''}`;
            setState((previous) => ({ ...previous, opening: null, error: message }));
          },
        );
    },
    [store],
  );

  const close = React.useCallback(() => {
    sequence.current++;
    setState((previous) => ({ ...previous, opening: null, open: null }));
  }, []);

  const publish = React.useCallback(
    async (report: AuditReport) => {
      if (!store) return null;
      setState((previous) => ({ ...previous, publishing: { stage: 'preparing', done: 0, total: 1 }, error: null }));
      try {
        // Off the page's thread where the browser has workers (20,000 deployments take seconds to hash and cut).
        const build = typeof Worker !== 'undefined' ? (await import(/* webpackChunkName: "snapshot-worker" */ './snapshot-worker')).buildSnapshotOffPage : undefined;
        const head = await store.publish(report, (progress) => setState((previous) => ({ ...previous, publishing: progress })), build);
        setState((previous) => ({
          ...previous,
          publishing: null,
          published: head,
          list: previous.list.status === 'ready' ? { status: 'ready', heads: [head, ...previous.list.heads] } : previous.list,
        }));
        return head;
      } catch (error) {
        setState((previous) => ({ ...previous, publishing: null, error: describeFailure(error, 'publishing the snapshot').message }));
        return null;
      }
    },
    [store],
  );

  return { ...state, available: !!store, refresh, openSnapshot, close, publish };
}

/** The opened snapshot as the hub's collection state: a complete audit, as captured, with nothing in flight. */
export function snapshotCollectionState(view: SnapshotView): CollectionState {
  return {
    phase: 'done',
    request: view.request,
    auditedAt: new Date(view.report.generatedAt),
    progress: null,
    throttledUntil: null,
    failure: null,
    rows: view.rows,
    deployments: [],
    population: view.report.population ?? null,
  };
}

/** Failed and unknown verdicts of a snapshot, for its line in the list. */
export function verdictCounts(head: SnapshotHead): { fail: number; unknown: number } {
  let fail = 0;
  let unknown = 0;
  for (const counts of Object.values(head.summary)) {
    fail += counts?.fail ?? 0;
    unknown += counts?.unknown ?? 0;
  }
  return { fail, unknown };
}

/** An export of an open snapshot names the policy it was captured under, not the project's settings of today. */
export function snapshotExportScope(view: SnapshotView | null): { manifest?: Partial<ManifestInput> } {
  const policy = view?.report.manifest?.policy;
  if (!view) return {};
  const { head, verification } = view;
  return {
    manifest: {
      ...(policy ? { policySource: policy.source, environmentsOverridden: policy.environmentsOverridden } : {}),
      snapshot: {
        id: head.id,
        publishedAt: head.publishedAt,
        publishedBy: head.publishedBy,
        capturedAt: view.report.generatedAt,
        reportSha256: head.reportSha256,
        verified: verification.verified,
      },
    },
  };
}

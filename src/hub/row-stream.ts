/**
 * Evidence streams in from the engine in batches — 200 deployments, or all 20,000 kept ones of a cached audit at
 * once. Turning evidence into rows (the verdicts, the filter text) costs tens of microseconds a deployment, so a
 * RowStream does it a slice at a time between the page's other work, and hands the rows over for rendering: the
 * first ones at once (first rows visible as early as possible), then in bursts (one render per burst, not per batch).
 */
import type { DeploymentEvidence } from '../core/model';
import type { Policy } from '../core/policy';
import { toRow, type AuditRow } from './rows';

export interface RowStreamOptions {
  /** Time spent converting before yielding to the page (ms). */
  sliceMs?: number;
  /** Least time between two renders after the first (ms). */
  burstMs?: number;
  /** The clock (ms), for tests. */
  now?: () => number;
}

export class RowStream {
  private queue: DeploymentEvidence[] = [];
  private head = 0;
  private converted: AuditRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRender: number | null = null;
  private stopped = false;
  private waiting: (() => void)[] = [];
  private readonly sliceMs: number;
  private readonly burstMs: number;
  private readonly now: () => number;
  /** Every row handed over so far, by key. */
  readonly rows = new Map<string, AuditRow>();
  /** The keys of every deployment pushed, handed over or not yet. */
  private readonly pushed = new Set<string>();

  constructor(
    private readonly policy: Policy,
    private readonly render: (rows: AuditRow[]) => void,
    options: RowStreamOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 12;
    this.burstMs = options.burstMs ?? 150;
    this.now = options.now ?? (() => Date.now());
  }

  push(deployments: readonly DeploymentEvidence[]): void {
    if (this.stopped || !deployments.length) return;
    for (const deployment of deployments) {
      this.queue.push(deployment);
      this.pushed.add(deployment.key);
    }
    this.schedule(0);
  }

  /** Whether a deployment was pushed (its row may still be on its way). */
  has(key: string): boolean {
    return this.pushed.has(key);
  }

  /** Resolves once everything pushed so far has been rendered. */
  drained(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Stops at once: nothing more is converted or rendered (what was waiting for the drain is released). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.head = 0;
    this.converted = [];
    this.release();
  }

  private idle(): boolean {
    return this.head >= this.queue.length && this.converted.length === 0;
  }

  private schedule(delay: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.step();
    }, delay);
  }

  private step(): void {
    const started = this.now();
    // Convert for a slice of time, looking at the clock every few rows.
    while (this.head < this.queue.length && this.now() - started < this.sliceMs) {
      const end = Math.min(this.queue.length, this.head + 25);
      for (; this.head < end; this.head++) this.converted.push(toRow(this.queue[this.head], this.policy));
    }
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    const now = this.now();
    const sinceRender = this.lastRender === null ? Infinity : now - this.lastRender;
    if (this.converted.length && sinceRender >= this.burstMs) this.flush(now);
    if (this.queue.length) this.schedule(0);
    else if (this.converted.length) this.schedule(this.burstMs - sinceRender);
    else this.release();
  }

  private flush(now: number): void {
    const rows = this.converted;
    this.converted = [];
    this.lastRender = now;
    for (const row of rows) this.rows.set(row.key, row);
    this.render(rows);
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

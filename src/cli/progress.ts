/** Progress on stderr for a person at a terminal; silent when stderr is a file or a pipe. */
import type { CollectProgress } from '../core/engine/collect';
import type { ThrottleEvent } from '../core/transport/http';
import { forTerminal } from './terminal';

export class ProgressLine {
  private throttledUntil = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  private get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(progress: CollectProgress): void {
    if (!this.enabled) return;
    const waiting = this.throttledUntil > Date.now() ? `, throttled: waiting ${Math.ceil((this.throttledUntil - Date.now()) / 1000)} s` : '';
    const text =
      progress.phase === 'finding'
        ? `finding deployments: ${progress.found} found${waiting}`
        : `collecting evidence: ${progress.collected} of ${progress.found} deployments${waiting}`;
    this.stream.write(`\r\x1b[2K${forTerminal(text)}`);
    if (progress.phase === 'done') this.stream.write('\n');
  }

  throttled(event: ThrottleEvent): void {
    this.throttledUntil = Math.max(this.throttledUntil, Date.now() + event.waitMs);
  }
}

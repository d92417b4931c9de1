/** While an audit runs: what it is doing, how far it got, and when Azure DevOps makes it wait. */
import * as React from 'react';
import { ProgressBar } from 'azure-devops-ui/ProgressBar';
import type { CollectProgress } from '../core/engine/collect';
import { count } from '../views/format';

export function progressText(progress: CollectProgress | null): string {
  if (!progress || progress.phase === 'finding') return `Finding production deployments… ${count(progress?.found ?? 0)} found`;
  if (progress.phase === 'collecting') return `Collecting evidence: ${count(progress.collected)} of ${count(progress.found)} deployments`;
  return `Done: ${count(progress.collected)} deployments`;
}

/** Seconds left until `until`, ticking once a second; null once it has passed. */
function useSecondsLeft(until: number | null): number | null {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (until === null) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (until === null) return null;
  const left = Math.ceil((until - now) / 1000);
  return left > 0 ? left : null;
}

export interface CollectionProgressProps {
  progress: CollectProgress | null;
  throttledUntil: number | null;
}

/** (Cancel is the toolbar's button while an audit runs.) */
export function CollectionProgress({ progress, throttledUntil }: CollectionProgressProps): JSX.Element {
  const secondsLeft = useSecondsLeft(throttledUntil);
  const finding = !progress || progress.phase === 'finding';
  return (
    <div className="da-progress flex-column rhythm-vertical-8" role="status" aria-live="polite">
      <span className="body-m">{progressText(progress)}</span>
      <ProgressBar
        ariaLabel="Audit progress"
        currentValue={finding ? 0 : progress!.collected}
        maxValue={finding ? 1 : Math.max(progress!.found, 1)}
      />
      {secondsLeft !== null && (
        <span className="da-throttled body-s secondary-text">Throttled by Azure DevOps, waiting {secondsLeft} s before the next requests.</span>
      )}
    </div>
  );
}

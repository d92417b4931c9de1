/**
 * While an export is written: how far the hand-over to the exporter got, then that the file is being written and for
 * how long (the spreadsheet library says nothing until it is done). The page stays usable: the work is in a worker.
 */
import * as React from 'react';
import { IndeterminateProgressBar, ProgressBar } from 'azure-devops-ui/ProgressBar';
import type { HubExportFormat } from './export-formats';
import { count } from '../views/format';
import type { ExportProgress } from './export';
import { EXPORT_CHOICES } from './export';

export interface ExportState {
  format: HubExportFormat;
  progress: ExportProgress | null;
  /** When it started (ms since epoch). */
  started: number;
}

export function exportProgressText(format: HubExportFormat, progress: ExportProgress | null, seconds: number): string {
  const name = EXPORT_CHOICES.find((choice) => choice.format === format)?.text ?? format;
  if (!progress) return `Exporting ${name}…`;
  if (progress.stage === 'preparing') return `Exporting ${name}: preparing ${count(progress.handed)} of ${count(progress.total)} deployments…`;
  return `Exporting ${name}: writing the file of ${count(progress.total)} deployments…${seconds >= 1 ? ` ${seconds} s` : ''}`;
}

/** Seconds since `started`, ticking once a second. */
function useElapsed(started: number): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - started) / 1000));
}

export function ExportProgressBar({ format, progress, started }: ExportState): JSX.Element {
  const seconds = useElapsed(started);
  return (
    <div className="da-export-progress flex-column rhythm-vertical-8" role="status" aria-live="polite">
      <span className="body-m">{exportProgressText(format, progress, seconds)}</span>
      {progress?.stage === 'preparing' ? (
        <ProgressBar ariaLabel="Export progress" currentValue={progress.handed} maxValue={Math.max(progress.total, 1)} />
      ) : (
        // How long the spreadsheet library takes is not known in advance.
        <IndeterminateProgressBar loading />
      )}
    </div>
  );
}

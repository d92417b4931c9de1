/** A control's status as a pill with the theme's status icon: the same look on the hub, the tabs and the panel. */
import * as React from 'react';
import { Pill, PillSize, PillVariant } from 'azure-devops-ui/Pill';
import { Status, Statuses, StatusSize } from 'azure-devops-ui/Status';
import type { IStatusProps } from 'azure-devops-ui/Status';
import type { ControlStatus } from '../core/model';
import { STATUS_LABELS, STATUS_SHORT } from './format';

const ICONS: Record<ControlStatus, IStatusProps> = {
  pass: Statuses.Success,
  fail: Statuses.Failed,
  unknown: Statuses.Warning,
  notApplicable: Statuses.Skipped,
};

/** The status icon; decorative unless given a label (the pill and the count buttons say the status in words). */
export function StatusIcon({ status, ariaLabel }: { status: ControlStatus; ariaLabel?: string }): JSX.Element {
  return <Status {...ICONS[status]} size={StatusSize.s} className="flex-noshrink" ariaLabel={ariaLabel} />;
}

export interface ControlStatusPillProps {
  status: ControlStatus;
  /** Short words for table cells. */
  compact?: boolean;
  /** What the status is about, for screen readers ("Code reviewed: Fail"). */
  title?: string;
}

/**
 * Memoized: a table row shows eight of them, and the virtualized table renders its rows again as it scrolls; with
 * the same status the pill and its icon need not be rendered again.
 */
export const ControlStatusPill = React.memo(function ControlStatusPill({ status, compact, title }: ControlStatusPillProps): JSX.Element {
  const label = compact ? STATUS_SHORT[status] : STATUS_LABELS[status];
  return (
    <Pill
      size={compact ? PillSize.compact : PillSize.regular}
      variant={PillVariant.outlined}
      className={`da-status da-status-${status}`}
      ariaLabel={title ? `${title}: ${STATUS_LABELS[status]}` : STATUS_LABELS[status]}
    >
      <span className="flex-row flex-center da-status-content" data-status={status}>
        <StatusIcon status={status} />
        <span className="da-status-label">{label}</span>
      </span>
    </Pill>
  );
});

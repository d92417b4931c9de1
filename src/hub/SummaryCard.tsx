/**
 * Per control, how many deployments pass, fail, are unknown or not applicable; every count filters the table to
 * those deployments (and clicking it again removes that filter).
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { Card } from 'azure-devops-ui/Card';
import { CONTROLS } from '../core/controls';
import type { ControlId } from '../core/controls/ids';
import type { ControlStatus } from '../core/model';
import { StatusIcon } from '../views/ControlStatusPill';
import { count, plural, STATUS_LABELS } from '../views/format';
import { causesText, noCauses, plainCounts } from '../views/unreadable';
import type { RowSummary, StatusFilter } from './rows';

const STATUSES: readonly ControlStatus[] = ['pass', 'fail', 'unknown', 'notApplicable'];

export interface SummaryCardProps {
  summary: RowSummary;
  controls: readonly ControlId[];
  active: readonly StatusFilter[];
  onToggle: (filter: StatusFilter) => void;
  /** How many deployments, when not simply all of them ("641 of 3,005 deployments collected" after Cancel). */
  countText?: string;
  /** The audited window, named as every report names it (formatWindow: "1 Nov 2026 to 30 Nov 2026 (UTC)"). */
  windowText?: string;
}

/** The arrow keys' target from a cell of the grid of counts: the nearest enabled count in that direction. */
export function moveInGrid(
  cells: readonly { row: number; col: number }[],
  from: { row: number; col: number },
  key: string,
): { row: number; col: number } | null {
  const byRowCol = [...cells].sort((a, b) => a.row - b.row || a.col - b.col);
  switch (key) {
    case 'ArrowRight':
      return byRowCol.find((cell) => cell.row === from.row && cell.col > from.col) ?? null;
    case 'ArrowLeft':
      return [...byRowCol].reverse().find((cell) => cell.row === from.row && cell.col < from.col) ?? null;
    case 'ArrowDown':
    case 'ArrowUp': {
      const down = key === 'ArrowDown';
      const rows = byRowCol.filter((cell) => (down ? cell.row > from.row : cell.row < from.row));
      if (!rows.length) return null;
      const target = down ? Math.min(...rows.map((cell) => cell.row)) : Math.max(...rows.map((cell) => cell.row));
      const inRow = rows.filter((cell) => cell.row === target);
      // The same column, or the nearest one.
      return inRow.reduce((best, cell) => (Math.abs(cell.col - from.col) < Math.abs(best.col - from.col) ? cell : best));
    }
    case 'Home':
      return byRowCol[0] ?? null;
    case 'End':
      return byRowCol[byRowCol.length - 1] ?? null;
    default:
      return null;
  }
}

export function SummaryCard({ summary, controls, active, onToggle, countText, windowText }: SummaryCardProps): JSX.Element {
  const why = (key: ControlId | 'any') => causesText(summary.causes[key] ?? noCauses());
  // One tab stop for the whole grid of counts (roving tabindex); the arrow keys move inside it.
  const [current, setCurrent] = React.useState<StatusFilter | null>(null);
  const tableRef = React.useRef<HTMLTableElement>(null);
  const rows: (ControlId | 'any')[] = ['any', ...controls];
  const enabledCells: { filter: StatusFilter; row: number; col: number }[] = [];
  rows.forEach((id, row) => {
    STATUSES.forEach((status, col) => {
      const filter = `${id}:${status}` as StatusFilter;
      const value =
        id === 'any' ? (status === 'fail' ? summary.anyFail : status === 'unknown' ? summary.anyUnknown : -1) : (summary.controls[id]?.[status] ?? 0);
      if (value > 0 || (value === 0 && active.includes(filter))) enabledCells.push({ filter, row, col });
    });
  });
  const tabStop = enabledCells.some((cell) => cell.filter === current) ? current : (enabledCells[0]?.filter ?? null);
  const onGridKeyDown = (event: React.KeyboardEvent) => {
    const from = enabledCells.find((cell) => cell.filter === tabStop);
    if (!from) return;
    const to = moveInGrid(enabledCells, from, event.key);
    if (!to) return;
    const target = enabledCells.find((cell) => cell.row === to.row && cell.col === to.col)!;
    event.preventDefault();
    setCurrent(target.filter);
    tableRef.current?.querySelector<HTMLElement>(`.da-cell-${target.row}-${target.col}`)?.focus();
  };
  const countButton = (filter: StatusFilter, status: ControlStatus, value: number, what: string) => {
    const selected = active.includes(filter);
    return (
      <Button
        key={filter}
        tabIndex={filter === tabStop ? 0 : -1}
        onFocus={() => setCurrent(filter)}
        className={`da-count da-count-${status} da-cell-${rows.indexOf(filter.split(':')[0] as ControlId | 'any')}-${STATUSES.indexOf(status)}${
          selected ? ' da-count-selected' : ''
        }`}
        subtle={!selected}
        primary={selected}
        disabled={value === 0 && !selected}
        ariaLabel={`${what}: ${count(value)} ${STATUS_LABELS[status].toLowerCase()}${selected ? ' (filtering; click to remove)' : ' — show these deployments'}`}
        ariaPressed={selected}
        onClick={() => onToggle(filter)}
      >
        <span className="flex-row flex-center rhythm-horizontal-4">
          <StatusIcon status={status} />
          <span>{count(value)}</span>
        </span>
      </Button>
    );
  };

  return (
    <Card
      className="da-summary"
      titleProps={{ text: 'Summary' }}
      headerDescriptionProps={{
        text: `${countText ?? plural(summary.deployments, 'production deployment')}${windowText ? ` · ${windowText}` : ''} · ${count(summary.anyFail)} with a failing control · ${count(
          summary.anyUnknown,
        )} with an unknown control${summary.anyUnknown ? ` (${why('any')})` : ''}`,
      }}
    >
      <table
        ref={tableRef}
        className="da-summary-table body-m"
        aria-label="Counts per control: one tab stop, arrow keys move between the counts, Enter or Space filters the table"
        onKeyDown={onGridKeyDown}
      >
        <thead>
          <tr>
            <th scope="col">Control</th>
            {STATUSES.map((status) => (
              <th scope="col" key={status}>
                {STATUS_LABELS[status]}
              </th>
            ))}
            <th scope="col">In words</th>
            <th scope="col">Unknown because</th>
          </tr>
        </thead>
        <tbody>
          <tr className="da-summary-any">
            <th scope="row">Any control</th>
            <td />
            <td>{countButton('any:fail', 'fail', summary.anyFail, 'Any control')}</td>
            <td>{countButton('any:unknown', 'unknown', summary.anyUnknown, 'Any control')}</td>
            <td />
            <td className="da-summary-words secondary-text">
              {plainCounts(summary.overall)}
            </td>
            <td className="da-summary-causes secondary-text">{why('any')}</td>
          </tr>
          {controls.map((id) => {
            const control = CONTROLS.find((candidate) => candidate.id === id)!;
            const counts = summary.controls[id] ?? { pass: 0, fail: 0, unknown: 0, notApplicable: 0 };
            return (
              <tr key={id} data-control={id}>
                <th scope="row" title={control.description}>
                  {control.title}
                </th>
                {STATUSES.map((status) => (
                  <td key={status}>{countButton(`${id}:${status}`, status, counts[status], control.title)}</td>
                ))}
                <td className="da-summary-words">{plainCounts(counts)}</td>
                <td className="da-summary-causes secondary-text">{why(id)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

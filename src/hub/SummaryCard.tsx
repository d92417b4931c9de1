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
import { count, STATUS_LABELS } from '../views/format';
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
}

export function SummaryCard({ summary, controls, active, onToggle, countText }: SummaryCardProps): JSX.Element {
  const why = (key: ControlId | 'any') => causesText(summary.causes[key] ?? noCauses());
  const countButton = (filter: StatusFilter, status: ControlStatus, value: number, what: string) => {
    const selected = active.includes(filter);
    return (
      <Button
        key={filter}
        className={`da-count da-count-${status}${selected ? ' da-count-selected' : ''}`}
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
        text: `${countText ?? `${count(summary.deployments)} production deployments`} · ${count(summary.anyFail)} with a failing control · ${count(
          summary.anyUnknown,
        )} with an unknown control${summary.anyUnknown ? ` (${why('any')})` : ''}`,
      }}
    >
      <table className="da-summary-table body-m">
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

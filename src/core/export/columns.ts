/**
 * The deployment table shared by the CSV and the spreadsheet: one row per deployment, the same columns in
 * the same order. Each column says what it holds, so each format can write it its own way.
 */
import { approvalsUnreadable } from '../unreadable';
import type { ControlId } from '../controls/ids';
import type { ControlStatus } from '../model';
import type { AuditReport, DeploymentReport, ReportChange } from '../report';
import { enabledControls } from './checklist';
import { formatApproval, formatError, formatIdentity, formatReviewers, formatTests, httpUrl } from './text';

/** How a format should write the column's value. */
export type ColumnKind = 'text' | 'number' | 'timestamp' | 'status';

export interface DeploymentColumn {
  /** The CSV header: a stable, machine-friendly name. */
  id: string;
  /** The spreadsheet header, for people. */
  label: string;
  kind: ColumnKind;
  /** Text, a number, an ISO timestamp (kind `timestamp`) or a control status (kind `status`); null when empty. */
  value(deployment: DeploymentReport): string | number | null;
  /** A http(s) link for the cell, when the cell stands for one thing that has a page. */
  link?(deployment: DeploymentReport): string | null;
  /** Suggested width in characters. */
  width: number;
}

/** Joins a list into one cell; semicolons because names often contain commas ("Brouwer, R (Rik)"). */
export const LIST_SEPARATOR = '; ';
const list = (items: readonly (string | number)[]): string => items.join(LIST_SEPARATOR);

/** The link of the only item, or null when there are none or several (a cell holds one hyperlink). */
const onlyLink = (items: readonly { url: string }[]): string | null => (items.length === 1 ? httpUrl(items[0].url) : null);

/**
 * The change set, when known: absent in evidence kept by an engine that did not read it, and not known (partly read
 * at best) when reading it failed. Not known is a blank cell, never 0.
 */
export function knownChanges(deployment: DeploymentReport): ReportChange[] | null {
  if (!deployment.changes) return null;
  if (deployment.errors.some((error) => error.source === 'changes')) return null;
  return deployment.changes;
}

/** The approvals, or why they could not be read: never an empty cell that reads as "nobody approved". */
function approversCell(deployment: DeploymentReport): string {
  const approvers = list(deployment.approvals.map(formatApproval));
  const unreadable = approvalsUnreadable(deployment);
  if (!unreadable) return approvers;
  return approvers ? `${approvers}${LIST_SEPARATOR}others ${unreadable}` : `Could not be read${unreadable.slice('could not be read'.length)}`;
}

const BASE_COLUMNS: readonly DeploymentColumn[] = [
  { id: 'key', label: 'Key', kind: 'text', width: 28, value: (d) => d.key },
  { id: 'source', label: 'Source', kind: 'text', width: 9, value: (d) => d.source },
  { id: 'environment', label: 'Environment', kind: 'text', width: 16, value: (d) => d.environment },
  { id: 'pipeline', label: 'Pipeline', kind: 'text', width: 24, value: (d) => d.pipeline.name },
  { id: 'run', label: 'Run', kind: 'text', width: 18, value: (d) => d.runName, link: (d) => httpUrl(d.url) },
  { id: 'runId', label: 'Run ID', kind: 'number', width: 9, value: (d) => d.runId },
  { id: 'stage', label: 'Stage', kind: 'text', width: 16, value: (d) => d.stage },
  { id: 'startedAt', label: 'Started (UTC)', kind: 'timestamp', width: 20, value: (d) => d.startedAt },
  { id: 'finishedAt', label: 'Finished (UTC)', kind: 'timestamp', width: 20, value: (d) => d.finishedAt },
  { id: 'result', label: 'Result', kind: 'text', width: 12, value: (d) => d.result },
  { id: 'requestedBy', label: 'Requested by', kind: 'text', width: 32, value: (d) => formatIdentity(d.requestedBy) },
  { id: 'approvers', label: 'Approvers', kind: 'text', width: 36, value: approversCell },
  {
    id: 'builds',
    label: 'Builds',
    kind: 'text',
    width: 16,
    value: (d) => list(d.builds.map((build) => build.number)),
    link: (d) => onlyLink(d.builds),
  },
  { id: 'sourceBranch', label: 'Source branch', kind: 'text', width: 24, value: (d) => list(d.builds.map((b) => b.sourceBranch)) },
  { id: 'sourceVersion', label: 'Source version', kind: 'text', width: 14, value: (d) => list(d.builds.map((b) => b.sourceVersion)) },
  {
    id: 'pullRequests',
    label: 'Pull requests',
    kind: 'text',
    width: 14,
    value: (d) => list(d.pullRequests.map((pr) => `!${pr.id}`)),
    link: (d) => onlyLink(d.pullRequests),
  },
  { id: 'reviewers', label: 'Reviewers (vote)', kind: 'text', width: 36, value: (d) => list(formatReviewers(d.pullRequests)) },
  { id: 'changes', label: 'Commits', kind: 'number', width: 9, value: (d) => knownChanges(d)?.length ?? null },
  {
    id: 'uncoveredChanges',
    label: 'Commits without a pull request',
    kind: 'number',
    width: 12,
    // `covered` is the report's reading of controls/change-set.ts (isCovered), not derived again here.
    value: (d) => knownChanges(d)?.filter((change) => !change.covered).length ?? null,
  },
  { id: 'tests', label: 'Tests', kind: 'text', width: 16, value: (d) => formatTests(d.tests) },
  { id: 'workItems', label: 'Work items', kind: 'text', width: 14, value: (d) => list(d.workItems) },
  { id: 'url', label: 'Link', kind: 'text', width: 40, value: (d) => d.url, link: (d) => httpUrl(d.url) },
];

const statusColumn = (id: ControlId, title: string): DeploymentColumn => ({
  id,
  label: title,
  kind: 'status',
  width: Math.min(Math.max(title.length + 2, 10), 24),
  value: (d): ControlStatus | null => d.controls[id]?.status ?? null,
});

const reasonColumn = (id: ControlId, title: string): DeploymentColumn => ({
  id: `${id} reason`,
  label: `${title}: reason`,
  kind: 'text',
  width: 48,
  value: (d) => d.controls[id]?.reason ?? null,
});

const ERRORS_COLUMN: DeploymentColumn = {
  id: 'errors',
  label: 'Evidence errors',
  kind: 'text',
  width: 48,
  value: (d) => list(d.errors.map(formatError)),
};

/**
 * The columns for a report: the deployment's facts, a status column per control the policy enables (in checklist
 * order), a reason column per enabled control, then the evidence errors. Disabled controls get no column.
 */
export function deploymentColumns(report: AuditReport): DeploymentColumn[] {
  const controls = enabledControls(report.policy);
  return [
    ...BASE_COLUMNS,
    ...controls.map((control) => statusColumn(control.id, control.title)),
    ...controls.map((control) => reasonColumn(control.id, control.title)),
    ERRORS_COLUMN,
  ];
}

/**
 * The deployments as an azure-devops-ui Table: virtualized (only the rows in view are rendered, so 20,000 rows
 * scroll smoothly), sortable by every column, one status icon per enabled control (named for screen readers and in
 * a tooltip); a row opens its detail. The table has no scroll box of its own: the hub's page is the one scroll area,
 * against which the table virtualizes; its header sticks to the top and its first two columns (Overall and the
 * deployment) to the left (deploy-audit.css).
 */
import * as React from 'react';
import { ColumnSorting, SimpleTableCell, SortOrder, Table, TwoLineTableCell, type ITableColumn } from 'azure-devops-ui/Table';
import { ArrayItemProvider } from 'azure-devops-ui/Utilities/Provider';
import type { ControlId } from '../core/controls/ids';
import type { ControlStatus } from '../core/model';
import { CONTROLS } from '../core/controls';
import { StatusIcon } from '../views/ControlStatusPill';
import { branchName, count, formatUtc, personName, runLabel, STATUS_LABELS, testsText } from '../views/format';
import { approvalsUnreadable } from '../views/unreadable';
import { overallText, type AuditRow, type RowSort, type SortKey } from './rows';

/** Column headers for the controls: the table is wide, the full titles are in the tooltips and the summary. */
export const CONTROL_SHORT_TITLES: Record<ControlId, string> = {
  'approval-count': 'Approvals',
  'approval-independence': 'Independent',
  'code-review': 'Reviewed',
  'branch-policy': 'Policies',
  'source-branch': 'Branch',
  'build-succeeded': 'Build',
  'tests-passed': 'Tests',
  'work-item-linked': 'Work item',
};

interface Column {
  key: SortKey;
  name: string;
  width: number;
  ariaLabel?: string;
  /** Pinned to the left when the table scrolls sideways (the first columns only: their offsets add up). */
  pinned?: 'first' | 'second';
  render: (row: AuditRow) => React.ReactNode;
  twoLine?: (row: AuditRow) => [React.ReactNode, React.ReactNode];
}

const list = (items: string[], none: string) => (items.length ? items.join(', ') : none);

/** The widths of the pinned columns: the second is pinned at the first's width (deploy-audit.css, --da-pin-1). */
export const PINNED_WIDTHS = { first: 132, second: 200 } as const;

/** What the deployment is: first, so that with the verdicts after them they fit a usual screen. */
const LEAD_COLUMNS: Column[] = [
  {
    key: 'overall',
    name: 'Overall',
    ariaLabel: 'Overall: the worst verdict across the controls',
    width: PINNED_WIDTHS.first,
    pinned: 'first',
    render: (row) => (
      <span className="flex-row flex-center rhythm-horizontal-4 da-overall" data-status={row.overall.status}>
        <StatusIcon status={row.overall.status} />
        <span>{overallText(row.overall)}</span>
      </span>
    ),
  },
  {
    key: 'pipeline',
    name: 'Pipeline and run',
    width: PINNED_WIDTHS.second,
    pinned: 'second',
    render: () => null,
    twoLine: (row) => [row.evidence.pipeline.name, runLabel(row.evidence)],
  },
  { key: 'startedAt', name: 'Started (UTC)', width: 156, render: (row) => formatUtc(row.evidence.startedAt).replace(' UTC', '') },
  { key: 'environment', name: 'Environment', width: 150, render: (row) => row.evidence.environment },
];

/** The evidence behind the verdicts, after them (the table scrolls sideways to them on narrow screens). */
const DETAIL_COLUMNS: Column[] = [
  { key: 'requestedBy', name: 'Requested by', width: 150, render: (row) => personName(row.evidence.requestedBy) },
  {
    key: 'approvals',
    name: 'Approvers',
    width: 180,
    render: (row) => {
      // Approvals that could not be read are not "none": say why they are missing.
      const unreadable = approvalsUnreadable(row.evidence);
      if (unreadable) return <span className="da-unreadable">{unreadable[0].toUpperCase() + unreadable.slice(1)}</span>;
      return list(
        row.evidence.approvals.filter((approval) => approval.status === 'approved').map((approval) => personName(approval.approver)),
        row.evidence.approvals.length ? 'None approved' : 'None',
      );
    },
  },
  {
    key: 'pullRequests',
    name: 'Pull request and reviewers',
    width: 260,
    render: () => null,
    twoLine: (row) => {
      const prs = row.evidence.pullRequests;
      if (!prs.length) return ['None', ''];
      const reviewers = prs.flatMap((pr) => pr.reviewers.filter((reviewer) => reviewer.vote > 0).map((reviewer) => personName(reviewer.identity)));
      return [prs.map((pr) => `!${pr.id}`).join(', '), list([...new Set(reviewers)], 'No approving review')];
    },
  },
  {
    key: 'build',
    // Not "Build": that is the build control's column.
    name: 'Build and branch',
    width: 210,
    render: () => null,
    twoLine: (row) => {
      const build = row.evidence.builds[0];
      return build ? [`${build.number} · ${build.result || 'no result'}`, branchName(build.sourceBranch)] : ['None', ''];
    },
  },
  { key: 'tests', name: 'Test results', width: 220, render: (row) => testsText(row.evidence.tests) },
];

export interface DeploymentTableProps {
  rows: readonly AuditRow[];
  controls: readonly ControlId[];
  sort: RowSort;
  onSort: (sort: RowSort) => void;
  onOpen: (row: AuditRow) => void;
  /** The table, to bring a row back into view and focus it (when the detail panel closes). */
  tableRef?: React.Ref<Table<AuditRow>>;
}

export function DeploymentTable({ rows, controls, sort, onSort, onOpen, tableRef }: DeploymentTableProps): JSX.Element {
  const columns = React.useMemo<Column[]>(
    () => [
      ...LEAD_COLUMNS,
      ...controls.map<Column>((id) => {
        const title = CONTROLS.find((control) => control.id === id)?.title ?? id;
        return {
          key: id,
          name: CONTROL_SHORT_TITLES[id],
          ariaLabel: title,
          // Wide enough for the header's word and a sort arrow: a label is never cut short.
          width: Math.max(80, Math.ceil(CONTROL_SHORT_TITLES[id].length * 7.5) + 40),
          render: (row) => {
            const verdict = row.report.controls[id];
            return verdict ? <VerdictIcon status={verdict.status} title={title} /> : null;
          },
        };
      }),
      ...DETAIL_COLUMNS,
    ],
    [controls],
  );

  const tableColumns = React.useMemo<ITableColumn<AuditRow>[]>(
    () =>
      columns.map((column) => ({
        id: column.key,
        name: column.name,
        ariaLabel: column.ariaLabel ?? column.name,
        width: column.width,
        className: column.pinned ? `da-pin da-pin-${column.pinned}` : undefined,
        headerClassName: column.pinned ? `da-pin da-pin-${column.pinned}` : undefined,
        sortProps: { sortOrder: sort.key === column.key ? (sort.descending ? SortOrder.descending : SortOrder.ascending) : undefined },
        renderCell: (rowIndex, columnIndex, tableColumn, row) =>
          column.twoLine ? (
            <TwoLineTableCell
              key={column.key}
              columnIndex={columnIndex}
              tableColumn={tableColumn}
              line1={<span className="text-ellipsis">{column.twoLine(row)[0]}</span>}
              line2={<span className="text-ellipsis secondary-text">{column.twoLine(row)[1]}</span>}
            />
          ) : (
            <SimpleTableCell key={column.key} columnIndex={columnIndex} tableColumn={tableColumn}>
              <span className="text-ellipsis">{column.render(row)}</span>
            </SimpleTableCell>
          ),
      })),
    [columns, sort],
  );

  // The sorting behavior is made once; it reads the current columns through a ref.
  const latest = React.useRef({ columns, onSort });
  latest.current = { columns, onSort };
  const sorting = React.useMemo(
    () =>
      new ColumnSorting<AuditRow>((columnIndex, proposed) => {
        const column = latest.current.columns[columnIndex];
        if (column) latest.current.onSort({ key: column.key, descending: proposed === SortOrder.descending });
      }),
    [],
  );

  const provider = React.useMemo(() => new ArrayItemProvider(rows as AuditRow[]), [rows]);

  return (
    <Table<AuditRow>
      ref={tableRef}
      ariaLabel={`Deployments (${count(rows.length)})`}
      className="da-table"
      columns={tableColumns}
      itemProvider={provider}
      behaviors={[sorting]}
      rowHeight={48}
      // No scroll box of its own: the page scrolls, the header and the first columns stay in view.
      containerClassName="da-table-container"
      onActivate={(_, tableRow) => onOpen(tableRow.data)}
      selectableText
    />
  );
}

/**
 * A verdict in a narrow cell: the status icon (shape and colour), named for screen readers and in a tooltip
 * ("Code reviewed: Fail"). Memoized: a row shows eight, and the virtualized table renders rows again as it scrolls.
 */
const VerdictIcon = React.memo(function VerdictIcon({ status, title }: { status: ControlStatus; title: string }): JSX.Element {
  const label = `${title}: ${STATUS_LABELS[status]}`;
  return (
    <span className="da-verdict flex-row flex-center" role="img" aria-label={label} title={label} data-status={status}>
      <StatusIcon status={status} />
    </span>
  );
});

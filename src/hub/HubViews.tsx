/**
 * The hub's views: Deployments (the table the hub has always shown, passed in as children), Trends and People,
 * switched by a tab bar, and the "Approved by me" view one click away. Choosing a person in People filters the
 * deployments table to the deployments they approved, through the hub's Filter (the `approver` item), so that
 * "Clear filters" and the export's manifest (FILTERED: approved by …) treat it as every other filter.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { Tab, TabBar, TabSize } from 'azure-devops-ui/Tabs';
import type { Filter } from 'azure-devops-ui/Utilities/Filter';
import type { AuditWindow } from '../core/engine/window';
import { approversOf } from '../core/people';
import { identityName, plural } from '../views/format';
import { FILTER_KEYS } from './DeploymentFilters';
import { PeopleView } from './PeopleView';
import type { AuditRow, RowFilter } from './rows';
import { TrendsView } from './TrendsView';
import '../views/trends.css';

export type HubViewId = 'deployments' | 'trends' | 'people';

export interface HubViewsProps {
  /** Every deployment of the audit (not the table's filtered rows): trends and people are of the whole audit. */
  rows: readonly AuditRow[];
  /** The audit's window; null before the first audit. */
  window: AuditWindow | null;
  user: { id: string; name: string; displayName: string };
  /** The hub's filter, and its state as a row filter. */
  filter: Filter;
  rowFilter: RowFilter;
  /** The audit's phase, and after Cancel how far it got ("641 of 3,005 deployments collected"). */
  phase: 'idle' | 'collecting' | 'done' | 'cancelled' | 'failed';
  partialCount: string | null;
  /** The Deployments view: the summary and the table. */
  children: React.ReactNode;
  /** The view shown, when the hub keeps it (in the page's address); otherwise this component does. */
  view?: HubViewId;
  onViewChange?: (view: HubViewId) => void;
}

/** An approver's name as the evidence writes it (for a filter the page's address named). */
function approverName(rows: readonly AuditRow[], key: string): string | null {
  for (const row of rows) {
    const found = approversOf([row.evidence]).approvers.find((approver) => approver.key === key);
    if (found) return identityName(found.identity) || null;
  }
  return null;
}

/** Why the figures are not of a complete audit; null when they are. */
export function incompleteText(phase: HubViewsProps['phase'], collected: number, partialCount: string | null): string | null {
  if (phase === 'collecting') return `Still collecting: these figures are of the ${plural(collected, 'deployment')} collected so far.`;
  if (phase === 'cancelled') return `Cancelled: these figures are of the ${partialCount ?? `${plural(collected, 'deployment')} collected`} only.`;
  if (phase === 'failed') return `The audit failed: these figures are of the ${plural(collected, 'deployment')} collected before it did.`;
  return null;
}

export function HubViews({ rows, window, user, filter, rowFilter, phase, partialCount, children, ...controlled }: HubViewsProps): JSX.Element {
  const incomplete = incompleteText(phase, rows.length, partialCount);
  const [ownView, setOwnView] = React.useState<HubViewId>('deployments');
  const view = controlled.view ?? ownView;
  const setView = controlled.onViewChange ?? setOwnView;
  const [names, setNames] = React.useState<Record<string, string>>({});
  const approvers = rowFilter.approvers ?? [];
  const people = rowFilter.people ?? [];
  const approvedByMe = people.length === 1 && people[0] === 'approvedByMe';
  const approverKeys = approvers.join('\n');
  const approverNames = React.useMemo(
    () => (approverKeys ? approverKeys.split('\n').map((key) => names[key] ?? approverName(rows, key) ?? key).join(' or ') : ''),
    [approverKeys, names, rows],
  );

  if (!window || rows.length === 0) return <>{children}</>;

  const toggleApprovedByMe = () => {
    filter.setFilterItemState(FILTER_KEYS.person, { value: approvedByMe ? [] : ['approvedByMe'] });
    setView('deployments');
  };
  const selectApprover = ({ key, name }: { key: string; name: string }) => {
    setNames((known) => ({ ...known, [key]: name }));
    filter.setFilterItemState(FILTER_KEYS.approver, { value: [key] });
    setView('deployments');
  };

  return (
    <>
      <div className="da-views-bar flex-row">
        <TabBar
          className="da-views"
          ariaLabel="Views"
          selectedTabId={view}
          onSelectedTabChanged={(id) => setView(id as HubViewId)}
          tabSize={TabSize.Compact}
          disableSticky
        >
          <Tab id="deployments" name="Deployments" />
          <Tab id="trends" name="Trends" />
          <Tab id="people" name="People" />
        </TabBar>
        <Button
          className="da-approved-by-me"
          text="Approved by me"
          iconProps={{ iconName: 'UserFollowed' }}
          subtle={!approvedByMe}
          primary={approvedByMe}
          ariaPressed={approvedByMe}
          ariaLabel={`Approved by me: the deployments ${user.displayName || user.name} approved`}
          onClick={toggleApprovedByMe}
        />
        {approvers.length > 0 && (
          <span className="da-approver-chip flex-row" role="status">
            <span>Approved by {approverNames}</span>
            <Button
              subtle
              iconProps={{ iconName: 'Cancel' }}
              ariaLabel="Stop filtering by approver"
              onClick={() => filter.setFilterItemState(FILTER_KEYS.approver, { value: [] })}
            />
          </span>
        )}
      </div>
      {view === 'deployments' && children}
      {view === 'trends' && <TrendsView rows={rows} window={window} incomplete={incomplete} />}
      {view === 'people' && <PeopleView rows={rows} me={user} selected={approvers} onSelect={selectApprover} />}
    </>
  );
}

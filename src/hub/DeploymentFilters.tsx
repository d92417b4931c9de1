/**
 * The table's filters, as the azure-devops-ui filter bar every Azure DevOps list has: a keyword, environments,
 * pipelines, the signed-in person's part ("deployments I approved") and control statuses. The Filter object holds
 * the state; the summary's counts set its status item.
 */
import * as React from 'react';
import { DropdownFilterBarItem } from 'azure-devops-ui/Dropdown';
import { FilterBar } from 'azure-devops-ui/FilterBar';
import { KeywordFilterBarItem } from 'azure-devops-ui/TextFilterBarItem';
import { DropdownMultiSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import type { Filter, IFilterState } from 'azure-devops-ui/Utilities/Filter';
import type { IListBoxItem } from 'azure-devops-ui/ListBox';
import { CONTROLS } from '../core/controls';
import type { ControlId } from '../core/controls/ids';
import type { ControlStatus } from '../core/model';
import { STATUS_LABELS } from '../views/format';
import { PERSON_FILTERS, type PersonFilter, type RowFilter, type StatusFilter } from './rows';

/** How long the keyword box waits for typing to pause before it filters. */
export const KEYWORD_PAUSE_MS = 50;

export const FILTER_KEYS = { keyword: 'keyword', environment: 'environment', pipeline: 'pipeline', person: 'person', status: 'status', approver: 'approver' } as const;

const values = <T,>(state: IFilterState, key: string): T[] => {
  const value = state[key]?.value;
  return Array.isArray(value) ? (value as T[]) : [];
};

/** The filter bar's state as a row filter. */
export function rowFilterOf(state: IFilterState): RowFilter {
  const keyword = state[FILTER_KEYS.keyword]?.value;
  return {
    keyword: typeof keyword === 'string' ? keyword : '',
    environments: values<string>(state, FILTER_KEYS.environment),
    pipelines: values<string>(state, FILTER_KEYS.pipeline),
    people: values<PersonFilter>(state, FILTER_KEYS.person),
    statuses: values<StatusFilter>(state, FILTER_KEYS.status),
    // Set by the People view (PeopleView.tsx): no item of the bar shows it, the hub's views bar does.
    approvers: values<string>(state, FILTER_KEYS.approver),
  };
}

const STATUSES: readonly ControlStatus[] = ['fail', 'unknown', 'pass', 'notApplicable'];

export function statusItems(controls: readonly ControlId[]): IListBoxItem[] {
  return [
    { id: 'any:fail', text: 'Any control: Fail' },
    { id: 'any:unknown', text: 'Any control: Unknown' },
    ...controls.flatMap((id) => {
      const title = CONTROLS.find((control) => control.id === id)?.title ?? id;
      return STATUSES.map((status) => ({ id: `${id}:${status}`, text: `${title}: ${STATUS_LABELS[status]}` }));
    }),
  ];
}

export interface DeploymentFiltersProps {
  filter: Filter;
  environments: readonly string[];
  pipelines: readonly string[];
  controls: readonly ControlId[];
}

export function DeploymentFilters({ filter, environments, pipelines, controls }: DeploymentFiltersProps): JSX.Element {
  const selections = React.useMemo(
    () => ({ environment: new DropdownMultiSelection(), pipeline: new DropdownMultiSelection(), person: new DropdownMultiSelection(), status: new DropdownMultiSelection() }),
    [],
  );
  const environmentItems = React.useMemo(() => environments.map((name) => ({ id: name, text: name })), [environments]);
  const pipelineItems = React.useMemo(() => pipelines.map((name) => ({ id: name, text: name })), [pipelines]);
  const personItems = React.useMemo(() => PERSON_FILTERS.map((person) => ({ id: person.id, text: person.text })), []);
  const controlStatusItems = React.useMemo(() => statusItems(controls), [controls]);

  return (
    <FilterBar filter={filter} className="da-filters">
      <KeywordFilterBarItem
        filterItemKey={FILTER_KEYS.keyword}
        placeholder="Filter by person, pipeline, run, branch, pull request…"
        // Filtering and drawing 20,000 rows takes about 100 ms here: a shorter pause after typing than the default
        // 200 ms keeps the answer within 200 ms of the last keystroke.
        throttleWait={KEYWORD_PAUSE_MS}
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.environment}
        filter={filter}
        items={environmentItems}
        selection={selections.environment}
        placeholder="Environment"
        showFilterBox
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.pipeline}
        filter={filter}
        items={pipelineItems}
        selection={selections.pipeline}
        placeholder="Pipeline"
        showFilterBox
      />
      <DropdownFilterBarItem filterItemKey={FILTER_KEYS.person} filter={filter} items={personItems} selection={selections.person} placeholder="Person" />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.status}
        filter={filter}
        items={controlStatusItems}
        selection={selections.status}
        // Short, so that every filter fits beside the keyword at 1024 px; its items name the controls.
        placeholder="Status"
        showFilterBox
      />
    </FilterBar>
  );
}

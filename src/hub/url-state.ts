/**
 * The hub's view in its address: the window, the production environments named for this audit, the filters, the
 * sort and the open deployment, written into the host page's hash (IHostNavigationService.replaceHash), so that a
 * reload keeps them and a copied link shows a colleague the same view.
 *
 *   w=last30Days | w=2026-11-01..2026-11-30   env=Production (repeated)   q=keyword
 *   fe=<environment> fp=<pipeline> who=approvedByMe fa=<approver key> st=any:fail (each repeated)
 *   sort=startedAt:desc   open=<key>   v=trends|people (the view shown; Deployments when absent)
 *
 * The address is anyone's to edit: reading it keeps what is well formed and drops the rest, never throwing.
 */
import { CONTROL_IDS } from '../core/controls/ids';
import { PERSON_FILTERS, type PersonFilter, type RowSort, type SortKey, type StatusFilter } from './rows';
import { WINDOW_PRESETS, type CustomDates, type WindowPreset } from './windows';

export interface HubUrlState {
  preset?: WindowPreset;
  /** With preset 'custom'. */
  custom?: CustomDates;
  environments?: string[];
  keyword?: string;
  environmentFilter?: string[];
  pipelineFilter?: string[];
  people?: PersonFilter[];
  /** People's choice: the deployments these approvers (person keys) approved. */
  approvers?: string[];
  statuses?: StatusFilter[];
  sort?: RowSort;
  /** The deployment whose detail is open. */
  open?: string;
  /** The view shown, when not Deployments. */
  view?: HubUrlView;
}

export type HubUrlView = 'trends' | 'people';
const VIEWS: readonly HubUrlView[] = ['trends', 'people'];

/** Bounds on what is read, so a crafted address cannot make the page do much work. */
const MAX_TEXT = 200;
const MAX_ITEMS = 50;

const SORT_KEYS: readonly SortKey[] = ['overall', 'startedAt', 'environment', 'pipeline', 'requestedBy', 'approvals', 'pullRequests', 'build', 'tests', ...CONTROL_IDS];
const STATUSES = ['pass', 'fail', 'unknown', 'notApplicable'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (value: string | null): string | undefined => {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= MAX_TEXT ? trimmed : undefined;
};

const texts = (params: URLSearchParams, key: string): string[] | undefined => {
  const values = [...new Set(params.getAll(key).map((value) => text(value)).filter((value): value is string => !!value))].slice(0, MAX_ITEMS);
  return values.length ? values : undefined;
};

const isStatusFilter = (value: string): value is StatusFilter => {
  const [control, status, ...rest] = value.split(':');
  return rest.length === 0 && (control === 'any' || (CONTROL_IDS as readonly string[]).includes(control)) && STATUSES.includes(status);
};

/** The view read from a hash (with or without its `#`); what is not understood is left out. */
export function decodeHubState(hash: string | null | undefined): HubUrlState {
  const state: HubUrlState = {};
  if (typeof hash !== 'string' || hash.length > 16_000) return state;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return state;
  }
  const window = params.get('w');
  if (window && WINDOW_PRESETS.some((preset) => preset.id === window && preset.id !== 'custom')) state.preset = window as WindowPreset;
  else if (window) {
    const [from, through, ...rest] = window.split('..');
    if (!rest.length && DAY.test(from ?? '') && DAY.test(through ?? '')) {
      state.preset = 'custom';
      state.custom = { from, through };
    }
  }
  const environments = texts(params, 'env');
  if (environments) state.environments = environments;
  const keyword = text(params.get('q'));
  if (keyword) state.keyword = keyword;
  const environmentFilter = texts(params, 'fe');
  if (environmentFilter) state.environmentFilter = environmentFilter;
  const pipelineFilter = texts(params, 'fp');
  if (pipelineFilter) state.pipelineFilter = pipelineFilter;
  const people = texts(params, 'who')?.filter((id): id is PersonFilter => PERSON_FILTERS.some((person) => person.id === id));
  if (people?.length) state.people = people;
  const approvers = texts(params, 'fa');
  if (approvers) state.approvers = approvers;
  const statuses = texts(params, 'st')?.filter(isStatusFilter);
  if (statuses?.length) state.statuses = statuses;
  const sort = params.get('sort')?.split(':');
  if (sort && sort.length === 2 && (SORT_KEYS as readonly string[]).includes(sort[0]) && (sort[1] === 'asc' || sort[1] === 'desc')) {
    state.sort = { key: sort[0] as SortKey, descending: sort[1] === 'desc' };
  }
  const open = text(params.get('open'));
  if (open) state.open = open;
  const view = params.get('v');
  if (view && (VIEWS as readonly string[]).includes(view)) state.view = view as HubUrlView;
  return state;
}

/** The view as a hash (without `#`), in a fixed order of keys; empty for a view with nothing set. */
export function encodeHubState(state: HubUrlState): string {
  const params = new URLSearchParams();
  if (state.preset === 'custom' && state.custom) params.set('w', `${state.custom.from.trim()}..${state.custom.through.trim()}`);
  else if (state.preset && state.preset !== 'custom') params.set('w', state.preset);
  for (const name of state.environments ?? []) params.append('env', name);
  if (state.keyword?.trim()) params.set('q', state.keyword.trim());
  for (const name of state.environmentFilter ?? []) params.append('fe', name);
  for (const name of state.pipelineFilter ?? []) params.append('fp', name);
  for (const person of state.people ?? []) params.append('who', person);
  for (const key of state.approvers ?? []) params.append('fa', key);
  for (const status of state.statuses ?? []) params.append('st', status);
  if (state.sort) params.set('sort', `${state.sort.key}:${state.sort.descending ? 'desc' : 'asc'}`);
  if (state.open) params.set('open', state.open);
  if (state.view) params.set('v', state.view);
  return params.toString();
}

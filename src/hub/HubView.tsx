/**
 * The Deployment Audit hub: every production deployment of the project in a window, with its control checklist;
 * a summary whose counts filter the table; a detail panel per deployment; exports of what is shown; settings.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { ContentSize } from 'azure-devops-ui/Callout';
import { Card } from 'azure-devops-ui/Card';
import { Header, TitleSize } from 'azure-devops-ui/Header';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { Page } from 'azure-devops-ui/Page';
import { Panel } from 'azure-devops-ui/Panel';
import { Spinner, SpinnerSize } from 'azure-devops-ui/Spinner';
import { TextField } from 'azure-devops-ui/TextField';
import type { Table } from 'azure-devops-ui/Table';
import { Filter, type IFilterState } from 'azure-devops-ui/Utilities/Filter';
import { CONTROL_IDS } from '../core/controls/ids';
import type { HubExportFormat } from './export-formats';
import { defaultPolicy, type Policy, type PolicyInput } from '../core/policy';
import type { AuditService } from '../extension/audit-service';
import type { PageAddress } from '../extension/host';
import type { EditPermission } from '../extension/permissions';
import type { PolicySourceChoice, ProjectSettings } from '../extension/settings';
import { DeploymentDetail } from '../views/DeploymentDetail';
import { count, plural, runLabel } from '../views/format';
import { unmatchedPatterns } from '../core/engine/collect';
import { describeFailure, evidenceNotices } from '../views/messages';
import { SettingsPanel } from '../views/SettingsPanel';
import { PolicySourceNotice } from '../views/PolicySourceNotice';
import { AccessNotice, copyText } from '../views/AccessNotice';
import { accessNotice } from '../views/unreadable';
import { DetailStepper, useDetailKeys } from './DetailStepper';
import { AuditToolbar } from './AuditToolbar';
import { CollectionProgress } from './CollectionProgress';
import { DeploymentFilters, FILTER_KEYS, rowFilterOf } from './DeploymentFilters';
import { DeploymentTable } from './DeploymentTable';
import { exportRows } from './export';
import { snapshotCollectionState, snapshotExportScope, useSnapshots } from './snapshot-view';
import { SnapshotActions, SnapshotNotices } from './SnapshotActions';
import { ExportProgressBar, type ExportState } from './ExportProgress';
import { DEFAULT_SORT, distinctValues, filterRows, sortRows, summarizeRows, toRow, userKeys, type AuditRow, type RowSort, type StatusFilter } from './rows';
import { staleness } from './stale';
import { decodeHubState, encodeHubState, type HubUrlState } from './url-state';
import { SummaryCard } from './SummaryCard';
import { HubViews, type HubViewId } from './HubViews';
import { useCollection, type AuditRequest } from './useCollection';
import { customWindow, describeWindow, presetWindow, windowDates, type CustomDates, type WindowPreset } from './windows';

const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export interface HubViewProps {
  service: AuditService;
  /** Start an audit of the last 30 days as soon as the settings are read (default true). */
  autoCollect?: boolean;
  /** The clock, for tests. */
  now?: () => Date;
  /** Where the view is kept (the host page's address): the window, filters, sort and open deployment. */
  address?: PageAddress;
}

type SettingsState = { status: 'loading' } | { status: 'ready'; settings: ProjectSettings; loadError: string | null };

export function HubView({ service, autoCollect = true, now = () => new Date(), address }: HubViewProps): JSX.Element {
  const { context } = service;
  const [settingsState, setSettingsState] = React.useState<SettingsState>({ status: 'loading' });
  const [permission, setPermission] = React.useState<EditPermission | null>(null);
  const [settingsOpen, setSettingsOpen] = React.useState(false);
  const [preset, setPreset] = React.useState<WindowPreset>('last30Days');
  const [custom, setCustom] = React.useState<CustomDates>(() => windowDates(presetWindow('last30Days', now())));
  const [environments, setEnvironments] = React.useState('');
  const [sort, setSort] = React.useState<RowSort>(DEFAULT_SORT);
  const [selected, setSelected] = React.useState<AuditRow | null>(null);
  const [exporting, setExporting] = React.useState<ExportState | null>(null);
  const [exportError, setExportError] = React.useState<string | null>(null);
  const [evaluation, setEvaluation] = React.useState<{ source: AuditRow[]; rows: AuditRow[]; policy: Policy } | null>(null);
  const [linkState, setLinkState] = React.useState<{ status: 'copied' } | { status: 'manual'; link: string } | { status: 'failed'; message: string } | null>(null);
  const { state: liveState, start, cancel } = useCollection(service, now);
  // An open published snapshot feeds the same table, filters, detail, exports and Sample as a live audit.
  const snapshots = useSnapshots(service);
  const state = React.useMemo(() => (snapshots.open ? snapshotCollectionState(snapshots.open) : liveState), [snapshots.open, liveState]);

  const filter = React.useMemo(() => new Filter(), []);
  const [filterState, setFilterState] = React.useState<IFilterState>(() => filter.getState());
  React.useEffect(() => {
    const observer = () => setFilterState({ ...filter.getState() });
    filter.subscribe(observer);
    return () => filter.unsubscribe(observer);
  }, [filter]);

  // The view kept in the page's address (url-state.ts): read once, before the first audit, and written as it changes.
  const [restored, setRestored] = React.useState<HubUrlState | null>(address ? null : {});
  const [hubView, setHubView] = React.useState<HubViewId>('deployments');
  const [pendingOpen, setPendingOpen] = React.useState<string | null>(null);
  React.useEffect(() => {
    if (!address) return undefined;
    let live = true;
    void address.read().then((hash) => {
      if (!live) return;
      const view = decodeHubState(hash);
      if (view.preset) setPreset(view.preset);
      if (view.custom) setCustom(view.custom);
      if (view.sort) setSort(view.sort);
      const filters: IFilterState = {};
      if (view.keyword) filters[FILTER_KEYS.keyword] = { value: view.keyword };
      if (view.environmentFilter) filters[FILTER_KEYS.environment] = { value: view.environmentFilter };
      if (view.pipelineFilter) filters[FILTER_KEYS.pipeline] = { value: view.pipelineFilter };
      if (view.people) filters[FILTER_KEYS.person] = { value: view.people };
      if (view.approvers) filters[FILTER_KEYS.approver] = { value: view.approvers };
      if (view.view) setHubView(view.view);
      if (view.statuses) filters[FILTER_KEYS.status] = { value: view.statuses };
      if (Object.keys(filters).length) filter.setState(filters);
      setPendingOpen(view.open ?? null);
      setRestored(view);
    });
    return () => {
      live = false;
    };
  }, [address, filter]);

  const fallbackPolicy = React.useMemo(defaultPolicy, []);
  const policy: Policy = settingsState.status === 'ready' ? settingsState.settings.policy : fallbackPolicy;

  // Settings first (they say what production is), then the first audit.
  React.useEffect(() => {
    let live = true;
    service.loadSettings().then(
      (settings) => {
        if (!live) return;
        setSettingsState({ status: 'ready', settings, loadError: null });
        setEnvironments(settings.policy.productionEnvironments.join(', '));
      },
      (error: unknown) => {
        if (!live) return;
        const fallback: ProjectSettings = { policy: defaultPolicy(), stored: null, problem: null };
        setSettingsState({ status: 'ready', settings: fallback, loadError: describeFailure(error, 'reading the settings').message });
        setEnvironments(fallback.policy.productionEnvironments.join(', '));
      },
    );
    service.settingsPermission().then(
      (result) => live && setPermission(result),
      () => live && setPermission({ canEdit: false, reason: 'Your permission to change these settings could not be checked.' }),
    );
    return () => {
      live = false;
    };
  }, [service]);

  const clock = React.useRef(now);
  clock.current = now;
  const windowChoice = React.useMemo(
    () => (preset === 'custom' ? customWindow(custom) : { window: presetWindow(preset, clock.current()) }),
    [preset, custom],
  );
  const environmentList = React.useMemo(() => splitList(environments), [environments]);
  const toolbarError =
    'error' in windowChoice ? windowChoice.error : environmentList.length === 0 ? 'Name at least one production environment.' : null;

  const collect = React.useCallback((fresh = false) => {
    if (!('window' in windowChoice) || environmentList.length === 0) return;
    setSelected(null);
    setExportError(null);
    snapshots.close();
    // A preset is worked out when the audit starts, so a page left open overnight audits up to today.
    const auditWindow = preset === 'custom' ? windowChoice.window : presetWindow(preset, clock.current());
    start({ window: auditWindow, policy: { ...policy, productionEnvironments: environmentList }, ...(fresh ? { fresh } : {}) });
  }, [preset, windowChoice, environmentList, policy, start, snapshots.close]);

  // The address's production environments win over the settings' (the link names what its sender audited).
  const [viewReady, setViewReady] = React.useState(false);
  React.useEffect(() => {
    if (viewReady || settingsState.status !== 'ready' || !restored) return;
    if (restored.environments) setEnvironments(restored.environments.join(', '));
    setViewReady(true);
  }, [viewReady, settingsState.status, restored]);

  const autoStarted = React.useRef(false);
  React.useEffect(() => {
    if (!autoCollect || autoStarted.current || !viewReady || !environments) return;
    autoStarted.current = true;
    collect();
  }, [autoCollect, viewReady, environments, collect]);

  // Filtering and sorting, worked out again only when their inputs change.
  const me = React.useMemo(() => userKeys(context.user), [context.user]);
  const rowFilter = React.useMemo(() => rowFilterOf(filterState), [filterState]);
  // Saved settings apply at once to the evidence already collected (the controls are pure functions of it).
  const evaluated = evaluation && evaluation.source === state.rows ? evaluation : null;
  const allRows = evaluated ? evaluated.rows : state.rows;
  const request: AuditRequest | null = state.request && evaluated ? { ...state.request, policy: evaluated.policy } : state.request;
  const controls = React.useMemo(() => CONTROL_IDS.filter((id) => (request?.policy ?? policy).controls[id].enabled), [request, policy]);
  const baseRows = React.useMemo(() => filterRows(allRows, { ...rowFilter, statuses: [] }, me), [allRows, rowFilter, me]);
  const filteredRows = React.useMemo(() => filterRows(baseRows, { statuses: rowFilter.statuses }, me), [baseRows, rowFilter.statuses, me]);
  const visibleRows = React.useMemo(() => sortRows(filteredRows, sort), [filteredRows, sort]);
  const summary = React.useMemo(() => summarizeRows(baseRows, request?.policy ?? policy), [baseRows, request, policy]);
  const choices = React.useMemo(() => distinctValues(allRows), [allRows]);
  const notices = React.useMemo(() => evidenceNotices(allRows.map((row) => row.evidence), { access: false }), [allRows]);
  const access = React.useMemo(
    () =>
      accessNotice(
        allRows.map((row) => row.evidence),
        { user: context.user.name || context.user.displayName, project: context.project.name, orgUrl: context.orgUrl },
      ),
    [allRows, context],
  );
  const unmatched = React.useMemo(() => (state.population ? unmatchedPatterns(state.population) : []), [state.population]);

  // Results that no longer answer the window, environments or settings on screen: dimmed, "Refresh to apply".
  const stale = React.useMemo(() => {
    // A published snapshot is shown as captured: nothing on screen can refresh it.
    if (snapshots.open || !request || state.phase === 'idle' || state.phase === 'collecting' || settingsState.status !== 'ready') return null;
    return staleness(request, { window: 'window' in windowChoice ? windowChoice.window : null, environments: environmentList, policy });
  }, [snapshots.open, request, state.phase, settingsState.status, windowChoice, environmentList, policy]);

  const settingsEnvironments = settingsState.status === 'ready' ? settingsState.settings.policy.productionEnvironments : null;
  const viewHash = React.useMemo(
    () =>
      encodeHubState({
        preset: preset === 'last30Days' ? undefined : preset,
        custom,
        environments: settingsEnvironments && environmentList.join('\n') !== settingsEnvironments.join('\n') ? environmentList : undefined,
        keyword: rowFilter.keyword,
        environmentFilter: rowFilter.environments as string[],
        pipelineFilter: rowFilter.pipelines as string[],
        people: rowFilter.people as HubUrlState['people'],
        approvers: rowFilter.approvers as string[] | undefined,
        statuses: rowFilter.statuses as HubUrlState['statuses'],
        sort: sort.key === DEFAULT_SORT.key && sort.descending === DEFAULT_SORT.descending ? undefined : sort,
        // A deployment named by the address stays in it until its row has arrived.
        open: selected?.key ?? pendingOpen ?? undefined,
        view: hubView === 'deployments' ? undefined : hubView,
      }),
    [preset, custom, settingsEnvironments, environmentList, rowFilter, sort, selected, pendingOpen, hubView],
  );
  React.useEffect(() => {
    if (address && viewReady) address.write(viewHash);
  }, [address, viewReady, viewHash]);
  React.useEffect(() => setLinkState(null), [viewHash]);

  // The deployment the address names opens when its row arrives; an audit without it forgets it.
  React.useEffect(() => {
    if (!pendingOpen) return;
    const row = allRows.find((candidate) => candidate.key === pendingOpen);
    if (row) setSelected(row);
    if (row || (state.phase !== 'collecting' && state.phase !== 'idle')) setPendingOpen(null);
  }, [pendingOpen, allRows, state.phase]);

  const copyLink = async () => {
    if (!address) return;
    try {
      const link = await address.link(viewHash);
      setLinkState((await copyText(link)) ? { status: 'copied' } : { status: 'manual', link });
    } catch (error) {
      setLinkState({ status: 'failed', message: `The link could not be made: ${(error as Error).message}` });
    }
  };

  const toggleStatus = (status: StatusFilter) => {
    const current = rowFilter.statuses ?? [];
    const next = current.includes(status) ? current.filter((item) => item !== status) : [...current, status];
    filter.setFilterItemState(FILTER_KEYS.status, { value: next });
  };

  const exportDisabledReason =
    state.phase !== 'done' ? 'Export is available once an audit is complete.' : visibleRows.length === 0 ? 'No deployment is shown.' : null;

  const exportScope = () => ({ settings: settingsState.status === 'ready' ? settingsState.settings : null, filter: rowFilter, total: state.rows.length });

  const doExport = async (format: HubExportFormat) => {
    if (!request || exportDisabledReason || exporting) return;
    const started = Date.now();
    setExporting({ format, progress: null, started });
    setExportError(null);
    try {
      const file = await exportRows(filteredRows, format, context, request, (progress) => setExporting({ format, progress, started }), state.population, {
        settings: settingsState.status === 'ready' ? settingsState.settings : null,
        filter: rowFilter,
        total: allRows.length,
        stale: stale?.text ?? null,
        ...snapshotExportScope(snapshots.open),
      });
      service.saveFile(file);
    } catch (error) {
      setExportError(`The export failed: ${(error as Error).message}`);
    } finally {
      setExporting(null);
    }
  };

  const listRepositories = React.useCallback(() => service.listRepositories(), [service]);
  const searchIdentities = React.useCallback((query: string) => service.searchIdentities(query), [service]);
  const saveSettings = async (input: PolicyInput, source: PolicySourceChoice) => {
    const saved = await service.saveSettings(input, source);
    setSettingsState({ status: 'ready', settings: saved, loadError: null });
    if (state.phase !== 'collecting') setEnvironments(saved.policy.productionEnvironments.join(', '));
    if (!snapshots.open && state.phase !== 'collecting' && state.request && state.rows.length) {
      // The evidence is of the audited environments: the new rules apply to it, no request is made.
      const policyNow: Policy = { ...saved.policy, productionEnvironments: state.request.policy.productionEnvironments };
      const rows = state.rows.map((row) => toRow(row.evidence, policyNow));
      setEvaluation({ source: state.rows, rows, policy: policyNow });
      if (selected) setSelected(rows.find((row) => row.key === selected.key) ?? null);
    }
    return saved;
  };

  const collecting = state.phase === 'collecting';
  const windowText = request ? describeWindow(request.window) : '';
  // After Cancel, how far the audit got: "641 of 3,005 deployments collected" (the engine found 3,005).
  const found = state.progress?.found ?? 0;
  const partialCount =
    state.phase === 'cancelled' && found > state.rows.length ? `${count(state.rows.length)} of ${plural(found, 'deployment')} collected` : null;

  // The detail panel steps through the deployments of the current view, in its order.
  const tableRef = React.useRef<Table<AuditRow>>(null);
  const selectedIndex = selected ? visibleRows.findIndex((row) => row.key === selected.key) : -1;
  const returnFocusTo = React.useRef<number | null>(null);
  const step = React.useCallback(
    (delta: number) => {
      if (selectedIndex < 0) return;
      const next = visibleRows[selectedIndex + delta];
      if (next) setSelected(next);
    },
    [selectedIndex, visibleRows],
  );
  const closeDetail = React.useCallback(() => {
    returnFocusTo.current = selectedIndex;
    setSelected(null);
  }, [selectedIndex]);
  useDetailKeys(!!selected, step, closeDetail);
  React.useEffect(() => {
    if (selected || returnFocusTo.current === null) return undefined;
    const index = returnFocusTo.current;
    returnFocusTo.current = null;
    if (index < 0) return undefined;
    // After the panel has given focus back to where it was opened from: to the row now shown in it.
    const timer = setTimeout(() => {
      const table = tableRef.current;
      if (!table) return;
      // focusRow scrolls a virtualized row into view first; where it cannot, the row is focused if it is rendered.
      table.focusRow(index).catch(() => document.querySelector<HTMLElement>(`.da-table [data-row-index="${index}"]`)?.focus());
    }, 0);
    return () => clearTimeout(timer);
  }, [selected]);

  let content: React.ReactNode;
  if (settingsState.status === 'loading') {
    content = <Spinner size={SpinnerSize.large} label="Reading the project’s audit settings…" />;
  } else if (state.phase === 'idle') {
    content = (
      <Card className="da-empty">
        <div className="flex-column rhythm-vertical-8">
          <span className="title-s">Choose a window and collect</span>
          <span className="secondary-text">Deploy Audit reads every deployment to the production environments in the window, with its evidence.</span>
        </div>
      </Card>
    );
  } else if (collecting && state.rows.length === 0) {
    // Nothing to count yet: no grid of zeros, no "nothing matches".
    content = (
      <Card className="da-empty da-loading">
        <Spinner size={SpinnerSize.large} label="Collecting the production deployments and their evidence… rows appear as their evidence arrives." />
      </Card>
    );
  } else if ((state.phase === 'failed' || state.phase === 'cancelled') && state.rows.length === 0) {
    // The message says what happened; a summary of zeros would say something else.
    content = null;
  } else if (state.phase === 'done' && state.rows.length === 0) {
    content = (
      <Card className="da-empty">
        <div className="flex-column rhythm-vertical-8">
          <span className="title-s">No production deployments from {windowText}</span>
          <span className="secondary-text">
            Production environments: {request?.policy.productionEnvironments.join(', ')}. Change them above, or for everyone in Settings.
          </span>
        </div>
      </Card>
    );
  } else {
    content = (
      <>
        <SummaryCard
          summary={summary}
          controls={controls}
          active={rowFilter.statuses ?? []}
          onToggle={toggleStatus}
          countText={partialCount && summary.deployments === state.rows.length ? partialCount : undefined}
          windowText={windowText}
        />
        <Card className="da-table-card flex-grow" contentProps={{ contentPadding: false }}>
          <div className="da-table-body flex-column flex-grow" id="da-deployments">
            <DeploymentFilters filter={filter} environments={choices.environments} pipelines={choices.pipelines} controls={controls} />
            <div className="da-table-caption body-s secondary-text" aria-live="polite">
              {partialCount
                ? `Showing ${count(visibleRows.length)} · ${partialCount} (cancelled)`
                : `Showing ${count(visibleRows.length)} of ${plural(state.rows.length, 'deployment')}${collecting ? ' (more arriving)' : ''}`}
            </div>
            {visibleRows.length ? (
              <DeploymentTable rows={visibleRows} controls={controls} sort={sort} onSort={setSort} onOpen={setSelected} tableRef={tableRef} />
            ) : (
              <div className="da-no-match flex-row flex-center rhythm-horizontal-8">
                <span>{collecting ? 'No deployment collected so far matches the filters.' : 'No deployment matches the filters.'}</span>
                <Button text="Clear filters" subtle onClick={() => filter.reset()} />
              </div>
            )}
          </div>
        </Card>
      </>
    );
  }

  return (
    <Page className="da-hub flex-grow">
      {visibleRows.length > 0 && hubView === 'deployments' && (
        // For the keyboard: past the toolbar, notices and summary, straight to the first deployment.
        <a
          className="da-skip-link"
          href="#da-deployments"
          onClick={(event) => {
            event.preventDefault();
            const table = tableRef.current;
            if (table) table.focusRow(0).catch(() => document.querySelector<HTMLElement>('.da-table [data-row-index="0"]')?.focus());
          }}
        >
          Skip to deployments
        </a>
      )}
      <Header
        title="Deployment Audit"
        titleSize={TitleSize.Large}
        description={`Who approved each production deployment of ${context.project.name}, who reviewed the code, and whether it was built and tested.`}
      />
      <div className="page-content page-content-top flex-column rhythm-vertical-16">
        <AuditToolbar
          preset={preset}
          onPreset={setPreset}
          custom={custom}
          onCustom={setCustom}
          error={toolbarError}
          environments={environments}
          onEnvironments={setEnvironments}
          collecting={collecting}
          hasResults={state.phase !== 'idle'}
          onCollect={() => collect()}
          onCollectAfresh={() => collect(true)}
          onCancel={cancel}
          exportDisabledReason={exportDisabledReason}
          exporting={!!exporting}
          onExport={(format) => void doExport(format)}
          onSettings={() => setSettingsOpen(true)}
          extraActions={
            <SnapshotActions
              snapshots={snapshots}
              context={context}
              live={liveState}
              shown={state}
              rows={filteredRows}
              scope={exportScope()}
              onOpening={() => {
                setSelected(null);
                if (liveState.phase === 'collecting') cancel();
              }}
              onSave={(file) => service.saveFile(file)}
            />
          }
        />
        <SnapshotNotices snapshots={snapshots} />
        {collecting && <CollectionProgress progress={state.progress} throttledUntil={state.throttledUntil} />}
        {exporting && <ExportProgressBar format={exporting.format} progress={exporting.progress} started={exporting.started} />}
        {settingsState.status === 'ready' && settingsState.loadError && (
          <MessageCard severity={MessageCardSeverity.Warning}>
            The project’s audit settings could not be read ({settingsState.loadError}); the defaults apply.
          </MessageCard>
        )}
        {settingsState.status === 'ready' && settingsState.settings.problem && (
          <MessageCard severity={MessageCardSeverity.Warning}>
            The saved audit settings could not be used ({settingsState.settings.problem}); the defaults apply.
          </MessageCard>
        )}
        {settingsState.status === 'ready' && !settingsState.loadError && (
          <PolicySourceNotice settings={settingsState.settings} onSettings={() => setSettingsOpen(true)} />
        )}
        {state.phase === 'failed' && state.failure && (
          <MessageCard
            severity={MessageCardSeverity.Error}
            buttonProps={state.failure.retry ? [{ text: 'Try again', onClick: () => collect() }] : undefined}
          >
            <div className="flex-column">
              <span className="font-weight-semibold">{state.failure.title}</span>
              <span>{state.failure.message}</span>
              {state.rows.length > 0 && (
                <span>
                  The {plural(state.rows.length, 'deployment')} collected before the failure are shown; export is off for an incomplete audit.
                </span>
              )}
            </div>
          </MessageCard>
        )}
        {state.phase === 'cancelled' && (
          <MessageCard severity={MessageCardSeverity.Info}>
            Cancelled.{' '}
            {state.rows.length
              ? `${partialCount ?? `${plural(state.rows.length, 'deployment')} collected`}: they are shown; export is available once an audit completes.`
              : 'Nothing was collected.'}
          </MessageCard>
        )}
        {unmatched.length > 0 && (
          <MessageCard severity={MessageCardSeverity.Warning} className="da-notice">
            {`No YAML environment or release stage matches the production ${unmatched.length === 1 ? 'pattern' : 'patterns'} ${unmatched
              .map((pattern) => `“${pattern}”`)
              .join(', ')}: check the production environments in the settings.`}
          </MessageCard>
        )}
        {access && <AccessNotice notice={access} />}
        {notices.map((notice) => (
          <MessageCard key={notice} severity={MessageCardSeverity.Warning} className="da-notice">
            {notice}
          </MessageCard>
        ))}
        {exportError && (
          <MessageCard severity={MessageCardSeverity.Error} onDismiss={() => setExportError(null)}>
            {exportError}
          </MessageCard>
        )}
        {request && state.phase !== 'idle' && (
          <div className="da-audit-scope flex-row flex-center flex-wrap rhythm-horizontal-8">
            <p className="body-s secondary-text">
              {windowText} · production environments {request.policy.productionEnvironments.join(', ')} · {request.policy.requiredApprovals} approvals required
            </p>
            {address && (
              <Button
                text={linkState?.status === 'copied' ? 'Link copied' : 'Copy link'}
                subtle
                iconProps={{ iconName: 'Link' }}
                tooltipProps={{ text: 'A link to this view: its dates, environments, filters, sort and open deployment' }}
                onClick={() => void copyLink()}
              />
            )}
            {linkState?.status === 'manual' && (
              <TextField
                className="da-link-field"
                ariaLabel="Link to this view (copy it)"
                value={linkState.link}
                readOnly
              />
            )}
            {linkState?.status === 'failed' && (
              <span className="da-error body-s" role="alert">
                {linkState.message}
              </span>
            )}
          </div>
        )}
        {stale && (
          <MessageCard
            className="da-stale-banner"
            severity={MessageCardSeverity.Warning}
            buttonProps={[{ text: 'Refresh to apply', primary: true, onClick: () => collect(), disabled: !!toolbarError }]}
          >
            {`${stale.text} The results below are dimmed: refresh to apply what is on screen. An export of them says so.`}
          </MessageCard>
        )}
        <HubViews view={hubView} onViewChange={setHubView} rows={allRows} window={request?.window ?? null} user={context.user} filter={filter} rowFilter={rowFilter} phase={state.phase} partialCount={partialCount}>
          <div className="da-results flex-column flex-grow rhythm-vertical-16" data-stale={stale ? 'true' : undefined}>
            {content}
          </div>
        </HubViews>
      </div>
      {selected && (
        <Panel
          onDismiss={closeDetail}
          size={ContentSize.Large}
          titleProps={{ text: `${selected.evidence.environment} · ${runLabel(selected.evidence)}` }}
          description={selected.evidence.pipeline.name}
        >
          <div className="flex-column flex-grow rhythm-vertical-16">
            <DetailStepper index={selectedIndex} total={visibleRows.length} onStep={step} />
            <DeploymentDetail
              deployment={selected.evidence}
              verdicts={selected.report.controls}
              onOpenLink={(url) => service.openLink(url)}
              auditedAt={state.auditedAt}
            />
          </div>
        </Panel>
      )}
      {settingsOpen && settingsState.status === 'ready' && (
        <SettingsPanel
          settings={settingsState.settings}
          permission={permission}
          onSave={saveSettings}
          onDismiss={() => setSettingsOpen(false)}
          listRepositories={listRepositories}
          searchIdentities={searchIdentities}
        />
      )}
    </Page>
  );
}

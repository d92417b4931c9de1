/**
 * The toolbar's evidence actions and the panels they open: Sample (of the rows shown), Publish snapshot (of a complete
 * live audit) and Snapshots (the project's list). Panels and dialogs are layers, so they live here beside their buttons.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import type { SnapshotHead } from '../core/snapshot';
import type { AuditContext, SavedFile } from '../extension/audit-service';
import { SamplePanel } from './SamplePanel';
import { PublishSnapshotDialog, SnapshotBanner, SnapshotsPanel } from './SnapshotPanels';
import { viewReport, type ExportScope } from './export';
import type { AuditRow } from './rows';
import { snapshotExportScope, type useSnapshots } from './snapshot-view';
import type { CollectionState } from './useCollection';
import { describeWindow } from './windows';
import { count, plural } from '../views/format';

type Snapshots = ReturnType<typeof useSnapshots>;

export interface SnapshotActionsProps {
  snapshots: Snapshots;
  context: AuditContext;
  /** The live audit (what is published), and what the page shows (the live audit or an open snapshot). */
  live: CollectionState;
  shown: CollectionState;
  /** The rows shown after filtering: the population a sample is drawn from. */
  rows: readonly AuditRow[];
  /** The export's scope of what is shown (settings, filters, total). */
  scope: ExportScope;
  /** Before a snapshot opens: stop the live audit (a snapshot needs no request to Azure DevOps). */
  onOpening: () => void;
  onSave: (file: SavedFile) => void;
}

/** What the toolbar's actions need, worked out from the page's state. */
function facts(props: SnapshotActionsProps) {
  const { live, shown, rows, snapshots, context } = props;
  const windowText = shown.request ? describeWindow(shown.request.window) : '';
  return {
    sampleDisabledReason: shown.phase !== 'done' ? 'A sample can be drawn once an audit is complete.' : rows.length === 0 ? 'No deployment is shown.' : null,
    population: () => viewReport(rows, context, shown.request!, shown.population, { ...props.scope, ...snapshotExportScope(snapshots.open) }),
    populationText:
      rows.length === shown.rows.length ? `the ${plural(shown.rows.length, 'deployment')} of ${windowText}` : `the ${count(rows.length)} deployments shown (of ${count(shown.rows.length)})`,
    publishDisabledReason: snapshots.open
      ? 'A snapshot is open: collect to publish a live audit.'
      : live.phase !== 'done'
        ? 'A snapshot can be published once an audit is complete.'
        : live.rows.length === 0
          ? 'The audit found no deployment.'
          : null,
    // The whole live audit, never the filtered rows.
    publication: () => viewReport(live.rows, context, live.request!, live.population, { settings: props.scope.settings, total: live.rows.length }),
    publicationWindow: live.request ? describeWindow(live.request.window) : '',
    publicationDeployments: live.rows.length,
    publicationUnreadable: live.rows.filter((row) => row.evidence.errors.length > 0).length,
  };
}

export function SnapshotActions(actionProps: SnapshotActionsProps): JSX.Element {
  const { snapshots } = actionProps;
  const props = { ...actionProps, ...facts(actionProps) };
  const [panel, setPanel] = React.useState<'sample' | 'publish' | 'snapshots' | null>(null);
  const close = () => setPanel(null);

  const showSnapshots = () => {
    setPanel('snapshots');
    snapshots.refresh();
  };
  const open = (head: SnapshotHead) => {
    props.onOpening();
    snapshots.openSnapshot(head);
  };
  // The list closes once the snapshot it opened is shown.
  const openId = snapshots.open?.head.id ?? null;
  const lastOpen = React.useRef(openId);
  React.useEffect(() => {
    if (openId && openId !== lastOpen.current && panel === 'snapshots') setPanel(null);
    lastOpen.current = openId;
  }, [openId, panel]);

  const publish = async () => {
    if (await snapshots.publish(props.publication())) setPanel(null);
  };

  return (
    <>
      <Button
        text="Sample"
        iconProps={{ iconName: 'TestBeaker' }}
        ariaLabel={props.sampleDisabledReason ? `Sample (${props.sampleDisabledReason})` : 'Sample deployments for testing'}
        tooltipProps={props.sampleDisabledReason ? { text: props.sampleDisabledReason } : undefined}
        disabled={!!props.sampleDisabledReason}
        onClick={() => setPanel('sample')}
      />
      {snapshots.available && (
        <>
          <Button
            text="Publish snapshot"
            iconProps={{ iconName: 'CloudUpload' }}
            ariaLabel={props.publishDisabledReason ? `Publish snapshot (${props.publishDisabledReason})` : 'Publish snapshot'}
            tooltipProps={{ text: props.publishDisabledReason ?? 'Keep this complete audit in the project, as captured, for auditors' }}
            disabled={!!props.publishDisabledReason}
            onClick={() => setPanel('publish')}
          />
          <Button text="Snapshots" iconProps={{ iconName: 'History' }} subtle onClick={showSnapshots} />
        </>
      )}
      {panel === 'sample' && (
        <SamplePanel population={props.population} populationText={props.populationText} context={props.context} onSave={props.onSave} onDismiss={close} />
      )}
      {panel === 'publish' && (
        <PublishSnapshotDialog
          deployments={props.publicationDeployments}
          unreadable={props.publicationUnreadable}
          windowText={props.publicationWindow}
          project={props.context.project.name}
          progress={snapshots.publishing}
          onPublish={() => void publish()}
          onDismiss={() => !snapshots.publishing && close()}
        />
      )}
      {panel === 'snapshots' && (
        <SnapshotsPanel list={snapshots.list} opening={snapshots.opening} openId={openId} onOpen={open} onRefresh={snapshots.refresh} onDismiss={close} />
      )}
    </>
  );
}

/** What the page says of snapshots: the one open (captured when, by whom, verified), a failure, the last published. */
export function SnapshotNotices({ snapshots }: { snapshots: Snapshots }): JSX.Element {
  return (
    <>
      {snapshots.open && <SnapshotBanner view={snapshots.open} onClose={snapshots.close} />}
      {snapshots.opening && !snapshots.open && (
        <MessageCard severity={MessageCardSeverity.Info}>
          {snapshots.opening.progress ? `Opening the snapshot: part ${snapshots.opening.progress.done} of ${snapshots.opening.progress.total} read…` : 'Opening the snapshot…'}
        </MessageCard>
      )}
      {snapshots.error && <MessageCard severity={MessageCardSeverity.Error}>{snapshots.error}</MessageCard>}
      {snapshots.published && !snapshots.open && (
        <MessageCard severity={MessageCardSeverity.Info} className="da-published">
          {`Snapshot published: ${snapshots.published.deployments} deployments, ${snapshots.published.parts.length} parts, SHA-256 ${snapshots.published.sha256}. Anyone who opens this hub in the project can open it from Snapshots.`}
        </MessageCard>
      )}
    </>
  );
}

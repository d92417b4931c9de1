/**
 * Published snapshots in the hub: the confirmation that says plainly what publishing shares, the list of the
 * project's snapshots (who, when, window, counts), and the banner over an open one ("Captured on … by …",
 * verified or not verified, and why).
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { ContentSize } from 'azure-devops-ui/Callout';
import { Dialog } from 'azure-devops-ui/Dialog';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { Panel } from 'azure-devops-ui/Panel';
import { Spinner, SpinnerSize } from 'azure-devops-ui/Spinner';
import type { SnapshotHead } from '../core/snapshot';
import type { SnapshotProgress } from '../extension/snapshots';
import { count, formatUtc, plural } from '../views/format';
import { formatWindow } from '../core/export/text';
import { capturedText, verdictCounts, type SnapshotList, type SnapshotView } from './snapshot-view';

const windowOf = (head: { window: { from: string; to: string } }) => formatWindow(head.window);

export function PublishSnapshotDialog(props: {
  deployments: number;
  /** Deployments with evidence that could not be read: published as unknown, and the dialog says so. */
  unreadable: number;
  windowText: string;
  project: string;
  progress: SnapshotProgress | null;
  onPublish: () => void;
  onDismiss: () => void;
}): JSX.Element {
  const busy = !!props.progress;
  return (
    <Dialog
      titleProps={{ text: 'Publish a snapshot of this audit' }}
      onDismiss={props.onDismiss}
      footerButtonProps={[
        { text: 'Cancel', onClick: props.onDismiss, disabled: busy },
        { text: busy ? 'Publishing…' : 'Publish snapshot', primary: true, onClick: props.onPublish, disabled: busy },
      ]}
    >
      <div className="da-publish flex-column rhythm-vertical-8">
        <p>
          {`Publishes the complete audit of ${props.windowText}: ${plural(props.deployments, 'deployment')} with every control’s verdict and all the evidence collected — approvals and approvers’ names, reviewers, builds, tests, change sets, work items — as it is now, with your name and the time.`}
        </p>
        <p>
          {`It is kept in ${props.project}’s extension data, where anyone who can open this hub in the project can read it, including people who cannot read the approvals themselves. The filters on screen do not apply: every deployment of the audit is published.`}
        </p>
        {props.unreadable > 0 && (
          <MessageCard severity={MessageCardSeverity.Warning}>
            {`${plural(props.unreadable, 'deployment')} of this audit ${props.unreadable === 1 ? 'has' : 'have'} evidence that could not be read (see the notices): the snapshot records ${props.unreadable === 1 ? 'it' : 'them'} as they are, with the reason. Where the reason is access, publish from an account that can read everything.`}
          </MessageCard>
        )}
        <p>A snapshot is never changed: publishing again makes a new one. Each part is stored with its SHA-256, so anyone who opens it sees whether it is exactly what was published.</p>
        {props.progress && (
          <p aria-live="polite">
            {props.progress.stage === 'preparing'
              ? 'Preparing the snapshot: hashing and cutting the report into parts…'
              : `Writing part ${Math.min(props.progress.done + 1, props.progress.total)} of ${props.progress.total}…`}
          </p>
        )}
      </div>
    </Dialog>
  );
}

export function SnapshotsPanel(props: {
  list: SnapshotList;
  opening: { head: SnapshotHead; progress: SnapshotProgress | null } | null;
  openId: string | null;
  onOpen: (head: SnapshotHead) => void;
  onRefresh: () => void;
  onDismiss: () => void;
}): JSX.Element {
  const { list } = props;
  let body: React.ReactNode;
  if (list.status !== 'ready' && list.status !== 'failed') body = <Spinner size={SpinnerSize.medium} label="Reading the project’s snapshots…" />;
  else if (list.status === 'failed') body = <MessageCard severity={MessageCardSeverity.Error}>{`The snapshots could not be listed: ${list.error}`}</MessageCard>;
  else if (!list.heads.length) body = <p>No snapshot has been published in this project yet. A person who can read every approval publishes one from a complete audit.</p>;
  else
    body = (
      <table className="da-snapshots-table">
        <thead>
          <tr>
            <th scope="col">Published</th>
            <th scope="col">By</th>
            <th scope="col">Window</th>
            <th scope="col">Deployments</th>
            <th scope="col">Verdicts failed / unknown</th>
            <th scope="col" aria-label="Open" />
          </tr>
        </thead>
        <tbody>
          {list.heads.map((head) => {
            const counts = verdictCounts(head);
            const opening = props.opening?.head.id === head.id;
            return (
              <tr key={head.id} data-snapshot={head.id}>
                <td>{formatUtc(head.publishedAt)}</td>
                <td>{head.publishedBy?.displayName || head.publishedBy?.uniqueName || 'not known'}</td>
                <td>{windowOf(head)}</td>
                <td>{count(head.deployments)}</td>
                <td>{`${count(counts.fail)} / ${count(counts.unknown)}`}</td>
                <td>
                  <Button
                    text={opening ? 'Opening…' : props.openId === head.id ? 'Open again' : 'Open'}
                    ariaLabel={`Open the snapshot of ${windowOf(head)} published ${formatUtc(head.publishedAt)}`}
                    disabled={!!props.opening}
                    onClick={() => props.onOpen(head)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  return (
    <Panel
      onDismiss={props.onDismiss}
      size={ContentSize.Large}
      titleProps={{ text: 'Published snapshots' }}
      description="Audits published in this project, each as captured: open one to see its checklist, filter, sample and export it without reading Azure DevOps again."
      footerButtonProps={[{ text: 'Refresh', iconProps: { iconName: 'Refresh' }, onClick: props.onRefresh }, { text: 'Close', onClick: props.onDismiss }]}
    >
      <div className="da-snapshots flex-column rhythm-vertical-16">
        {props.opening && (
          <p aria-live="polite">
            {props.opening.progress ? `Reading part ${props.opening.progress.done} of ${props.opening.progress.total}…` : 'Opening the snapshot…'}
          </p>
        )}
        {body}
      </div>
    </Panel>
  );
}

export function SnapshotBanner(props: { view: SnapshotView; onClose: () => void }): JSX.Element {
  const { head, verification } = props.view;
  return (
    <MessageCard
      className="da-snapshot-banner"
      severity={verification.verified ? MessageCardSeverity.Info : MessageCardSeverity.Error}
      buttonProps={[{ text: 'Back to the live audit', onClick: props.onClose }]}
    >
      <div className="flex-column">
        <span className="font-weight-semibold">{`Snapshot of ${windowOf(head)} · ${capturedText(head)}`}</span>
        <span className="da-snapshot-verification">
          {verification.verified
            ? 'Verified: every part matches the SHA-256 published with it, and so does the whole report.'
            : `Not verified: ${verification.problems.join('; ')}. What is shown may not be what was published.`}
        </span>
        <span>{`${plural(head.deployments, 'deployment')} with the verdicts and evidence as captured; nothing is read from Azure DevOps.${
          props.view.withoutEvidence ? ` ${plural(props.view.withoutEvidence, 'deployment')} recorded without evidence cannot be shown.` : ''
        }`}</span>
      </div>
    </MessageCard>
  );
}

/**
 * One deployment, as an auditor reads it: what was deployed where and by whom, each control of the checklist with
 * its verdict, reason and links to the evidence, then the evidence itself (approvals, and those on other resources,
 * which are not counted; builds, pull requests and reviews, the change set, tests, work items) and what could not be
 * read. Used by the hub's detail panel and by both tabs.
 */
import * as React from 'react';
import { Link } from 'azure-devops-ui/Link';
import { CONTROLS } from '../core/controls';
import { reportBuilds, reportChanges, reportOtherApprovals, reportPreviousDeployment } from '../core/engine/report';
import { changeSetCaveat, changeSetSummary, resourceLabel, shortCommit, uncoveredReason } from '../core/export/text';
import type { DeploymentEvidence } from '../core/model';
import type { DeploymentReport, ReportChange } from '../core/report';
import { ControlStatusPill } from './ControlStatusPill';
import { approvalsUnreadable } from './unreadable';
import {
  branchName,
  evidenceLabel,
  formatUtc,
  httpUrl,
  keptFromEarlierAudit,
  personName,
  runLabel,
  testsText,
  voteLabel,
  workItemLink,
} from './format';

export interface EvidenceLinkProps {
  url: string;
  children: React.ReactNode;
  onOpenLink: (url: string) => void;
}

/** A link into Azure DevOps, opened in a new window through the host; anything but http(s) is plain text. */
export function EvidenceLink({ url, children, onOpenLink }: EvidenceLinkProps): JSX.Element {
  const href = httpUrl(url);
  if (!href) return <span title="Not a web link">{children}</span>;
  return (
    <Link
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      subtle={false}
      onClick={(event) => {
        event.preventDefault();
        onOpenLink(href);
      }}
    >
      {children}
    </Link>
  );
}

export interface DeploymentDetailProps {
  deployment: DeploymentEvidence;
  verdicts: DeploymentReport['controls'];
  onOpenLink: (url: string) => void;
  /** Leave out the heading facts (the tabs show them in their card's header). */
  hideFacts?: boolean;
  /** When the audit showing it ran: evidence captured well before was kept from an earlier audit, and says so. */
  auditedAt?: Date | string | null;
}

export function DeploymentDetail({ deployment, verdicts, onOpenLink, hideFacts, auditedAt }: DeploymentDetailProps): JSX.Element {
  return (
    <div className="da-detail flex-column rhythm-vertical-16">
      {!hideFacts && <DeploymentFacts deployment={deployment} onOpenLink={onOpenLink} />}
      <CapturedNotice deployment={deployment} auditedAt={auditedAt} />
      <ControlChecklist deployment={deployment} verdicts={verdicts} onOpenLink={onOpenLink} />
      <EvidenceSections deployment={deployment} onOpenLink={onOpenLink} />
    </div>
  );
}

export function DeploymentFacts({ deployment, onOpenLink }: { deployment: DeploymentEvidence; onOpenLink: (url: string) => void }): JSX.Element {
  const stage = deployment.stage && deployment.stage !== deployment.environment ? ` (stage ${deployment.stage})` : '';
  return (
    <dl className="da-facts body-m">
      <dt>Environment</dt>
      <dd>
        {deployment.environment}
        {stage}
      </dd>
      <dt>Pipeline</dt>
      <dd>{deployment.pipeline.name}</dd>
      <dt>{deployment.source === 'yaml' ? 'Run' : 'Release'}</dt>
      <dd>
        <EvidenceLink url={deployment.url} onOpenLink={onOpenLink}>
          {runLabel(deployment)}
        </EvidenceLink>
      </dd>
      <dt>Started</dt>
      <dd>{formatUtc(deployment.startedAt)}</dd>
      <dt>Finished</dt>
      <dd>{deployment.finishedAt ? formatUtc(deployment.finishedAt) : 'Not finished'}</dd>
      <dt>Result</dt>
      <dd>{deployment.result || '—'}</dd>
      <dt>Requested by</dt>
      <dd>{personName(deployment.requestedBy)}</dd>
    </dl>
  );
}

/**
 * Evidence kept from an earlier audit says when it was read, as the HTML report does: Azure DevOps may have deleted
 * some of it since (retention), and what the verdicts rest on is what was captured then.
 */
export function CapturedNotice({ deployment, auditedAt }: { deployment: DeploymentEvidence; auditedAt?: Date | string | null }): JSX.Element | null {
  if (!keptFromEarlierAudit(deployment.capturedAt, auditedAt)) return null;
  return (
    <p className="da-captured body-m secondary-text">
      Evidence captured on <time dateTime={deployment.capturedAt}>{formatUtc(deployment.capturedAt)}</time>, kept from an earlier audit.
    </p>
  );
}

export function ControlChecklist({ deployment, verdicts, onOpenLink }: DeploymentDetailProps): JSX.Element {
  const controls = CONTROLS.filter((control) => verdicts[control.id]);
  return (
    <section aria-label="Checklist" className="da-checklist">
      <h3 className="title-s">Checklist</h3>
      {controls.length === 0 && <p className="secondary-text">No control is enabled in this project’s settings.</p>}
      <ul className="da-checklist-items">
        {controls.map((control) => {
          const verdict = verdicts[control.id]!;
          return (
            <li key={control.id} className="da-checklist-item" data-control={control.id}>
              <div className="flex-row flex-center rhythm-horizontal-8">
                <ControlStatusPill status={verdict.status} title={control.title} />
                <span className="font-weight-semibold" title={control.description}>
                  {control.title}
                </span>
              </div>
              <div className="da-reason body-m">{verdict.reason}</div>
              {verdict.evidence.length > 0 && (
                <div className="da-evidence-links body-s">
                  <span className="secondary-text">Evidence: </span>
                  {verdict.evidence.map((url, index) => (
                    <React.Fragment key={url}>
                      {index > 0 && <span className="secondary-text"> · </span>}
                      <EvidenceLink url={url} onOpenLink={onOpenLink}>
                        {evidenceLabel(deployment, url)}
                      </EvidenceLink>
                    </React.Fragment>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Why no approval is listed: nobody approved, or the approvals could not be read (which is not the same). */
function approvalsEmpty(deployment: DeploymentEvidence): string {
  const unreadable = approvalsUnreadable(deployment);
  return unreadable ? `Approvals ${unreadable}: whether anyone approved is not known.` : 'No approvals recorded.';
}

/** A titled list of evidence, or what it means that there is none. */
function Section({ title, empty, items }: { title: string; empty: string; items: React.ReactNode[] }): JSX.Element {
  return (
    <section aria-label={title} className="da-section">
      <h3 className="title-s">{title}</h3>
      {items.length ? <ul className="da-list body-m">{items}</ul> : <p className="secondary-text body-m">{empty}</p>}
    </section>
  );
}

export function EvidenceSections({ deployment, onOpenLink }: { deployment: DeploymentEvidence; onOpenLink: (url: string) => void }): JSX.Element {
  const link = (url: string | null, label: React.ReactNode) =>
    url ? (
      <EvidenceLink url={url} onOpenLink={onOpenLink}>
        {label}
      </EvidenceLink>
    ) : (
      <span>{label}</span>
    );
  return (
    <>
      <Section
        title="Approvals"
        empty={approvalsEmpty(deployment)}
        items={deployment.approvals.map((approval, index) => (
          <li key={index}>
            {/* A person's name links to nothing that is not about them: the decision links to the approval. */}
            {personName(approval.approver)}
            {approval.assignedTo && approval.assignedTo.id !== approval.approver.id && (
              <span className="secondary-text"> for {personName(approval.assignedTo)}</span>
            )}
            {' — '}
            <span className={`da-approval da-approval-${approval.status}`}>{link(approval.url, approval.automated ? `${approval.status} (automated)` : approval.status)}</span>
            {approval.decidedAt && <span className="secondary-text"> · {formatUtc(approval.decidedAt)}</span>}
            {approval.comment && <q className="da-comment">{approval.comment}</q>}
          </li>
        ))}
      />
      {(deployment.otherApprovals?.length ?? 0) > 0 && (
        <Section
          title="Other approvals, not counted"
          empty=""
          items={reportOtherApprovals(deployment).map((approval, index) => (
            <li key={index}>
              {personName(approval.approver)} on {resourceLabel(approval.resource)}
              {' — '}
              <span className={`da-approval da-approval-${approval.status}`}>{link(deployment.otherApprovals?.[index]?.url ?? null, approval.status)}</span>
              {approval.decidedAt && <span className="secondary-text"> · {formatUtc(approval.decidedAt)}</span>}
              {approval.comment && <q className="da-comment">{approval.comment}</q>}
            </li>
          ))}
        />
      )}
      <Section
        title="Build"
        empty="No build found."
        items={deployment.builds.map((build) => (
          <li key={build.id}>
            {link(build.url, build.number || `Build ${build.id}`)} · {build.result || 'no result'} ·{' '}
            <code title={build.sourceBranch}>{branchName(build.sourceBranch)}</code> @{' '}
            <code title={build.sourceVersion}>{build.sourceVersion.slice(0, 8)}</code>
          </li>
        ))}
      />
      <Section
        title="Pull requests and reviews"
        empty="No pull request found for the deployed commit."
        items={deployment.pullRequests.map((pr) => (
          <li key={`${pr.repositoryId}/${pr.id}`}>
            {link(pr.url, `!${pr.id}`)} {pr.title}
            {pr.bypassPolicy && <span className="da-warning"> · policies bypassed{pr.bypassReason ? `: ${pr.bypassReason}` : ''}</span>}
            <div className="secondary-text body-s">
              by {personName(pr.createdBy)}
              {pr.closedBy ? `, completed by ${personName(pr.closedBy)}` : ''}; reviewers:{' '}
              {pr.reviewers.length
                ? pr.reviewers.map((reviewer) => `${personName(reviewer.identity)} (${voteLabel(reviewer.vote)})`).join(', ')
                : 'none'}
            </div>
          </li>
        ))}
      />
      <ChangeSet deployment={deployment} onOpenLink={onOpenLink} />
      <Section
        title="Tests"
        empty="No build, so no test results."
        items={
          deployment.builds.length || deployment.tests
            ? [<li key="tests">{link(deployment.testsUrl, testsText(deployment.tests))}</li>]
            : []
        }
      />
      <Section
        title="Work items"
        empty="No work item linked."
        items={
          deployment.workItems.length
            ? [
                <li key="items">
                  {deployment.workItems.map((id, index) => (
                    <React.Fragment key={id}>
                      {index > 0 && ', '}
                      {link(workItemLink(deployment, id), `#${id}`)}
                    </React.Fragment>
                  ))}
                </li>,
              ]
            : []
        }
      />
      {deployment.errors.length > 0 && (
        <Section
          title="Evidence that could not be read"
          empty=""
          items={deployment.errors.map((error, index) => (
            <li key={index} className="da-error">
              {error.source}: {error.message}
              {error.status ? ` (HTTP ${error.status})` : ''}
            </li>
          ))}
        />
      )}
    </>
  );
}

/**
 * What the deployment shipped: per deployed build, how its change set was counted (since the previous production
 * deployment, the deployed commit alone, or nothing new), then each commit with its link and the pull request that
 * brought it, or why none did. Evidence kept by an engine that did not read change sets says so: not known, not empty.
 */
export function ChangeSet({ deployment, onOpenLink }: { deployment: DeploymentEvidence; onOpenLink: (url: string) => void }): JSX.Element {
  const title = 'Change set';
  const caveat = changeSetCaveat(deployment);
  if (!deployment.changes) {
    return (
      <section aria-label={title} className="da-section da-change-set">
        <h3 className="title-s">{title}</h3>
        <p className="secondary-text body-m">{caveat}.</p>
      </section>
    );
  }
  const changes = reportChanges(deployment);
  const previous = reportPreviousDeployment(deployment);
  const builds = reportBuilds(deployment);
  const link = (url: string | null, label: React.ReactNode, tooltip?: string) =>
    url && httpUrl(url) ? (
      <EvidenceLink url={url} onOpenLink={onOpenLink}>
        {label}
      </EvidenceLink>
    ) : (
      <span title={tooltip}>{label}</span>
    );
  const commit = (change: ReportChange) => {
    const pullRequest = deployment.pullRequests.find((pr) => pr.id === change.pullRequestId);
    return (
      <li key={`${change.buildId}/${change.commit}`} className="da-commit" data-commit={change.commit}>
        <code title={change.commit}>{link(change.url, shortCommit(change.commit), change.commit)}</code> {change.message}
        {' · '}
        {change.covered ? (
          <span className="da-covered">through {pullRequest ? link(pullRequest.url, `!${change.pullRequestId}`) : `!${change.pullRequestId}`}</span>
        ) : (
          <span className="da-warning">{uncoveredReason(change)}</span>
        )}
        <div className="secondary-text body-s">
          {change.author}
          {change.date ? `, ${formatUtc(change.date)}` : ''}
        </div>
      </li>
    );
  };
  const stray = changes.filter((change) => !builds.some((build) => build.id === change.buildId));
  return (
    <section aria-label={title} className="da-section da-change-set">
      <h3 className="title-s">{title}</h3>
      {caveat && <p className="da-warning body-m">{caveat}.</p>}
      {builds.length === 0 && stray.length === 0 && <p className="secondary-text body-m">No deployed build.</p>}
      {builds.map((build) => {
        const own = changes.filter((change) => change.buildId === build.id);
        const summary = changeSetSummary(build, own.length, previous, deployment.source);
        return (
          <div key={build.id} className="da-change-set-build" data-build={build.id}>
            <p className="body-m da-change-set-summary">
              {link(build.url, `Build ${build.number || build.id}`)}
              {build.definition ? ` (${build.definition.name})` : ''}: {summary ?? 'change set not read'}
            </p>
            {own.length > 0 && <ul className="da-list body-m">{own.map(commit)}</ul>}
          </div>
        );
      })}
      {stray.length > 0 && (
        <div className="da-change-set-build">
          <p className="body-m">Other commits</p>
          <ul className="da-list body-m">{stray.map(commit)}</ul>
        </div>
      )}
    </section>
  );
}

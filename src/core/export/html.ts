/**
 * The report as one self-contained HTML page: inline CSS, no external resources, a light theme after Azure
 * DevOps, print-friendly. A few lines of inline script add filtering; without them everything is still shown.
 *
 * Everything that comes from the report is HTML-escaped, in text and in attributes alike, numbers included (kept
 * evidence can hold anything), and only absolute http(s) URLs become links: a javascript:, data: or relative "link"
 * is shown as inert text. A Content-Security-Policy allows nothing but the page's own inline style and script, named
 * by their hashes: no remote loads, no other script, even if some text escaped its escaping.
 */
import { approvalsUnreadable } from '../unreadable';
import type { ControlStatus } from '../model';
import type { AuditReport, DeploymentReport } from '../report';
import { type ControlInfo, disabledControls, enabledControls, statusCounts } from './checklist';
import { manifestFacts, manifestNotices } from './manifest';
import { sha256Base64 } from './sha256';
import { TRENDS_CSS, trendsSection } from './trends-html';
import {
  changeSetCaveat,
  changeSetSummary,
  evidenceLabel,
  formatElapsed,
  formatError,
  formatIdentity,
  formatUtc,
  httpUrl,
  identityName,
  keptFromEarlierAudit,
  projectBaseUrl,
  resourceLabel,
  shortCommit,
  STATUS_LABELS,
  STATUS_MEANINGS,
  STATUS_ORDER,
  formatWindow,
  uncoveredReason,
  voteLabel,
} from './text';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and for double- or single-quoted attribute values. */
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char]);

const STATUS_SYMBOLS: Record<ControlStatus, string> = { pass: '✓', fail: '✗', unknown: '?', notApplicable: '–' };

/** A link when the URL is http(s); otherwise the label as plain text. */
function link(url: string | null | undefined, label: string, title?: string): string {
  const href = httpUrl(url);
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
  if (!href) return `<span${titleAttr}>${escapeHtml(label)}</span>`;
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer"${titleAttr}>${escapeHtml(label)}</a>`;
}

/** A status pill; a status outside the four (kept evidence can hold anything) is shown as its text, escaped. */
const pill = (status: ControlStatus, label: string = STATUS_LABELS[status] ?? status): string =>
  `<span class="pill pill-${escapeHtml(status)}">${STATUS_SYMBOLS[status] ?? ''} ${escapeHtml(label)}</span>`;

const time = (iso: string | null | undefined): string =>
  iso ? `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatUtc(iso))}</time>` : '';

const shorten = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function evidenceLinks(deployment: DeploymentReport, urls: readonly string[]): string {
  if (!urls.length) return '';
  return urls
    .map((url) =>
      httpUrl(url)
        ? link(url, evidenceLabel(deployment, url), url)
        : `<span class="rejected-link" title="Not a web link, not made clickable">${escapeHtml(shorten(url, 60))}</span>`,
    )
    .join('<br>');
}

/** fail, then unknown, then pass: what a reader should see first about a deployment. */
function overall(deployment: DeploymentReport, controls: readonly ControlInfo[]): { status: ControlStatus; label: string } {
  const statuses = controls.map((control) => deployment.controls[control.id]?.status);
  const failing = statuses.filter((status) => status === 'fail').length;
  const controlsText = (n: number): string => (n === 1 ? '1 control' : `${n} controls`);
  if (failing) return { status: 'fail', label: `${controlsText(failing)} failing` };
  const unknown = statuses.filter((status) => status === 'unknown').length;
  if (unknown) return { status: 'unknown', label: `${controlsText(unknown)} unknown` };
  if (statuses.some((status) => status === 'pass')) return { status: 'pass', label: 'All controls pass' };
  return { status: 'notApplicable', label: 'Nothing applicable' };
}

const list = (items: readonly string[], none = 'None'): string =>
  items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : `<p class="none">${escapeHtml(none)}</p>`;

function approvalsSection(deployment: DeploymentReport): string {
  const items = deployment.approvals.map((approval) => {
    const comment = approval.comment ? ` <q>${escapeHtml(approval.comment)}</q>` : '';
    const decided = approval.decidedAt ? ` · ${time(approval.decidedAt)}` : '';
    return `${escapeHtml(formatIdentity(approval.approver))} — <span class="approval approval-${escapeHtml(approval.status)}">${escapeHtml(approval.status)}</span>${decided}${comment}`;
  });
  const unreadable = approvalsUnreadable(deployment);
  // Approvals that could not be read are never "none": whether anyone approved is not known.
  if (unreadable) items.push(`<span class="warning">${escapeHtml(items.length ? `Others ${unreadable}` : `Approvals ${unreadable}: whether anyone approved is not known.`)}</span>`);
  return `<section><h4>Approvals</h4>${list(items, 'No approvals recorded')}</section>`;
}

/** Approvals on other resources than the environment (a service connection, an agent pool): shown, never counted. */
function otherApprovalsSection(deployment: DeploymentReport): string {
  const approvals = deployment.otherApprovals ?? [];
  if (!approvals.length) return '';
  const items = approvals.map((approval) => {
    const comment = approval.comment ? ` <q>${escapeHtml(approval.comment)}</q>` : '';
    const decided = approval.decidedAt ? ` · ${time(approval.decidedAt)}` : '';
    return `${escapeHtml(identityName(approval.approver))} on ${escapeHtml(resourceLabel(approval.resource))} — <span class="approval approval-${escapeHtml(approval.status)}">${escapeHtml(approval.status)}</span>${decided}${comment}`;
  });
  return `<section class="other-approvals"><h4>Other approvals, not counted</h4>${list(items)}</section>`;
}

/** Each deployed build's change set: how it was counted, then every commit with its link and the pull request that brought it. */
function changeSetSection(deployment: DeploymentReport): string {
  const { changes } = deployment;
  const caveat = changeSetCaveat(deployment);
  if (!changes) return `<section class="change-set"><h4>Change set</h4><p class="none">${escapeHtml(caveat)}</p></section>`;
  const commitItem = (change: NonNullable<DeploymentReport['changes']>[number]): string => {
    const commit = link(change.url, shortCommit(change.commit), change.commit);
    const pullRequest = change.pullRequestId === null ? null : deployment.pullRequests.find((pr) => pr.id === change.pullRequestId);
    const coverage = change.covered
      ? `through ${pullRequest ? link(pullRequest.url, `!${change.pullRequestId}`) : escapeHtml(`!${change.pullRequestId ?? '?'}`)}`
      : `<span class="warning">${escapeHtml(uncoveredReason(change))}</span>`;
    const when = change.date ? `, ${time(change.date)}` : '';
    return `<code>${commit}</code> ${escapeHtml(change.message)} · ${coverage}<div class="sub">${escapeHtml(change.author)}${when}</div>`;
  };
  const blocks = deployment.builds.map((build) => {
    const own = changes.filter((change) => change.buildId === build.id);
    const summary = changeSetSummary(build, own.length, deployment.previousDeployment, deployment.source);
    const head = `<p>${link(build.url, `Build ${build.number || build.id}`)}${build.definition ? ` (${escapeHtml(build.definition.name)})` : ''}: ${escapeHtml(summary ?? 'change set not read')}</p>`;
    return own.length ? `${head}${list(own.map(commitItem))}` : head;
  });
  // Commits of no listed build (a build that could not be read) are still shown.
  const stray = changes.filter((change) => !deployment.builds.some((build) => build.id === change.buildId));
  if (stray.length) blocks.push(`<p>Other commits</p>${list(stray.map(commitItem))}`);
  if (caveat) blocks.unshift(`<p class="warning">${escapeHtml(caveat)}</p>`);
  const body = blocks.length ? blocks.join('') : '<p class="none">No deployed build</p>';
  return `<section class="change-set"><h4>Change set</h4>${body}</section>`;
}

function buildsSection(deployment: DeploymentReport): string {
  const items = deployment.builds.map(
    (build) =>
      `${link(build.url, build.number)} · ${escapeHtml(build.result || 'no result')} · <code>${escapeHtml(build.sourceBranch)}</code> @ <code title="${escapeHtml(build.sourceVersion)}">${escapeHtml(build.sourceVersion.slice(0, 8))}</code>`,
  );
  return `<section><h4>Builds</h4>${list(items, 'No builds found')}</section>`;
}

function pullRequestsSection(deployment: DeploymentReport): string {
  const items = deployment.pullRequests.map((pr) => {
    const reviewers = pr.reviewers.length
      ? pr.reviewers
          .map(({ identity, vote }) => `${escapeHtml(identityName(identity))} <span class="vote" title="vote ${escapeHtml(vote)}">(${escapeHtml(voteLabel(vote))})</span>`)
          .join(', ')
      : 'no reviewers';
    const bypass = pr.bypassPolicy ? ' <span class="warning">policies bypassed</span>' : '';
    const closedBy = pr.closedBy ? `, completed by ${escapeHtml(identityName(pr.closedBy))}` : '';
    return `${link(pr.url, `!${pr.id}`)} ${escapeHtml(pr.title)}${bypass}<div class="sub">by ${escapeHtml(identityName(pr.createdBy))}${closedBy}; reviewers: ${reviewers}</div>`;
  });
  return `<section><h4>Pull requests</h4>${list(items, 'No pull requests found')}</section>`;
}

function testsSection(deployment: DeploymentReport): string {
  const { tests } = deployment;
  const body = tests
    ? `<p>${escapeHtml(tests.passed)}/${escapeHtml(tests.total)} passed, <span class="${tests.failed ? 'warning' : ''}">${escapeHtml(tests.failed)} failed</span>, ${escapeHtml(tests.other)} other</p>`
    : '<p class="none">No test results</p>';
  return `<section><h4>Tests</h4>${body}</section>`;
}

function workItemsSection(deployment: DeploymentReport): string {
  const base = projectBaseUrl(deployment.url);
  const items = deployment.workItems.map((id) => (base ? link(`${base}/_workitems/edit/${id}`, `#${id}`) : escapeHtml(`#${id}`)));
  const body = items.length ? `<p>${items.join(', ')}</p>` : '<p class="none">None linked</p>';
  return `<section><h4>Work items</h4>${body}</section>`;
}

function errorsSection(deployment: DeploymentReport): string {
  if (!deployment.errors.length) return '';
  return `<section class="errors"><h4>Evidence that could not be read</h4>${list(deployment.errors.map((error) => escapeHtml(formatError(error))))}</section>`;
}

function deploymentCard(deployment: DeploymentReport, index: number, controls: readonly ControlInfo[], generatedAt: string): string {
  const verdictRows = controls
    .map((control) => {
      const verdict = deployment.controls[control.id];
      const status = verdict ? pill(verdict.status) : '<span class="pill pill-none">not evaluated</span>';
      return `<tr data-control="${escapeHtml(control.id)}"><th scope="row" title="${escapeHtml(control.description)}">${escapeHtml(control.title)}</th><td>${status}</td><td>${escapeHtml(verdict?.reason ?? '')}</td><td class="evidence">${evidenceLinks(deployment, verdict?.evidence ?? [])}</td></tr>`;
    })
    .join('\n');
  const statuses = [...new Set(controls.map((control) => deployment.controls[control.id]?.status).filter(Boolean))];
  const search = [
    deployment.key,
    deployment.pipeline.name,
    deployment.runName,
    deployment.environment,
    deployment.stage,
    deployment.result,
    formatIdentity(deployment.requestedBy),
    ...deployment.approvals.map((approval) => formatIdentity(approval.approver)),
    ...deployment.pullRequests.map((pr) => `!${pr.id} ${pr.title}`),
    ...deployment.builds.map((build) => `${build.number} ${build.sourceBranch}`),
  ]
    .join(' ')
    .toLowerCase();
  const summary = overall(deployment, controls);
  const elapsed = formatElapsed(deployment.startedAt, deployment.finishedAt);
  const meta = [
    `<span class="badge">${deployment.source === 'yaml' ? 'YAML' : 'Classic'}</span>`,
    `Environment <strong>${escapeHtml(deployment.environment)}</strong>`,
    `Stage <strong>${escapeHtml(deployment.stage)}</strong>`,
    `Started ${time(deployment.startedAt)}`,
    deployment.finishedAt ? `Finished ${time(deployment.finishedAt)}${elapsed ? ` (${escapeHtml(elapsed)})` : ''}` : 'Not finished',
    `Result <strong>${escapeHtml(deployment.result)}</strong>`,
    `Requested by <strong>${escapeHtml(formatIdentity(deployment.requestedBy) || 'unknown')}</strong>`,
    ...(keptFromEarlierAudit(deployment.capturedAt, generatedAt) ? [`<span class="captured">Evidence captured on ${time(deployment.capturedAt)}</span>`] : []),
  ].join(' · ');
  return `<article class="deployment overall-${summary.status}" id="deployment-${index + 1}" data-key="${escapeHtml(deployment.key)}" data-statuses="${escapeHtml(statuses.join(' '))}" data-search="${escapeHtml(search)}">
<header class="deployment-head"><div><h3>${escapeHtml(deployment.pipeline.name)} › ${link(deployment.url, deployment.runName, 'Open in Azure DevOps')}</h3>
<p class="meta">${meta}</p></div>${pill(summary.status, summary.label)}</header>
<table class="verdicts"><thead><tr><th scope="col">Control</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Evidence</th></tr></thead>
<tbody>
${verdictRows}
</tbody></table>
<div class="evidence-grid">${approvalsSection(deployment)}${otherApprovalsSection(deployment)}${buildsSection(deployment)}${pullRequestsSection(deployment)}${testsSection(deployment)}${workItemsSection(deployment)}${changeSetSection(deployment)}${errorsSection(deployment)}</div>
<p class="key">Key <code>${escapeHtml(deployment.key)}</code> · run id ${escapeHtml(deployment.runId)}</p>
</article>`;
}

function controlsTable(report: AuditReport, controls: readonly ControlInfo[]): string {
  const rows = controls
    .map((control) => {
      const counts = statusCounts(report, control.id);
      const cells = STATUS_ORDER.map(
        (status) =>
          `<td class="count${counts[status] ? ` count-${status}` : ''}" data-control="${escapeHtml(control.id)}" data-status="${status}">${escapeHtml(counts[status])}</td>`,
      ).join('');
      return `<tr><th scope="row">${escapeHtml(control.title)}<div class="sub"><code>${escapeHtml(control.id)}</code></div></th><td>${escapeHtml(control.description)}</td>${cells}</tr>`;
    })
    .join('\n');
  const heads = STATUS_ORDER.map((status) => `<th scope="col" class="count">${pill(status)}</th>`).join('');
  return `<table class="controls"><thead><tr><th scope="col">Control</th><th scope="col">What it checks</th>${heads}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function policySection(report: AuditReport): string {
  const { policy } = report;
  const codes = (items: readonly string[], none: string): string =>
    items.length ? items.map((item) => `<code>${escapeHtml(item)}</code>`).join(' ') : escapeHtml(none);
  const disabled = disabledControls(policy);
  return `<dl class="facts">
<dt>Required approvals</dt><dd>${escapeHtml(policy.requiredApprovals)}</dd>
<dt>Approvers</dt><dd>${codes(policy.approvers, 'anyone allowed to approve in Azure DevOps')}</dd>
<dt>Allowed branches</dt><dd>${codes(policy.allowedBranches, 'any branch')}</dd>
<dt>Production environments</dt><dd>${codes(policy.productionEnvironments, 'none')}</dd>
<dt>Disabled controls</dt><dd>${disabled.length ? disabled.map((control) => `${escapeHtml(control.title)} (<code>${escapeHtml(control.id)}</code>)`).join(', ') : 'none'}</dd>
${populationFacts(report)}</dl>`;
}

/** How the list was made: what each production pattern matched, and the classic deployments still waiting. */
function populationFacts(report: AuditReport): string {
  const population = report.population;
  if (!population) return '';
  const patterns = population.patterns
    .map(({ pattern, matched }) =>
      `<code>${escapeHtml(pattern)}</code>: ${matched.length ? matched.map((name) => escapeHtml(name)).join(', ') : '<span class="warning">matched no environment or release stage</span>'}`,
    )
    .join('<br>');
  const waiting = population.waiting
    ? `${escapeHtml(population.waiting)} classic deployment${population.waiting === 1 ? '' : 's'} still waiting for approval or gates, not counted`
    : 'none';
  return `<dt>What the patterns matched</dt><dd>${patterns}</dd>
<dt>Left out</dt><dd>${waiting}</dd>
`;
}

/**
 * The manifest, the first section: what a reader must not miss (FILTERED, INCOMPLETE, RELAXED POLICY) in warning
 * boxes, then who made the report, with what, from which policy and how much of the audit it holds.
 */
function manifestSection(report: AuditReport): string {
  const facts = manifestFacts(report);
  if (!facts.length) return '';
  const notices = manifestNotices(report)
    .map((notice) => `<p class="notice" role="alert"><strong>${escapeHtml(notice.slice(0, notice.indexOf(':')))}</strong>${escapeHtml(notice.slice(notice.indexOf(':')))}</p>`)
    .join('\n');
  const rows = facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n');
  return `<section class="manifest" aria-label="Manifest">
${notices}
<h2>Manifest</h2>
<dl class="facts">
${rows}
</dl>
</section>`;
}

const CSS = `
.notice{background:var(--fail-bg);color:var(--fail);border-left:4px solid var(--fail);border-radius:4px;padding:10px 14px;margin:0 0 12px;font-size:15px}
:root{--accent:#0078d4;--text:#323130;--muted:#605e5c;--line:#edebe9;--bg:#faf9f8;--card:#fff;
--pass-bg:#dff6dd;--pass:#107c10;--fail-bg:#fde7e9;--fail:#a4262c;--unknown-bg:#fff4ce;--unknown:#8a5300;--na-bg:#f3f2f1;--na:#605e5c}
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;line-height:1.45;color:var(--text);background:var(--bg)}
.page{max-width:1280px;margin:0 auto;padding:0 24px 48px}
.top{background:var(--card);border-top:4px solid var(--accent);border-bottom:1px solid var(--line);padding:16px 24px;margin-bottom:24px}
.top h1{margin:0;font-size:24px;font-weight:600}.top h1 span{color:var(--accent)}
.top p{margin:4px 0 0;color:var(--muted)}
h2{font-size:18px;font-weight:600;margin:28px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--accent)}
h3{font-size:16px;font-weight:600;margin:0}h4{font-size:13px;font-weight:600;margin:0 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code{font-family:Consolas,"Cascadia Mono",Menlo,monospace;font-size:12px;background:var(--na-bg);padding:0 4px;border-radius:2px}
.tiles{display:flex;flex-wrap:wrap;gap:12px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:4px;padding:12px 16px;min-width:160px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.tile b{display:block;font-size:24px;font-weight:600}.tile span{color:var(--muted)}
.tile.fail b{color:var(--fail)}.tile.unknown b{color:var(--unknown)}.tile.pass b{color:var(--pass)}
table{width:100%;border-collapse:collapse;background:var(--card)}
th,td{text-align:left;vertical-align:top;padding:6px 10px;border-bottom:1px solid var(--line)}
thead th{color:var(--muted);font-weight:600;font-size:12px;border-bottom:1px solid #c8c6c4}
tbody th{font-weight:600}
table.controls{border:1px solid var(--line);border-radius:4px}
td.count,th.count{text-align:center;white-space:nowrap;width:1%}
td.count{font-variant-numeric:tabular-nums;color:#a19f9d}
td.count-pass{color:var(--pass);font-weight:600}td.count-fail{color:var(--fail);font-weight:700;background:var(--fail-bg)}
td.count-unknown{color:var(--unknown);font-weight:600;background:var(--unknown-bg)}td.count-notApplicable{color:var(--na);font-weight:600}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0;background:var(--card);border:1px solid var(--line);border-radius:4px;padding:12px 16px}
.facts dt{font-weight:600;color:var(--muted)}.facts dd{margin:0}
.pill{display:inline-block;padding:1px 10px;border-radius:12px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.pill-pass{background:var(--pass-bg);color:var(--pass)}.pill-fail{background:var(--fail-bg);color:var(--fail);border-color:#f1bbbc}
.pill-unknown{background:var(--unknown-bg);color:var(--unknown)}.pill-notApplicable,.pill-none{background:var(--na-bg);color:var(--na)}
.filters{display:flex;gap:12px;align-items:center;margin:0 0 12px;flex-wrap:wrap}
.filters input,.filters select{font:inherit;padding:4px 8px;border:1px solid #8a8886;border-radius:2px;background:#fff}
.filters input{min-width:280px}
.deployment{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--na);border-radius:4px;margin:0 0 16px;padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.deployment.overall-pass{border-left-color:var(--pass)}.deployment.overall-fail{border-left-color:var(--fail)}.deployment.overall-unknown{border-left-color:#ffaa44}
.deployment-head{display:flex;justify-content:space-between;gap:16px;align-items:flex-start;margin-bottom:8px}
.meta{margin:4px 0 0;color:var(--muted)}.meta strong{color:var(--text);font-weight:600}
.badge{display:inline-block;background:#deecf9;color:#004578;border-radius:2px;padding:0 6px;font-size:12px;font-weight:600}
table.verdicts th[scope=row]{width:22%}table.verdicts td:nth-child(2){width:1%;white-space:nowrap}
td.evidence{width:22%;word-break:break-word}
.rejected-link{color:var(--muted);text-decoration:line-through;word-break:break-all}
.evidence-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px 24px;margin-top:12px}
.evidence-grid ul{margin:0;padding-left:18px}.evidence-grid p{margin:0}
.sub{color:var(--muted);font-size:12px;font-weight:400}
.none{color:#a19f9d}
.warning{color:var(--fail);font-weight:600}
.approval-approved{color:var(--pass)}.approval-rejected{color:var(--fail)}
.change-set{grid-column:1/-1}.change-set>p{margin:6px 0 2px}
.errors{background:var(--unknown-bg);border-radius:4px;padding:8px 12px}
.key{margin:10px 0 0;color:#a19f9d;font-size:12px}
q{color:var(--muted);font-style:italic}
.legend{list-style:none;padding:0;margin:0}.legend li{margin:4px 0}
footer{margin-top:32px;color:var(--muted);font-size:12px}
[hidden]{display:none!important}
@media print{
body{background:#fff;font-size:11px}.page{max-width:none;padding:0}
.top{border-bottom:none;padding:0 0 8px;margin-bottom:8px}
.filters{display:none!important}
.deployment,.tile,table.controls,.facts{box-shadow:none}
.deployment{break-inside:avoid;page-break-inside:avoid}
h2{break-after:avoid;page-break-after:avoid}
a{color:inherit}
td.evidence a::after{content:" <" attr(href) ">";font-size:9px;color:var(--muted);word-break:break-all}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}${TRENDS_CSS}`;

/** Filters the cards by text and status; the bar stays hidden without script, and all cards show. */
const SCRIPT = `(function(){var bar=document.getElementById('filters');if(!bar)return;bar.hidden=false;
var q=document.getElementById('filter-text'),s=document.getElementById('filter-status'),n=document.getElementById('filter-count');
var cards=Array.prototype.slice.call(document.querySelectorAll('article.deployment'));
function apply(){var t=q.value.trim().toLowerCase(),v=s.value,shown=0;cards.forEach(function(c){
var ok=(!t||(c.getAttribute('data-search')||'').indexOf(t)>=0)&&(!v||(' '+c.getAttribute('data-statuses')+' ').indexOf(' '+v+' ')>=0);
c.hidden=!ok;if(ok)shown++;});n.textContent=shown+' of '+cards.length+' shown';}
q.addEventListener('input',apply);s.addEventListener('change',apply);apply();})();`;

const FILTER_LABELS: Record<ControlStatus, string> = {
  fail: 'With a failing control',
  unknown: 'With an unknown control',
  pass: 'With a passing control',
  notApplicable: 'With a control not applicable',
};

/**
 * What the page may do: nothing but apply its own inline style and run its own inline script, each named by the
 * SHA-256 of its exact content; no remote loads, no other script, no forms, no plugins, no base URL.
 */
export const contentSecurityPolicy = (css: string = CSS, script: string | null = SCRIPT): string =>
  [
    "default-src 'none'",
    `style-src 'sha256-${sha256Base64(css)}'`,
    script === null ? "script-src 'none'" : `script-src 'sha256-${sha256Base64(script)}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');

/** The report as a self-contained HTML page. */
export function toHtml(report: AuditReport): string {
  const controls = enabledControls(report.policy);
  const deployments = report.deployments;
  const count = (status: ControlStatus): number =>
    deployments.filter((deployment) => overall(deployment, controls).status === status).length;
  const title = `Deploy Audit: ${report.organization}/${report.project}`;
  const statusOptions = (Object.entries(FILTER_LABELS) as [ControlStatus, string][])
    .map(([status, label]) => `<option value="${status}">${escapeHtml(label)}</option>`)
    .join('');
  const cards = deployments.length
    ? deployments.map((deployment, index) => deploymentCard(deployment, index, controls, report.generatedAt)).join('\n')
    : '<p class="none">No production deployments in this window.</p>';
  const legend = STATUS_ORDER.map((status) => `<li>${pill(status)} ${escapeHtml(STATUS_MEANINGS[status])}</li>`).join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy())}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Deploy Audit">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><h1><span>Deploy Audit</span> · ${escapeHtml(report.organization)} / ${escapeHtml(report.project)}</h1>
<p>Production deployments from ${escapeHtml(formatWindow(report.window))} · generated ${time(report.generatedAt)}</p></header>
<main class="page">
${manifestSection(report)}
<section class="tiles" aria-label="Overview">
<div class="tile"><b>${escapeHtml(report.summary?.deployments ?? deployments.length)}</b><span>deployments</span></div>
<div class="tile fail"><b>${count('fail')}</b><span>with a failing control</span></div>
<div class="tile unknown"><b>${count('unknown')}</b><span>with unknown evidence, none failing</span></div>
<div class="tile pass"><b>${count('pass')}</b><span>passing every control</span></div>
</section>
<h2>Policy</h2>
${policySection(report)}
<h2>Controls</h2>
${controlsTable(report, controls)}
${trendsSection(report)}
<h2>Deployments</h2>
<div class="filters" id="filters" hidden>
<input id="filter-text" type="search" placeholder="Filter by pipeline, run, person, pull request…" aria-label="Filter deployments">
<select id="filter-status" aria-label="Filter by status"><option value="">All deployments</option>${statusOptions}</select>
<span id="filter-count" class="sub"></span>
</div>
${cards}
<footer><h4>Statuses</h4><ul class="legend">${legend}</ul>
<p>Times are in UTC. Generated by Deploy Audit for ${escapeHtml(report.organization)}/${escapeHtml(report.project)}.</p></footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

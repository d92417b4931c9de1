/**
 * A sample report as HTML: the report's page (html.ts) with the sample's facts first and, for each sampled
 * deployment, one evidence page: its card (every control, reason and link; approvals, builds, pull requests, change
 * set, tests, work items) and what a tester checks beyond it (who each approval was assigned to, whether it was
 * automated, the branch policies that protected each pull request). Printed, each deployment starts a new page.
 *
 * The page's Content-Security-Policy names each inline style by its hash; the sample's own style is added to it.
 */
import { approvalsUnreadable } from '../unreadable';
import type { DeploymentEvidence } from '../model';
import type { AuditReport, DeploymentReport, ReportSample } from '../report';
import { escapeHtml, toHtml } from './html';
import { sha256Base64 } from './sha256';
import { formatIdentity, formatUtc, httpUrl } from './text';

/** Every deployment on its own printed page; the sample's facts stay with the overview. */
export const SAMPLE_CSS = `@media print{article.deployment{break-before:page;page-break-before:always}}
.sample-facts td,.sample-facts th{padding:4px 10px}`;

const link = (url: string | null | undefined, label: string): string => {
  const href = httpUrl(url);
  return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);
};

const list = (items: readonly string[], none: string): string =>
  items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : `<p class="none">${escapeHtml(none)}</p>`;

function sampleSection(sample: ReportSample): string {
  const strata = sample.strata
    .map(
      (stratum) =>
        `<tr><th scope="row">${escapeHtml(stratum.name)}</th><td class="count">${stratum.population}</td><td class="count">${stratum.included}</td><td class="count">${stratum.drawn}</td></tr>`,
    )
    .join('');
  return `<section class="sample" aria-label="Sample">
<h2>Sample</h2>
<dl class="facts">
<dt>Deployments</dt><dd>${sample.selected} of ${sample.population}</dd>
<dt>Size asked</dt><dd>${sample.size}</dd>
<dt>Seed</dt><dd><code>${sample.seed}</code></dd>
<dt>Stratified by</dt><dd>${escapeHtml(sample.options.stratify ?? 'not stratified')}</dd>
<dt>Included first</dt><dd>${sample.options.include.length ? `every deployment with a control ${escapeHtml(sample.options.include.join(' or '))}` : 'none'}</dd>
<dt>Rule</dt><dd>${escapeHtml(sample.rule)}</dd>
<dt>Population report</dt><dd>SHA-256 <code>${escapeHtml(sample.populationSha256)}</code></dd>
</dl>
<table class="controls sample-facts"><thead><tr><th scope="col">${escapeHtml(sample.options.stratify ? `Stratum (${sample.options.stratify})` : 'Population')}</th><th scope="col" class="count">Deployments</th><th scope="col" class="count">Included</th><th scope="col" class="count">Drawn</th></tr></thead>
<tbody>${strata}</tbody></table>
</section>`;
}

/** What the card does not show and a tester checks: assignments, automation, policy evaluations. */
function evidenceDetails(evidence: DeploymentEvidence | undefined): string {
  if (!evidence) return '<div class="evidence-grid"><section><h4>Evidence in detail</h4><p class="none">Not recorded in this report</p></section></div>';
  const unreadableApprovals = approvalsUnreadable({ errors: evidence.errors ?? [] });
  const approvals = [...(evidence.approvals ?? []), ...(evidence.otherApprovals ?? [])].map((approval) => {
    const assigned = approval.assignedTo && approval.assignedTo.id !== approval.approver.id ? `, assigned to ${escapeHtml(formatIdentity(approval.assignedTo))}` : '';
    const resource = approval.resource ? `, for ${escapeHtml(approval.resource.type)} ${escapeHtml(approval.resource.name)}` : '';
    const automated = approval.automated ? ' <span class="warning">automated</span>' : '';
    const decided = approval.decidedAt ? ` · ${escapeHtml(formatUtc(approval.decidedAt))}` : '';
    return `${escapeHtml(formatIdentity(approval.approver))} — ${link(approval.url, approval.status)}${assigned}${resource}${automated}${decided}`;
  });
  const branch = (ref: string) => escapeHtml(ref.replace(/^refs\/heads\//, ''));
  const evaluations = (evidence.pullRequests ?? []).flatMap((pr) => {
    const pull = link(pr.url, `!${pr.id}`);
    // The required policies in force on the target branch when it completed (what the engine reads) …
    const protectedBy =
      pr.branchPolicies === null || pr.branchPolicies === undefined
        ? []
        : [
            pr.branchPolicies.length
              ? `${pull} into ${branch(pr.targetRefName)}, required policies: ${pr.branchPolicies.map((policy) => escapeHtml(policy.typeName)).join(', ')}`
              : `${pull} into ${branch(pr.targetRefName)}: <span class="warning">no required policy</span>`,
          ];
    // … and evaluations where they were read (evidence of an earlier engine).
    const evaluated = (pr.policyEvaluations ?? []).map(
      (evaluation) =>
        `${pull} ${escapeHtml(evaluation.typeName)}: ${escapeHtml(evaluation.status)}${evaluation.isBlocking ? ' (blocking)' : ''}${evaluation.isEnabled ? '' : ' (disabled)'}`,
    );
    const known = [...protectedBy, ...evaluated];
    return known.length || pr.bypassPolicy ? known : [`${pull}: branch policies not read`];
  });
  const bypass = (evidence.pullRequests ?? [])
    .filter((pr) => pr.bypassPolicy)
    .map((pr) => `${link(pr.url, `!${pr.id}`)} bypassed policies${pr.bypassReason ? `: <q>${escapeHtml(pr.bypassReason)}</q>` : ''}`);
  return `<div class="evidence-grid">
<section><h4>Approvals in detail</h4>${list(approvals, unreadableApprovals ? `Approvals ${unreadableApprovals}: whether anyone approved is not known.` : 'No approvals recorded')}</section>
<section><h4>Branch policies</h4>${list([...evaluations, ...bypass], 'No pull requests')}</section>
<section><h4>Captured</h4><p>${escapeHtml(evidence.capturedAt ? formatUtc(evidence.capturedAt) : 'when the report was generated')}</p></section>
</div>`;
}

/** The sample report as one self-contained page: the sample's facts, then one evidence page per deployment. */
export function toSampleHtml(report: AuditReport): string {
  let html = toHtml(report);
  // The sample's own style, named in the Content-Security-Policy beside the page's.
  // (In the meta element's attribute the quotes are written &#39;.)
  html = html.replace(
    /style-src ('|&#39;)(sha256-[A-Za-z0-9+/=]+)\1/,
    (_, quote: string, own: string) => `style-src ${quote}${own}${quote} ${quote}sha256-${sha256Base64(SAMPLE_CSS)}${quote}`,
  );
  html = html.replace('</head>', `<style>${SAMPLE_CSS}</style>\n</head>`);
  // After the manifest (whose notices come first on every report), before the overview. Text from the report is
  // escaped, so the first such tag is the page's own.
  if (report.sample) html = html.replace('<section class="tiles"', `${sampleSection(report.sample)}\n<section class="tiles"`);
  // The cards are written in the report's order: the n-th card closes with the n-th </article>.
  let index = 0;
  html = html.replace(/<\/article>/g, () => {
    const deployment: DeploymentReport | undefined = report.deployments[index++];
    return `${evidenceDetails(deployment?.evidence)}\n</article>`;
  });
  return html;
}

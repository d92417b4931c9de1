import type { AuditReport } from '../report';
import { escapeHtml, toHtml } from './html';
import { HOSTILE_FORMULA_TITLE, HOSTILE_HTML_TITLE, JAVASCRIPT_URL, sampleReport } from '../../../test/fixtures/sample-report';

const attributeValues = (html: string, name: string): string[] =>
  [...html.matchAll(new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'gi'))].map((match) => match[1]);

/** The names of all attributes of all tags (attribute values are always double-quoted in the report). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<[a-z][a-z0-9]*((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/gi)) {
    for (const attribute of tag[1].matchAll(/\s+([a-z-]+)(?:="[^"]*")?/gi)) names.push(attribute[1].toLowerCase());
  }
  return names;
}

/** The HTML of one deployment's card. */
function card(html: string, key: string): string {
  const start = html.indexOf(`data-key="${escapeHtml(key)}"`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</article>', start));
}

describe('escapeHtml', () => {
  it('escapes the characters that open tags, entities and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('toHtml', () => {
  const report = sampleReport();
  const html = toHtml(report);

  it('is a complete page titled after the organization and project', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Deploy Audit: fabrikam/Fabrikam-Fiber</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('shows the window and the policy', () => {
    expect(html).toContain('<time datetime="2024-05-01T00:00:00.000Z">2024-05-01 00:00 UTC</time>');
    expect(html).toContain('<time datetime="2024-06-01T00:00:00.000Z">2024-06-01 00:00 UTC</time>');
    expect(html).toMatch(/<dt>Required approvals<\/dt><dd>2<\/dd>/);
    expect(html).toContain('<code>[Fabrikam-Fiber]\\Release Managers</code>');
    expect(html).toContain('<code>refs/heads/release/*</code>');
    expect(html).toMatch(/<dt>Disabled controls<\/dt><dd>Work item linked \(<code>work-item-linked<\/code>\)<\/dd>/);
  });

  it('counts each status per enabled control, as the summary says', () => {
    for (const [id, counts] of Object.entries(report.summary.controls)) {
      for (const [status, count] of Object.entries(counts)) {
        expect(html).toMatch(new RegExp(`data-control="${id}" data-status="${status}">${count}</td>`));
      }
    }
    expect(html).toContain('Approved by enough people');
    expect(html).toMatch(/At least the number of approvals the policy requires/);
    expect(html).not.toContain('data-control="work-item-linked"');
  });

  it('shows every deployment with a pill per enabled control', () => {
    expect(html.match(/<article class="deployment /g)).toHaveLength(4);
    for (const deployment of report.deployments) {
      const body = card(html, deployment.key);
      expect(body.match(/<tr data-control=/g)).toHaveLength(7);
      for (const [id, verdict] of Object.entries(deployment.controls)) {
        expect(body).toMatch(new RegExp(`<tr data-control="${id}">.*?<span class="pill pill-${verdict!.status}">`));
      }
    }
    const unknown = card(html, 'yaml:42:1215:deploy_production');
    expect(html).toMatch(/<article class="deployment overall-unknown"[^>]*data-key="yaml:42:1215:deploy_production" data-statuses="unknown notApplicable"/);
    expect(unknown).toContain('<span class="pill pill-unknown">? Unknown</span>');
    expect(unknown).toContain('<span class="pill pill-notApplicable">– Not applicable</span>');
    expect(unknown).toContain('approvals: Access denied: the token lacks vso.build scope (HTTP 403)');
    expect(unknown).toContain('Not finished');
    expect(html).toMatch(/<article class="deployment overall-fail"[^>]*data-key="classic:7:311:977"/);
    expect(html).toMatch(/<article class="deployment overall-pass"[^>]*data-key="yaml:42:1204:deploy_production"/);
  });

  it('links the evidence: run, builds, pull requests, work items and the verdicts’ links', () => {
    const body = card(html, 'yaml:42:1204:deploy_production');
    expect(body).toContain('href="https://dev.azure.com/fabrikam/Fabrikam-Fiber/_build/results?buildId=1204&amp;view=results"');
    expect(body).toContain('>20240514.3</a> · succeeded');
    expect(body).toContain('href="https://dev.azure.com/fabrikam/Fabrikam-Fiber/_git/fiber-web/pullrequest/22"');
    expect(body).toContain('href="https://dev.azure.com/fabrikam/Fabrikam-Fiber/_workitems/edit/4711"');
    expect(body).toContain('>Test results</a>');
    expect(body).toContain('Chuck Reinhart &lt;fabfiber@outlook.com&gt; — <span class="approval approval-approved">approved</span>');
    expect(body).toContain('<q>Change CHG0031337 approved in CAB</q>');
  });

  it('says when evidence kept from an earlier audit was captured', () => {
    expect(card(html, 'classic:7:311:977')).toContain('Evidence captured on <time datetime="2024-05-20T06:30:00.000Z">');
    expect(card(html, 'yaml:42:1204:deploy_production')).not.toContain('Evidence captured on');
  });

  it('names evidence links after what they point to', () => {
    const report = sampleReport();
    const workItemUrl = 'https://dev.azure.com/fabrikam/Fabrikam-Fiber/_workitems/edit/4711';
    for (const deployment of report.deployments) {
      for (const verdict of Object.values(deployment.controls)) verdict!.evidence = [workItemUrl];
    }
    expect(toHtml(report)).toContain(`>Work item #4711</a>`);
  });

  it('escapes hostile text from Azure DevOps', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(HOSTILE_HTML_TITLE));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Fiber &lt;Admin&gt; &amp; Billing');
    expect(html).toContain('&lt;script&gt;alert(&quot;approve&quot;)&lt;/script&gt;');
    expect(html.match(/<script/g)).toHaveLength(1); // only the report's own filter script
    expect(attributeNames(html).filter((name) => name.startsWith('on'))).toEqual([]);
    expect(attributeNames(html)).toContain('data-search');
    expect(html).toContain('=HYPERLINK(&quot;http://evil&quot;)');
    expect(html).not.toContain(HOSTILE_FORMULA_TITLE);
  });

  it('makes links only of http(s) URLs', () => {
    const hrefs = attributeValues(html, 'href');
    expect(hrefs.length).toBeGreaterThan(20);
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*(javascript|data|vbscript):/i);
    const hostile = card(html, 'classic:9:318:1002');
    // The pull request with a javascript: link is shown as text, and the rejected evidence link as inert text.
    expect(hostile).toContain('<span>!40</span>');
    expect(hostile).toContain(`<span class="rejected-link" title="Not a web link, not made clickable">${escapeHtml(JAVASCRIPT_URL)}</span>`);
    expect(hostile).toContain('href="https://dev.azure.com/fabrikam/Fabrikam-Fiber/_git/fiber-billing/pullrequest/40"');
    expect(hostile).toMatch(/pullrequest\/40"[^>]*>Pull request !40<\/a>/);
  });

  it('also escapes a hostile organization, project and deployment link', () => {
    const hostile: AuditReport = sampleReport();
    hostile.organization = '"><svg onload=alert(1)>';
    hostile.deployments[0].url = 'javascript:alert(1)';
    hostile.deployments[0].key = '" onmouseover="alert(1)';
    const page = toHtml(hostile);
    expect(page).not.toContain('<svg');
    expect(page).not.toContain('" onmouseover="');
    expect(page).toContain('data-key="&quot; onmouseover=&quot;alert(1)"');
    expect(attributeNames(page).filter((name) => name.startsWith('on'))).toEqual([]);
    for (const href of attributeValues(page, 'href')) expect(href).toMatch(/^https?:\/\//);
  });

  it('is self-contained and readable without script', () => {
    expect(html).not.toMatch(/<link\b/i);
    expect(attributeNames(html)).not.toContain('src');
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain('<style>');
    const withoutScript = html.replace(/<script>[\s\S]*?<\/script>/, '');
    expect(withoutScript.match(/<article class="deployment /g)).toHaveLength(4);
    expect(withoutScript).not.toMatch(/<article[^>]*\shidden/);
    expect(html).toContain('<div class="filters" id="filters" hidden>');
  });

  it('prints well and looks like Azure DevOps', () => {
    expect(html).toContain('@media print');
    expect(html).toContain('print-color-adjust:exact');
    expect(html).toContain('"Segoe UI"');
    expect(html).toContain('#0078d4');
  });

  it('says so when the window has no deployments', () => {
    const empty: AuditReport = { ...sampleReport(), deployments: [], summary: { deployments: 0, controls: {} } };
    const page = toHtml(empty);
    expect(page).toContain('No production deployments in this window.');
    expect(page).not.toContain('<article');
    expect(page).toMatch(/data-control="approval-count" data-status="fail">0</);
  });
});

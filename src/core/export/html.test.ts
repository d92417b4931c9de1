import { createHash } from 'node:crypto';
import type { AuditReport } from '../report';
import { escapeHtml, toHtml } from './html';
import {
  COMMITS,
  HOSTILE_COMMIT_MESSAGE,
  HOSTILE_FORMULA_TITLE,
  HOSTILE_HTML_TITLE,
  JAVASCRIPT_URL,
  sampleReport,
} from '../../../test/fixtures/sample-report';

/** The text of the HTML with its tags removed and entities decoded: what a reader sees. */
const visibleText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

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

  it('says approvals that could not be read could not be read, never "No approvals recorded"', () => {
    const denied = report.deployments.filter((d) => d.errors.some((e) => e.source === 'approvals' && e.status === 403));
    expect(denied.length).toBeGreaterThan(0);
    const single = toHtml({ ...report, deployments: denied.slice(0, 1) });
    expect(single).toContain('Approvals could not be read (access denied): whether anyone approved is not known.');
    expect(single).not.toContain('No approvals recorded');
  });

  it('shows the window and the policy', () => {
    expect(html).toContain('Production deployments from 1 May 2024 to 31 May 2024 (UTC)');
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
    // The only SVG is the Trends chart's own (role img); the organization's never becomes markup.
    expect(page).not.toContain('<svg onload');
    expect(page.match(/<svg\b/g)).toEqual(['<svg']);
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

  describe('the change set', () => {
    const section = (key: string): string => {
      const body = card(html, key);
      const start = body.indexOf('<section class="change-set">');
      expect(start).toBeGreaterThan(0);
      return body.slice(start, body.indexOf('</section>', start));
    };

    it('counts the commits since the previous production deployment, per deployed build', () => {
      expect(visibleText(section('yaml:42:1204:deploy_production'))).toContain(
        'Build 20240514.3 (fiber-web): 2 commits since run 20240510.2 (previous production deployment on 2024-05-10 15:02 UTC)',
      );
      const classic = visibleText(section('classic:7:311:977'));
      expect(classic).toContain('Build 20240519.1 (fiber-api): 2 commits since Release-305 (previous production deployment on 2024-05-13 10:20 UTC)');
      expect(classic).toContain('Build 20240519.2 (fiber-api-hotfix): the deployed commit alone: the previous production deployment (Release-305) did not deploy fiber-api-hotfix');
    });

    it('says the deployed commit alone was shipped when no production deployment came before it', () => {
      expect(visibleText(section('classic:9:318:1002'))).toContain(
        'Build 20240530.4 (fiber-billing): the deployed commit alone: no previous production deployment within 365 days',
      );
    });

    it('says nothing new was shipped by a redeploy', () => {
      const redeploy = sampleReport();
      const deployment = redeploy.deployments[0];
      deployment.builds[0].changeSet = { basis: 'nothingNew', since: { buildId: 1204, number: '20240514.3', commit: COMMITS.webFeature } };
      deployment.changes = [];
      expect(visibleText(card(toHtml(redeploy), deployment.key))).toContain('Build 20240514.3 (fiber-web): nothing new since run 20240510.2');
    });

    it('links every commit and the pull request that brought it, and says why the others are not covered', () => {
      const classic = section('classic:7:311:977');
      expect(classic).toContain(
        `<a href="https://dev.azure.com/fabrikam/Fabrikam-Fiber/_git/fiber-api/commit/${COMMITS.apiReviewed}" target="_blank" rel="noopener noreferrer" title="${COMMITS.apiReviewed}">0d9c8b7a</a>`,
      );
      expect(classic).toMatch(/0d9c8b7a<\/a><\/code> Merged PR 31: Fix login timeout, again · through <a href="https:\/\/dev.azure.com\/fabrikam\/Fabrikam-Fiber\/_git\/fiber-api\/pullrequest\/31"[^>]*>!31<\/a>/);
      const text = visibleText(classic);
      expect(text).toContain("c0ffee00 =cmd|' /C calc'!A0 · not covered: pushed directly");
      expect(text).toContain('9f8e7d6c Hotfix: login · not covered: merged through !35 into main');
      expect(text).toContain('Marc Duiker, 2024-05-19 07:30 UTC');
    });

    it('escapes a hostile commit message and never links a javascript: commit address', () => {
      const hostile = section('classic:9:318:1002');
      expect(hostile).toContain(escapeHtml(HOSTILE_COMMIT_MESSAGE));
      expect(hostile).not.toContain('<img');
      expect(hostile).toContain(`<span title="${COMMITS.billing}">5e4d3c2b</span>`);
      // !40's own address is a javascript: link: named, not linked.
      expect(visibleText(hostile)).toContain('through !40');
      expect(hostile).not.toMatch(/href="javascript/i);
    });

    it('says when the change set could not be read, or only in part', () => {
      const report = sampleReport();
      report.deployments[2].errors.push({ source: 'changes', status: 500, message: 'Commits could not be read' });
      report.deployments[1].errors.push({ source: 'changes', status: 404, message: 'Build 1170 is gone' });
      const page = toHtml(report);
      expect(visibleText(card(page, 'yaml:42:1215:deploy_production'))).toContain('Change setNot known: the change set could not be read');
      expect(card(page, 'classic:7:311:977')).toContain(
        '<h4>Change set</h4><p class="warning">Incomplete: part of the change set could not be read (see the evidence that could not be read)</p>',
      );
    });

    it('says when the change set is not known, rather than showing an empty one', () => {
      expect(visibleText(section('yaml:42:1215:deploy_production'))).toContain('Not known: the evidence was kept by an earlier version that did not read change sets');
    });
  });

  it('shows the approvals on other resources apart, as not counted', () => {
    const body = card(html, 'yaml:42:1204:deploy_production');
    expect(body).toContain('<section class="other-approvals"><h4>Other approvals, not counted</h4>');
    expect(visibleText(body)).toContain('Marc Duiker on service connection fabrikam-prod-arm — approved · 2024-05-14 09:13 UTC ARM connection OK');
    expect(body).toContain('<q>ARM connection OK</q>');
    expect(body.indexOf('Other approvals, not counted')).toBeGreaterThan(body.indexOf('<h4>Approvals</h4>'));
    // Known and none: no section.
    expect(card(html, 'classic:9:318:1002')).not.toContain('Other approvals');
  });

  it('escapes numbers too: kept evidence can hold anything', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kept evidence of any shape
    const hostile: any = sampleReport();
    hostile.deployments[0].tests = { total: '<evil-1>', passed: '<evil-2>', failed: '<evil-3>', other: '<evil-4>' };
    hostile.deployments[0].runId = '<evil-5>';
    hostile.deployments[0].pullRequests[0].reviewers[0].vote = '"><evil-6 onload=alert(1)>';
    hostile.deployments[0].controls['approval-count'].status = '"><evil-7 onload=alert(2)>';
    hostile.deployments[0].changes[0].pullRequestId = '<evil-8>';
    hostile.deployments[0].builds[0].number = '<evil-9>';
    hostile.summary.deployments = '<evil-10>';
    hostile.summary.controls['approval-count'].fail = '<evil-11>';
    const page = toHtml(hostile);
    expect(page).not.toContain('<evil-');
    for (let n = 1; n <= 11; n++) expect(page).toContain(`&lt;evil-${n}`);
    expect(attributeNames(page).filter((name) => name.startsWith('on'))).toEqual([]);
  });

  describe('Content-Security-Policy', () => {
    const policy = (page: string): string => {
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
      expect(meta).not.toBeNull();
      return meta![1].replace(/&#39;/g, "'");
    };
    const directives = (page: string): Map<string, string[]> =>
      new Map(
        policy(page)
          .split(';')
          .map((directive) => directive.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );

    it('allows nothing by default: no remote loads, no base URL, no forms', () => {
      const csp = directives(html);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('form-action')).toEqual(["'none'"]);
      expect(policy(html)).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'|data:/);
    });

    it('comes before the style and script it governs', () => {
      expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<style>'));
    });

    it('names the inline style and script by the hashes of their exact contents, and no other', () => {
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]);
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
      expect(styles).toHaveLength(1);
      expect(scripts).toHaveLength(1);
      const csp = directives(html);
      expect(csp.get('style-src')).toEqual(styles.map((style) => `'sha256-${sha256(style)}'`));
      expect(csp.get('script-src')).toEqual(scripts.map((script) => `'sha256-${sha256(script)}'`));
      expect(attributeNames(html)).not.toContain('style');
    });
  });
});

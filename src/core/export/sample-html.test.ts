import { approval, person } from '../../../test/support/control-evidence';
import { evidenceReport } from '../../../test/support/evidence-report';
import { sampleReport } from '../engine/sample';
import { SAMPLE_CSS, toSampleHtml } from './sample-html';
import { sha256Base64 } from './sha256';

const sample = () => sampleReport(evidenceReport(), { size: 4, seed: 9, stratify: 'environment', include: ['fail'] }, 'ef'.repeat(32));

describe('the sample as HTML', () => {
  it('states how the sample was drawn before the deployments', () => {
    const report = sample();
    const html = toSampleHtml(report);
    expect(html.indexOf('<h2>Sample</h2>')).toBeLessThan(html.indexOf('<h2>Deployments</h2>'));
    expect(html).toContain(`${report.sample!.selected} of 12`);
    expect(html).toContain('<code>9</code>');
    expect(html).toContain('ef'.repeat(32));
    expect(html).toContain('every deployment with a control fail');
    expect(html).toContain('<th scope="row">production-eu</th>');
  });

  it('gives each sampled deployment one evidence page: its controls, reasons, links, approvals in detail and branch policies', () => {
    const report = sample();
    const html = toSampleHtml(report);
    const pages = html.split('<article class="deployment').slice(1);
    expect(pages).toHaveLength(report.deployments.length);
    pages.forEach((page, index) => {
      const deployment = report.deployments[index];
      expect(page).toContain(`data-key="${deployment.key}"`);
      for (const verdict of Object.values(deployment.controls)) expect(page).toContain(verdict!.reason.replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
      expect(page).toContain('<h4>Approvals in detail</h4>');
      expect(page).toContain('<h4>Change set</h4>');
      expect(page).toContain(deployment.changes![0].commit.slice(0, 8));
      for (const approval of deployment.approvals) expect(page).toContain(approval.approver.displayName);
      expect(page).toContain('into master, required policies: Minimum number of reviewers, Build');
    });
  });

  it('allows its own style in the Content-Security-Policy and starts each deployment on a new printed page', () => {
    const html = toSampleHtml(sample());
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)![1].replace(/&#39;/g, "'");
    expect(csp).toContain(`'sha256-${sha256Base64(SAMPLE_CSS)}'`);
    expect(csp).toMatch(/style-src 'sha256-[^']+' 'sha256-/);
    expect(html).toContain(`<style>${SAMPLE_CSS}</style>`);
    expect(SAMPLE_CSS).toContain('break-before:page');
  });

  it('escapes what the evidence says: group assignments and comments are text, never markup', () => {
    const report = sample();
    const evidence = report.deployments[0].evidence!;
    evidence.approvals = [approval(person('Rik Brouwer'), { assignedTo: person('<script>alert(1)</script>'), automated: true })];
    const html = toSampleHtml(report);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('assigned to &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<span class="warning">automated</span>');
  });
});

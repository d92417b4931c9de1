import { evidenceReport } from '../../test/support/evidence-report';
import { sampleReport } from '../core/engine/sample';
import type { AuditReport } from '../core/report';
import { writeExport, type HubExportFormat } from './export-formats';
import { handedOver, readsEvidence } from './export-handover';
import { fileContent as contentOf } from '../../test/support/zip';

const FORMATS: HubExportFormat[] = ['csv', 'xlsx', 'html', 'json', 'pack'];

const withoutEvidence = (report: AuditReport, format: HubExportFormat): AuditReport => ({ ...report, deployments: handedOver(report.deployments, format) });

describe('the export worker’s hand-over', () => {
  const audit = evidenceReport();
  const sample = sampleReport(audit, { size: 4, seed: 9, stratify: 'environment', include: ['fail'] }, 'ef'.repeat(32));

  it.each(FORMATS.filter((format) => !readsEvidence(format)))('leaves the evidence behind for %s, which writes the same file without it', async (format) => {
    for (const report of [audit, sample]) {
      expect(report.deployments.every((deployment) => deployment.evidence)).toBe(true);
      const stripped = withoutEvidence(report, format);
      expect(stripped.deployments.some((deployment) => deployment.evidence)).toBe(false);
      expect(contentOf((await writeExport(stripped, format)).content)).toEqual(contentOf((await writeExport(report, format)).content));
    }
  });

  it.each(['json', 'pack'] as HubExportFormat[])('hands %s the evidence, which it writes', async (format) => {
    expect(readsEvidence(format)).toBe(true);
    expect(withoutEvidence(audit, format).deployments.every((deployment) => deployment.evidence)).toBe(true);
    const without = { ...audit, deployments: audit.deployments.map(({ evidence: _left, ...deployment }) => deployment) };
    expect(contentOf((await writeExport(without, format)).content)).not.toEqual(contentOf((await writeExport(audit, format)).content));
  });

  it('hands a sample’s HTML the evidence its pages show', async () => {
    expect(readsEvidence('html')).toBe(true);
    const without = { ...sample, deployments: sample.deployments.map(({ evidence: _left, ...deployment }) => deployment) };
    expect((await writeExport(without, 'html')).content).not.toEqual((await writeExport(sample, 'html')).content);
  });
});

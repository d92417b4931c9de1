import { evidenceReport } from '../../test/support/evidence-report';
import { fileContent } from '../../test/support/zip';
import { sampleReport } from '../core/engine/sample';
import type { AuditReport } from '../core/report';
import { ExportAssembler, writeExport, type HubExportFormat } from './export-formats';

const FORMATS: HubExportFormat[] = ['csv', 'xlsx', 'html', 'json', 'pack'];

/** The report handed over as the worker receives it: its head, then its deployments in slices. */
async function assembled(report: AuditReport, format: HubExportFormat, slice: number) {
  const assembler = new ExportAssembler({ ...report, deployments: [] }, format);
  for (let i = 0; i < report.deployments.length; i += slice) assembler.add(report.deployments.slice(i, i + slice));
  return assembler.finish();
}

describe('an export assembled from slices', () => {
  // A ZIP entry carries the time it was written, so the pack's hash of its workbook would differ across a second.
  beforeAll(() => {
    jest.useFakeTimers({
      now: new Date('2026-12-01T09:00:00Z'),
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
  });
  afterAll(() => jest.useRealTimers());

  const audit = evidenceReport();
  const sample = sampleReport(audit, { size: 4, seed: 9, stratify: 'environment', include: ['fail'] }, 'ef'.repeat(32));

  it.each(FORMATS)('is the %s file of the whole report, whatever the slices', async (format) => {
    for (const report of [audit, sample]) {
      const whole = await writeExport(report, format);
      for (const slice of [1, 5, report.deployments.length]) {
        const file = await assembled(report, format, slice);
        expect(file.type).toEqual(whole.type);
        expect(fileContent(file.content)).toEqual(fileContent(whole.content));
      }
    }
  });

  it('writes a workbook’s rows in the order they were handed over', async () => {
    const reversed = { ...audit, deployments: [...audit.deployments].reverse() };
    expect(fileContent((await assembled(reversed, 'xlsx', 3)).content)).toEqual(fileContent((await writeExport(reversed, 'xlsx')).content));
    expect(fileContent((await assembled(reversed, 'xlsx', 3)).content)).not.toEqual(fileContent((await writeExport(audit, 'xlsx')).content));
  });
});

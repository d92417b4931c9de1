import { EXPORT_FILE_TYPES, EXPORT_FORMATS, type ExportFormat, exportReport, isExportFormat, toCsv, toHtml, toJson } from './index';
import { sampleReport } from '../../../test/fixtures/sample-report';

describe('exportReport', () => {
  const report = sampleReport();

  it('gives the text formats as the exporters write them', async () => {
    await expect(exportReport(report, 'json')).resolves.toBe(toJson(report));
    await expect(exportReport(report, 'csv')).resolves.toBe(toCsv(report));
    await expect(exportReport(report, 'csv', { bom: false })).resolves.toBe(toCsv(report, { bom: false }));
    await expect(exportReport(report, 'html')).resolves.toBe(toHtml(report));
  });

  it('gives the workbook as bytes', async () => {
    const bytes = await exportReport(report, 'xlsx');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('rejects an unknown format, naming the known ones', async () => {
    await expect(exportReport(report, 'pdf' as ExportFormat)).rejects.toThrow('unknown export format "pdf" (known: json, csv, xlsx, html)');
  });

  it('knows each format’s file type', () => {
    expect(EXPORT_FORMATS.filter(isExportFormat)).toEqual(['json', 'csv', 'xlsx', 'html']);
    expect(isExportFormat('pdf')).toBe(false);
    expect(EXPORT_FILE_TYPES.xlsx.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Object.keys(EXPORT_FILE_TYPES)).toEqual([...EXPORT_FORMATS]);
  });
});

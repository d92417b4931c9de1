/** The look the workbook's sheets share (xlsx.ts, trends-xlsx.ts, sample-xlsx.ts): Azure DevOps blue for titles and rules. */
import type * as ExcelJS from 'exceljs';

export const ACCENT = 'FF0078D4';

export const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/** A sheet's title (its first row). */
export const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 16, color: { argb: ACCENT } };
/** A section's name within a sheet. */
export const SECTION_FONT: Partial<ExcelJS.Font> = { bold: true, size: 13, color: { argb: ACCENT } };

const HEADER_FILL = solid('FFDEECF9');

/** A table's header row: bold on light blue, ruled below. */
export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin', color: { argb: ACCENT } } };
    cell.alignment = { vertical: 'middle' };
  });
}

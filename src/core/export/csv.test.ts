import { parse } from 'papaparse';
import type { AuditReport } from '../report';
import { CSV_DELIMITERS, toCsv } from './csv';
import { HOSTILE_FORMULA_TITLE, sampleReport } from '../../../test/fixtures/sample-report';

const BOM = '\uFEFF';

const EXPECTED_HEADER = [
  'key',
  'source',
  'environment',
  'pipeline',
  'run',
  'runId',
  'stage',
  'startedAt',
  'finishedAt',
  'result',
  'requestedBy',
  'approvers',
  'builds',
  'sourceBranch',
  'sourceVersion',
  'pullRequests',
  'reviewers',
  'changes',
  'uncoveredChanges',
  'tests',
  'workItems',
  'url',
  'approval-count',
  'approval-independence',
  'code-review',
  'branch-policy',
  'source-branch',
  'build-succeeded',
  'tests-passed',
  'approval-count reason',
  'approval-independence reason',
  'code-review reason',
  'branch-policy reason',
  'source-branch reason',
  'build-succeeded reason',
  'tests-passed reason',
  'errors',
];

/** Parses the CSV back, as a spreadsheet or a script would. */
function read(csv: string): Record<string, string>[] {
  const parsed = parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function readRows(csv: string): string[][] {
  const parsed = parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('toCsv', () => {
  it('has the documented columns, one status and one reason column per enabled control, then errors', () => {
    const [header] = readRows(toCsv(sampleReport()));
    expect(header).toEqual(EXPECTED_HEADER);
    expect(header.some((column) => column.startsWith('work-item-linked'))).toBe(false);
  });

  it('gives a disabled control no column and an enabled one a column even when every deployment lacks it', () => {
    const report = sampleReport();
    report.policy.controls['work-item-linked'].enabled = true;
    report.policy.controls['tests-passed'].enabled = false;
    const [header] = readRows(toCsv(report));
    expect(header).toContain('work-item-linked');
    expect(header).toContain('work-item-linked reason');
    expect(header).not.toContain('tests-passed');
    expect(read(toCsv(report))[0]['work-item-linked']).toBe('');
  });

  it('writes one row per deployment with its facts, verdicts and errors', () => {
    const rows = read(toCsv(sampleReport()));
    expect(rows.map((row) => row.key)).toEqual([
      'yaml:42:1204:deploy_production',
      'classic:7:311:977',
      'yaml:42:1215:deploy_production',
      'classic:9:318:1002',
    ]);
    const [yaml, classic, unknown] = rows;
    expect(yaml).toMatchObject({
      source: 'yaml',
      pipeline: 'fiber-web',
      run: '20240514.3',
      runId: '1204',
      startedAt: '2024-05-14T09:12:31.553Z',
      requestedBy: 'Normal Paulk <fabrikamfiber16@hotmail.com>',
      approvers: 'Chuck Reinhart (approved); Pruyssenaere de la Woestijne de, L (Leon) (approved)',
      builds: '20240514.3',
      sourceBranch: 'refs/heads/main',
      pullRequests: '!22',
      reviewers: 'Chuck Reinhart (10); Marc Duiker (5)',
      tests: '120/120, 0 failed',
      workItems: '4711; 4712',
      url: 'https://dev.azure.com/fabrikam/Fabrikam-Fiber/_build/results?buildId=1204&view=results',
      'approval-count': 'pass',
      'approval-count reason': '2 approvals, 2 required',
      errors: '',
    });
    expect(classic).toMatchObject({
      source: 'classic',
      builds: '20240519.1; 20240519.2',
      sourceBranch: 'refs/heads/main; refs/heads/feature/hotfix-login',
      reviewers: 'Marc Duiker (-10)',
      tests: '246/250, 2 failed',
      'approval-count': 'fail',
      'source-branch reason': 'Build 20240519.2 came from refs/heads/feature/hotfix-login, not an allowed branch',
    });
    expect(unknown).toMatchObject({
      finishedAt: '',
      requestedBy: '',
      // Approvals that could not be read are never an empty cell, which would read as "nobody approved".
      approvers: 'Could not be read (access denied)',
      tests: '',
      'approval-count': 'unknown',
      'code-review': 'notApplicable',
      errors: 'approvals: Access denied: the token lacks vso.build scope (HTTP 403); build: Build 1215 not found (HTTP 404)',
    });
  });

  it('neutralises formula-like text from Azure DevOps wherever it starts a cell', () => {
    const report = sampleReport();
    const deployment = report.deployments[0];
    deployment.runName = HOSTILE_FORMULA_TITLE; // run names are free text (build.updatebuildnumber)
    deployment.stage = '@SUM(1+1)';
    deployment.environment = '\tproduction';
    deployment.pipeline.name = '-2+3';
    deployment.controls['code-review']!.reason = '\rcmd|calc';
    const rows = read(toCsv(report));
    expect(rows[0]).toMatchObject({
      run: `'${HOSTILE_FORMULA_TITLE}`,
      stage: "'@SUM(1+1)",
      environment: "'\tproduction",
      pipeline: "'-2+3",
      'code-review reason': "'\rcmd|calc",
      runId: '1204',
    });
    // The sample's requester and self-approver is called "+Deploy Bot".
    expect(rows[1].requestedBy).toBe("'+Deploy Bot <deploybot@fabrikam.com>");
    expect(rows[1].approvers).toBe("'+Deploy Bot (approved)");
    expect(rows[1]['approval-independence reason']).toBe("'+Deploy Bot requested the deployment and approved it");
    for (const row of rows) {
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('quotes every text cell, blank ones and the header too, doubles quotes, and leaves numbers bare', () => {
    const report = sampleReport();
    report.deployments[0].controls['code-review']!.reason = 'reviewed by "Chuck", twice\nand once more';
    const csv = toCsv(report);
    expect(csv).toContain(',"reviewed by ""Chuck"", twice\nand once more",');
    expect(csv).toContain('\r\n"yaml:42:1204:deploy_production","yaml","production","fiber-web","20240514.3",1204,"Deploy production",');
    expect(csv.startsWith(`${BOM}"key","source",`)).toBe(true);
    // A blank text cell is quoted; a blank number cell (the change set not known) is empty.
    expect(csv).toContain('\r\n"yaml:42:1215:deploy_production","yaml","production","fiber-web","20240528.1",1215,"Deploy production","2024-05-28T07:45:00.000Z","","inProgress"');
    expect(read(csv)[0]['code-review reason']).toBe('reviewed by "Chuck", twice\nand once more');
  });

  it('writes how many commits each deployment shipped and how many no pull request covered, blank when not known', () => {
    const rows = read(toCsv(sampleReport()));
    expect(rows.map((row) => [row.changes, row.uncoveredChanges])).toEqual([
      ['2', '0'],
      ['3', '2'],
      ['', ''],
      ['1', '0'],
    ]);
    expect(toCsv(sampleReport())).toMatch(/"Marc Duiker \(-10\)",3,2,"246\/250, 2 failed"/);
  });

  it('leaves the counts blank when the change set could not be read, and writes 0 for one known to be empty', () => {
    const report = sampleReport();
    report.deployments[0].changes = [];
    report.deployments[1].errors.push({ source: 'changes', status: 500, message: 'Commits could not be read' });
    const rows = read(toCsv(report));
    expect([rows[0].changes, rows[0].uncoveredChanges]).toEqual(['0', '0']);
    expect([rows[1].changes, rows[1].uncoveredChanges]).toEqual(['', '']);
  });

  describe('a hostile branch name stays one inert cell for every list separator', () => {
    const HOSTILE_BRANCH = "x;=1+cmd|'/c calc'!A0";
    const hostileReport = (): AuditReport => {
      const report = sampleReport();
      report.deployments[0].builds[0].sourceBranch = HOSTILE_BRANCH;
      report.deployments[0].stage = `\t${HOSTILE_BRANCH}`;
      report.deployments[0].environment = ` =cmd|'/c calc'!A0`;
      report.deployments[1].changes![1].message = HOSTILE_BRANCH;
      return report;
    };
    /** What a spreadsheet reading the file with this separator makes of it: every cell of every row. */
    const cells = (csv: string, delimiter: string): string[][] => parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true }).data;
    const startsAFormula = (cell: string): boolean => /^\s*[=+\-@\t\r]/.test(cell);

    it.each(CSV_DELIMITERS.map((delimiter) => [JSON.stringify(delimiter), delimiter]))(
      'written with %s as separator, it reads back as the same single cell, neutralised',
      (_, delimiter) => {
        const csv = toCsv(hostileReport(), { delimiter });
        const parsed = parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, delimiter, skipEmptyLines: true });
        expect(parsed.errors).toEqual([]);
        expect(parsed.meta.fields).toEqual(EXPECTED_HEADER);
        const [row] = parsed.data;
        expect(row.sourceBranch).toBe(HOSTILE_BRANCH);
        expect(row.stage).toBe(`'\t${HOSTILE_BRANCH}`);
        expect(row.environment).toBe(` =cmd|'/c calc'!A0`.replace(/^/, "'"));
        for (const record of parsed.data) for (const cell of Object.values(record)) expect(startsAFormula(cell)).toBe(false);
      },
    );

    it.each(CSV_DELIMITERS.map((delimiter) => [JSON.stringify(delimiter), delimiter]))(
      'the comma-separated file read with %s as separator starts no cell with a formula',
      (_, delimiter) => {
        const csv = toCsv(hostileReport());
        const rows = cells(csv, delimiter);
        expect(rows.length).toBeGreaterThan(1);
        for (const row of rows) for (const cell of row) expect(startsAFormula(cell)).toBe(false);
        // The branch is never split at its semicolon into a cell of its own.
        expect(rows.flat().some((cell) => cell.startsWith('=1+cmd'))).toBe(false);
      },
    );
  });

  it('ends every record with CRLF', () => {
    const csv = toCsv(sampleReport(), { bom: false });
    const records = csv.split('\r\n');
    expect(records).toHaveLength(1 + 4 + 1);
    expect(records[records.length - 1]).toBe('');
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('starts with a UTF-8 byte order mark for Excel, unless asked not to', () => {
    const csv = toCsv(sampleReport());
    expect(csv.startsWith(`${BOM}"key","source",`)).toBe(true);
    expect(csv.indexOf(BOM, 1)).toBe(-1);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(toCsv(sampleReport(), { bom: false }).startsWith('"key","source",')).toBe(true);
  });

  it('writes only the header for a window without deployments', () => {
    const report: AuditReport = { ...sampleReport(), deployments: [], summary: { deployments: 0, controls: {} } };
    expect(toCsv(report, { bom: false })).toBe(`${EXPECTED_HEADER.map((column) => `"${column}"`).join(',')}\r\n`);
  });
});

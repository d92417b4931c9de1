/**
 * The evidence pack: one ZIP an auditor files away, holding the report in every format and a manifest that names
 * each file's size and SHA-256, the report's integrity hash and, for a sample, how it was drawn. Browser-safe (JSZip,
 * which exceljs already brings, and the pure SHA-256), so the hub can offer the same pack.
 */
import JSZip from 'jszip';
import type { AuditReport, ReportIntegrity, ReportManifest, ReportSample } from '../report';
import { toCsv } from './csv';
import { exportReport } from './index';
import { toJson } from './json';
import { sha256Hex, utf8Bytes } from './sha256';
import { toXlsx } from './xlsx';

export const PACK_FILE_TYPE = { extension: 'zip', mediaType: 'application/zip' } as const;

export interface PackFile {
  name: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface PackManifest {
  format: 'deploy-audit-pack';
  version: 1;
  organization: string;
  project: string;
  window: { from: string; to: string };
  generatedAt: string;
  /** report.json's integrity block. */
  integrity: ReportIntegrity;
  /** report.json's manifest: who made it, with what, from which policy, filtered or not (absent from older reports). */
  manifest?: ReportManifest;
  sample?: ReportSample;
  files: PackFile[];
}

export const PACK_FILES = ['report.json', 'report.html', 'report.xlsx', 'report.csv'] as const;

/** The files of the pack before zipping, manifest last: what the ZIP holds, byte for byte. */
export async function packFiles(report: AuditReport): Promise<{ name: string; content: Uint8Array }[]> {
  const json = toJson(report);
  const files = [
    { name: 'report.json', content: utf8Bytes(json) },
    { name: 'report.html', content: utf8Bytes(await exportReport(report, 'html')) },
    { name: 'report.xlsx', content: await toXlsx(report) },
    { name: 'report.csv', content: utf8Bytes(toCsv(report)) },
  ];
  const parsed = JSON.parse(json) as AuditReport;
  const manifest: PackManifest = {
    format: 'deploy-audit-pack',
    version: 1,
    organization: parsed.organization,
    project: parsed.project,
    window: parsed.window,
    generatedAt: parsed.generatedAt,
    integrity: parsed.integrity!,
    ...(parsed.manifest ? { manifest: parsed.manifest } : {}),
    ...(parsed.sample ? { sample: parsed.sample } : {}),
    files: files.map(({ name, content }) => ({ name, size: content.length, sha256: sha256Hex(content) })),
  };
  return [...files, { name: 'manifest.json', content: utf8Bytes(`${JSON.stringify(manifest, null, 2)}\n`) }];
}

/** The pack as ZIP bytes; every entry dated when the report was generated, so the same report gives the same pack. */
export async function toPack(report: AuditReport): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = new Date(report.generatedAt);
  for (const { name, content } of await packFiles(report)) zip.file(name, content, { date, binary: true });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}

/** The files of a pack, by name. */
export async function readPack(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, Uint8Array>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('uint8array'));
  }
  return files;
}

/** Whether bytes are a ZIP archive (a pack) rather than a JSON report. */
export const isZip = (bytes: Uint8Array): boolean => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export interface PackCheck {
  /** One line per file listed in the manifest: intact, or what differs. */
  lines: string[];
  /** What is wrong with the pack; empty when every file is as the manifest says. */
  problems: string[];
}

/** Checks each file of a pack against its manifest: present, same size, same SHA-256; nothing unlisted. */
export function checkPack(files: ReadonlyMap<string, Uint8Array>): PackCheck {
  const lines: string[] = [];
  const problems: string[] = [];
  const raw = files.get('manifest.json');
  let manifest: Partial<PackManifest> | null = null;
  try {
    manifest = raw ? (JSON.parse(new TextDecoder().decode(raw)) as Partial<PackManifest>) : null;
  } catch {
    manifest = null;
  }
  if (!manifest || !Array.isArray(manifest.files)) {
    problems.push(raw ? 'manifest.json is not a pack manifest' : 'the pack has no manifest.json');
    return { lines: problems.map((problem) => `pack: ${problem}`), problems };
  }
  const listed = new Set<string>(['manifest.json']);
  for (const file of manifest.files) {
    listed.add(file.name);
    const content = files.get(file.name);
    let problem: string | null = null;
    if (!content) problem = `${file.name}: listed in the manifest, missing from the pack`;
    else if (content.length !== file.size) problem = `${file.name}: ${content.length} bytes, the manifest says ${file.size}`;
    else if (sha256Hex(content) !== file.sha256) problem = `${file.name}: CHANGED, its sha256 is ${sha256Hex(content)}, the manifest says ${file.sha256}`;
    if (problem) problems.push(problem);
    lines.push(`pack: ${problem ?? `${file.name}: intact (${file.size} bytes, sha256 ${file.sha256})`}`);
  }
  for (const name of files.keys()) {
    if (!listed.has(name)) {
      problems.push(`${name}: in the pack, not in the manifest`);
      lines.push(`pack: ${name}: in the pack, not in the manifest`);
    }
  }
  return { lines, problems };
}

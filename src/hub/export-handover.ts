/**
 * What the export worker is handed. Each deployment's collected evidence is about half of a report's bytes, and only
 * the formats that print it read it: JSON, HTML (a sample's evidence pages) and the evidence pack. CSV and the
 * workbook are written from the verdicts and columns alone, so for them the evidence is left behind instead of being
 * cloned to the worker and back into its heap (export-handover.test.ts proves the files are the same without it).
 */
import type { DeploymentReport } from '../core/report';
import type { HubExportFormat } from './export-formats';

export const readsEvidence = (format: HubExportFormat): boolean => format === 'json' || format === 'html' || format === 'pack';

export function handedOver(deployments: readonly DeploymentReport[], format: HubExportFormat): DeploymentReport[] {
  if (readsEvidence(format)) return deployments.slice();
  return deployments.map(({ evidence: _left, ...deployment }) => deployment);
}

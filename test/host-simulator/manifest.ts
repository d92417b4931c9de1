/**
 * What the simulator hosts, read the way Azure DevOps reads an installed extension: the base manifest
 * (vss-extension.json: publisher, id, version, the files that are addressable) and the contribution fragments
 * (src/<name>/<name>.json, merged by `tfx extension create --manifest-globs`). A contribution's page is
 * baseUri + properties.uri; only files under an addressable `files` path are served, as from the Marketplace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContributionKind } from './session';

export interface ManifestContribution {
  /** The folder name (hub, release-tab, run-tab): the host page's ?view=. */
  key: string;
  kind: ContributionKind;
  label: string;
  /** The contribution's own id (without publisher.extension). */
  id: string;
  /** properties.uri, relative to the extension's root. */
  uri: string;
}

export interface ExtensionManifest {
  publisherId: string;
  extensionId: string;
  version: string;
  /** Paths (relative to the root) the Marketplace would serve. */
  addressable: string[];
  contributions: ManifestContribution[];
}

interface RawContribution {
  id?: string;
  type?: string;
  targets?: string[];
  properties?: { name?: string; uri?: string };
}

/** Where a contribution shows, from its type and targets. */
export function contributionKind(c: RawContribution): ContributionKind | null {
  const targets = (c.targets ?? []).map((t) => t.toLowerCase());
  if (c.type === 'ms.vss-web.hub') return 'hub';
  if (c.type === 'ms.vss-releaseManagement-web.release-summary-tab' || targets.includes('ms.vss-releasemanagement-web.release-details-view')) {
    return 'release';
  }
  if (c.type === 'ms.vss-build-web.build-results-tab' || targets.includes('ms.vss-build-web.build-results-view')) return 'run';
  return null;
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const KIND_ORDER: Record<ContributionKind, number> = { hub: 0, release: 1, run: 2 };

export function readExtensionManifest(root: string): ExtensionManifest {
  const base = readJson(path.join(root, 'vss-extension.json')) ?? {};
  const pkg = readJson(path.join(root, 'package.json')) ?? {};
  const files = Array.isArray(base.files) ? (base.files as Array<{ path?: string; addressable?: boolean }>) : [];
  const addressable = files.filter((f) => f.addressable && f.path).map((f) => f.path!.replace(/^\.?\/+|\/+$/g, ''));
  const fragments: Array<{ key: string; contributions: RawContribution[] }> = [];
  if (Array.isArray(base.contributions)) fragments.push({ key: '', contributions: base.contributions as RawContribution[] });
  const src = path.join(root, 'src');
  if (fs.existsSync(src)) {
    for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const fragment = readJson(path.join(src, entry.name, `${entry.name}.json`));
      if (fragment && Array.isArray(fragment.contributions)) fragments.push({ key: entry.name, contributions: fragment.contributions as RawContribution[] });
    }
  }
  const contributions: ManifestContribution[] = [];
  for (const fragment of fragments) {
    for (const c of fragment.contributions) {
      const kind = contributionKind(c);
      if (!kind || !c.id || !c.properties?.uri) continue;
      contributions.push({ key: fragment.key || c.id, kind, label: c.properties.name ?? c.id, id: c.id, uri: c.properties.uri });
    }
  }
  contributions.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.key.localeCompare(b.key));
  return {
    publisherId: typeof base.publisher === 'string' ? base.publisher : 'deploy-audit',
    extensionId: typeof base.id === 'string' ? base.id : typeof pkg.name === 'string' ? pkg.name : 'deploy-audit',
    version: typeof base.version === 'string' ? base.version : typeof pkg.version === 'string' ? pkg.version : '0.1.0',
    addressable: addressable.length ? addressable : ['dist/extension', 'images'],
    contributions,
  };
}

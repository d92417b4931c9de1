/** The evidence cache of the command line: one JSON file per organization and project in the --cache directory. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CachedEvidence, EvidenceStore } from '../core/cache/evidence-cache';
import { writeAtomically } from './output';

interface CacheFile {
  scope: string;
  entries: [string, CachedEvidence][];
}

export class FileEvidenceStore implements EvidenceStore {
  constructor(
    private readonly directory: string,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  private file(scope: string): string {
    return path.join(this.directory, `evidence-${createHash('sha256').update(scope).digest('hex').slice(0, 16)}.json`);
  }

  async load(scope: string): Promise<Map<string, CachedEvidence>> {
    let text: string;
    try {
      text = await fs.readFile(this.file(scope), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    try {
      const content = JSON.parse(text) as CacheFile;
      if (content.scope !== scope || !Array.isArray(content.entries)) throw new Error('not a cache file of this project');
      return new Map(content.entries);
    } catch (error) {
      // A damaged cache costs requests, never a wrong report: start afresh.
      this.warn(`ignoring the unreadable cache file ${this.file(scope)}: ${(error as Error).message}`);
      return new Map();
    }
  }

  async save(scope: string, entries: Map<string, CachedEvidence>): Promise<void> {
    // The evidence names people and pull requests: a directory this creates is the owner's only, and so is every
    // file it writes (writeAtomically creates them 0600).
    await fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
    const content: CacheFile = { scope, entries: [...entries] };
    await writeAtomically(this.file(scope), JSON.stringify(content));
  }
}

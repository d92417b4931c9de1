/** Writing the report so that a failure never leaves a truncated or half-written file behind. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes through a temporary file of a random name beside the target, created exclusively (`wx`: never an existing
 * file, never through a symlink planted at that name) and readable by the owner only, then renamed over the target.
 */
export async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(12).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temporary, 'wx', 0o600);
    created = true;
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  } catch (error) {
    // Only a file this call created is removed: whatever else sits at that name is left alone.
    if (created) await fs.rm(temporary, { force: true });
    throw error;
  }
}

export function writeStdout(content: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(content, (error) => (error ? reject(error) : resolve()));
  });
}

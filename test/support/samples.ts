/** Microsoft's examples and captured real responses from ../shared/ado-api-reference, for contract tests. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REFERENCE = path.resolve(__dirname, '../../../shared/ado-api-reference');

/** Parses a sample file (several start with a UTF-8 BOM). */
export function sample<T = any>(relative: string): T {
  const text = readFileSync(path.join(REFERENCE, relative), 'utf8');
  return JSON.parse(text.replace(/^\uFEFF/, '')) as T;
}

/** The 200 body of one of Microsoft's example request/response files. */
export const exampleBody = <T = any>(name: string): T => sample<{ responses: { '200': { body: T } } }>(`examples/${name}`).responses['200'].body;

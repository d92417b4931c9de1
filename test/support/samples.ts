/** Microsoft's examples and captured real responses (vendored in test/fixtures), for contract tests. */
import { exampleBody as fakeExampleBody, loadSample } from '../fake-ado/samples';

/** Parses a sample file (several start with a UTF-8 BOM); a fresh copy each time. */
export const sample = <T = any>(relative: string): T => loadSample(relative) as T;

/** The 200 body of one of Microsoft's example request/response files. */
export const exampleBody = <T = any>(name: string): T => fakeExampleBody(name) as T;

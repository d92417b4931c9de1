/** Errors of the host glue that views explain to people (kept apart from the SDK, so views need not load it). */

/** The page has no project (e.g. an organization-level page): Deploy Audit audits one project. */
export class NoProjectError extends Error {
  override name = 'NoProjectError';
  constructor() {
    super('Open Deploy Audit from a project: this page has no project.');
  }
}

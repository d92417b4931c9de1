/** Errors the transport raises, so callers can tell a wrong token from a missing build from a broken answer. */

/** Azure DevOps answered with an error status (after retries, where retrying made sense). */
export class AdoHttpError extends Error {
  override name = 'AdoHttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly url: string,
    /** The service's exception name, e.g. BuildNotFoundException, ProjectDoesNotExistWithNameException. */
    readonly typeKey: string | null = null,
  ) {
    super(message);
  }
}

/**
 * The token was refused. Azure DevOps often answers a bad or expired token with 203 and an HTML sign-in page
 * instead of 401, so any non-JSON answer counts as this.
 */
export class AuthenticationError extends AdoHttpError {
  override name = 'AuthenticationError';
}

/** The answer arrived but is not what the API documents (not JSON, or fields of the wrong shape). */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

/** The caller cancelled the audit. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

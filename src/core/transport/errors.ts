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
 * The token was refused: a 401, a 203 sign-in page, or an HTML page where JSON was expected that a cheap
 * authenticated request (`_apis/connectionData`) confirms as a sign-in page. Ends the whole audit.
 */
export class AuthenticationError extends AdoHttpError {
  override name = 'AuthenticationError';
}

/**
 * The answer arrived but cannot be read as the API documents it: not JSON (a gateway's HTML page, an empty or cut-off
 * body), too large, a list that never ends, or fields of the wrong shape. It concerns that one request.
 */
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

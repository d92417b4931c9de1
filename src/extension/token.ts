/**
 * The host's token, asked for once a minute rather than once per request: an audit of thousands of deployments
 * would otherwise make as many round trips to the host frame. The host hands out tokens valid far longer.
 */
export function sharedToken(get: () => Promise<string>, maxAgeMs = 60_000, now: () => number = Date.now): () => Promise<string> {
  let current: { token: Promise<string>; at: number } | null = null;
  return () => {
    if (!current || now() - current.at > maxAgeMs) {
      const token = get();
      current = { token, at: now() };
      // A failed request for a token is not kept: the next request asks again.
      token.catch(() => {
        current = null;
      });
    }
    return current.token;
  };
}

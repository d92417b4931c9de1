/**
 * Who runs the audit: the authenticated user `{org}/_apis/connectionData` names (the token's owner), and the
 * organization's id (its instanceId), read once for the report's manifest. A server that does not say leaves them
 * null; a refused token still ends the audit, as on any request.
 */
import type { Identity } from '../model';
import { AuthenticationError, CancelledError } from '../transport/errors';
import type { AdoHttp } from '../transport/http';

export interface RanBy {
  ranBy: Identity | null;
  organizationId: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/** The identity of connectionData's authenticatedUser: id, providerDisplayName and properties.Account.$value. */
export function identityFromConnectionData(body: unknown): RanBy {
  const data = (body ?? {}) as { authenticatedUser?: Record<string, unknown>; instanceId?: unknown };
  const user = data.authenticatedUser;
  const organizationId = text(data.instanceId);
  const id = text(user?.id);
  if (!user || !id) return { ranBy: null, organizationId };
  const account = (user.properties as { Account?: { $value?: unknown } } | undefined)?.Account?.$value;
  const displayName = text(user.providerDisplayName) ?? text(user.customDisplayName) ?? '';
  return { ranBy: { id, displayName, uniqueName: text(account) ?? displayName }, organizationId };
}

export async function readRanBy(http: AdoHttp, orgUrl: string): Promise<RanBy> {
  try {
    const { body } = await http.get(`${orgUrl.replace(/\/+$/, '')}/_apis/connectionData`);
    return identityFromConnectionData(body);
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof CancelledError) throw error;
    return { ranBy: null, organizationId: null };
  }
}

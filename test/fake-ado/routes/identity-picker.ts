/**
 * The identity search the host's identity service ("ms.vss-features.identity-service", searchIdentitiesAsync) and the
 * people pickers call: `POST {org}/_apis/IdentityPicker/Identities` with {query, identityTypes, operationScopes,
 * options, properties}, answering {results: [{queryToken, identities, pagingToken}]} with the identity fields of
 * azure-devops-extension-api's Identities (entityId, entityType, originDirectory, originId, localDirectory, localId,
 * displayName, scopeName, samAccountName, mail, signInAddress, subjectDescriptor, active, guest).
 */
import type { FakeIdentity } from '../model';
import { fail, json, type Route, type RouteContext } from './common';
import { Errors } from '../format';

const compact = (id: string) => id.replace(/-/g, '');

export function pickerIdentity(identity: FakeIdentity, organization: string): Record<string, unknown> {
  if (identity.isContainer) {
    const scope = /^\[(.+?)\]\\/.exec(identity.displayName)?.[1] ?? organization;
    return {
      entityId: `vss.ds.v1.vsd.group.${compact(identity.id)}`,
      entityType: 'Group',
      originDirectory: 'vsd',
      originId: identity.id,
      localDirectory: 'vsd',
      localId: identity.id,
      displayName: identity.displayName,
      scopeName: scope,
      samAccountName: identity.displayName.replace(/^\[.+?\]\\/, ''),
      active: true,
      subjectDescriptor: identity.descriptor,
      description: null,
      isMru: false,
    };
  }
  return {
    entityId: `vss.ds.v1.aad.user.${compact(identity.id)}`,
    entityType: 'User',
    originDirectory: 'aad',
    originId: identity.id,
    localDirectory: 'vsd',
    localId: identity.id,
    displayName: identity.displayName,
    scopeName: organization,
    samAccountName: identity.uniqueName,
    active: true,
    subjectDescriptor: identity.descriptor,
    department: null,
    jobTitle: null,
    mail: identity.uniqueName,
    mailNickname: identity.uniqueName.split('@')[0],
    physicalDeliveryOfficeName: null,
    signInAddress: identity.uniqueName,
    surname: identity.displayName.split(' ').slice(-1)[0] ?? null,
    guest: false,
    telephoneNumber: null,
    description: null,
    isMru: false,
  };
}

/** A word of the display name, the sign-in address or the group's name starts with the query (case-insensitive). */
function matches(identity: FakeIdentity, query: string): boolean {
  const q = query.toLowerCase();
  const words = [identity.displayName, identity.uniqueName, identity.displayName.replace(/^\[.+?\]\\/, '')]
    .flatMap((text) => [text, ...text.split(/[\s\\.@[\]]+/)])
    .map((word) => word.toLowerCase());
  return words.some((word) => word.startsWith(q)) || identity.id === q || `vss.ds.v1.aad.user.${compact(identity.id)}` === q || `vss.ds.v1.vsd.group.${compact(identity.id)}` === q;
}

function search(ctx: RouteContext) {
  const body = (ctx.body ?? {}) as { query?: unknown; identityTypes?: unknown; options?: { MaxResults?: unknown } };
  if (typeof body.query !== 'string') return fail(400, Errors.badRequest('The query is required.'));
  const types = Array.isArray(body.identityTypes) && body.identityTypes.length ? body.identityTypes.map((t) => String(t).toLowerCase()) : ['user', 'group'];
  const max = typeof body.options?.MaxResults === 'number' ? body.options.MaxResults : 40;
  const query = body.query.trim();
  const identities = query
    ? [...new Map(ctx.org.identities.map((identity) => [identity.id, identity])).values()]
        .filter((identity) => types.includes(identity.isContainer ? 'group' : 'user'))
        .filter((identity) => matches(identity, query))
        .slice(0, max)
        .map((identity) => pickerIdentity(identity, ctx.org.name))
    : [];
  return json({ results: [{ queryToken: body.query, identities, pagingToken: null }] });
}

export const identityPickerRoutes: Route[] = [
  {
    id: 'identityPicker.identities',
    host: 'main',
    method: 'POST',
    pattern: /^\/_apis\/IdentityPicker\/Identities\/?$/i,
    area: 'core',
    projectScoped: false,
    handle: search,
  },
];

/**
 * Security: whether the caller has permissions on security tokens (Permissions - Has Permissions Batch),
 *
 *   GET {org}/_apis/permissions/{securityNamespaceId}/{permissions}?tokens=t1,t2&alwaysAllowAdministrators=true
 *   → { "count": 2, "value": [true, false] }
 *
 * The fake knows one rule, the one that matters to an extension deciding who may change a project's settings:
 * organization administrators (FakeOrganization.administrator) have every permission; everyone else has only
 * GENERIC_READ on the Project namespace's token of an existing project ($PROJECT:vstfs:///Classification/TeamProject/{id}).
 */
import { Errors } from '../format';
import { caseInsensitive, fail, list, type Route, type RouteContext } from './common';

export const PROJECT_NAMESPACE = '52d39943-cb85-4d7f-8fa8-c6baac873819';
const GENERIC_READ = 1;
const PROJECT_TOKEN = /^\$PROJECT:vstfs:\/\/\/Classification\/TeamProject\/([0-9a-f-]{36})$/i;

function hasPermission(ctx: RouteContext, namespaceId: string, permissions: number, token: string): boolean {
  if (ctx.org.administrators.has(ctx.grant!.user.id)) return true;
  if (namespaceId.toLowerCase() !== PROJECT_NAMESPACE || (permissions & ~GENERIC_READ) !== 0) return false;
  const project = PROJECT_TOKEN.exec(token);
  return !!project && ctx.org.projects.some((p) => p.id.toLowerCase() === project[1].toLowerCase());
}

export const securityRoutes: Route[] = [
  {
    id: 'security.hasPermissions',
    host: 'main',
    method: 'GET',
    pattern: /^\/_apis\/permissions\/(?<namespaceId>[0-9a-f-]{36})\/(?<permissions>\d+)\/?$/i,
    area: 'security',
    projectScoped: false,
    handle: (ctx) => {
      const q = caseInsensitive(ctx.query);
      const tokens = q.get('tokens');
      if (!tokens) return fail(400, Errors.badRequest('Value cannot be null.\r\nParameter name: tokens'));
      const delimiter = q.get('delimiter') || ',';
      const permissions = Number(ctx.params.permissions);
      return list(tokens.split(delimiter).map((token) => hasPermission(ctx, ctx.params.namespaceId, permissions, token)));
    },
  },
];

/**
 * Who may change the project's audit policy: whoever may edit the project's own information, which is what
 * makes someone a project administrator in Azure DevOps (the Project security namespace's GENERIC_WRITE bit,
 * "Edit project-level information"; Project Collection Administrators have it everywhere).
 *
 * The check asks the Security service about the caller's own permission:
 *
 *   GET {org}/_apis/permissions/52d39943-cb85-4d7f-8fa8-c6baac873819/2
 *       ?tokens=$PROJECT:vstfs:///Classification/TeamProject/{projectId}&alwaysAllowAdministrators=true&api-version=7.1-preview.2
 *   → { "count": 1, "value": [true] }
 *
 * Anything else (an error, a refusal, an answer of another shape) means "not allowed": the settings stay
 * read-only, with the reason. This only decides what the page offers: the Extension Data Service itself does not
 * restrict writes to administrators.
 */
import { z } from 'zod';
import type { AdoHttp } from '../core/transport/http';
import { AdoHttpError } from '../core/transport/errors';

export const PROJECT_NAMESPACE_ID = '52d39943-cb85-4d7f-8fa8-c6baac873819';
/** "Edit project-level information". */
export const PROJECT_GENERIC_WRITE = 2;

export const projectSecurityToken = (projectId: string): string => `$PROJECT:vstfs:///Classification/TeamProject/${projectId}`;

export function permissionUrl(orgUrl: string, projectId: string): string {
  const params = new URLSearchParams({ tokens: projectSecurityToken(projectId), alwaysAllowAdministrators: 'true', 'api-version': '7.1-preview.2' });
  return `${orgUrl.replace(/\/+$/, '')}/_apis/permissions/${PROJECT_NAMESPACE_ID}/${PROJECT_GENERIC_WRITE}?${params}`;
}

export interface EditPermission {
  canEdit: boolean;
  /** Why not, for the settings panel. */
  reason: string | null;
}

const answerSchema = z.object({ value: z.array(z.boolean()) });

export async function checkSettingsPermission(http: AdoHttp, orgUrl: string, projectId: string): Promise<EditPermission> {
  try {
    const { body } = await http.get(permissionUrl(orgUrl, projectId));
    const parsed = answerSchema.safeParse(body);
    if (!parsed.success) return { canEdit: false, reason: 'Azure DevOps gave an unexpected answer about your permissions.' };
    if (parsed.data.value[0] === true) return { canEdit: true, reason: null };
    return { canEdit: false, reason: 'Only project administrators can change these settings.' };
  } catch (error) {
    const status = error instanceof AdoHttpError && error.status ? ` (HTTP ${error.status})` : '';
    return { canEdit: false, reason: `Your permission to change these settings could not be checked${status}; they are read-only.` };
  }
}

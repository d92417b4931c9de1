/**
 * Approvers as the policy names them (a person's sign-in address or display name, a group as `[Project]\Group`) and
 * as the host's identity search returns them. A name that matches no identity is named before the settings are saved:
 * the approval-count control would otherwise count nobody for it, silently.
 */

/** An identity of the host's identity search (IVssIdentityService.searchIdentitiesAsync): the fields the picker shows. */
export interface DirectoryIdentity {
  entityId: string;
  /** "User" or "Group" (the service's casing varies). */
  entityType: string;
  originDirectory: string;
  originId: string;
  localId?: string;
  displayName?: string;
  signInAddress?: string;
  mail?: string;
  samAccountName?: string;
  scopeName?: string;
  subjectDescriptor?: string;
}

export const isGroup = (identity: DirectoryIdentity): boolean => identity.entityType.toLowerCase() === 'group';

/** The policy's name for an identity: a person's sign-in address, a group's `[Scope]\Name`. */
export function approverName(identity: DirectoryIdentity): string {
  const display = identity.displayName?.trim() ?? '';
  if (isGroup(identity)) {
    if (/^\[.+\]\\/.test(display)) return display;
    return identity.scopeName ? `[${identity.scopeName}]\\${display}` : display;
  }
  return identity.signInAddress?.trim() || identity.mail?.trim() || display || identity.samAccountName?.trim() || identity.entityId;
}

/** Whether an approver name, as the engine compares it (case-insensitive), names this identity. */
export function namesIdentity(name: string, identity: DirectoryIdentity): boolean {
  const wanted = name.trim().toLowerCase();
  const candidates = [approverName(identity), identity.displayName, identity.signInAddress, identity.mail, identity.samAccountName]
    .filter((value): value is string => !!value)
    .map((value) => value.trim().toLowerCase());
  return candidates.includes(wanted);
}

/** The text a person types into the search: a group's name without its scope finds it too. */
export const searchText = (name: string): string => name.trim().replace(/^\[.+?\]\\/, '');

export interface ApproverCheck {
  name: string;
  /** The identity it names, or null when none does. */
  identity: DirectoryIdentity | null;
}

/** Looks every name up; a search that fails is an error, not "no match" (the caller says it could not check). */
export async function checkApprovers(names: readonly string[], search: (query: string) => Promise<DirectoryIdentity[]>): Promise<ApproverCheck[]> {
  return Promise.all(
    names.map(async (name) => {
      const found = await search(searchText(name));
      return { name, identity: found.find((identity) => namesIdentity(name, identity)) ?? null };
    }),
  );
}

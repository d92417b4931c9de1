/**
 * Who is who: the comparisons the controls make between approvers, requesters, authors and reviewers.
 */
import type { Identity } from '../model';

const normalized = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();

/** Service identities (e.g. Microsoft.VisualStudio.Services.TFS) may carry the all-zero id: it names nobody. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The same person (or group): the same id, or the same uniqueName ignoring case.
 * Empty values never match, so two identities that are both unknown are not "the same person".
 */
export function sameIdentity(a: Identity | null | undefined, b: Identity | null | undefined): boolean {
  if (!a || !b) return false;
  const idA = normalized(a.id);
  if (idA && idA !== NO_ID && idA === normalized(b.id)) return true;
  const nameA = normalized(a.uniqueName);
  return nameA !== '' && nameA === normalized(b.uniqueName);
}

/** "[MyProject]\Release Approvers", "[TEAM FOUNDATION]\Auditors" */
const SCOPED_GROUP_NAME = /^\[[^\]]+\]\\/;

/**
 * Whether an identity is a group (or team) rather than a person. Identities carry no isContainer flag here, so this
 * reads the names: groups are "[scope]\name", or have a vstfs:/// uniqueName; people have an e-mail address or
 * DOMAIN\user as uniqueName.
 */
export function isGroup(identity: Identity): boolean {
  const displayName = identity.displayName.trim();
  const uniqueName = identity.uniqueName.trim();
  return SCOPED_GROUP_NAME.test(displayName) || SCOPED_GROUP_NAME.test(uniqueName) || /^vstfs:\/\//i.test(uniqueName);
}

/**
 * Whether a name from the policy is this identity, ignoring case: a person by uniqueName or id, never by display name
 * (anyone can choose their display name); a group also by its scoped name ("[Project]\\Release Approvers"), which
 * only administrators set.
 */
export function isNamed(identity: Identity, name: string): boolean {
  const wanted = normalized(name);
  if (wanted === '') return false;
  if (normalized(identity.uniqueName) === wanted || (normalized(identity.id) === wanted && wanted !== NO_ID)) return true;
  return isGroup(identity) && SCOPED_GROUP_NAME.test(name.trim()) && normalized(identity.displayName) === wanted;
}

/** How a person reads an identity in a reason. */
export const nameOf = (identity: Identity | null | undefined): string =>
  identity?.displayName.trim() || identity?.uniqueName.trim() || identity?.id.trim() || 'an unknown identity';

/** The identities, each once (by sameIdentity), in first-seen order. */
export function distinctIdentities(identities: Identity[]): Identity[] {
  const distinct: Identity[] = [];
  for (const identity of identities) {
    if (!distinct.some((seen) => sameIdentity(seen, identity))) distinct.push(identity);
  }
  return distinct;
}

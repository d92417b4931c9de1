/** Identities as Azure DevOps answers name them, reduced to what the model keeps. */
import type { Identity } from '../model';

export function identity(value: { id: string; displayName: string; uniqueName: string } | null | undefined): Identity | null {
  return value ? { id: value.id, displayName: value.displayName, uniqueName: value.uniqueName } : null;
}

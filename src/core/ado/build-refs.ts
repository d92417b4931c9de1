/** References to builds that a deployment shipped, as the sources and the releases name them. */
import type { ReleaseArtifact } from './schemas';

/** A build to look up: its id, and its project when that is not the audited one. */
export interface BuildRef {
  id: number;
  projectId: string | null;
}

/**
 * Every Build artifact a classic release deployed, its primary one first; empty when it names none. A build of another
 * project than the audited one is asked for in its own project.
 */
export function buildArtifacts(artifacts: ReleaseArtifact[], auditedProject: string): BuildRef[] {
  const builds = artifacts.filter((artifact) => artifact.type.toLowerCase() === 'build');
  const ordered = [...builds.filter((artifact) => artifact.isPrimary), ...builds.filter((artifact) => !artifact.isPrimary)];
  const refs: BuildRef[] = [];
  for (const artifact of ordered) {
    const id = Number(artifact.definitionReference.version?.id);
    if (!Number.isInteger(id) || id <= 0 || refs.some((ref) => ref.id === id)) continue;
    const project = artifact.definitionReference.project;
    const elsewhere = project?.id && project.name?.toLowerCase() !== auditedProject.toLowerCase() && project.id !== auditedProject;
    refs.push({ id, projectId: elsewhere ? project.id! : null });
  }
  return refs;
}

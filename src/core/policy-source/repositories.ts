/** The project's Git repositories (Repositories_List), for choosing the one that holds the policy file. */
import { z } from 'zod';
import type { AdoClient } from '../ado/client';
import { list } from '../ado/schemas';

export interface RepositoryChoice {
  id: string;
  name: string;
  /** refs/heads/…; null for an empty repository. */
  defaultBranch: string | null;
}

const repositorySchema = z.object({ id: z.string(), name: z.string(), defaultBranch: z.string().nullish(), isDisabled: z.boolean().nullish() });

/** Enabled repositories by name: a disabled one cannot be read. */
export async function listRepositories(client: AdoClient): Promise<RepositoryChoice[]> {
  const repositories = await client.get(client.url('core', 'git/repositories', '7.1'), list(repositorySchema));
  return repositories
    .filter((repository) => !repository.isDisabled)
    .map((repository) => ({ id: repository.id, name: repository.name, defaultBranch: repository.defaultBranch ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

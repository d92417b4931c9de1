/**
 * Where the hub and tabs read the policy: these settings (the Extension Data Service, which any project member can
 * change) or a JSON file in one of the project's Git repositories (guarded by Azure DevOps permissions and branch
 * policies; reports cite its commit). The repository is picked from the project's repositories.
 */
import * as React from 'react';
import { Dropdown } from 'azure-devops-ui/Dropdown';
import { FormItem } from 'azure-devops-ui/FormItem';
import { RadioButton, RadioButtonGroup } from 'azure-devops-ui/RadioButton';
import { TextField } from 'azure-devops-ui/TextField';
import { DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import type { RepositoryChoice } from '../core/policy-source/repositories';
import type { ReportGitPolicySource } from '../core/report';
import { formatUtc } from './format';

export interface GitSourceForm {
  repository: { id: string; name: string } | null;
  branch: string;
  path: string;
}

export interface PolicySourcePickerProps {
  kind: 'settings' | 'git';
  git: GitSourceForm;
  onKind: (kind: 'settings' | 'git') => void;
  onGit: (git: GitSourceForm) => void;
  listRepositories: () => Promise<RepositoryChoice[]>;
  /** The Git file the policy was last read from, when the saved source is Git. */
  current: ReportGitPolicySource | undefined;
  error: string | undefined;
  readOnly: boolean;
}

export const DEFAULT_POLICY_PATH = '/deploy-audit/policy.json';

type Repositories = { state: 'loading' } | { state: 'ready'; items: RepositoryChoice[] } | { state: 'failed'; message: string };

export function PolicySourcePicker({ kind, git, onKind, onGit, listRepositories, current, error, readOnly }: PolicySourcePickerProps): JSX.Element {
  const [repositories, setRepositories] = React.useState<Repositories>({ state: 'loading' });
  const selection = React.useMemo(() => new DropdownSelection(), []);

  React.useEffect(() => {
    if (kind !== 'git' || repositories.state !== 'loading') return;
    let live = true;
    listRepositories().then(
      (items) => live && setRepositories({ state: 'ready', items }),
      (failure: unknown) => live && setRepositories({ state: 'failed', message: (failure as Error).message ?? String(failure) }),
    );
    return () => {
      live = false;
    };
  }, [kind, repositories.state, listRepositories]);

  const items = repositories.state === 'ready' ? repositories.items : [];
  const index = git.repository ? items.findIndex((item) => item.id === git.repository!.id) : -1;
  React.useEffect(() => {
    if (index >= 0 && !selection.selected(index)) selection.select(index);
  }, [index, selection]);

  return (
    <div className="da-policy-source flex-column rhythm-vertical-8">
      <RadioButtonGroup
        text="Where the policy is kept"
        selectedButtonId={kind}
        onSelect={(id) => !readOnly && onKind(id as 'settings' | 'git')}
      >
        <RadioButton id="settings" text="In these settings (the Extension Data Service)" disabled={readOnly} />
        <RadioButton id="git" text="In a JSON file in one of the project’s Git repositories (recommended)" disabled={readOnly} />
      </RadioButtonGroup>
      {kind === 'git' && (
        <div className="da-git-source flex-column rhythm-vertical-8">
          <FormItem label="Repository" error={!!error} message={error}>
            {repositories.state === 'failed' ? (
              <p className="da-repositories-failed" role="alert">
                The project’s repositories could not be listed ({repositories.message}).
              </p>
            ) : (
              <Dropdown
                ariaLabel="Repository"
                className="da-repository"
                placeholder={repositories.state === 'loading' ? 'Listing the project’s repositories…' : 'Choose a repository'}
                items={items.map((item) => ({ id: item.id, text: item.name }))}
                selection={selection}
                disabled={readOnly || repositories.state !== 'ready'}
                onSelect={(_, item) => {
                  const chosen = items.find((repository) => repository.id === item.id);
                  if (!chosen) return;
                  // A repository's default branch is the likeliest home of its policy file.
                  const branch = git.branch.trim() || chosen.defaultBranch || 'refs/heads/main';
                  onGit({ ...git, repository: { id: chosen.id, name: chosen.name }, branch });
                }}
              />
            )}
          </FormItem>
          <FormItem label="Branch">
            <TextField ariaLabel="Branch" value={git.branch} placeholder="refs/heads/main" onChange={(_, branch) => onGit({ ...git, branch })} readOnly={readOnly} />
          </FormItem>
          <FormItem label="Path of the policy file">
            <TextField ariaLabel="Path of the policy file" value={git.path} placeholder={DEFAULT_POLICY_PATH} onChange={(_, path) => onGit({ ...git, path })} readOnly={readOnly} />
          </FormItem>
          <p className="secondary-text body-s">
            The file holds the same JSON object as the command line’s policy file. Whoever may push to that branch can change the policy: protect it
            with branch policies. Reports cite the commit the policy was read at.
          </p>
          {current && (
            <p className="da-git-current body-s">
              Read from {current.path} on {current.branch} in {current.repository.name} at commit {current.commitId.slice(0, 8)}, by{' '}
              {current.author.name || current.author.email}
              {current.date ? ` on ${formatUtc(current.date)}` : ''}.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

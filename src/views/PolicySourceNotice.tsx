/**
 * Near the settings, where the policy comes from: a Git file (cited by its commit), or the project's settings, which
 * any project member can change, with the Git source recommended instead.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import type { ProjectSettings } from '../extension/settings';
import { formatUtc } from './format';

export function PolicySourceNotice({ settings, onSettings }: { settings: ProjectSettings; onSettings: () => void }): JSX.Element | null {
  if (settings.problem) return null; // the hub already says why the saved policy cannot be used
  const git = settings.git;
  if (git) {
    return (
      <p className="da-policy-source-notice body-s secondary-text" role="note">
        Policy from the Git file {git.path} on {git.branch} in {git.repository.name}, commit {git.commitId.slice(0, 8)} by {git.author.name || git.author.email}
        {git.date ? ` on ${formatUtc(git.date)}` : ''}.
      </p>
    );
  }
  const where = settings.stored ? `version ${settings.stored.revision ?? 1} of the project’s settings` : 'the defaults: nobody has saved settings for this project';
  return (
    <div className="da-policy-source-notice flex-row flex-center flex-wrap rhythm-horizontal-8 body-s" role="note">
      <span>
        Policy from {where}. These settings are kept in the Extension Data Service, which any member of the project can change; keep the policy in a
        Git file, guarded by permissions and branch policies, instead.
      </span>
      <Button text="Choose the policy source" subtle onClick={onSettings} />
    </div>
  );
}

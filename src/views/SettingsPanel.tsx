/**
 * The project's audit policy: readable by everyone, editable by project administrators. The form holds the same
 * object as the command line's policy file; it is validated by the engine's own schema before it is saved, and
 * each field says what is wrong with it and what its default is. The policy may instead be kept in a Git file
 * (PolicySourcePicker); approvers are picked from the host's identities (ApproverPicker); every save is in the
 * history shown at the end (SettingsHistory).
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { FormItem } from 'azure-devops-ui/FormItem';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { Panel } from 'azure-devops-ui/Panel';
import { TextField } from 'azure-devops-ui/TextField';
import { Toggle } from 'azure-devops-ui/Toggle';
import { CONTROLS } from '../core/controls';
import { CONTROL_IDS, type ControlId } from '../core/controls/ids';
import { DEFAULT_ALLOWED_BRANCHES, DEFAULT_PRODUCTION_ENVIRONMENTS, defaultPolicy, parsePolicy, type Policy, type PolicyInput } from '../core/policy';
import type { RepositoryChoice } from '../core/policy-source/repositories';
import { checkApprovers, type DirectoryIdentity } from '../extension/approvers';
import type { EditPermission } from '../extension/permissions';
import { minimalPolicyInput, PolicyValidationError, validatePolicy, type FieldErrors, type PolicySourceChoice, type ProjectSettings } from '../extension/settings';
import { ApproverPicker } from './ApproverPicker';
import { formatUtc } from './format';
import { DEFAULT_POLICY_PATH, PolicySourcePicker, type GitSourceForm } from './PolicySourcePicker';
import { SettingsHistory } from './SettingsHistory';

interface FormState {
  requiredApprovals: string;
  approvers: string[];
  allowedBranches: string;
  productionEnvironments: string;
  enabled: Record<ControlId, boolean>;
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export const formFromPolicy = (policy: Policy): FormState => ({
  requiredApprovals: String(policy.requiredApprovals),
  approvers: [...policy.approvers],
  allowedBranches: policy.allowedBranches.join('\n'),
  productionEnvironments: policy.productionEnvironments.join('\n'),
  enabled: Object.fromEntries(CONTROL_IDS.map((id) => [id, policy.controls[id].enabled])) as Record<ControlId, boolean>,
});

/**
 * The policy input the form stands for. A number field that is not a number is passed on as text, so the schema
 * names the problem; empty branch and environment lists mean "the defaults".
 */
export function inputFromForm(form: FormState): Record<string, unknown> {
  const approvals = form.requiredApprovals.trim();
  const input: Record<string, unknown> = {
    requiredApprovals: approvals === '' ? undefined : /^[+-]?\d+(\.\d+)?$/.test(approvals) ? Number(approvals) : approvals,
    approvers: form.approvers.map((name) => name.trim()).filter(Boolean),
    controls: Object.fromEntries(CONTROL_IDS.map((id) => [id, { enabled: form.enabled[id] }])),
  };
  const branches = lines(form.allowedBranches);
  if (branches.length) input.allowedBranches = branches;
  const environments = lines(form.productionEnvironments);
  if (environments.length) input.productionEnvironments = environments;
  return input;
}

export interface SettingsPanelProps {
  settings: ProjectSettings;
  /** Null while it is being checked. */
  permission: EditPermission | null;
  onSave: (input: PolicyInput, source: PolicySourceChoice) => Promise<ProjectSettings>;
  onDismiss: () => void;
  listRepositories: () => Promise<RepositoryChoice[]>;
  searchIdentities: (query: string) => Promise<DirectoryIdentity[]>;
}

/** The policy kept in the settings document (not the Git file's), for the form when the source is Git. */
function settingsPolicyOf(settings: ProjectSettings): Policy {
  try {
    return parsePolicy(settings.stored?.policy ?? {});
  } catch {
    return defaultPolicy();
  }
}

const gitFormFrom = (settings: ProjectSettings): GitSourceForm => {
  const source = settings.stored?.source;
  return source?.kind === 'git'
    ? { repository: source.repository, branch: source.branch, path: source.path }
    : { repository: null, branch: '', path: DEFAULT_POLICY_PATH };
};

/** The Git source the form stands for, or what is missing from it. */
function gitChoice(git: GitSourceForm): PolicySourceChoice | string {
  if (!git.repository) return 'Choose the repository that holds the policy file.';
  if (!git.branch.trim()) return 'Name the branch to read the policy file from.';
  if (!git.path.trim() || git.path.trim().endsWith('/')) return 'Name the path of the policy file, e.g. /deploy-audit/policy.json.';
  const branch = git.branch.trim();
  return { kind: 'git', repository: git.repository, branch: branch.startsWith('refs/') ? branch : `refs/heads/${branch}`, path: `/${git.path.trim().replace(/^\/+/, '')}` };
}

/** The store's weakness, said plainly wherever the policy is kept there. */
export const SETTINGS_STORE_NOTICE =
  'Settings kept here live in the Extension Data Service, which any member of the project can change (through the REST API, whatever this panel allows). For a policy that Azure DevOps permissions and branch policies guard, keep it in a JSON file in a Git repository.';

export function SettingsPanel({ settings, permission, onSave, onDismiss, listRepositories, searchIdentities }: SettingsPanelProps): JSX.Element {
  const [form, setForm] = React.useState<FormState>(() => formFromPolicy(settings.stored?.source?.kind === 'git' ? settingsPolicyOf(settings) : settings.policy));
  const [kind, setKind] = React.useState<'settings' | 'git'>(settings.stored?.source?.kind ?? 'settings');
  const [git, setGit] = React.useState<GitSourceForm>(() => gitFormFrom(settings));
  const [current, setCurrent] = React.useState(settings);
  const [known, setKnown] = React.useState<Map<string, DirectoryIdentity>>(() => new Map());
  const [unmatched, setUnmatched] = React.useState<string[]>([]);
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [saving, setSaving] = React.useState(false);
  const [saved, setSaved] = React.useState(false);
  const readOnly = !permission?.canEdit;

  const change = (patch: Partial<FormState>) => {
    setForm((state) => ({ ...state, ...patch }));
    setSaved(false);
  };

  /** Looks up the approvers no identity is known for yet; null when the search itself failed (said, not hidden). */
  const unknownApprovers = React.useCallback(
    async (names: readonly string[]): Promise<string[] | null> => {
      const pending = names.filter((name) => !known.has(name.toLowerCase()));
      try {
        const checks = await checkApprovers(pending, searchIdentities);
        setKnown((map) => {
          const next = new Map(map);
          for (const check of checks) if (check.identity) next.set(check.name.toLowerCase(), check.identity);
          return next;
        });
        return checks.filter((check) => !check.identity).map((check) => check.name);
      } catch {
        return null;
      }
    },
    [known, searchIdentities],
  );

  // Flag names that match nobody as soon as the panel opens or the list changes, not only on Save.
  const approverKey = form.approvers.join('\n');
  React.useEffect(() => {
    if (readOnly || kind !== 'settings') return;
    let live = true;
    void unknownApprovers(form.approvers).then((names) => live && names && setUnmatched(names));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [approverKey, readOnly, kind]);

  const save = async () => {
    const input = inputFromForm(form);
    const problems = validatePolicy(input) ?? {};
    let source: PolicySourceChoice = { kind: 'settings' };
    if (kind === 'git') {
      const choice = gitChoice(git);
      if (typeof choice === 'string') problems.source = choice;
      else source = choice;
    } else {
      const names = await unknownApprovers(form.approvers);
      if (names === null) problems.approvers = 'The approvers could not be checked against the organization’s people and groups; try again.';
      else if (names.length) {
        setUnmatched(names);
        problems.approvers = `No person or group answers to ${names.map((name) => `“${name}”`).join(', ')}.`;
      }
    }
    if (Object.keys(problems).length) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      // Store only what differs from the defaults: the same object an administrator would write in a policy file.
      const saved = await onSave(minimalPolicyInput(parsePolicy(input)), source);
      setCurrent(saved);
      if (kind === 'settings') setForm(formFromPolicy(saved.policy));
      setSaved(true);
    } catch (error) {
      setErrors(error instanceof PolicyValidationError ? error.fields : { policy: `The settings could not be saved: ${(error as Error).message}` });
    } finally {
      setSaving(false);
    }
  };

  const field = (name: keyof FieldErrors) => ({ error: !!errors[name], message: errors[name] });

  return (
    <Panel
      onDismiss={onDismiss}
      titleProps={{ text: 'Deploy Audit settings' }}
      description="The audit policy of this project: what counts as production, how many approvals are needed and from whom, which branches may ship."
      footerButtonProps={[
        { text: 'Close', onClick: onDismiss },
        { text: 'Restore defaults', onClick: () => change(formFromPolicy(defaultPolicy())), disabled: readOnly || saving },
        { text: saving ? 'Saving…' : 'Save', primary: true, onClick: () => void save(), disabled: readOnly || saving },
      ]}
    >
      <div className="da-settings flex-column rhythm-vertical-16">
        {permission === null && <p className="secondary-text">Checking whether you may change these settings…</p>}
        {permission && !permission.canEdit && (
          <MessageCard severity={MessageCardSeverity.Info}>
            {permission.reason ?? 'Only project administrators can change these settings.'} Everyone can read them.
          </MessageCard>
        )}
        {current.problem && (
          <MessageCard severity={MessageCardSeverity.Warning}>
            The saved settings could not be used ({current.problem}); the defaults apply until an administrator saves them again.
          </MessageCard>
        )}
        {errors.policy && <MessageCard severity={MessageCardSeverity.Error}>{errors.policy}</MessageCard>}
        {saved && <MessageCard severity={MessageCardSeverity.Info}>Saved. The collected deployments are judged again under these settings; other production environments need a refresh.</MessageCard>}
        <p className="secondary-text body-s">
          {current.stored
            ? `Last saved by ${current.stored.updatedBy.displayName || current.stored.updatedBy.uniqueName} on ${formatUtc(current.stored.updatedAt)}.`
            : 'Nobody has saved settings for this project yet: the defaults apply.'}
        </p>

        {kind === 'settings' && (
          <MessageCard className="da-settings-store-notice" severity={MessageCardSeverity.Warning}>
            {SETTINGS_STORE_NOTICE}
          </MessageCard>
        )}
        <PolicySourcePicker
          kind={kind}
          git={git}
          onKind={(next) => {
            setKind(next);
            setSaved(false);
          }}
          onGit={(next) => {
            setGit(next);
            setSaved(false);
          }}
          listRepositories={listRepositories}
          current={current.git}
          error={errors.source}
          readOnly={readOnly}
        />

        {kind === 'git' ? (
          <p className="secondary-text body-s">
            The policy is the Git file’s: change it with a pull request. What these settings held is kept for when the policy is kept here again.
          </p>
        ) : (
          <div className="da-settings-fields flex-column rhythm-vertical-16">
            <FormItem label="Required approvals" {...field('requiredApprovals')}>
              <TextField
                inputId="da-required-approvals"
                inputType="number"
                ariaLabel="Required approvals"
                value={form.requiredApprovals}
                onChange={(_, value) => change({ requiredApprovals: value })}
                readOnly={readOnly}
              />
            </FormItem>
            <p className="secondary-text body-s">Distinct people who must approve a production deployment (0 to 50). Default: 2.</p>

            <FormItem label="Approvers whose approval counts" {...field('approvers')}>
              <ApproverPicker
                approvers={form.approvers}
                onChange={(approvers) => {
                  change({ approvers });
                  setUnmatched((names) => names.filter((name) => approvers.includes(name)));
                }}
                search={searchIdentities}
                unmatched={unmatched}
                known={known}
                onPicked={(name, identity) => setKnown((map) => new Map(map).set(name.toLowerCase(), identity))}
                readOnly={readOnly}
              />
            </FormItem>
            <p className="secondary-text body-s">People or groups, e.g. [MyProject]\Release Approvers; a group counts the member who acted for it. Default: anyone.</p>

            <FormItem label="Branches that may reach production" {...field('allowedBranches')}>
              <TextField
                ariaLabel="Allowed branches"
                multiline
                rows={3}
                value={form.allowedBranches}
                placeholder={DEFAULT_ALLOWED_BRANCHES.join('\n')}
                onChange={(_, value) => change({ allowedBranches: value })}
                readOnly={readOnly}
              />
            </FormItem>
            <p className="secondary-text body-s">One per line; * matches anything. Empty means the default: {DEFAULT_ALLOWED_BRANCHES.join(', ')}.</p>

            <FormItem label="Production environments" {...field('productionEnvironments')}>
              <TextField
                ariaLabel="Production environments"
                multiline
                rows={3}
                value={form.productionEnvironments}
                placeholder={DEFAULT_PRODUCTION_ENVIRONMENTS.join('\n')}
                onChange={(_, value) => change({ productionEnvironments: value })}
                readOnly={readOnly}
              />
            </FormItem>
            <p className="secondary-text body-s">
              YAML environments and classic release stages, one per line, case-insensitive; * matches anything. Empty means the default:{' '}
              {DEFAULT_PRODUCTION_ENVIRONMENTS.join(', ')}.
            </p>

            <FormItem label="Controls" {...field('controls')}>
              <div className="flex-column rhythm-vertical-8">
                {CONTROLS.map((control) => (
                  <div key={control.id} className="flex-row flex-center rhythm-horizontal-8">
                    <Toggle
                      ariaLabel={control.title}
                      checked={form.enabled[control.id]}
                      disabled={readOnly}
                      onChange={(_, checked) => change({ enabled: { ...form.enabled, [control.id]: checked } })}
                    />
                    <div className="flex-column">
                      <span>{control.title}</span>
                      <span className="secondary-text body-s">{control.description}</span>
                    </div>
                  </div>
                ))}
              </div>
            </FormItem>
            <p className="secondary-text body-s">A control switched off is left out of the audit and its exports. Default: all on.</p>
          </div>
        )}

        <section className="flex-column rhythm-vertical-8" aria-labelledby="da-settings-history-title">
          <h3 id="da-settings-history-title" className="title-s">
            History{current.stored ? ` (version ${current.stored.revision ?? 1} in use)` : ''}
          </h3>
          <SettingsHistory history={current.stored?.history ?? []} />
        </section>
      </div>
    </Panel>
  );
}

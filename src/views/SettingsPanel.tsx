/**
 * The project's audit policy: readable by everyone, editable by project administrators. The form holds the same
 * object as the command line's policy file; it is validated by the engine's own schema before it is saved, and
 * each field says what is wrong with it and what its default is.
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
import type { EditPermission } from '../extension/permissions';
import { minimalPolicyInput, PolicyValidationError, validatePolicy, type FieldErrors, type ProjectSettings } from '../extension/settings';
import { formatUtc } from './format';

interface FormState {
  requiredApprovals: string;
  approvers: string;
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
  approvers: policy.approvers.join('\n'),
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
    approvers: lines(form.approvers),
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
  onSave: (input: PolicyInput) => Promise<ProjectSettings>;
  onDismiss: () => void;
}

export function SettingsPanel({ settings, permission, onSave, onDismiss }: SettingsPanelProps): JSX.Element {
  const [form, setForm] = React.useState<FormState>(() => formFromPolicy(settings.policy));
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [saving, setSaving] = React.useState(false);
  const [saved, setSaved] = React.useState(false);
  const readOnly = !permission?.canEdit;

  const change = (patch: Partial<FormState>) => {
    setForm((current) => ({ ...current, ...patch }));
    setSaved(false);
  };

  const save = async () => {
    const input = inputFromForm(form);
    const problems = validatePolicy(input);
    if (problems) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      // Store only what differs from the defaults: the same object an administrator would write in a policy file.
      const saved = await onSave(minimalPolicyInput(parsePolicy(input)));
      setForm(formFromPolicy(saved.policy));
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
        {settings.problem && (
          <MessageCard severity={MessageCardSeverity.Warning}>
            The saved settings could not be used ({settings.problem}); the defaults apply until an administrator saves them again.
          </MessageCard>
        )}
        {errors.policy && <MessageCard severity={MessageCardSeverity.Error}>{errors.policy}</MessageCard>}
        {saved && <MessageCard severity={MessageCardSeverity.Info}>Saved. Collect again to apply the new settings.</MessageCard>}
        <p className="secondary-text body-s">
          {settings.stored
            ? `Last saved by ${settings.stored.updatedBy.displayName || settings.stored.updatedBy.uniqueName} on ${formatUtc(settings.stored.updatedAt)}.`
            : 'Nobody has saved settings for this project yet: the defaults apply.'}
        </p>

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
          <TextField
            ariaLabel="Approvers"
            multiline
            rows={3}
            value={form.approvers}
            placeholder="Anyone"
            onChange={(_, value) => change({ approvers: value })}
            readOnly={readOnly}
          />
        </FormItem>
        <p className="secondary-text body-s">
          One per line: people (sign-in address or display name) or groups, e.g. [MyProject]\Release Approvers. Default: anyone.
        </p>

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
    </Panel>
  );
}

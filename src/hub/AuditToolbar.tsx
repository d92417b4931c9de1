/**
 * What to audit: the window (presets or custom days) and the production environments (the project's settings by
 * default); Collect / Refresh, Cancel while collecting; Export of what is shown; Settings.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { Dropdown } from 'azure-devops-ui/Dropdown';
import { FormItem } from 'azure-devops-ui/FormItem';
import { MenuButton } from 'azure-devops-ui/Menu';
import { TextField } from 'azure-devops-ui/TextField';
import { DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import type { HubExportFormat } from './export-formats';
import { EXPORT_CHOICES } from './export';
import { WINDOW_PRESETS, type CustomDates, type WindowPreset } from './windows';

export interface AuditToolbarProps {
  preset: WindowPreset;
  onPreset: (preset: WindowPreset) => void;
  custom: CustomDates;
  onCustom: (dates: CustomDates) => void;
  /** What is wrong with the window or the environments, if anything. */
  error: string | null;
  environments: string;
  onEnvironments: (text: string) => void;
  collecting: boolean;
  /** A completed audit is shown (the button says Refresh). */
  hasResults: boolean;
  onCollect: () => void;
  /** Collect again, ignoring the evidence kept in this browser. */
  onCollectAfresh?: () => void;
  onCancel: () => void;
  /** Why export is off, or null when it is available. */
  exportDisabledReason: string | null;
  exporting: boolean;
  onExport: (format: HubExportFormat) => void;
  onSettings: () => void;
  /** More actions beside Export (Sample, snapshots). */
  extraActions?: React.ReactNode;
}

export function AuditToolbar(props: AuditToolbarProps): JSX.Element {
  const selection = React.useMemo(() => new DropdownSelection(), []);
  const presetIndex = WINDOW_PRESETS.findIndex((preset) => preset.id === props.preset);
  React.useEffect(() => {
    if (presetIndex >= 0 && !selection.selected(presetIndex)) selection.select(presetIndex);
  }, [presetIndex, selection]);

  return (
    <div className="da-toolbar flex-row flex-wrap rhythm-horizontal-16">
      <FormItem label="Window" className="da-toolbar-item">
        <Dropdown
          ariaLabel="Window"
          className="da-window"
          items={WINDOW_PRESETS.map((preset) => ({ id: preset.id, text: preset.text }))}
          selection={selection}
          onSelect={(_, item) => props.onPreset(item.id as WindowPreset)}
          disabled={props.collecting}
        />
      </FormItem>
      {props.preset === 'custom' && (
        <>
          <FormItem label="From" className="da-toolbar-item da-day">
            <TextField
              ariaLabel="First day (YYYY-MM-DD)"
              placeholder="YYYY-MM-DD"
              value={props.custom.from}
              onChange={(_, from) => props.onCustom({ ...props.custom, from })}
              disabled={props.collecting}
            />
          </FormItem>
          <FormItem label="Through" className="da-toolbar-item da-day">
            <TextField
              ariaLabel="Last day (YYYY-MM-DD)"
              placeholder="YYYY-MM-DD"
              value={props.custom.through}
              onChange={(_, through) => props.onCustom({ ...props.custom, through })}
              disabled={props.collecting}
            />
          </FormItem>
        </>
      )}
      <FormItem label="Production environments" className="da-toolbar-item da-environments">
        <TextField
          ariaLabel="Production environments (comma-separated, * matches anything)"
          value={props.environments}
          onChange={(_, text) => props.onEnvironments(text)}
          disabled={props.collecting}
        />
      </FormItem>
      <div className="da-toolbar-actions flex-row flex-center rhythm-horizontal-8">
        {props.collecting ? (
          <Button text="Cancel" ariaLabel="Cancel the audit" iconProps={{ iconName: 'Cancel' }} onClick={props.onCancel} />
        ) : (
          <Button
            text={props.hasResults ? 'Refresh' : 'Collect'}
            primary
            iconProps={{ iconName: props.hasResults ? 'Refresh' : 'Play' }}
            onClick={props.onCollect}
            disabled={!!props.error}
          />
        )}
        {!props.collecting && props.hasResults && props.onCollectAfresh && (
          <Button
            text="Collect afresh"
            subtle
            iconProps={{ iconName: 'CloudDownload' }}
            tooltipProps={{ text: 'Ask Azure DevOps for everything again, ignoring the evidence kept in this browser' }}
            onClick={props.onCollectAfresh}
            disabled={!!props.error}
          />
        )}
        <MenuButton
          text={props.exporting ? 'Exporting…' : 'Export'}
          iconProps={{ iconName: 'Download' }}
          ariaLabel={props.exportDisabledReason ? `Export (${props.exportDisabledReason})` : 'Export'}
          disabled={!!props.exportDisabledReason || props.exporting}
          tooltipProps={props.exportDisabledReason ? { text: props.exportDisabledReason } : undefined}
          contextualMenuProps={{
            menuProps: {
              id: 'da-export',
              items: EXPORT_CHOICES.map((choice) => ({ id: choice.format, text: choice.text, onActivate: () => props.onExport(choice.format) })),
            },
          }}
        />
        {props.extraActions}
        <Button text="Settings" iconProps={{ iconName: 'Settings' }} subtle onClick={props.onSettings} />
      </div>
      {props.error && (
        <p className="da-toolbar-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

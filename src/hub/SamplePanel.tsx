/**
 * The hub's "Sample" action: size (25 by default, 40 and 60 offered, the rule shown), seed (random, editable, shown
 * on the sample), stratification and deployments to include first; draws with the command line's function over
 * the report of the rows shown (sample.ts), lists the sampled deployments, and exports the sample through the
 * export worker in every format the command line writes.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { ContentSize } from 'azure-devops-ui/Callout';
import { Checkbox } from 'azure-devops-ui/Checkbox';
import { Dropdown } from 'azure-devops-ui/Dropdown';
import { FormItem } from 'azure-devops-ui/FormItem';
import { MenuButton } from 'azure-devops-ui/Menu';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { Panel } from 'azure-devops-ui/Panel';
import { TextField } from 'azure-devops-ui/TextField';
import { DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import { sizeRule } from '../core/engine/sample';
import type { ControlStatus } from '../core/model';
import type { AuditReport, SampleStratum } from '../core/report';
import type { AuditContext, SavedFile } from '../extension/audit-service';
import { formatUtc, plural, runLabel } from '../views/format';
import { EXPORT_CHOICES, writeFile } from './export';
import type { HubExportFormat } from './export-formats';
import { overallOf, overallText } from './rows';
import { DEFAULT_SAMPLE_SIZE, hubSample, OFFERED_SIZES, parseSeed, parseSize, randomSeed, sampleFileName } from './sample';

export interface SamplePanelProps {
  /** The report of the rows shown: the population the sample is drawn from. */
  population: () => AuditReport;
  /** What the population is, in words ("the 448 deployments shown", "snapshot of …"). */
  populationText: string;
  context: AuditContext;
  onSave: (file: SavedFile) => void;
  onDismiss: () => void;
  /** A seed for a new panel (random by default). */
  initialSeed?: number;
}

const STRATA: readonly { id: SampleStratum | 'none'; text: string }[] = [
  { id: 'none', text: 'Not stratified' },
  { id: 'environment', text: 'By environment' },
  { id: 'month', text: 'By month' },
  { id: 'source', text: 'By source (YAML or classic)' },
];

const INCLUDABLE: readonly { status: ControlStatus; text: string }[] = [
  { status: 'fail', text: 'Include every deployment with a failing control' },
  { status: 'unknown', text: 'Include every deployment with an unknown control' },
];

export function SamplePanel(props: SamplePanelProps): JSX.Element {
  const [sizeText, setSizeText] = React.useState(String(DEFAULT_SAMPLE_SIZE));
  const [seedText, setSeedText] = React.useState(() => String(props.initialSeed ?? randomSeed()));
  const [stratify, setStratify] = React.useState<SampleStratum | null>(null);
  const [include, setInclude] = React.useState<ControlStatus[]>([]);
  const [sample, setSample] = React.useState<AuditReport | null>(null);
  const [exporting, setExporting] = React.useState<HubExportFormat | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const sizeSelection = React.useMemo(() => new DropdownSelection(), []);
  const strataSelection = React.useMemo(() => new DropdownSelection(), []);
  React.useEffect(() => strataSelection.select(0), [strataSelection]);
  // The size list follows the field: one of the usual sizes, or "Other…" for any other number typed.
  React.useEffect(() => {
    const index = OFFERED_SIZES.indexOf(Number(sizeText.trim()));
    const at = index >= 0 ? index : OFFERED_SIZES.length;
    if (!sizeSelection.selected(at)) sizeSelection.select(at);
  }, [sizeText, sizeSelection]);

  const size = parseSize(sizeText);
  const seed = parseSeed(seedText);
  const problem = 'error' in size ? size.error : 'error' in seed ? seed.error : null;

  const draw = () => {
    if (!('size' in size) || !('seed' in seed)) return;
    setError(null);
    setSample(hubSample(props.population(), { size: size.size, seed: seed.seed, stratify, include }, props.context));
  };

  const exportSample = async (format: HubExportFormat) => {
    if (!sample || exporting) return;
    setExporting(format);
    setError(null);
    try {
      const { content, type } = await writeFile(sample, format);
      props.onSave({ name: sampleFileName(props.context.project.name, sample.sample!.seed, type.extension), mediaType: type.mediaType, content });
    } catch (caught) {
      setError(`The sample could not be exported: ${(caught as Error).message}`);
    } finally {
      setExporting(null);
    }
  };

  const block = sample?.sample;
  return (
    <Panel
      onDismiss={props.onDismiss}
      size={ContentSize.Large}
      titleProps={{ text: 'Sample deployments for testing' }}
      description={`A reproducible sample of ${props.populationText}: the same deployments, seed and options always draw the same sample, here and with deploy-audit sample.`}
    >
      <div className="da-sample flex-column rhythm-vertical-16">
        <div className="flex-row flex-wrap rhythm-horizontal-16">
          <FormItem label="Size" className="da-sample-size">
            <Dropdown
              ariaLabel="Sample size"
              items={[...OFFERED_SIZES.map((n) => ({ id: String(n), text: String(n) })), { id: 'other', text: 'Other…' }]}
              selection={sizeSelection}
              onSelect={(_, item) => item.id !== 'other' && setSizeText(item.id)}
            />
          </FormItem>
          <FormItem label="Deployments" className="da-sample-size-text" error={'error' in size} message={'error' in size ? size.error : undefined}>
            <TextField ariaLabel="Sample size (deployments)" value={sizeText} onChange={(_, text) => setSizeText(text)} inputType="number" />
          </FormItem>
          <FormItem label="Seed" error={'error' in seed} message={'error' in seed ? seed.error : undefined}>
            <div className="flex-row rhythm-horizontal-8">
              <TextField ariaLabel="Seed" value={seedText} onChange={(_, text) => setSeedText(text)} />
              <Button text="New seed" subtle iconProps={{ iconName: 'Refresh' }} onClick={() => setSeedText(String(randomSeed()))} />
            </div>
          </FormItem>
          <FormItem label="Strata">
            <Dropdown
              ariaLabel="Stratify"
              items={STRATA.map((item) => ({ id: item.id, text: item.text }))}
              selection={strataSelection}
              onSelect={(_, item) => setStratify(item.id === 'none' ? null : (item.id as SampleStratum))}
            />
          </FormItem>
        </div>
        <p className="da-sample-rule body-s secondary-text">{'size' in size ? `Rule: ${sizeRule(size.size)}.` : ''}</p>
        <div className="flex-column rhythm-vertical-4">
          {INCLUDABLE.map((item) => (
            <Checkbox
              key={item.status}
              label={item.text}
              checked={include.includes(item.status)}
              onChange={(_, checked) => setInclude((current) => (checked ? [...current, item.status] : current.filter((status) => status !== item.status)))}
            />
          ))}
        </div>
        <div className="flex-row rhythm-horizontal-8">
          <Button text="Draw sample" primary iconProps={{ iconName: 'TestBeaker' }} disabled={!!problem} onClick={draw} />
          <MenuButton
            text={exporting ? 'Exporting…' : 'Export sample'}
            iconProps={{ iconName: 'Download' }}
            disabled={!sample || !!exporting}
            contextualMenuProps={{
              menuProps: {
                id: 'da-sample-export',
                items: EXPORT_CHOICES.map((choice) => ({ id: choice.format, text: choice.text, onActivate: () => void exportSample(choice.format) })),
              },
            }}
          />
        </div>
        {error && <MessageCard severity={MessageCardSeverity.Error}>{error}</MessageCard>}
        {sample && block && (
          <section className="da-sample-result flex-column rhythm-vertical-8" aria-label="Sampled deployments">
            <p className="da-sample-summary" aria-live="polite">
              {`${plural(block.selected, 'deployment')} of ${block.population} · seed ${block.seed}${block.options.stratify ? ` · by ${block.options.stratify}` : ''}${
                block.options.include.length ? ` · every deployment with a control ${block.options.include.join(' or ')} included` : ''
              }`}
            </p>
            <p className="body-s secondary-text">{block.rule}</p>
            <table className="da-sample-table">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Pipeline</th>
                  <th scope="col">Run</th>
                  <th scope="col">Overall</th>
                </tr>
              </thead>
              <tbody>
                {sample.deployments.map((deployment) => (
                  <tr key={deployment.key} data-key={deployment.key}>
                    <td>{formatUtc(deployment.startedAt)}</td>
                    <td>{deployment.environment}</td>
                    <td>{deployment.pipeline.name}</td>
                    <td>{runLabel(deployment)}</td>
                    <td>{overallText(overallOf(Object.values(deployment.controls).map((verdict) => verdict!.status)))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </div>
    </Panel>
  );
}

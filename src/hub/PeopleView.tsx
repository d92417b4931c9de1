/**
 * The hub's People view: per approver, the deployments they approved and their segregation-of-duties conflicts
 * (approving a deployment they requested or whose pull request they wrote, as the approval-independence control
 * finds them). Choosing a person shows the deployments table filtered to the deployments they approved.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { Card } from 'azure-devops-ui/Card';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { approversOf, type Approver } from '../core/people';
import type { Identity } from '../core/model';
import { count, personName, plural } from '../views/format';
import type { AuditRow } from './rows';
import '../views/trends.css';

/** The hub's filter value for "approved by this person": their unique name (readable in an export's manifest), else their id. */
export const approverFilterKey = (identity: Pick<Identity, 'id' | 'uniqueName'>): string => (identity.uniqueName || identity.id).trim().toLowerCase();

export interface PeopleViewProps {
  rows: readonly AuditRow[];
  /** The signed-in user, marked "(you)". */
  me: { id: string; name: string };
  /** The approver filter now applied to the deployments table. */
  selected: readonly string[];
  onSelect: (approver: { key: string; name: string }) => void;
}

const isMe = (identity: Identity, me: { id: string; name: string }): boolean =>
  (!!me.id && identity.id.toLowerCase() === me.id.toLowerCase()) || (!!me.name && identity.uniqueName.toLowerCase() === me.name.toLowerCase());

function conflictsText(approver: Approver): string {
  if (!approver.conflicts.length) return 'none';
  const requested = approver.conflicts.filter((conflict) => conflict.kind === 'requested').length;
  const authored = approver.conflicts.filter((conflict) => conflict.kind === 'authored').length;
  const kinds = [requested ? plural(requested, 'own deployment') : '', authored ? plural(authored, 'own pull request') : ''].filter(Boolean).join(', ');
  return `${plural(approver.conflictedDeployments, 'deployment')} (${kinds})`;
}

export function PeopleView({ rows, me, selected, onSelect }: PeopleViewProps): JSX.Element {
  const people = React.useMemo(() => approversOf(rows.map((row) => row.evidence)), [rows]);
  const unattributedReasons = React.useMemo(() => [...new Set(people.unattributed.map((item) => item.reason))], [people]);
  return (
    <div className="da-people flex-column rhythm-vertical-16">
      {people.unattributed.length > 0 && (
        <MessageCard severity={MessageCardSeverity.Warning} className="da-people-unattributed">
          {`The approvals of ${plural(people.unattributed.length, 'deployment')} could not be read (${unattributedReasons.join(', ')}): they are credited to nobody here, and who approved them is not known.`}
        </MessageCard>
      )}
      <Card>
        {people.approvers.length ? (
          <div className="da-figures-scroll flex-grow">
            <table className="da-figures da-people-table">
              <caption>
                Approvers of the {plural(rows.length, 'deployment')} audited. Conflicts: approvals of a deployment they requested or of their own pull request.
                Choose a person to see the deployments they approved.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Approver</th>
                  <th scope="col">Deployments approved</th>
                  <th scope="col">Conflicts</th>
                </tr>
              </thead>
              <tbody>
                {people.approvers.map((approver) => {
                  const key = approverFilterKey(approver.identity);
                  const name = personName(approver.identity);
                  const chosen = selected.includes(key);
                  return (
                    <tr key={approver.key} className={chosen ? 'da-people-selected' : undefined} data-approver={key}>
                      <th scope="row">
                        <Button
                          className="da-people-person"
                          subtle
                          text={isMe(approver.identity, me) ? `${name} (you)` : name}
                          ariaLabel={`Show the ${plural(approver.deployments.length, 'deployment')} ${name} approved`}
                          ariaPressed={chosen}
                          onClick={() => onSelect({ key, name })}
                        />
                      </th>
                      <td>{count(approver.deployments.length)}</td>
                      <td className={approver.conflicts.length ? 'da-conflicts' : undefined} title={[...new Set(approver.conflicts.map((conflict) => conflict.reason))].join('\n') || undefined}>
                        {conflictsText(approver)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <span className="secondary-text">Nobody approved any of these deployments{people.unattributed.length ? ' that could be read' : ''}.</span>
        )}
      </Card>
    </div>
  );
}

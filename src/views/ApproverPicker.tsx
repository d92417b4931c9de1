/**
 * The approvers whose approval counts, picked with azure-devops-ui's IdentityPicker over the host's identity search
 * (people and groups), or typed by hand. A name no identity answers to is flagged here, and the settings refuse to
 * save it (SettingsPanel): approval-count would otherwise count nobody for it, without a word.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { IdentityPicker, type IIdentity, type IPeoplePickerProvider } from 'azure-devops-ui/IdentityPicker';
import { TextField } from 'azure-devops-ui/TextField';
import { approverName, namesIdentity, type DirectoryIdentity } from '../extension/approvers';

export interface ApproverPickerProps {
  approvers: string[];
  onChange: (approvers: string[]) => void;
  search: (query: string) => Promise<DirectoryIdentity[]>;
  /** Names checked and found to match no identity. */
  unmatched: readonly string[];
  /** Identities the names are known to stand for (picked, or found by the check). */
  known: ReadonlyMap<string, DirectoryIdentity>;
  onPicked: (name: string, identity: DirectoryIdentity) => void;
  readOnly: boolean;
}

/** A name not (yet) tied to an identity, shown as a pill with its own text. */
const typed = (name: string): IIdentity => ({ entityId: `typed:${name}`, entityType: 'Custom', originDirectory: 'typed', originId: name, displayName: name });

export function ApproverPicker({ approvers, onChange, search, unmatched, known, onPicked, readOnly }: ApproverPickerProps): JSX.Element {
  const [byHand, setByHand] = React.useState('');
  const selected = approvers.map((name) => (known.get(name.toLowerCase()) as IIdentity | undefined) ?? typed(name));
  const nameOf = (identity: IIdentity): string =>
    identity.entityType === 'Custom' ? identity.originId : approvers.find((name) => namesIdentity(name, identity as DirectoryIdentity)) ?? approverName(identity as DirectoryIdentity);

  const provider = React.useMemo<IPeoplePickerProvider>(
    () => ({
      onFilterIdentities: async (filter, current) => {
        const found = await search(filter);
        return found.filter((identity) => !(current ?? []).some((chosen) => chosen.entityId === identity.entityId)) as IIdentity[];
      },
      getEntityFromUniqueAttribute: async (entityId) => ((await search(entityId))[0] ?? typed(entityId)) as IIdentity,
      onRequestConnectionInformation: () => ({}),
    }),
    [search],
  );

  const add = (name: string) => {
    const trimmed = name.trim();
    if (!trimmed || approvers.some((existing) => existing.toLowerCase() === trimmed.toLowerCase())) return;
    onChange([...approvers, trimmed]);
  };
  const remove = (identities: IIdentity[]) => {
    const names = new Set(identities.map((identity) => nameOf(identity).toLowerCase()));
    onChange(approvers.filter((name) => !names.has(name.toLowerCase())));
  };

  return (
    <div className="da-approvers flex-column rhythm-vertical-8">
      {readOnly ? (
        <p className="da-approver-list">{approvers.length ? approvers.join(', ') : 'Anyone'}</p>
      ) : (
        <>
          <IdentityPicker
            ariaLabel="Approvers: search people and groups"
            placeholderText={approvers.length ? 'Add a person or group' : 'Anyone (search people and groups)'}
            noResultsFoundText="No person or group matches"
            pickerProvider={provider}
            selectedIdentities={selected}
            onIdentityAdded={(identity) => {
              const name = approverName(identity as DirectoryIdentity);
              onPicked(name, identity as DirectoryIdentity);
              add(name);
            }}
            onIdentityRemoved={(identity) => remove([identity])}
            onIdentitiesRemoved={(identities) => remove(identities)}
          />
          <div className="flex-row flex-center rhythm-horizontal-8">
            <TextField
              ariaLabel="Approver typed by hand"
              placeholder="Or type a sign-in address or [Project]\Group"
              value={byHand}
              onChange={(_, value) => setByHand(value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  add(byHand);
                  setByHand('');
                }
              }}
            />
            <Button
              text="Add"
              ariaLabel="Add the approver typed by hand"
              disabled={!byHand.trim()}
              onClick={() => {
                add(byHand);
                setByHand('');
              }}
            />
          </div>
        </>
      )}
      {unmatched.length > 0 && (
        <p className="da-approvers-unmatched" role="alert">
          No person or group answers to {unmatched.map((name) => `“${name}”`).join(', ')}: pick {unmatched.length === 1 ? 'it' : 'them'} from the
          suggestions, or remove {unmatched.length === 1 ? 'it' : 'them'}. An approval by a name nobody has never counts.
        </p>
      )}
    </div>
  );
}

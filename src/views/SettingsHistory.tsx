/** Every save of the settings, newest first: who, when, and each field's change (settings.ts keeps them). */
import * as React from 'react';
import type { SettingsHistoryEntry } from '../extension/settings';
import { formatUtc } from './format';

export function SettingsHistory({ history }: { history: readonly SettingsHistoryEntry[] }): JSX.Element {
  if (!history.length) return <p className="secondary-text body-s">No save recorded yet.</p>;
  return (
    <ol className="da-settings-history flex-column rhythm-vertical-8" aria-label="Settings history" reversed>
      {[...history].reverse().map((entry) => (
        <li key={entry.revision} className="da-settings-history-entry">
          <div className="body-m">
            Version {entry.revision}: saved by {entry.savedBy.displayName || entry.savedBy.uniqueName} on {formatUtc(entry.savedAt)}
          </div>
          {entry.changes.length ? (
            <ul className="secondary-text body-s">
              {entry.changes.map((change) => (
                <li key={change.field}>
                  {change.field}: {change.from} → {change.to}
                </li>
              ))}
            </ul>
          ) : (
            <div className="secondary-text body-s">Saved without a change.</div>
          )}
        </li>
      ))}
    </ol>
  );
}

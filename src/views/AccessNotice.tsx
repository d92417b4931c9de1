/**
 * For a user refused part of the evidence (an auditor who cannot read approvals): what is missing, who can grant it,
 * the way round it, and a ready access request to copy.
 */
import * as React from 'react';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import type { AccessNotice as Notice } from './unreadable';

/** Copies text through the clipboard API; false when the page may not (no API, no permission, not focused). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (a frame without clipboard-write, for one): the text is shown to copy by hand.
  }
  return false;
}

type CopyState = 'idle' | 'copied' | 'manual';

export function AccessNotice({ notice, copy = copyText }: { notice: Notice; copy?: (text: string) => Promise<boolean> }): JSX.Element {
  const [state, setState] = React.useState<CopyState>('idle');
  const area = React.useRef<HTMLTextAreaElement>(null);
  React.useEffect(() => {
    if (state === 'manual') area.current?.select();
  }, [state]);
  return (
    <MessageCard
      severity={MessageCardSeverity.Warning}
      className="da-notice da-access-notice"
      buttonProps={[
        {
          text: state === 'copied' ? 'Access request copied' : 'Copy access request',
          ariaLabel: 'Copy an access request to send to a project or environment administrator',
          iconProps: { iconName: state === 'copied' ? 'CheckMark' : 'Copy' },
          onClick: () => {
            void copy(notice.request).then((copied) => setState(copied ? 'copied' : 'manual'));
          },
        },
      ]}
    >
      <div className="flex-column rhythm-vertical-8">
        <span>{notice.text}</span>
        {state === 'copied' && (
          <span role="status" className="secondary-text">
            The access request is in the clipboard: paste it into a message to a project or environment administrator.
          </span>
        )}
        {state === 'manual' && (
          <label className="flex-column rhythm-vertical-4">
            <span role="status">The clipboard is not available here: copy the access request below.</span>
            <textarea ref={area} className="da-access-request" readOnly rows={8} value={notice.request} aria-label="Access request" />
          </label>
        )}
      </div>
    </MessageCard>
  );
}

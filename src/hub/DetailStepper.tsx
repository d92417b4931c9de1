/**
 * The detail panel's way through the current view: Previous and Next buttons, the position ("3 of 120"), and the keys
 * (J or Alt+Down for the next deployment, K or Alt+Up for the previous one; Escape closes the panel).
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { count } from '../views/format';

/** +1 for the next deployment, -1 for the previous one, null for any other key. */
export function stepOfKey(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): 1 | -1 | null {
  if (event.ctrlKey || event.metaKey) return null;
  if (event.altKey && event.key === 'ArrowDown') return 1;
  if (event.altKey && event.key === 'ArrowUp') return -1;
  if (event.altKey || event.shiftKey) return null;
  if (event.key === 'j' || event.key === 'J') return 1;
  if (event.key === 'k' || event.key === 'K') return -1;
  return null;
}

const typing = (target: EventTarget | null): boolean => {
  const element = target as HTMLElement | null;
  if (!element || !element.tagName) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
};

/**
 * While the panel is open, the stepping keys anywhere on the page (but in a text field) step through the view, and
 * Escape closes it wherever the focus is: azure-devops-ui's buttons keep Escape to themselves (they only blur), so
 * after Next or Previous the panel's own Escape handling never hears it.
 */
export function useDetailKeys(open: boolean, onStep: (delta: number) => void, onClose: () => void): void {
  const latest = React.useRef({ onStep, onClose });
  latest.current = { onStep, onClose };
  React.useEffect(() => {
    if (!open) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' || event.key === 'Esc') {
        latest.current.onClose();
        return;
      }
      if (event.defaultPrevented || typing(event.target)) return;
      const delta = stepOfKey(event);
      if (delta === null) return;
      event.preventDefault();
      latest.current.onStep(delta);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);
}

export interface DetailStepperProps {
  /** The shown deployment's place in the view (0-based), -1 when it is no longer in it. */
  index: number;
  total: number;
  onStep: (delta: number) => void;
}

export function DetailStepper({ index, total, onStep }: DetailStepperProps): JSX.Element {
  const hint = 'Keys: J or Alt+Down for the next deployment, K or Alt+Up for the previous one, Escape to close.';
  return (
    <nav className="da-detail-stepper flex-row flex-center rhythm-horizontal-8" aria-label="Deployments of the current view">
      <Button
        text="Previous"
        iconProps={{ iconName: 'ChevronUp' }}
        ariaLabel="Previous deployment (K or Alt+Up)"
        disabled={index <= 0}
        onClick={() => onStep(-1)}
      />
      <Button
        text="Next"
        iconProps={{ iconName: 'ChevronDown' }}
        ariaLabel="Next deployment (J or Alt+Down)"
        disabled={index < 0 || index >= total - 1}
        onClick={() => onStep(1)}
      />
      <span className="da-detail-position body-s" aria-live="polite">
        {index >= 0 ? `${count(index + 1)} of ${count(total)}` : 'Not in the current view'}
      </span>
      <span className="da-detail-keys body-s secondary-text">{hint}</span>
    </nav>
  );
}

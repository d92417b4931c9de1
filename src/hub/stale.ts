/**
 * Whether the results on screen still answer the choices on screen. A changed window or production environments
 * need the evidence of other deployments (a refresh); changed settings do not (the hub re-evaluates the evidence it
 * has), but until it has, the verdicts are of the old ones. The words go on the "Refresh to apply" banner and, when
 * such results are exported, into the export's manifest (STALE: …).
 */
import { canonicalJson } from '../core/export/canonical-json';
import { formatWindow } from '../core/export/text';
import type { AuditWindow } from '../core/engine/window';
import type { Policy } from '../core/policy';

export interface AuditedChoices {
  window: AuditWindow;
  policy: Policy;
}

export interface ChoicesOnScreen {
  /** Null when the window on screen is not a valid one (custom days being typed). */
  window: AuditWindow | null;
  environments: readonly string[];
  /** The project's settings as they now are. */
  policy: Policy;
}

export interface Staleness {
  /** What differs, in words: "the window on screen is …". */
  reasons: string[];
  /** One sentence for the banner and the export: what the results are of, and what the screen now says. */
  text: string;
}

const sameWindow = (a: AuditWindow, b: AuditWindow) => a.from.getTime() === b.from.getTime() && a.to.getTime() === b.to.getTime();

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/** The policy's rules, without the production environments (those are compared as the screen's own field). */
const rules = (policy: Policy): string => canonicalJson({ ...policy, productionEnvironments: [] });

/** Null when the results answer what is on screen. */
export function staleness(audited: AuditedChoices, screen: ChoicesOnScreen): Staleness | null {
  const reasons: string[] = [];
  if (!screen.window) reasons.push('the window on screen is not complete');
  else if (!sameWindow(audited.window, screen.window)) reasons.push(`the window on screen is ${formatWindow(screen.window)}`);
  if (!sameList(audited.policy.productionEnvironments, screen.environments)) {
    reasons.push(`the production environments on screen are ${screen.environments.length ? screen.environments.join(', ') : 'none'}`);
  }
  if (rules(audited.policy) !== rules(screen.policy)) reasons.push('the settings have changed since these verdicts');
  if (!reasons.length) return null;
  const of = `${formatWindow(audited.window)}, production environments ${audited.policy.productionEnvironments.join(', ')}`;
  return { reasons, text: `These results are of ${of}; ${reasons.join('; ')}.` };
}

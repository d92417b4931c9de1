/** The control checklist, in the order reports show it. */
export const CONTROL_IDS = [
  'approval-count',
  'approval-independence',
  'code-review',
  'branch-policy',
  'source-branch',
  'build-succeeded',
  'tests-passed',
  'work-item-linked',
] as const;

export type ControlId = (typeof CONTROL_IDS)[number];

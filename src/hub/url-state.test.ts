import { decodeHubState, encodeHubState, type HubUrlState } from './url-state';

describe('the hub view in its address', () => {
  it('reads back every part it writes', () => {
    const state: HubUrlState = {
      preset: 'custom',
      custom: { from: '2026-11-01', through: '2026-11-30' },
      environments: ['Production', 'Prod, EU'],
      keyword: 'alice & bob #1',
      environmentFilter: ['Production'],
      pipelineFilter: ['shop-web', 'shop api'],
      people: ['approvedByMe'],
      approvers: ['margaret@fabrikam.com'],
      statuses: ['any:fail', 'approval-count:unknown'],
      sort: { key: 'overall', descending: false },
      open: 'yaml:12:34:Production',
      view: 'people',
    };
    const hash = encodeHubState(state);
    expect(decodeHubState(hash)).toEqual(state);
    expect(decodeHubState(`#${hash}`)).toEqual(state);
  });

  it('writes a preset by its name and nothing for an empty view', () => {
    expect(encodeHubState({ preset: 'lastQuarter', sort: { key: 'startedAt', descending: true } })).toBe('w=lastQuarter&sort=startedAt%3Adesc');
    expect(encodeHubState({})).toBe('');
    expect(decodeHubState('w=last6Months')).toEqual({ preset: 'last6Months' });
  });

  it('knows only the Trends and People views (Deployments is the default, never written)', () => {
    expect(decodeHubState('v=trends')).toEqual({ view: 'trends' });
    expect(decodeHubState('v=deployments&v2=people')).toEqual({});
    expect(decodeHubState('v=settings')).toEqual({});
  });

  it('drops what is not well formed and keeps the rest', () => {
    expect(
      decodeHubState(
        'w=yesterday&env=&env=%20Production%20&who=everyone&who=reviewedByMe&st=any:maybe&st=nope:fail&st=tests-passed:fail:x&st=code-review:pass&sort=colour:desc&open=',
      ),
    ).toEqual({ environments: ['Production'], people: ['reviewedByMe'], statuses: ['code-review:pass'] });
    expect(decodeHubState('w=2026-1-01..2026-11-30')).toEqual({});
    expect(decodeHubState('w=2026-11-01..2026-11-30..2026-12-01')).toEqual({});
    expect(decodeHubState('w=custom')).toEqual({});
    expect(decodeHubState('sort=startedAt:sideways')).toEqual({});
  });

  it('never throws on garbage, and bounds what it reads', () => {
    for (const garbage of [null, undefined, '', '#', '%', '%E0%A4%A', '&&&==', 'q=%ZZ', '\u0000\uffff', 'w', '=x']) {
      expect(() => decodeHubState(garbage as string)).not.toThrow();
    }
    expect(decodeHubState(12 as unknown as string)).toEqual({});
    expect(decodeHubState(`q=${'x'.repeat(201)}`)).toEqual({});
    const many = Array.from({ length: 80 }, (_, i) => `fe=env${i}`).join('&');
    expect(decodeHubState(many).environmentFilter).toHaveLength(50);
    expect(decodeHubState('fe=A&fe=A').environmentFilter).toEqual(['A']);
  });
});

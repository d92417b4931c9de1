import { stepOfKey } from './DetailStepper';

const key = (k: string, modifiers: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('the detail panel’s keys', () => {
  it('J or Alt+Down steps to the next deployment, K or Alt+Up to the previous one', () => {
    expect(stepOfKey(key('j'))).toBe(1);
    expect(stepOfKey(key('ArrowDown', { altKey: true }))).toBe(1);
    expect(stepOfKey(key('k'))).toBe(-1);
    expect(stepOfKey(key('ArrowUp', { altKey: true }))).toBe(-1);
  });

  it('leaves every other key alone: plain arrows scroll, Ctrl+J and Alt+J belong to the browser', () => {
    expect(stepOfKey(key('ArrowDown'))).toBeNull();
    expect(stepOfKey(key('j', { ctrlKey: true }))).toBeNull();
    expect(stepOfKey(key('j', { altKey: true }))).toBeNull();
    expect(stepOfKey(key('ArrowUp', { metaKey: true, altKey: true }))).toBeNull();
    expect(stepOfKey(key('x'))).toBeNull();
  });
});

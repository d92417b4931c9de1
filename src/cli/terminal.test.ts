import { forTerminal } from './terminal';

describe('forTerminal', () => {
  it.each([
    ['colours and cursor movement', 'build \x1b[31mfailed\x1b[0m\x1b[2K\x1b[1A', 'build failed'],
    ['a window title (OSC, BEL-terminated)', '\x1b]0;pwned\x07ok', 'ok'],
    ['a hyperlink (OSC 8, ST-terminated)', '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['a device control string', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['8-bit CSI', 'a\x9b31mb', 'ab'],
    ['carriage return and backspace that overwrite text', 'approved\rrejected\b\b', 'approved rejected'],
    ['line breaks', 'one\ntwo\r\nthree', 'one two three'],
    ['bidirectional overrides', 'file\u202Etxt.exe', 'filetxt.exe'],
    ['a lone ESC at the end', 'end\x1b', 'end'],
    ['NUL and DEL', 'a\x00b\x7fc', 'abc'],
  ])('removes %s', (_, input, expected) => {
    expect(forTerminal(input)).toBe(expected);
  });

  it('keeps ordinary text, accents and symbols', () => {
    expect(forTerminal('Déploiement « prod » — 100 % OK [Shop]\\Release Approvers')).toBe('Déploiement « prod » — 100 % OK [Shop]\\Release Approvers');
  });
});

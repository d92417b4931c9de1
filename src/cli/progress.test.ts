import { ProgressLine } from './progress';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (chunk: string) => (written.push(chunk), true) } as unknown as NodeJS.WriteStream };
}

describe('ProgressLine', () => {
  it('shows counts on one rewritten line at a terminal, and says when Azure DevOps makes it wait', () => {
    const { written, stream: tty } = stream(true);
    const line = new ProgressLine(tty);
    line.update({ phase: 'finding', found: 12, collected: 0 });
    line.throttled({ url: 'u', status: 429, waitMs: 30_000, reason: 'retry-after' });
    line.update({ phase: 'collecting', found: 40, collected: 10 });
    line.update({ phase: 'done', found: 40, collected: 40 });
    expect(written[0]).toContain('finding deployments: 12 found');
    expect(written[1]).toMatch(/collecting evidence: 10 of 40 deployments, throttled: waiting (29|30) s/);
    expect(written.at(-1)).toBe('\n');
    expect(written.every((chunk) => chunk === '\n' || chunk.startsWith('\r'))).toBe(true);
  });

  it('stays quiet when stderr is a file or a pipe', () => {
    const { written, stream: pipe } = stream(false);
    new ProgressLine(pipe).update({ phase: 'collecting', found: 1, collected: 1 });
    expect(written).toEqual([]);
  });
});

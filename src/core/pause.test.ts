import { breather, pause } from './pause';

/** Whether a task queued now has run by the time `work` settles, i.e. whether `work` let the event loop run. */
async function letTheLoopRun(work: () => Promise<void>): Promise<boolean> {
  let ran = false;
  setTimeout(() => (ran = true), 0);
  await work();
  return ran;
}

describe('pause and breather', () => {
  it('pause lets queued tasks run first', async () => {
    expect(await letTheLoopRun(pause)).toBe(true);
  });

  it('a breather pauses once its budget of work is spent, not before', async () => {
    const patient = breather(60_000);
    expect(await letTheLoopRun(patient)).toBe(false);
    const spent = breather(0);
    expect(await letTheLoopRun(spent)).toBe(true);
  });

  it('a breather starts a new budget after each pause', async () => {
    const breathe = breather(30);
    const started = Date.now();
    while (Date.now() - started < 40) {
      // work past the budget
    }
    expect(await letTheLoopRun(breathe)).toBe(true);
    expect(await letTheLoopRun(breathe)).toBe(false);
  });
});

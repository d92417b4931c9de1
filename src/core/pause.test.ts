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
    let now = 1_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const breathe = breather(30);
      now += 40;
      expect(await letTheLoopRun(breathe)).toBe(true);
      now += 20;
      expect(await letTheLoopRun(breathe)).toBe(false);
      now += 10;
      expect(await letTheLoopRun(breathe)).toBe(true);
    } finally {
      clock.mockRestore();
    }
  });
});

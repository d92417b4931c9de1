/**
 * The host simulator answers the real SDK (azure-devops-extension-sdk 4.2 in a page on another origin) the way
 * Azure DevOps does: handshake, context, configuration with proxied callbacks and dates, tokens, every service,
 * the theme (and its live change), and extension data that survives a restart of the simulator.
 */
import type { Frame } from 'playwright-core';
import { startHarness, type Harness } from './harness';

interface ProbeResult {
  done: boolean;
  steps: Record<string, any>;
  errors: Record<string, string>;
  themeEvents: string[];
  releases: Array<Record<string, unknown>>;
  builds: Array<Record<string, unknown>>;
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ probe: true });
});

afterAll(async () => {
  await h?.close();
});

async function probe(frame: Frame, until: (r: ProbeResult) => boolean = (r) => r.done): Promise<ProbeResult> {
  await frame.waitForFunction((check) => {
    const r = (window as unknown as { __probe?: ProbeResult }).__probe;
    return !!r && new Function('r', `return (${check})(r)`)(r);
  }, until.toString());
  return frame.evaluate(() => (window as unknown as { __probe: ProbeResult }).__probe);
}

describe('host simulator', () => {
  it('completes the handshake: echoes the token, hands over context, configuration and theme', async () => {
    const { page, frame } = await h.open({ view: 'probe-hub', user: 'director' });
    const result = await probe(frame);
    const session = h.sim.session;

    // The SDK's first message is initialHandshake on DevOps.HostControl, stamped with its handshakeToken, and
    // the host's answer echoes it (the SDK accepts no other answer).
    const trace = await page.evaluate(() => (window as any).__hostSimulator.trace as Array<{ direction: string; message: Record<string, any> }>);
    const first = trace.find((t) => t.direction === 'in')!.message;
    expect(first).toMatchObject({ methodName: 'initialHandshake', instanceId: 'DevOps.HostControl' });
    expect(first.handshakeToken).toMatch(/^[0-9a-z]{20,}$/);
    expect((first.params as Array<Record<string, unknown>>)[0]).toMatchObject({ loaded: false, applyTheme: true, sdkVersion: 4.2 });
    const reply = trace.find((t) => t.direction === 'out' && t.message.id === first.id)!.message;
    expect(reply.handshakeToken).toBe(first.handshakeToken);

    expect(result.errors).toEqual({
      // Off a run page there is nothing for the build page data service to say; unknown services and a token
      // that is not the user's are refused, as by the real host.
      unknownService: expect.stringContaining('ms.vss-nothing.no-such-service'),
      wrongTokenManager: expect.stringMatching(/^401 /),
    });
    const director = session.users.find((u) => u.key === 'director')!;
    expect(result.steps.context).toEqual({
      contributionId: `${session.extension.id}.probe-hub`,
      user: director.identity,
      host: { id: session.organization.id, name: 'fabrikam', serviceVersion: expect.any(String), type: 4, isHosted: true },
      extension: { ...session.extension, baseUri: h.sim.extensionBaseUri },
      webContext: expect.objectContaining({ project: { id: session.project.id, name: 'Fabrikam Shop' } }),
      theme: 'Light',
    });
    expect(director.identity.displayName).toBe(h.ado.demo.people.directors[0].displayName);
    expect(result.steps.configuration).toEqual({ keys: [], releaseId: null, onReleaseChanged: 'undefined', onBuildChanged: 'undefined' });
    expect(result.steps.accessToken).toBe('demo-director');
    expect(result.steps.appToken).toBe('demo-director');
    expect(result.steps.theme).toEqual({ background: 'rgba(255, 255, 255, 1)', neutral0: '255, 255, 255' });
    // loaded: false keeps the host's spinner until notifyLoadSucceeded.
    expect(await page.getAttribute('#frame-host', 'data-state')).toBe('ready');
    expect(h.sim.log.map((e) => e.call)).toEqual(expect.arrayContaining(['hostControl.initialHandshake', 'hostControl.notifyLoadSucceeded', 'hostControl.resize']));
  });

  it('serves the location, project, navigation and build page services, and the organization answers the iframe (CORS)', async () => {
    h.sim.clearLog();
    const { frame } = await h.open({ view: 'probe-hub', user: 'auditor' });
    const { steps } = await probe(frame);
    const org = h.ado.orgUrl;
    expect(steps.serviceLocation).toBe(`${org}/`);
    expect(steps.releaseServiceLocation).toBe(`${h.ado.vsrmUrl}/`);
    expect(steps.releaseArea).toBe(`${h.ado.vsrmUrl}/`);
    expect(steps.buildArea).toBe(`${org}/`);
    expect(steps.project).toEqual({ id: h.sim.session.project.id, name: 'Fabrikam Shop' });
    expect(steps.fetchBuilds).toEqual({ status: 200, count: 1 });
    // The auditor reads builds but not approvals; the 403 reaches the page (not a CORS failure).
    expect(steps.fetchApprovals).toEqual({ status: 403 });
    expect(steps.navigation).toEqual({ hash: 'probe-hash', query: {}, route: { id: 'ms.vss-web.hub-route', routeValues: expect.objectContaining({ project: 'Fabrikam Shop' }) } });
    expect(steps.buildPageData).toBeNull();
    const opened = await h.sim.waitForLog((e) => e.call === 'navigation.openNewWindow');
    expect(opened).toMatchObject({ args: [`${org}/probe/evidence`, ''], view: 'probe-hub', user: 'auditor' });
  });

  it('gives the release tab its release id and calls onReleaseChanged back with the release, dates as Date', async () => {
    const { frame } = await h.open({ view: 'probe-release' });
    const releaseId = h.sim.session.releaseId!;
    const result = await probe(frame, (r) => r.done && r.releases.length > 0);
    expect(result.steps.configuration).toEqual({ keys: ['onReleaseChanged', 'releaseId'], releaseId, onReleaseChanged: 'function', onBuildChanged: 'undefined' });
    expect(result.releases).toEqual([{ id: releaseId, name: expect.stringMatching(/^Release-/), createdOnIsDate: true, status: expect.any(Number) }]);
    expect(result.steps.navigation.query).toMatchObject({ releaseId: String(releaseId) });
  });

  it('gives the run tab onBuildChanged and the build page data of its run', async () => {
    const { frame } = await h.open({ view: 'probe-run' });
    const runId = h.sim.session.runId!;
    const result = await probe(frame, (r) => r.done && r.builds.length > 0);
    expect(result.steps.configuration).toEqual({ keys: ['onBuildChanged'], releaseId: null, onReleaseChanged: 'undefined', onBuildChanged: 'function' });
    expect(result.builds).toEqual([{ id: runId, buildNumber: expect.any(String), queueTimeIsDate: true }]);
    expect(result.steps.buildPageData).toEqual({ buildId: runId, definition: expect.any(String) });
    expect(result.steps.navigation.query).toMatchObject({ buildId: String(runId) });
  });

  it('applies the dark theme at the handshake and switches theme live through the SDK\'s themeChanged event', async () => {
    const { page, frame } = await h.open({ view: 'probe-hub', theme: 'dark' });
    const dark = await probe(frame);
    expect(dark.steps.theme.background).toBe('rgba(30, 30, 30, 1)');
    expect(dark.steps.context.theme).toBe('Dark');
    await page.click('button[data-theme="light"]');
    await frame.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--background-color').trim() === 'rgba(255, 255, 255, 1)');
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(page.url()).toContain('theme=light');
  });

  it('keeps extension data per organization and per user in a file that survives a restart', async () => {
    h.sim.extensionData.clear();
    const first = await probe((await h.open({ view: 'probe-hub', user: 'director' })).frame);
    expect(first.steps.counter).toEqual({ before: 0, after: 1, userScoped: -1 });
    expect(first.steps.documents).toEqual({ savedEtag: 1, readText: 'hello', updatedEtag: 2, conflict: '400', count: 1, missing: '404' });

    await h.restartSimulator();
    const second = await probe((await h.open({ view: 'probe-hub', user: 'developer' })).frame);
    expect(second.steps.counter).toEqual({ before: 1, after: 2, userScoped: -1 });
    expect(h.sim.extensionData.snapshot().extensions[h.sim.session.extension.id.toLowerCase()]['Default/Current'].$settings['probe-counter']).toMatchObject({
      value: 2,
      __etag: 2,
    });
  });
});

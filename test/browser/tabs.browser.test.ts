/**
 * The release summary tab and the pipeline run tab: each is told its release or run by the host (the
 * configuration's onReleaseChanged / onBuildChanged, the build page data service) and shows the checklist of that
 * release's or run's production deployments, the same verdicts the command line gives them.
 */
import type { Frame } from 'playwright-core';
import { cliJson, expectedChecklist, frameElement, tabCards, type ReportJson } from './audit';
import { screenshot, startHarness, type Harness } from './harness';

let h: Harness;
let report: ReportJson;

beforeAll(async () => {
  h = await startHarness();
  report = await cliJson(h);
});

afterAll(async () => {
  await h?.close();
});

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const releaseKeys = (releaseId: number) =>
  h.ado.demo.truth.filter((d) => d.source === 'classic' && d.releaseId === releaseId).map((d) => `classic:${d.deploymentId}`);

/** The tab shows one card per expected deployment, each with the command line's checklist. */
async function expectCards(frame: Frame, expected: ReportJson['deployments']): Promise<void> {
  expect(expected.length).toBeGreaterThan(0);
  const title = (d: ReportJson['deployments'][number]) => `${d.environment} · ${utc(d.startedAt)}`;
  await frame.waitForFunction(
    (titles) => {
      const cards = Array.from(document.querySelectorAll('.da-deployment-card'));
      return cards.length === titles.length && titles.every((t) => cards.some((card) => (card.textContent ?? '').includes(t)));
    },
    expected.map(title),
    { timeout: 60_000 },
  );
  const cards = await tabCards(frame);
  for (const deployment of expected) {
    const card = cards.find((c) => c.text.includes(title(deployment)));
    expect(card!.checklist).toEqual(expectedChecklist(deployment));
  }
}

describe('tabs', () => {
  it('the release summary tab shows the checklist of its release, and of the next one when the page moves', async () => {
    const releaseId = h.sim.session.releaseId!;
    const { page, frame } = await h.open({ view: 'release-tab', user: 'director' });
    await expectCards(frame, report.deployments.filter((d) => releaseKeys(releaseId).includes(d.key)));
    expect(h.sim.log.map((e) => e.call)).toContain('config.onReleaseChanged');

    // Another release (one that failed a control, when there is one): the host calls onReleaseChanged again.
    const others = report.deployments.filter((d) => d.source === 'classic' && !releaseKeys(releaseId).includes(d.key));
    const other = others.find((d) => Object.values(d.controls).some((v) => v.status === 'fail')) ?? others[0];
    const otherRelease = h.ado.demo.truth.find((d) => `classic:${d.deploymentId}` === other.key)!.releaseId!;
    await page.fill('#release-id', String(otherRelease));
    await page.click('#show-ids');
    await expectCards(frame, report.deployments.filter((d) => releaseKeys(otherRelease).includes(d.key)));
    expect(await page.textContent('#page-title')).toMatch(/^Release-/);
    expect(h.sim.log.filter((e) => e.call === 'hostControl.initialHandshake' && e.view === 'release-tab')).toHaveLength(1);
    await screenshot(frameElement(page), 'screenshot-release-tab', true);
  });

  it('the pipeline run tab shows the checklist of its run', async () => {
    const runId = h.sim.session.runId!;
    const { page, frame } = await h.open({ view: 'run-tab', user: 'director' });
    await expectCards(frame, report.deployments.filter((d) => d.source === 'yaml' && d.runId === runId));
    await screenshot(frameElement(page), 'screenshot-run-tab', true);
  });
});

/**
 * The host page: a left menu (page, release/run, theme, signed-in user, host log), the Azure DevOps chrome of the
 * chosen page, and the contribution's iframe, whose SDK talks to this page through a HostChannel.
 *
 * URL: /?view=<contribution key>&user=<user key>&theme=light|dark[&releaseId=N][&runId=N]
 * Tests read window.__hostSimulator (state, log, XDM trace) and the data-state of #frame-host:
 * loading → ready (handshake done and, with loaded:false, notifyLoadSucceeded) | failed | timeout.
 */
import type { HostLogEntry, Session } from '../session';
import { api, hostControl, loadBuild, loadRelease, notifyBuild, notifyRelease, serviceManager, type HostEvents, type HostState } from './services';
import { THEMES, type ThemeName } from './theme';
import { HostChannel, type RpcMessage, type XdmTrace } from './xdm';

const HANDSHAKE_TIMEOUT_MS = 20_000;

const KIND_LABELS: Record<string, string> = { hub: 'Pipelines hub', release: 'Release summary tab', run: 'Pipeline run tab' };

interface HostSimulatorGlobal {
  state: HostState;
  log: HostLogEntry[];
  trace: XdmTrace[];
  handshakeOptions: Record<string, unknown> | null;
  /** getAccessToken / getAppToken calls (not in the log: the extension asks before every request). */
  tokenRequests: { access: number; app: number };
  setTheme(theme: ThemeName): Promise<void>;
  refresh(): void;
}

declare global {
  interface Window {
    __hostSimulator: HostSimulatorGlobal;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function hrefWith(changes: Record<string, string | null>): string {
  const params = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  return `?${params}`;
}

function parseId(value: string | null, fallback: number | null): number | null {
  if (value === null || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : fallback;
}

async function main(): Promise<void> {
  const session = await api<Session>('/api/session');
  const params = new URLSearchParams(window.location.search);
  const contribution =
    session.contributions.find((c) => c.key === (params.get('view') ?? session.defaults.view)) ?? session.contributions[0];
  const user = session.users.find((u) => u.key === (params.get('user') ?? session.defaults.user)) ?? session.users[0];
  const theme: ThemeName = (params.get('theme') ?? session.defaults.theme) === 'dark' ? 'dark' : 'light';
  const state: HostState = {
    session,
    contribution,
    user,
    theme,
    releaseId: parseId(params.get('releaseId'), session.releaseId),
    runId: parseId(params.get('runId'), session.runId),
    listeners: { release: [], build: [] },
  };
  const log: HostLogEntry[] = [];
  const trace: XdmTrace[] = [];
  let handshakeOptions: Record<string, unknown> | null = null;
  const tokenRequests = { access: 0, app: 0 };

  document.body.className = `theme-${theme}`;
  applyHostTheme(theme);

  // ---- chrome ------------------------------------------------------------------------------------------------
  const logList = el('ul', { id: 'host-log' });
  const notices = el('div', { id: 'notices', 'aria-live': 'polite' });
  const frameHost = el('div', { id: 'frame-host', 'data-state': 'loading', 'data-view': contribution.key, 'data-kind': contribution.kind });
  const overlay = el('div', { class: 'frame-overlay' }, el('div', { class: 'spinner' }), el('span', {}, 'Loading extension…'));
  frameHost.append(overlay);

  const menu = el('nav', { id: 'menu' });
  menu.append(el('div', { class: 'brand' }, el('span', { class: 'logo' }, '◆'), 'Azure DevOps ', el('small', {}, 'host simulator')));
  menu.append(
    section(
      'Organization',
      el('div', { class: 'org', id: 'org-name' }, session.organization.name),
      el('div', { class: 'project', id: 'project-name' }, session.project.name),
    ),
  );
  menu.append(
    section(
      'Page',
      ...session.contributions.map((c) =>
        el(
          'a',
          { href: hrefWith({ view: c.key }), 'data-view': c.key, class: c.key === contribution.key ? 'selected' : '' },
          el('strong', {}, KIND_LABELS[c.kind]),
          el('span', {}, c.label),
        ),
      ),
    ),
  );
  const releaseInput = el('input', { id: 'release-id', type: 'number', min: '1', value: String(state.releaseId ?? '') });
  const runInput = el('input', { id: 'run-id', type: 'number', min: '1', value: String(state.runId ?? '') });
  const showIds = el('button', { id: 'show-ids', type: 'button' }, 'Show');
  showIds.addEventListener('click', () => {
    const releaseId = parseId(releaseInput.value, null);
    const runId = parseId(runInput.value, null);
    const href = hrefWith({ releaseId: releaseInput.value || null, runId: runInput.value || null });
    // On a tab whose contribution listens, the page moves to the other release or run as Azure DevOps does: the
    // callbacks are called with it, the iframe stays. Anywhere else the page loads again.
    const moves =
      (contribution.kind === 'release' && state.listeners.release.length > 0 && runId === state.runId) ||
      (contribution.kind === 'run' && state.listeners.build.length > 0 && releaseId === state.releaseId);
    if (!moves) {
      window.location.search = href;
      return;
    }
    history.replaceState(history.state, '', href + window.location.hash);
    retargetLinks({ releaseId: releaseInput.value || null, runId: runInput.value || null });
    state.releaseId = releaseId;
    state.runId = runId;
    events.log(contribution.kind === 'release' ? 'host.releaseChanged' : 'host.buildChanged', [contribution.kind === 'release' ? releaseId : runId]);
    describePage();
    if (contribution.kind === 'release') notifyRelease(state, events);
    else notifyBuild(state, events);
  });
  menu.append(section('Release and run', el('label', {}, 'Release ', releaseInput), el('label', {}, 'Run ', runInput), showIds));
  const themeButtons = (['light', 'dark'] as ThemeName[]).map((t) => {
    const button = el('button', { type: 'button', 'data-theme': t, class: t === theme ? 'selected' : '' }, t === 'light' ? 'Light' : 'Dark');
    button.addEventListener('click', () => void setTheme(t));
    return button;
  });
  menu.append(section('Theme', el('div', { class: 'buttons' }, ...themeButtons)));
  menu.append(
    section(
      'Signed in as',
      ...session.users.map((u) =>
        el(
          'a',
          { href: hrefWith({ user: u.key }), 'data-user': u.key, class: u.key === user.key ? 'selected' : '' },
          el('strong', {}, u.label),
          el('span', {}, `${u.identity.displayName}${u.note ? ` — ${u.note}` : ''}`),
        ),
      ),
    ),
  );
  menu.append(section('Host log', logList));

  const header = el('header', { id: 'page-header' });
  const title = el('h1', { id: 'page-title' });
  const breadcrumb = el('div', { class: 'breadcrumb' }, `${session.organization.name} / ${session.project.name} / Pipelines`);
  header.append(breadcrumb, title);
  if (contribution.kind === 'hub') {
    title.textContent = contribution.label;
  } else {
    const tabs = el('div', { class: 'tabs', role: 'tablist' });
    const names = contribution.kind === 'release' ? ['Pipeline', 'Variables', 'History'] : ['Summary', 'Tests', 'Code coverage'];
    for (const name of names) tabs.append(el('span', { class: 'tab' }, name));
    tabs.append(el('span', { class: 'tab selected', 'aria-selected': 'true' }, contribution.label));
    header.append(tabs);
    describePage();
  }

  /** The tab page's title: the release or the run it shows. */
  function describePage(): void {
    if (contribution.kind === 'hub') return;
    title.textContent = contribution.kind === 'release' ? `Release ${state.releaseId ?? '—'}` : `Run ${state.runId ?? '—'}`;
    const describe =
      contribution.kind === 'release'
        ? state.releaseId !== null && loadRelease(state).then((r) => `${r.name} · ${(r.releaseDefinition as { name?: string })?.name ?? ''}`)
        : state.runId !== null && loadBuild(state).then((b) => `${(b.definition as { name?: string })?.name ?? ''} · #${b.buildNumber}`);
    if (describe) describe.then((text) => (title.textContent = text), () => undefined);
  }

  const mainArea = el('main', {}, header, notices, frameHost);
  document.body.append(menu, mainArea);

  // ---- the contribution ----------------------------------------------------------------------------------
  const setFrameState = (value: string) => frameHost.setAttribute('data-state', value);
  const events: HostEvents = {
    log(call, args) {
      const entry: HostLogEntry = { call, args: safeArgs(args), view: contribution.key, user: user.key, at: new Date().toISOString() };
      log.push(entry);
      const item = el('li', {}, el('code', {}, call), ` ${summary(entry.args)}`);
      logList.prepend(item);
      while (logList.children.length > 60) logList.lastChild?.remove();
      void fetch('/api/log', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(entry) });
    },
    tokenRequested(kind) {
      tokenRequests[kind] += 1;
    },
    handshake(options) {
      handshakeOptions = options;
      window.__hostSimulator.handshakeOptions = options;
      frameHost.setAttribute('data-handshake', 'done');
      if (options.loaded !== false) setFrameState('ready');
    },
    loaded() {
      setFrameState('ready');
    },
    failed(error) {
      setFrameState('failed');
      const message = (error as { message?: string })?.message ?? String(error);
      notice(`The extension failed to load: ${message}`, 'error');
    },
    resized(_width, height) {
      if (contribution.kind !== 'hub' && typeof height === 'number' && height > 0) frame.style.minHeight = `${height}px`;
    },
    notice: (text, kind) => notice(text, kind),
    setTitle(text) {
      document.title = text;
    },
    setFullScreen(on) {
      document.body.classList.toggle('full-screen', on);
    },
  };

  const frame = el('iframe', { id: 'contribution-frame', title: contribution.label, src: contribution.url });
  frameHost.append(frame); // attached: its WindowProxy exists and outlives the navigation to the contribution
  const live = new HostChannel(
    frame.contentWindow as Window,
    new URL(contribution.url).origin,
    {
      'DevOps.HostControl': hostControl(state, events),
      'DevOps.ServiceManager': serviceManager(state, events),
    },
    (entry) => {
      trace.push(entry);
      if (trace.length > 2000) trace.splice(0, trace.length - 2000);
    },
  );
  window.addEventListener('message', (event: MessageEvent) => {
    if (!live.owns(event.source, event.origin)) return;
    if (typeof event.data !== 'string') return;
    let message: RpcMessage;
    try {
      message = JSON.parse(event.data) as RpcMessage;
    } catch {
      return;
    }
    live.onMessage(message);
  });
  setTimeout(() => {
    if (!frameHost.hasAttribute('data-handshake')) {
      setFrameState('timeout');
      notice(`The page did not call SDK.init() within ${HANDSHAKE_TIMEOUT_MS / 1000} s: ${contribution.url}`, 'error');
    } else if (frameHost.getAttribute('data-state') === 'loading') {
      notice('The extension asked for loaded: false and has not called notifyLoadSucceeded yet.', 'error');
    }
  }, HANDSHAKE_TIMEOUT_MS);

  async function setTheme(next: ThemeName): Promise<void> {
    state.theme = next;
    document.body.className = `theme-${next}`;
    applyHostTheme(next);
    for (const button of themeButtons) button.classList.toggle('selected', button.dataset.theme === next);
    history.replaceState(history.state, '', hrefWith({ theme: next }) + window.location.hash);
    retargetLinks({ theme: next });
    if (handshakeOptions && handshakeOptions.applyTheme !== false) {
      // What the real host does on a theme change: the SDK's "themeChanged" event, handled by SDK.applyTheme.
      await live.invokeRemoteMethod('dispatchEvent', 'DevOps.SdkClient', ['themeChanged', { detail: { data: THEMES[next] } }]);
    }
  }

  function notice(text: string, kind: 'info' | 'error' = 'info'): void {
    const item = el('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
    const close = el('button', { type: 'button', 'aria-label': 'Dismiss' }, '×');
    close.addEventListener('click', () => item.remove());
    item.append(close);
    notices.append(item);
    while (notices.children.length > 4) notices.firstChild?.remove();
  }

  window.__hostSimulator = {
    state,
    log,
    trace,
    handshakeOptions,
    tokenRequests,
    setTheme,
    refresh: () => window.location.reload(),
  };
}

/** Keeps the menu's links (other views and users) on the page's current theme, release and run. */
function retargetLinks(changes: Record<string, string | null>): void {
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('#menu a[href^="?"]'))) {
    const url = new URLSearchParams(link.getAttribute('href')!.slice(1));
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) url.delete(k);
      else url.set(k, v);
    }
    link.setAttribute('href', `?${url}`);
  }
}

function section(titleText: string, ...children: Array<Node | string>): HTMLElement {
  return el('section', {}, el('h2', {}, titleText), ...children);
}

/** The host chrome follows the theme too (its own variables, not the extension's). */
function applyHostTheme(theme: ThemeName): void {
  const data = THEMES[theme];
  const root = document.documentElement;
  for (const [name, value] of Object.entries(data)) root.style.setProperty(`--${name}`, value);
}

/** Log arguments as JSON-safe values (functions and dates as markers). */
function safeArgs(args: unknown[]): unknown[] {
  return JSON.parse(
    JSON.stringify(args, (_key, value) => {
      if (typeof value === 'function') return '[function]';
      if (value instanceof Date) return value.toISOString();
      return value;
    }) ?? '[]',
  );
}

function summary(args: unknown[]): string {
  const text = JSON.stringify(args);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

void main().catch((error: unknown) => {
  document.body.textContent = `The host simulator could not start: ${String((error as Error)?.message ?? error)}`;
});

/// <reference lib="dom" />
// Injected into the app's page by the bench (page.evaluate of this file bundled with esbuild) to
// time a call from inside the page: the clock starts in a capture-phase click listener on the
// window, which runs before React's own handler for the 걸기/Dial button, and stops in a
// MutationObserver callback when the call status region's text becomes 통화중/Talking (before
// the browser paints it; the next animation frame is recorded too).
import type { AppCallTiming, AppProbe, AppProbeLabels } from './appProbeApi';

interface Armed {
  labels: AppProbeLabels;
  clickAt: number | null;
  lastText: string | null;
  transitions: Array<{ text: string; ms: number }>;
  settle: ((outcome: { ok: true; timing: AppCallTiming } | { ok: false; error: string }) => void)[];
  outcome: { ok: true; timing: AppCallTiming } | { ok: false; error: string } | null;
}

let armed: Armed | null = null;

const regionText = (label: string): string | null => {
  const region = [...document.querySelectorAll('[role="status"]')].find(
    (element) => element.getAttribute('aria-label') === label,
  );
  return region?.textContent?.trim() ?? null;
};
const statusText = (labels: AppProbeLabels): string | null => regionText(labels.callStatus);

const finish = (state: Armed, outcome: NonNullable<Armed['outcome']>) => {
  if (state.outcome) return;
  state.outcome = outcome;
  for (const settle of state.settle.splice(0)) settle(outcome);
};

window.addEventListener(
  'click',
  (event) => {
    const state = armed;
    if (!state || state.clickAt !== null) return;
    const button = (event.target as Element | null)?.closest('button');
    if (button?.textContent?.trim() !== state.labels.dial) return;
    state.clickAt = performance.now();
    state.lastText = statusText(state.labels);
  },
  { capture: true },
);

new MutationObserver(() => {
  const state = armed;
  if (!state || state.clickAt === null || state.outcome) return;
  const now = performance.now();
  const text = statusText(state.labels);
  if (text === null || text === state.lastText) return;
  state.lastText = text;
  const ms = now - state.clickAt;
  state.transitions.push({ text, ms });
  if (text === state.labels.talking) {
    requestAnimationFrame(() => {
      const clickAt = state.clickAt ?? now;
      finish(state, {
        ok: true,
        timing: {
          setupMs: ms,
          talkingFrameMs: performance.now() - clickAt,
          transitions: state.transitions,
        },
      });
    });
  } else if (text.startsWith(state.labels.ended)) {
    finish(state, { ok: false, error: `the call ended instead: ${text}` });
  }
}).observe(document.documentElement, { subtree: true, childList: true, characterData: true });

const probe: AppProbe = {
  arm(labels) {
    armed = { labels, clickAt: null, lastText: null, transitions: [], settle: [], outcome: null };
  },
  result(timeoutMs) {
    const state = armed;
    if (!state) return Promise.reject(new Error('probe not armed'));
    return new Promise<AppCallTiming>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          finish(state, {
            ok: false,
            error: `no ${state.labels.talking} within ${timeoutMs} ms (clicked: ${state.clickAt !== null}; seen: ${JSON.stringify(state.transitions)})`,
          }),
        timeoutMs,
      );
      const settle = (outcome: NonNullable<Armed['outcome']>) => {
        clearTimeout(timer);
        if (outcome.ok) resolve(outcome.timing);
        else reject(new Error(outcome.error));
      };
      if (state.outcome) settle(state.outcome);
      else state.settle.push(settle);
    });
  },
  shownAt(label, text, timeoutMs) {
    if (regionText(label) === text) return Promise.resolve(null);
    return new Promise<number | null>((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (regionText(label) !== text) return;
        const at = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        resolve(at);
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`${label} did not show ${text} within ${timeoutMs} ms`));
      }, timeoutMs);
      observer.observe(document.documentElement, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
  },
};

(window as unknown as { __benchProbe: AppProbe }).__benchProbe = probe;

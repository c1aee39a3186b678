import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../sip/processes';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  startAgentAndCustomer,
  ui,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

// Issue #6 (ringing that is never missed): an incoming call while the window is not in front is
// a desktop notification, and clicking it answers. The app's code path is the real one (the
// HTML Notification API in Chromium); what cannot run headless is the OS notification centre
// and the OS's window focus, so the test makes the page report no focus and records the
// notifications the page creates, then "clicks" one by its onclick, as the OS would.

interface Shown {
  title: string;
  body: string;
  tag: string;
}
/** The page's NotificationOptions and Notification, as far as the test uses them (Node typings). */
type Options = { body?: string; tag?: string };
type NotificationCtor = new (title: string, options: Options) => object;

describe.skipIf(!IN_NETNS)(`desktop notification ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let env: AgentAndCustomer;

  beforeAll(async () => {
    env = await startAgentAndCustomer('desktop-notification', 'en');
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a call ringing behind another window is notified, and clicking the notification answers', async () => {
    const { agent, customer, stack } = env;
    const page = agent.page;
    await page
      .context()
      .grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
    await page.evaluate(() => {
      const scope = globalThis as unknown as {
        Notification: NotificationCtor;
        __shown: Array<{ title: string; body: string; tag: string; notification: object }>;
        document: { hasFocus(): boolean };
      };
      scope.__shown = [];
      const Real = scope.Notification;
      // The OS's notification centre, recorded (headless Chromium shows none).
      scope.Notification = class extends Real {
        constructor(title: string, options: Options) {
          super(title, options);
          scope.__shown.push({
            title,
            body: options.body ?? '',
            tag: options.tag ?? '',
            notification: this,
          });
        }
      };
      Object.defineProperty(scope.Notification, 'permission', { get: () => 'granted' });
      // Another program is in front.
      scope.document.hasFocus = () => false;
    });

    customer.dial(stack.uri('1001'));
    const shown = await waitFor(
      () =>
        page.evaluate(() => {
          const list = (globalThis as unknown as { __shown: Shown[] }).__shown;
          return list.length > 0
            ? list.map(({ title, body, tag }) => ({ title, body, tag }))
            : null;
        }),
      { what: 'the incoming call notification' },
    );
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe(ui('en').calls['incomingTitle']);
    expect(shown[0]!.body).toContain('2001');
    expect(customer.readLog()).not.toMatch(/Call established/);

    await page.evaluate(() => {
      const [first] = (
        globalThis as unknown as {
          __shown: Array<{ notification: { onclick: ((e: unknown) => void) | null } }>;
        }
      ).__shown;
      first?.notification.onclick?.({});
    });
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    await page.getByRole('button', { name: ui('en').calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});

/**
 * `@duckduckgo/autoconsent` (MPL-2.0), embedded as its authors intend (docs/api.md in the
 * package): the `AutoConsent` class in an isolated-world content script, its messages handled by
 * our background (entrypoints/background/autoconsent.ts), which also answers its `eval` requests.
 *
 * Never declared in the manifest: the background injects it into a tab's frames only when
 * asked (the popup opened on the tab), so nothing of autoconsent runs on page load. It runs with
 * `autoAction: null` and no pre-hiding: it finds the platform and its banner and clicks nothing
 * unless the background says `optOut` / `optIn`. It also tells the background when the visitor
 * clicks one of the banner's one-click refuse or accept controls, as the platform's rule names
 * them (lib/consent/cmp.ts).
 */
import AutoConsent from '@duckduckgo/autoconsent';
import compact from '@duckduckgo/autoconsent/rules/compact-rules.json';
import { choiceControls, CMP_MESSAGE, type CmpReport } from '@/lib/consent/cmp';

declare global {
  interface Window {
    cookieAuditAutoconsent?: boolean;
  }
}

export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  main() {
    // Injected again into a page that already has it (the popup opened twice): one instance per document.
    if (window.cookieAuditAutoconsent) return;
    window.cookieAuditAutoconsent = true;
    const runtime = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;
    const report = (message: CmpReport) => runtime.sendMessage({ type: CMP_MESSAGE, report: message }).catch(() => {});
    let watching = false;

    const consent = new AutoConsent(
      async (message) => {
        if (message.type === 'cmpDetected' || message.type === 'popupFound') {
          void report({ type: message.type, cmp: message.cmp });
          if (message.type === 'popupFound' && !watching) watchClicks(message.cmp);
        } else if (message.type === 'eval' || message.type === 'optOutResult' || message.type === 'optInResult' || message.type === 'autoconsentDone') {
          // Rule steps that read the page's own APIs, and the outcome of an opt-out we were asked for.
          await runtime.sendMessage({ type: 'cookieAuditAutoconsent', message }).then(
            (reply: unknown) => reply && consent.receiveMessageCallback(reply as never),
            () => {},
          );
        }
      },
      {
        enabled: true,
        autoAction: null,
        enablePrehide: false,
        enableCosmeticRules: true,
        enableGeneratedRules: true,
        enableHeuristicDetection: false,
        detectRetries: 20,
        isMainWorld: false,
        logs: { lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false, messages: false, waits: false },
      },
      { autoconsent: [], compact: compact as never },
    );
    runtime.onMessage.addListener((message: unknown) => {
      const command = (message as { type?: unknown; command?: { type?: unknown } } | null)?.command;
      if ((message as { type?: unknown } | null)?.type !== 'cookieAuditAutoconsentCommand' || !command) return undefined;
      if (command.type !== 'optOut' && command.type !== 'optIn') return undefined;
      return consent.receiveMessageCallback(command as never).then(() => true);
    });

    function watchClicks(cmp: string) {
      watching = true;
      const rule = consent.rules.find((r) => r.name === cmp) as { rule?: unknown } | undefined;
      const controls = choiceControls(rule?.rule);
      const matches = (target: EventTarget | null, selectors: string[]) =>
        target instanceof Element && selectors.some((s) => {
          try {
            return target.closest(s) !== null;
          } catch {
            return false;
          }
        });
      // Only the visitor's own clicks: autoconsent's clicks (and a page's scripted ones) are not trusted events.
      document.addEventListener(
        'click',
        (event) => {
          if (!event.isTrusted) return;
          const choice = matches(event.target, controls.refuse) ? 'refused' : matches(event.target, controls.accept) ? 'accepted' : null;
          if (choice) void report({ type: 'cmpClicked', cmp, choice, time: Date.now() });
        },
        { capture: true, passive: true },
      );
    }
  },
});

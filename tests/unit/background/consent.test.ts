/**
 * The background's listener for consent signals (entrypoints/background/consent.ts): applied only
 * from a content script in a tab's top frame, and the user's word only from Cookie Audit's pages.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createConsentListener } from '../../../entrypoints/background/consent';
import type { MonitorStore } from '../../../entrypoints/background/monitor';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { parseMessage } from '../../../lib/messages';

const SIGNAL = { source: 'tcf', kind: 'refused', time: 5, earlier: false, cmpId: 10, purposes: [] };
const TOP_FRAME = { id: fakeBrowser.runtime.id, url: 'https://consent-tcf.test/', origin: 'https://consent-tcf.test', frameId: 0, tab: { id: 5 } };

let applied: MonitorEvent[];
let monitor: MonitorStore;

beforeEach(() => {
  fakeBrowser.reset();
  applied = [];
  monitor = { apply: (event: MonitorEvent) => applied.push(event), tab: vi.fn(async () => undefined), failedSaves: () => 0 } as unknown as MonitorStore;
});

describe('consent signals', () => {
  it('are applied from the top frame’s content script, checked again', () => {
    expect(createConsentListener(monitor)({ type: 'consentSignals', signals: [SIGNAL, { source: 'user', kind: 'accepted', time: 1 }], dropped: 1 }, TOP_FRAME as never)).toBeUndefined();
    expect(applied).toEqual([{ kind: 'consentSignals', tabId: 5, frameId: 0, documentUrl: 'https://consent-tcf.test/', origin: 'https://consent-tcf.test', signals: [SIGNAL], dropped: 2 }]);
  });

  it.each([
    ['a frame', { ...TOP_FRAME, frameId: 2 }],
    ['one of our pages', { ...TOP_FRAME, url: fakeBrowser.runtime.getURL('/popup.html') }],
    ['another extension', { ...TOP_FRAME, id: 'another' }],
  ])('are ignored from %s', (_, sender) => {
    createConsentListener(monitor)({ type: 'consentSignals', signals: [SIGNAL], dropped: 0 }, sender as never);
    expect(applied).toEqual([]);
  });
});

describe('the user’s word', () => {
  it('is a message of Cookie Audit’s pages, with one of three answers', () => {
    expect(parseMessage({ type: 'consentStatement', tabId: 3, choice: 'refused' })).toEqual({ type: 'consentStatement', tabId: 3, choice: 'refused' });
    expect(parseMessage({ type: 'consentStatement', tabId: 3, choice: 'maybe' })).toBeNull();
    expect(parseMessage({ type: 'consentStatement', choice: 'none' })).toBeNull();
  });
});

/**
 * The page world's consent reader on a stand-in page: a TCF CMP calling back as the CMP API v2
 * says, a dataLayer that gtag pushes onto, and pages whose APIs throw or flood.
 */
import { describe, expect, it } from 'vitest';
import { ConsentWatcher, MAX_DATALAYER_SCAN } from '../../../lib/consent/watch';
import type { ConsentSignal } from '../../../lib/consent/signals';

function page(globals: Record<string, unknown>) {
  let clock = 1000;
  const posted: ConsentSignal[] = [];
  const watcher = new ConsentWatcher({ now: () => clock, global: (name) => globals[name], post: (s) => posted.push(...s) });
  return { watcher, posted, tick: (ms: number) => (clock += ms) };
}

/** A CMP as TCF's CMP API v2 describes it: addEventListener calls back now, and on every change. */
function cmp() {
  const listeners: ((tcData: unknown, success: boolean) => void)[] = [];
  let status = { eventStatus: 'cmpuishown', gdprApplies: true, cmpId: 10, purpose: { consents: {} } };
  const api = (command: string, version: number, callback: (tcData: unknown, success: boolean) => void) => {
    if (command !== 'addEventListener' || version !== 2) return;
    listeners.push(callback);
    callback(status, true);
  };
  const choose = (consents: Record<number, boolean>) => {
    status = { ...status, eventStatus: 'useractioncomplete', purpose: { consents } };
    for (const l of listeners) l(status, true);
  };
  return { api, listeners, choose };
}

describe('the consent watcher', () => {
  it('listens to TCF once, and reports what each change means, once', () => {
    const tcf = cmp();
    const { watcher, posted, tick } = page({ __tcfapi: tcf.api });
    watcher.check();
    watcher.check();
    expect(tcf.listeners).toHaveLength(1);
    tick(2000);
    // The banner's button: the click is noted first (capture), the CMP calls back from its handler.
    watcher.noteClick(2990);
    tcf.choose({ 1: false, 2: false });
    // CMPs call back on any change; the same meaning is not sent again.
    tcf.choose({ 1: false, 2: false });
    tick(5000);
    // A callback long after any click is dated when it comes.
    tcf.choose({ 1: true, 2: true });
    expect(posted).toEqual([
      { source: 'tcf', time: 1000, kind: 'none', earlier: false, cmpId: 10, purposes: [] },
      { source: 'tcf', time: 2990, kind: 'refused', earlier: false, cmpId: 10, purposes: [] },
      { source: 'tcf', time: 8000, kind: 'accepted', earlier: false, cmpId: 10, purposes: [1, 2] },
    ]);
  });

  it('reads Consent Mode from dataLayer: defaults, then an update timed by the click that made it', () => {
    const dataLayer: unknown[] = [['consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied' }], { event: 'gtm.js' }];
    const { watcher, posted, tick } = page({ dataLayer });
    watcher.check();
    tick(4000);
    watcher.noteClick(4800);
    // The click's own check may come after another (a timer's): the update is dated by the click all the same.
    tick(100);
    watcher.noteClick(4950);
    dataLayer.push(['consent', 'update', { analytics_storage: 'granted' }]);
    watcher.check();
    tick(300);
    watcher.check();
    expect(posted).toEqual([
      { source: 'consent-mode', time: 1000, kind: 'none', earlier: false, consentMode: { ad_storage: 'denied', analytics_storage: 'denied' }, command: 'default' },
      { source: 'consent-mode', time: 4800, kind: 'partial', earlier: false, consentMode: { ad_storage: 'denied', analytics_storage: 'granted' }, command: 'update' },
    ]);
  });

  it('takes an update already there at the first check for a choice stored on an earlier visit', () => {
    const { watcher, posted } = page({ dataLayer: [['consent', 'default', { ad_storage: 'denied' }], ['consent', 'update', { ad_storage: 'granted' }]] });
    watcher.check();
    expect(posted.map((s) => [s.kind, s.earlier])).toEqual([['none', false], ['accepted', true]]);
  });

  it('survives APIs that throw, and bounds its work on a flooding page', () => {
    const hostile = { __tcfapi: () => { throw new Error('boom'); }, __gpp: 42 } as Record<string, unknown>;
    Object.defineProperty(hostile, 'dataLayer', { get: () => { throw new Error('no'); } });
    const { watcher, posted } = page(hostile);
    expect(() => watcher.check()).not.toThrow();
    expect(posted).toEqual([]);

    const flood = Array.from({ length: 5000 }, (_, i) => ['consent', 'update', { ad_storage: i % 2 ? 'granted' : 'denied' }]);
    const busy = page({ dataLayer: flood });
    busy.watcher.check();
    // At most MAX_DATALAYER_SCAN entries a check, and at most 50 signals a page.
    expect(busy.posted.length).toBe(50);
    for (let i = 0; i < 20; i++) busy.watcher.check();
    expect(busy.posted.length).toBe(50);
    expect(MAX_DATALAYER_SCAN).toBeLessThan(flood.length);
  });

  it('never throws into the CMP from its callback', () => {
    const tcf = cmp();
    const { watcher } = page({ __tcfapi: tcf.api });
    watcher.check();
    expect(() => tcf.listeners[0](new Proxy({}, { get: () => { throw new Error('trap'); } }), true)).not.toThrow();
  });
});

/**
 * The background's side of following a tab (entrypoints/background/follow.ts): a popup is told
 * each change of its tab, and, when it starts following after reading the tab, a change it
 * missed in between.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptFollower } from '../../../entrypoints/background/follow';
import type { MonitorStore } from '../../../entrypoints/background/monitor';

/** A monitor whose tab versions and changes the test drives. */
function monitor() {
  const versions = new Map<number, number>();
  const followers = new Set<(tabIds: ReadonlySet<number>) => void>();
  const store = {
    follow: (listener: (tabIds: ReadonlySet<number>) => void) => {
      followers.add(listener);
      return () => followers.delete(listener);
    },
    version: (tabId: number) => versions.get(tabId) ?? 0,
  };
  const tell = (tabId: number) => {
    versions.set(tabId, (versions.get(tabId) ?? 0) + 1);
    for (const f of followers) f(new Set([tabId]));
  };
  return { store: store as unknown as MonitorStore, tell, followers };
}

function port(url: string) {
  const onMessage: ((m: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const posted: unknown[] = [];
  const handle = {
    name: 'follow',
    sender: { id: fakeBrowser.runtime.id, url },
    onMessage: { addListener: (l: (m: unknown) => void) => onMessage.push(l) },
    onDisconnect: { addListener: (l: () => void) => onDisconnect.push(l) },
    postMessage: (m: unknown) => posted.push(m),
    disconnect: () => {},
  };
  return { handle: handle as never, posted, send: (m: unknown) => onMessage.forEach((l) => l(m)), close: () => onDisconnect.forEach((l) => l()) };
}

const POPUP = `${fakeBrowser.runtime.getURL('/')}popup.html`;

beforeEach(() => fakeBrowser.reset());

describe('following a tab, the background’s side', () => {
  it('tells a follower the changes of its tab only', () => {
    const m = monitor();
    const p = port(POPUP);
    acceptFollower(p.handle, m.store);
    p.send({ type: 'follow', tabId: 3 });
    m.tell(4);
    expect(p.posted).toEqual([]);
    m.tell(3);
    expect(p.posted).toEqual([{ type: 'changed' }]);
    p.close();
    expect(m.followers.size).toBe(0);
  });

  it('tells at once a follower that read the tab before a change it was not yet following for', () => {
    const m = monitor();
    m.tell(3);
    const p = port(POPUP);
    acceptFollower(p.handle, m.store);
    // The popup read version 1; the tab changed (version 2) before its port was heard.
    m.tell(3);
    p.send({ type: 'follow', tabId: 3, seen: 1 });
    expect(p.posted).toEqual([{ type: 'changed' }]);
    const q = port(POPUP);
    acceptFollower(q.handle, m.store);
    q.send({ type: 'follow', tabId: 3, seen: 2 });
    expect(q.posted, 'nothing missed').toEqual([]);
  });

  it('refuses a port from a page that is not one of Cookie Audit’s', () => {
    const m = monitor();
    const p = port('https://evil.example/');
    acceptFollower(p.handle, m.store);
    p.send({ type: 'follow', tabId: 3 });
    m.tell(3);
    expect(p.posted).toEqual([]);
  });
});

/**
 * Following a tab (components/follow.ts): the port is told each tab, and when Chrome stops the
 * background worker (the port disconnects), a side panel connects again and reloads what it
 * missed — at most once a second.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followTabs } from '../../components/follow';

interface FakePort {
  posted: unknown[];
  message: () => void;
  disconnect: () => void;
  disconnected: boolean;
}

let ports: FakePort[];

beforeEach(() => {
  vi.useFakeTimers();
  fakeBrowser.reset();
  ports = [];
  vi.spyOn(fakeBrowser.runtime, 'connect').mockImplementation((() => {
    const onMessage: (() => void)[] = [];
    const onDisconnect: (() => void)[] = [];
    const port: FakePort = {
      posted: [],
      message: () => onMessage.forEach((l) => l()),
      // The background went away: the browser tells the page's side of the port.
      disconnect: () => onDisconnect.forEach((l) => l()),
      disconnected: false,
    };
    ports.push(port);
    return {
      name: 'follow',
      onMessage: { addListener: (l: () => void) => onMessage.push(l) },
      onDisconnect: { addListener: (l: () => void) => onDisconnect.push(l) },
      postMessage: (m: unknown) => port.posted.push(m),
      disconnect: () => (port.disconnected = true),
    };
  }) as never);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('following a tab', () => {
  it('tells one port each tab in turn, and reports its changes', () => {
    const onChange = vi.fn();
    const following = followTabs(onChange);
    following.follow(3);
    following.follow(7);
    expect(ports).toHaveLength(1);
    expect(ports[0].posted).toEqual([{ type: 'follow', tabId: 3 }, { type: 'follow', tabId: 7 }]);
    ports[0].message();
    expect(onChange).toHaveBeenCalledTimes(1);
    following.stop();
    expect(ports[0].disconnected).toBe(true);
  });

  it('connects again once the worker is stopped, follows the same tab and reloads', () => {
    const onChange = vi.fn();
    const following = followTabs(onChange);
    following.follow(5);
    ports[0].disconnect();
    // Not at once: at most once a second, should the background keep going away.
    expect(ports).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(ports).toHaveLength(2);
    expect(ports[1].posted).toEqual([{ type: 'follow', tabId: 5 }]);
    expect(onChange).toHaveBeenCalledTimes(1);
    ports[1].message();
    expect(onChange).toHaveBeenCalledTimes(2);
    following.stop();
  });

  it('tells the port the version of the tab the view shows, for a change in between to be told at once', () => {
    const following = followTabs(() => {});
    following.follow(5, 12);
    expect(ports[0].posted).toEqual([{ type: 'follow', tabId: 5, seen: 12 }]);
    following.stop();
  });

  it('does not connect again once stopped', () => {
    const following = followTabs(() => {});
    following.follow(5);
    following.stop();
    ports[0].disconnect();
    vi.advanceTimersByTime(5000);
    expect(ports).toHaveLength(1);
  });
});

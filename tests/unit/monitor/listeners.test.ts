import { describe, expect, it } from 'vitest';
import { MONITOR_LISTENERS } from '../../../lib/monitor/listeners';

describe('MONITOR_LISTENERS', () => {
  it('asks Chrome for the cookie headers with extraHeaders, and never Firefox, which refuses it', () => {
    expect(MONITOR_LISTENERS['webRequest.onSendHeaders'].extraInfoSpec.chrome).toEqual(['requestHeaders', 'extraHeaders']);
    expect(MONITOR_LISTENERS['webRequest.onHeadersReceived'].extraInfoSpec.chrome).toEqual(['responseHeaders', 'extraHeaders']);
    for (const listener of Object.values(MONITOR_LISTENERS)) {
      if ('extraInfoSpec' in listener) expect(listener.extraInfoSpec.firefox).not.toContain('extraHeaders');
    }
  });

  it('normalises garbage to null rather than throwing', () => {
    for (const listener of Object.values(MONITOR_LISTENERS)) {
      expect(listener.normalise({}, 'chrome')).toBeNull();
      expect(listener.normalise({ requestId: 5, url: null, tabId: 'x' }, 'firefox')).toBeNull();
    }
  });
});

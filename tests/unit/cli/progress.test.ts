import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSENT_CHOICES, findChromium } from '../../../cli/browser';
import { progressBar, progressLine } from '../../../cli/progress';
import { page, UNREACHABLE } from './fixture';

describe('progress', () => {
  it('says one line per page for CI logs: count, address, grade or error, time, retries', () => {
    expect(progressLine(3, 120, { ...page('audit'), ms: 2345, attempts: 1 })).toMatch(/^\[  3\/120\] https:\/\/audit\.test:\d+\/ D  5 cookies, 0 trackers 2\.3s$/);
    expect(progressLine(120, 120, { ...UNREACHABLE, attempts: 2 })).toBe(
      '[120/120] https://nowhere.invalid/ error DNS: the host name does not resolve (ERR_NAME_NOT_RESOLVED) 0.0s (try 2)',
    );
  });

  it('draws a bar with the rate and the time left', () => {
    expect(progressBar(50, 200, 2, 60_000, 20)).toBe('[#####---------------] 50/200 pages, 2 errors, 50.0/min, 180s left');
    expect(progressBar(0, 200, 0, 0, 4)).toBe('[----] 0/200 pages, 0 errors, 0.0/min');
  });
});

describe('the browser', () => {
  it('is the one given, or CHROMIUM_PATH, and nothing when the given one is missing', () => {
    const fake = join(mkdtempSync(join(tmpdir(), 'cookie-audit-browser-')), 'chromium');
    writeFileSync(fake, '');
    expect(findChromium(fake)).toBe(fake);
    expect(findChromium('/nowhere/chromium')).toBeNull();
    expect(findChromium(null, { CHROMIUM_PATH: fake })).toBe(fake);
  });

  it('asks the consent test for the choices issue #10 documents', () => {
    expect(CONSENT_CHOICES).toEqual({ refuse: ['refuse'], accept: ['accept'], both: ['refuse', 'accept'] });
  });
});

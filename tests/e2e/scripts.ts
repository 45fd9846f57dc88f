/**
 * What both browsers must show of the recipe site (RECIPES in support/server.mjs), whose page
 * runs under `Content-Security-Policy: script-src 'self' <tag hosts> 'nonce-…'`: the script
 * behind each cookie written from script, as the page reported it, in getReport and the popup.
 */
import { expect } from 'vitest';
import { readRows, waitUntil, type EvaluatingPage } from './popup';
import { HOSTS, RECIPES } from './support/server.mjs';

export interface ScriptsReport {
  cookies: { name: string; domain: string; firstParty: boolean; partitionKey: unknown; setBy?: string; script?: string; scriptKind?: string; findings: { id: string }[] }[];
  activity: {
    timeline: { cookie: { name: string; domain: string }; setBy?: string; script?: string; scriptKind?: string; scriptWrite?: string }[];
    thirdParties: { site: string; wroteFirstPartyCookies: string[] }[];
    dropped: Record<string, number>;
    storageWrites: { origin: string; area: string; key: string; op: string; writtenBy?: string; scriptKind: string; time: number; firstSetAt?: number }[];
  } | null;
}

const GA_SESSION = `_ga_${RECIPES.measurementId.slice(2)}`;
const segmentScript = (url: (host: string, path?: string) => string) => url(HOSTS.segment, `/analytics.js/v1/${RECIPES.segmentWriteKey}/analytics.min.js`);

/** Each script-written cookie, the script that wrote it and the kind of code. */
export function expectedScripts(url: (host: string, path?: string) => string) {
  const gtag = url(HOSTS.gtag, `/gtag/js?id=${RECIPES.measurementId}`);
  return {
    _ga: { script: gtag, scriptKind: 'file', firstParty: true },
    [GA_SESSION]: { script: gtag, scriptKind: 'file', firstParty: true },
    _fbp: { script: url(HOSTS.metaScript, '/en_US/fbevents.js'), scriptKind: 'file', firstParty: true },
    ajs_anonymous_id: { script: segmentScript(url), scriptKind: 'file', firstParty: true },
    // The page's own inline script: named by the document's address.
    recipe_units: { script: url(HOSTS.recipes), scriptKind: 'inline', firstParty: true },
    // Written in the player's own frame by its script from Vimeo's CDN.
    vuid: { script: url(HOSTS.vimeoCdn, RECIPES.vimeoPlayerScript), scriptKind: 'file', firstParty: false },
  } as Record<string, { script: string; scriptKind: string; firstParty: boolean }>;
}

/** The report, once every script-written cookie has its script; else an error saying what is missing. */
export function whenNamed(report: ScriptsReport, expected: ReturnType<typeof expectedScripts>): ScriptsReport {
  const missing = Object.keys(expected).filter((name) => !report.cookies.some((c) => c.name === name && c.script));
  if (missing.length > 0) throw new Error(`no script yet for ${missing.join(', ')}; cookies: ${report.cookies.map((c) => `${c.name}:${c.setBy}:${c.script}`).join(' ')}`);
  return report;
}

export function assertScriptsReport(report: ScriptsReport, expected: ReturnType<typeof expectedScripts>): void {
  for (const [name, { script, scriptKind, firstParty }] of Object.entries(expected)) {
    const cookie = report.cookies.find((c) => c.name === name);
    expect(cookie, name).toMatchObject({ setBy: 'script', script, scriptKind, firstParty });
    const entries = report.activity!.timeline.filter((e) => e.cookie.name === name && e.setBy === 'script' && e.script === script);
    expect(entries.length, `${name} in the timeline`).toBeGreaterThan(0);
    expect(entries[0].scriptWrite, `${name}'s write, its value redacted`).toMatch(new RegExp(`^${name}=…`));
  }
  // The CSP was in force: its blocked inline script never wrote.
  expect(report.cookies.map((c) => c.name)).not.toContain('csp_blocked');
  // Identifiers the tags wrote on the site's own domain: the new finding, with the vendor named.
  for (const name of ['_ga', '_fbp', 'ajs_anonymous_id']) {
    expect(report.cookies.find((c) => c.name === name)!.findings.map((f) => f.id), name).toContain('cookies-first-party-set-by-third-party-script');
  }
  expect(report.cookies.find((c) => c.name === 'recipe_units')!.findings.map((f) => f.id)).not.toContain('cookies-first-party-set-by-third-party-script');
  const wrote = Object.fromEntries(report.activity!.thirdParties.map((p) => [p.site, p.wroteFirstPartyCookies]));
  expect(wrote).toMatchObject({
    'googletagmanager.com': ['_ga', GA_SESSION],
    'facebook.net': ['_fbp'],
    'segment.com': ['ajs_anonymous_id'],
    'vimeocdn.com': [],
    'vimeo.com': [],
  });
  expect(report.activity!.dropped.scriptWrites).toBe(0);
}

/**
 * The web storage keys the page and its frames reported writing, and by which script: Segment's
 * id and traits, the page's inline script's step, the player's volume in its own frame.
 */
export function assertStorageWrites(report: ScriptsReport, url: (host: string, path?: string) => string): void {
  const write = (host: string, area: string, key: string, writtenBy: string, scriptKind: string) => ({ origin: url(host, ''), area, key, op: 'set', writtenBy, scriptKind, time: expect.any(Number), firstSetAt: expect.any(Number) });
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  const writes = [...report.activity!.storageWrites].sort(byKey);
  // Each key was set once: its first set is this one (the consent phase is read from it).
  for (const w of writes) expect(w.firstSetAt).toBe(w.time);
  expect(writes).toEqual([
    write(HOSTS.recipes, 'local', 'ajs_anonymous_id', segmentScript(url), 'file'),
    write(HOSTS.recipes, 'local', 'ajs_user_traits', segmentScript(url), 'file'),
    write(HOSTS.recipes, 'session', 'recipe_step', url(HOSTS.recipes), 'inline'),
    write(HOSTS.vimeoPlayer, 'local', 'sync_volume', url(HOSTS.vimeoCdn, RECIPES.vimeoPlayerScript), 'file'),
  ]);
}

/** Clicks on the popup's view tabs, run in the popup (both browsers). */
const SHOW = {
  cookies: () => document.getElementById('tab-cookies')?.click(),
  timeline: () => document.getElementById('tab-timeline')?.click(),
  trackers: () => document.getElementById('tab-trackers')?.click(),
};

/** The popup names the scripts in the cookie rows, the timeline and the trackers' cards. */
export async function assertScriptsShown(popup: EvaluatingPage): Promise<void> {
  const rows = await waitUntil('the rows name their scripts', async () => {
    await popup.evaluate(SHOW.cookies);
    const read = await readRows(popup);
    return read.some((r) => r.name === '_ga' && r.text.includes('googletagmanager.com')) ? read : null;
  });
  const rowText = (name: string) => rows.find((r) => r.name === name)?.text ?? '';
  expect(rowText('_ga')).toContain('set by a script from googletagmanager.com (reported by the page)');
  expect(rowText('_fbp')).toContain('set by a script from facebook.net (reported by the page)');
  expect(rowText('recipe_units')).toContain('set by an inline script of recipes.test (reported by the page)');
  expect(rowText('vuid')).toContain('set by a script from vimeocdn.com (reported by the page)');

  const entries = (await waitUntil('timeline entries', async () => {
    await popup.evaluate(SHOW.timeline);
    const read = (await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('tr.timeline-entry')].map((tr) => ({ name: tr.dataset.name ?? '', text: tr.textContent?.replace(/\s+/g, ' ') ?? '' })),
    )) as { name: string; text: string }[];
    return read.some((e) => e.name === '_fbp') ? read : null;
  })) as { name: string; text: string }[];
  const byWhom = (name: string) => entries.filter((e) => e.name === name && e.text.includes(name === 'vuid' ? 'vimeo.com' : 'recipes.test')).map((e) => e.text);
  expect(byWhom('_ga').join(' | ')).toContain('A script from googletagmanager.com (reported by the page)');
  expect(byWhom('_fbp').join(' | ')).toContain('A script from facebook.net (reported by the page)');
  expect(byWhom('recipe_units').join(' | ')).toContain('An inline script of recipes.test (reported by the page)');
  expect(byWhom('vuid').join(' | ')).toContain('A script from vimeocdn.com (reported by the page)');

  const gtagCard = (await waitUntil('the Google tag card', async () => {
    // Clicked again while waiting: a report reloading as the page keeps writing re-renders the popup.
    await popup.evaluate(SHOW.trackers);
    return popup.evaluate(() => document.querySelector('li.third-party[data-site="googletagmanager.com"]')?.textContent?.replace(/\s+/g, ' ') ?? null);
  })) as string;
  expect(gtagCard).toContain(`Scripts from googletagmanager.com wrote first-party cookies _ga, ${GA_SESSION} (reported by the page)`);
}

/**
 * stacks.test, through the real recorder: the script and kind of code reported for the cookie
 * each kind of script writes (the parser's own tests read the same stacks recorded raw).
 */
export function expectedStackScripts(url: (host: string, path?: string) => string, browser: 'chrome' | 'firefox') {
  const page = url(HOSTS.stacks);
  const writer = url(HOSTS.stacks, '/js/writer.js');
  const file = (script: string) => ({ script, scriptKind: 'file' });
  const made = (script: string | undefined) => ({ script, scriptKind: 'eval' });
  return {
    file: file(writer),
    helper: file(url(HOSTS.stacks, '/js/helper.js')),
    eval_in_file: made(writer),
    function_in_file: made(writer),
    nested_eval: made(writer),
    async_nested: file(writer),
    promise: file(writer),
    reflect: file(writer),
    injected_by_file: made(writer),
    // V8 runs a string timer as code of no script; SpiderMonkey names the file that set it.
    timeout_string: browser === 'chrome' ? made(undefined) : file(writer),
    at_in_url: file(url(HOSTS.stacks, '/npm/consent-lib@1.2.3/dist/consent.min.js')),
    module: file(url(HOSTS.stacks, '/js/module.js')),
    inline: { script: page, scriptKind: 'inline' },
    eval_in_inline: made(page),
    inline_after_move: made(page),
    // V8 names the address the page loaded with; SpiderMonkey the one it had when the handler ran,
    // before or after the page rewrote it (the image may load either side of that script).
    handler: { script: browser === 'chrome' ? page : (expect.stringMatching(/^https:\/\/stacks\.test:\d+\/(moved\?step=2)?$/) as unknown as string), scriptKind: 'inline' },
    data: file('data:text/javascript'),
    about_blank: { script: page, scriptKind: 'inline' },
    srcdoc: { script: 'about:srcdoc', scriptKind: 'inline' },
  } as Record<string, { script: string | undefined; scriptKind: string }>;
}

/** The timeline's script for each of `names` (its first write), once all are credited; else an error saying which are not. */
export function stackScriptsOf(report: ScriptsReport, names: string[]): Record<string, { script: string | undefined; scriptKind: string | undefined }> {
  const found: Record<string, { script: string | undefined; scriptKind: string | undefined }> = {};
  for (const name of names) {
    const entry = report.activity?.timeline.find((e) => e.cookie.name === name && e.cookie.domain === HOSTS.stacks && e.scriptKind);
    if (entry) found[name] = { script: entry.script, scriptKind: entry.scriptKind };
  }
  const missing = names.filter((n) => !(n in found));
  if (missing.length > 0) throw new Error(`no script yet for ${missing.join(', ')}`);
  return found;
}

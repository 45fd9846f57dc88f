/**
 * Benchmark of the webRequest hot path. Replays 100,000 realistic Chrome webRequest events (page
 * loads across a few hundred sites: first-party scripts, images and XHR, third-party images,
 * tracking pixels with ids in their query, beacons) through exactly what the listeners run: the
 * normaliser from MONITOR_LISTENERS, then `apply`, which classifies pixels. The yardstick is
 * `new URL()` on the same events' URLs.
 *
 * Method. Events are generated in chunks of 1,000 between timings, so that events awaiting their
 * turn cost no time and weigh on no collection. Each event is timed on its own with
 * process.hrtime.bigint() (nanosecond resolution on Linux and macOS) less the timer's own cost,
 * the median of back-to-back calls (about 100 ns); an event takes a microsecond or more, well
 * above both. Right after it, `new URL()` on its URL is timed the same way, so that both see the
 * same machine load; the ratio is of the two medians. The stream is then replayed again with
 * whole chunks timed at once, to check that timing single events does not distort the mean.
 * Everything runs first on another stream, so that the JIT has compiled it. Heap growth is
 * `heapUsed` after a full collection, after the replay less before: what the monitor state keeps.
 *
 * Then cookie changes on a tab holding many cookies (COOKIE_TAB_COOKIES, first written by a
 * response or by a script, then rewritten one at a time): each `cookieChanged` event through
 * `apply`, timed on its own the same way, and what the report derives from the tab for every
 * cookie row (`observationsOf` and `cookieScripts`), timed per call.
 *
 * Then the knowledge lookups the report makes for every cookie and third-party host
 * (`cookiePurpose`, `knownTracker`), each call timed on its own the same way; and the size of the
 * built Chrome bundles, raw (what the browser parses) and gzipped (what a store download costs).
 *
 * Run: npm run bench (jiti scripts/bench.ts)
 * Its last line: bench: median_us=<m> p99_us=<p> url_parse_ratio=<median ours / median URL parse>
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { EXACT_COOKIES, PREFIX_COOKIES } from '../lib/knowledge/generated/cookies';
import { ENTITY_DOMAINS } from '../lib/knowledge/generated/entities';
import { BADGER_SETT } from '../lib/knowledge/generated/trackers';
import { cookiePurpose } from '../lib/knowledge/purpose';
import { knownTracker } from '../lib/knowledge/trackers';
import { apply } from '../lib/monitor/apply';
import { observationsOf } from '../lib/monitor/report';
import { cookieScripts } from '../lib/monitor/scripts';
import { MONITOR_LISTENERS, type MonitorListenerName } from '../lib/monitor/listeners';
import { createMonitorState, type MonitorState } from '../lib/monitor/state';
import type { WebRequestDetails } from '../lib/requests/normalise';
import type { CookieId } from '../lib/cookies/cookie';
import type { CookieChangedEvent } from '../lib/monitor/events';

const EVENTS = 100_000;
const WARM_UP_EVENTS = 50_000;
const CHUNK = 1000;
const TABS = 20;
const PAGE_SITES = 300;
const THIRD_PARTIES = { cdn: 40, tracker: 60, analytics: 20 };
const LOOKUPS = 20_000;
/** Cookies of the tab in the cookie-change part, and the rewrites replayed after they were all set. */
const COOKIE_TAB_COOKIES = 1000;
const COOKIE_REWRITES = 20_000;
const REPORT_CALLS = 200;
const CHROME_BUILD = fileURLToPath(new URL('../.output/chrome-mv3/', import.meta.url));

interface Recorded {
  listener: MonitorListenerName;
  /** As the browser passes them, fields the monitor does not read included. */
  details: WebRequestDetails & Record<string, unknown>;
}

/** A small seeded PRNG (mulberry32), so that every run replays the same events. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Headers = [name: string, value: string][];

interface Response {
  status: number;
  headers: Headers;
}

/** A page being loaded: where its requests come from. */
interface Page {
  tabId: number;
  /** Chrome's id of the page's document; none for the document request itself. */
  documentId?: string;
  origin?: string;
}

const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const REQUEST_HEADERS: Headers = [
  ['User-Agent', USER_AGENT],
  ['Accept', '*/*'],
  ['Accept-Language', 'en-GB,en;q=0.9'],
  ['Sec-Fetch-Mode', 'no-cors'],
  ['Sec-Fetch-Site', 'cross-site'],
  ['sec-ch-ua-platform', '"Linux"'],
];

const asHeaders = (pairs: Headers) => pairs.map(([name, value]) => ({ name, value }));

const ok = (type: string, length: number, extra: Headers = []): Response => ({
  status: 200,
  headers: [
    ['content-type', type],
    ['content-length', String(length)],
    ['cache-control', 'public, max-age=86400'],
    ['date', 'Tue, 26 Nov 2024 09:00:00 GMT'],
    ['server', 'nginx'],
    ...extra,
  ],
});

const gif = (setCookie: string | null): Response => ({
  status: 200,
  headers: [
    ['content-type', 'image/gif'],
    ['content-length', '43'],
    ['cache-control', 'no-cache, no-store, must-revalidate'],
    ['pragma', 'no-cache'],
    ['expires', 'Thu, 01 Jan 1970 00:00:00 GMT'],
    ...(setCookie === null ? [] : ([['set-cookie', setCookie]] as Headers)),
  ],
});

/** `count` events of page loads in TABS tabs, the same for the same seed. */
function* generate(seed: number, count: number): Generator<Recorded> {
  const rand = random(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const hex = (length: number) => Array.from({ length }, () => pick(16).toString(16)).join('');
  let requestId = seed * 10_000_000;
  let time = 1_732_611_600_000;

  /** The events of one request, from onBeforeRequest to onCompleted (or, once in a hundred, onErrorOccurred). */
  function* lifecycle(page: Page, url: string, type: string, response: Response, cookie: string | null): Generator<Recorded> {
    const { tabId, documentId, origin: initiator } = page;
    const base = {
      requestId: String(requestId++),
      url,
      type,
      tabId,
      frameId: 0,
      parentFrameId: -1,
      frameType: 'outermost_frame',
      documentId,
      documentLifecycle: 'active',
      initiator,
      method: 'GET',
      timeStamp: (time += 3),
    };
    yield { listener: 'webRequest.onBeforeRequest', details: base };
    const requestHeaders = asHeaders(cookie === null ? REQUEST_HEADERS : [...REQUEST_HEADERS, ['Cookie', cookie]]);
    yield { listener: 'webRequest.onSendHeaders', details: { ...base, timeStamp: time + 1, requestHeaders } };
    const responseHeaders = asHeaders(response.headers);
    yield { listener: 'webRequest.onHeadersReceived', details: { ...base, timeStamp: time + 30, statusCode: response.status, responseHeaders } };
    yield rand() < 0.01
      ? { listener: 'webRequest.onErrorOccurred', details: { ...base, timeStamp: time + 31, error: 'net::ERR_ABORTED' } }
      : { listener: 'webRequest.onCompleted', details: { ...base, timeStamp: time + 40, statusCode: response.status, fromCache: false } };
  }

  /** One page load: the document, its commit, then 20 to 50 subresources. */
  function* pageLoad(): Generator<Recorded> {
    const tabId = 100 + pick(TABS);
    const site = `site${pick(PAGE_SITES)}.example`;
    const url = `https://www.${site}/articles/${pick(5000)}`;
    const session = `sid=${hex(32)}; _ga=GA1.1.${pick(1e9)}.${pick(1e9)}; theme=dark`;
    const documentHeaders: Headers = [
      ['strict-transport-security', 'max-age=31536000'],
      ['set-cookie', `sid=${hex(32)}; Path=/; Secure; HttpOnly; SameSite=Lax`],
    ];
    yield* lifecycle({ tabId }, url, 'main_frame', ok('text/html; charset=utf-8', 80_000 + pick(40_000), documentHeaders), session);
    const page: Page = { tabId, documentId: hex(32).toUpperCase(), origin: `https://www.${site}` };
    const commit = { tabId, frameId: 0, frameType: 'outermost_frame', documentId: page.documentId, documentLifecycle: 'active', url, timeStamp: (time += 5) };
    yield { listener: 'webNavigation.onCommitted', details: commit };
    for (let n = 20 + pick(30); n > 0; n--) {
      const r = rand();
      if (r < 0.25) {
        yield* lifecycle(page, `https://static.${site}/js/chunk-${hex(8)}.js`, 'script', ok('text/javascript', 5_000 + pick(100_000)), session);
      } else if (r < 0.4) {
        yield* lifecycle(page, `${page.origin}/images/${hex(12)}.jpg?w=${pick(2000)}`, 'image', ok('image/jpeg', 10_000 + pick(300_000)), session);
      } else if (r < 0.6) {
        const cdn = `https://img${pick(4)}.cdn${pick(THIRD_PARTIES.cdn)}.test`;
        yield* lifecycle(page, `${cdn}/${hex(16)}.webp`, 'image', ok('image/webp', 2_000 + pick(200_000)), null);
      } else if (r < 0.75) {
        const tracker = `tracker${pick(THIRD_PARTIES.tracker)}.test`;
        const setCookie = rand() < 0.3 ? `uid=${hex(24)}; Domain=.${tracker}; Path=/; Max-Age=31536000; Secure; SameSite=None` : null;
        const pixel = `https://px.${tracker}/p.gif?uid=${hex(32)}&ev=pageview&dl=${encodeURIComponent(url)}&rnd=${pick(1e9)}`;
        yield* lifecycle(page, pixel, 'image', gif(setCookie), rand() < 0.5 ? `uid=${hex(24)}` : null);
      } else if (r < 0.8) {
        const collect = `https://collect.analytics${pick(THIRD_PARTIES.analytics)}.test/g/collect`;
        const beacon = `${collect}?v=2&tid=G-${hex(6)}&cid=${pick(1e9)}.${pick(1e9)}&en=scroll`;
        yield* lifecycle(page, beacon, 'ping', { status: 204, headers: [['access-control-allow-origin', page.origin!]] }, null);
      } else {
        yield* lifecycle(page, `https://api.${site}/v1/feed?page=${pick(20)}`, 'xmlhttprequest', ok('application/json', 500 + pick(20_000)), session);
      }
    }
  }

  let emitted = 0;
  while (true) {
    for (const event of pageLoad()) {
      if (emitted++ === count) return;
      // A browser hands details over deserialised, their strings flat; template literals make
      // rope strings, which V8 would flatten inside the timed code on first access.
      yield structuredClone(event);
    }
  }
}

/** What a listener does with an event: normalise its details, then apply the event. */
function listen(state: MonitorState, { listener, details }: Recorded): void {
  const event = MONITOR_LISTENERS[listener].normalise(details, 'chrome');
  if (event !== null) apply(state, event);
}

/** `new URL()` on an event's URL, the yardstick; returns something so that it is not optimised away. */
const parseUrl = ({ details }: Recorded): number => new URL(details.url as string).hostname.length;

/** The stream in arrays of `size`, made between timings so that events awaiting their turn weigh on no collection. */
function* chunked(stream: Iterable<Recorded>, size: number): Generator<Recorded[]> {
  let chunk: Recorded[] = [];
  for (const event of stream) {
    chunk.push(event);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Nanoseconds since `start`, less the timer's own cost. */
const since = (start: bigint, overheadNs: number): number => Math.max(0, Number(process.hrtime.bigint() - start) - overheadNs);

/** The timer's own cost: the median of back-to-back calls, in nanoseconds. */
function timerOverhead(): number {
  const samples = new Float64Array(10_000);
  for (let i = 0; i < samples.length; i++) samples[i] = since(process.hrtime.bigint(), 0);
  return percentile(samples.sort(), 0.5);
}

/**
 * Time each event through the listener code and, right after, through `new URL()`, so that both
 * see the same machine load. Microseconds, sorted; and the heap the monitor state kept.
 */
function timeEach(seed: number, overheadNs: number, gc: () => void) {
  const ours = new Float64Array(EVENTS);
  const parse = new Float64Array(EVENTS);
  let i = 0;
  let keep = 0;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const state = createMonitorState();
  for (const chunk of chunked(generate(seed, EVENTS), CHUNK)) {
    for (const event of chunk) {
      let start = process.hrtime.bigint();
      listen(state, event);
      ours[i] = since(start, overheadNs) / 1000;
      start = process.hrtime.bigint();
      keep += parseUrl(event);
      parse[i++] = since(start, overheadNs) / 1000;
    }
  }
  gc();
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  if (keep === 0) throw new Error('URL parsing was optimised away');
  return { ours: ours.sort(), parse: parse.sort(), state, heapGrowth };
}

/** Mean microseconds per event with whole chunks timed at once: checks that timing each event distorts nothing. */
function timeChunks(seed: number): number {
  const state = createMonitorState();
  let ns = 0;
  for (const chunk of chunked(generate(seed, EVENTS), CHUNK)) {
    const start = process.hrtime.bigint();
    for (const event of chunk) listen(state, event);
    ns += Number(process.hrtime.bigint() - start);
  }
  return ns / 1000 / EVENTS;
}

/**
 * A tab on `www.shop.example` whose page set COOKIE_TAB_COOKIES cookies, half by responses (a
 * Set-Cookie each) and half by scripts (as cookies.onChanged reports them), then
 * COOKIE_REWRITES rewrites of random ones, each an `overwrite` removal then the insertion, as
 * browsers report a change. The events, in order, and the tab's cookie ids.
 */
function cookieTab(seed: number) {
  const rand = random(seed);
  const tabId = 1;
  const state = createMonitorState();
  let time = 1_732_611_600_000;
  const url = 'https://www.shop.example/';
  listen(state, { listener: 'webNavigation.onCommitted', details: { tabId, frameId: 0, frameType: 'outermost_frame', documentId: 'D0C', documentLifecycle: 'active', url, timeStamp: time } as never });
  const cookies: CookieId[] = [];
  for (let i = 0; i < COOKIE_TAB_COOKIES; i++) {
    cookies.push({ name: `_ga_${(0x105714af51 + i * 7919).toString(16).toUpperCase()}`, domain: 'shop.example', path: '/', hostOnly: false, storeId: '0', partitionKey: null, firstPartyDomain: '' });
  }
  /** A response of the page setting `cookie` (for the first half): the Set-Cookie the change is put down to. */
  const respond = (cookie: CookieId, at: number) => {
    const base = { requestId: `r${at}`, url: `https://www.shop.example/api/${cookie.name}`, type: 'xmlhttprequest', tabId, frameId: 0, parentFrameId: -1, documentId: 'D0C', documentLifecycle: 'active', initiator: 'https://www.shop.example', method: 'GET', timeStamp: at };
    listen(state, { listener: 'webRequest.onBeforeRequest', details: base as never });
    const responseHeaders = [{ name: 'set-cookie', value: `${cookie.name}=v${at}; Domain=.shop.example; Path=/; Max-Age=63072000; Secure; SameSite=Lax` }];
    listen(state, { listener: 'webRequest.onHeadersReceived', details: { ...base, timeStamp: at + 1, statusCode: 200, responseHeaders } as never });
    listen(state, { listener: 'webRequest.onCompleted', details: { ...base, timeStamp: at + 2, statusCode: 200, fromCache: false } as never });
  };
  const change = (cookie: CookieId, removed: boolean, cause: CookieChangedEvent['cause']): CookieChangedEvent => ({ kind: 'cookieChanged', cookie: structuredClone(cookie), removed, cause, timeStamp: (time += 5) });
  cookies.forEach((cookie, i) => {
    if (i % 2 === 0) respond(cookie, time + 1);
    apply(state, change(cookie, false, 'explicit'));
  });
  const events: CookieChangedEvent[] = [];
  for (let i = 0; i < COOKIE_REWRITES; i++) {
    const cookie = cookies[Math.floor(rand() * cookies.length)];
    events.push(change(cookie, true, 'overwrite'), change(cookie, false, 'explicit'));
  }
  return { state, tab: state.tabs.get(tabId)!, events, cookies };
}

/** Microseconds per cookie change through `apply`, and per derivation of every row's facts, sorted. */
function timeCookieChanges(seed: number, overheadNs: number) {
  const { state, tab, events, cookies } = cookieTab(seed);
  const changes = new Float64Array(events.length);
  events.forEach((event, i) => {
    const start = process.hrtime.bigint();
    apply(state, event);
    changes[i] = since(start, overheadNs) / 1000;
  });
  const derive = new Float64Array(REPORT_CALLS);
  let known = 0;
  for (let i = 0; i < REPORT_CALLS; i++) {
    const start = process.hrtime.bigint();
    const observations = observationsOf(tab, cookies);
    const scripts = cookieScripts(tab);
    derive[i] = since(start, overheadNs) / 1000;
    known = observations.setBy.size + scripts.size;
  }
  return { changes: changes.sort(), derive: derive.sort(), setBy: observationsOf(tab, cookies).setBy.size, known };
}

type CookieKey = [name: string, domain: string];

/**
 * What the report looks up, `count` of each, the same for the same seed. Cookies: two in five
 * have a name the Open Cookie Database lists, one in ten a name under a prefix it lists, the rest
 * are sites' own names it does not know, the slowest case (every prefix length is tried); seven
 * in ten are on the page's own site, the others on a tracker's. Hosts: half are listed by
 * third-party-web or Badger Sett, requested under a subdomain as trackers are, half are sites and
 * CDNs neither lists.
 */
function lookupInputs(seed: number, count: number): { cookies: CookieKey[]; hosts: string[] } {
  const rand = random(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const exactNames = EXACT_COOKIES.map(([name]) => name);
  const prefixes = PREFIX_COOKIES.map(([name]) => name);
  const ownNames = ['session', 'cart', 'theme', 'lang', 'consent', 'csrf', 'ab_test', 'visitor'];
  const trackerSites = [...BADGER_SETT.keys()];
  // A wildcard entry (`*.doubleclick.net`) is requested under a subdomain of it.
  const entityHosts = [...ENTITY_DOMAINS.keys()].map((d) => d.replace(/^\*\./, 'px.'));
  const cookies: CookieKey[] = [];
  const hosts: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = rand();
    const name = c < 0.4 ? pick(exactNames) : c < 0.5 ? `${pick(prefixes)}${int(1e6)}` : `${pick(ownNames)}_${int(100)}`;
    cookies.push([name, rand() < 0.7 ? `.site${int(PAGE_SITES)}.example` : `.${pick(trackerSites)}`]);
    const h = rand();
    hosts.push(
      h < 0.3 ? pick(entityHosts)
      : h < 0.5 ? `px.${pick(trackerSites)}`
      : h < 0.75 ? `www.site${int(PAGE_SITES)}.example`
      : `img${int(4)}.cdn${int(THIRD_PARTIES.cdn)}.test`,
    );
  }
  return { cookies, hosts };
}

/** Microseconds per call of `lookup` on each input, timed one by one and sorted; and how many it found. */
function timeLookups<T>(inputs: readonly T[], lookup: (input: T) => unknown, overheadNs: number) {
  const times = new Float64Array(inputs.length);
  let found = 0;
  for (let i = 0; i < inputs.length; i++) {
    const start = process.hrtime.bigint();
    if (lookup(inputs[i]) !== null) found++;
    times[i] = since(start, overheadNs) / 1000;
  }
  return { times: times.sort(), found };
}

const lookupPurpose = ([name, domain]: CookieKey) => cookiePurpose(name, domain);

/** Bytes of a built file, raw and gzipped. */
function fileSize(path: string): string {
  const bytes = readFileSync(path);
  return `${bytes.length} bytes, gzip ${gzipSync(bytes).length}`;
}

/** The sizes of the background bundle and of the popup's entry chunk (named by popup.html, its name is hashed). */
function bundleSizes(): string[] {
  if (!existsSync(CHROME_BUILD)) return ['bundles: build missing (.output/chrome-mv3); run npm run build'];
  const popupEntry = /<script[^>]*\ssrc="\/([^"]+)"/.exec(readFileSync(join(CHROME_BUILD, 'popup.html'), 'utf8'))?.[1];
  if (popupEntry === undefined) throw new Error('popup.html names no script: has the build layout changed?');
  return [`bundle background.js: ${fileSize(join(CHROME_BUILD, 'background.js'))}`, `bundle ${popupEntry}: ${fileSize(join(CHROME_BUILD, popupEntry))}`];
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// Warm up on another stream, so that the JIT has compiled both contestants.
const warmState = createMonitorState();
for (const event of generate(7, WARM_UP_EVENTS)) {
  listen(warmState, event);
  parseUrl(event);
}
const warmLookups = lookupInputs(7, LOOKUPS);
warmLookups.cookies.forEach(lookupPurpose);
warmLookups.hosts.forEach(knownTracker);
timeCookieChanges(7, 0);

const overhead = timerOverhead();
const { ours, parse, state, heapGrowth } = timeEach(42, overhead, gc);
const chunkMean = timeChunks(42);
const cookieChanges = timeCookieChanges(42, overhead);
const lookups = lookupInputs(42, LOOKUPS);
const purposes = timeLookups(lookups.cookies, lookupPurpose, overhead);
const trackers = timeLookups(lookups.hosts, knownTracker, overhead);

let thirdParties = 0;
let pixels = 0;
let beacons = 0;
for (const tab of state.tabs.values()) {
  for (const site of tab.page.sites.values()) {
    if (site.site !== tab.page.site) thirdParties++;
    pixels += site.pixels.length;
    beacons += site.beacons.length;
  }
}

const us = (sorted: Float64Array, p: number) => percentile(sorted, p).toFixed(2);
const median = percentile(ours, 0.5);
console.log(`events: ${EVENTS}, ${state.tabs.size} tabs; visible pages hold ${thirdParties} third parties, ${pixels} pixels, ${beacons} beacons`);
console.log(`timer overhead subtracted: ${overhead} ns per measurement`);
console.log(`normalise+classify+apply: median ${us(ours, 0.5)} µs, p90 ${us(ours, 0.9)}, p99 ${us(ours, 0.99)}, p99.9 ${us(ours, 0.999)}, max ${us(ours, 1)}`);
console.log(`new URL() on the same URLs: median ${us(parse, 0.5)} µs, p90 ${us(parse, 0.9)}, p99 ${us(parse, 0.99)}`);
console.log(`whole chunks of ${CHUNK} timed at once: mean ${chunkMean.toFixed(2)} µs per event`);
console.log(`heap growth after the replay (the state kept): ${(heapGrowth / 1024 / 1024).toFixed(1)} MiB`);
console.log(
  `cookie changes (${COOKIE_TAB_COOKIES} cookies on the tab, ${COOKIE_REWRITES} rewrites): apply median ${us(cookieChanges.changes, 0.5)} µs, p99 ${us(cookieChanges.changes, 0.99)}; ` +
    `observationsOf+cookieScripts median ${us(cookieChanges.derive, 0.5)} µs, p99 ${us(cookieChanges.derive, 0.99)}; set by known for ${cookieChanges.setBy} of ${COOKIE_TAB_COOKIES}`,
);
const percent = (n: number) => `${Math.round((100 * n) / LOOKUPS)}%`;
console.log(`cookiePurpose: median ${us(purposes.times, 0.5)} µs, p99 ${us(purposes.times, 0.99)} (${LOOKUPS} cookies, ${percent(purposes.found)} known)`);
console.log(`knownTracker: median ${us(trackers.times, 0.5)} µs, p99 ${us(trackers.times, 0.99)} (${LOOKUPS} hosts, ${percent(trackers.found)} known)`);
for (const line of bundleSizes()) console.log(line);
console.log(`bench: median_us=${median.toFixed(2)} p99_us=${us(ours, 0.99)} url_parse_ratio=${(median / percentile(parse, 0.5)).toFixed(2)}`);

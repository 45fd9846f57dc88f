import { describe, expect, it } from 'vitest';
import type { SharedIdentifier } from '../../../lib/knowledge/sync';
import { apply } from '../../../lib/monitor/apply';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { deserialise, serialise } from '../../../lib/monitor/persist';
import { createMonitorState, MAX_SYNCS_PER_PAGE, type MonitorState } from '../../../lib/monitor/state';
import { buildReport } from '../../../lib/report';
import { makeCookie } from '../cookies/helpers';
import { completed, navigation, received, request, sent } from './builders';

const PAGE_URL = 'https://www.shop.example/product/42';
/**
 * Google's first-party cookies as gtag.js writes them: `_gcl_au` (Google Ads' conversion linker)
 * and `_ga` (https://developers.google.com/tag-platform/security/concepts/cookies), and Meta's
 * `_fbp` (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc).
 */
const GCL_AU_CLIENT = '1183649187.1732611600';
const GA_CLIENT = '1373326669.1697116895';
const FBP = 'fb.1.1732611600000.1116446470';
const FIRST_PARTY_COOKIES = `_gcl_au=1.1.${GCL_AU_CLIENT}; _ga=GA1.1.${GA_CLIENT}; _fbp=${FBP}; cart=3; consent=accepted_all_cookies`;
/** An ad network's id cookie, as a cookie-matching pixel sets it. */
const ADNET_UID = '5e8b2d4f6a0c7d3f9a1c4b6e8d0f2a1c';

/** The page's own stylesheets, scripts and images, which the browser fetches before its tags run. */
const OWN_SUBRESOURCES = ['/assets/app.css', '/assets/app.js', '/assets/vendor.js', '/img/logo.svg'];

/** A page load: the document and its own subresources, sent with the site's cookies. */
function pageLoad(cookieHeader: string | null = FIRST_PARTY_COOKIES): MonitorEvent[] {
  const own = OWN_SUBRESOURCES.flatMap((path, i) => [
    request(`own${i}`, `https://www.shop.example${path}`, path.endsWith('.css') ? 'stylesheet' : path.endsWith('.js') ? 'script' : 'image'),
    ...(cookieHeader === null ? [] : [sent(`own${i}`, cookieHeader)]),
    completed(`own${i}`),
  ]);
  return [
    request('doc', PAGE_URL, 'main_frame'),
    ...(cookieHeader === null ? [] : [sent('doc', cookieHeader)]),
    received('doc', { contentType: 'text/html', contentLength: 80_000 }),
    completed('doc'),
    navigation(1, PAGE_URL),
    ...own,
  ];
}

function run(events: MonitorEvent[], state = createMonitorState()): MonitorState {
  for (const event of events) apply(state, event);
  return state;
}

const syncsOf = (state: MonitorState) => state.tabs.get(1)!.page.syncs;
const sharing = (cookie: string, to: string, param: string): SharedIdentifier => ({ kind: 'pixel-cookie-sharing', from: 'shop.example', to, cookie, param });

describe('identifiers handed on in any third-party request', () => {
  it("finds Google Ads' _gcl_au in a script URL", () => {
    // The remarketing script gtag.js loads; `auid` is the client id of _gcl_au.
    const script =
      'https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123456789/?random=1732611600123&cv=11&fst=1732611600123' +
      '&bg=ffffff&guid=ON&async=1&gtm=45be4bk0v877914216z8811317229za200&gcd=13l3l3l3l1l1&dma=0&u_w=1920&u_h=1080' +
      `&url=https%3A%2F%2Fwww.shop.example%2Fproduct%2F42&auid=${GCL_AU_CLIENT}&data=event%3Dgtag.config&rfmt=3&fmt=4`;
    const state = run([...pageLoad(), request('ads', script, 'script'), completed('ads')]);
    expect(syncsOf(state)).toEqual([sharing('_gcl_au', 'doubleclick.net', 'auid')]);
  });

  it("finds Meta's _fbp in a pixel hit sent with fetch", () => {
    // fbevents.js sends its hits with fetch when it can (`rqm=FGET`).
    const hit = `https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&dl=https%3A%2F%2Fwww.shop.example%2F&rl=&if=false&ts=1732611600123&sw=1920&sh=1080&v=2.9.176&r=stable&ec=0&o=4126&fbp=${FBP}&ler=empty&it=1732611599000&coo=false&rqm=FGET`;
    const state = run([...pageLoad(), request('fb', hit, 'xmlhttprequest'), completed('fb')]);
    expect(syncsOf(state)).toEqual([sharing('_fbp', 'facebook.com', 'fbp')]);
  });

  it('finds a cookie-match redirect: the id a pixel just set, passed on in the next hop', () => {
    const state = run([
      ...pageLoad(null),
      request('m', 'https://pixel.adnet.example/sync?pid=7', 'image'),
      received('m', {
        statusCode: 302,
        setCookie: [`uid=${ADNET_UID}; Domain=.adnet.example; Path=/; Max-Age=31536000; Secure; SameSite=None`],
      }),
      request('m', `https://match.dsp.example/match?partner=adnet&partner_uid=${ADNET_UID}`, 'image'),
      completed('m'),
    ]);
    expect(syncsOf(state)).toEqual([{ kind: 'cookie-syncing', from: 'adnet.example', to: 'dsp.example', cookie: 'uid', param: 'partner_uid' }]);
  });

  it("finds a third party's cookie, sent to it, in another one's iframe address", () => {
    const state = run([
      ...pageLoad(null),
      request('a', 'https://cdn.adnet.example/tag.js', 'script'),
      sent('a', `uid=${ADNET_UID}`),
      completed('a'),
      request('f', `https://ads.partner.example/frame/${ADNET_UID}/index.html`, 'sub_frame'),
    ]);
    expect(syncsOf(state)).toEqual([{ kind: 'cookie-syncing', from: 'adnet.example', to: 'partner.example', cookie: 'uid', param: 'path' }]);
  });

  it("reads a document's many cookies a few per request, over its first own requests", () => {
    // One new value per event: the document's header holds four long ones (three identifiers).
    const fbHit = (id: string) => request(id, `https://www.facebook.com/tr/?id=1&ev=PageView&fbp=${FBP}`, 'xmlhttprequest');
    const early = run([...pageLoad().slice(0, 5), fbHit('early')]);
    expect(syncsOf(early)).toEqual([]);
    const later = run([...pageLoad(), fbHit('later')]);
    expect(syncsOf(later)).toEqual([sharing('_fbp', 'facebook.com', 'fbp')]);
  });

  it('finds nothing in ordinary traffic', () => {
    const state = run([
      ...pageLoad(),
      // The site's own API gets its own cookie; the ad network gets its own id back.
      request('1', `https://api.shop.example/v1/cart?ga=${GA_CLIENT}`, 'xmlhttprequest'),
      request('2', 'https://cdn.adnet.example/tag.js', 'script'),
      sent('2', `uid=${ADNET_UID}`),
      request('3', `https://pixel.adnet.example/p?uid=${ADNET_UID}`, 'image'),
      // Values that are not identifiers are not looked for; neither are unrelated ids.
      request('4', 'https://cdn.example/lib.js?cart=3&consent=accepted_all_cookies', 'script'),
      request('5', 'https://cdn.example/lib.js?v=3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c', 'script'),
    ]);
    expect(syncsOf(state)).toEqual([]);
  });

  it('records each finding once, and counts those past the cap', () => {
    const repeated = run([
      ...pageLoad(),
      request('1', `https://region1.google-analytics.com/g/collect?v=2&cid=${GA_CLIENT}&en=page_view`, 'beacon'),
      request('2', `https://region1.google-analytics.com/g/collect?v=2&cid=${GA_CLIENT}&en=scroll`, 'beacon'),
    ]);
    expect(syncsOf(repeated)).toEqual([sharing('_ga', 'google-analytics.com', 'cid')]);

    const many = run([
      ...pageLoad(),
      ...Array.from({ length: MAX_SYNCS_PER_PAGE + 5 }, (_, i) => request(`r${i}`, `https://t${i}.example/p?cid=${GA_CLIENT}`, 'script')),
    ]);
    expect(syncsOf(many)).toHaveLength(MAX_SYNCS_PER_PAGE);
    expect(many.tabs.get(1)!.page.dropped.syncs).toBe(5);
  });

  it('keeps names only: the findings are persisted, the values and their hashes are not', () => {
    const state = run([...pageLoad(), request('ads', `https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/?auid=${GCL_AU_CLIENT}`, 'script')]);
    const stored = JSON.stringify(serialise(state));
    for (const value of [GCL_AU_CLIENT, GA_CLIENT, FBP]) expect(stored).not.toContain(value);
    const restored = deserialise(JSON.parse(stored));
    expect(syncsOf(restored)).toEqual([sharing('_gcl_au', 'doubleclick.net', 'auid')]);
    // A restarted worker learns the values again from the next requests; until then it finds nothing.
    run([request('fb', `https://www.facebook.com/tr/?id=1&ev=PageView&fbp=${FBP}`, 'xmlhttprequest')], restored);
    expect(syncsOf(restored)).toHaveLength(1);
    // The page's own frame document carries its cookies again, and so do the frame's subresources.
    run(
      [
        request('frame', 'https://www.shop.example/widgets/reviews', 'sub_frame', { frameId: 3 }),
        sent('frame', FIRST_PARTY_COOKIES),
        ...OWN_SUBRESOURCES.flatMap((path, i) => [request(`f${i}`, `https://www.shop.example${path}`, 'script', { frameId: 3 }), sent(`f${i}`, FIRST_PARTY_COOKIES)]),
        request('fb2', `https://www.facebook.com/tr/?id=1&ev=ViewContent&fbp=${FBP}`, 'xmlhttprequest'),
      ],
      restored,
    );
    expect(syncsOf(restored)).toContainEqual(sharing('_fbp', 'facebook.com', 'fbp'));
  });

  it('reports them with the ones found in pixels and beacons, once each', () => {
    const state = run([
      ...pageLoad(),
      request('ads', `https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/?auid=${GCL_AU_CLIENT}`, 'script'),
      // A GA4 hit sent as a beacon: found live, and again from the cookie jar at report time.
      request('ga', `https://region1.google-analytics.com/g/collect?v=2&cid=${GA_CLIENT}&en=page_view`, 'beacon'),
      completed('ga'),
    ]);
    const report = buildReport({
      tab: { id: 1, url: PAGE_URL },
      storeId: '0',
      access: { ok: true },
      cookies: [makeCookie({ name: '_ga', value: `GA1.1.${GA_CLIENT}`, domain: 'shop.example' })],
      monitored: state.tabs.get(1)!,
      includeValues: false,
      now: new Date(1_732_611_700_000),
    });
    expect(report.activity?.syncs).toEqual([sharing('_gcl_au', 'doubleclick.net', 'auid'), sharing('_ga', 'google-analytics.com', 'cid')]);
  });
});

// Local HTTPS fixture sites on loopback, shared by the end-to-end tests and `npm start`.
// One server answers every fixture host name, routing on the Host header; the browsers map
// the names to 127.0.0.1 (Chromium: --host-resolver-rules, Firefox: network.dns.localDomains).
// HTTPS is required: browsers reject SameSite=None, Secure, Partitioned and __Host- cookies
// from plain http.
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSENT_HOSTS, consentRoutes } from './consent-sites.mjs';
import { CRAWL, crawlRoutes } from './crawl.mjs';

/** First party, its subdomain, a third-party embed (iframe) and a third-party pixel host. */
export const HOSTS = {
  site: 'site.test',
  sub: 'www.site.test',
  embed: 'embed.test',
  pixel: 'pixel.test',
  /** Receives the demo page's navigator.sendBeacon. */
  beacon: 'beacon.test',
  /** Serves a large image: a third party, but no pixel. */
  cdn: 'cdn.test',
  /** A second pixel host, for requests made after the background worker restarted. */
  late: 'late.test',
  /** A page whose trackers hand identifiers to each other (cookie syncing and sharing). */
  news: 'news.test',
  sync: 'sync.test',
  analytics: 'analytics.test',
  /** A third site embedding pixel.test: after site.test and news.test, Cookie Audit learns it as a tracker. */
  blog: 'blog.test',
  /** A host the public tracker data knows (Badger Sett, third-party-web), served locally. */
  known: 'stats.g.doubleclick.net',
  /** A single-page shop (`SHOP`) whose real tags follow its route changes. */
  shop: 'shop.test',
  // The real host names of those tags, served locally: Google tag and Google Analytics 4, the
  // Meta pixel, LinkedIn's Insight Tag, and Stripe.js, which the shop loads on its checkout.
  gtag: 'www.googletagmanager.com',
  ga4: 'region1.google-analytics.com',
  metaScript: 'connect.facebook.net',
  metaPixel: 'www.facebook.com',
  linkedinScript: 'snap.licdn.com',
  linkedinPixel: 'px.ads.linkedin.com',
  stripe: 'js.stripe.com',
  probe: 'probe.test',
  /** A site whose cookies show every kind of audit finding, and some the browser refuses. */
  audit: 'audit.test',
  /**
   * A recipe site under a strict Content-Security-Policy whose tags write first-party cookies
   * from script (`RECIPES`), and the video player it embeds, on Vimeo's real host names.
   */
  recipes: 'recipes.test',
  segment: 'cdn.segment.com',
  vimeoPlayer: 'player.vimeo.com',
  vimeoCdn: 'f.vimeocdn.com',
  /** Cookie writes from every kind of script (file, inline, eval, timers, blob:, data:): stacks to record. */
  stacks: 'stacks.test',
  /** A logged-in app whose cookies hold the session itself (`LOGIN`), next to an opaque session id. */
  login: 'login.test',
  /** Consent sites (consent-sites.mjs): compliant, violating, and one with an IAB TCF consent platform. */
  ...CONSENT_HOSTS,
  /** A shop of 200 product pages behind a sitemap index, to crawl (crawl.mjs). */
  crawl: CRAWL.host,
};

/**
 * Cookie-heavy tabs for the popup benchmark (scripts/bench-popup.mjs): a first-party page on
 * `heavy<N>.test` whose tab involves exactly N cookies. Chromium keeps at most 180 cookies per
 * site, so past `firstParty` cookies the rest come from third-party frames (`exchange-<N>-<k>.test`,
 * `perFrame` cookies each), as a news page's ad-exchange frames set their partners' cookies.
 */
export const POPUP_BENCH = {
  sizes: [50, 300, 1000],
  firstParty: 160,
  perFrame: 140,
  host: (n) => `heavy${n}.test`,
  frames: (n) => {
    const thirdParty = Math.max(0, n - Math.min(n, POPUP_BENCH.firstParty));
    return Array.from({ length: Math.ceil(thirdParty / POPUP_BENCH.perFrame) }, (_, k) => ({
      host: `exchange-${n}-${k + 1}.test`,
      cookies: Math.min(POPUP_BENCH.perFrame, thirdParty - k * POPUP_BENCH.perFrame),
    }));
  },
};
const POPUP_BENCH_HOSTS = POPUP_BENCH.sizes.flatMap((n) => [POPUP_BENCH.host(n), ...POPUP_BENCH.frames(n).map((f) => f.host)]);

export const ALL_HOSTS = [...Object.values(HOSTS), ...POPUP_BENCH_HOSTS];

/** The hostile cookie the demo page sets from script: it must show as text, never run. */
export const HOSTILE = {
  name: '<script>alert(1)</script>',
  value: '<img src=x onerror=alert(2)>',
};

/** A self-signed certificate for every fixture host, made fresh with openssl. */
function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const san = ALL_HOSTS.map((h) => `DNS:${h}`).join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', key, '-out', cert, '-subj', '/CN=site.test', '-addext', `subjectAltName=${san}`,
  ], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * login.test's cookies after a log-in, each as its stack makes it:
 * - `session`: Flask's default session cookie (https://flask.palletsprojects.com/en/stable/api/#sessions),
 *   an itsdangerous URLSafeTimedSerializer payload (https://itsdangerous.palletsprojects.com/en/stable/url_safe/):
 *   zlib-compressed base64url JSON after a `.` (itsdangerous compresses when that is shorter, as it is
 *   for this basket), a timestamp and an HMAC-SHA1 signature; the keys are Flask-Login's `_user_id`,
 *   `_fresh` and `_id` (https://flask-login.readthedocs.io/en/latest/#session-protection) and the app's
 *   basket. HttpOnly, as Flask sets it by default.
 * - `access_token`: a JWT (RFC 7519, HS256) set without HttpOnly so that the app's scripts can send it.
 * - `isLoggedIn=true`, written by the page's script after the log-in.
 * - `__Host-sid`: the opaque session id done right: 128 random bits, HttpOnly, Secure.
 */
function loginCookies() {
  const b64url = (data) => Buffer.from(data).toString('base64url');
  const secret = randomBytes(32);
  const userId = '58310';
  const flaskJson = JSON.stringify({
    _fresh: true,
    _id: createHash('sha512').update(`127.0.0.1|${userId}`).digest('hex'),
    _user_id: userId,
    basket: Array.from({ length: 12 }, () => 'espresso-beans-1kg'),
  });
  const compressed = deflateSync(flaskJson);
  if (compressed.length >= flaskJson.length - 1) throw new Error('itsdangerous would not compress this payload');
  const payload = `.${b64url(compressed)}`;
  const timestamp = b64url(Buffer.from([0x68, 0x2f, 0x1a, 0x00]));
  const flaskKey = createHmac('sha1', secret).update('cookie-session').digest();
  const session = `${payload}.${timestamp}.${b64url(createHmac('sha1', flaskKey).update(`${payload}.${timestamp}`).digest())}`;
  const now = Math.floor(Date.now() / 1000);
  const jwtBody = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(
    JSON.stringify({ sub: userId, email: 'alice@login.test', role: 'customer', iat: now, exp: now + 15 * 60 }),
  )}`;
  const accessToken = `${jwtBody}.${b64url(createHmac('sha256', secret).update(jwtBody).digest())}`;
  return { session, accessToken, sid: randomBytes(16).toString('hex'), userId, email: 'alice@login.test' };
}

/** The values login.test sets: tests check that no report carries them. */
export const LOGIN = loginCookies();

/** pixel.test's identifier cookie, and the Google Analytics client id news.test sets. */
const PIXEL_UID = 'a3f1c9e07b2d4e5f9a8b7c6d5e4f3a2b';
const GA_CLIENT_ID = '918273645.1732611634';

// A 1×1 transparent GIF: the 43 bytes every tracking pixel sends.
const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A JS string literal safe inside an inline <script>: `</script>` in it must not end the element. */
function scriptString(text) {
  return JSON.stringify(text).replace(/</g, '\\u003c');
}

// A real 80×64 PNG of 15 kB, stored uncompressed: a third-party image, but no pixel.
const LARGE_IMAGE = largePng(80, 64);

function largePng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(data.length + 12);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), data.length + 8);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let i = 0; i < rows.length; i++) rows[i] = i % (width * 3 + 1) === 0 ? 0 : (i * 2654435761) >>> 24;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A tracking pixel's response: the 1×1 GIF, uncacheable, setting an identifier cookie. */
function pixel(setCookie) {
  return {
    headers: { 'Set-Cookie': [setCookie], 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' },
    body: PIXEL_GIF,
  };
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:15px system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px}iframe{width:100%;height:90px;border:1px solid #ccc}</style>
</head><body>${body}</body></html>`;
}

/**
 * The demo site. `/` is a first-party page that sets cookies by HTTP and by script, embeds a
 * same-site subdomain frame and a third-party frame that sets a Partitioned cookie, and loads a
 * third-party image that sets a SameSite=None cookie.
 */
function routes(port) {
  const origin = (host) => `https://${host}:${port}`;
  const year = 365 * 24 * 3600;
  return {
    [HOSTS.site]: {
      '/': {
        headers: {
          'Set-Cookie': [
            'session_id=8f14e45fceea167a5a36dedd4bea2543; Path=/; Secure; HttpOnly; SameSite=Lax',
            `prefs=theme-dark; Path=/; Max-Age=${Math.round(year * 13 / 12)}; Secure; SameSite=Strict`,
            '__Host-csrf=Zm9vYmFyYmF6cXV4; Path=/; Secure; HttpOnly; SameSite=Strict',
            'cart=3; Path=/shop; Secure; SameSite=Lax',
          ],
        },
        body: page('Site — Cookie Audit demo', `
<h1>A first-party page</h1>
<p>It sets cookies by HTTP and by script, embeds a same-site frame and a third-party frame, and loads a third-party image.</p>
<iframe src="${origin(HOSTS.sub)}/frame" title="Same-site frame"></iframe>
<iframe src="${origin(HOSTS.embed)}/widget" title="Third-party widget"></iframe>
<img id="pixel" src="${origin(HOSTS.pixel)}/p.gif?cid=0f9e8d7c6b5a4f3e2d1c" width="1" height="1" alt="">
<img id="hero" src="${origin(HOSTS.cdn)}/hero.png" width="320" height="80" alt="A large image from a CDN">
<script>
  document.cookie = 'js_visit=1; path=/; max-age=3600; samesite=lax';
  // Google Analytics' client id, as its script sets it: a well-known cookie with a known purpose.
  document.cookie = '_ga=GA1.1.1234567890.1700000000; path=/; max-age=63072000; samesite=lax';
  document.cookie = ${scriptString(`${HOSTILE.name}=${HOSTILE.value}; path=/`)};
  navigator.sendBeacon('${origin(HOSTS.beacon)}/collect?ev=pageview&vid=7d3f9a1c5e8b2d4f6a0c', 'page=home');
</script>`),
      },
    },
    [HOSTS.sub]: {
      '/frame': {
        headers: { 'Set-Cookie': ['sub_pref=compact; Path=/; Secure; SameSite=Lax'] },
        body: page('Same-site frame', '<p>www.site.test: same site, different host.</p>'),
      },
    },
    [HOSTS.embed]: {
      '/widget': {
        headers: { 'Set-Cookie': ['embed_state=widget-open; Path=/; Secure; SameSite=None; Partitioned'] },
        body: page('Embed', '<p>embed.test: a third-party widget with a partitioned (CHIPS) cookie.</p>'),
      },
    },
    [HOSTS.pixel]: {
      '/p.gif': pixel(`uid=${PIXEL_UID}; Path=/; Max-Age=${year}; Secure; SameSite=None`),
      // Cookie syncing: the tracker redirects to its partner with its own id in the URL.
      '/sync': { status: 302, headers: { Location: `${origin(HOSTS.sync)}/p.gif?puid=${PIXEL_UID}` }, body: '' },
    },
    [HOSTS.late]: { '/p.gif': pixel(`late_uid=5e8b2d4f6a0c7d3f9a1c4b6e8d0f2a1c; Path=/; Max-Age=${year}; Secure; SameSite=None`) },
    [HOSTS.audit]: {
      '/': {
        headers: {
          'Set-Cookie': [
            // Good: an opaque session id, HttpOnly, Secure, SameSite, __Host- prefix.
            '__Host-sid=4c1f9a2b7e3d8f6a0b5c2d9e1f7a3b8c; Path=/; Secure; HttpOnly; SameSite=Lax',
            // A session cookie as too many frameworks set it: readable by script, no Secure, no SameSite.
            'PHPSESSID=9b2e7d4a1c8f3e6b0a5d2c7f4e1b8a3d; Path=/',
            // An anti-CSRF token without SameSite.
            'csrftoken=e5d4c3b2a1f0e9d8c7b6a5f4; Path=/; Secure',
            // Five years: browsers cap it at 400 days.
            `remember=yes; Path=/; Max-Age=${5 * year}; Secure; SameSite=Lax`,
            // Not a SameSite value: browsers ignore the attribute.
            'layout=wide; Path=/; Secure; SameSite=Sideways',
            // Refused: SameSite=None needs Secure.
            'crosssite=1; Path=/; SameSite=None',
            // Refused: a __Host- cookie may not have a Domain attribute.
            `__Host-wide=1; Path=/; Secure; Domain=${HOSTS.audit}`,
          ],
        },
        body: page('Audit — Cookie Audit demo', '<h1>A site with cookie problems</h1><p>Open Cookie Audit to see its grade.</p>'),
      },
    },
    [HOSTS.login]: {
      '/': {
        headers: {
          'Set-Cookie': [
            `session=${LOGIN.session}; HttpOnly; Path=/; Secure; SameSite=Lax`,
            `access_token=${LOGIN.accessToken}; Path=/; Max-Age=86400; Secure; SameSite=Lax`,
            `__Host-sid=${LOGIN.sid}; Path=/; Secure; HttpOnly; SameSite=Lax`,
          ],
        },
        body: page('Login — Cookie Audit demo', `
<h1>Welcome back, Alice</h1>
<p>A logged-in app: its session lives in its cookies.</p>
<script>
  document.cookie = 'isLoggedIn=true; path=/; max-age=86400; secure; samesite=lax';
</script>`),
      },
    },
    [HOSTS.news]: {
      '/': {
        headers: {},
        body: page('News — Cookie Audit demo', `
<h1>A page whose trackers talk to each other</h1>
<img src="${origin(HOSTS.pixel)}/p.gif?cid=0f9e8d7c6b5a4f3e2d1c" width="1" height="1" alt="">
<img src="${origin(HOSTS.pixel)}/sync" width="1" height="1" alt="">
<img src="${origin(HOSTS.known)}/p.gif" width="1" height="1" alt="">
<script>
  document.cookie = '_ga=GA1.1.${GA_CLIENT_ID}; path=/; max-age=63072000; samesite=lax';
  navigator.sendBeacon('${origin(HOSTS.analytics)}/collect?v=2&cid=${GA_CLIENT_ID}&en=page_view', '');
</script>`),
      },
    },
    [HOSTS.blog]: {
      '/': {
        headers: {},
        body: page('Blog — Cookie Audit demo', `<h1>A blog</h1><img src="${origin(HOSTS.pixel)}/p.gif?cid=5d4c3b2a1f0e9d8c7b6a" width="1" height="1" alt="">`),
      },
    },
    [HOSTS.sync]: { '/p.gif': pixel(`sid=7b1e4c9a2f6d8e0b3a5c7d9f1e2b4a6c; Path=/; Max-Age=${year}; Secure; SameSite=None`) },
    [HOSTS.analytics]: { '/collect': { headers: { 'Content-Type': 'text/plain' }, body: '' } },
    [HOSTS.known]: { '/p.gif': pixel(`IDE=AHWqTUm3c5f0e1d2a3b4c5d6e7f8a9b0c1d; Path=/; Max-Age=${year}; Secure; SameSite=None`) },
    [HOSTS.beacon]: {
      '/collect': { headers: { 'Content-Type': 'text/plain' }, body: '' },
    },
    [HOSTS.cdn]: {
      '/hero.png': { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' }, body: LARGE_IMAGE },
    },
    [HOSTS.probe]: {
      '/': { headers: {}, body: page('Probe', '<p>Warm-up page.</p>') },
      // What a browser's cookies API says of SameSite when it is missing, invalid or given,
      // for cookies set by HTTP and by script.
      '/samesite': {
        headers: {
          'Set-Cookie': ['http_unset=1; Path=/; Secure', 'http_invalid=1; Path=/; Secure; SameSite=Sideways', 'http_none=1; Path=/; Secure; SameSite=None'],
        },
        body: page('SameSite', `<script>
  document.cookie = 'script_unset=1; path=/';
  document.cookie = 'script_lax=1; path=/; samesite=lax';
</script>`),
      },
    },
  };
}

/**
 * The page-load benchmark (scripts/bench-pageload.mjs): a page on `BENCH.host` making
 * `BENCH.mix` requests, spread evenly over the page and over `BENCH.thirdParties` third-party
 * sites (`bench-t1.test` …), each its own site as a news page's ad and analytics vendors are.
 * Every URL is unique to its page load and every response uncacheable, so that each load makes
 * every request again.
 */
export const BENCH = {
  host: 'bench.test',
  thirdParties: 30,
  mix: { pixel: 120, image: 60, script: 54, beacon: 60, iframe: 6 },
};
const BENCH_THIRD_PARTY = /^bench-t\d+\.test$/;
const BENCH_REQUESTS = Object.entries(BENCH.mix)
  .flatMap(([kind, count]) => Array.from({ length: count }, (_, i) => ({ kind, at: (i + 0.5) / count })))
  .sort((a, b) => a.at - b.at)
  .map(({ kind }) => kind);
const BENCH_PATHS = { pixel: '/p.gif', image: '/image.png', script: '/tag.js', beacon: '/collect', iframe: '/ad' };
// A third-party tag's weight in bytes to fetch and parse; it runs next to nothing.
const BENCH_SCRIPT = `window.benchTags = (window.benchTags ?? 0) + 1;\n/*${' '.repeat(8 * 1024)}*/\n`;

const randomId = () => crypto.randomUUID().replaceAll('-', '');

/**
 * The benchmark page. It sets `window.__done` to its load time in milliseconds since navigation
 * start: the end of its load event or of its last request, whichever is later, as beacons may
 * end after the load event. Resource Timing gives each request's end, beacons included.
 */
function benchPage(port) {
  const load = randomId();
  const beacons = [];
  const tags = BENCH_REQUESTS.map((kind, i) => {
    const url = `https://bench-t${(i % BENCH.thirdParties) + 1}.test:${port}${BENCH_PATHS[kind]}?uid=${randomId()}&load=${load}&n=${i}`;
    switch (kind) {
      case 'pixel':
        return `<img src="${url}" width="1" height="1" alt="">`;
      case 'image':
        return `<img src="${url}" width="80" height="64" alt="">`;
      case 'script':
        return `<script async src="${url}"></script>`;
      case 'iframe':
        return `<iframe src="${url}" title="Ad"></iframe>`;
      case 'beacon':
        beacons.push(url);
        return '';
    }
  });
  return page('Benchmark page', `
<script>
  {
    const ends = [];
    const settle = () => {
      const { loadEventEnd } = performance.getEntriesByType('navigation')[0];
      if (ends.length === ${BENCH_REQUESTS.length} && loadEventEnd > 0) window.__done = Math.max(loadEventEnd, ...ends);
    };
    new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) if (entry.name.includes(${scriptString(`load=${load}`)})) ends.push(entry.responseEnd);
      settle();
    }).observe({ type: 'resource', buffered: true });
    // loadEventEnd is set once the load handlers have run.
    addEventListener('load', () => setTimeout(settle));
  }
</script>
<h1>A page with ${BENCH_REQUESTS.length} third-party requests</h1>
${tags.join('\n')}
<script>
  for (const url of ${scriptString(beacons)}) navigator.sendBeacon(url, 'ev=scroll');
</script>`);
}

/** The benchmark's routes: its page, and the same responses on every third-party host. */
function benchRoutes(port) {
  const year = 365 * 24 * 3600;
  const thirdParty = {
    [BENCH_PATHS.pixel]: () => pixel(`uid=${randomId()}; Path=/; Max-Age=${year}; Secure; SameSite=None`),
    [BENCH_PATHS.image]: () => ({ headers: { 'Content-Type': 'image/png' }, body: LARGE_IMAGE }),
    [BENCH_PATHS.script]: () => ({ headers: { 'Content-Type': 'text/javascript' }, body: BENCH_SCRIPT }),
    [BENCH_PATHS.beacon]: () => ({ headers: { 'Content-Type': 'text/plain' }, body: '' }),
    [BENCH_PATHS.iframe]: () => ({ headers: {}, body: page('Ad', '<p>An ad.</p>') }),
  };
  return (host, path) => {
    if (host === BENCH.host) return path === '/' ? { headers: {}, body: benchPage(port) } : undefined;
    return BENCH_THIRD_PARTY.test(host) ? thirdParty[path]?.() : undefined;
  };
}

/**
 * A single-page shop on `SHOP.host` and the real tags it loads, on their real host names mapped
 * to loopback. Its screens `/`, `/products` and `/checkout` are one document: the links move
 * with `history.pushState`, as every SPA router does, and each move sends a page view to
 * each tag, as their SPA guides ask. A landing address with `utm_` parameters is cleaned with
 * `history.replaceState` once the page has loaded (after the tags have read it), as many sites do.
 *
 * The tags are small stand-ins making the requests and cookies the real ones make (shapes cited
 * at each). When every request of the screen on show has completed (Resource Timing), the page
 * sets `data-settled` on <html> to its path: tests and the soak benchmark wait on that.
 * `?extra=N` adds N requests per screen to the benchmark's third parties (`bench-t1.test` …),
 * for a tracker-heavy page.
 */
export const SHOP = {
  host: HOSTS.shop,
  routes: ['/', '/products', '/checkout'],
  /** A GA4 measurement id, "G-" and 10 characters. */
  measurementId: 'G-7QK2XJ4M9B',
  metaPixelId: '1234567890123456',
  linkedinPartnerId: '5512345',
  linkedinConversionId: '16012345',
  /** A newsletter link into the shop: the page strips its campaign parameters once loaded. */
  landing: '/?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale',
  /** The tracking third parties' sites, and the ones that only serve a script. */
  trackers: ['facebook.com', 'google-analytics.com', 'linkedin.com'],
  scripts: ['facebook.net', 'googletagmanager.com', 'licdn.com'],
  /** Loaded only once the visitor moves to the checkout. */
  checkoutOnly: 'stripe.com',
};

const SHOP_TITLES = { '/': 'Featured', '/products': 'All products', '/checkout': 'Checkout' };

/** The tags' shared helpers: cookies as their scripts write them (first party, no Secure, no SameSite, as by default). */
const TAG_COOKIES = `
  const cookieDomain = location.hostname.split('.').slice(-2).join('.');
  const readCookie = (name) => document.cookie.split('; ').find((c) => c.startsWith(name + '='))?.slice(name.length + 1) ?? null;
  const writeCookie = (name, value, days) => {
    document.cookie = name + '=' + value + '; path=/; domain=' + cookieDomain + '; expires=' + new Date(Date.now() + days * 864e5).toUTCString();
  };
  const randomInt = () => Math.floor(Math.random() * 2147483647);
  // A request object kept alive until it completes.
  const inFlight = new Set();
  const pixel = (url) => {
    const img = new Image();
    inFlight.add(img);
    img.onload = img.onerror = () => inFlight.delete(img);
    img.src = url;
  };`;

function shopScripts(origin) {
  return {
    // gtag.js with a GA4 measurement id. The client id is the `_ga` cookie after "GA1.1.": a
    // random 31-bit number and the first visit's Unix time; `_ga_<id>` holds the session
    // (https://support.google.com/analytics/answer/11397207). Hits go to /g/collect by
    // sendBeacon, Measurement Protocol v2 parameters in the query
    // (https://thyngster.com/app-web-google-analytics-measurement-protocol-version-2).
    gtag: `(() => {${TAG_COOKIES}
  const id = new URL(document.currentScript.src).searchParams.get('id');
  const now = () => Math.round(Date.now() / 1000);
  const ga = readCookie('_ga') ?? 'GA1.1.' + randomInt() + '.' + now();
  writeCookie('_ga', ga, 400);
  const clientId = ga.split('.').slice(2).join('.');
  const sessionCookie = '_ga_' + id.slice(2);
  const session = readCookie(sessionCookie)?.split('.') ?? null;
  const sessionId = session ? session[2] : String(now());
  const sessionCount = session ? Number(session[3]) : 1;
  const pageLoad = String(randomInt());
  let hits = 0;
  function send(name, params) {
    writeCookie(sessionCookie, 'GS1.1.' + sessionId + '.' + sessionCount + '.1.' + now() + '.0.0.0', 400);
    const query = new URLSearchParams({
      v: '2', tid: id, gtm: '45je4bm0v9871142650za200', _p: pageLoad, cid: clientId,
      ul: navigator.language.toLowerCase(), sr: screen.width + 'x' + screen.height, _s: String(++hits),
      sid: sessionId, sct: String(sessionCount), seg: '1', dl: params.page_location ?? location.href,
      dr: params.page_referrer ?? document.referrer, dt: params.page_title ?? document.title, en: name,
    });
    navigator.sendBeacon(${scriptString(origin(HOSTS.ga4))} + '/g/collect?' + query);
  }
  function handle([command, name, params]) {
    if (command === 'config' && params?.send_page_view !== false) send('page_view', {});
    else if (command === 'event') send(name, params ?? {});
  }
  const layer = (window.dataLayer = window.dataLayer || []);
  for (const args of layer) handle(args);
  layer.push = function (...items) {
    for (const args of items) handle(args);
    return Array.prototype.push.apply(this, items);
  };
})();
`,
    // fbevents.js. `_fbp` is "fb.1.<creation time in ms>.<random>"
    // (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/);
    // events go to /tr/ as a 1×1 image carrying the page, the event and `fbp`
    // (https://developers.facebook.com/docs/meta-pixel/get-started).
    meta: `(() => {${TAG_COOKIES}
  const fbp = readCookie('_fbp') ?? 'fb.1.' + Date.now() + '.' + randomInt();
  writeCookie('_fbp', fbp, 90);
  const initTime = String(Date.now());
  const pixelIds = [];
  let events = 0;
  function send(pixelId, event) {
    const query = new URLSearchParams({
      id: pixelId, ev: event, dl: location.href, rl: document.referrer, if: 'false', ts: String(Date.now()),
      sw: String(screen.width), sh: String(screen.height), v: '2.9.179', r: 'stable', ec: String(events++),
      o: '4126', fbp, it: initTime, coo: 'false', rqm: 'GET',
    });
    pixel(${scriptString(origin(HOSTS.metaPixel))} + '/tr/?' + query);
  }
  const fbq = window.fbq;
  fbq.callMethod = (command, ...args) => {
    if (command === 'init') pixelIds.push(args[0]);
    else if (command === 'track') for (const id of pixelIds) send(id, args[0]);
  };
  for (const args of fbq.queue.splice(0)) fbq.callMethod(...args);
})();
`,
    // insight.min.js. A page view on load and on each address the page pushes, a conversion
    // on lintrk('track', { conversion_id }); the image form of its request is documented as
    // px.ads.linkedin.com/collect/?pid=<partner id>&fmt=gif (https://www.linkedin.com/help/lms/answer/a425696),
    // the script adds the page's address and the time.
    linkedin: `(() => {${TAG_COOKIES}
  const partnerIds = window._linkedin_data_partner_ids ?? [];
  const queued = window.lintrk?.q ?? [];
  function send(extra) {
    for (const pid of partnerIds) {
      const query = new URLSearchParams({ pid, ...extra, url: location.href, time: String(Date.now()), fmt: 'gif' });
      pixel(${scriptString(origin(HOSTS.linkedinPixel))} + '/collect/?' + query);
    }
  }
  window.lintrk = (action, data) => {
    if (action === 'track') send(data?.conversion_id ? { conversionId: String(data.conversion_id) } : {});
  };
  for (const [action, data] of queued) window.lintrk(action, data);
  send({});
  const pushState = history.pushState;
  history.pushState = function (...args) {
    const result = pushState.apply(this, args);
    send({});
    return result;
  };
  addEventListener('popstate', () => send({}));
})();
`,
    // Stripe.js v3 (https://docs.stripe.com/js/including): its fraud-prevention cookies on the
    // site, __stripe_mid (a UUID and 6 hex digits, a year) and __stripe_sid (30 minutes).
    stripe: `(() => {
  const hex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('').slice(0, n);
  const expires = (ms) => new Date(Date.now() + ms).toUTCString();
  if (!document.cookie.includes('__stripe_mid=')) {
    document.cookie = '__stripe_mid=' + crypto.randomUUID() + hex(6) + '; path=/; expires=' + expires(365 * 864e5) + '; secure; samesite=strict';
  }
  document.cookie = '__stripe_sid=' + crypto.randomUUID() + hex(6) + '; path=/; expires=' + expires(30 * 6e4) + '; secure; samesite=strict';
  window.Stripe = () => ({ elements: () => ({ create: () => ({ mount() {} }) }) });
})();
`,
  };
}

function shopPage(port) {
  const origin = (host) => `https://${host}:${port}`;
  return page('Shop — Cookie Audit demo', `
<nav><a href="/">Featured</a> · <a href="/products">All products</a> · <a href="/checkout">Checkout</a></nav>
<h1 id="screen">Featured</h1>
<p>A single-page shop: these links change the address without loading a new page.</p>
<!-- Google tag (gtag.js), as installed per https://developers.google.com/tag-platform/gtagjs/install -->
<script async src="${origin(HOSTS.gtag)}/gtag/js?id=${SHOP.measurementId}"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', '${SHOP.measurementId}');
</script>
<!-- Meta Pixel base code, per https://developers.facebook.com/docs/meta-pixel/get-started -->
<script>
  !function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
  n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
  n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
  t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
  document,'script','${origin(HOSTS.metaScript)}/en_US/fbevents.js');
  fbq('init', '${SHOP.metaPixelId}');
  fbq('track', 'PageView');
</script>
<!-- LinkedIn Insight Tag, per https://www.linkedin.com/help/lms/answer/a418880 -->
<script>
  _linkedin_partner_id = "${SHOP.linkedinPartnerId}";
  window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];
  window._linkedin_data_partner_ids.push(_linkedin_partner_id);
</script>
<script>
  (function(l) {
  if (!l){window.lintrk = function(a,b){window.lintrk.q.push([a,b])};
  window.lintrk.q=[]}
  var s = document.getElementsByTagName("script")[0];
  var b = document.createElement("script");
  b.type = "text/javascript";b.async = true;
  b.src = "${origin(HOSTS.linkedinScript)}/li.lms-analytics/insight.min.js";
  s.parentNode.insertBefore(b, s);})(window.lintrk);
</script>
<script>
  {
    const titles = ${JSON.stringify(SHOP_TITLES)};
    const root = document.documentElement;
    const extra = Number(new URLSearchParams(location.search).get('extra')) || 0;
    // Requests expected and completed per path, told apart by the page address each carries.
    const expected = new Map();
    const done = new Map();
    let loaded = false;
    let stripe = null;
    const count = (map, path, n) => map.set(path, (map.get(path) ?? 0) + n);
    function settle() {
      const path = location.pathname;
      const complete = loaded && (done.get(path) ?? 0) >= (expected.get(path) ?? 0) && (path !== '/checkout' || stripe === 'loaded');
      if (complete) root.dataset.settled = path;
      else delete root.dataset.settled;
    }
    performance.setResourceTimingBufferSize(100000);
    new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) {
        try {
          const query = new URL(entry.name).searchParams;
          const at = query.get('dl') ?? query.get('url') ?? query.get('page');
          if (at) count(done, new URL(at).pathname, 1);
        } catch {}
      }
      settle();
    }).observe({ type: 'resource', buffered: true });

    // A tracker-heavy page: more third parties, each request with ids and the page's address.
    function extraRequests() {
      for (let i = 0; i < extra; i++) {
        const id = crypto.randomUUID().replaceAll('-', '');
        const url = 'https://bench-t' + ((i % ${BENCH.thirdParties}) + 1) + '.test:${port}';
        const query = '?uid=' + id + '&page=' + encodeURIComponent(location.href) + '&n=' + i;
        if (i % 4 === 2) navigator.sendBeacon(url + '/collect' + query, 'ev=view');
        else if (i % 4 === 3) document.head.append(Object.assign(document.createElement('script'), { async: true, src: url + '/tag.js' + query }));
        else document.body.append(Object.assign(new Image(1, 1), { src: url + '/p.gif' + query, alt: '' }));
      }
    }

    function render(path) {
      document.getElementById('screen').textContent = titles[path] ?? 'Not found';
      document.title = (titles[path] ?? 'Not found') + ' — Shop — Cookie Audit demo';
    }

    // Each screen: a page view for each tag (LinkedIn's follows pushState on its own), the
    // checkout's conversions, and Stripe.js loaded when first needed, as payment pages do.
    function visit(path, referrer) {
      count(expected, path, 3 + extra + (path === '/checkout' ? 2 : 0));
      render(path);
      gtag('event', 'page_view', { page_location: location.href, page_referrer: referrer, page_title: document.title });
      fbq('track', 'PageView');
      if (path === '/checkout') {
        fbq('track', 'InitiateCheckout');
        window.lintrk('track', { conversion_id: ${SHOP.linkedinConversionId} });
        if (stripe === null) {
          stripe = 'loading';
          const script = document.createElement('script');
          script.src = '${origin(HOSTS.stripe)}/v3/';
          script.onload = () => { stripe = 'loaded'; Stripe('pk_test_TYooMQauvdEDq54NiTphI7jx'); settle(); };
          document.head.append(script);
        }
      }
      extraRequests();
      settle();
    }

    document.addEventListener('click', (event) => {
      const link = event.target.closest('nav a');
      if (!link) return;
      event.preventDefault();
      const referrer = location.href;
      history.pushState(null, '', link.getAttribute('href'));
      visit(location.pathname, referrer);
    });
    addEventListener('popstate', () => visit(location.pathname, document.referrer));

    // The landing screen's page views are the tags' own, on load.
    count(expected, location.pathname, 3 + extra);
    render(location.pathname);
    extraRequests();
    addEventListener('load', () => {
      const url = new URL(location.href);
      const campaign = [...url.searchParams.keys()].filter((key) => key.startsWith('utm_'));
      for (const key of campaign) url.searchParams.delete(key);
      if (campaign.length > 0) history.replaceState(history.state, '', url.pathname + url.search + url.hash);
      loaded = true;
      settle();
    });
  }
</script>`);
}

/** The shop's routes: its screens (each a deep link into the one page) and the tags' hosts. */
function shopRoutes(port) {
  const origin = (host) => `https://${host}:${port}`;
  const scripts = shopScripts(origin);
  const js = (body) => ({ headers: { 'Content-Type': 'text/javascript' }, body });
  const year = 365 * 24 * 3600;
  const gif = { 'Content-Type': 'image/gif', 'Cache-Control': 'no-cache, no-store, must-revalidate' };
  const hasCookie = (req, name) => (req.headers.cookie ?? '').split(/;\s*/).some((c) => c.startsWith(`${name}=`));
  return (host, path, req) => {
    switch (host) {
      case HOSTS.shop:
        if (!(path in SHOP_TITLES)) return undefined;
        return {
          // The server's session, set by HTTP on the first visit only.
          headers: hasCookie(req, '__Host-session')
            ? {}
            : { 'Set-Cookie': [`__Host-session=${randomId()}; Path=/; Secure; HttpOnly; SameSite=Lax`] },
          body: shopPage(port),
        };
      case HOSTS.gtag:
        return path === '/gtag/js' ? js(scripts.gtag) : undefined;
      case HOSTS.ga4:
        // GA4 answers its hits with an empty 204.
        return path === '/g/collect' ? { status: 204, headers: { 'Content-Type': 'text/plain' }, body: '' } : undefined;
      case HOSTS.metaScript:
        return path === '/en_US/fbevents.js' ? js(scripts.meta) : undefined;
      case HOSTS.metaPixel:
        return path === '/tr/' ? { headers: gif, body: PIXEL_GIF } : undefined;
      case HOSTS.linkedinScript:
        return path === '/li.lms-analytics/insight.min.js' ? js(scripts.linkedin) : undefined;
      case HOSTS.linkedinPixel:
        if (path !== '/collect/') return undefined;
        // bcookie, LinkedIn's browser id, on .linkedin.com for a year (https://www.linkedin.com/legal/l/cookie-table).
        return {
          headers: hasCookie(req, 'bcookie')
            ? gif
            : { ...gif, 'Set-Cookie': [`bcookie="v=2&${crypto.randomUUID()}"; Domain=.linkedin.com; Path=/; Max-Age=${year}; Secure; SameSite=None`] },
          body: PIXEL_GIF,
        };
      case HOSTS.stripe:
        return path === '/v3/' ? js(scripts.stripe) : undefined;
      default:
        return undefined;
    }
  };
}

/** A deterministic hex string for `seed`: the same cookie gets the same value in every run. */
function hexOf(seed, length) {
  let out = '';
  let h = 2166136261 ^ seed;
  while (out.length < length) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/**
 * The heavy pages' cookies, i = 0, 1, … Real sites pile up cookies in families of one name per
 * id, which the Open Cookie Database lists by prefix (https://github.com/jkwakman/Open-Cookie-Database,
 * "Wildcard match"): Imperva's load balancer and visitor cookies per site id (`visid_incap_`,
 * `nlbi_`, `incap_ses_`, set by HTTP), and by script a GA4 session cookie per measurement id
 * (`_ga_`, https://support.google.com/analytics/answer/11397207), Hotjar's user cookie per site
 * id (`_hjSessionUser_`), VWO's per experiment (`_vis_opt_exp_`) and Baidu Analytics' per site
 * (`Hm_lvt_`). Ad-exchange frames set PubMatic's partner and frequency families (`KRTBCOOKIE_`,
 * `camfreq_`, `pubfreq_`, `pubtime_`).
 */
const HEAVY_HTTP = [
  (i, domain) => `visid_incap_${2195400 + i}=${Buffer.from(hexOf(i, 36), 'hex').toString('base64')}; Max-Age=31536000; Domain=.${domain}; Path=/; Secure; HttpOnly; SameSite=None`,
  (i, domain) => `nlbi_${2195400 + i}=${Buffer.from(hexOf(i + 7, 27), 'hex').toString('base64').replace(/=+$/, '')}; Domain=.${domain}; Path=/; Secure; HttpOnly; SameSite=None`,
  (i, domain) => `incap_ses_${1300 + (i % 7)}_${2195400 + i}=${Buffer.from(hexOf(i + 3, 42), 'hex').toString('base64')}; Domain=.${domain}; Path=/; Secure; SameSite=None`,
  // A section's own cookie, sent only below its path.
  (i) => `incap_ses_${1300 + (i % 7)}_${2195400 + i}=${Buffer.from(hexOf(i + 5, 42), 'hex').toString('base64')}; Path=/section-${i % 5}; Secure; HttpOnly; SameSite=Lax`,
];
const HEAVY_SCRIPT = [
  (i) => [`_ga_${hexOf(i, 10).toUpperCase()}`, `GS1.1.${1732611634 + i}.${1 + (i % 9)}.1.${1732611900 + i}.0.0.0`, 400],
  (i) => [`_hjSessionUser_${3400000 + i}`, btoa(JSON.stringify({ id: `${hexOf(i, 8)}-${hexOf(i + 1, 4)}-4${hexOf(i + 2, 3)}-8${hexOf(i + 3, 3)}-${hexOf(i + 4, 12)}`, created: 1732611634000 + i, existing: true })), 365],
  (i) => [`_vis_opt_exp_${i + 11}_combi`, String(1 + (i % 3)), 100],
  (i) => [`Hm_lvt_${hexOf(i + 9, 32)}`, String(1732611634 + i), 365],
];
const HEAVY_FRAME = [
  (j, domain) => `KRTBCOOKIE_${100 + j}=${22978}-${hexOf(j, 16)}&KRTB&${23194}-${hexOf(j + 1, 16)}; Max-Age=2505600; Domain=.${domain}; Path=/; Secure; SameSite=None`,
  (j, domain) => `camfreq_${180000 + j}=1; Max-Age=2592000; Domain=.${domain}; Path=/; Secure; SameSite=None`,
  (j, domain) => `pubfreq_${40 + j}=${1 + (j % 4)}; Max-Age=2592000; Domain=.${domain}; Path=/; Secure; SameSite=None`,
  (j, domain) => `pubtime_${40 + j}=TMC; Max-Age=86400; Domain=.${domain}; Path=/; Secure; SameSite=None`,
];

/** The popup benchmark's pages: `heavy<N>.test/` and its ad-exchange frames. */
function popupBenchRoutes(port) {
  const pages = new Map();
  for (const n of POPUP_BENCH.sizes) {
    const host = POPUP_BENCH.host(n);
    const firstParty = Math.min(n, POPUP_BENCH.firstParty);
    const http = [];
    const script = [];
    for (let i = 0; i < firstParty; i++) {
      const family = i >> 1;
      if (i % 2 === 0) http.push(HEAVY_HTTP[family % HEAVY_HTTP.length](i, host));
      else script.push(HEAVY_SCRIPT[family % HEAVY_SCRIPT.length](i));
    }
    const frames = POPUP_BENCH.frames(n);
    pages.set(host, {
      headers: { 'Set-Cookie': http },
      body: page(`${n} cookies — Cookie Audit benchmark`, `
<h1>A page whose tab has ${n} cookies</h1>
${frames.map((f) => `<iframe src="https://${f.host}:${port}/sync" title="Ad exchange ${f.host}"></iframe>`).join('\n')}
<script>
  for (const [name, value, days] of ${scriptString(script)}) {
    document.cookie = name + '=' + value + '; path=/; domain=${host}; max-age=' + days * 86400 + '; samesite=lax';
  }
</script>`),
    });
    for (const frame of frames) {
      pages.set(frame.host, {
        headers: { 'Set-Cookie': Array.from({ length: frame.cookies }, (_, j) => HEAVY_FRAME[j % HEAVY_FRAME.length](j, frame.host)) },
        body: page('Ad exchange', `<p>${frame.host}: partner cookies.</p>`),
      });
    }
  }
  return (host, path) => {
    const route = pages.get(host);
    if (!route) return undefined;
    const frame = !POPUP_BENCH.sizes.some((n) => POPUP_BENCH.host(n) === host);
    return path === (frame ? '/sync' : '/') ? route : undefined;
  };
}

/**
 * A recipe site whose tags write first-party cookies from script, under a Content-Security-Policy
 * that allows scripts only from itself, the tags' hosts and its own nonce (as Google's guide for
 * the tag under a strict CSP has it: https://developers.google.com/tag-platform/security/guides/csp),
 * so nothing Cookie Audit could insert into the page would run.
 *
 * - The Google tag (the shop's stand-in, on www.googletagmanager.com) writes `_ga` and
 *   `_ga_<id>` on the site's domain, as gtag.js does with its default `cookie_domain: 'auto'`
 *   (https://developers.google.com/tag-platform/security/guides/customize-cookies), and the Meta
 *   pixel (connect.facebook.net) writes `_fbp`.
 * - Segment's analytics.js (cdn.segment.com) keeps its visitor id both in `localStorage` and in
 *   the `ajs_anonymous_id` cookie, a UUID ("Segment writes the user's IDs to the user's local
 *   storage, and uses that as the Segment ID on the cookie":
 *   https://www.twilio.com/docs/segment/connections/sources/catalog/libraries/website/javascript/identity),
 *   and the user's traits in `localStorage` under `ajs_user_traits` (analytics-next's User
 *   defaults: https://app.unpkg.com/@segment/analytics-next@1.82.0/files/dist/cjs/core/user/index.js).
 * - An inline script of the page writes `recipe_units`; one without the nonce is blocked, and
 *   its `csp_blocked` never exists: the CSP is in force. Another keeps the reader's step in
 *   `sessionStorage` and the saved recipes in IndexedDB as idb-keyval does (its default
 *   database `keyval-store`, object store `keyval`: https://github.com/jakearchibald/idb-keyval).
 * - An embedded Vimeo player (player.vimeo.com) runs its player script from f.vimeocdn.com,
 *   which writes Vimeo's `vuid` ("Vimeo-generated ID used for generating analytics information
 *   for the video owner", 2 years: https://help.vimeo.com/hc/en-us/articles/26080940921361) in
 *   the player's own frame, and keeps the volume it shares between players in the frame's own
 *   `localStorage` under `sync_volume` (https://github.com/vimeo/player.js/issues/282), which the
 *   browser partitions under the embedding site.
 */
export const RECIPES = {
  host: HOSTS.recipes,
  measurementId: 'G-R3C1P35X7Q',
  metaPixelId: '2345678901234567',
  vimeoVideo: '76979871',
  /** A Segment source's write key: the path of its analytics.js on Segment's CDN. */
  segmentWriteKey: 'w8kEYr3c1p3sT4bL3',
  /** Where the player script lives: Vimeo's CDN serves each player version under /p/<version>/. */
  vimeoPlayerScript: '/p/4.38.8/js/player.js',
};

/** The stack-recording page's scripts (scripts/record-stacks.mjs), by path. */
const STACK_SCRIPTS = {
  // A tag's file: writes at its top level, in a function, and through eval, Function, timers,
  // promises and async functions, as real tags' code does.
  '/js/writer.js': `document.cookie = 'file=1; path=/';
function writeFromFunction() {
  document.cookie = 'file_function=1; path=/';
}
writeFromFunction();
eval("document.cookie = 'eval_in_file=1; path=/'");
new Function("document.cookie = 'function_in_file=1; path=/'")();
eval("eval(\\"document.cookie = 'nested_eval=1; path=/'\\")");
eval("document.cookie = 'source_url=1; path=/'\\n//# sourceURL=https://spoof.test/fake.js");
(async () => {
  await null;
  document.cookie = 'async=1; path=/';
})();
(async function afterTimer() {
  await new Promise((resolve) => setTimeout(resolve, 0));
  document.cookie = 'async_timer=1; path=/';
})();
setTimeout(() => {
  document.cookie = 'timeout=1; path=/';
}, 0);
setTimeout("document.cookie = 'timeout_string=1; path=/'", 0);
Promise.resolve().then(() => {
  document.cookie = 'promise=1; path=/';
});
['for_each'].forEach((name) => {
  document.cookie = name + '=1; path=/';
});
Object.getOwnPropertyDescriptor(Document.prototype, 'cookie').set.call(document, 'descriptor=1; path=/');
Reflect.set(document, 'cookie', 'reflect=1; path=/');
async function innerWrite() {
  await null;
  document.cookie = 'async_nested=1; path=/';
}
(async function outerCaller() {
  await innerWrite();
})();
{
  // As a tag manager runs a custom HTML tag: an inline script inserted by this file.
  const inserted = document.createElement('script');
  inserted.textContent = "document.cookie = 'injected_by_file=1; path=/'";
  document.head.append(inserted);
}
if (window.cookieStore) {
  (async function storeCookies() {
    await cookieStore.set({ name: 'cookie_store', value: '1', path: '/' });
    await cookieStore.delete('cookie_store');
  })();
}
`,
  // A library that writes for its caller: the writer is the library.
  '/js/helper.js': `window.setCookie = function setCookie(name) {
  document.cookie = name + '=1; path=/';
};
`,
  '/js/caller.js': `setCookie('helper');
`,
  // An npm package from a CDN: '@' in the URL (Firefox separates a frame's function name with it).
  '/npm/consent-lib@1.2.3/dist/consent.min.js': `document.cookie = 'at_in_url=1; path=/';
`,
  '/js/module.js': `document.cookie = 'module=1; path=/';
`,
  // The write benchmark (scripts/bench-scripts.mjs): a tag's file timing its own writes, as a
  // tag writing cookies and localStorage in a loop would run.
  '/js/bench-writes.js': `window.benchWrites = function benchWrites(n) {
  let started = performance.now();
  for (let i = 0; i < n; i++) document.cookie = 'bench_' + (i % 20) + '=' + i + '; path=/; max-age=600';
  const cookieMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < n; i++) localStorage.setItem('bench_' + (i % 20), String(i));
  const storageMs = performance.now() - started;
  return { cookieMs, storageMs };
};
`,
};

function stacksPage() {
  return page('Stacks — Cookie Audit fixture', `
<h1>Cookie writes from every kind of script</h1>
<script src="/js/helper.js"></script>
<script src="/js/caller.js"></script>
<script src="/js/writer.js"></script>
<script src="/npm/consent-lib@1.2.3/dist/consent.min.js"></script>
<script type="module" src="/js/module.js"></script>
<script>
  document.cookie = 'inline=1; path=/';
  eval("document.cookie = 'eval_in_inline=1; path=/'");
  {
    const blob = new Blob(["document.cookie = 'blob=1; path=/';"], { type: 'text/javascript' });
    const script = document.createElement('script');
    script.src = URL.createObjectURL(blob);
    document.head.append(script);
  }
  {
    // A frame added by script: it starts as about:blank, of this page's origin.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frame.contentDocument.cookie = 'about_blank=1; path=/';
  }
</script>
<script src="data:text/javascript,document.cookie%3D'data%3D1%3B%20path%3D%2F'"></script>
<img src="${`data:image/gif;base64,${PIXEL_GIF.toString('base64')}`}" onload="document.cookie = 'handler=1; path=/'" alt="">
<iframe srcdoc="<script>document.cookie = 'srcdoc=1; path=/';</script>" title="srcdoc"></iframe>
<script>
  // An address rewritten, then a script added: it runs under the new address.
  history.replaceState(null, '', '/moved?step=2');
  const late = document.createElement('script');
  late.textContent = "document.cookie = 'inline_after_move=1; path=/'";
  document.head.append(late);
</script>`);
}

function recipesPage(port, nonce) {
  const origin = (host) => `https://${host}:${port}`;
  return page('Recipes — Cookie Audit demo', `
<h1>Weeknight recipes</h1>
<p>Its Google tag, Meta pixel and Segment write first-party cookies from their own scripts (Segment also keeps its id in localStorage); inline scripts of the page write one, keep a step in sessionStorage and saved recipes in IndexedDB; the video player writes in its own frame.</p>
<!-- Google tag (gtag.js) under a CSP with a nonce -->
<script nonce="${nonce}" async src="${origin(HOSTS.gtag)}/gtag/js?id=${RECIPES.measurementId}"></script>
<script nonce="${nonce}">
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', '${RECIPES.measurementId}');
</script>
<!-- Meta Pixel base code, per https://developers.facebook.com/docs/meta-pixel/get-started -->
<script nonce="${nonce}">
  !function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
  n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
  n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
  t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
  document,'script','${origin(HOSTS.metaScript)}/en_US/fbevents.js');
  fbq('init', '${RECIPES.metaPixelId}');
  fbq('track', 'PageView');
</script>
<!-- Segment's analytics.js, as its snippet loads it from the source's write key -->
<script nonce="${nonce}" async src="${origin(HOSTS.segment)}/analytics.js/v1/${RECIPES.segmentWriteKey}/analytics.min.js"></script>
<script nonce="${nonce}">
  // The site's own preference, written by its inline script.
  document.cookie = 'recipe_units=metric; path=/; max-age=31536000; samesite=lax';
</script>
<script nonce="${nonce}">
  // Where the reader is in the recipe, for this tab only; and the recipes they saved, kept as
  // idb-keyval keeps them (a connection opened, one write, closed).
  sessionStorage.setItem('recipe_step', '3');
  {
    const open = indexedDB.open('keyval-store');
    open.onupgradeneeded = () => open.result.createObjectStore('keyval');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('keyval', 'readwrite');
      tx.objectStore('keyval').put(['dumplings', 'dal'], 'saved-recipes');
      tx.oncomplete = () => db.close();
    };
  }
</script>
<script>
  // Left over from an old template, without the nonce: the CSP blocks it, so this cookie never exists.
  document.cookie = 'csp_blocked=1; path=/';
</script>
<iframe src="${origin(HOSTS.vimeoPlayer)}/video/${RECIPES.vimeoVideo}" title="How to fold dumplings" allow="autoplay; fullscreen"></iframe>`);
}

/** The recipe site, the video player it embeds, and the stack-recording page. */
function scriptRoutes(port) {
  const origin = (host) => `https://${host}:${port}`;
  const js = (body) => ({ headers: { 'Content-Type': 'text/javascript' }, body });
  return (host, path) => {
    switch (host) {
      case HOSTS.recipes: {
        if (path !== '/') return undefined;
        const nonce = randomId();
        return {
          headers: {
            'Content-Security-Policy': `script-src 'self' ${origin(HOSTS.gtag)} ${origin(HOSTS.metaScript)} ${origin(HOSTS.segment)} 'nonce-${nonce}'`,
          },
          body: recipesPage(port, nonce),
        };
      }
      case HOSTS.segment:
        // The id is kept JSON-encoded in localStorage, as analytics.js stores its values, and
        // plain in the cookie, for a year on the site's domain. Each site's source has its own
        // write key (the recipe site's, the violating consent site's): the same library.
        return /^\/analytics\.js\/v1\/[A-Za-z0-9]+\/analytics\.min\.js$/.test(path)
          ? js(`(() => {${TAG_COOKIES}
  let id = readCookie('ajs_anonymous_id');
  try {
    id ??= JSON.parse(localStorage.getItem('ajs_anonymous_id'));
  } catch {}
  id ??= crypto.randomUUID();
  localStorage.setItem('ajs_anonymous_id', JSON.stringify(id));
  writeCookie('ajs_anonymous_id', id, 365);
  if (localStorage.getItem('ajs_user_traits') === null) localStorage.setItem('ajs_user_traits', JSON.stringify({}));
})();
`)
          : undefined;
      case HOSTS.vimeoPlayer:
        if (path !== `/video/${RECIPES.vimeoVideo}`) return undefined;
        return {
          headers: {},
          body: page('Vimeo player', `<p>A video.</p><script src="${origin(HOSTS.vimeoCdn)}${RECIPES.vimeoPlayerScript}"></script>`),
        };
      case HOSTS.vimeoCdn:
        // The player's visitor id: the player writes it on vimeo.com in its own (third-party) frame,
        // so it must be SameSite=None and Secure to be kept there.
        return path === RECIPES.vimeoPlayerScript
          ? js(`document.cookie = 'vuid=pl' + Math.floor(Math.random() * 1e10) + '.' + Math.floor(Math.random() * 1e10) + '; domain=.vimeo.com; path=/; max-age=63072000; secure; samesite=none';
localStorage.setItem('sync_volume', '0.8');
`)
          : undefined;
      case HOSTS.stacks:
        if (path === '/') return { headers: {}, body: stacksPage() };
        if (path === '/writes') return { headers: {}, body: page('Write benchmark', '<script src="/js/bench-writes.js"></script>') };
        return path in STACK_SCRIPTS ? js(STACK_SCRIPTS[path]) : undefined;
      default:
        return undefined;
    }
  };
}

/** Start the fixture server on a free loopback port. */
export async function startFixtureServer() {
  let table = {};
  let benchRoute = () => undefined;
  let shopRoute = () => undefined;
  let scriptRoute = () => undefined;
  let popupBenchRoute = () => undefined;
  let consentRoute = () => undefined;
  let crawlRoute = () => undefined;
  const server = createServer(makeCertificate(), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const route =
      table[host]?.[path] ?? benchRoute(host, path) ?? shopRoute(host, path, req) ?? scriptRoute(host, path) ?? consentRoute(host, path) ?? crawlRoute(host, path) ?? popupBenchRoute(host, path);
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = typeof route.body === 'string' ? Buffer.from(route.body) : route.body;
    res.writeHead(route.status ?? 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': body.length,
      ...route.headers,
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  table = routes(port);
  benchRoute = benchRoutes(port);
  shopRoute = shopRoutes(port);
  scriptRoute = scriptRoutes(port);
  popupBenchRoute = popupBenchRoutes(port);
  consentRoute = consentRoutes(port);
  crawlRoute = crawlRoutes((host) => `https://${host}:${port}`, HOSTS, page);
  return {
    port,
    url: (host, path = '/') => `https://${host}:${port}${path}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

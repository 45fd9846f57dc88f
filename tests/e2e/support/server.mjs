// Local HTTPS fixture sites on loopback, shared by the end-to-end tests and `npm start`.
// One server answers every fixture host name, routing on the Host header; the browsers map
// the names to 127.0.0.1 (Chromium: --host-resolver-rules, Firefox: network.dns.localDomains).
// HTTPS is required: browsers reject SameSite=None, Secure, Partitioned and __Host- cookies
// from plain http.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  probe: 'probe.test',
  /** A site whose cookies show every kind of audit finding, and some the browser refuses. */
  audit: 'audit.test',
};
export const ALL_HOSTS = Object.values(HOSTS);

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

/** Start the fixture server on a free loopback port. */
export async function startFixtureServer() {
  let table = {};
  let benchRoute = () => undefined;
  const server = createServer(makeCertificate(), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const route = table[host]?.[path] ?? benchRoute(host, path);
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
  return {
    port,
    url: (host, path = '/') => `https://${host}:${port}${path}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

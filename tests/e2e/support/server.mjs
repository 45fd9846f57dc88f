// Local HTTPS fixture sites on loopback, shared by the end-to-end tests and `npm start`.
// One server answers every fixture host name, routing on the Host header; the browsers map
// the names to 127.0.0.1 (Chromium: --host-resolver-rules, Firefox: network.dns.localDomains).
// HTTPS is required: browsers reject SameSite=None, Secure, Partitioned and __Host- cookies
// from plain http.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** First party, its subdomain, a third-party embed (iframe) and a third-party pixel host. */
export const HOSTS = {
  site: 'site.test',
  sub: 'www.site.test',
  embed: 'embed.test',
  pixel: 'pixel.test',
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

// A 1×1 transparent GIF: the 43 bytes every tracking pixel sends.
const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A JS string literal safe inside an inline <script>: `</script>` in it must not end the element. */
function scriptString(text) {
  return JSON.stringify(text).replace(/</g, '\\u003c');
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
<script>
  document.cookie = 'js_visit=1; path=/; max-age=3600; samesite=lax';
  // Google Analytics' client id, as its script sets it: a well-known cookie with a known purpose.
  document.cookie = '_ga=GA1.1.1234567890.1700000000; path=/; max-age=63072000; samesite=lax';
  document.cookie = ${scriptString(`${HOSTILE.name}=${HOSTILE.value}; path=/`)};
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
      '/p.gif': {
        headers: {
          'Set-Cookie': [`uid=a3f1c9e07b2d4e5f9a8b7c6d5e4f3a2b; Path=/; Max-Age=${year}; Secure; SameSite=None`],
          'Content-Type': 'image/gif',
          'Cache-Control': 'no-store',
        },
        body: PIXEL_GIF,
      },
    },
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
    [HOSTS.probe]: {
      '/': { headers: {}, body: page('Probe', '<p>Warm-up page.</p>') },
    },
  };
}

/** Start the fixture server on a free loopback port. */
export async function startFixtureServer() {
  let table = {};
  const server = createServer(makeCertificate(), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const route = table[host]?.[path];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = typeof route.body === 'string' ? Buffer.from(route.body) : route.body;
    res.writeHead(200, {
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
  return {
    port,
    url: (host, path = '/') => `https://${host}:${port}${path}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

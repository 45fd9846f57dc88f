// A whole site to crawl, for `cookie-audit scan --sitemap` (tests/e2e/scan.chromium.test.ts,
// npm run bench:scan): a shop's product pages listed by a sitemap index of two sitemaps, one of
// them gzipped, as the sitemaps.org protocol describes (https://www.sitemaps.org/protocol.html:
// an index's <sitemap><loc>, a urlset's <url><loc>, `.xml.gz` files served as gzip).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const CRAWL = {
  host: 'crawl.test',
  /** Product pages /products/1 … /products/200. */
  pages: 200,
  /** Every TRACKED-th page embeds pixel.test's tracking pixel. */
  tracked: 4,
  sitemap: '/sitemap.xml',
};

const productPath = (n) => `/products/${n}`;

export function crawlUrls(origin, from = 1, to = CRAWL.pages) {
  return Array.from({ length: to - from + 1 }, (_, i) => `${origin}${productPath(from + i)}`);
}

function urlset(urls) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `  <url><loc>${u}</loc><changefreq>weekly</changefreq></url>`).join('\n')}
</urlset>
`;
}

/**
 * @param {(host: string) => string} origin
 * @param {{ pixel: string }} hosts
 * @param {(title: string, body: string) => string} page
 */
export function crawlRoutes(origin, hosts, page) {
  const site = origin(CRAWL.host);
  const half = CRAWL.pages / 2;
  const xml = (body) => ({ headers: { 'Content-Type': 'application/xml' }, body });
  return (host, path) => {
    if (host !== CRAWL.host) return undefined;
    if (path === CRAWL.sitemap) {
      return xml(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>${site}/sitemaps/products-1.xml</loc></sitemap>
  <sitemap><loc>${site}/sitemaps/products-2.xml.gz</loc></sitemap>
</sitemapindex>
`);
    }
    if (path === '/sitemaps/products-1.xml') return xml(urlset(crawlUrls(site, 1, half)));
    if (path === '/sitemaps/products-2.xml.gz') {
      return { headers: { 'Content-Type': 'application/gzip' }, body: gzipSync(urlset(crawlUrls(site, half + 1, CRAWL.pages))) };
    }
    const n = Number(/^\/products\/(\d+)$/.exec(path)?.[1]);
    if (!(n >= 1 && n <= CRAWL.pages)) return undefined;
    // Django's session cookie as Django sets it with SESSION_COOKIE_SECURE on
    // (https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly): a clean page.
    const sessionid = createHash('sha256').update(`crawl-${n}-${Math.random()}`).digest('hex').slice(0, 32);
    const tracked = n % CRAWL.tracked === 0;
    return {
      headers: { 'Set-Cookie': [`sessionid=${sessionid}; HttpOnly; Path=/; SameSite=Lax; Secure`] },
      body: page(`Product ${n} — Crawl shop`, `
<h1>Product ${n}</h1>
<p>A product page of a shop with ${CRAWL.pages} of them.</p>
<p><a href="${productPath(n === CRAWL.pages ? 1 : n + 1)}">Next product</a></p>
${tracked ? `<img src="${origin(hosts.pixel)}/p.gif?cid=crawl${n}f9e8d7c6b5a4f3e2d1c" width="1" height="1" alt="">` : ''}`),
    };
  };
}

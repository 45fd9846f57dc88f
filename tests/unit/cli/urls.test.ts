import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dedupe, inShard, isGzip, parseSitemap, parseUrlList, shardOf } from '../../../cli/urls';

describe('page lists', () => {
  it('reads one URL a line, skipping comments and blank lines, and names the lines that are not addresses', () => {
    expect(parseUrlList('# shop\nhttps://shop.example/\r\n\n  https://shop.example/cart  \nftp://x.example/\nshop.example/about\n')).toEqual({
      urls: ['https://shop.example/', 'https://shop.example/cart'],
      invalid: ['ftp://x.example/', 'shop.example/about'],
    });
  });

  it('counts a page written two ways once, in first-seen order', () => {
    expect(dedupe(['HTTPS://Shop.Example', 'https://b.example/x', 'https://shop.example/#top', 'https://b.example/x?'])).toEqual([
      'https://shop.example/',
      'https://b.example/x',
      'https://b.example/x?',
    ]);
  });

  // The protocol's own examples (https://www.sitemaps.org/protocol.html), with its entity escaping.
  it('reads a urlset and a sitemap index', () => {
    const urlset = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://www.example.com/</loc><lastmod>2005-01-01</lastmod></url>
  <url><loc>http://www.example.com/catalog?item=12&amp;desc=vacation_hawaii</loc><changefreq>weekly</changefreq></url>
  <url><loc><![CDATA[http://www.example.com/catalog?item=83&desc=vacation_usa]]></loc></url>
</urlset>`;
    expect(parseSitemap(urlset)).toEqual({
      kind: 'urlset',
      locs: ['http://www.example.com/', 'http://www.example.com/catalog?item=12&desc=vacation_hawaii', 'http://www.example.com/catalog?item=83&desc=vacation_usa'],
    });
    const index = `<?xml version="1.0" encoding="UTF-8"?>
<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sm:sitemap><sm:loc>http://www.example.com/sitemap1.xml.gz</sm:loc><sm:lastmod>2004-10-01T18:23:17+00:00</sm:lastmod></sm:sitemap>
  <sm:sitemap><sm:loc>http://www.example.com/sitemap2.xml.gz</sm:loc></sm:sitemap>
</sm:sitemapindex>`;
    expect(parseSitemap(index)).toEqual({ kind: 'index', locs: ['http://www.example.com/sitemap1.xml.gz', 'http://www.example.com/sitemap2.xml.gz'] });
    expect(() => parseSitemap('<html><body>Not found</body></html>')).toThrow(/not a sitemap/);
  });

  it('tells gzip from XML by its magic number', () => {
    expect(isGzip(gzipSync('<urlset/>'))).toBe(true);
    expect(isGzip(new TextEncoder().encode('<urlset/>'))).toBe(false);
  });

  it('splits a list into shards that cover every URL exactly once, whatever order each machine has it in', () => {
    const urls = Array.from({ length: 1000 }, (_, i) => `https://shop.example/p/${i}`);
    const shards = [1, 2, 3, 4].map((index) => inShard(urls, { index, count: 4 }));
    const reversed = [1, 2, 3, 4].map((index) => inShard([...urls].reverse(), { index, count: 4 }));
    expect(shards.flat().sort()).toEqual([...urls].sort());
    for (const [i, shard] of shards.entries()) {
      expect([...reversed[i]].sort()).toEqual([...shard].sort());
      // A hash split: about a quarter each.
      expect(shard.length).toBeGreaterThan(200);
      expect(shard.length).toBeLessThan(300);
    }
    expect(shardOf('https://shop.example/p/1', 1)).toBe(1);
    expect(inShard(urls, null)).toEqual(urls);
  });
});

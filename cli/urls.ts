/**
 * The list of pages: from arguments, a file, or sitemaps (sitemaps.org protocol: a `<urlset>` of
 * `<url><loc>`, or a `<sitemapindex>` of `<sitemap><loc>`), deduplicated in first-seen order,
 * capped, then split into shards.
 */
import { createHash } from 'node:crypto';

/** One URL per line; blank lines and `#` comments skipped. Returns the URLs and the lines that are not http(s) addresses. */
export function parseUrlList(text: string): { urls: string[]; invalid: string[] } {
  const urls: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    (isHttpUrl(line) ? urls : invalid).push(line);
  }
  return { urls, invalid };
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The same page written two ways (`HTTPS://Example.com` and `https://example.com/`) is one page; the fragment never reaches the server. */
export function normaliseUrl(text: string): string {
  const url = new URL(text);
  url.hash = '';
  return url.href;
}

export function dedupe(urls: readonly string[]): string[] {
  return [...new Set(urls.map(normaliseUrl))];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex, dec, name) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ENTITIES[name.toLowerCase()],
  );
}

export interface Sitemap {
  kind: 'index' | 'urlset';
  /** Each `<loc>`, unescaped, in document order. */
  locs: string[];
}

/**
 * A sitemap's kind and locations. The protocol's XML is flat and fixed, so its `<loc>` elements
 * are read directly (namespace prefixes and CDATA allowed); anything else is not a sitemap.
 */
export function parseSitemap(xml: string): Sitemap {
  const root = /<(?:[\w-]+:)?(sitemapindex|urlset)[\s>]/.exec(xml);
  if (!root) throw new Error('not a sitemap: no <urlset> or <sitemapindex>');
  const locs = [...xml.matchAll(/<(?:[\w-]+:)?loc>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/(?:[\w-]+:)?loc>/g)]
    .map((m) => (m[1] ?? unescapeXml(m[2] ?? '')).trim())
    .filter(Boolean);
  return { kind: root[1] === 'sitemapindex' ? 'index' : 'urlset', locs };
}

/** gzip's magic number: a `.xml.gz` sitemap served as a file, not as Content-Encoding. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Whether `url` belongs to shard `index` of `count` (from 1). Decided by a hash of the address
 * alone, so every machine agrees whatever order its list came in, and each URL is in exactly one
 * shard.
 */
export function shardOf(url: string, count: number): number {
  const digest = createHash('sha256').update(normaliseUrl(url)).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(urls: readonly string[], shard: { index: number; count: number } | null): string[] {
  return shard ? urls.filter((url) => shardOf(url, shard.count) === shard.index) : [...urls];
}

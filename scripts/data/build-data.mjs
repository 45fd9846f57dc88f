// Builds the tracker-knowledge lookup modules in lib/knowledge/generated/ from two pinned public
// data sets and the third-party-web package. The data sets are not committed: they are read from
// COOKIE_AUDIT_DATA_DIR, else from ../shared/data beside the repo, else downloaded from their
// pinned commits, and every file must match its pinned sha256 — a build never ships data nobody
// reviewed. Output depends only on the input bytes, so the same pin always builds the same files.
//
//   node scripts/data/build-data.mjs [--out DIR]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { getDomain } from 'tldts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHARED_DATA_DIR = join(ROOT, '..', 'shared', 'data');
const DEFAULT_OUT_DIR = join(ROOT, 'lib', 'knowledge', 'generated');

const OCD = {
  name: 'Open Cookie Database',
  repo: 'https://github.com/jkwakman/Open-Cookie-Database',
  commit: '0ee5a17fe1cb002943f89370d24fc26a4226061c',
  date: '2026-01-21',
  licence: 'Apache-2.0',
};
const BADGER_SETT = {
  name: 'Badger Sett (Privacy Badger crawl results)',
  repo: 'https://github.com/EFForg/badger-sett',
  commit: 'c7649c6d30602e69c3048508b9a5ddb860818ed8',
  date: '2026-08-22',
  licence: 'MIT',
};

const rawUrl = (source, file) => `${source.repo.replace('github.com', 'raw.githubusercontent.com')}/${source.commit}/${file}`;

/** The pin: every source file, its upstream copy at a fixed commit, and the sha256 it must have. */
const PINNED_FILES = {
  cookies: {
    path: 'open-cookie-database/open-cookie-database.csv',
    url: rawUrl(OCD, 'open-cookie-database.csv'),
    sha256: '0a8d78901ae55d859e34f7cc760262819af4c764b4f9bc3bbdeea2296e31f156',
  },
  cookiesLicence: {
    path: 'open-cookie-database/LICENSE',
    url: rawUrl(OCD, 'LICENSE'),
    sha256: 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4',
  },
  badgerSett: {
    path: 'badger-sett/results.json',
    url: rawUrl(BADGER_SETT, 'results.json'),
    sha256: '44efa401684eeba4bf0112996a8ba0e190314bf275726a7f820a647b4ce966f4',
  },
  badgerSettLicence: {
    path: 'badger-sett/LICENSE',
    url: rawUrl(BADGER_SETT, 'LICENSE'),
    sha256: '6fae4d3d8dfd7b61633fb843bb4ae30dd9f6ffed9230272d1c7bec316f5fe089',
  },
};

/** Same Public Suffix List reading as lib/site.ts, so generated sites compare equal to siteOfHost. */
const PSL_OPTIONS = { allowPrivateDomains: true };

class DataError extends Error {}

const howToFix = (file) =>
  `Set COOKIE_AUDIT_DATA_DIR to a folder holding the pinned files (${Object.values(PINNED_FILES)
    .map((f) => f.path)
    .join(', ')}), or leave it unset and allow network access to the pinned URLs (this one: ${file.url}).`;

async function loadPinnedFiles() {
  const dir = process.env.COOKIE_AUDIT_DATA_DIR || (existsSync(SHARED_DATA_DIR) ? SHARED_DATA_DIR : null);
  const texts = {};
  for (const [key, file] of Object.entries(PINNED_FILES)) {
    const from = dir ? join(dir, file.path) : file.url;
    const bytes = dir ? readPinnedFile(from, file) : await downloadPinnedFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== file.sha256) {
      throw new DataError(`sha256 mismatch for ${from}: expected ${file.sha256}, got ${sha256}. ${howToFix(file)}`);
    }
    texts[key] = bytes.toString('utf8');
  }
  return { texts, from: dir ?? 'the pinned upstream URLs' };
}

function readPinnedFile(path, file) {
  if (!existsSync(path)) throw new DataError(`Missing data file ${path}. ${howToFix(file)}`);
  return readFileSync(path);
}

async function downloadPinnedFile(file) {
  try {
    const response = await fetch(file.url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new DataError(`Could not download ${file.url} (${error.message}). ${howToFix(file)}`);
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') {
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...records] = rows;
  return records.map((values) => Object.fromEntries(header.map((column, i) => [column, values[i] ?? ''])));
}

/** Distinct strings in first-use order; rows refer to them by index to keep the module small. */
function stringTable() {
  const strings = [];
  const indexOf = new Map();
  return {
    strings,
    index(s) {
      if (!indexOf.has(s)) indexOf.set(s, strings.push(s) - 1);
      return indexOf.get(s);
    },
  };
}

/** `*` and `%PLACEHOLDER%` in a name stand for any text: the name is a prefix up to there. */
const NAME_PLACEHOLDER = /\*|%[A-Z]+%/;

/**
 * Sites named by the Domain column. It is free text: `adform.net (3rd party)`, `.bing.com (3rd
 * party) or .microsoft.com (3rd party)`, `ads-[account].adhese.com`, mixed case, zero-width spaces.
 */
function sitesOfDomainColumn(text) {
  const sites = new Set();
  const cleaned = text.toLowerCase().replace(/[\u200b-\u200d\ufeff]/g, '').replaceAll('(3rd party)', '');
  for (const part of cleaned.split(/(?:^|\s)or(?=\s|$)/)) {
    // A label with a placeholder stands for any subdomain: the entry holds for the site below it.
    const labels = part.trim().replace(/^\./, '').split('.');
    const host = labels.slice(labels.findLastIndex((l) => !/^[a-z0-9-]+$/.test(l)) + 1).join('.');
    const site = host && getDomain(host, PSL_OPTIONS);
    if (site) sites.add(site);
  }
  return [...sites];
}

function buildCookies(csv) {
  const table = stringTable();
  const exact = [];
  const prefixes = [];
  for (const r of parseCsv(csv)) {
    // Names may carry stray whitespace (a trailing tab).
    const written = r['Cookie / Data Key name'].trim();
    const placeholder = written.search(NAME_PLACEHOLDER);
    const name = placeholder === -1 ? written : written.slice(0, placeholder);
    if (!name) continue;
    const row = [
      name,
      table.index(r.Category.trim()),
      table.index(r.Platform.trim()),
      table.index(r['Retention period'].trim()),
      table.index(r['Data Controller'].trim()),
      ...sitesOfDomainColumn(r.Domain).map((s) => table.index(s)),
    ];
    const isPrefix = r['Wildcard match'].trim() === '1' || placeholder !== -1;
    (isPrefix ? prefixes : exact).push(row);
  }
  const rowType =
    'readonly [name: string, category: number, platform: number, retention: number, controller: number, ...sites: number[]]';
  return [
    header(`${OCD.name} ${OCD.repo} @ ${OCD.commit} (${OCD.licence})`),
    '/** Categories, platforms, retention periods, controllers and sites, referred to by index; "" when the database is blank. */',
    `export const COOKIE_STRINGS: readonly string[] = ${JSON.stringify(table.strings)};`,
    '',
    '/** One database entry. `sites` lists the sites of its Domain column; none means any site. */',
    `export type CookieRow = ${rowType};`,
    '',
    '/** Entries whose name is matched exactly, in database order. */',
    `export const EXACT_COOKIES: readonly CookieRow[] = ${rowsLiteral(exact)};`,
    '',
    '/** Entries whose name is a prefix (wildcard match, or a name with a placeholder), in database order. */',
    `export const PREFIX_COOKIES: readonly CookieRow[] = ${rowsLiteral(prefixes)};`,
  ];
}

function buildTrackers(results) {
  const methods = new Set();
  for (const sites of Object.values(results.tracking_map)) {
    for (const how of Object.values(sites)) for (const m of how) methods.add(m);
  }
  const methodList = [...methods].sort();
  const trackers = [];
  for (const domain of Object.keys(results.snitch_map).sort()) {
    // Per method, the number of sites on which the tracker was seen using it.
    const counts = methodList.map(() => 0);
    for (const how of Object.values(results.tracking_map[domain] ?? {})) {
      for (const m of new Set(how)) counts[methodList.indexOf(m)]++;
    }
    const sites = new Set(results.snitch_map[domain]).size;
    trackers.push([domain, counts.some((n) => n > 0) ? [sites, ...counts] : [sites]]);
  }
  return [
    header(`${BADGER_SETT.name} ${BADGER_SETT.repo} @ ${BADGER_SETT.commit}, crawl ${results.version} (${BADGER_SETT.licence})`),
    '/** Tracking methods the crawler records, referred to by index. */',
    `export const TRACKING_METHODS: readonly string[] = ${JSON.stringify(methodList)};`,
    '',
    '/** Tracker base domain → [sites it was seen tracking on, then per method the sites where it used it]. */',
    `export const BADGER_SETT: ReadonlyMap<string, readonly number[]> = new Map(${rowsLiteral(trackers)});`,
  ];
}

function buildEntities(thirdPartyWeb) {
  const categories = stringTable();
  const rows = [];
  const domains = new Map();
  for (const entity of thirdPartyWeb.entities) {
    const index = rows.length;
    // Trailing optional fields are left out; an empty company means the entity names itself.
    const row = [entity.name, categories.index(entity.category), entity.company ?? '', entity.homepage ?? ''];
    while (row.at(-1) === '') row.pop();
    rows.push(row);
    // A few domains are written with capitals; hosts are compared in lower case.
    for (const domain of entity.domains) {
      const host = domain.toLowerCase();
      if (!domains.has(host)) domains.set(host, index);
    }
  }
  const sorted = [...domains].sort(([a], [b]) => (a < b ? -1 : 1));
  return [
    header(`third-party-web ${thirdPartyWeb.version} https://github.com/patrickhulce/third-party-web (MIT)`),
    '/** third-party-web category ids, referred to by index. */',
    `export const ENTITY_CATEGORIES: readonly string[] = ${JSON.stringify(categories.strings)};`,
    '',
    '/** [name, category, company (absent or empty: the entity itself), homepage]. */',
    'export type EntityRow = readonly [name: string, category: number, company?: string, homepage?: string];',
    `export const ENTITIES: readonly EntityRow[] = ${rowsLiteral(rows)};`,
    '',
    '/** Host → entity index. `*.example.com` covers example.com and all its subdomains, as in third-party-web. */',
    `export const ENTITY_DOMAINS: ReadonlyMap<string, number> = new Map(${rowsLiteral(sorted)});`,
  ];
}

function buildNotices(texts, results, thirdPartyWeb) {
  const notices = [
    {
      name: OCD.name,
      source: `${OCD.repo}/tree/${OCD.commit}`,
      version: `commit ${OCD.commit.slice(0, 12)} (${OCD.date})`,
      licence: OCD.licence,
      use:
        'Cookie purposes. Changed: reduced to name, category, platform, retention period, data controller and site; ' +
        'domains normalised.',
      text: texts.cookiesLicence,
    },
    {
      name: BADGER_SETT.name,
      source: `${BADGER_SETT.repo}/tree/${BADGER_SETT.commit}`,
      version: `crawl ${results.version}, commit ${BADGER_SETT.commit.slice(0, 12)} (${BADGER_SETT.date})`,
      licence: BADGER_SETT.licence,
      use: 'How many popular sites each tracker domain was seen tracking on, and how. Changed: reduced to counts.',
      text: texts.badgerSettLicence,
    },
    {
      name: 'third-party-web',
      source: `https://github.com/patrickhulce/third-party-web/tree/v${thirdPartyWeb.version}`,
      version: thirdPartyWeb.version,
      licence: 'MIT',
      use: 'The company behind third-party domains. Changed: reduced to entity name, company, category, homepage and domains.',
      text: thirdPartyWeb.licence,
    },
  ];
  return [
    header(`the licences of ${OCD.name}, ${BADGER_SETT.name} and third-party-web`),
    'export interface DataNotice {',
    '  name: string;',
    '  source: string;',
    '  version: string;',
    '  licence: string;',
    '  /** What the extension takes from the data set, and how it changed it. */',
    '  use: string;',
    '  /** The licence text, unchanged. */',
    '  text: string;',
    '}',
    '',
    `export const DATA_NOTICES: readonly DataNotice[] = ${JSON.stringify(notices, null, 2)};`,
  ];
}

function header(source) {
  return `// Generated by scripts/data/build-data.mjs from ${source}. Do not edit.\n`;
}

/** One row per line: small, and still readable when debugging a lookup. */
function rowsLiteral(rows) {
  return `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')},\n]`;
}

function readThirdPartyWeb() {
  const require = createRequire(import.meta.url);
  const dir = join(require.resolve('third-party-web/package.json'), '..');
  return {
    version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version,
    entities: JSON.parse(readFileSync(join(dir, 'dist', 'entities.json'), 'utf8')),
    licence: readFileSync(join(dir, 'LICENSE'), 'utf8'),
  };
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', default: DEFAULT_OUT_DIR } } });
  const started = performance.now();
  const { texts, from } = await loadPinnedFiles();
  const results = JSON.parse(texts.badgerSett);
  const thirdPartyWeb = readThirdPartyWeb();
  const modules = {
    'cookies.ts': buildCookies(texts.cookies),
    'trackers.ts': buildTrackers(results),
    'entities.ts': buildEntities(thirdPartyWeb),
    'notices.ts': buildNotices(texts, results, thirdPartyWeb),
  };
  mkdirSync(values.out, { recursive: true });
  console.log(`Tracker knowledge from ${from}:`);
  for (const [file, lines] of Object.entries(modules)) {
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    writeFileSync(join(values.out, file), bytes);
    const size = (n) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(`  ${relative(ROOT, join(values.out, file))}  ${size(bytes.length)} (${size(gzipSync(bytes).length)} gzip)`);
  }
  console.log(`  built in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error) => {
  console.error(error instanceof DataError ? `build-data: ${error.message}` : error);
  process.exit(1);
});

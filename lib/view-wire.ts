/**
 * The popup's view (lib/view.ts) as the background sends it: each cookie as one row of values in
 * a fixed order, the values cookies share (domains, paths, sites, purposes, findings…) listed once,
 * and the yes/no fields packed in one number. A thousand cookies take about a quarter of the
 * bytes of plain JSON: Chrome copies and converts a message's string on both sides of the
 * messaging, and the popup parses it, so the time of all three follows its length.
 *
 * Pure and free of the audit: the popup's first script imports it (tests/unit/popup-imports.test.ts).
 */
import type { PopupView, ViewCookie } from './view';

/** Fields that are their own value in the row: text or a number; null when the cookie has none. */
const OWN = ['name', 'size', 'expirationDate', 'script'] as const;
/** Fields many cookies share: the index of the value in the view's `shared` list; -1 when the cookie has none. */
const SHARED = [
  'domain',
  'path',
  'sameSite',
  'storeId',
  'partitionKey',
  'partitionSite',
  'firstPartyDomain',
  'site',
  'findings',
  'purpose',
  'phase',
  'setBy',
  'scriptKind',
  'scriptLabel',
  'scriptLabelMsg',
] as const;
/** Yes/no fields, one bit each, in one number. */
const FLAGS = ['hostOnly', 'secure', 'httpOnly', 'session', 'firstParty', 'valueEmpty'] as const;

type Field = (typeof OWN)[number] | (typeof SHARED)[number] | (typeof FLAGS)[number];
/** Every field of a view cookie has its place above: a new one fails to compile until it is given one. */
const everyField: [Exclude<keyof ViewCookie, Field>] extends [never] ? true : never = true;
void everyField;

/** The cookie's fields in the order lib/view.ts builds them: decoded cookies have the same shape. */
const ORDER: readonly Field[] = [
  'name',
  'domain',
  'path',
  'hostOnly',
  'secure',
  'httpOnly',
  'sameSite',
  'session',
  'size',
  'storeId',
  'partitionKey',
  'partitionSite',
  'firstPartyDomain',
  'site',
  'firstParty',
  'expirationDate',
  'purpose',
  'phase',
  'setBy',
  'script',
  'scriptKind',
  'findings',
  'valueEmpty',
  'scriptLabel',
  'scriptLabelMsg',
];

type Row = (string | number | null)[];

interface WireView extends Omit<PopupView, 'cookies'> {
  cookies: Row[];
  shared: unknown[];
}

export function encodeView(view: PopupView): string {
  const shared: unknown[] = [];
  const index = new Map<string, number>();
  const share = (value: unknown): number => {
    if (value === undefined) return -1;
    const key = JSON.stringify(value);
    let i = index.get(key);
    if (i === undefined) {
      i = shared.push(value) - 1;
      index.set(key, i);
    }
    return i;
  };
  const cookies = view.cookies.map((c): Row => {
    const fields = c as unknown as Record<Field, unknown>;
    const row: Row = OWN.map((f) => (fields[f] === undefined ? null : (fields[f] as string | number)));
    for (const f of SHARED) row.push(share(fields[f]));
    let flags = 0;
    FLAGS.forEach((f, bit) => {
      if (fields[f]) flags |= 1 << bit;
    });
    row.push(flags);
    return row;
  });
  return JSON.stringify({ ...view, cookies, shared } satisfies WireView);
}

/** Where each field of the plain object is read from in a row, in the plain object's order. */
const READ = ORDER.map((field) => {
  const own = (OWN as readonly Field[]).indexOf(field);
  if (own !== -1) return { field, own };
  const shared = (SHARED as readonly Field[]).indexOf(field);
  if (shared !== -1) return { field, shared: OWN.length + shared };
  return { field, bit: (FLAGS as readonly Field[]).indexOf(field) };
});
const FLAGS_AT = OWN.length + SHARED.length;

export function decodeView(json: string): PopupView {
  const { cookies: rows, shared, ...rest } = JSON.parse(json) as WireView;
  const cookies = rows.map((row): ViewCookie => {
    const cookie: Record<string, unknown> = {};
    const flags = row[FLAGS_AT] as number;
    for (const read of READ) {
      if (read.own !== undefined) {
        if (row[read.own] !== null) cookie[read.field] = row[read.own];
      } else if (read.shared !== undefined) {
        const at = row[read.shared] as number;
        if (at !== -1) cookie[read.field] = shared[at];
      } else {
        cookie[read.field] = (flags & (1 << read.bit!)) !== 0;
      }
    }
    return cookie as unknown as ViewCookie;
  });
  return { ...rest, cookies };
}

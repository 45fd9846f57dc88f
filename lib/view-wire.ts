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

/** Where each field is in a row: its own value, the index of a shared one, or its bit in the flags. */
const AT = Object.fromEntries([...OWN, ...SHARED].map((field, i) => [field, i])) as Record<(typeof OWN)[number] | (typeof SHARED)[number], number>;
const BIT = Object.fromEntries(FLAGS.map((field, bit) => [field, 1 << bit])) as Record<(typeof FLAGS)[number], number>;
const FLAGS_AT = OWN.length + SHARED.length;

/**
 * Every cookie is built by one object literal, with each field in the order lib/view.ts builds
 * them and `undefined` for what the cookie does not have: a thousand cookies of one shape. Built
 * field by field (a keyed store each, shapes varying with the fields present), the same thousand
 * took 15–35 ms on the popup's first run here, against 5–10 ms so; and every later reader of the
 * cookies (search, sort, the rows) meets one shape instead of many.
 */
function cookieOf(row: Row, shared: readonly unknown[]): ViewCookie {
  const own = <T>(i: number): T | undefined => (row[i] === null ? undefined : (row[i] as T));
  const common = <T>(i: number): T | undefined => {
    const at = row[i] as number;
    return at === -1 ? undefined : (shared[at] as T);
  };
  const flags = row[FLAGS_AT] as number;
  const cookie = {
    name: row[AT.name] as string,
    domain: common<string>(AT.domain)!,
    path: common<string>(AT.path)!,
    hostOnly: (flags & BIT.hostOnly) !== 0,
    secure: (flags & BIT.secure) !== 0,
    httpOnly: (flags & BIT.httpOnly) !== 0,
    sameSite: common<ViewCookie['sameSite']>(AT.sameSite)!,
    session: (flags & BIT.session) !== 0,
    size: row[AT.size] as number,
    storeId: common<string>(AT.storeId)!,
    partitionKey: common<ViewCookie['partitionKey']>(AT.partitionKey)!,
    partitionSite: common<ViewCookie['partitionSite']>(AT.partitionSite)!,
    firstPartyDomain: common<ViewCookie['firstPartyDomain']>(AT.firstPartyDomain)!,
    site: common<string>(AT.site)!,
    firstParty: (flags & BIT.firstParty) !== 0,
    expirationDate: own<number>(AT.expirationDate),
    purpose: common<ViewCookie['purpose']>(AT.purpose)!,
    phase: common<ViewCookie['phase']>(AT.phase)!,
    setBy: common<ViewCookie['setBy']>(AT.setBy),
    script: own<string>(AT.script),
    scriptKind: common<ViewCookie['scriptKind']>(AT.scriptKind),
    findings: common<ViewCookie['findings']>(AT.findings)!,
    valueEmpty: (flags & BIT.valueEmpty) !== 0,
    scriptLabel: common<string>(AT.scriptLabel),
    scriptLabelMsg: common<ViewCookie['scriptLabelMsg']>(AT.scriptLabelMsg),
  } satisfies Record<Field, unknown>;
  return cookie;
}

export function decodeView(json: string): PopupView {
  const { cookies: rows, shared, ...rest } = JSON.parse(json) as WireView;
  return { ...rest, cookies: rows.map((row) => cookieOf(row, shared)) };
}

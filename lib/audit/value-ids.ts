/**
 * The ids of the rules about what a cookie's value holds, whose findings link to the "How
 * cookies and sessions work" page. A module of its own, so that the popup can tell them without
 * bundling the value inspector (`value.ts`, with its zlib).
 */
export const VALUE_RULE_IDS: readonly string[] = [
  'cookies-value-holds-session-data',
  'cookies-value-is-jwt',
  'cookies-session-id-predictable',
];

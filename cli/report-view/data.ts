/**
 * The data the HTML report carries: the run without what the view does not show. Read from a
 * `<script type="application/json">` element's text, so that page data is never markup.
 */
import type { Run } from '../run';

export type RunView = Pick<Run, 'summary' | 'finishedAt' | 'pages'>;

export const DATA_ELEMENT_ID = 'cookie-audit-run';

/** JSON that cannot end its `<script>` element early: `<` is written as `\u003c` (still the same JSON). */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * One self-contained HTML page: the run's data as JSON in a data block, the report view (the
 * popup's Svelte components, built by scripts/build-cli.mjs) and its style sheet inlined. Its
 * Content-Security-Policy allows that one script by hash and no network at all, so the page
 * loads nothing, whatever the data holds; page data reaches the document only as text.
 */
import { createHash } from 'node:crypto';
import { DATA_ELEMENT_ID, embedJson, type RunView } from '../report-view/data';
import type { Run } from '../run';

export interface ViewAssets {
  js: string;
  css: string;
}

export function toHtml(run: Run, assets: ViewAssets): string {
  const view: RunView = { summary: run.summary, finishedAt: run.finishedAt, pages: run.pages };
  // A script's text ends at the first `</script`: the bundle must not contain one.
  const js = assets.js.replace(/<\/(script)/gi, '<\\/$1');
  const hash = createHash('sha256').update(js).digest('base64');
  const csp = `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'`;
  const title = `Cookie Audit: ${run.summary.passed ? 'passed' : 'failed'}, ${run.summary.pages} page${run.summary.pages === 1 ? '' : 's'}`;
  return `<!doctype html>
<html lang="en" class="full-page">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${assets.css.replace(/<\/(style)/gi, '<\\/$1')}</style>
</head>
<body>
<div id="app"><noscript>This report needs JavaScript to show its pages; cookie-audit.json holds the same data.</noscript></div>
<script type="application/json" id="${DATA_ELEMENT_ID}">${embedJson(view)}</script>
<script>${js}</script>
</body>
</html>
`;
}

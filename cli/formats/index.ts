import type { Format } from '../args';
import type { Run } from '../run';
import { toHtml, type ViewAssets } from './html';
import { toJunit } from './junit';
import { toMarkdown } from './md';
import { toSarif } from './sarif';

export const FILE_NAMES: Record<Format, string> = {
  json: 'cookie-audit.json',
  sarif: 'cookie-audit.sarif',
  junit: 'cookie-audit.junit.xml',
  md: 'cookie-audit.md',
  html: 'cookie-audit.html',
};

/** The run in one format. `assets` (the built report view) is read only for html. */
export function render(format: Format, run: Run, assets: () => ViewAssets): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(run)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(run), null, 2)}\n`;
    case 'junit':
      return toJunit(run);
    case 'md':
      return toMarkdown(run);
    case 'html':
      return toHtml(run, assets());
  }
}

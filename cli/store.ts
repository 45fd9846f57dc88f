/**
 * Results streamed to disk as pages finish: one JSON line per page in `pages.jsonl`, appended,
 * so an interrupted run keeps what it did and `--resume` carries on from it.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { mergePages } from './run';
import type { PageResult } from './types';

export const STREAM_FILE = 'pages.jsonl';

/**
 * Ready to append: a fresh file, or for --resume the old one, ended with a line break first if
 * an interruption cut its last line (the next result must not be glued to it).
 */
export function openStream(file: string, resume: boolean): void {
  if (!resume) {
    rmSync(file, { force: true });
    return;
  }
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
}

export function appendResult(file: string, result: PageResult): void {
  appendFileSync(file, `${JSON.stringify(result)}\n`);
}

/**
 * Every page in the file, one result per URL (an audited result beats a later error, a later
 * one an earlier). A line cut short by an interruption is skipped.
 */
export function parseResults(text: string): PageResult[] {
  const pages: PageResult[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const page = JSON.parse(line) as PageResult;
      if (typeof page?.url === 'string') pages.push(page);
    } catch {
      // The last line of an interrupted run.
    }
  }
  return mergePages([pages]);
}

export function readResults(file: string): PageResult[] {
  return existsSync(file) ? parseResults(readFileSync(file, 'utf8')) : [];
}

/** Progress on standard error: a bar redrawn in place on a terminal, one plain line per page otherwise (CI logs). */
import type { PageResult } from './types';

function outcome(result: PageResult): string {
  if (result.report) return `${result.report.audit.grade.padEnd(2)} ${result.report.summary.total} cookies, ${result.report.activity?.tracking ?? 0} trackers`;
  return `error ${result.error?.message ?? ''}`;
}

export function progressLine(done: number, total: number, result: PageResult): string {
  const retry = result.attempts > 1 ? ` (try ${result.attempts})` : '';
  return `[${String(done).padStart(String(total).length)}/${total}] ${result.url} ${outcome(result)} ${(result.ms / 1000).toFixed(1)}s${retry}`;
}

export function progressBar(done: number, total: number, errors: number, elapsedMs: number, width = 30): string {
  const filled = total ? Math.round((done / total) * width) : width;
  const perMin = elapsedMs > 0 ? (done / elapsedMs) * 60_000 : 0;
  const eta = perMin > 0 ? Math.round(((total - done) / perMin) * 60) : null;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} pages, ${errors} errors, ${perMin.toFixed(1)}/min${eta === null ? '' : `, ${eta}s left`}`;
}

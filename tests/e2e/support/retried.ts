/**
 * A vitest reporter for the e2e run: a test that passed only on its retry still says why its
 * first run failed. Vitest keeps that error on the test's result (and the default reporter
 * shows only "retry x1"); the race behind it is to be found, not accepted.
 */
import type { Reporter, TestCase } from 'vitest/node';

export default class RetriedReporter implements Reporter {
  onTestCaseResult(testCase: TestCase): void {
    const { retryCount } = testCase.diagnostic() ?? {};
    const result = testCase.result();
    if (!retryCount || result.state !== 'passed') return;
    // Documented: a test that passed on a retry still reports the errors of its failed runs.
    const errors = result.errors ?? [];
    // The message and our own frames: the runner's frames say nothing.
    const why = errors
      .map((e) => (e.stack ?? e.message ?? String(e)).split('\n').filter((line) => !line.includes('node_modules')).slice(0, 12).join('\n'))
      .join('\n');
    process.stdout.write(`\nPassed on retry ${retryCount}: ${testCase.module.moduleId.replace(process.cwd() + '/', '')} > ${testCase.fullName}\nFirst run failed with:\n${why || '(no error kept)'}\n\n`);
  }
}

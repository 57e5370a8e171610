import type { Reporter, TestCase } from 'vitest/node';

/**
 * Names every skipped test and why (its skip note); with CI=true a skip fails
 * the run, because in CI every tool the tests need must be installed.
 */
export default class SkipReporter implements Reporter {
  private skipped: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'skipped') {
      const note = result.note ? ` — ${result.note}` : '';
      this.skipped.push(
        `${test.module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}${note}`,
      );
    }
  }

  onTestRunEnd(): void {
    if (this.skipped.length === 0) return;
    process.stdout.write(
      `\nSkipped tests (${this.skipped.length}):\n${this.skipped.map((s) => `  - ${s}`).join('\n')}\n`,
    );
    if (process.env.CI === 'true') {
      process.stdout.write('CI=true: a skipped test is a failure.\n');
      process.exitCode = 1;
    }
  }
}

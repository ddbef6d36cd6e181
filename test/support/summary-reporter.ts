import type { RunnerTask, RunnerTestFile } from 'vitest';
import type { Reporter } from 'vitest/reporters';

/** Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that any CI can read. */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    /** Counts a task's tests; a suite that failed on its own (a hook, an import) counts as one failure. */
    const visit = (task: RunnerTask): number => {
      if (task.type !== 'suite') {
        if (task.mode === 'skip' || task.mode === 'todo' || task.result?.state === 'skip') counts.skipped++;
        else if (task.result?.state === 'pass') counts.passed++;
        else {
          counts.failed++;
          return 1;
        }
        return 0;
      }
      const failedInside = task.tasks.reduce((sum, child) => sum + visit(child), 0);
      if (task.result?.state === 'fail' && failedInside === 0) {
        counts.failed++;
        return 1;
      }
      return failedInside;
    };
    for (const file of files) visit(file);
    counts.failed += errors.length;
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}

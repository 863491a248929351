/**
 * Ends a Jest run with one plain line, `tests: N passed, N failed, N skipped`, which CI reads
 * as the runner's verdict.
 */
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + (results.numFailedTests === 0 && failedSuites > 0 ? failedSuites : 0);
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
    // Jest's summary reporter always runs after custom reporters; the verdict line must be last.
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}

module.exports = ClosingLineReporter;

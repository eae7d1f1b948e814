import { appendFileSync } from "node:fs";
import type { Reporter, TestCase } from "vitest/node";

// Names every test that failed and then passed on retry (the integration, reliability and e2e
// projects retry once: real processes on a busy 2-core machine have timing variance). A flaky
// test stays visible: it is printed at the end of the run and appended to FLAKY_REPORT_FILE, which
// scripts/test-summary.mjs lists under the totals.
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(testCase: TestCase) {
    const diagnostic = testCase.diagnostic();
    if (testCase.result().state === "passed" && diagnostic?.flaky) {
      this.flaky.push(`${testCase.module.moduleId.replace(process.cwd() + "/", "")} > ${testCase.fullName} (failed ${diagnostic.retryCount}x first)`);
    }
  }

  onTestRunEnd() {
    if (this.flaky.length === 0) return;
    const lines = this.flaky.map((line) => `passed only on retry: ${line}`);
    console.log(lines.join("\n"));
    const file = process.env.FLAKY_REPORT_FILE;
    if (file) appendFileSync(file, lines.join("\n") + "\n");
  }
}

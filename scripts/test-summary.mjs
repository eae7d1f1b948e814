#!/usr/bin/env node
// Sums the Vitest JSON reports of scripts/test.sh into one closing line: "tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
  const report = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numFailedTestSuites ?? 0);
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${file.replace(/\.json$/, "").padEnd(22)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
// Tests that passed only when retried (tests/support/flaky-reporter.ts): green, but named.
if (existsSync(path.join(dir, "flaky.txt"))) process.stdout.write(readFileSync(path.join(dir, "flaky.txt"), "utf8"));

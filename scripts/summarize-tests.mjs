// Sums the checks (lint, typecheck), the two jest runs' and Playwright's JSON reports into the one
// plain line CI reads: "N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.test-results';
let passed = 0;
let failed = 0;
let skipped = 0;

const checks = path.join(dir, 'checks.txt');
if (existsSync(checks)) {
  for (const line of readFileSync(checks, 'utf8').split('\n').filter(Boolean)) {
    if (line.endsWith(' passed')) passed += 1;
    else failed += 1;
  }
}

// The unit suite (jest.json) and the template proof outside the repository (jest-template.json).
for (const name of ['jest.json', 'jest-template.json']) {
  const jestFile = path.join(dir, name);
  if (existsSync(jestFile)) {
    const report = JSON.parse(readFileSync(jestFile, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else {
    failed += 1; // that jest run did not even report
  }
}

const e2e = path.join(dir, 'e2e.json');
if (existsSync('e2e/playwright.config.ts') && !existsSync(e2e)) {
  failed += 1; // the browser tests were due but did not report
} else if (existsSync(e2e)) {
  const stats = JSON.parse(readFileSync(e2e, 'utf8')).stats ?? {};
  passed += stats.expected ?? 0;
  failed += (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  skipped += stats.skipped ?? 0;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);

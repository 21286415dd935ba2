// `npm run test:e2e`: the extension-host suite, then the Playwright UI tests, each against a scratch copy of
// test/e2e/fixtures/journal. Needs `npm run build` and `bash test/e2e/install.sh` first. Exits non-zero when either
// part fails or runs no test.
//   node test/e2e/run.mjs [--if-installed]   --if-installed: skip (exit 0, with a message) when code-server is not
//                                            installed and CI is not set; used by `npm test` on developer machines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, toolPaths } from './harness/runInCodeServer.mjs';

const ifInstalled = process.argv.includes('--if-installed');
let installed = true;
try {
  toolPaths(); // throws when Node 24, code-server or Chromium is missing
} catch {
  installed = false;
}
if (!installed) {
  if (ifInstalled && !process.env.CI) {
    console.log('e2e: skipped — code-server is not installed (run `bash test/e2e/install.sh`, or set CI=1 to require it).');
    process.exit(0);
  }
  console.error('e2e: code-server/Chromium missing: run `bash test/e2e/install.sh` first.');
  process.exit(1);
}

const started = Date.now();
const suite = spawnSync(
  process.execPath,
  [path.join(REPO_ROOT, 'test/e2e/harness/runInCodeServer.mjs'), '--extension', REPO_ROOT, '--tests', path.join(REPO_ROOT, 'out/test/e2e/suite/index.js'), '--workspace', path.join(REPO_ROOT, 'test/e2e/fixtures/journal'), '--name', 'suite', '--timeout', '600'],
  { stdio: 'inherit' },
);
console.log(`e2e suite: exit ${suite.status} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

const uiDir = path.join(REPO_ROOT, 'test/e2e/ui');
const uiFiles = fs.readdirSync(uiDir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(uiDir, f));
if (uiFiles.length === 0) {
  console.error('e2e: no UI test files');
  process.exit(1);
}
const uiStarted = Date.now();
const ui = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...uiFiles], { stdio: 'inherit' });
console.log(`e2e UI: exit ${ui.status} after ${((Date.now() - uiStarted) / 1000).toFixed(1)} s`);
process.exit(suite.status === 0 && ui.status === 0 ? 0 : 1);

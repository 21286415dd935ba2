// Mocha entry for the extension-host test suite (`extensionTestsPath`).
//
// VS Code's extension host `require`s the compiled form of this file and
// calls `run()`; the promise settling ends the run (rejection => exit code 1).
// The same entry works for the code-server harness (test/e2e/harness/
// runInCodeServer.mjs) and for @vscode/test-electron on a machine that can
// download VS Code.
//
// Compiled as CommonJS (esbuild, platform node, format cjs) to
// out/test/e2e/suite/index.js with `mocha` and `vscode` external; the tests
// are every `*.test.js` below this folder once compiled (from
// test/e2e/suite/**/*.test.ts).
//
// Env (passed through code-server to the extension host):
//   E2E_MOCHA_GREP      only run tests whose full title matches (regexp)
//   E2E_MOCHA_TIMEOUT   per-test timeout in ms (default 20000)
//   E2E_MOCHA_UI        'tdd' (default: suite/test) or 'bdd' (describe/it)
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...findTests(full));
    } else if (entry.isFile() && entry.name.endsWith('.test.js')) {
      found.push(full);
    }
  }
  return found.sort();
}

export function run(): Promise<void> {
  const timeout = Number(process.env.E2E_MOCHA_TIMEOUT) || 20_000;
  const ui = process.env.E2E_MOCHA_UI === 'bdd' ? 'bdd' : 'tdd';
  const mocha = new Mocha({ ui, timeout, color: false, reporter: 'spec' });
  if (process.env.E2E_MOCHA_GREP) mocha.grep(new RegExp(process.env.E2E_MOCHA_GREP));

  const testsRoot = __dirname;
  const files = findTests(testsRoot);
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files found under ${testsRoot}`));
  }
  for (const f of files) mocha.addFile(f);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats;
        const passed = s?.passes ?? 0;
        const failed = s?.failures ?? failures;
        const skipped = s?.pending ?? 0;
        // A plain closing line that CI tooling recognises.
        console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
        else if (passed === 0) reject(new Error('no e2e test ran'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

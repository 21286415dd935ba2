// `npm run test:electron`: the same extension-host suite (out/test/e2e/suite/index.js) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (this project's CI cannot: it uses code-server).
// VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code instead of downloading one; VSCODE_VERSION picks the
// version to download (default: stable). Needs `npm run build` first.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from './harness/runInCodeServer.mjs';

const workspace = mkdtempSync(path.join(tmpdir(), 'ej-electron-'));
cpSync(path.join(REPO_ROOT, 'test/e2e/fixtures/journal'), path.join(workspace, 'journal'), { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out/test/e2e/suite/index.js'),
    launchArgs: [path.join(workspace, 'journal'), '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_VERSION ?? 'stable' }),
  });
} catch (error) {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}

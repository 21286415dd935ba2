// Shared by the Playwright UI tests: one code-server session per test file, on a scratch copy of the fixture.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil, startCodeServer, REPO_ROOT } from '../harness/runInCodeServer.mjs';

export { pollUntil };
export const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'journal');

/** Starts code-server with the extension and the fixture; waits for the workbench and the first index. */
export async function journalSession(name) {
  const cs = await startCodeServer({ extensionPath: REPO_ROOT, workspace: FIXTURE, name: `ui-${name}` });
  try {
    await cs.waitForWorkbench();
    // The status bar item shows "<notes> <never applied>" once the first index is done.
    await statusBarJournal(cs, /\b17\b.*\b10\b/);
  } catch (e) {
    await cs.screenshot('startup-failure');
    cs.collectLogs();
    await cs.stop();
    throw e;
  }
  return cs;
}

/** Waits until the extension's status bar item text matches `re`; returns the text. */
export async function statusBarJournal(cs, re, timeoutMs = 60_000) {
  return pollUntil(
    async () => {
      const texts = await cs.page.locator('.part.statusbar .statusbar-item').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
      return texts.find((t) => /journal|note/i.test(t) && re.test(t));
    },
    { timeoutMs, intervalMs: 250, what: `the Experiment Journal status bar item to match ${re}` },
  );
}

/** Opens a workspace file with Quick Open (Ctrl+P), as a user would; waits for its tab. */
export async function openFile(cs, relativePath) {
  const base = path.basename(relativePath);
  await pollUntil(
    async () => {
      await cs.waitForQuickInputClosed().catch(() => cs.page.keyboard.press('Escape'));
      await cs.page.keyboard.press('Control+P');
      await cs.quickInput().waitFor({ state: 'visible', timeout: 3000 });
      await cs.quickInputType(relativePath);
      // Enter opens the focused (first) row: wait until the list is filtered down to the file, not a stale list of
      // recently opened files that merely contains it.
      const first = cs.quickInput().locator('.quick-input-list .monaco-list-row').first();
      await pollUntil(async () => (await first.getAttribute('aria-label', { timeout: 1000 }).catch(() => ''))?.startsWith(base), { timeoutMs: 5000, what: `${base} as the first Quick Open row` });
      await cs.page.keyboard.press('Enter');
      await waitForActiveFile(cs, relativePath, 5000);
      return true;
    },
    { timeoutMs: 30_000, intervalMs: 500, what: `${relativePath} to open` },
  ).catch(async (e) => {
    await cs.screenshot(`open-failed-${base}`);
    throw e;
  });
  await focusEditor(cs);
}

/** The path of the active editor's file (the active tab's label carries it), or '' when none. */
export async function activeFilePath(cs) {
  return (await cs.page.locator('.editor-group-container.active .tab.active .monaco-icon-label').first().getAttribute('aria-label', { timeout: 2000 }).catch(() => '')) ?? '';
}

/** Waits until the active editor shows the file `relativePath` (by its name: VS Code's own smoke tests match tabs the same way). */
export async function waitForActiveFile(cs, relativePath, timeoutMs = 15_000) {
  const name = path.basename(relativePath);
  const tab = cs.page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name="${name}"]`);
  return pollUntil(async () => (await tab.count()) > 0, { timeoutMs, what: `${relativePath} in the active editor` });
}

export async function focusEditor(cs) {
  await cs.page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
}

/** Ctrl+G: moves the cursor to a 1-based line. */
export async function goToLine(cs, line) {
  await focusEditor(cs);
  await cs.page.keyboard.press('Control+G');
  await cs.quickInput().waitFor({ state: 'visible', timeout: 5000 });
  await cs.quickInputType(`:${line}`);
  await cs.page.keyboard.press('Enter');
  await cs.waitForQuickInputClosed();
  await pollUntil(async () => (await cursorPosition(cs))?.line === line, { timeoutMs: 5000, what: `the cursor on line ${line}` });
}

/** The cursor position as the status bar shows it ("Ln 12, Col 3"). */
export async function cursorPosition(cs) {
  const text = await cs.page.locator('.part.statusbar #status\\.editor\\.selection').first().textContent({ timeout: 2000 }).catch(() => '');
  const m = /Ln (\d+), Col (\d+)/.exec(text ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

export function readWorkspaceFile(cs, relativePath) {
  return fs.readFileSync(path.join(cs.workspaceDir, relativePath), 'utf8');
}

export { assert };

// Shared by the extension-host tests (bundled into each test file). Talks to the extension only through
// the `vscode` API and the API `activate` returns; waits on events or polls conditions, never sleeps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'experiment-journal.experiment-journal';

export interface JournalApi {
  activationMs: number;
  serverReady: Promise<void>;
  indexed(): Promise<{ notes: number; neverApplied: number; indexing: boolean }>;
  onStatus: vscode.Event<{ notes: number; neverApplied: number; indexing: boolean }>;
}

/** Activates the extension (if the workspace did not already) and waits for its first index. */
export async function journalApi(): Promise<JournalApi> {
  const ext = vscode.extensions.getExtension<JournalApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  await api.serverReady;
  await api.indexed();
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace has no folder');
  return folder.uri;
}

export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function openNote(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relativePath));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export async function readDisk(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(relativePath)));
}

/** Polls `fn` until it returns a truthy value (returned) or the timeout passes (throws, with the last value). */
export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Our diagnostics (collection "experiment-journal") for a file. */
export function journalDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "experiment-journal");
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

export async function codeLensTitles(uri: vscode.Uri): Promise<{ line: number; title: string; command?: vscode.Command }[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((l) => l.command).map((l) => ({ line: l.range.start.line, title: l.command!.title, command: l.command }));
}

/** Position of the first occurrence of `needle` on a line matching `lineMatch` (offset into the needle). */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 1, from = 0): vscode.Position {
  const at = doc.getText().indexOf(needle, doc.offsetAt(new vscode.Position(from, 0)));
  assert.ok(at >= 0, `"${needle}" not found in ${doc.uri.path}`);
  return doc.positionAt(at + offset);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

import * as vscode from 'vscode';
import { NotesRequest, type NoteSummary } from '../../shared/protocol';
import { SETTINGS_SECTION } from '../commands';
import type { JournalClient } from '../client';
import { firstEmptySection, parseTags, postmortemFromExperiment } from '../model/newNote';
import type { NewNoteRequest } from '../noteFactory';
import { postmortemSourcePicks } from '../model/picks';
import { toQuickPickItems } from './quickPick';

/** Gives up after this many taken names rather than loop forever. */
const MAX_SUFFIX = 1000;

/** "New Experiment": title, hypothesis and tags, then the note in the experiments folder, cursor in the first empty section. */
export async function newExperiment(journal: JournalClient, factoryPath: string): Promise<vscode.Uri | undefined> {
  const folder = await pickWorkspaceFolder();
  if (!folder) return undefined;
  const title = await vscode.window.showInputBox({
    title: 'New Experiment (1/3): title',
    prompt: 'What is the experiment called?',
    placeHolder: 'e.g. Recsys v5: session-aware re-ranking',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'A title is required.'),
  });
  if (title === undefined) return undefined;
  const hypothesis = await vscode.window.showInputBox({
    title: 'New Experiment (2/3): hypothesis',
    prompt: 'What do you expect, and why? (optional: press Enter to leave it for later)',
    ignoreFocusOut: true,
  });
  if (hypothesis === undefined) return undefined;
  const tags = await vscode.window.showInputBox({
    title: 'New Experiment (3/3): tags',
    prompt: 'Tags, separated by commas (optional)',
    placeHolder: 'e.g. recsys, ranking',
    ignoreFocusOut: true,
  });
  if (tags === undefined) return undefined;
  return createNote(factoryPath, journal.log, folder, 'experiment', { title: title.trim(), hypothesis: hypothesis.trim() || undefined, tags: parseTags(tags) });
}

/** "New Post-Mortem": blank, or following up a failed experiment (failure mode, `experiments: [id]`, title). */
export async function newPostmortem(journal: JournalClient, factoryPath: string): Promise<vscode.Uri | undefined> {
  let source: NoteSummary | undefined;
  if (journal.isRunning) {
    const failed = await journal.client.sendRequest(NotesRequest, { type: 'experiment', failuresOnly: true }).catch((error: unknown) => {
      journal.log.warn(`Could not list failed experiments: ${String(error)}`);
      return [] as NoteSummary[];
    });
    if (failed.length > 0) {
      const current = vscode.window.activeTextEditor?.document.uri.toString();
      const picked = await vscode.window.showQuickPick(toQuickPickItems(postmortemSourcePicks(failed, current)), {
        title: 'New Post-Mortem',
        placeHolder: 'Start blank, or follow up a failed experiment',
        matchOnDescription: true,
        ignoreFocusOut: true,
      });
      if (!picked) return undefined;
      if (picked.value !== 'blank') source = picked.value;
    }
  }
  const folder = source ? (vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(source.uri)) ?? (await pickWorkspaceFolder())) : await pickWorkspaceFolder();
  if (!folder) return undefined;
  const prefill = source ? postmortemFromExperiment(source) : undefined;
  const title = await vscode.window.showInputBox({
    title: 'New Post-Mortem: title',
    prompt: 'What failed?',
    value: prefill?.title,
    placeHolder: 'e.g. Feature pipeline outage during the v3 launch',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'A title is required.'),
  });
  if (title === undefined) return undefined;
  return createNote(factoryPath, journal.log, folder, 'postmortem', {
    title: title.trim(),
    tags: source?.tags ?? [],
    sections: prefill ? { 'What Happened': prefill.whatHappened } : undefined,
    experimentId: source?.id,
    failureMode: source?.failureMode,
  });
}

type NewNoteInput = Pick<NewNoteRequest, 'title' | 'hypothesis' | 'tags' | 'sections' | 'experimentId' | 'failureMode'>;

async function createNote(factoryPath: string, log: vscode.LogOutputChannel, folder: vscode.WorkspaceFolder, type: string, input: NewNoteInput): Promise<vscode.Uri | undefined> {
  // Loaded on first use (see noteFactory.ts); a computed path so esbuild leaves it out of this bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(factoryPath) as typeof import('../noteFactory');
  const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder.uri);
  const date = localDate(new Date());
  const note = factory.prepareNote({
    ...input,
    setting: (key) => settings.get(key),
    configFile: await factory.readConfigFile(async (name) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, name)))),
    type,
    date,
    random: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
  });
  if (!note.ok) {
    void vscode.window.showErrorMessage(`Experiment Journal: ${note.message}.`);
    return undefined;
  }
  for (const p of note.configProblems) log.warn(`Configuration of ${folder.name}: ${p}`);
  const dir = vscode.Uri.joinPath(folder.uri, ...note.folder);
  await vscode.workspace.fs.createDirectory(dir);
  const uri = await freeName(dir, note.fileNameFor);
  if (!uri) {
    void vscode.window.showErrorMessage(`Experiment Journal: ${MAX_SUFFIX} notes named like "${note.fileNameFor(1)}" already exist; choose another title.`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(note.text));
  log.info(`Created ${note.id} at ${vscode.workspace.asRelativePath(uri)}`);
  const doc = await vscode.workspace.openTextDocument(uri);
  const span = firstEmptySection(doc.getText());
  const selection = span ? new vscode.Selection(span.line, span.startCharacter, span.line, span.endCharacter) : undefined;
  const editor = await vscode.window.showTextDocument(doc, { preview: false, selection });
  if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return uri;
}

/** The first name that does not exist yet: never overwrites a note. */
async function freeName(dir: vscode.Uri, nameFor: (suffix: number) => string): Promise<vscode.Uri | undefined> {
  for (let suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
    const uri = vscode.Uri.joinPath(dir, nameFor(suffix));
    try {
      await vscode.workspace.fs.stat(uri);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return uri;
      throw error;
    }
  }
  return undefined;
}

/** The user's "today" (local time), as YYYY-MM-DD. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function pickWorkspaceFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('Experiment Journal: open a folder first; notes are created inside the workspace.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  const active = vscode.window.activeTextEditor && vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri);
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `Which folder should hold the note?${active ? ` (current: ${active.name})` : ''}`, ignoreFocusOut: true });
}

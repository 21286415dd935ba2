import * as vscode from 'vscode';
import { AddLessonRequest, ApplyLessonRequest, LessonsRequest, NoteInfoRequest, type LessonItem } from '../../shared/protocol';
import type { JournalClient } from '../client';
import { applyLessonPicks } from '../model/picks';
import { toQuickPickItems } from './quickPick';

/** The active editor when it shows a Markdown note the server knows; else a message and undefined. */
export function activeNoteEditor(journal: JournalClient, action: string): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage(`Experiment Journal: open a note to ${action}.`);
    return undefined;
  }
  if (!journal.isRunning) {
    void vscode.window.showWarningMessage('Experiment Journal: the language server is not running. See "Experiment Journal: Show Log".');
    return undefined;
  }
  return editor;
}

/** "Add Lesson": a `- [L-…]` item with a fresh id in the note's lessons section; its text selected for typing. */
export async function addLesson(journal: JournalClient): Promise<string | undefined> {
  const editor = activeNoteEditor(journal, 'add a lesson to it');
  if (!editor) return undefined;
  const uri = editor.document.uri.toString();
  const result = await journal.client.sendRequest(AddLessonRequest, { uri });
  if (!result) {
    void vscode.window.showWarningMessage('Experiment Journal: this note cannot hold lessons. It needs an `id` and a type whose template has a lessons section.');
    return undefined;
  }
  const edit = await journal.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage('Experiment Journal: the lesson could not be inserted (the note changed meanwhile?). Try again.');
    return undefined;
  }
  const start = journal.client.protocol2CodeConverter.asPosition(result.textStart);
  const line = editor.document.lineAt(Math.min(start.line, editor.document.lineCount - 1));
  editor.selection = new vscode.Selection(start, line.range.end);
  editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return result.lessonId;
}

/** "Apply Lesson…": pick a lesson (never-applied first), add its id to the note's `applies`. */
export async function applyLesson(journal: JournalClient, lessonId?: string): Promise<boolean> {
  const editor = activeNoteEditor(journal, 'apply a lesson in it');
  if (!editor) return false;
  const uri = editor.document.uri.toString();
  let id = lessonId;
  if (!id) {
    const [lessons, info] = await Promise.all([journal.client.sendRequest(LessonsRequest), journal.client.sendRequest(NoteInfoRequest, { uri })]);
    const items = toQuickPickItems(applyLessonPicks(lessons, info));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Experiment Journal: there are no lessons from other notes to apply yet.');
      return false;
    }
    const picked = await vscode.window.showQuickPick<vscode.QuickPickItem & { value: LessonItem }>(items, {
      title: 'Apply Lesson',
      placeHolder: 'Which lesson does this note put to use? (never-applied first)',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return false;
    id = picked.value.id;
  }
  const result = await journal.client.sendRequest(ApplyLessonRequest, { uri, lessonId: id });
  if ('alreadyApplied' in result) {
    void vscode.window.showInformationMessage(`Experiment Journal: this note already applies ${id}.`);
    return false;
  }
  if ('error' in result) {
    void vscode.window.showWarningMessage(`Experiment Journal: ${result.error}`);
    return false;
  }
  const edit = await journal.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  return vscode.workspace.applyEdit(edit);
}

/** The code lens "applied N times": a references peek over the notes that apply the lesson. */
export async function showLessonApplications(journal: JournalClient, uri: string, position: { line: number; character: number }, lessonId: string): Promise<void> {
  const lessons = await journal.client.sendRequest(LessonsRequest);
  const all = [...lessons.applied, ...lessons.neverApplied];
  const lesson = all.find((l) => l.id === lessonId && l.uri === uri) ?? all.find((l) => l.id === lessonId);
  if (!lesson || lesson.applications.length === 0) {
    void vscode.window.showInformationMessage(`Experiment Journal: ${lessonId} has not been applied yet. Apply it from a later note with "Apply Lesson…".`);
    return;
  }
  const p2c = journal.client.protocol2CodeConverter;
  const locations = lesson.applications.map((a) => new vscode.Location(p2c.asUri(a.uri), p2c.asRange(a.range)));
  await vscode.commands.executeCommand('editor.action.showReferences', p2c.asUri(uri), p2c.asPosition(position), locations);
}

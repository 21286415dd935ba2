import type { TextDocument } from 'vscode-languageserver-textdocument';
import { nextLessonId } from '../../core/ids';
import { sectionAliases } from '../../core/parse';
import type { AddLessonResult, ApplyLessonResult } from '../../shared/protocol';
import type { JournalServer } from '../journalServer';
import { insertSections } from './codeActions';

/**
 * The edit for "Add Lesson": a `- [L-…] text` item at the end of the note's lessons section (the
 * section is created in its canonical place when missing), with an id derived from the note id.
 */
export function addLessonEdit(server: JournalServer, doc: TextDocument, text: string | undefined): AddLessonResult | null {
  const note = server.parseOpen(doc);
  const config = server.configFor(doc.uri);
  const nt = note.type ? config.noteTypes[note.type] : undefined;
  if (!nt?.lessonsSection || !note.id) return null;
  const folder = server.locate(doc.uri).folder;
  const lessonId = nextLessonId(note.id, [...note.lessons.map((l) => l.id), ...(folder ? folder.index.lessonsById.keys() : [])]);
  const body = text?.trim() || 'What we will do differently next time';
  const eol = note.text.includes('\r\n') ? '\r\n' : '\n';
  const keys = new Set(sectionAliases(nt, nt.lessonsSection));
  const section = note.sections.find((s) => keys.has(s.key));
  const item = `- [${lessonId}] ${body}`;
  if (!section) {
    const [edit] = insertSections(note, config, [nt.lessonsSection], eol);
    if (!edit) return null;
    // Put the lesson where the guidance comment would go.
    edit.newText = edit.newText.replace(/<!--[^\n]*-->/, item);
    const lines = edit.newText.split(/\r?\n/);
    const offsetLine = lines.findIndex((l) => l === item);
    return {
      lessonId,
      edit: { changes: { [doc.uri]: [edit] } },
      textStart: { line: edit.range.start.line + offsetLine, character: item.length - body.length },
    };
  }
  // After the last non-blank character of the section.
  let end = section.contentEnd;
  while (end > section.contentStart && /\s/.test(note.text[end - 1]!)) end--;
  const pos = note.lines.positionAt(end);
  const newText = end === section.contentStart ? `${eol}${eol}${item}` : `${eol}${item}`;
  const line = pos.line + (end === section.contentStart ? 2 : 1);
  return { lessonId, edit: { changes: { [doc.uri]: [{ range: { start: pos, end: pos }, newText }] } }, textStart: { line, character: item.length - body.length } };
}

/** The edit for "Apply Lesson": the id added to `applies`, in the list's own style (flow `[…]` or block `- …`). */
export function applyLessonEdit(server: JournalServer, doc: TextDocument, lessonId: string): ApplyLessonResult {
  const note = server.parseOpen(doc);
  const fm = note.frontMatter;
  if (!fm) return { error: 'This note has no front matter to add `applies` to.' };
  if (note.parseDiagnostics.some((d) => d.code === 'frontmatter-yaml')) return { error: 'Fix the front matter first: it is not valid YAML.' };
  const applies = note.data.applies;
  if (Array.isArray(applies) && applies.includes(lessonId)) return { alreadyApplied: true };
  const eol = note.text.includes('\r\n') ? '\r\n' : '\n';
  const field = fm.fields.get('applies');
  const closeLine = fm.range.end.line;
  const at = (line: number, character: number) => ({ line, character });
  if (!field) {
    return { edit: { changes: { [doc.uri]: [{ range: { start: at(closeLine, 0), end: at(closeLine, 0) }, newText: `applies: [${lessonId}]${eol}` }] } } };
  }
  const value = field.value;
  const valueText = value ? note.text.slice(note.lines.offsetAt(value.start), note.lines.offsetAt(value.end)) : '';
  if (!value || valueText.trim() === '' || valueText.trim() === '~' || valueText.trim() === 'null') {
    const lineEnd = note.lines.lineEnd(field.key.start.line);
    const start = note.lines.positionAt(note.lines.offsetAt(field.key.end));
    return { edit: { changes: { [doc.uri]: [{ range: { start, end: note.lines.positionAt(lineEnd) }, newText: `: [${lessonId}]` }] } } };
  }
  if (valueText.trimStart().startsWith('[')) {
    const close = note.lines.offsetAt(value.start) + valueText.lastIndexOf(']');
    const inner = valueText.slice(valueText.indexOf('[') + 1, valueText.lastIndexOf(']')).trim();
    const pos = note.lines.positionAt(close);
    return { edit: { changes: { [doc.uri]: [{ range: { start: pos, end: pos }, newText: inner ? `, ${lessonId}` : lessonId }] } } };
  }
  if (field.items.length > 0) {
    const last = field.items[field.items.length - 1]!;
    const lastLine = note.lines.lineText(last.range.start.line);
    const indent = /^(\s*-\s*)/.exec(lastLine)?.[1] ?? '  - ';
    const end = note.lines.positionAt(note.lines.lineEnd(last.range.end.line));
    return { edit: { changes: { [doc.uri]: [{ range: { start: end, end }, newText: `${eol}${indent}${lessonId}` }] } } };
  }
  return { error: '`applies` is not a list; make it a list of lesson ids first.' };
}

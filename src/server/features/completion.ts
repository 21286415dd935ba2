import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applicationCount } from '../../core/analyses';
import { sectionAliases } from '../../core/parse';
import { EXPERIMENT_OUTCOME, EXPERIMENT_STATUS, FIELD_ORDER, POSTMORTEM_STATUS, SEVERITY } from '../../core/schemas';
import type { FolderState } from '../folderState';
import type { JournalServer } from '../journalServer';
import { frontMatterKeyAbove, inFrontMatter, lineText } from './tokens';

const MAX_ITEMS = 200;

export function completion(server: JournalServer, doc: TextDocument, pos: Position): CompletionList {
  const line = lineText(doc, pos.line);
  const before = line.slice(0, pos.character);
  const { folder, path } = server.locate(doc.uri);
  const config = folder?.config ?? server.configFor(doc.uri);
  const note = folder?.index.note(path);
  const type = note?.type ?? frontMatterType(doc);

  if (inFrontMatter(doc, pos.line)) {
    const keyValue = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(before);
    if (keyValue) {
      const key = keyValue[1]!;
      const valueSoFar = keyValue[2]!;
      if (key === 'applies') return lessonItems(folder, idPrefix(valueSoFar), pos, 'applies');
      if (key === 'related' || key === 'experiments') return noteItems(folder, idPrefix(valueSoFar), pos, path);
      return list(valueItems(key, type, config.failureModes, Object.keys(config.noteTypes), server.today));
    }
    const listItem = /^\s*-\s*(\S*)$/.exec(before);
    if (listItem) {
      const key = frontMatterKeyAbove(doc, pos.line);
      if (key === 'applies') return lessonItems(folder, listItem[1]!, pos, 'applies');
      if (key === 'related' || key === 'experiments') return noteItems(folder, listItem[1]!, pos, path);
      return list([]);
    }
    if (/^[A-Za-z_]*$/.test(before)) {
      const present = new Set(Object.keys(note?.data ?? {}));
      for (let l = 1; l < doc.lineCount && inFrontMatter(doc, l); l++) {
        const m = /^([A-Za-z_][\w-]*)\s*:/.exec(lineText(doc, l));
        if (m && l !== pos.line) present.add(m[1]!);
      }
      const keys = FIELD_ORDER[type ?? ''] ?? ['id', 'type', 'title', 'date', 'tags', 'related', 'applies'];
      return list(
        keys
          .filter((k) => !present.has(k))
          .map((k, i) => ({
            label: k,
            kind: CompletionItemKind.Property,
            insertText: `${k}: `,
            sortText: String(i).padStart(3, '0'),
            command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
          })),
      );
    }
    return list([]);
  }

  const wiki = /\[\[\s*([A-Za-z0-9_.:-]*)$/.exec(before);
  if (wiki) {
    const prefix = wiki[1]!;
    const closing = line.slice(pos.character).startsWith(']]') ? '' : ']]';
    const lessons = lessonItems(folder, prefix, pos, 'reference', closing);
    if (/^L(-|$)/.test(prefix) && prefix !== '') return lessons;
    const notes = noteItems(folder, prefix, pos, path, closing);
    // Editors order by sortText, not by position in the list: notes first, then lessons.
    const ranked = (items: CompletionItem[], rank: string) => items.map((i) => ({ ...i, sortText: `${rank}${i.sortText ?? i.label}` }));
    return { isIncomplete: lessons.isIncomplete || notes.isIncomplete, items: [...ranked(notes.items, '0'), ...ranked(lessons.items, '1')] };
  }

  const heading = /^(#{1,6})\s+([^#]*)$/.exec(before);
  if (heading && type && config.noteTypes[type]) {
    const nt = config.noteTypes[type]!;
    const present = new Set(note?.sections.map((s) => s.key) ?? []);
    const missing = nt.requiredSections.filter((name) => !sectionAliases(nt, name).some((k) => present.has(k)));
    const start = { line: pos.line, character: heading[1]!.length + (before.length - heading[1]!.length - heading[2]!.length) };
    return list(
      missing.map((name, i) => ({
        label: name,
        kind: CompletionItemKind.Module,
        detail: `required in ${type} notes`,
        sortText: String(i).padStart(3, '0'),
        textEdit: { range: { start, end: pos }, newText: name },
      })),
    );
  }
  return list([]);
}

function list(items: CompletionItem[], isIncomplete = false): CompletionList {
  return { isIncomplete, items };
}

function idPrefix(valueSoFar: string): string {
  const m = /([A-Za-z0-9_.:-]*)$/.exec(valueSoFar);
  return m ? m[1]! : '';
}

function frontMatterType(doc: TextDocument): string | undefined {
  for (let l = 1; l < doc.lineCount && inFrontMatter(doc, l); l++) {
    const m = /^type\s*:\s*["']?([\w-]+)/.exec(lineText(doc, l));
    if (m) return m[1];
  }
  return undefined;
}

function valueItems(key: string, type: string | undefined, failureModes: string[], noteTypes: string[], today: string | undefined): CompletionItem[] {
  const values = (vs: readonly string[]) => vs.map((v, i) => ({ label: v, kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(3, '0') }));
  switch (key) {
    case 'type':
      return values(noteTypes);
    case 'status':
      return values(type === 'postmortem' ? POSTMORTEM_STATUS : type === 'experiment' ? EXPERIMENT_STATUS : [...EXPERIMENT_STATUS, ...POSTMORTEM_STATUS]);
    case 'outcome':
      return values(EXPERIMENT_OUTCOME);
    case 'severity':
      return values(SEVERITY);
    case 'failure_mode':
      return values(failureModes);
    case 'date':
    case 'resolved':
      return values([today ?? new Date().toISOString().slice(0, 10)]);
    default:
      return [];
  }
}

function matchesPrefix(id: string, prefix: string): boolean {
  return prefix === '' || id.toLowerCase().includes(prefix.toLowerCase());
}

function lessonItems(folder: FolderState | undefined, prefix: string, pos: Position, context: 'applies' | 'reference', closing = ''): CompletionList {
  if (!folder) return list([]);
  const items: CompletionItem[] = [];
  let truncated = false;
  const start = { line: pos.line, character: pos.character - prefix.length };
  for (const id of folder.index.lessonsById.keys()) {
    if (!matchesPrefix(id, prefix)) continue;
    if (items.length >= MAX_ITEMS) {
      truncated = true;
      break;
    }
    const path = folder.index.lessonsById.get(id).values().next().value as string;
    const note = folder.index.note(path);
    const lesson = note?.lessons.find((l) => l.id === id);
    const applied = applicationCount(folder.index, id);
    items.push({
      label: id,
      kind: CompletionItemKind.Reference,
      detail: lesson?.text,
      documentation: note ? `From ${note.id ?? path}${note.title ? ` — ${note.title}` : ''}${typeof note.data.outcome === 'string' ? ` (${note.data.outcome})` : ''}. ${applied === 0 ? 'Never applied.' : `Applied ${applied}×.`}` : undefined,
      // In `applies`, lessons never applied come first: they are the ones most worth applying.
      sortText: `${context === 'applies' && applied === 0 ? '0' : '1'}${id}`,
      filterText: `${id} ${lesson?.text ?? ''}`,
      textEdit: { range: { start, end: pos }, newText: `${id}${closing}` },
    });
  }
  return list(items, truncated);
}

function noteItems(folder: FolderState | undefined, prefix: string, pos: Position, selfPath: string, closing = ''): CompletionList {
  if (!folder) return list([]);
  const items: CompletionItem[] = [];
  let truncated = false;
  const start = { line: pos.line, character: pos.character - prefix.length };
  for (const id of folder.index.notesById.keys()) {
    if (!matchesPrefix(id, prefix)) continue;
    const path = folder.index.notesById.get(id).values().next().value as string;
    if (path === selfPath) continue;
    if (items.length >= MAX_ITEMS) {
      truncated = true;
      break;
    }
    const note = folder.index.note(path);
    items.push({
      label: id,
      kind: CompletionItemKind.File,
      detail: [note?.title, typeof note?.data.outcome === 'string' ? note.data.outcome : undefined].filter(Boolean).join(' — '),
      documentation: note ? `${note.type}${note.date ? `, ${note.date}` : ''}${typeof note.data.failure_mode === 'string' ? `, failure mode ${note.data.failure_mode}` : ''}` : undefined,
      sortText: `${note?.date ? String(99999999 - Number(note.date.replace(/-/g, ''))) : '99999999'}${id}`,
      filterText: `${id} ${note?.title ?? ''}`,
      textEdit: { range: { start, end: pos }, newText: `${id}${closing}` },
    });
  }
  return list(items, truncated);
}


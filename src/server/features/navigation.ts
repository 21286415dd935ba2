import {
  ResponseError,
  ErrorCodes,
  MarkupKind,
  SymbolKind,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceSymbol,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applicationCount } from '../../core/analyses';
import type { StoredNote } from '../../core/index/storedNote';
import { LESSON_ID_STRICT, NOTE_ID } from '../../core/schemas';
import type { FolderState } from '../folderState';
import type { JournalServer } from '../journalServer';
import { idAt, type IdToken } from './tokens';

interface Target {
  folder: FolderState;
  token: IdToken;
}

function targetAt(server: JournalServer, doc: TextDocument, pos: Position): Target | undefined {
  const token = idAt(doc, pos);
  const folder = server.locate(doc.uri).folder;
  if (!token || !folder) return undefined;
  if (token.kind === 'lesson' && !folder.index.lessonsById.has(token.id) && !folder.index.appliersOf.has(token.id)) return undefined;
  if (token.kind === 'note' && !folder.index.notesById.has(token.id) && !folder.index.referrersOf.has(token.id)) return undefined;
  return { folder, token };
}

function lessonDefinitions(folder: FolderState, id: string): Location[] {
  const out: Location[] = [];
  for (const path of folder.index.lessonsById.get(id)) {
    for (const l of folder.index.note(path)?.lessons ?? []) if (l.id === id) out.push({ uri: folder.uriOf(path), range: l.idRange });
  }
  return out;
}

function lessonApplications(folder: FolderState, id: string): Location[] {
  const out: Location[] = [];
  for (const path of folder.index.appliersOf.get(id)) {
    for (const a of folder.index.note(path)?.applications ?? []) if (a.lessonId === id) out.push({ uri: folder.uriOf(path), range: a.range });
  }
  return out;
}

function noteDefinitions(folder: FolderState, id: string): Location[] {
  return [...folder.index.notesById.get(id)].map((path) => ({
    uri: folder.uriOf(path),
    range: folder.index.note(path)?.idRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  }));
}

function noteReferences(folder: FolderState, id: string): Location[] {
  const out: Location[] = [];
  for (const path of folder.index.referrersOf.get(id)) {
    for (const r of folder.index.note(path)?.noteReferences ?? []) if (r.noteId === id) out.push({ uri: folder.uriOf(path), range: r.range });
  }
  return out;
}

export function definition(server: JournalServer, doc: TextDocument, pos: Position): Location[] {
  const t = targetAt(server, doc, pos);
  if (!t) return [];
  return t.token.kind === 'lesson' ? lessonDefinitions(t.folder, t.token.id) : noteDefinitions(t.folder, t.token.id);
}

export function references(server: JournalServer, doc: TextDocument, pos: Position, includeDeclaration: boolean): Location[] {
  const t = targetAt(server, doc, pos);
  if (!t) return [];
  const { folder, token } = t;
  const refs = token.kind === 'lesson' ? lessonApplications(folder, token.id) : noteReferences(folder, token.id);
  const defs = token.kind === 'lesson' ? lessonDefinitions(folder, token.id) : noteDefinitions(folder, token.id);
  return sortLocations(includeDeclaration ? [...defs, ...refs] : refs);
}

function sortLocations(locs: Location[]): Location[] {
  return locs.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function hover(server: JournalServer, doc: TextDocument, pos: Position): Hover | null {
  const t = targetAt(server, doc, pos);
  if (!t) return null;
  const { folder, token } = t;
  if (token.kind === 'lesson') {
    const defs = [...folder.index.lessonsById.get(token.id)];
    const path = defs[0];
    const note = path ? folder.index.note(path) : undefined;
    const lesson = note?.lessons.find((l) => l.id === token.id);
    const count = applicationCount(folder.index, token.id);
    const where = [...folder.index.appliersOf.get(token.id)]
      .filter((p) => !folder.index.lessonsById.get(token.id).has(p))
      .map((p) => folder.index.note(p))
      .filter((n): n is StoredNote => !!n)
      .map((n) => `${n.id ?? '?'}${n.title ? ` (${n.title})` : ''}`);
    const lines = [
      `**${token.id}** — ${lesson ? escapeMd(lesson.text) : '_no note defines this lesson_'}`,
      '',
      note ? `From ${noteLabel(note)}` : '',
      count === 0 ? '⚠ Never applied' : `Applied ${count} time${count === 1 ? '' : 's'}: ${where.slice(0, 8).join(', ')}${where.length > 8 ? ', …' : ''}`,
    ];
    return { contents: { kind: MarkupKind.Markdown, value: lines.filter(Boolean).join('\n\n') }, range: token.range };
  }
  const paths = [...folder.index.notesById.get(token.id)];
  const note = paths[0] ? folder.index.note(paths[0]) : undefined;
  if (!note) return { contents: { kind: MarkupKind.Markdown, value: `**${token.id}** — _no note has this id_` }, range: token.range };
  const facts = [
    note.date && `date ${note.date}`,
    typeof note.data.status === 'string' && `status ${note.data.status}`,
    typeof note.data.outcome === 'string' && `outcome **${note.data.outcome}**`,
    typeof note.data.failure_mode === 'string' && `failure mode ${note.data.failure_mode}`,
  ].filter(Boolean);
  const value = [`**${token.id}** — ${escapeMd(note.title ?? '')} _(${note.type})_`, facts.join(' · '), paths.length > 1 ? `⚠ ${paths.length} notes share this id` : ''].filter(Boolean).join('\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: token.range };
}

function noteLabel(note: StoredNote): string {
  return `${note.id ?? '(no id)'}${note.title ? ` — ${escapeMd(note.title)}` : ''}${note.date ? ` (${note.date})` : ''}`;
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}

export function prepareRename(server: JournalServer, doc: TextDocument, pos: Position): { range: Range; placeholder: string } | null {
  const t = targetAt(server, doc, pos);
  return t ? { range: t.token.range, placeholder: t.token.id } : null;
}

/** Renames a lesson id or a note id everywhere it is defined and referenced, as one workspace edit. */
export function rename(server: JournalServer, doc: TextDocument, pos: Position, newName: string): WorkspaceEdit | null {
  const t = targetAt(server, doc, pos);
  if (!t) return null;
  const { folder, token } = t;
  const name = newName.trim();
  if (token.kind === 'lesson' && !LESSON_ID_STRICT.test(name)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${name}" is not a lesson id: use L- followed by letters, digits or hyphens.`);
  }
  if (token.kind === 'note' && !NOTE_ID.test(name)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${name}" is not a note id: start with a letter; use letters, digits, ".", "_" or "-".`);
  }
  const taken = token.kind === 'lesson' ? folder.index.lessonsById.has(name) : folder.index.notesById.has(name);
  if (taken && name !== token.id) throw new ResponseError(ErrorCodes.InvalidParams, `${name} is already used.`);
  const locations =
    token.kind === 'lesson'
      ? [...lessonDefinitions(folder, token.id), ...lessonApplications(folder, token.id)]
      : [...noteDefinitions(folder, token.id).filter((l) => !isEmptyRange(l.range)), ...noteReferences(folder, token.id)];
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const loc of locations) {
    const range = unquoted(loc.range, token.id.length);
    const key = `${loc.uri}:${range.start.line}:${range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (changes[loc.uri] ??= []).push({ range, newText: name });
  }
  return { changes };
}

function isEmptyRange(r: Range): boolean {
  return r.start.line === r.end.line && r.start.character === r.end.character;
}

/** A quoted YAML scalar's range includes its quotes; the edit replaces only the id inside. */
function unquoted(range: Range, idLength: number): Range {
  if (range.start.line === range.end.line && range.end.character - range.start.character === idLength + 2) {
    return { start: { line: range.start.line, character: range.start.character + 1 }, end: { line: range.end.line, character: range.end.character - 1 } };
  }
  return range;
}

/** Sections as a tree by heading level, with lessons and action items under the section they stand in. */
export function documentSymbols(server: JournalServer, uri: string): DocumentSymbol[] {
  const stored = server.storedNote(uri);
  const note = stored?.note ?? server.looseNote(uri);
  if (!note || note.type === undefined) return [];
  const roots: DocumentSymbol[] = [];
  const stack: { level: number; symbol: DocumentSymbol }[] = [];
  const bySection = new Map<number, DocumentSymbol>();
  // A section's symbol spans its content too (editors find the symbol at the cursor by range: breadcrumbs,
  // sticky scroll). The offsets are the indexed text's, i.e. the open buffer's once it is validated.
  const doc = server.documents.get(uri);
  const text = doc?.getText();
  const sectionEnd = (s: (typeof note.sections)[number]) => {
    if (!doc || text === undefined || s.contentEnd > text.length) return s.headingRange.end;
    let end = s.contentEnd;
    while (end > s.contentStart && /\s/.test(text[end - 1]!)) end--;
    const pos = doc.positionAt(end);
    return end > s.contentStart && (pos.line > s.headingRange.end.line || (pos.line === s.headingRange.end.line && pos.character > s.headingRange.end.character)) ? pos : s.headingRange.end;
  };
  note.sections.forEach((s, i) => {
    const symbol: DocumentSymbol = {
      name: s.title || '(untitled)',
      kind: SymbolKind.String,
      range: { start: s.headingRange.start, end: sectionEnd(s) },
      selectionRange: s.headingRange,
      children: [],
    };
    bySection.set(i, symbol);
    while (stack.length && stack[stack.length - 1]!.level >= s.level) stack.pop();
    (stack.length ? stack[stack.length - 1]!.symbol.children! : roots).push(symbol);
    stack.push({ level: s.level, symbol });
  });
  for (const l of note.lessons) {
    const sym: DocumentSymbol = { name: l.id, detail: l.text, kind: SymbolKind.Key, range: l.range, selectionRange: l.idRange };
    (bySection.get(l.section)?.children ?? roots).push(sym);
  }
  for (const a of note.actionItems) {
    const sym: DocumentSymbol = {
      name: a.text.replace(/^\[[ xX]\]\s*/, ''),
      detail: [a.owner && `@${a.owner}`, a.due && `due ${a.due}`, a.checked ? 'done' : 'open'].filter(Boolean).join(' · '),
      kind: SymbolKind.Event,
      range: a.range,
      selectionRange: a.range,
    };
    (bySection.get(a.section)?.children ?? roots).push(sym);
  }
  // Section ranges must contain their children: widen each to its last child.
  const widen = (sym: DocumentSymbol): Range => {
    for (const c of sym.children ?? []) {
      const r = widen(c);
      if (r.end.line > sym.range.end.line || (r.end.line === sym.range.end.line && r.end.character > sym.range.end.character)) sym.range = { start: sym.range.start, end: r.end };
    }
    return sym.range;
  };
  roots.forEach(widen);
  return roots;
}

/** Notes (by id and title) and lessons (by id and text) matching the query, case-insensitively. */
export function workspaceSymbols(server: JournalServer, query: string): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  const matches = (s: string | undefined) => !!s && fuzzy(s.toLowerCase(), q);
  for (const folder of server.folders) {
    for (const [path, note] of folder.index.notes()) {
      const uri = folder.uriOf(path);
      if (note.id && (matches(note.id) || matches(note.title))) {
        out.push({ name: `${note.id}${note.title ? ` ${note.title}` : ''}`, kind: SymbolKind.File, location: { uri, range: note.idRange ?? zeroRange() }, containerName: note.type });
      }
      for (const l of note.lessons) {
        if (matches(l.id) || matches(l.text)) out.push({ name: `${l.id} ${l.text}`, kind: SymbolKind.Key, location: { uri, range: l.idRange }, containerName: note.id });
      }
      if (out.length >= 500) return out;
    }
  }
  return out;
}

/** Characters of the query in order (the usual workspace-symbol matching). */
function fuzzy(text: string, query: string): boolean {
  let i = 0;
  for (const ch of text) if (ch === query[i]) i++;
  return i >= query.length;
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

import { randomBytes } from 'node:crypto';
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { JournalConfig } from '../../core/config';
import { idPrefixFor, newNoteId, nextLessonId } from '../../core/ids';
import type { ParsedNote } from '../../core/note';
import { requiredSectionsOf } from '../../core/rules/sections';
import { EXPERIMENT_OUTCOME } from '../../core/schemas';
import type { JournalServer } from '../journalServer';
import { lineText } from './tokens';

/** One line of guidance under each inserted section, as an HTML comment (invisible when rendered). */
const GUIDANCE: Record<string, string> = {
  Hypothesis: 'What did we believe, and what result would prove it wrong?',
  Approach: 'How did we test it: data, model, setup, duration.',
  Results: 'What we measured: metrics, baselines, a table.',
  Outcome: 'success, failure, partial or inconclusive, and why.',
  'Lessons Learned': '- [L-…] What we will do differently next time.',
  'Next Steps': 'What to try next, given what we learned.',
  'What Happened': 'The timeline and the impact, without names.',
  'Root Cause': 'Why it happened: the process or system gap, not the person.',
  'What Went Well': 'What limited the damage.',
  'Action Items': '- [ ] What we change @owner due: YYYY-MM-DD',
  'Lessons for Team': '- [L-…] What everyone should take from this.',
};

/** Quick fixes for the diagnostics the client sends with the request (those at the cursor). */
export function codeActions(server: JournalServer, doc: TextDocument, diagnostics: LspDiagnostic[]): CodeAction[] {
  const ours = diagnostics.filter((d) => d.source === 'experiment-journal');
  if (ours.length === 0) return [];
  const config = server.configFor(doc.uri);
  const note = server.parseOpen(doc);
  const eol = doc.getText().includes('\r\n') ? '\r\n' : '\n';
  const actions: CodeAction[] = [];
  const edit = (edits: TextEdit[]) => ({ changes: { [doc.uri]: edits } });
  const today = server.today ?? new Date().toISOString().slice(0, 10);
  let addedAllSections = false;

  for (const d of ours) {
    const data = (d.data ?? {}) as Record<string, unknown>;
    switch (d.code) {
      case 'section-missing': {
        const name = String(data.section ?? '');
        const edits = insertSections(note, config, [name], eol);
        if (edits.length) actions.push({ title: `Insert section "${name}"`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(edits), isPreferred: false });
        if (!addedAllSections) {
          addedAllSections = true;
          const missing = missingSections(note, config);
          if (missing.length > 1) {
            const all = ours.filter((x) => x.code === 'section-missing');
            actions.push({ title: `Insert all ${missing.length} missing sections`, kind: CodeActionKind.QuickFix, diagnostics: all, edit: edit(insertSections(note, config, missing, eol)), isPreferred: true });
          }
        }
        break;
      }
      case 'frontmatter-schema': {
        const missing = Array.isArray(data.missingFields) ? (data.missingFields as string[]) : [];
        if (missing.length && note.frontMatter) {
          const lines = missing.map((k) => `${k}: ${defaultValue(k, note, config, today)}`);
          const closeLine = note.frontMatter.range.end.line;
          actions.push({
            title: `Add missing front-matter field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: true,
            edit: edit([{ range: { start: { line: closeLine, character: 0 }, end: { line: closeLine, character: 0 } }, newText: lines.map((l) => l + eol).join('') }]),
          });
        }
        break;
      }
      case 'outcome-missing': {
        if (!note.frontMatter) break;
        const closeLine = note.frontMatter.range.end.line;
        for (const outcome of EXPERIMENT_OUTCOME) {
          actions.push({
            title: `Set outcome: ${outcome}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: edit([{ range: { start: { line: closeLine, character: 0 }, end: { line: closeLine, character: 0 } }, newText: `outcome: ${outcome}${eol}` }]),
          });
        }
        break;
      }
      case 'action-item-owner': {
        const end = { line: d.range.start.line, character: lineText(doc, d.range.start.line).replace(/\s+$/, '').length };
        actions.push({ title: 'Add an owner (@owner)', kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit([{ range: { start: end, end }, newText: ' @owner' }]) });
        break;
      }
      case 'blaming-language': {
        if (typeof data.suggestion === 'string') {
          actions.push({ title: `Rephrase as "${data.suggestion}"`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit([{ range: d.range, newText: data.suggestion }]) });
        }
        break;
      }
      case 'lesson-id-malformed': {
        if (typeof data.suggestion === 'string') {
          actions.push({ title: `Change to [${data.suggestion}]`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit([{ range: d.range, newText: `[${data.suggestion}]` }]) });
        }
        break;
      }
      case 'lesson-missing-id': {
        const text = lineText(doc, d.range.start.line);
        const marker = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(text);
        if (!marker) break;
        const noteId = note.id ?? 'NOTE';
        const folder = server.locate(doc.uri).folder;
        const existing = [...note.lessons.map((l) => l.id), ...(folder ? [...folder.index.lessonsById.keys()] : [])];
        const id = nextLessonId(noteId, existing);
        const at = { line: d.range.start.line, character: marker[0].length };
        actions.push({ title: `Give this lesson the id ${id}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit([{ range: { start: at, end: at }, newText: `[${id}] ` }]) });
        break;
      }
      case 'failure-mode-unknown': {
        for (const s of Array.isArray(data.suggestions) ? (data.suggestions as string[]) : []) {
          actions.push({ title: `Change to "${s}"`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit([{ range: d.range, newText: s }]) });
        }
        break;
      }
      default:
        break;
    }
  }
  return actions;
}

export function missingSections(note: ParsedNote, config: JournalConfig): string[] {
  const nt = note.type ? config.noteTypes[note.type] : undefined;
  return nt ? requiredSectionsOf(note, nt).filter((r) => !r.section).map((r) => r.name) : [];
}

/**
 * Edits that insert the named required sections where they belong in the canonical order: before the
 * next required section the note has, else after the previous one, else at the end.
 */
export function insertSections(note: ParsedNote, config: JournalConfig, names: string[], eol: string): TextEdit[] {
  const nt = note.type ? config.noteTypes[note.type] : undefined;
  if (!nt) return [];
  const required = requiredSectionsOf(note, nt);
  const level = required.find((r) => r.section)?.section?.level ?? 2;
  const hashes = '#'.repeat(level);
  const text = note.text;
  const edits: TextEdit[] = [];
  for (const name of nt.requiredSections.filter((n) => names.includes(n))) {
    const k = nt.requiredSections.indexOf(name);
    const block = `${hashes} ${name}${eol}${eol}<!-- ${GUIDANCE[name] ?? `Write the ${name.toLowerCase()} here.`} -->${eol}${eol}`;
    const following = required.slice(k + 1).find((r) => r.section);
    if (following?.section) {
      edits.push({ range: { start: { line: following.section.headingRange.start.line, character: 0 }, end: { line: following.section.headingRange.start.line, character: 0 } }, newText: block });
      continue;
    }
    const preceding = required
      .slice(0, k)
      .reverse()
      .find((r) => r.section);
    const offset = preceding?.section ? preceding.section.contentEnd : text.length;
    const pos = note.lines.positionAt(offset);
    const atEnd = offset >= text.length;
    const needsBreak = atEnd && text.length > 0 && !text.endsWith('\n');
    const blankBefore = atEnd && text.length > 0 && !/\n\s*\n$/.test(text) ? eol : '';
    edits.push({ range: { start: pos, end: pos }, newText: `${needsBreak ? eol : ''}${blankBefore}${block}` });
  }
  return edits;
}

function defaultValue(key: string, note: ParsedNote, config: JournalConfig, today: string): string {
  const type = note.type ?? 'experiment';
  switch (key) {
    case 'id':
      return newNoteId(idPrefixFor(type, config.noteTypes[type]?.idPrefix), today, (n) => new Uint8Array(randomBytes(n)));
    case 'type':
      return type;
    case 'title': {
      const h1 = note.sections.find((s) => s.level === 1)?.title ?? note.path.split('/').pop()!.replace(/\.md$/i, '').replace(/[-_]+/g, ' ');
      return JSON.stringify(h1);
    }
    case 'date':
      return today;
    case 'status':
      return type === 'postmortem' ? 'open' : 'planned';
    default:
      return '';
  }
}

import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LESSON_ID_STRICT, NOTE_ID } from '../../core/schemas';

export interface IdToken {
  kind: 'lesson' | 'note';
  id: string;
  range: Range;
}

const ID_CHARS = /[A-Za-z0-9_.:-]/;

/**
 * The lesson or note id under the cursor: inside `[[…]]`, a `[L-…]` lesson bullet, a front-matter
 * `id:`, `applies:`, `related:` or `experiments:` value, or a bare `L-…` word. Trailing dots and colons
 * are not part of an id.
 */
export function idAt(doc: TextDocument, pos: Position): IdToken | undefined {
  const line = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  let start = pos.character;
  let end = pos.character;
  while (start > 0 && ID_CHARS.test(line[start - 1]!)) start--;
  while (end < line.length && ID_CHARS.test(line[end]!)) end++;
  while (end > start && /[.:]/.test(line[end - 1]!)) end--;
  if (end <= start) return undefined;
  const word = line.slice(start, end);
  const range = { start: { line: pos.line, character: start }, end: { line: pos.line, character: end } };
  if (LESSON_ID_STRICT.test(word)) return { kind: 'lesson', id: word, range };
  if (!NOTE_ID.test(word)) return undefined;
  const before = line.slice(0, start);
  const after = line.slice(end);
  const inWiki = /\[\[\s*$/.test(before) && /^\s*(\||\]\])/.test(after);
  const inFrontMatterList = /^\s*(related|experiments)\s*:/.test(line) || (/^\s*-\s*$/.test(before) && ['related', 'experiments'].includes(frontMatterKeyAbove(doc, pos.line) ?? ''));
  const isIdField = /^id\s*:\s*["']?$/.test(before);
  if (inWiki || inFrontMatterList || isIdField) return { kind: 'note', id: word, range };
  return undefined;
}

/** The top-level front-matter key a list line belongs to, when the line is inside the front matter. */
export function frontMatterKeyAbove(doc: TextDocument, line: number): string | undefined {
  if (!inFrontMatter(doc, line)) return undefined;
  for (let l = line; l > 0; l--) {
    const text = lineText(doc, l);
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(text);
    if (m) return m[1];
  }
  return undefined;
}

/** True when the line lies between the opening `---` and the closing fence. */
export function inFrontMatter(doc: TextDocument, line: number): boolean {
  if (!/^---\s*$/.test(lineText(doc, 0))) return false;
  if (line === 0) return false;
  for (let l = 1; l < doc.lineCount; l++) {
    if (/^(---|\.\.\.)\s*$/.test(lineText(doc, l))) return line < l;
  }
  return true;
}

export function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

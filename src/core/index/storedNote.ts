import { failureFields, type FailureFields } from '../analyses/noteText';
import type { JournalConfig } from '../config';
import type { ParsedNote } from '../note';
import type { Position, Range } from '../text';
import { LESSON_ID_STRICT, NOTE_ID } from '../schemas';

/**
 * What the index keeps of a note: the extracted facts without the text, the line table, the YAML
 * document or the front-matter ranges, so 10,000 notes stay small and a snapshot can be persisted.
 */
export type StoredNote = Omit<ParsedNote, 'text' | 'lines' | 'frontMatter' | 'excluded'> & {
  /** Where the front matter is; its fields are in `data`, and what other notes need of them is below. */
  frontMatter: { range: Range } | undefined;
  /** Lessons this note applies, from `applies:` and `[[L-…]]`, each with where it is said. */
  applications: { lessonId: string; range: Range; via: 'applies' | 'reference' }[];
  /** Notes this note references, from `related:`, `experiments:` and `[[ID]]`. */
  noteReferences: { noteId: string; range: Range; via: 'related' | 'experiments' | 'reference' }[];
  /** Range of the `id` value, for duplicate-id diagnostics, definition and rename. */
  idRange: Range | undefined;
  /**
   * The text the similarity analyses read (title, root cause, hypothesis, approach, lessons), taken
   * once when the note is stored; section texts themselves are not kept (`Section.text` is '').
   */
  digest: FailureFields;
};

export function storeNote(note: ParsedNote, config: JournalConfig): StoredNote {
  const frontMatter = note.frontMatter;
  const field = (key: string) => frontMatter?.fields.get(key);
  const applications: StoredNote['applications'] = [];
  const noteReferences: StoredNote['noteReferences'] = [];
  for (const item of field('applies')?.items ?? []) {
    if (typeof item.value === 'string' && item.value.trim()) applications.push({ lessonId: item.value.trim(), range: item.range, via: 'applies' });
  }
  for (const via of ['related', 'experiments'] as const) {
    for (const item of field(via)?.items ?? []) {
      const v = typeof item.value === 'number' ? String(item.value) : item.value;
      if (typeof v === 'string' && NOTE_ID.test(v.trim())) noteReferences.push({ noteId: v.trim(), range: item.range, via });
    }
  }
  for (const ref of note.references) {
    if (LESSON_ID_STRICT.test(ref.target)) applications.push({ lessonId: ref.target, range: ref.range, via: 'reference' });
    else noteReferences.push({ noteId: ref.target, range: ref.range, via: 'reference' });
  }
  // Every field spelled out, in one order: all stored notes then share one hidden class (a spread of a
  // rest object gave each note its own, ~1 KB of descriptors apiece).
  const stored: StoredNote = {
    path: note.path,
    frontMatter: frontMatter && { range: frontMatter.range },
    data: note.data,
    type: note.type,
    typeSource: note.typeSource,
    id: note.id,
    title: note.title,
    date: note.date,
    sections: note.sections.map((section) => ({ ...section, text: '' })),
    lessons: note.lessons,
    malformedLessons: note.malformedLessons,
    unidentifiedLessons: note.unidentifiedLessons,
    actionItems: note.actionItems,
    references: note.references,
    links: note.links,
    headingSlugs: note.headingSlugs,
    bodyOffset: note.bodyOffset,
    parseDiagnostics: note.parseDiagnostics,
    applications,
    noteReferences,
    idRange: field('id')?.value,
    digest: failureFields(note, config),
  };
  return compact(stored);
}

/**
 * Makes a value the index keeps for long independent of the note's text, and small:
 *
 * - Strings cut from the text (titles, ids, lesson texts, front-matter values…) are V8 "sliced
 *   strings" that keep the whole file text alive, and strings joined from such pieces keep every piece;
 *   each is replaced by a flat copy. At 10,000 notes that frees ~30 MB of file texts.
 * - Arrays are copied without the spare capacity `push` leaves (~9 MB at 10,000 notes).
 * - Positions (`{ line, character }`, immutable by contract) are shared: one frozen object per
 *   distinct small position, instead of two objects per range in every note (~15 MB at 10,000 notes).
 *
 * Works in place on objects the caller has just built and owns (arrays are replaced by copies);
 * returns the value to keep. `copyStrings: false` for values whose strings are already fresh (read
 * back from a persisted snapshot).
 */
export function compact<T>(value: T, options: { copyStrings?: boolean } = {}): T {
  return compactValue(value, options.copyStrings ?? true, new Set()) as T;
}

/** `seen`: front-matter values can be cyclic (YAML `x: &a [*a]`) or shared (`b: *a`); each object is visited once. */
function compactValue(value: unknown, copyStrings: boolean, seen: Set<object>): unknown {
  if (typeof value === 'string') return copyStrings ? detach(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    // A copy: arrays filled by `push` keep spare capacity (at least 17 slots), a copy has none.
    const copy = value.length === 0 ? value : value.slice();
    for (let i = 0; i < copy.length; i++) copy[i] = compactValue(copy[i], copyStrings, seen);
    return copy;
  }
  if (Object.isFrozen(value)) return value; // an interned position
  const record = value as Record<string, unknown>;
  if (typeof record.line === 'number' && typeof record.character === 'number' && isPosition(record)) {
    return internPosition(record.line, record.character) ?? value;
  }
  for (const key in record) record[key] = compactValue(record[key], copyStrings, seen);
  return value;
}

/** V8 copies substrings shorter than this; longer ones may share the text they were cut from. */
const SHARED_MIN_LENGTH = 13;

function detach(s: string): string {
  if (s.length < SHARED_MIN_LENGTH) return s;
  // A JSON round trip gives an exact flat copy (~0.3 µs for a title). For long texts (the similarity
  // digest) it costs ~3 µs; slicing a concatenation is 10× cheaper there: V8 first flattens it into a
  // new string, and the result, a view of that new string, shares nothing with the note's text.
  return s.length < 200 ? (JSON.parse(JSON.stringify(s)) as string) : (' ' + s).slice(1);
}

function isPosition(o: Record<string, unknown>): boolean {
  let keys = 0;
  for (const _ in o) keys++;
  return keys === 2;
}

/** Positions in the first 4,096 lines and 512 columns are shared; notes rarely go beyond, and the table stays bounded. */
const MAX_LINE = 4096;
const MAX_CHARACTER = 512;
const positions = new Map<number, Position>();

function internPosition(line: number, character: number): Position | undefined {
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0 || line >= MAX_LINE || character >= MAX_CHARACTER) return undefined;
  const key = line * MAX_CHARACTER + character;
  let p = positions.get(key);
  if (!p) positions.set(key, (p = Object.freeze({ line, character })));
  return p;
}

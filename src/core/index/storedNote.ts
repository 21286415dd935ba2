import { failureFields, type FailureFields } from '../analyses/noteText';
import type { JournalConfig } from '../config';
import type { ParsedNote } from '../note';
import type { Range } from '../text';
import { LESSON_ID_STRICT, NOTE_ID } from '../schemas';

/**
 * What the index keeps of a note: the extracted facts without the text, the line table, the YAML
 * document or the front-matter ranges, so 10,000 notes stay small and a snapshot can be persisted.
 */
export type StoredNote = Omit<ParsedNote, 'text' | 'lines' | 'frontMatter'> & {
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
  const { text: _text, lines: _lines, frontMatter, ...rest } = note;
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
  return {
    ...rest,
    digest: failureFields(note, config),
    sections: note.sections.map((section) => ({ ...section, text: '' })),
    frontMatter: frontMatter && { range: frontMatter.range },
    applications,
    noteReferences,
    idRange: field('id')?.value,
  };
}

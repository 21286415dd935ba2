import { failureFields, type FailureFields } from '../analyses/noteText';
import type { JournalConfig } from '../config';
import type { FrontMatter } from '../frontMatter';
import type { ParsedNote } from '../note';
import type { Range } from '../text';
import { LESSON_ID_STRICT, NOTE_ID } from '../schemas';

/**
 * What the index keeps of a note: the extracted facts without the text, the line table or the YAML
 * document, so 10,000 notes stay small and a snapshot can be persisted as JSON.
 */
export type StoredNote = Omit<ParsedNote, 'text' | 'lines' | 'frontMatter'> & {
  frontMatter: Omit<FrontMatter, 'doc' | 'fields'> & { fields: Record<string, StoredField> } | undefined;
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

export interface StoredField {
  key: Range;
  value: Range | undefined;
  items: { value: unknown; range: Range }[];
}

export function storeNote(note: ParsedNote, config: JournalConfig): StoredNote {
  const { text: _text, lines: _lines, frontMatter, ...rest } = note;
  const fields: Record<string, StoredField> = {};
  if (frontMatter) for (const [k, f] of frontMatter.fields) fields[k] = f;
  const applications: StoredNote['applications'] = [];
  const noteReferences: StoredNote['noteReferences'] = [];
  for (const item of fields.applies?.items ?? []) {
    if (typeof item.value === 'string' && item.value.trim()) applications.push({ lessonId: item.value.trim(), range: item.range, via: 'applies' });
  }
  for (const via of ['related', 'experiments'] as const) {
    for (const item of fields[via]?.items ?? []) {
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
    frontMatter: frontMatter && {
      range: frontMatter.range,
      yamlOffset: frontMatter.yamlOffset,
      yamlBase: frontMatter.yamlBase,
      bodyOffset: frontMatter.bodyOffset,
      data: frontMatter.data,
      fields,
    },
    applications,
    noteReferences,
    idRange: fields.id?.value,
  };
}

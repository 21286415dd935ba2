import type { Diagnostic, Severity } from '../diagnostics';
import { LESSON_ID_STRICT } from '../schemas';
import type { JournalIndex } from './journalIndex';
import { resolveLink } from './journalIndex';
import type { StoredNote } from './storedNote';

/** Cross-note rules: answered from the index's maps, so their cost depends on the note, not the workspace. */
export const CROSS_NOTE_CODES: readonly { code: string; defaultSeverity: Severity; description: string }[] = [
  { code: 'duplicate-note-id', defaultSeverity: 'error', description: 'Two notes have the same `id`, so references to it are ambiguous.' },
  { code: 'duplicate-lesson-id', defaultSeverity: 'error', description: 'Two lessons have the same id, in one note or in two.' },
  { code: 'unknown-lesson', defaultSeverity: 'warning', description: '`applies:` or `[[L-…]]` names a lesson no note defines.' },
  { code: 'unknown-note-reference', defaultSeverity: 'warning', description: '`related:`, `experiments:` or `[[ID]]` names a note id no note has.' },
  { code: 'broken-link', defaultSeverity: 'warning', description: 'A relative link points to a Markdown file that does not exist, or to a heading the file does not have.' },
  { code: 'lesson-self-applied', defaultSeverity: 'info', description: 'A note applies a lesson it defines itself; that does not count as applying it.' },
];

const defaults = new Map(CROSS_NOTE_CODES.map((c) => [c.code, c.defaultSeverity]));

export function crossNoteDiagnostics(index: JournalIndex, path: string, note: StoredNote): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (code: string, d: Omit<Diagnostic, 'code' | 'severity'>) => {
    const setting = index.config.rules[code] ?? defaults.get(code)!;
    if (setting !== 'off') out.push({ code, severity: setting, ...d });
  };

  if (note.id && note.idRange) {
    const others = [...index.notesById.get(note.id)].filter((p) => p !== path).sort();
    if (others.length > 0) {
      push('duplicate-note-id', {
        range: note.idRange,
        message: `Note id "${note.id}" is also used by ${others.join(', ')}; give each note its own id.`,
        data: { others },
      });
    }
  }

  const seen = new Map<string, number>();
  for (const lesson of note.lessons) {
    const count = (seen.get(lesson.id) ?? 0) + 1;
    seen.set(lesson.id, count);
    const others = [...index.lessonsById.get(lesson.id)].filter((p) => p !== path).sort();
    if (count > 1 || others.length > 0) {
      push('duplicate-lesson-id', {
        range: lesson.idRange,
        message: count > 1 ? `Lesson id ${lesson.id} is used twice in this note.` : `Lesson id ${lesson.id} is also defined in ${others.join(', ')}.`,
        data: { lessonId: lesson.id, others },
      });
    }
  }

  const ownLessons = new Set(note.lessons.map((l) => l.id));
  for (const a of note.applications) {
    if (!LESSON_ID_STRICT.test(a.lessonId)) continue; // malformed ids in `applies` are a schema problem
    if (ownLessons.has(a.lessonId)) {
      if (a.via === 'applies') {
        push('lesson-self-applied', {
          range: a.range,
          message: `${a.lessonId} is defined in this note; applying it here does not count. Apply it in the later notes that follow it.`,
        });
      }
      continue;
    }
    if (!index.lessonsById.has(a.lessonId)) {
      push('unknown-lesson', {
        range: a.range,
        message: `No note defines lesson ${a.lessonId}.`,
        data: { lessonId: a.lessonId },
      });
    }
  }

  for (const r of note.noteReferences) {
    if (!index.notesById.has(r.noteId)) {
      push('unknown-note-reference', {
        range: r.range,
        message: `No note has the id "${r.noteId}".`,
        data: { noteId: r.noteId },
      });
    }
  }

  for (const link of note.links) {
    const target = link.path ? resolveLink(path, link.path) : path;
    const isMarkdown = /\.md$/i.test(target);
    if (!isMarkdown) continue; // only Markdown targets are known to the index
    if (!index.has(target)) {
      push('broken-link', { range: link.range, message: `Link target "${link.path}" does not exist.`, data: { target } });
      continue;
    }
    if (link.fragment) {
      const slugs = target === path ? note.headingSlugs : index.note(target)?.headingSlugs;
      if (slugs && !slugs.includes(link.fragment.toLowerCase())) {
        push('broken-link', {
          range: link.range,
          message: `"${link.path || 'this note'}" has no heading "#${link.fragment}".`,
          data: { target, fragment: link.fragment },
        });
      }
    }
  }
  return out;
}

import type { JournalIndex } from '../index/journalIndex';
import type { Range } from '../text';
import { daysBetween } from './noteText';

export interface LessonApplication {
  path: string;
  noteId: string | undefined;
  noteTitle: string | undefined;
  date: string | undefined;
  via: 'applies' | 'reference';
  range: Range;
}

export interface LessonInfo {
  id: string;
  text: string;
  path: string;
  noteId: string | undefined;
  noteTitle: string | undefined;
  /** The defining note's date. */
  date: string | undefined;
  /** Days since the defining note's date; undefined for undated notes. */
  ageDays: number | undefined;
  range: Range;
  idRange: Range;
  applications: LessonApplication[];
}

export interface LessonReport {
  /** Never applied, oldest first (undated last). */
  neverApplied: LessonInfo[];
  /** Applied at least once, most applied first. */
  applied: LessonInfo[];
}

/**
 * Every lesson with where it was applied. A lesson is applied when another note lists it in `applies`
 * or references it as `[[L-…]]`; the defining note applying its own lesson does not count. When two
 * notes define the same id (a duplicate, reported elsewhere), the earliest definition is listed (the
 * first path on the same date).
 */
export function lessonReport(index: JournalIndex): LessonReport {
  const byId = new Map<string, LessonInfo>();
  for (const [path, note] of index.notes()) {
    for (const lesson of note.lessons) {
      const existing = byId.get(lesson.id);
      // Earliest date wins, then the first path: never the index's insertion order, which differs
      // between an incrementally updated index and a rebuild.
      if (existing && ((existing.date ?? '9999') < (note.date ?? '9999') || ((existing.date ?? '9999') === (note.date ?? '9999') && existing.path < path))) continue;
      byId.set(lesson.id, {
        id: lesson.id,
        text: lesson.text,
        path,
        noteId: note.id,
        noteTitle: note.title,
        date: note.date,
        ageDays: note.date ? Math.max(0, daysBetween(note.date, index.today)) : undefined,
        range: lesson.range,
        idRange: lesson.idRange,
        applications: [],
      });
    }
  }
  for (const info of byId.values()) {
    const definers = index.lessonsById.get(info.id);
    for (const path of index.appliersOf.get(info.id)) {
      if (definers.has(path)) continue;
      const note = index.note(path);
      if (!note) continue;
      const seen = new Set<string>();
      for (const a of note.applications) {
        if (a.lessonId !== info.id || seen.has(a.via)) continue;
        seen.add(a.via);
        info.applications.push({ path, noteId: note.id, noteTitle: note.title, date: note.date, via: a.via, range: a.range });
      }
    }
    info.applications.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.path.localeCompare(b.path));
  }
  const all = [...byId.values()];
  const appliedNotes = (l: LessonInfo) => new Set(l.applications.map((a) => a.path)).size;
  return {
    neverApplied: all
      .filter((l) => l.applications.length === 0)
      .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id)),
    applied: all.filter((l) => l.applications.length > 0).sort((a, b) => appliedNotes(b) - appliedNotes(a) || a.id.localeCompare(b.id)),
  };
}

/** How many distinct notes apply a lesson (not counting its own note). */
export function applicationCount(index: JournalIndex, lessonId: string): number {
  const definers = index.lessonsById.get(lessonId);
  let n = 0;
  for (const p of index.appliersOf.get(lessonId)) if (!definers.has(p)) n++;
  return n;
}

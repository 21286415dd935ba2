import type { LessonItem, LessonsResult, NoteInfo, NoteSummary, RelatedFailureItem } from '../../shared/protocol';
import { fileNameOf, oneLine, plural } from './treeNode';

/** A quick-pick item as plain data (`kind: 'separator'` for a heading); the glue adds nothing but the API. */
export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  kind?: 'separator';
  value?: T;
}

/** Scores add up weights (text similarity up to 1, same failure mode, shared tags, an explicit link). */
export function formatScore(score: number): string {
  return score.toFixed(2);
}

/** "Show Related Past Failures": best first, the score and facts in the description, the reasons as detail. */
export function relatedFailurePicks(items: RelatedFailureItem[]): PickItem<RelatedFailureItem>[] {
  return [...items]
    .sort((a, b) => b.score - a.score)
    .map((r) => ({
      label: `$(history) ${r.title ?? r.noteId ?? fileNameOf(r.uri)}`,
      description: [`score ${formatScore(r.score)}`, r.noteId, r.date, r.failureMode].filter(Boolean).join(' · '),
      detail: [r.reasons.join('; '), r.preview ? `— ${oneLine(r.preview, 200)}` : undefined].filter(Boolean).join(' '),
      value: r,
    }));
}

/**
 * "Apply Lesson…": lessons the current note could apply — never-applied first (oldest first), then the
 * others (most applied first). Lessons of the note itself and lessons it already applies are left out.
 */
export function applyLessonPicks(lessons: LessonsResult, current: Pick<NoteInfo, 'lessonIds' | 'applies'>): PickItem<LessonItem>[] {
  const skip = new Set([...current.lessonIds, ...current.applies].map((id) => id.toLowerCase()));
  const keep = (l: LessonItem) => !skip.has(l.id.toLowerCase());
  const never = lessons.neverApplied.filter(keep).sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id));
  const applied = lessons.applied.filter(keep).sort((a, b) => b.applications.length - a.applications.length || a.id.localeCompare(b.id));
  const item = (l: LessonItem, neverApplied: boolean): PickItem<LessonItem> => ({
    label: `${neverApplied ? '$(warning)' : '$(lightbulb)'} ${l.id}`,
    description: oneLine(l.text, 100),
    detail: [l.noteTitle ?? l.noteId ?? fileNameOf(l.uri), l.date, neverApplied ? 'never applied' : `applied ${plural(l.applications.length, 'time')}`].filter(Boolean).join(' · '),
    value: l,
  });
  const out: PickItem<LessonItem>[] = [];
  if (never.length) out.push({ label: 'Never applied', kind: 'separator' }, ...never.map((l) => item(l, true)));
  if (applied.length) out.push({ label: 'Applied elsewhere', kind: 'separator' }, ...applied.map((l) => item(l, false)));
  return out;
}

/** "New Post-Mortem": a blank one, or one following up a failed experiment (the current note first). */
export function postmortemSourcePicks(failedExperiments: NoteSummary[], currentUri: string | undefined): PickItem<NoteSummary | 'blank'>[] {
  const sorted = [...failedExperiments].sort((a, b) => Number(b.uri === currentUri) - Number(a.uri === currentUri));
  const out: PickItem<NoteSummary | 'blank'>[] = [{ label: '$(new-file) Blank post-mortem', value: 'blank' }];
  if (sorted.length) {
    out.push({ label: 'From a failed experiment', kind: 'separator' });
    for (const e of sorted) {
      out.push({
        label: `$(beaker) ${e.title ?? e.id ?? fileNameOf(e.uri)}`,
        description: [e.id, e.date, e.failureMode, e.uri === currentUri ? 'current note' : undefined].filter(Boolean).join(' · '),
        value: e,
      });
    }
  }
  return out;
}

import type { LessonItem, LessonsResult, RelatedFailureItem } from '../../../src/shared/protocol';

export const range = (line: number, start = 0, end = start + 1) => ({ start: { line, character: start }, end: { line, character: end } });

export function lesson(id: string, over: Partial<LessonItem> = {}): LessonItem {
  return { id, text: `text of ${id}`, uri: `file:///j/experiments/${id}.md`, noteId: id.replace(/^L-|-\d+$/g, ''), noteTitle: `Note of ${id}`, range: range(10), idRange: range(10, 3, 10), applications: [], ...over };
}

export function lessons(never: LessonItem[], applied: LessonItem[]): LessonsResult {
  return { neverApplied: never, applied };
}

export function related(noteId: string, score: number, over: Partial<RelatedFailureItem> = {}): RelatedFailureItem {
  return { uri: `file:///j/postmortems/${noteId}.md`, noteId, title: `Title ${noteId}`, date: '2026-03-27', score, reasons: ['same failure mode data-quality'], focusRange: range(20), preview: 'The join dropped rows.', ...over };
}

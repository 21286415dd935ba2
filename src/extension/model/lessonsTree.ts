import type { LessonItem, LessonsResult } from '../../shared/protocol';
import { ItemContext } from '../commands';
import { Colors, fileNameOf, oneLine, plural, type TreeNode } from './treeNode';

export const LESSON_GROUP_IDS = { neverApplied: 'lessons/never-applied', applied: 'lessons/applied' } as const;

/**
 * The Lessons view: "Never applied" (oldest first, highlighted, expanded) and "Applied" (most applied
 * first, each expandable to where it was applied). Empty when there are no lessons, so the welcome view
 * shows instead.
 */
export function buildLessonsTree(result: LessonsResult): TreeNode[] {
  const never = [...result.neverApplied].sort(oldestFirst);
  const applied = [...result.applied].sort((a, b) => b.applications.length - a.applications.length || a.id.localeCompare(b.id));
  if (never.length === 0 && applied.length === 0) return [];
  const groups: TreeNode[] = [];
  groups.push({
    id: LESSON_GROUP_IDS.neverApplied,
    label: 'Never applied',
    description: String(never.length),
    tooltip: never.length === 0 ? 'Every lesson has been applied at least once.' : `${plural(never.length, 'lesson')} no later note applies yet, oldest first.`,
    icon: never.length > 0 ? { id: 'warning', color: Colors.warning } : { id: 'pass', color: Colors.passed },
    contextValue: ItemContext.group,
    expanded: true,
    children: never.map((l) => lessonNode(l, false)),
  });
  groups.push({
    id: LESSON_GROUP_IDS.applied,
    label: 'Applied',
    description: String(applied.length),
    tooltip: `${plural(applied.length, 'lesson')} applied by later notes, most applied first.`,
    icon: { id: 'pass', color: Colors.passed },
    contextValue: ItemContext.group,
    expanded: false,
    children: applied.map((l) => lessonNode(l, true)),
  });
  return groups;
}

/** How many lessons were never applied: the view's badge and the status bar's count. */
export function neverAppliedCount(result: LessonsResult): number {
  return result.neverApplied.length;
}

function lessonNode(l: LessonItem, applied: boolean): TreeNode {
  const source = l.noteTitle ?? l.noteId ?? fileNameOf(l.uri);
  const age = l.ageDays !== undefined ? ` · ${plural(l.ageDays, 'day')} old` : '';
  const n = l.applications.length;
  return {
    id: `lesson:${l.uri}#${l.id}`,
    label: l.id,
    description: applied ? `${n}× · ${oneLine(l.text)}` : oneLine(l.text),
    tooltip: `${l.id}: ${l.text}\nFrom ${source}${l.date ? ` (${l.date})` : ''}${age}\n${applied ? `Applied ${plural(n, 'time')}` : 'Never applied'}`,
    icon: applied ? { id: 'lightbulb' } : { id: 'warning', color: Colors.warning },
    contextValue: applied ? ItemContext.lessonApplied : ItemContext.lessonNeverApplied,
    target: { uri: l.uri, range: l.range },
    copyId: l.id,
    lessonId: l.id,
    noteUri: l.uri,
    expanded: applied ? false : undefined,
    children: applied
      ? l.applications.map((a, i) => ({
          id: `lesson:${l.uri}#${l.id}/applied:${a.uri}:${a.range.start.line}:${a.range.start.character}:${i}`,
          label: a.noteTitle ?? a.noteId ?? fileNameOf(a.uri),
          description: [a.noteId && a.noteTitle ? a.noteId : undefined, a.date, a.via === 'applies' ? 'in applies' : 'referenced'].filter(Boolean).join(' · '),
          tooltip: `${l.id} applied in ${a.noteTitle ?? a.noteId ?? fileNameOf(a.uri)}${a.via === 'applies' ? ' (front matter `applies`)' : ' (a [[…]] reference)'}`,
          icon: { id: 'references' },
          contextValue: ItemContext.application,
          target: { uri: a.uri, range: a.range },
          copyId: a.noteId,
          noteUri: a.uri,
        }))
      : undefined,
  };
}

function oldestFirst(a: LessonItem, b: LessonItem): number {
  return (a.date ?? '9999-99-99').localeCompare(b.date ?? '9999-99-99') || a.id.localeCompare(b.id);
}

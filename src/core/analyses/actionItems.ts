import type { JournalIndex } from '../index/journalIndex';
import type { Range } from '../text';

export interface OpenActionItem {
  path: string;
  noteId: string | undefined;
  noteTitle: string | undefined;
  noteType: string | undefined;
  text: string;
  owner: string | undefined;
  due: string | undefined;
  overdue: boolean;
  range: Range;
}

export interface ActionItemGroup {
  path: string;
  noteId: string | undefined;
  noteTitle: string | undefined;
  noteType: string | undefined;
  items: OpenActionItem[];
}

/** Open (unchecked, or plain items under Action Items) action items, grouped by note; overdue ones first in each group. */
export function openActionItems(index: JournalIndex): ActionItemGroup[] {
  const groups: ActionItemGroup[] = [];
  for (const [path, note] of index.notes()) {
    const items = note.actionItems
      .filter((a) => a.checked !== true)
      .map((a) => ({
        path,
        noteId: note.id,
        noteTitle: note.title,
        noteType: note.type,
        text: a.text.replace(/^\[[ xX]\]\s*/, ''),
        owner: a.owner,
        due: a.due,
        overdue: a.due !== undefined && a.due < index.today,
        range: a.range,
      }))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999'));
    if (items.length > 0) groups.push({ path, noteId: note.id, noteTitle: note.title, noteType: note.type, items });
  }
  return groups.sort((a, b) => b.items.filter((i) => i.overdue).length - a.items.filter((i) => i.overdue).length || a.path.localeCompare(b.path));
}

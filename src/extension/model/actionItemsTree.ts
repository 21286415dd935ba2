import type { ActionItemEntry, ActionItemGroupEntry } from '../../shared/protocol';
import { ItemContext } from '../commands';
import { Colors, fileNameOf, oneLine, plural, type TreeNode } from './treeNode';

/**
 * The Action Items view: open items grouped by the note (post-mortem) that lists them, notes with
 * overdue items first; overdue items first within a note and highlighted.
 */
export function buildActionItemsTree(groups: ActionItemGroupEntry[]): TreeNode[] {
  const withItems = groups.filter((g) => g.items.length > 0);
  const overdueOf = (g: ActionItemGroupEntry) => g.items.filter((i) => i.overdue).length;
  return withItems
    .map((g, index) => ({ g, index, overdue: overdueOf(g) }))
    .sort((a, b) => Number(b.overdue > 0) - Number(a.overdue > 0) || a.index - b.index)
    .map(({ g, overdue }) => {
      const name = g.noteTitle ?? g.noteId ?? fileNameOf(g.uri);
      const parts = [`${g.items.length} open`];
      if (overdue > 0) parts.push(`${overdue} overdue`);
      const items = [...g.items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999'));
      return {
        id: `action-note:${g.uri}`,
        label: name,
        description: parts.join(' · '),
        tooltip: `${name}${g.noteId ? ` (${g.noteId})` : ''}\n${plural(g.items.length, 'open action item')}${overdue ? `, ${overdue} overdue` : ''}`,
        icon: overdue > 0 ? { id: 'warning', color: Colors.warning } : { id: 'checklist' },
        contextValue: ItemContext.actionItemNote,
        expanded: true,
        target: { uri: g.uri, range: g.items[0]!.range },
        copyId: g.noteId,
        noteUri: g.uri,
        children: items.map((item) => itemNode(item)),
      } satisfies TreeNode;
    });
}

function itemNode(item: ActionItemEntry): TreeNode {
  const details = [item.owner ? `@${item.owner.replace(/^@/, '')}` : 'no owner', item.due ? `due ${item.due}` : undefined, item.overdue ? 'overdue' : undefined].filter(Boolean);
  return {
    id: `action-item:${item.uri}:${item.range.start.line}`,
    label: oneLine(item.text),
    description: details.join(' · '),
    tooltip: `${item.text}\n${details.join(', ')}`,
    icon: item.overdue ? { id: 'warning', color: Colors.error } : { id: 'circle-large-outline' },
    contextValue: ItemContext.actionItem,
    target: { uri: item.uri, range: item.range },
  };
}

import type { RepeatFailuresResult, RepeatGroupItem, RepeatMemberItem } from '../../shared/protocol';
import { ItemContext } from '../commands';
import { Colors, fileNameOf, plural, ZERO_RANGE, type TreeNode } from './treeNode';

/**
 * The Repeat Failures view: one group per failure that happened more than once (by failure mode, else by
 * its key terms), its notes in date order under it; a repeat that ignored an earlier lesson is marked
 * "despite L-…" and highlighted.
 */
export function buildRepeatFailuresTree(result: RepeatFailuresResult): TreeNode[] {
  return result.groups.map((g, i) => groupNode(g, i));
}

export function groupLabel(g: RepeatGroupItem): string {
  if (g.failureMode) return g.failureMode;
  if (g.keyTerms.length > 0) return g.keyTerms.slice(0, 3).join(', ');
  return 'Similar failures';
}

function groupNode(g: RepeatGroupItem, index: number): TreeNode {
  const label = groupLabel(g);
  const parts = [plural(g.members.length, 'failure'), plural(g.repeats, 'repeat')];
  if (g.wastefulRepeats > 0) parts.push(`${g.wastefulRepeats} despite a lesson`);
  return {
    id: `repeat-group:${index}:${label}`,
    label,
    description: parts.join(' · '),
    tooltip: `${label}\n${parts.join(', ')}${g.keyTerms.length ? `\nKey terms: ${g.keyTerms.join(', ')}` : ''}`,
    icon: g.wastefulRepeats > 0 ? { id: 'warning', color: Colors.warning } : { id: 'history' },
    contextValue: ItemContext.group,
    expanded: true,
    children: g.members.map((m) => memberNode(m, index)),
  };
}

function memberNode(m: RepeatMemberItem, groupIndex: number): TreeNode {
  const name = m.title ?? m.noteId ?? fileNameOf(m.uri);
  const wasteful = m.despite.length > 0;
  const status = !m.isRepeat ? 'first' : wasteful ? `despite ${m.despite.join(', ')}` : 'repeat';
  const similar = m.similarTo
    ? `\nMost like ${m.similarTo.noteId ?? fileNameOf(m.similarTo.uri)} (similarity ${m.similarTo.similarity.toFixed(2)}${m.similarTo.sameFailureMode ? ', same failure mode' : ''})${m.similarTo.shared.map((s) => `\n  ${s.field}: ${s.terms.join(', ')}`).join('')}`
    : '';
  return {
    id: `repeat-member:${groupIndex}:${m.uri}`,
    label: name,
    description: [m.noteId && m.title ? m.noteId : undefined, m.date, status].filter(Boolean).join(' · '),
    tooltip: `${name}${m.type ? ` (${m.type})` : ''}${m.date ? `, ${m.date}` : ''}\n${
      wasteful ? `Repeated despite the lesson${m.despite.length === 1 ? '' : 's'} ${m.despite.join(', ')}` : m.isRepeat ? 'A repeat of an earlier failure' : 'The first failure of this kind'
    }${similar}`,
    icon: wasteful ? { id: 'error', color: Colors.error } : m.isRepeat ? { id: 'debug-restart' } : { id: 'circle-outline' },
    contextValue: ItemContext.failureNote,
    target: { uri: m.uri, range: ZERO_RANGE },
    copyId: m.noteId,
    noteUri: m.uri,
  };
}

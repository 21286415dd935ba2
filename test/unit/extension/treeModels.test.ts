import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ItemContext } from '../../../src/extension/commands';
import { buildActionItemsTree } from '../../../src/extension/model/actionItemsTree';
import { buildLessonsTree, LESSON_GROUP_IDS } from '../../../src/extension/model/lessonsTree';
import { buildRepeatFailuresTree } from '../../../src/extension/model/repeatFailuresTree';
import { Colors, type TreeNode } from '../../../src/extension/model/treeNode';
import { lesson, lessons, range } from './fixtures';

function allIds(nodes: TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children ?? [])]);
}

describe('Lessons tree', () => {
  const app = (uri: string, noteId: string, via: 'applies' | 'reference' = 'applies') => ({ uri, noteId, noteTitle: `Title ${noteId}`, date: '2026-05-01', via, range: range(3, 10, 20) });
  const result = lessons(
    [lesson('L-B-1', { date: '2026-04-01', ageDays: 200 }), lesson('L-A-1', { date: '2026-01-12' }), lesson('L-C-1', { date: undefined })],
    [
      lesson('L-D-1', { applications: [app('file:///j/x.md', 'X')] }),
      lesson('L-E-1', { applications: [app('file:///j/y.md', 'Y'), app('file:///j/z.md', 'Z', 'reference')] }),
    ],
  );
  const tree = buildLessonsTree(result);

  it('Should show "Never applied" first, highlighted with a warning icon and colour, with its count', () => {
    const [never, applied] = tree;
    assert.equal(never!.id, LESSON_GROUP_IDS.neverApplied);
    assert.equal(never!.label, 'Never applied');
    assert.equal(never!.description, '3');
    assert.deepEqual(never!.icon, { id: 'warning', color: Colors.warning });
    assert.equal(never!.expanded, true);
    assert.equal(applied!.label, 'Applied');
    assert.equal(applied!.description, '2');
  });

  it('Should list never-applied lessons oldest first, undated last, each opening the lesson', () => {
    const never = tree[0]!.children!;
    assert.deepEqual(never.map((n) => n.label), ['L-A-1', 'L-B-1', 'L-C-1']);
    assert.equal(never[1]!.contextValue, ItemContext.lessonNeverApplied);
    assert.deepEqual(never[1]!.target, { uri: 'file:///j/experiments/L-B-1.md', range: range(10) });
    assert.equal(never[1]!.copyId, 'L-B-1');
    assert.equal(never[1]!.lessonId, 'L-B-1');
    assert.match(never[1]!.tooltip!, /200 days old/);
    assert.equal(never[1]!.children, undefined);
  });

  it('Should order applied lessons by how often they were applied, expandable to where', () => {
    const applied = tree[1]!.children!;
    assert.deepEqual(applied.map((n) => n.label), ['L-E-1', 'L-D-1']);
    assert.match(applied[0]!.description!, /^2× · text of L-E-1$/);
    const where = applied[0]!.children!;
    assert.deepEqual(where.map((n) => n.label), ['Title Y', 'Title Z']);
    assert.match(where[1]!.description!, /referenced/);
    assert.deepEqual(where[0]!.target, { uri: 'file:///j/y.md', range: range(3, 10, 20) });
    assert.equal(where[0]!.contextValue, ItemContext.application);
  });

  it('Should be empty without lessons, so that the welcome view shows', () => {
    assert.deepEqual(buildLessonsTree(lessons([], [])), []);
  });

  it('Should give every node a unique id', () => {
    const ids = allIds(tree);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('Repeat failures tree', () => {
  const member = (noteId: string, over: object = {}) => ({ uri: `file:///j/${noteId}.md`, noteId, title: `Title ${noteId}`, date: '2026-01-01', isRepeat: false, despite: [] as string[], ...over });
  const tree = buildRepeatFailuresTree({
    failures: 5,
    repeats: 2,
    wastefulRepeats: 1,
    groups: [
      { failureMode: 'data-quality', keyTerms: ['join', 'pipeline'], repeats: 2, wastefulRepeats: 1, members: [member('A'), member('B', { isRepeat: true }), member('C', { isRepeat: true, despite: ['L-A-1', 'L-A-2'] })] },
      { keyTerms: ['spot', 'preemption', 'checkpoint', 'gpu'], repeats: 1, wastefulRepeats: 0, members: [member('D'), member('E', { isRepeat: true })] },
    ],
  });

  it('Should label groups by failure mode, else by key terms, with counts', () => {
    assert.deepEqual(tree.map((g) => g.label), ['data-quality', 'spot, preemption, checkpoint']);
    assert.equal(tree[0]!.description, '3 failures · 2 repeats · 1 despite a lesson');
    assert.equal(tree[1]!.description, '2 failures · 1 repeat');
    assert.deepEqual(tree[0]!.icon, { id: 'warning', color: Colors.warning });
    assert.deepEqual(tree[1]!.icon, { id: 'history' });
  });

  it('Should mark the first failure, the repeats and the wasteful repeats "despite L-…"', () => {
    const members = tree[0]!.children!;
    assert.deepEqual(members.map((m) => m.description), ['A · 2026-01-01 · first', 'B · 2026-01-01 · repeat', 'C · 2026-01-01 · despite L-A-1, L-A-2']);
    assert.deepEqual(members[2]!.icon, { id: 'error', color: Colors.error });
    assert.equal(members[2]!.contextValue, ItemContext.failureNote);
    assert.equal(members[2]!.noteUri, 'file:///j/C.md');
    assert.equal(members[2]!.target!.uri, 'file:///j/C.md');
  });
});

describe('Action items tree', () => {
  const item = (text: string, over: object = {}) => ({ uri: 'file:///j/pm.md', text, overdue: false, range: range(30), ...over });
  const tree = buildActionItemsTree([
    { uri: 'file:///j/a.md', noteId: 'PM-A', noteTitle: 'A outage', items: [item('no date', { uri: 'file:///j/a.md' })] },
    { uri: 'file:///j/empty.md', noteId: 'PM-E', items: [] },
    {
      uri: 'file:///j/b.md',
      noteId: 'PM-B',
      noteTitle: 'B outage',
      items: [item('later', { due: '2027-01-01', owner: 'dana' }), item('late', { due: '2026-01-01', owner: '@sam', overdue: true, range: range(31) })],
    },
  ]);

  it('Should group by note, notes with overdue items first, and leave out notes without open items', () => {
    assert.deepEqual(tree.map((g) => g.label), ['B outage', 'A outage']);
    assert.equal(tree[0]!.description, '2 open · 1 overdue');
    assert.deepEqual(tree[0]!.icon, { id: 'warning', color: Colors.warning });
  });

  it('Should put overdue items first, highlighted, with owner and due date', () => {
    const items = tree[0]!.children!;
    assert.deepEqual(items.map((i) => i.label), ['late', 'later']);
    assert.equal(items[0]!.description, '@sam · due 2026-01-01 · overdue');
    assert.deepEqual(items[0]!.icon, { id: 'warning', color: Colors.error });
    assert.equal(items[1]!.description, '@dana · due 2027-01-01');
    assert.deepEqual(items[0]!.target, { uri: 'file:///j/pm.md', range: range(31) });
    assert.equal(tree[1]!.children![0]!.description, 'no owner');
  });
});

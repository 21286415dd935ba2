import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openActionItems } from '../../../src/core/analyses';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace } from '../../../src/core/workspace';
import { JOURNAL, note } from '../index/journal';

const pm = (id: string, items: string) => note({ id, type: 'postmortem', title: id, date: '2026-01-01', status: 'open' }, `## Action Items\n\n${items}\n`);

describe('open and overdue action items', () => {
  it('Should list the open items of the small journal, the overdue one first', async () => {
    const index = await JournalIndex.build(new MemoryWorkspace(JOURNAL), DEFAULT_CONFIG, { today: '2026-06-01' });
    const groups = openActionItems(index);
    assert.deepEqual(groups.map((g) => [g.noteId, g.items.map((i) => [i.text, i.owner, i.due, i.overdue])]), [
      ['PM-1', [['Add distribution validation @ana due: 2026-04-20', 'ana', '2026-04-20', true], ['Create checklist', undefined, undefined, false]]],
    ]);
  });

  it('Should order notes by overdue count, items by overdue then due date; an item due today is not overdue', async () => {
    const files = {
      'postmortems/a.md': pm('PM-A', '- [ ] later @x due: 2026-09-01\n- [ ] today @x due: 2026-06-01\n- [ ] no date @x\n- [x] done @x due: 2026-01-01'),
      'postmortems/b.md': pm('PM-B', '- [ ] old @y due: 2026-02-01\n- [ ] older @y due: 2026-01-15\n- plain item in the section @z'),
      'postmortems/c.md': pm('PM-C', '- [x] all done @x'),
      'experiments/e.md': note({ id: 'EXP-E', type: 'experiment', title: 'e', date: '2026-01-01', status: 'running' }, '## Next Steps\n\n- [ ] task @q due: 2026-05-31\n- plain, not an action item\n'),
    };
    const groups = openActionItems(await JournalIndex.build(new MemoryWorkspace(files), DEFAULT_CONFIG, { today: '2026-06-01' }));
    assert.deepEqual(groups.map((g) => [g.noteId, g.items.map((i) => `${i.text.split(' @')[0]}${i.overdue ? ' (overdue)' : ''}`)]), [
      ['PM-B', ['older (overdue)', 'old (overdue)', 'plain item in the section']],
      ['EXP-E', ['task (overdue)']],
      ['PM-A', ['today', 'later', 'no date']],
    ]);
  });
});

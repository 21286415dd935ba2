/** A small in-memory journal with hand-checked cross-note facts, shared by the index and analysis tests. */
export function note(fm: Record<string, unknown>, body: string): string {
  const yaml = Object.entries(fm)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .join('\n');
  return `---\n${yaml}\n---\n${body}`;
}

const expBody = (h: string, approach: string, outcome: string, lessons: string, extra = '') =>
  `# T\n\n## Hypothesis\n\n${h}\n\n## Approach\n\n${approach}\n\n## Results\n\n| m | v |\n|---|---|\n| ctr | 1 |\n\n## Outcome\n\n${outcome}\n\n## Lessons Learned\n\n${lessons}\n\n## Next Steps\n\n- more\n${extra}`;

export const JOURNAL: Record<string, string> = {
  'experiments/v1.md': note(
    { id: 'EXP-1', type: 'experiment', title: 'Collaborative filtering', date: '2026-01-10', status: 'completed', outcome: 'failure', failure_mode: 'cold-start', tags: ['recsys', 'collaborative-filtering'] },
    expBody(
      'User similarity drives preferences for recommendations.',
      'Matrix factorisation collaborative filtering on click logs.',
      'Cold start killed new user experience: new users got no recommendations.',
      '- [L-0001] Need content-based features for new users',
    ),
  ),
  'experiments/v2.md': note(
    { id: 'EXP-2', type: 'experiment', title: 'Deep learning everything', date: '2026-02-10', status: 'completed', outcome: 'failure', failure_mode: 'performance', tags: ['recsys', 'deep-learning'], applies: ['L-0001'] },
    expBody(
      'Neural networks will find optimal recommendation patterns.',
      'Deep two-tower network serving every request.',
      'Too slow for production: 300ms latency per request.',
      '- [L-0002] Performance constraints matter more than accuracy',
    ),
  ),
  'experiments/v3.md': note(
    { id: 'EXP-3', type: 'experiment', title: 'Hybrid', date: '2026-03-10', status: 'completed', outcome: 'success', tags: ['recsys'], applies: ['L-0001', 'L-0002'], related: ['EXP-1', 'EXP-2'] },
    expBody('Combine simple models with selective deep learning.', 'Hybrid ranking.', 'Met both goals.', '- [L-0003] Pragmatic solutions beat pure approaches'),
  ),
  'experiments/v5.md': note(
    { id: 'EXP-5', type: 'experiment', title: 'Collaborative filtering for new markets', date: '2026-05-01', status: 'completed', outcome: 'failure', failure_mode: 'cold-start', tags: ['recsys'] },
    expBody(
      'User similarity drives preferences in the new market too.',
      'Collaborative filtering on the new market click logs.',
      'Cold start again: new users in the new market got no recommendations.',
      '- [L-0005] Check history coverage before choosing collaborative filtering',
    ),
  ),
  'postmortems/pipeline.md': note(
    { id: 'PM-1', type: 'postmortem', title: 'Feature pipeline failure', date: '2026-04-01', status: 'resolved', resolved: '2026-04-05', failure_mode: 'data-quality', experiments: ['EXP-3'] },
    '# PM\n\n## What Happened\n\nNew feature extraction code caused training to fail.\n\n## Root Cause\n\nInadequate validation of feature distributions.\n\n## What Went Well\n\nRollback worked.\n\n## Action Items\n\n- [ ] Add distribution validation @ana due: 2026-04-20\n- [x] Rollback @bo\n- [ ] Create checklist\n\n## Lessons for Team\n\n- [L-0004] Always validate data assumptions\n',
  ),
  'README.md': '# Not a note\n\n[[EXP-404]]\n',
};

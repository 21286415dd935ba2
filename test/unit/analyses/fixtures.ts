import { note } from '../index/journal';

/**
 * Failures whose similarity terms are controlled: every field holds one word, so the TF-IDF cosine
 * can be worked out by hand (see repeatFailures.test.ts).
 */
export function experiment(fm: Record<string, unknown>, title: string, hypothesis: string, approach: string, outcome: string, extra = ''): string {
  return note(
    { type: 'experiment', title, status: 'completed', ...fm },
    `## Hypothesis\n\n${hypothesis}\n\n## Approach\n\n${approach}\n\n## Outcome\n\n${outcome}\n${extra}`,
  );
}

export const FAILURES: Record<string, string> = {
  'experiments/f1.md': experiment(
    { id: 'EXP-10', date: '2026-01-05', outcome: 'failure', failure_mode: 'latency', tags: ['serving', 'gpu'] },
    'Quantization', 'Pruning', 'Throughput', 'Kernel',
    '\n## Lessons Learned\n\n- [L-10] Measure before shipping\n',
  ),
  'experiments/f2.md': experiment(
    { id: 'EXP-11', date: '2026-02-05', outcome: 'failure', failure_mode: 'latency', tags: ['serving', 'gpu'] },
    'Quantization', 'Sharding', 'Batching', 'Replica',
    '\n## Lessons Learned\n\n- [L-11] Check replicas\n',
  ),
  'postmortems/f3.md': note(
    { id: 'PM-12', type: 'postmortem', title: 'Schema', date: '2026-03-01', status: 'open', failure_mode: 'data-quality', tags: ['data'] },
    '## What Happened\n\nUpstream rename\n\n## Root Cause\n\nDrift\n',
  ),
  'experiments/f4.md': experiment(
    { id: 'EXP-13', date: '2026-04-01', outcome: 'failure', failure_mode: 'cold-start', related: ['EXP-15'] },
    'Schema', 'Onboarding', 'Popularity', 'Fallback',
  ),
  'experiments/f5.md': experiment(
    { id: 'EXP-15', date: '2026-05-01', outcome: 'failure', failure_mode: 'latency', tags: ['serving', 'gpu'], applies: ['L-10'], related: ['PM-12'] },
    'Quantization', 'Pruning', 'Throughput', 'Kernel',
  ),
  'experiments/f6.md': experiment(
    { id: 'EXP-16', date: '2026-06-01', outcome: 'failure', failure_mode: 'latency', tags: ['nlp'] },
    'Tokenizer', 'Vocabulary', 'Unicode', 'Normalization',
  ),
  // Not a failure: the same words as EXP-10, never grouped or returned as a related failure.
  'experiments/s.md': experiment(
    { id: 'EXP-14', date: '2026-04-15', outcome: 'success', failure_mode: 'latency', tags: ['serving', 'gpu'] },
    'Quantization', 'Pruning', 'Throughput', 'Kernel',
  ),
};

/**
 * A seeded generator of journals and of edits to them, for the incremental = rebuild test. Notes are
 * kept as models and rendered to Markdown, so an edit changes one fact (an id, a lesson, a link) and
 * the test can compare the incrementally updated index with a fresh build of the same files.
 */

/** mulberry32: a small, well-distributed seeded generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(items: readonly T[], max: number): T[] {
    const out = new Set<T>();
    const n = this.int(max + 1);
    for (let i = 0; i < n; i++) out.add(this.pick(items));
    return [...out];
  }
}

export interface NoteModel {
  id: string | undefined;
  type: 'experiment' | 'postmortem';
  date: string | undefined;
  outcome: string;
  failureMode: string | undefined;
  tags: string[];
  lessons: string[];
  applies: string[];
  related: string[];
  wikiRefs: string[];
  links: string[];
  words: string[];
  actionItems: { done: boolean; due: string | undefined }[];
  resolved: string | undefined;
}

const WORDS = [
  'cold', 'start', 'latency', 'embedding', 'drift', 'leakage', 'label', 'noise', 'gpu', 'memory', 'quota', 'feature', 'pipeline',
  'validation', 'distribution', 'ranking', 'query', 'session', 'churn', 'anomaly', 'spot', 'preemption', 'checkpoint', 'schema',
];
const TAGS = ['recsys', 'search', 'infra', 'data', 'nlp', 'vision', 'pricing'];
const MODES = ['cold-start', 'latency', 'data-quality', 'infrastructure', 'overfitting'];
const HEADINGS = ['hypothesis', 'approach', 'root-cause', 'what-happened', 'missing-heading'];

export const ID_POOL = Array.from({ length: 50 }, (_, i) => (i % 2 ? `EXP-${i}` : `PM-${i}`));
export const LESSON_POOL = Array.from({ length: 70 }, (_, i) => `L-${String(i).padStart(4, '0')}`);

export function pathFor(type: NoteModel['type'], n: number): string {
  return type === 'experiment' ? (n % 3 === 0 ? `experiments/deep/e${n}.md` : `experiments/e${n}.md`) : `postmortems/p${n}.md`;
}

function date(r: Random): string | undefined {
  if (r.chance(0.08)) return undefined;
  return `2026-${String(1 + r.int(9)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
}

export function randomNote(r: Random, paths: () => string[]): NoteModel {
  const type = r.chance(0.65) ? 'experiment' : 'postmortem';
  return {
    id: r.chance(0.95) ? r.pick(ID_POOL) : undefined,
    type,
    date: date(r),
    outcome: r.pick(['failure', 'failure', 'success', 'partial']),
    failureMode: r.chance(0.7) ? r.pick(MODES) : undefined,
    tags: r.some(TAGS, 2),
    lessons: r.some(LESSON_POOL, 2),
    applies: r.some(LESSON_POOL, 2),
    related: r.some(ID_POOL, 2),
    wikiRefs: r.some([...ID_POOL.slice(0, 10), ...LESSON_POOL.slice(0, 10)], 2),
    links: randomLinks(r, paths()),
    words: Array.from({ length: 4 + r.int(6) }, () => r.pick(WORDS)),
    actionItems: Array.from({ length: r.int(3) }, () => ({ done: r.chance(0.3), due: r.chance(0.6) ? date(r) : undefined })),
    resolved: type === 'postmortem' && r.chance(0.5) ? date(r) : undefined,
  };
}

export function randomLinks(r: Random, paths: string[]): string[] {
  const out: string[] = [];
  const n = r.int(3);
  for (let i = 0; i < n; i++) {
    const target = r.chance(0.8) && paths.length ? r.pick(paths) : `experiments/gone${r.int(5)}.md`;
    out.push(r.chance(0.4) ? `${target}#${r.pick(HEADINGS)}` : target);
  }
  if (r.chance(0.15)) out.push(`#${r.pick(HEADINGS)}`);
  return out;
}

/** A workspace-relative target written relative to the note's folder, as a person would. */
export function relativeLink(from: string, target: string): string {
  if (target.startsWith('#')) return target;
  const fromDir = from.split('/').slice(0, -1);
  const to = target.split('/');
  let common = 0;
  while (common < fromDir.length && common < to.length - 1 && fromDir[common] === to[common]) common++;
  return [...Array(fromDir.length - common).fill('..'), ...to.slice(common)].join('/');
}

export function renderNote(path: string, m: NoteModel): string {
  const fm: string[] = ['---'];
  if (m.id) fm.push(`id: ${m.id}`);
  fm.push(`type: ${m.type}`, `title: ${m.words.slice(0, 3).join(' ')}`);
  if (m.date) fm.push(`date: ${m.date}`);
  if (m.type === 'experiment') {
    fm.push('status: completed', `outcome: ${m.outcome}`);
  } else {
    fm.push(m.resolved ? `status: resolved\nresolved: ${m.resolved}` : 'status: open');
  }
  if (m.failureMode) fm.push(`failure_mode: ${m.failureMode}`);
  if (m.tags.length) fm.push(`tags: [${m.tags.join(', ')}]`);
  if (m.applies.length) fm.push(`applies: [${m.applies.join(', ')}]`);
  if (m.related.length) fm.push(m.type === 'postmortem' ? `experiments: [${m.related.join(', ')}]` : `related: [${m.related.join(', ')}]`);
  fm.push('---', '');
  const text = m.words.join(' ');
  const refs = m.wikiRefs.map((x) => `[[${x}]]`).join(' ');
  const links = m.links.map((l, i) => `[link ${i}](${relativeLink(path, l)})`).join(' ');
  const items = m.actionItems.map((a, i) => `- [${a.done ? 'x' : ' '}] Item ${i} @ana${a.due ? ` due: ${a.due}` : ''}`).join('\n');
  const lessons = m.lessons.map((l) => `- [${l}] Remember ${text}`).join('\n');
  const body =
    m.type === 'experiment'
      ? `# ${text}\n\n## Hypothesis\n\n${text} ${refs}\n\n## Approach\n\n${text} ${links}\n\n## Results\n\nNumbers.\n\n## Outcome\n\n${m.outcome} because ${text}\n\n## Lessons Learned\n\n${lessons}\n\n## Next Steps\n\n${items || '- more'}\n`
      : `# ${text}\n\n## What Happened\n\n${text} ${refs}\n\n## Root Cause\n\n${text} ${links}\n\n## What Went Well\n\nRollback.\n\n## Action Items\n\n${items || '- [ ] Follow up @bo'}\n\n## Lessons for Team\n\n${lessons}\n`;
  return fm.join('\n') + body;
}

/**
 * Deterministic benchmark corpus: experiment notes and blameless post-mortems (about 70/30) with
 * lessons, applications of earlier lessons, references, action items, metrics tables and code, and
 * about 10 % broken notes. The same (count, seed, CORPUS_VERSION) always gives byte-identical files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_CONFIG } from '../src/core/config';

/** Bump when the generator's output changes, so cached corpora on disk are regenerated. */
export const CORPUS_VERSION = 3;

export interface GeneratedNote {
  /** Workspace-relative path, forward slashes. */
  path: string;
  text: string;
  type: 'experiment' | 'postmortem';
  id: string;
  /** Which kind of breakage was injected, if any. */
  broken: string | undefined;
}

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    sample: (items, n) => {
      const copy = [...items];
      const out: (typeof items)[number][] = [];
      while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
      return out;
    },
  };
}

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  sample<T>(items: readonly T[], n: number): T[];
}

const MODES = DEFAULT_CONFIG.failureModes.filter((m) => m !== 'other');

/** Terms per failure mode, so notes with the same mode share vocabulary (signal for similarity search). */
const MODE_TERMS: Record<string, string[]> = {
  'data-quality': ['duplicate rows', 'label noise', 'missing values', 'schema drift', 'corrupted shards', 'null features', 'annotation errors'],
  overfitting: ['validation gap', 'memorised training set', 'too many parameters', 'weak regularisation', 'dropout disabled', 'small dataset'],
  underfitting: ['high bias', 'too shallow network', 'learning rate too low', 'early stopping too aggressive', 'feature starvation'],
  infrastructure: ['GPU node preemption', 'NCCL timeout', 'disk quota', 'container image drift', 'scheduler backlog', 'flaky object store'],
  performance: ['slow data loader', 'CPU bottleneck', 'memory bandwidth', 'unfused kernels', 'small batch size', 'host-device copies'],
  latency: ['p99 latency', 'tail latency', 'cold cache', 'serialization overhead', 'synchronous feature lookups', 'network hops'],
  'cold-start': ['new users', 'sparse interactions', 'popularity fallback', 'empty embeddings', 'first session', 'item cold start'],
  'data-leakage': ['target leakage', 'future timestamps', 'train/test overlap', 'leaky aggregates', 'label in features', 'time travel join'],
  'distribution-shift': ['seasonal drift', 'covariate shift', 'new market', 'holiday traffic', 'population change', 'stale reference window'],
  'training-divergence': ['exploding gradients', 'NaN loss', 'warmup too short', 'mixed precision overflow', 'loss spikes', 'bad initialisation'],
  evaluation: ['offline/online mismatch', 'wrong baseline', 'metric bug', 'leaky validation split', 'cherry-picked seed', 'unstable AUC'],
  scalability: ['sharding limits', 'embedding table size', 'parameter server load', 'quadratic attention', 'index rebuild time'],
  cost: ['GPU hours', 'inference spend', 'oversized cluster', 'idle reservations', 'egress charges', 'retraining cadence'],
  integration: ['feature pipeline contract', 'API version mismatch', 'serving skew', 'tokenizer mismatch', 'missing feature flag', 'stale model registry'],
};

const GENERIC = [
  'transformer', 'gradient boosting', 'embedding', 'feature store', 'recommendation model', 'ranking model', 'baseline', 'ablation',
  'learning rate', 'batch size', 'hyperparameter sweep', 'validation set', 'holdout', 'A/B test', 'click-through rate', 'precision',
  'recall', 'calibration', 'inference service', 'training pipeline', 'checkpoint', 'tokenizer', 'fine-tuning', 'distillation',
  'contrastive loss', 'negative sampling', 'retrieval', 'reranker', 'cohort', 'dashboard', 'canary', 'rollback', 'monitoring',
];
const VERBS = ['increased', 'reduced', 'masked', 'exposed', 'amplified', 'hid', 'caused', 'delayed', 'skewed', 'stabilised', 'broke', 'revealed'];
const OPENERS = ['We expected that', 'The data suggests that', 'Our working theory was that', 'In the first run', 'After the sweep', 'During the rollout', 'Compared with the baseline', 'On the holdout set'];
const OWNERS = ['alice', 'bob', 'chen', 'dana', 'eve', 'farid', 'grace', 'hiro', 'ines', 'jon', 'kai', 'lena'];
const TAGS = ['recsys', 'nlp', 'vision', 'ranking', 'search', 'ads', 'fraud', 'forecasting', 'llm', 'embeddings', 'features', 'serving', 'training', 'evaluation', 'data'];
const METRICS = ['auc', 'ndcg_at_10', 'precision', 'recall', 'ctr', 'latency_p95_ms', 'loss', 'f1', 'mrr', 'cost_usd'];
const LANGS = ['python', 'yaml', 'bash', 'sql', ''];
const PLACEHOLDERS = ['TBD', 'TODO', 'N/A', '...', 'fill me in'];

interface Planned {
  index: number;
  type: 'experiment' | 'postmortem';
  id: string;
  date: string;
  year: number;
  mode: string;
  path: string;
  lessons: string[];
}

function isoDate(day: number): string {
  return new Date(Date.UTC(2023, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function relativePath(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

/** Generates the whole corpus in memory. */
export function generateCorpus(count: number, seed = 1): GeneratedNote[] {
  const rnd = createRandom(seed * 7919 + count);
  const planned: Planned[] = [];
  let lessonCounter = 0;
  const perYear = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const type = rnd.chance(0.7) ? 'experiment' : 'postmortem';
    // Dates rise with the index over three years, with jitter, so "earlier" mostly means "lower index".
    const day = Math.max(0, Math.min(1094, Math.floor((i / Math.max(1, count)) * 1095) + rnd.int(-5, 5)));
    const date = isoDate(day);
    const year = Number(date.slice(0, 4));
    const prefix = type === 'experiment' ? 'EXP' : 'PM';
    const key = `${prefix}-${year}`;
    const n = (perYear.get(key) ?? 0) + 1;
    perYear.set(key, n);
    const id = `${prefix}-${year}-${pad(n, 4)}`;
    const mode = rnd.pick(MODES);
    const lessons: string[] = [];
    const lessonCount = rnd.int(1, 4);
    for (let l = 0; l < lessonCount; l++) lessons.push(`L-${pad(++lessonCounter, 5)}`);
    const slug = rnd.pick(MODE_TERMS[mode]!).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const folder = type === 'experiment' ? 'experiments' : 'postmortems';
    planned.push({ index: i, type, id, date, year, mode, path: `${folder}/${year}/${id}-${slug}.md`, lessons });
  }
  return planned.map((p) => renderNote(p, planned, rnd));
}

function sentence(rnd: Random, mode: string): string {
  const terms = MODE_TERMS[mode]!;
  const a = rnd.chance(0.6) ? rnd.pick(terms) : rnd.pick(GENERIC);
  const b = rnd.chance(0.5) ? rnd.pick(terms) : rnd.pick(GENERIC);
  const c = rnd.pick(GENERIC);
  const forms = [
    () => `${rnd.pick(OPENERS)} the ${a} ${rnd.pick(VERBS)} the ${b} of the ${c}.`,
    () => `The ${a} ${rnd.pick(VERBS)} ${c} quality by ${rnd.int(1, 40)}% compared with the previous ${b}.`,
    () => `We saw ${a} in ${rnd.int(2, 90)} of ${rnd.int(91, 400)} runs, mostly when the ${b} changed.`,
    () => `This ${rnd.pick(VERBS)} our confidence in the ${c}, because ${a} and ${b} interact.`,
    () => `A follow-up check on the ${c} showed the ${a} again after ${rnd.int(2, 14)} days.`,
  ];
  return rnd.pick(forms)();
}

function paragraph(rnd: Random, mode: string, min = 3, max = 5): string {
  const parts: string[] = [];
  const n = rnd.int(min, max);
  for (let i = 0; i < n; i++) parts.push(sentence(rnd, mode));
  // Some paragraphs are wrapped at ~80 columns like hand-written Markdown.
  if (rnd.chance(0.4)) {
    const words = parts.join(' ').split(' ');
    const lines: string[] = [];
    let line = '';
    for (const w of words) {
      if (line && line.length + w.length > 78) {
        lines.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    lines.push(line);
    return lines.join('\n');
  }
  return parts.join(' ');
}

function decorate(rnd: Random, text: string, earlier: Planned[], self: Planned): string {
  let out = text;
  if (rnd.chance(0.3)) out += ` The \`${rnd.pick(['config.yaml', 'train.py', 'lr_schedule', 'eval()', 'batch_size=512'])}\` setting mattered.`;
  if (rnd.chance(0.25)) out += ` This was **${rnd.pick(['not reproducible', 'expected', 'surprising', 'the main effect'])}** in hindsight.`;
  if (earlier.length > 0 && rnd.chance(0.35)) out += ` See [[${rnd.pick(earlier).id}]] for the earlier attempt.`;
  if (earlier.length > 0 && rnd.chance(0.2)) {
    const target = rnd.pick(earlier);
    const anchor = rnd.chance(0.5) ? `#${target.type === 'experiment' ? 'results' : 'root-cause'}` : '';
    out += ` Compare [the ${target.type === 'experiment' ? 'earlier experiment' : 'post-mortem'}](${relativePath(self.path, target.path)}${anchor}).`;
  }
  if (rnd.chance(0.05)) out += ` Details on the [wiki](https://wiki.example.com/ml/${self.id}).`;
  return out;
}

function metricsTable(rnd: Random): string {
  const names = rnd.sample(METRICS, rnd.int(2, 4));
  const rows = names.map((m) => `| ${m} | ${(rnd.next() * 0.5 + 0.4).toFixed(3)} | ${(rnd.next() * 0.5 + 0.4).toFixed(3)} |`);
  return ['| Metric | Baseline | Candidate |', '| --- | ---: | ---: |', ...rows].join('\n');
}

function codeBlock(rnd: Random): string {
  const lang = rnd.pick(LANGS);
  const body = rnd.chance(0.3)
    ? '## not a heading: this line is inside a code block\nlr = 3e-4  # [L-0001] is not a lesson here'
    : lang === 'yaml'
      ? `model:\n  layers: ${rnd.int(2, 48)}\n  dropout: ${(rnd.next() * 0.5).toFixed(2)}`
      : `python train.py --lr ${(rnd.next() / 100).toFixed(5)} --epochs ${rnd.int(1, 50)}`;
  return `\`\`\`${lang}\n${body}\n\`\`\``;
}

function lessonLines(rnd: Random, p: Planned): string {
  return p.lessons
    .map((id) => {
      const terms = MODE_TERMS[p.mode]!;
      let line = `- [${id}] ${rnd.pick(['Always check', 'Guard against', 'Add a test for', 'Monitor', 'Document', 'Budget for'])} ${rnd.pick(terms)} before changing the ${rnd.pick(GENERIC)}.`;
      if (rnd.chance(0.3)) line += `\n  ${sentence(rnd, p.mode)}`;
      return line;
    })
    .join('\n');
}

function actionLines(rnd: Random, p: Planned, plain: boolean): string {
  const n = rnd.int(1, 4);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = Number(new Date(p.date + 'T00:00:00Z').getTime() / 86_400_000) - 19358 + rnd.int(7, 120);
    const due = rnd.chance(0.8) ? ` due: ${isoDate(Math.max(0, day))}` : '';
    const owner = rnd.chance(0.85) ? ` @${rnd.pick(OWNERS)}` : '';
    const box = plain && rnd.chance(0.2) ? '' : rnd.chance(0.4) ? '[x] ' : '[ ] ';
    lines.push(`- ${box}${rnd.pick(['Add', 'Automate', 'Review', 'Write a runbook for', 'Alert on', 'Backfill'])} ${rnd.pick(MODE_TERMS[p.mode]!)} checks${owner}${due}`);
    if (rnd.chance(0.15)) lines.push(`  - [ ] sub-task for the ${rnd.pick(GENERIC)}${owner}`);
  }
  return lines.join('\n');
}

function heading(title: string, level: number, setext: boolean): string {
  if (setext && level <= 2) return `${title}\n${(level === 1 ? '=' : '-').repeat(Math.max(3, title.length))}`;
  return `${'#'.repeat(level)} ${title}`;
}

function renderNote(p: Planned, all: Planned[], rnd: Random): GeneratedNote {
  const earlier = all.slice(Math.max(0, p.index - 400), p.index);
  const earlierLessons = earlier.flatMap((e) => e.lessons);
  const mode = p.mode;
  const title = `${rnd.pick(['Investigating', 'Fixing', 'Reducing', 'Testing', 'Scaling', 'Revisiting'])} ${rnd.pick(MODE_TERMS[mode]!)} in the ${rnd.pick(GENERIC)}`;
  const fm: string[] = ['---', `id: ${p.id}`, `type: ${p.type}`, `title: "${title}"`, `date: ${p.date}`];
  const tags = rnd.sample(TAGS, rnd.int(1, 4));
  let outcome = '';
  if (p.type === 'experiment') {
    const status = rnd.pick(['completed', 'completed', 'completed', 'running', 'abandoned', 'planned'] as const);
    fm.push(`status: ${status}`);
    if (status === 'completed' || status === 'abandoned') {
      outcome = rnd.pick(['failure', 'failure', 'success', 'partial', 'inconclusive']);
      fm.push(`outcome: ${outcome}`);
      fm.push(`duration_days: ${rnd.int(1, 40)}`);
    }
    fm.push(`tags: [${tags.join(', ')}]`);
    if (outcome === 'failure' || outcome === 'partial') fm.push(`failure_mode: ${mode}`);
  } else {
    fm.push(`severity: ${rnd.pick(['low', 'medium', 'high', 'critical'])}`, `failure_mode: ${mode}`);
    fm.push(`impact: "${rnd.int(1, 30)}% of ${rnd.pick(['requests', 'users', 'training jobs'])} affected for ${rnd.int(1, 48)} hours"`);
    fm.push('tags:', ...tags.map((t) => `  - ${t}`));
    const exps = earlier.filter((e) => e.type === 'experiment');
    if (exps.length > 0) fm.push(`experiments: [${rnd.sample(exps, rnd.int(1, 2)).map((e) => e.id).join(', ')}]`);
  }
  const applies = earlierLessons.length > 0 && rnd.chance(0.6) ? rnd.sample(earlierLessons, rnd.int(1, 3)) : [];
  if (applies.length > 0) fm.push('applies:', ...applies.map((a) => `  - ${a}`));
  if (earlier.length > 0 && rnd.chance(0.4)) fm.push(`related: [${rnd.sample(earlier, rnd.int(1, 2)).map((e) => e.id).join(', ')}]`);
  if (p.type === 'postmortem') {
    const resolved = rnd.chance(0.7);
    fm.push(`status: ${resolved ? 'resolved' : 'open'}`);
    if (resolved) fm.push(`resolved: ${isoDate(Math.min(1200, Math.round((new Date(p.date + 'T00:00:00Z').getTime() - Date.UTC(2023, 0, 1)) / 86_400_000) + rnd.int(1, 30)))}`);
  }
  if (p.type === 'experiment' && rnd.chance(0.3)) {
    fm.push('metrics:', ...rnd.sample(METRICS, 2).map((m) => `  ${m}: ${(rnd.next()).toFixed(3)}`));
  }
  fm.push('---');

  const sections: [string, string][] =
    p.type === 'experiment'
      ? [
          ['Hypothesis', decorate(rnd, paragraph(rnd, mode), earlier, p)],
          [rnd.chance(0.1) ? 'Method' : 'Approach', approach(rnd, p, earlier)],
          ['Results', `${metricsTable(rnd)}\n\n${decorate(rnd, paragraph(rnd, mode), earlier, p)}`],
          ['Outcome', `${outcome ? `The experiment ended as a **${outcome}**. ` : ''}${paragraph(rnd, mode, 1, 3)}`],
          ['Lessons Learned', lessonLines(rnd, p)],
          ['Next Steps', actionLines(rnd, p, false)],
        ]
      : [
          ['What Happened', `${decorate(rnd, paragraph(rnd, mode, 3, 5), earlier, p)}\n\n${timeline(rnd, p)}`],
          ['Root Cause', `${paragraph(rnd, mode, 3, 5)}\n\n${rnd.chance(0.4) ? codeBlock(rnd) + '\n\n' : ''}${decorate(rnd, paragraph(rnd, mode), earlier, p)}`],
          ['What Went Well', rnd.chance(0.5) ? `- ${sentence(rnd, mode)}\n- ${sentence(rnd, mode)}` : paragraph(rnd, mode, 1, 2)],
          ['Action Items', actionLines(rnd, p, true)],
          ['Lessons for Team', lessonLines(rnd, p)],
        ];

  let broken: string | undefined;
  if (rnd.chance(0.1)) {
    broken = rnd.pick(['missing-section', 'bad-yaml', 'unclosed-front-matter', 'malformed-lesson', 'placeholder', 'duplicate-id', 'unknown-lesson-ref']);
    switch (broken) {
      case 'missing-section':
        sections.splice(rnd.int(1, sections.length - 1), 1);
        break;
      case 'bad-yaml':
        fm[3] = `title: [unclosed "${title}"`;
        break;
      case 'unclosed-front-matter':
        fm.pop();
        break;
      case 'malformed-lesson': {
        const last = sections.findIndex(([t]) => t.startsWith('Lessons'));
        sections[last]![1] = sections[last]![1].replace(/\[L-0*(\d+)\]/, (_m, n: string) => rnd.pick([`[L ${n}]`, `[l-${n}]`, `[L_${n}]`, `[L${n}]`]));
        break;
      }
      case 'placeholder':
        sections[rnd.int(0, sections.length - 1)]![1] = rnd.pick(PLACEHOLDERS);
        break;
      case 'duplicate-id':
        if (earlier.length > 0) fm[1] = `id: ${rnd.pick(earlier).id}`;
        break;
      case 'unknown-lesson-ref':
        fm.splice(fm.length - 1, 0, 'applies: [L-99999]');
        break;
    }
  }

  const parts: string[] = [fm.join('\n'), ''];
  if (rnd.chance(0.3)) parts.push('<!-- generated from the team template v2; keep the section order -->', '');
  // Some authors write setext headings (underlined) throughout a note.
  const setext = rnd.chance(0.12);
  parts.push(heading(title, 1, setext && rnd.chance(0.5)), '');
  for (const [name, content] of sections) {
    parts.push(heading(name, 2, setext), '', content, '');
    if (rnd.chance(0.05)) parts.push(`<!-- TODO(${rnd.pick(OWNERS)}): expand this section -->`, '');
  }
  let text = parts.join('\n');
  if (rnd.chance(0.1)) text = text.replace(/\n/g, '\r\n');
  return { path: p.path, text, type: p.type, id: p.id, broken };
}

function approach(rnd: Random, p: Planned, earlier: Planned[]): string {
  const out = [decorate(rnd, paragraph(rnd, p.mode), earlier, p), ''];
  if (rnd.chance(0.6)) {
    const steps = rnd.int(2, 5);
    for (let i = 1; i <= steps; i++) out.push(`${i}. ${sentence(rnd, p.mode)}`);
    out.push('');
  }
  if (rnd.chance(0.5)) out.push(codeBlock(rnd), '');
  if (rnd.chance(0.3)) {
    out.push(`### ${rnd.pick(['Setup details', 'Data', 'Model', 'Baseline'])}`, '', paragraph(rnd, p.mode, 1, 2), '');
  }
  out.push(paragraph(rnd, p.mode, 1, 3));
  return out.join('\n');
}

function timeline(rnd: Random, p: Planned): string {
  const n = rnd.int(2, 5);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`- ${pad(rnd.int(0, 23), 2)}:${pad(rnd.int(0, 59), 2)} ${sentence(rnd, p.mode)}`);
  return lines.join('\n');
}

/**
 * Writes the corpus under the OS temp folder and returns the folder. A corpus already written with the
 * same count, seed and CORPUS_VERSION is reused.
 */
export function ensureCorpusOnDisk(count: number, seed = 1): string {
  const root = join(tmpdir(), `experiment-journal-bench-${count}-${seed}`);
  const stamp = join(root, '.corpus-version');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(CORPUS_VERSION)) return root;
  rmSync(root, { recursive: true, force: true });
  for (const note of generateCorpus(count, seed)) {
    const file = join(root, note.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, note.text);
  }
  writeFileSync(stamp, String(CORPUS_VERSION));
  return root;
}

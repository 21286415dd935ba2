import type { JournalAnalyses, LearningMetrics } from '../../core/analyses';
import type { OpenJournal } from '../journal';

/** The stable JSON shape of `report --format json` (documented in docs/cli.md). Lines are 1-based. */
export interface ReportJson {
  version: 1;
  today: string;
  notes: number;
  lessons: {
    documented: number;
    neverApplied: { id: string; text: string; file: string; line: number; noteId: string | null; date: string | null; ageDays: number | null }[];
    applied: { id: string; text: string; file: string; line: number; noteId: string | null; date: string | null; count: number; appliedIn: { file: string; line: number; noteId: string | null; via: 'applies' | 'reference' }[] }[];
  };
  repeatFailures: {
    failures: number;
    repeats: number;
    wastefulRepeats: number;
    groups: {
      failureMode: string | null;
      keyTerms: string[];
      members: {
        file: string;
        noteId: string | null;
        title: string | null;
        date: string | null;
        isRepeat: boolean;
        similarTo: { noteId: string | null; file: string; similarity: number; sameFailureMode: boolean; sharedTerms: { field: string; terms: string[] }[] } | null;
        despite: string[];
      }[];
    }[];
  };
  actionItems: {
    open: number;
    overdue: number;
    notes: { file: string; noteId: string | null; title: string | null; items: { text: string; owner: string | null; due: string | null; overdue: boolean; line: number }[] }[];
  };
  metrics: {
    overall: MetricsJson & { from: string | null; to: string | null };
    months: (MetricsJson & { month: string })[];
  };
}

type MetricsJson = { [K in keyof LearningMetrics]: Exclude<LearningMetrics[K], undefined> | null };

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function metricsJson(m: LearningMetrics): MetricsJson {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(m)) out[k] = v === undefined ? null : v;
  return out as MetricsJson;
}

export function buildReport(journal: OpenJournal, analyses: JournalAnalyses): ReportJson {
  const { index, display } = journal;
  const lessons = analyses.lessons();
  const repeats = analyses.repeats();
  const actions = analyses.actionItems();
  const metrics = analyses.metrics();
  let notes = 0;
  for (const _ of index.notes()) notes++;
  return {
    version: 1,
    today: index.today,
    notes,
    lessons: {
      documented: lessons.neverApplied.length + lessons.applied.length,
      neverApplied: lessons.neverApplied.map((l) => ({ id: l.id, text: l.text, file: display(l.path), line: l.range.start.line + 1, noteId: orNull(l.noteId), date: orNull(l.date), ageDays: orNull(l.ageDays) })),
      applied: lessons.applied.map((l) => ({
        id: l.id,
        text: l.text,
        file: display(l.path),
        line: l.range.start.line + 1,
        noteId: orNull(l.noteId),
        date: orNull(l.date),
        count: new Set(l.applications.map((a) => a.path)).size,
        appliedIn: l.applications.map((a) => ({ file: display(a.path), line: a.range.start.line + 1, noteId: orNull(a.noteId), via: a.via })),
      })),
    },
    repeatFailures: {
      failures: repeats.failures,
      repeats: repeats.repeats,
      wastefulRepeats: repeats.wastefulRepeats,
      groups: repeats.groups.map((g) => ({
        failureMode: orNull(g.failureMode),
        keyTerms: g.keyTerms,
        members: g.members.map((m) => ({
          file: display(m.path),
          noteId: orNull(m.noteId),
          title: orNull(m.title),
          date: orNull(m.date),
          isRepeat: m.isRepeat,
          similarTo: m.similarTo
            ? { noteId: orNull(m.similarTo.noteId), file: display(m.similarTo.path), similarity: m.similarTo.similarity, sameFailureMode: m.similarTo.sameFailureMode, sharedTerms: m.similarTo.shared }
            : null,
          despite: m.despite,
        })),
      })),
    },
    actionItems: {
      open: actions.reduce((s, g) => s + g.items.length, 0),
      overdue: actions.reduce((s, g) => s + g.items.filter((i) => i.overdue).length, 0),
      notes: actions.map((g) => ({
        file: display(g.path),
        noteId: orNull(g.noteId),
        title: orNull(g.noteTitle),
        items: g.items.map((i) => ({ text: i.text, owner: orNull(i.owner), due: orNull(i.due), overdue: i.overdue, line: i.range.start.line + 1 })),
      })),
    },
    metrics: {
      overall: { ...metricsJson(metrics.overall), from: orNull(metrics.overall.from), to: orNull(metrics.overall.to) },
      months: metrics.months.map((m) => ({ ...metricsJson(m), month: m.month })),
    },
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

export function formatReportText(r: ReportJson, options: { color: boolean }): string {
  const bold = (s: string) => (options.color ? `\x1b[1m${s}\x1b[22m` : s);
  const yellow = (s: string) => (options.color ? `\x1b[33m${s}\x1b[39m` : s);
  const dim = (s: string) => (options.color ? `\x1b[2m${s}\x1b[22m` : s);
  const out: string[] = [];
  out.push(bold(`Experiment Journal report — ${r.notes} notes, as of ${r.today}`), '');

  out.push(bold(`Lessons never applied (${r.lessons.neverApplied.length} of ${r.lessons.documented})`));
  if (r.lessons.neverApplied.length === 0) out.push('  none: every lesson has been applied at least once');
  for (const l of r.lessons.neverApplied) {
    out.push(`  ${yellow(l.id)}  ${l.text}`);
    out.push(dim(`      ${l.file}:${l.line}${l.ageDays !== null ? `  (${l.ageDays} days old)` : '  (undated note)'}`));
  }
  out.push('');
  out.push(bold(`Lessons applied (${r.lessons.applied.length})`));
  for (const l of r.lessons.applied) out.push(`  ${l.id}  applied ${l.count}× in ${l.appliedIn.map((a) => a.noteId ?? a.file).filter((v, i, a) => a.indexOf(v) === i).join(', ')}`);
  out.push('');

  out.push(bold(`Repeat failures (${r.repeatFailures.repeats} repeats of ${r.repeatFailures.failures} failures, ${r.repeatFailures.wastefulRepeats} wasteful)`));
  if (r.repeatFailures.groups.length === 0) out.push('  none');
  for (const g of r.repeatFailures.groups) {
    out.push(`  ${g.failureMode ?? 'no failure mode'}${g.keyTerms.length ? ` — ${g.keyTerms.join(', ')}` : ''}`);
    for (const m of g.members) {
      const tag = m.isRepeat ? (m.despite.length ? yellow(`repeated despite ${m.despite.join(', ')}`) : 'repeat') : 'first';
      out.push(`    ${m.date ?? '????-??-??'}  ${m.noteId ?? '(no id)'}  ${m.title ?? ''}  — ${tag}`);
      if (m.similarTo) {
        const why = m.similarTo.sharedTerms.map((s) => `${s.field}: ${s.terms.join(', ')}`).join('; ');
        out.push(dim(`        like ${m.similarTo.noteId ?? m.similarTo.file} (similarity ${m.similarTo.similarity.toFixed(2)}${m.similarTo.sameFailureMode ? ', same failure mode' : ''})${why ? ` — ${why}` : ''}`));
      }
    }
  }
  out.push('');

  out.push(bold(`Open action items (${r.actionItems.open}, ${r.actionItems.overdue} overdue)`));
  for (const n of r.actionItems.notes) {
    out.push(`  ${n.noteId ?? n.file}  ${n.title ?? ''}`);
    for (const i of n.items) {
      const due = i.due ? (i.overdue ? yellow(`OVERDUE since ${i.due}`) : `due ${i.due}`) : 'no due date';
      out.push(`    [ ] ${i.text}  ${dim(`(${i.owner ? `@${i.owner}` : 'no owner'}, ${due}) ${n.file}:${i.line}`)}`);
    }
  }
  out.push('');

  const m = r.metrics.overall;
  out.push(bold(`Learning metrics${m.from ? ` (${m.from} → ${m.to})` : ''}`));
  out.push(`  experiment velocity      ${num(m.experimentVelocity)} / week (${m.experiments} experiments)`);
  out.push(`  lesson application rate  ${pct(m.lessonApplicationRate)} (${m.lessonsApplied} of ${m.lessonsDocumented})`);
  out.push(`  repeat failure rate      ${pct(m.repeatFailureRate)} (${m.repeatedFailures} of ${m.failures})`);
  out.push(`  innovation index         ${pct(m.innovationIndex)} (${m.novelExperiments} novel)`);
  out.push(`  failure recovery time    ${m.failureRecoveryDays === null ? '—' : `${num(m.failureRecoveryDays, 1)} days`}`);
  out.push(`  learning efficiency      ${num(m.learningEfficiencyScore)}`);
  if (r.metrics.months.length) {
    out.push('', `  ${'month'.padEnd(8)} ${'exp/wk'.padStart(7)} ${'applied'.padStart(8)} ${'repeat'.padStart(7)} ${'novel'.padStart(6)} ${'score'.padStart(6)}`);
    for (const mo of r.metrics.months) {
      out.push(`  ${mo.month.padEnd(8)} ${num(mo.experimentVelocity).padStart(7)} ${pct(mo.lessonApplicationRate).padStart(8)} ${pct(mo.repeatFailureRate).padStart(7)} ${pct(mo.innovationIndex).padStart(6)} ${num(mo.learningEfficiencyScore).padStart(6)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatReportMarkdown(r: ReportJson): string {
  const out: string[] = [`# Experiment Journal report`, '', `${r.notes} notes, as of ${r.today}.`, ''];
  out.push(`## Lessons never applied (${r.lessons.neverApplied.length} of ${r.lessons.documented})`, '');
  if (r.lessons.neverApplied.length === 0) out.push('Every lesson has been applied at least once.');
  else {
    out.push('| Lesson | Text | Note | Age (days) |', '| --- | --- | --- | ---: |');
    for (const l of r.lessons.neverApplied) out.push(`| \`${l.id}\` | ${cell(l.text)} | [${cell(l.noteId ?? l.file)}](${l.file}#L${l.line}) | ${l.ageDays ?? '—'} |`);
  }
  out.push('', `## Repeat failures (${r.repeatFailures.repeats} repeats, ${r.repeatFailures.wastefulRepeats} wasteful)`, '');
  if (r.repeatFailures.groups.length === 0) out.push('No failure has repeated.');
  for (const g of r.repeatFailures.groups) {
    out.push(`### ${cell(g.failureMode ?? 'no failure mode')}${g.keyTerms.length ? ` — ${g.keyTerms.join(', ')}` : ''}`, '');
    out.push('| Date | Note | Title | | Similar to |', '| --- | --- | --- | --- | --- |');
    for (const m of g.members) {
      const tag = m.isRepeat ? (m.despite.length ? `**repeated despite ${m.despite.join(', ')}**` : 'repeat') : 'first';
      const like = m.similarTo ? `${m.similarTo.noteId ?? m.similarTo.file} (${m.similarTo.similarity.toFixed(2)})` : '';
      out.push(`| ${m.date ?? '—'} | [${cell(m.noteId ?? m.file)}](${m.file}) | ${cell(m.title ?? '')} | ${tag} | ${like} |`);
    }
    out.push('');
  }
  out.push(`## Open action items (${r.actionItems.open}, ${r.actionItems.overdue} overdue)`, '');
  for (const n of r.actionItems.notes) {
    for (const i of n.items) out.push(`- [ ] ${cell(i.text)} — ${i.owner ? `@${i.owner}` : 'no owner'}, ${i.due ? (i.overdue ? `**overdue since ${i.due}**` : `due ${i.due}`) : 'no due date'} ([${cell(n.noteId ?? n.file)}](${n.file}#L${i.line}))`);
  }
  const m = r.metrics.overall;
  out.push('', '## Learning metrics', '', '| Metric | Value |', '| --- | ---: |');
  out.push(`| Experiment velocity (per week) | ${num(m.experimentVelocity)} |`);
  out.push(`| Lesson application rate | ${pct(m.lessonApplicationRate)} |`);
  out.push(`| Repeat failure rate | ${pct(m.repeatFailureRate)} |`);
  out.push(`| Innovation index | ${pct(m.innovationIndex)} |`);
  out.push(`| Failure recovery time (days) | ${m.failureRecoveryDays === null ? '—' : num(m.failureRecoveryDays, 1)} |`);
  out.push(`| Learning efficiency score | ${num(m.learningEfficiencyScore)} |`);
  if (r.metrics.months.length) {
    out.push('', '| Month | Experiments/week | Applied | Repeat | Novel | Score |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const mo of r.metrics.months) out.push(`| ${mo.month} | ${num(mo.experimentVelocity)} | ${pct(mo.lessonApplicationRate)} | ${pct(mo.repeatFailureRate)} | ${pct(mo.innovationIndex)} | ${num(mo.learningEfficiencyScore)} |`);
  }
  return `${out.join('\n')}\n`;
}

import type { JournalIndex } from '../index/journalIndex';
import { lessonReport } from './lessons';
import { daysBetween, tagsOf } from './noteText';
import { repeatFailures, type RepeatReport } from './repeatFailures';

/** The seed's LearningMetrics, for the whole journal or one month. Rates are 0..1; undefined when there is nothing to measure. */
export interface LearningMetrics {
  experiments: number;
  /** Experiments per week over the period. */
  experimentVelocity: number;
  lessonsDocumented: number;
  lessonsApplied: number;
  /** applied / documented. */
  lessonApplicationRate: number | undefined;
  failures: number;
  repeatedFailures: number;
  /** repeats / failures. */
  repeatFailureRate: number | undefined;
  novelExperiments: number;
  /** novel / experiments; an experiment is novel when it uses a tag no experiment of an earlier date used. */
  innovationIndex: number | undefined;
  /** Mean days from a post-mortem's date to its `resolved` date, over resolved post-mortems. */
  failureRecoveryDays: number | undefined;
  /** 0.3·application + 0.3·(1 − repeat) + 0.2·innovation + 0.2·min(velocity/10, 1); missing rates count as 0. */
  learningEfficiencyScore: number;
}

export interface MetricsReport {
  overall: LearningMetrics & { from: string | undefined; to: string | undefined };
  /** Per calendar month (YYYY-MM) that has any dated experiment, post-mortem or lesson. */
  months: (LearningMetrics & { month: string })[];
}

export const EFFICIENCY_WEIGHTS = { application: 0.3, repeat: 0.3, innovation: 0.2, velocity: 0.2, velocityCap: 10 };

interface Facts {
  experiments: { date: string; novel: boolean }[];
  lessons: { date: string | undefined; applied: boolean }[];
  failures: { date: string | undefined; repeat: boolean }[];
  recoveries: { date: string; days: number }[];
}

function collect(index: JournalIndex, repeats: RepeatReport): Facts {
  const experiments: { date: string; tags: string[] }[] = [];
  const recoveries: Facts['recoveries'] = [];
  for (const [, note] of index.notes()) {
    if (note.type === 'experiment' && note.date) experiments.push({ date: note.date, tags: tagsOf(note) });
    if (note.type === 'postmortem' && note.date && note.data.status === 'resolved' && typeof note.data.resolved === 'string') {
      const days = daysBetween(note.date, note.data.resolved);
      if (Number.isFinite(days) && days >= 0) recoveries.push({ date: note.date, days });
    }
  }
  experiments.sort((a, b) => a.date.localeCompare(b.date));
  // Tags count as seen from the day after they were first used: two experiments of one day that both
  // introduce a tag are both novel, and the result never depends on the order the notes were indexed.
  const seenTags = new Set<string>();
  const exps: Facts['experiments'] = [];
  for (let i = 0; i < experiments.length; ) {
    const day = experiments[i]!.date;
    const sameDay = [];
    for (; i < experiments.length && experiments[i]!.date === day; i++) sameDay.push(experiments[i]!);
    for (const e of sameDay) exps.push({ date: e.date, novel: e.tags.some((t) => !seenTags.has(t)) });
    for (const e of sameDay) for (const t of e.tags) seenTags.add(t);
  }
  const lr = lessonReport(index);
  const lessons = [...lr.neverApplied.map((l) => ({ date: l.date, applied: false })), ...lr.applied.map((l) => ({ date: l.date, applied: true }))];
  const failures: Facts['failures'] = [];
  const inGroups = new Map<string, boolean>();
  for (const g of repeats.groups) for (const m of g.members) inGroups.set(m.path, m.isRepeat);
  for (const [path, note] of index.notes()) {
    if ((note.type === 'experiment' && note.data.outcome === 'failure') || note.type === 'postmortem') {
      failures.push({ date: note.date, repeat: inGroups.get(path) ?? false });
    }
  }
  return { experiments: exps, lessons, failures, recoveries };
}

function compute(f: Facts, weeks: number): LearningMetrics {
  const experiments = f.experiments.length;
  const experimentVelocity = weeks > 0 ? experiments / weeks : 0;
  const lessonsDocumented = f.lessons.length;
  const lessonsApplied = f.lessons.filter((l) => l.applied).length;
  const failures = f.failures.length;
  const repeatedFailures = f.failures.filter((x) => x.repeat).length;
  const novelExperiments = f.experiments.filter((e) => e.novel).length;
  const lessonApplicationRate = lessonsDocumented > 0 ? lessonsApplied / lessonsDocumented : undefined;
  const repeatFailureRate = failures > 0 ? repeatedFailures / failures : undefined;
  const innovationIndex = experiments > 0 ? novelExperiments / experiments : undefined;
  const w = EFFICIENCY_WEIGHTS;
  const score =
    (lessonApplicationRate ?? 0) * w.application +
    (1 - (repeatFailureRate ?? 0)) * w.repeat +
    (innovationIndex ?? 0) * w.innovation +
    Math.min(experimentVelocity / w.velocityCap, 1) * w.velocity;
  return {
    experiments,
    experimentVelocity: round(experimentVelocity),
    lessonsDocumented,
    lessonsApplied,
    lessonApplicationRate: roundOpt(lessonApplicationRate),
    failures,
    repeatedFailures,
    repeatFailureRate: roundOpt(repeatFailureRate),
    novelExperiments,
    innovationIndex: roundOpt(innovationIndex),
    failureRecoveryDays: f.recoveries.length ? round(f.recoveries.reduce((s, r) => s + r.days, 0) / f.recoveries.length) : undefined,
    learningEfficiencyScore: round(score),
  };
}

/**
 * Learning metrics over the whole journal and per month. Velocity is experiments per week over the span
 * from the first to the last dated experiment (at least one week); per month, over the month's weeks.
 */
export function learningMetrics(index: JournalIndex, repeats: RepeatReport = repeatFailures(index)): MetricsReport {
  const facts = collect(index, repeats);
  const dates = facts.experiments.map((e) => e.date);
  const from = dates[0];
  const to = dates[dates.length - 1];
  const spanWeeks = from && to ? Math.max(1, (daysBetween(from, to) + 1) / 7) : 0;
  const overall = { ...compute(facts, spanWeeks), from, to };

  const monthsSet = new Set<string>();
  const month = (d: string | undefined) => d?.slice(0, 7);
  for (const e of facts.experiments) monthsSet.add(month(e.date)!);
  for (const l of facts.lessons) if (l.date) monthsSet.add(month(l.date)!);
  for (const x of facts.failures) if (x.date) monthsSet.add(month(x.date)!);
  const months = [...monthsSet].sort().map((m) => {
    const [y, mo] = m.split('-').map(Number) as [number, number];
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const slice: Facts = {
      experiments: facts.experiments.filter((e) => month(e.date) === m),
      lessons: facts.lessons.filter((l) => month(l.date) === m),
      failures: facts.failures.filter((x) => month(x.date) === m),
      recoveries: facts.recoveries.filter((r) => month(r.date) === m),
    };
    return { month: m, ...compute(slice, days / 7) };
  });
  return { overall, months };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function roundOpt(x: number | undefined): number | undefined {
  return x === undefined ? undefined : round(x);
}

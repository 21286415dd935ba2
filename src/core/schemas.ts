import { z } from 'zod';

/** Note ids: a letter, then letters, digits, `.`, `_` or `-` (e.g. `EXP-2026-014`, `PM-2026-1204-K3X9`). */
export const NOTE_ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;
export const LESSON_ID_STRICT = /^L-[A-Za-z0-9-]*[A-Za-z0-9]$/;

const isoDate = z
  .union([z.string(), z.date()])
  .refine((v) => (v instanceof Date ? !Number.isNaN(v.getTime()) : isValidIsoDate(v)), {
    message: 'expected a date written YYYY-MM-DD',
  });

export function isValidIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const noteId = z.string().regex(NOTE_ID, 'a note id starts with a letter and holds only letters, digits, ".", "_" and "-"');
const lessonId = z.string().regex(LESSON_ID_STRICT, 'a lesson id is "L-" followed by letters, digits or hyphens, e.g. L-0042');
const idList = (item: z.ZodType) => z.array(item);

export const EXPERIMENT_STATUS = ['planned', 'running', 'completed', 'abandoned'] as const;
export const EXPERIMENT_OUTCOME = ['success', 'failure', 'partial', 'inconclusive'] as const;
export const POSTMORTEM_STATUS = ['open', 'resolved'] as const;
export const SEVERITY = ['low', 'medium', 'high', 'critical'] as const;

const base = {
  id: noteId,
  type: z.string(),
  title: z.string().trim().min(1, 'the title must not be empty'),
  date: isoDate,
  tags: z.array(z.string()).optional(),
  related: idList(noteId).optional(),
  applies: idList(lessonId).optional(),
};

/** Metric values are numbers; NaN and Infinity are reported by their own rule, not here. */
const metricValue = z.custom<number>((v) => typeof v === 'number', { message: 'a metric value must be a number' });

export const experimentSchema = z
  .object({
    ...base,
    status: z.enum(EXPERIMENT_STATUS),
    outcome: z.enum(EXPERIMENT_OUTCOME).optional(),
    duration_days: z.number().nonnegative('duration_days cannot be negative').optional(),
    failure_mode: z.string().optional(),
    metrics: z.record(z.string(), metricValue).optional(),
  })
  .passthrough();

export const postmortemSchema = z
  .object({
    ...base,
    severity: z.enum(SEVERITY).optional(),
    failure_mode: z.string().optional(),
    impact: z.string().optional(),
    experiments: idList(noteId).optional(),
    status: z.enum(POSTMORTEM_STATUS),
    resolved: isoDate.optional(),
  })
  .passthrough()
  .refine((v) => v.status !== 'resolved' || v.resolved !== undefined, {
    path: ['status'],
    message: 'a resolved post-mortem needs a `resolved: YYYY-MM-DD` date',
    // Checked even when other fields have problems, so that every problem shows at once.
    when: (payload) => isRecord(payload.value) && payload.value.status === 'resolved',
  });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Note types a team adds in its configuration get the fields every note has. */
export const genericNoteSchema = z.object(base).passthrough();

export function schemaForType(type: string): z.ZodType {
  if (type === 'experiment') return experimentSchema;
  if (type === 'postmortem') return postmortemSchema;
  return genericNoteSchema;
}

/** Front-matter keys of each built-in type, in the order the templates write them. */
export const FIELD_ORDER: Record<string, string[]> = {
  experiment: ['id', 'type', 'title', 'date', 'status', 'outcome', 'duration_days', 'tags', 'failure_mode', 'applies', 'related', 'metrics'],
  postmortem: ['id', 'type', 'title', 'date', 'tags', 'severity', 'failure_mode', 'impact', 'experiments', 'related', 'applies', 'status', 'resolved'],
};

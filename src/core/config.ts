import { z } from 'zod';
import type { SeveritySetting } from './diagnostics';

/**
 * The one settings schema. The workspace file (`.experiment-journal.json` / `.yaml`) and the VS Code
 * settings (`experimentJournal.*`) are both validated by it.
 */
const severitySetting = z.enum(['off', 'info', 'warning', 'error']);

const noteTypeSchema = z.object({
  requiredSections: z.array(z.string().min(1)).describe('Section headings every note of this type must have, in canonical order.'),
  aliases: z
    .record(z.string(), z.array(z.string().min(1)))
    .default({})
    .describe('Other headings accepted for a required section, keyed by the canonical name.'),
  idPrefix: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/).optional().describe('Prefix of generated note ids (EXP, PM, …).'),
  folder: z.string().optional().describe('Folder new notes of this type are created in, relative to the workspace root.'),
  lessonsSection: z.string().optional().describe('The required section that holds lessons.'),
  actionItemsSection: z.string().optional().describe('The required section that holds action items.'),
});
export type NoteTypeConfig = z.infer<typeof noteTypeSchema>;

const blamingPhraseSchema = z.union([
  z.string().min(1),
  z.object({ phrase: z.string().min(1), suggestion: z.string().min(1) }),
]);

export const configShape = {
  noteTypes: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'note type names are lowercase words joined by hyphens'), noteTypeSchema)
    .describe('Note types and their required sections. Entries are merged over the built-in experiment and postmortem types.'),
  folders: z
    .record(z.string(), z.array(z.string().min(1)))
    .describe('Glob patterns (relative to the workspace root) whose Markdown files are notes of the given type even without a `type` field.'),
  exclude: z.array(z.string().min(1)).describe('Glob patterns of files that are never read as notes.'),
  rules: z.record(z.string(), severitySetting).describe('Severity per rule code: off, info, warning or error.'),
  blamingPhrases: z
    .array(blamingPhraseSchema)
    .describe('Phrases the blameless-language rule flags in post-mortems; a phrase may use `*` for one word. Optionally with a suggested neutral wording.'),
  placeholders: z.array(z.string().min(1)).describe('Section contents treated as placeholders (matched case-insensitively on the whole trimmed text).'),
  failureModes: z.array(z.string().min(1)).describe('The failure-mode taxonomy: allowed values of `failure_mode`.'),
  maxFileSize: z.number().int().positive().describe('Files larger than this many bytes are skipped with a message.'),
} as const;

export const configSchema = z.object(configShape);
export type JournalConfig = z.infer<typeof configSchema>;
export type ConfigKey = keyof typeof configShape;

export const DEFAULT_BLAMING_PHRASES: { phrase: string; suggestion: string }[] = [
  { phrase: "*'s fault", suggestion: 'describe what in the process or system allowed this to happen' },
  { phrase: 'should have known', suggestion: 'the information was not available or visible at the time' },
  { phrase: 'should have caught', suggestion: 'our checks did not catch' },
  { phrase: 'careless', suggestion: 'describe the missing safeguard' },
  { phrase: 'carelessly', suggestion: 'describe the missing safeguard' },
  { phrase: 'human error', suggestion: 'name the process or tooling gap that made the mistake possible' },
  { phrase: 'negligent', suggestion: 'describe the missing safeguard' },
  { phrase: 'negligence', suggestion: 'describe the missing safeguard' },
  { phrase: 'incompetent', suggestion: 'describe the knowledge or tooling gap' },
  { phrase: 'dropped the ball', suggestion: 'the hand-off had no owner' },
  { phrase: 'screwed up', suggestion: 'describe what happened, step by step' },
  { phrase: 'lazy', suggestion: 'describe the missing safeguard' },
  { phrase: 'blame', suggestion: 'focus on contributing factors' },
  { phrase: 'to blame', suggestion: 'a contributing factor' },
  { phrase: 'failed to notice', suggestion: 'our monitoring did not surface' },
];

export const DEFAULT_CONFIG: JournalConfig = {
  noteTypes: {
    experiment: {
      requiredSections: ['Hypothesis', 'Approach', 'Results', 'Outcome', 'Lessons Learned', 'Next Steps'],
      aliases: {
        Approach: ['Method', 'Methodology', 'Setup'],
        Results: ['Result'],
        'Lessons Learned': ['Lessons', 'Learnings', 'Key Takeaways', 'Takeaways'],
        'Next Steps': ['Next', 'Follow-ups', 'Follow-up', 'Future Work'],
      },
      idPrefix: 'EXP',
      folder: 'experiments',
      lessonsSection: 'Lessons Learned',
    },
    postmortem: {
      requiredSections: ['What Happened', 'Root Cause', 'What Went Well', 'Action Items', 'Lessons for Team'],
      aliases: {
        'What Happened': ['Summary', 'Incident'],
        'Root Cause': ['Root Causes', 'Causes'],
        'What Went Well': ['Went Well'],
        'Action Items': ['Actions', 'Follow-up Actions', 'Remediation'],
        'Lessons for Team': ['Lessons', 'Lessons Learned', 'Team Lessons', 'Learnings'],
      },
      idPrefix: 'PM',
      folder: 'postmortems',
      lessonsSection: 'Lessons for Team',
      actionItemsSection: 'Action Items',
    },
  },
  folders: {
    experiment: ['experiments/**'],
    postmortem: ['postmortems/**'],
  },
  exclude: ['**/node_modules/**', '**/.git/**'],
  rules: {},
  blamingPhrases: DEFAULT_BLAMING_PHRASES,
  placeholders: ['TBD', 'TBA', 'TODO', 'TODO.', 'FIXME', '...', '…', 'N/A', 'n/a', '-', 'placeholder', 'fill me in', 'fill in', 'to be written', 'coming soon', 'lorem ipsum*'],
  failureModes: [
    'data-quality',
    'overfitting',
    'underfitting',
    'infrastructure',
    'performance',
    'latency',
    'cold-start',
    'data-leakage',
    'distribution-shift',
    'training-divergence',
    'evaluation',
    'scalability',
    'cost',
    'integration',
    'other',
  ],
  maxFileSize: 2 * 1024 * 1024,
};

export interface ConfigProblem {
  /** Dotted path of the offending key, e.g. `rules.section-missing`. */
  key: string;
  message: string;
}

export interface ResolvedConfig {
  config: JournalConfig;
  problems: ConfigProblem[];
}

/**
 * Validates a user configuration object key by key and merges it over the defaults. An invalid key is
 * reported (naming the key) and falls back to its default; nothing here throws.
 */
export function resolveConfig(input: unknown): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  const config: JournalConfig = structuredClone(DEFAULT_CONFIG);
  if (input === undefined || input === null) return { config, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push({ key: '(root)', message: 'the configuration must be an object of settings' });
    return { config, problems };
  }
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key === '$schema') continue;
    if (!(key in configShape)) {
      problems.push({ key, message: `unknown setting "${key}" (known: ${Object.keys(configShape).join(', ')})` });
      continue;
    }
    const schema = configShape[key as ConfigKey];
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = [key, ...issue.path.map(String)].join('.');
        problems.push({ key: path, message: `${issue.message}; using the default for "${key}"` });
      }
      continue;
    }
    const k = key as ConfigKey;
    if (k === 'noteTypes' || k === 'folders' || k === 'rules') {
      (config as Record<string, unknown>)[k] = { ...(config[k] as object), ...(parsed.data as object) };
    } else {
      (config as Record<string, unknown>)[k] = parsed.data;
    }
  }
  return { config, problems };
}

export function ruleSeverity(config: JournalConfig, code: string, fallback: SeveritySetting): SeveritySetting {
  return config.rules[code] ?? fallback;
}

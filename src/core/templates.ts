import { stringify } from 'yaml';
import type { JournalConfig } from './config';
import { nextLessonId } from './ids';
import { FIELD_ORDER, EXPERIMENT_OUTCOME, EXPERIMENT_STATUS, POSTMORTEM_STATUS, SEVERITY } from './schemas';

/**
 * Templates for new notes, shared by `experiment-journal new` and the editor's "New Experiment" command.
 *
 * A fresh note is valid but honestly incomplete: the front matter passes the schema (status `planned` /
 * `open`), optional fields that have no value yet are written as YAML comments so every field of the
 * type is visible without inventing a value, and every required section is present with its guidance in
 * an HTML comment. Comments do not count as content, so `check` reports each unwritten section as
 * `section-empty` until someone writes it — the tool never mistakes the template for a finished note.
 * There is no `# Title` heading: the title lives in the front matter, and a heading that happened to
 * read like a section name ("Results") would count as that section.
 */

export interface NoteTemplateInput {
  id: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  tags?: string[];
  /** Text for the Hypothesis section of an experiment. */
  hypothesis?: string;
  /** Text for any required section, keyed by its canonical name; wins over the guidance comment. */
  sections?: Record<string, string>;
}

/** Guidance shown (as an HTML comment) under each built-in section until it is written. */
const SECTION_GUIDANCE: Record<string, string> = {
  Hypothesis: 'What do you expect to happen, and why? Phrase it so that the results can prove it wrong.',
  Approach: 'Data, model, setup and the metric that decides success. Enough for someone else to repeat it.',
  Results: 'What you measured: numbers, charts, links to runs. Record failures and divergences too.',
  Outcome: 'Did the results support the hypothesis? success, failure, partial or inconclusive — and why.',
  'Lessons Learned': 'One lesson per list item, each with an id so later notes can apply it:\n- [{lesson}] What to do differently next time',
  'Next Steps': 'What happens now: follow-up experiments, decisions, owners.',
  'What Happened': 'A factual timeline: what was observed, when, and by which signal.',
  'Root Cause': 'The conditions in the system and the process that allowed this to happen (not who).',
  'What Went Well': 'What limited the damage or sped up recovery — keep doing it.',
  'Action Items': 'One task per item with an owner and an optional due date:\n- [ ] Add a data-validation step @owner due: YYYY-MM-DD',
  'Lessons for Team': 'One lesson per list item, each with an id so later notes can apply it:\n- [{lesson}] What the team does differently from now on',
};

/** Written as YAML comments: `key:` plus what goes there, for optional fields without a value. */
function optionalFieldHints(config: JournalConfig): Record<string, string> {
  return {
    outcome: `${EXPERIMENT_OUTCOME.join(' | ')} (set it once the experiment is completed)`,
    duration_days: 'how many days the experiment ran',
    failure_mode: `one of: ${config.failureModes.join(', ')}`,
    severity: SEVERITY.join(' | '),
    impact: 'who or what was affected, and how much',
    resolved: 'YYYY-MM-DD, required once status is resolved',
  };
}

/** Renders a new note of `type`. Pure; the caller chooses the id, date and where to write it. */
export function renderNoteTemplate(type: string, input: NoteTemplateInput, config: JournalConfig): string {
  const title = oneLine(input.title);
  const tags = (input.tags ?? []).map(oneLine).filter((t) => t.length > 0);
  const hints = optionalFieldHints(config);
  const fields = [...(FIELD_ORDER[type] ?? ['id', 'type', 'title', 'date', 'tags', 'related', 'applies'])];
  // Every note type accepts tags (the base schema); keep them even where FIELD_ORDER leaves them out.
  if (!fields.includes('tags')) fields.splice(fields.indexOf('date') + 1, 0, 'tags');
  const lines: string[] = ['---'];
  for (const key of fields) {
    switch (key) {
      case 'id':
        lines.push(`id: ${yamlScalar(input.id)}`);
        break;
      case 'type':
        lines.push(`type: ${yamlScalar(type)}`);
        break;
      case 'title':
        lines.push(`title: ${yamlScalar(title)}`);
        break;
      case 'date':
        lines.push(`date: ${input.date}`);
        break;
      case 'status':
        lines.push(
          type === 'postmortem'
            ? `status: open # ${POSTMORTEM_STATUS.join(' | ')}`
            : `status: planned # ${EXPERIMENT_STATUS.join(' | ')}`,
        );
        break;
      case 'tags':
        lines.push(`tags: [${tags.map(flowScalar).join(', ')}]`);
        break;
      case 'applies':
        lines.push('applies: [] # ids of lessons from earlier notes that this note puts to use');
        break;
      case 'related':
        lines.push('related: [] # ids of related experiments and post-mortems');
        break;
      case 'experiments':
        lines.push('experiments: [] # ids of the experiments involved');
        break;
      case 'metrics':
        lines.push('metrics: {} # name: number, e.g. {auc: 0.81, latency_ms: 120}');
        break;
      default:
        lines.push(`# ${key}: ${hints[key] ?? ''}`.trimEnd());
    }
  }
  lines.push('---', '');

  const nt = config.noteTypes[type];
  const lesson = nextLessonId(input.id, []);
  for (const section of nt?.requiredSections ?? []) {
    lines.push(`## ${section}`, '');
    const given = section === 'Hypothesis' && input.hypothesis !== undefined ? input.hypothesis : input.sections?.[section];
    if (given !== undefined && given.trim()) {
      lines.push(given.trim(), '');
    } else {
      const guidance = (SECTION_GUIDANCE[section] ?? `Write the ${section.toLowerCase()} of this ${type}.`).replace('{lesson}', lesson);
      lines.push(`<!-- ${commentSafe(guidance)} -->`, '');
    }
  }
  return lines.join('\n');
}

/** Titles and tags are one line of text: control characters (NUL, newlines, …) become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** A scalar inside `[...]`: plain when it cannot be misread, JSON-quoted (valid YAML) otherwise. */
function flowScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !/^[-+.\d]/.test(value)
    ? value
    : JSON.stringify(value);
}

function commentSafe(text: string): string {
  return text.replace(/--+>?/g, '-');
}

/**
 * The file name of a new note: `<date>-<slug>.md`. The slug keeps letters and digits (any script),
 * lower-cased, with every other run of characters — `/`, `\`, `.`, NUL, spaces — turned into one hyphen,
 * so it can never name another folder. At most 60 characters; `note` when nothing is left.
 */
export function noteFileName(date: string, title: string, suffix = 1): string {
  return `${date}-${slugify(title)}${suffix > 1 ? `-${suffix}` : ''}.md`;
}

export function slugify(title: string): string {
  let slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > 60) {
    slug = slug.slice(0, 60);
    const cut = slug.lastIndexOf('-');
    if (cut >= 30) slug = slug.slice(0, cut);
    slug = slug.replace(/-+$/, '');
  }
  return slug || 'note';
}

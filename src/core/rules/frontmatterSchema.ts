import { rangeAtPath } from '../frontMatter';
import { FIELD_ORDER, schemaForType } from '../schemas';
import type { Finding, Rule } from './rule';

/** Validates the front matter against the note type's zod schema; each issue lands on the offending key or value. */
export const frontmatterSchema: Rule = {
  code: 'frontmatter-schema',
  defaultSeverity: 'error',
  description: 'A front-matter field is missing, of the wrong kind, or has a value outside its allowed set.',
  check(note, ctx) {
    const fm = note.frontMatter;
    if (!fm || !fm.doc || note.parseDiagnostics.length > 0 || note.type === undefined) return [];
    const findings: Finding[] = [];
    const declared = note.data.type;
    if (typeof declared === 'string' && !Object.hasOwn(ctx.config.noteTypes, declared.trim())) {
      // Only reachable for a note typed by its folder: a `type` the configuration does not know is a typo or a missing `noteTypes` entry.
      const known = Object.keys(ctx.config.noteTypes);
      findings.push({
        range: rangeAtPath(fm, ['type'], note.lines),
        message: `\`type\`: "${declared}" is not a configured note type (known: ${known.join(', ')}).`,
        data: { path: ['type'], suggestions: known },
      });
    }
    const schema = schemaForType(note.type);
    const result = schema.safeParse(note.data);
    if (result.success) return findings;
    const missing: string[] = [];
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const isMissing = issue.path.length === 1 && !(key in note.data);
      if (isMissing) {
        // A note typed by its folder need not repeat its type in the front matter.
        if (key === 'type' && note.typeSource === 'folder') continue;
        missing.push(key);
        continue;
      }
      findings.push({
        range: rangeAtPath(fm, issue.path as PropertyKey[], note.lines),
        message: `\`${issue.path.join('.')}\`: ${describeIssue(issue)}`,
        data: { path: issue.path.map(String) },
      });
    }
    if (missing.length > 0) {
      const order = FIELD_ORDER[note.type] ?? [];
      missing.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      findings.unshift({
        range: { start: fm.range.start, end: { line: 0, character: note.lines.lineText(0).length } },
        message: `Front matter is missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
        data: { missingFields: missing },
      });
    }
    return findings;
  },
};

function describeIssue(issue: { code: string; message: string; values?: unknown[]; options?: unknown[] }): string {
  const values = (issue.values ?? issue.options) as unknown[] | undefined;
  if (issue.code === 'invalid_value' && values) return `expected one of ${values.map((v) => `"${String(v)}"`).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}

import { actionItemOverdue, actionItemOwner } from './actionItems';
import { blamingLanguage } from './blamingLanguage';
import { frontmatterMissing } from './frontmatterMissing';
import { frontmatterSchema } from './frontmatterSchema';
import { lessonIdMalformed, lessonMissingId } from './lessons';
import { completedWithoutResults, failureModeUnknown, failureWithoutLesson, metricNotFinite, outcomeMissing } from './outcome';
import type { Rule } from './rule';
import { sectionDuplicate, sectionEmpty, sectionMissing, sectionPlaceholder } from './sections';
import type { Severity } from '../diagnostics';

/** Every per-note rule, in the order their findings are listed. */
export const RULES: readonly Rule[] = [
  frontmatterMissing,
  frontmatterSchema,
  metricNotFinite,
  failureModeUnknown,
  outcomeMissing,
  sectionMissing,
  sectionDuplicate,
  sectionEmpty,
  sectionPlaceholder,
  completedWithoutResults,
  failureWithoutLesson,
  lessonIdMalformed,
  lessonMissingId,
  actionItemOwner,
  actionItemOverdue,
  blamingLanguage,
];

/** Codes reported by the parser and the host rather than by a rule module, with their metadata. */
export const BUILTIN_CODES: readonly { code: string; defaultSeverity: Severity; description: string }[] = [
  { code: 'frontmatter-unclosed', defaultSeverity: 'error', description: 'Front matter opened with `---` is never closed.' },
  { code: 'frontmatter-yaml', defaultSeverity: 'error', description: 'The front matter is not valid YAML (syntax error, duplicate key, alias bomb, not a mapping).' },
  { code: 'frontmatter-language', defaultSeverity: 'error', description: 'Front matter in a form other than YAML (`---js`, `---coffee`, …) is refused and never executed.' },
  { code: 'file-skipped', defaultSeverity: 'warning', description: 'A file in a notes folder was not read: binary, over the size limit, or not valid UTF-8.' },
];

export function allRuleCodes(): string[] {
  return [...RULES.map((r) => r.code), ...BUILTIN_CODES.map((c) => c.code)];
}

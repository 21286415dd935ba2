import { sectionAliases } from '../parse';
import { sectionKey, type ParsedNote, type Section } from '../note';
import type { NoteTypeConfig } from '../config';
import type { Finding, Rule, RuleContext } from './rule';

/** The note's section for each required section (by name or alias), in canonical order. */
export function requiredSectionsOf(note: ParsedNote, nt: NoteTypeConfig): { name: string; section: Section | undefined; index: number }[] {
  return nt.requiredSections.map((name) => {
    const keys = new Set(sectionAliases(nt, name));
    const index = note.sections.findIndex((s) => keys.has(s.key));
    return { name, section: index >= 0 ? note.sections[index] : undefined, index };
  });
}

/** Note-level findings sit on the first line (the opening `---`), where the editor shows them without noise. */
export function firstLineRange(note: ParsedNote) {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: note.lines.lineText(0).length } };
}

export const sectionMissing: Rule = {
  code: 'section-missing',
  defaultSeverity: 'warning',
  description: 'A section the note type requires is missing.',
  check(note, ctx) {
    if (!ctx.noteType) return [];
    const required = requiredSectionsOf(note, ctx.noteType);
    const missing = required.filter((r) => !r.section).map((r) => r.name);
    return missing.map((name) => ({
      range: firstLineRange(note),
      message: `Missing section "${name}" (required in every ${note.type} note).`,
      data: { section: name, missing },
    }));
  },
};

export const sectionDuplicate: Rule = {
  code: 'section-duplicate',
  defaultSeverity: 'warning',
  description: 'A required section appears more than once (counting its aliases).',
  check(note, ctx) {
    if (!ctx.noteType) return [];
    const findings: Finding[] = [];
    for (const name of ctx.noteType.requiredSections) {
      const keys = new Set(sectionAliases(ctx.noteType, name));
      // A subsection named like its section (`### Lessons` under `## Lessons Learned`) is part of it,
      // not a second copy: only matches outside every earlier match's content count.
      const matches = note.sections.filter((s) => keys.has(s.key));
      const top = matches.filter((s) => !matches.some((m) => m !== s && m.contentStart <= s.contentStart && s.contentStart < m.contentEnd && m.level < s.level));
      for (const dup of top.slice(1)) {
        findings.push({
          range: dup.headingRange,
          message: `Section "${name}" appears again here (first at line ${top[0]!.headingRange.start.line + 1}); merge the two.`,
          data: { section: name },
        });
      }
    }
    return findings;
  },
};

export const sectionEmpty: Rule = {
  code: 'section-empty',
  defaultSeverity: 'warning',
  description: 'A required section has a heading but nothing under it.',
  check(note, ctx) {
    if (!ctx.noteType) return [];
    return requiredSectionsOf(note, ctx.noteType)
      .filter((r) => r.section && !r.section.hasContent)
      .map((r) => ({ range: r.section!.headingRange, message: `Section "${r.section!.title}" is empty.`, data: { section: r.name } }));
  },
};

export function isPlaceholder(text: string, ctx: RuleContext): boolean {
  const t = text.trim().toLowerCase();
  if (!t) return false;
  return ctx.config.placeholders.some((p) => {
    const pattern = p.trim().toLowerCase();
    if (pattern.endsWith('*')) return t.startsWith(pattern.slice(0, -1).trim());
    return t === pattern || t === `${pattern}.`;
  });
}

export const sectionPlaceholder: Rule = {
  code: 'section-placeholder',
  defaultSeverity: 'warning',
  description: 'A required section holds only placeholder text such as TBD, TODO, "…" or lorem ipsum.',
  check(note, ctx) {
    if (!ctx.noteType) return [];
    return requiredSectionsOf(note, ctx.noteType)
      .filter((r) => r.section && r.section.hasContent && isPlaceholder(r.section.text, ctx))
      .map((r) => ({
        range: r.section!.headingRange,
        message: `Section "${r.section!.title}" holds only a placeholder ("${r.section!.text}"); write what actually happened.`,
        data: { section: r.name },
      }));
  },
};

export { sectionKey };

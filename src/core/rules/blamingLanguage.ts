import type { JournalConfig } from '../config';
import type { Finding, Rule } from './rule';

interface CompiledPhrase {
  regex: RegExp;
  phrase: string;
  suggestion: string | undefined;
}

const compiled = new WeakMap<JournalConfig['blamingPhrases'], CompiledPhrase[]>();

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `*` stands for one word (`*'s fault` matches "Sam's fault"); matching is case-insensitive on word boundaries. */
export function compilePhrases(phrases: JournalConfig['blamingPhrases']): CompiledPhrase[] {
  let result = compiled.get(phrases);
  if (!result) {
    // Longer phrases first, so that "to blame" is reported rather than the "blame" inside it.
    const byLength = [...phrases].sort((a, b) => (typeof b === 'string' ? b : b.phrase).length - (typeof a === 'string' ? a : a.phrase).length);
    result = byLength.map((p) => {
      const phrase = typeof p === 'string' ? p : p.phrase;
      const body = phrase
        .trim()
        .split(/\s+/)
        .map((word) => word.split('*').map(escape).join("[\\p{L}\\p{N}_-]+"))
        .join('\\s+')
        .replace(/'/g, "['’]");
      return {
        regex: new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'giu'),
        phrase,
        suggestion: typeof p === 'string' ? undefined : p.suggestion,
      };
    });
    compiled.set(phrases, result);
  }
  return result;
}

export const blamingLanguage: Rule = {
  code: 'blaming-language',
  defaultSeverity: 'info',
  description: 'A post-mortem uses blaming language; blameless wording keeps the review about systems, not people.',
  types: ['postmortem'],
  check(note, ctx) {
    const findings: Finding[] = [];
    const body = note.text;
    const excluded = note.excluded;
    for (const p of compilePhrases(ctx.config.blamingPhrases)) {
      p.regex.lastIndex = note.bodyOffset;
      for (let m = p.regex.exec(body); m; m = p.regex.exec(body)) {
        const start = m.index;
        const end = start + m[0].length;
        if (excluded.some(([s, e]) => start < e && end > s)) continue;
        if (findings.some((f) => (f.data?.start as number) < end && (f.data?.end as number) > start)) continue;
        findings.push({
          range: note.lines.rangeOf(start, end),
          message: `"${m[0]}" reads as blame; suggestion: ${p.suggestion ?? 'describe the system or process that allowed it'}.`,
          data: { start, end, phrase: p.phrase, suggestion: p.suggestion },
        });
      }
    }
    return findings.sort((a, b) => (a.data!.start as number) - (b.data!.start as number));
  },
};

import type { NoteSummary } from '../../shared/protocol';

/** "a, b  c,,d" → ["a", "b", "c", "d"]: commas or whitespace separate tags; duplicates dropped. */
export function parseTags(input: string | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of (input ?? '').split(/[,\s]+/)) {
    const tag = raw.trim().replace(/^#/, '');
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

export interface TextSpan {
  line: number;
  startCharacter: number;
  endCharacter: number;
}

/**
 * Where the cursor goes in a freshly rendered note: the guidance comment of the first section that has
 * nothing else in it (selected, so typing replaces it). Undefined when every section has content.
 */
export function firstEmptySection(text: string): TextSpan | undefined {
  const lines = text.split(/\r?\n/);
  let fence: string | undefined;
  // Front matter first: its `# key: hint` comments are YAML, not headings.
  let bodyStart = 0;
  if (lines[0]?.replace(/^\uFEFF/, '').trimEnd() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (close > 0) bodyStart = close + 1;
  }
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i]!;
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1]![0];
      else if (f[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence || !/^#{1,6}\s+\S/.test(line)) continue;
    // The section runs to the next heading; empty when it holds nothing but blank lines and comments.
    let firstComment: TextSpan | undefined;
    let empty = true;
    let j = i + 1;
    for (; j < lines.length && !/^#{1,6}\s+\S/.test(lines[j]!); j++) {
      const t = lines[j]!.trim();
      if (t === '') continue;
      const c = /^(\s*)<!--/.exec(lines[j]!);
      if (c && !firstComment) {
        // A comment may span lines; select up to its end on the last line.
        let k = j;
        while (k < lines.length && !lines[k]!.includes('-->')) k++;
        if (k === j) firstComment = { line: j, startCharacter: c[1]!.length, endCharacter: lines[j]!.indexOf('-->') + 3 };
        else firstComment = { line: j, startCharacter: c[1]!.length, endCharacter: lines[j]!.length };
        j = Math.min(k, lines.length - 1);
        continue;
      }
      if (c) continue;
      empty = false;
      break;
    }
    if (empty) return firstComment ?? { line: Math.min(i + 1, lines.length - 1), startCharacter: 0, endCharacter: 0 };
  }
  return undefined;
}

/** Title, sections and front-matter values of a post-mortem that follows up a failed experiment. */
export function postmortemFromExperiment(exp: NoteSummary): { title: string; whatHappened: string } {
  const name = exp.title ?? exp.id ?? 'experiment';
  const ref = exp.id ? `[[${exp.id}]]` : name;
  return {
    title: `Post-mortem: ${name}`,
    whatHappened: `The experiment ${ref}${exp.title && exp.id ? ` (${exp.title})` : ''} failed${exp.failureMode ? ` (${exp.failureMode})` : ''}.`,
  };
}

/**
 * Fills `failure_mode` and `experiments` into a rendered post-mortem template. The template writes
 * `experiments: [] # …` and a commented `# failure_mode: …` line; both are replaced in place. If the
 * template ever changes shape, the values are added before the closing `---` instead, so they are
 * never lost.
 */
export function prefillPostmortemFrontMatter(text: string, values: { experimentId?: string; failureMode?: string }): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (lines[0] !== '---') return text;
  if (lines.indexOf('---', 1) < 0) return text;
  const set = (pattern: RegExp, line: string) => {
    const close = lines.indexOf('---', 1);
    const at = lines.slice(1, close).findIndex((l) => pattern.test(l));
    if (at >= 0) lines[at + 1] = line;
    else lines.splice(close, 0, line);
  };
  if (values.failureMode) set(/^#?\s*failure_mode:/, `failure_mode: ${yamlPlain(values.failureMode)}`);
  if (values.experimentId) set(/^experiments:/, `experiments: [${yamlPlain(values.experimentId)}]`);
  return lines.join(eol);
}

function yamlPlain(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) ? value : JSON.stringify(value);
}

import { isPlaceholder, requiredSectionsOf } from './sections';
import type { Finding, Rule } from './rule';

function fieldRange(note: Parameters<Rule['check']>[0], key: string) {
  const f = note.frontMatter?.fields.get(key);
  return f ? (f.value ?? f.key) : undefined;
}

export const failureWithoutLesson: Rule = {
  code: 'failure-without-lesson',
  defaultSeverity: 'warning',
  description: 'An experiment whose outcome is failure or partial records no lesson: the failure taught nothing anyone can apply.',
  types: ['experiment'],
  check(note) {
    const outcome = note.data.outcome;
    if ((outcome !== 'failure' && outcome !== 'partial') || note.lessons.length > 0) return [];
    const range = fieldRange(note, 'outcome');
    if (!range) return [];
    return [
      {
        range,
        message: `The outcome is "${outcome}" but the note records no lesson: add one under Lessons Learned as \`- [L-…] what to do differently\`.`,
      },
    ];
  },
};

export const completedWithoutResults: Rule = {
  code: 'completed-without-results',
  defaultSeverity: 'warning',
  description: 'A completed experiment has no results written down.',
  types: ['experiment'],
  check(note, ctx) {
    if (note.data.status !== 'completed' || !ctx.noteType) return [];
    const results = requiredSectionsOf(note, ctx.noteType).find((r) => r.name === 'Results');
    if (!results?.section) return []; // section-missing reports it
    if (results.section.hasContent && !isPlaceholder(results.section.text, ctx)) return [];
    return [{ range: results.section.headingRange, message: 'The experiment is completed but its Results section is empty or a placeholder: record the metrics you measured.' }];
  },
};

export const outcomeMissing: Rule = {
  code: 'outcome-missing',
  defaultSeverity: 'warning',
  description: 'A completed experiment does not say its outcome in the front matter.',
  types: ['experiment'],
  check(note) {
    if (note.data.status !== 'completed' || note.data.outcome !== undefined) return [];
    const range = fieldRange(note, 'status');
    return range ? [{ range, message: 'A completed experiment needs an `outcome:` (success, failure, partial or inconclusive).', data: { missingFields: ['outcome'] } }] : [];
  },
};

export const failureModeUnknown: Rule = {
  code: 'failure-mode-unknown',
  defaultSeverity: 'warning',
  description: '`failure_mode` is not in the configured failure-mode taxonomy.',
  check(note, ctx) {
    const mode = note.data.failure_mode;
    if (typeof mode !== 'string' || ctx.config.failureModes.includes(mode)) return [];
    const range = fieldRange(note, 'failure_mode');
    if (!range) return [];
    const close = ctx.config.failureModes.filter((m) => m.includes(mode.toLowerCase()) || mode.toLowerCase().includes(m));
    const findings: Finding[] = [
      {
        range,
        message: `"${mode}" is not a known failure mode${close.length ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : ''}; known: ${ctx.config.failureModes.join(', ')}.`,
        data: { suggestions: close },
      },
    ];
    return findings;
  },
};

export const metricNotFinite: Rule = {
  code: 'metric-not-finite',
  defaultSeverity: 'error',
  description: 'A metric in the front matter is NaN or Infinity: the run diverged or the value was not recorded.',
  check(note) {
    const metrics = note.data.metrics;
    if (!metrics || typeof metrics !== 'object' || Array.isArray(metrics) || !note.frontMatter) return [];
    const findings: Finding[] = [];
    for (const [name, value] of Object.entries(metrics as Record<string, unknown>)) {
      const bad =
        (typeof value === 'number' && !Number.isFinite(value)) ||
        (typeof value === 'string' && /^[-+]?(nan|inf|infinity|\.nan|\.inf)$/i.test(value.trim()));
      if (!bad) continue;
      const f = note.frontMatter.fields.get('metrics');
      const range = rangeOfMetric(note, name) ?? f?.key;
      if (!range) continue;
      findings.push({
        range,
        message: `Metric "${name}" is ${String(value)}: record a finite number, and note the divergence under Results.`,
      });
    }
    return findings;
  },
};

function rangeOfMetric(note: Parameters<Rule['check']>[0], name: string) {
  const fm = note.frontMatter;
  if (!fm?.doc) return undefined;
  const node = fm.doc.getIn(['metrics', name], true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return undefined;
  return note.lines.rangeOf(fm.yamlBase + node.range[0], fm.yamlBase + node.range[1]);
}

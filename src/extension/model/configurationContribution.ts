/**
 * `contributes.configuration` of package.json, generated from the one zod settings schema so the two can
 * never drift: `npm run gen:settings` writes it, and a unit test fails when package.json differs.
 * Not bundled into the extension (nothing there imports it).
 */
import { z } from 'zod';
import { configShape, DEFAULT_CONFIG, type ConfigKey } from '../../core/config';
import { CROSS_NOTE_CODES } from '../../core/index/crossRules';
import { BUILTIN_CODES, RULES } from '../../core/rules';
import { SETTINGS_SECTION } from '../../shared/settings';

export interface SettingSchema {
  type: string | string[];
  default: unknown;
  markdownDescription: string;
  scope: 'window' | 'resource';
  order: number;
  [key: string]: unknown;
}

export const TRACE_SETTING = `${SETTINGS_SECTION}.trace.server`;

export function configurationContribution(): { title: string; properties: Record<string, SettingSchema> } {
  const properties: Record<string, SettingSchema> = {};
  let order = 0;
  for (const key of Object.keys(configShape) as ConfigKey[]) {
    const { $schema: _drop, description, ...schema } = z.toJSONSchema(configShape[key], { io: 'input' }) as Record<string, unknown>;
    if (typeof description !== 'string' || !description) throw new Error(`configShape.${key} has no description`);
    if (key === 'rules') schema.properties = ruleProperties();
    properties[`${SETTINGS_SECTION}.${key}`] = {
      ...(schema as { type: string }),
      default: DEFAULT_CONFIG[key],
      markdownDescription: `${description} A \`.experiment-journal.json\`/\`.yaml\` file in the workspace folder wins over this setting.`,
      scope: 'resource',
      order: order++,
    };
  }
  properties[TRACE_SETTING] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    enumDescriptions: ['No tracing.', 'Trace the names of the messages exchanged with the language server.', 'Trace every message with its content.'],
    default: 'off',
    markdownDescription: 'Traces the communication between VS Code and the Experiment Journal language server in the "Experiment Journal" output channel (set the channel\'s log level to Trace to see it).',
    scope: 'window',
    order: order++,
  };
  return { title: 'Experiment Journal', properties };
}

/** Every known rule code as a property of `rules`, so the settings editor completes and explains them. */
function ruleProperties(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const all = [...RULES, ...BUILTIN_CODES, ...CROSS_NOTE_CODES];
  for (const r of [...all].sort((a, b) => a.code.localeCompare(b.code))) {
    out[r.code] = { type: 'string', enum: ['off', 'info', 'warning', 'error'], markdownDescription: `${r.description} (default: ${r.defaultSeverity})` };
  }
  return out;
}

/**
 * Defaults contributed for VS Code's own Markdown support. Its link validation (off unless
 * `markdown.validate.enabled` is on) reads every `[text]` without a definition as a shortcut reference
 * link: lesson bullets `- [L-…]`, `[[ID]]` references and YAML flow lists like `applies: [L-…]` would all
 * be "No link definition found". Reference-link validation does not consult `markdown.validate.ignoredLinks`
 * (that glob list applies to file and fragment links), so the only switch is its level.
 */
export const MARKDOWN_CONFIGURATION_DEFAULTS = {
  'markdown.validate.referenceLinks.enabled': 'ignore',
} as const;

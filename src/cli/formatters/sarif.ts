import type { Severity } from '../../core/diagnostics';
import { BUILTIN_CODES, RULES } from '../../core/rules';
import type { Problem } from './problem';

export interface SarifOptions {
  version: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Every code the tool can report, with its default severity and description, in registry order. */
function ruleDescriptors(): { code: string; defaultSeverity: Severity; description: string }[] {
  return [...RULES.map((r) => ({ code: r.code, defaultSeverity: r.defaultSeverity, description: r.description })), ...BUILTIN_CODES];
}

/** `file` is relative to the current directory; URIs encode each segment and keep the slashes. */
function toUri(file: string): string {
  return file
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule listed in `tool.driver.rules`, results with
 * a relative `uri` under the `%SRCROOT%` base (run the CLI from the repository root so paths resolve),
 * regions 1-based with columns in UTF-16 code units.
 */
export function formatSarif(problems: readonly Problem[], options: SarifOptions): string {
  const descriptors = ruleDescriptors();
  const known = new Set(descriptors.map((d) => d.code));
  for (const p of problems) {
    if (!known.has(p.diagnostic.code)) {
      known.add(p.diagnostic.code);
      descriptors.push({ code: p.diagnostic.code, defaultSeverity: p.diagnostic.severity, description: p.diagnostic.code });
    }
  }
  const ruleIndex = new Map(descriptors.map((d, i) => [d.code, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'experiment-journal',
            semanticVersion: options.version,
            version: options.version,
            rules: descriptors.map((d) => ({
              id: d.code,
              name: d.code,
              shortDescription: { text: d.description },
              fullDescription: { text: d.description },
              help: { text: `${d.description} See docs/rules.md#${d.code} for a bad and a good example.` },
              defaultConfiguration: { level: LEVEL[d.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: problems.map(({ file, diagnostic: d }) => {
          const start = d.range.start;
          const end = d.range.end;
          return {
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code)!,
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: start.line + 1,
                    startColumn: start.character + 1,
                    endLine: end.line + 1,
                    endColumn: end.character + 1,
                  },
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

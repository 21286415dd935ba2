import { parseDocument } from 'yaml';
import { resolveConfig, type ResolvedConfig } from './config';

/** Names of the workspace configuration file, in the order they are looked for. */
export const CONFIG_FILE_NAMES = ['.experiment-journal.json', '.experiment-journal.yaml', '.experiment-journal.yml'] as const;

export type ConfigFileResult =
  | ({ ok: true } & ResolvedConfig)
  /** The text is not JSON/YAML at all: the host treats this as a configuration error, not as "use defaults". */
  | { ok: false; message: string };

/**
 * Parses the text of a configuration file and validates it. JSON files (by name) are read as JSON, any
 * other name as YAML (duplicate keys rejected, alias expansion limited). Invalid settings are reported
 * per key by `resolveConfig` and fall back to their defaults; only text that does not parse is an error.
 * Pure: the host reads the file.
 */
export function parseConfigText(text: string, fileName: string): ConfigFileResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  if (fileName.toLowerCase().endsWith('.json')) {
    if (!source.trim()) return { ok: true, ...resolveConfig(undefined) };
    try {
      value = JSON.parse(source);
    } catch (error) {
      return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
    }
  } else {
    const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
    const first = doc.errors[0];
    if (first) {
      // With prettyErrors the first line of the message already names the line and column.
      return { ok: false, message: `not valid YAML: ${first.message.split('\n')[0]!.replace(/:$/, '')}` };
    }
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return { ok: false, message: `not valid YAML: ${(error as Error).message}` };
    }
  }
  return { ok: true, ...resolveConfig(value) };
}

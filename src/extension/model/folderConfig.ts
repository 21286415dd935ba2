import { parse as parseYaml } from 'yaml';
import type { ResolvedConfig } from '../../core/config';
import { parseConfigText } from '../../core/configFile';
import { resolveFolderConfig } from '../../shared/settings';

/**
 * The configuration of one workspace folder as the server computes it (defaults, then editor settings,
 * then the folder's configuration file), for the commands that need it before asking the server
 * anything: where New Experiment writes, which note types and failure modes exist.
 */
export function folderConfig(settings: unknown, file: { name: string; text: string } | undefined): ResolvedConfig {
  if (!file) return resolveFolderConfig(settings, undefined);
  const parsed = parseConfigText(file.text, file.name);
  if (!parsed.ok) {
    const fallback = resolveFolderConfig(settings, undefined);
    return { config: fallback.config, problems: [{ key: file.name, message: `${parsed.message}; using the defaults` }, ...fallback.problems] };
  }
  const source = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const raw: unknown = file.name.endsWith('.json') ? (source.trim() ? JSON.parse(source) : {}) : (parseYaml(source, { maxAliasCount: 100 }) ?? {});
  return resolveFolderConfig(settings, raw, file.name);
}

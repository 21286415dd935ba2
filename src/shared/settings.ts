import { configShape, resolveConfig, type ResolvedConfig } from '../core/config';

/** VS Code settings live under this section: `experimentJournal.rules`, `experimentJournal.folders`, … */
export const SETTINGS_SECTION = 'experimentJournal';

/** Settings that are the client's own and not part of the journal configuration. */
export const CLIENT_ONLY_SETTINGS = ['trace'] as const;

const RECORD_KEYS = new Set(['noteTypes', 'folders', 'rules']);

/**
 * The configuration of one workspace folder: built-in defaults, then the editor settings for that
 * folder, then the folder's `.experiment-journal.json|yaml` (the team's file wins, so the editor and the
 * CLI in CI agree). Everything is validated by the one zod schema; problems name their source and key.
 */
export function resolveFolderConfig(settings: unknown, fileConfig: unknown, fileName?: string): ResolvedConfig {
  const merged: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  const take = (obj: unknown, source: string) => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
    for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
      if ((CLIENT_ONLY_SETTINGS as readonly string[]).includes(key) || value === null || value === undefined) continue;
      if (source === 'settings' && !(key in configShape)) continue; // VS Code hands back every contributed key
      if (RECORD_KEYS.has(key) && isRecord(merged[key]) && isRecord(value)) merged[key] = { ...merged[key], ...value };
      else merged[key] = value;
      sources.set(key, source);
    }
  };
  take(settings, 'settings');
  take(fileConfig, fileName ?? 'config file');
  const resolved = resolveConfig(merged);
  return {
    config: resolved.config,
    problems: resolved.problems.map((p) => {
      const top = p.key.split('.')[0]!;
      const source = sources.get(top);
      return { key: source === 'settings' ? `${SETTINGS_SECTION}.${p.key}` : p.key, message: source && source !== 'settings' ? `${source}: ${p.message}` : p.message };
    }),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

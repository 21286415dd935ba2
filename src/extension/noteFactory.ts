/**
 * Renders new notes. Bundled on its own (`dist/noteFactory.js`) and loaded the first time a note is
 * created: the core's templates pull in the zod schemas and the YAML parser, which would otherwise
 * add ~50 ms to every activation for a command most sessions never run. No `vscode` here.
 */
import { configShape, type JournalConfig } from '../core/config';
import { CONFIG_FILE_NAMES } from '../core/configFile';
import { idPrefixFor, newNoteId, type RandomBytes } from '../core/ids';
import { noteFileName, renderNoteTemplate } from '../core/templates';
import { folderConfig } from './model/folderConfig';
import { prefillPostmortemFrontMatter } from './model/newNote';

export interface NewNoteRequest {
  /** Reads one `experimentJournal.*` setting of the target folder. */
  setting: (key: string) => unknown;
  /** The folder's `.experiment-journal.*` file, if any. */
  configFile: { name: string; text: string } | undefined;
  type: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  tags: string[];
  hypothesis?: string;
  sections?: Record<string, string>;
  /** Post-mortems following up an experiment. */
  experimentId?: string;
  failureMode?: string;
  random: RandomBytes;
}

export type NewNote =
  | { ok: true; id: string; text: string; folder: string[]; fileNameFor: (suffix: number) => string; configProblems: string[] }
  | { ok: false; message: string };

export function prepareNote(req: NewNoteRequest): NewNote {
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(configShape)) settings[key] = req.setting(key);
  const { config, problems } = folderConfig(settings, req.configFile);
  const noteType = config.noteTypes[req.type];
  if (!noteType) return { ok: false, message: `the configuration has no note type "${req.type}"` };
  const id = newNoteId(idPrefixFor(req.type, noteType.idPrefix), req.date, req.random);
  let text = renderNoteTemplate(req.type, { id, title: req.title, date: req.date, tags: req.tags, hypothesis: req.hypothesis, sections: req.sections }, config as JournalConfig);
  if (req.type === 'postmortem') text = prefillPostmortemFrontMatter(text, { experimentId: req.experimentId, failureMode: req.failureMode });
  return {
    ok: true,
    id,
    text,
    folder: (noteType.folder ?? req.type).split(/[\\/]+/).filter((s) => s && s !== '.' && s !== '..'),
    fileNameFor: (suffix) => noteFileName(req.date, req.title, suffix),
    configProblems: problems.map((p) => `${p.key}: ${p.message}`),
  };
}

/** The folder's configuration file: the first of `.experiment-journal.json|yaml|yml` that `read` finds (it throws for a missing file). */
export async function readConfigFile(read: (name: string) => Promise<string>): Promise<{ name: string; text: string } | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    try {
      return { name, text: await read(name) };
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}

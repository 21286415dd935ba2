import picomatch from 'picomatch';
import type { JournalConfig } from './config';
import { parseFrontMatter } from './frontMatter';
import { extractBody, type BodyOptions } from './markdown';
import { sectionKey, type ParsedNote } from './note';
import { LineIndex } from './text';
import { stripBom } from './decode';

/** What a parse needs from the configuration, derived once per configuration. */
export interface ParseContext {
  config: JournalConfig;
  folderMatchers: { type: string; match: (path: string) => boolean }[];
  bodyOptions: Map<string, BodyOptions>;
}

const contexts = new WeakMap<JournalConfig, ParseContext>();

export function parseContext(config: JournalConfig): ParseContext {
  let ctx = contexts.get(config);
  if (!ctx) {
    const folderMatchers = Object.entries(config.folders).map(([type, globs]) => ({ type, match: picomatch(globs, { dot: true }) }));
    const bodyOptions = new Map<string, BodyOptions>();
    for (const [type, nt] of Object.entries(config.noteTypes)) {
      bodyOptions.set(type, {
        actionItemSections: new Set(nt.actionItemsSection ? sectionAliases(nt, nt.actionItemsSection) : []),
        lessonSections: new Set(nt.lessonsSection ? sectionAliases(nt, nt.lessonsSection) : []),
      });
    }
    ctx = { config, folderMatchers, bodyOptions };
    contexts.set(config, ctx);
  }
  return ctx;
}

/** Keys under which a section is accepted: its own and its aliases'. */
export function sectionAliases(nt: { aliases: Record<string, string[]> }, canonical: string): string[] {
  return [canonical, ...(nt.aliases[canonical] ?? [])].map(sectionKey);
}

const NO_SECTIONS: BodyOptions = { actionItemSections: new Set(), lessonSections: new Set() };

/** The type a folder pattern gives a path, if any. */
export function typeFromFolder(path: string, ctx: ParseContext): string | undefined {
  return ctx.folderMatchers.find((m) => m.match(path))?.type;
}

/**
 * Parses one file into a note. Pure and synchronous; never throws on any input text. A file that is
 * neither typed by its front matter nor inside a notes folder comes back with `type` undefined and no
 * body structure (it is not a note).
 */
export function parseNote(path: string, rawText: string, config: JournalConfig): ParsedNote {
  const ctx = parseContext(config);
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const fm = parseFrontMatter(text, lines);
  const data = fm.frontMatter?.data ?? {};
  const fieldType = typeof data.type === 'string' && data.type.trim() ? data.type.trim() : undefined;
  const folderType = typeFromFolder(path, ctx);
  const type = fieldType ?? folderType;
  const note: ParsedNote = {
    path,
    text,
    lines,
    frontMatter: fm.frontMatter,
    data,
    type,
    typeSource: fieldType ? 'field' : folderType ? 'folder' : undefined,
    id: typeof data.id === 'string' ? data.id : typeof data.id === 'number' ? String(data.id) : undefined,
    title: typeof data.title === 'string' ? data.title : undefined,
    date: typeof data.date === 'string' ? data.date : data.date instanceof Date ? data.date.toISOString().slice(0, 10) : undefined,
    sections: [],
    lessons: [],
    malformedLessons: [],
    unidentifiedLessons: [],
    actionItems: [],
    references: [],
    links: [],
    headingSlugs: [],
    excluded: [],
    bodyOffset: fm.bodyOffset,
    parseDiagnostics: fm.diagnostics,
  };
  if (type === undefined) return note;
  const body = extractBody(text, fm.bodyOffset, lines, ctx.bodyOptions.get(type) ?? NO_SECTIONS);
  return Object.assign(note, body);
}

import picomatch from 'picomatch';
import type { JournalConfig } from './config';
import { parseFrontMatter } from './frontMatter';
import { fastExtractBody } from './fastExtract';
import { emptyBody, extractBody, type BodyOptions } from './markdown';
import { sectionKey, type ParsedNote } from './note';
import { LineIndex } from './text';
import { stripBom } from './decode';
import { isMap, type Document } from 'yaml';

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
  const fieldType = declaredType(data, fm.frontMatter?.doc, config);
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
    ...emptyBody(),
    bodyOffset: fm.bodyOffset,
    parseDiagnostics: fm.diagnostics,
  };
  if (type === undefined) return note;
  try {
    // The line scanner handles the Markdown notes are usually made of (≈25× faster) and gives up on
    // anything it cannot be sure of; remark is the reference and the fallback. A differential test
    // proves the two agree wherever the scanner answers.
    const options = ctx.bodyOptions.get(type) ?? NO_SECTIONS;
    const body = fastExtractBody(text, fm.bodyOffset, lines, options) ?? extractBody(text, fm.bodyOffset, lines, options);
    return Object.assign(note, body);
  } catch (error) {
    // The Markdown parser recurses per nesting level: thousands of nested quotes or lists exhaust the stack.
    // The note keeps its front matter and is reported as not read, rather than taking the host down.
    note.parseDiagnostics = [
      ...note.parseDiagnostics,
      {
        code: 'file-skipped',
        severity: 'warning',
        message: `skipped: the Markdown body could not be read (${error instanceof RangeError ? 'nested too deeply' : 'parser error'}); its sections were not checked`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        data: { reason: 'body' },
      },
    ];
    return note;
  }
}

/**
 * The note type the front matter declares. Only configured types count: `type: page` in a static-site
 * README does not make it a note. When the YAML has errors the mapping is still read as far as it goes,
 * so that a typo elsewhere in the block does not hide the note (and its YAML error) from the checks.
 */
function declaredType(data: Record<string, unknown>, doc: Document | undefined, config: JournalConfig): string | undefined {
  let raw: unknown = data.type;
  if (raw === undefined && doc) {
    try {
      raw = isMap(doc.contents) ? doc.contents.get('type') : undefined;
    } catch {
      raw = undefined;
    }
  }
  if (typeof raw !== 'string') return undefined;
  const type = raw.trim();
  return type && Object.hasOwn(config.noteTypes, type) ? type : undefined;
}

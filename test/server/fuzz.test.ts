import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  LSPErrorCodes,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type Diagnostic,
  type Position,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AddLessonRequest, ApplyLessonRequest, NoteInfoRequest, StatusRequest } from '../../src/shared/protocol';
import { createRandom, type Random } from '../../bench/corpus';
import { LspClient, copyFixture, fixturesRoot, markdownFiles, repoRoot } from './lspClient';

/**
 * Random and mutated documents through the real protocol. Every request must be answered — with a
 * result, a null, or a deliberate error such as an invalid rename — never time out or fail with an
 * internal error, and no handler may throw (a thrown handler is logged as "… failed"). Seeded, so a
 * failure replays: FUZZ_SEED=<n> reruns one seed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const DOCUMENTS = Number(process.env.FUZZ_DOCUMENTS ?? 10_000);
const OPEN_AT_ONCE = 24;
const STEPS_PER_BATCH = 40;

const NASTY = [
  '---\n', '---js\nmodule.exports = { id: 1 }\n---\n', '---coffee\n', '---json\n{"a":1}\n---\n', '...\n', '\r\n', '\r', '\uFEFF', '\0', '\u0000\u0001\u0002',
  '[[', ']]', '[[L-', '[[EXP-', '[[L-0001]]', '[[EXP-001|v1]]', '[L 1]', '[l-2]', '[L-]', '[L-3.]', '- [L-0099] lesson\n', '- [ ] task @', 'due: 2020-01-01',
  '## ', '# ', '### Lessons Learned\n', '## Results\n\nTBD\n', 'Results\n=======\n', 'Outcome\n-------\n', '```\n', '~~~\n', '<!--', '-->', '<div>\n', '> ', '    ',
  'applies: [', 'applies:\n  - ', 'related: [EXP-', 'id: ', 'type: postmortem\n', 'type: experiment\n', 'status: \n', 'outcome: failure\n', 'failure_mode: x\n',
  ': : :', 'a: &x [*x, *x]\n', 'b: *nope\n', 'key: "unclosed\n', '{{{', '- - -', '\t', 'human error', 'careless', "Sam's fault", '😀', '\u{1F9EA}', 'é', '\u200b',
  'metrics:\n  auc: .nan\n', 'date: 2026-02-30\n', '[link](../nowhere.md#x)', '[x](#lessons-learned)', '|a|b|\n|-|-|\n', '1. [x] done\n', '* [L-0001] again\n',
];

function randomText(rnd: Random, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEF-_:[]#*`>|!\n\n\n0123456789';
  let s = '';
  while (s.length < length) s += rnd.chance(0.15) ? rnd.pick(NASTY) : alphabet[rnd.int(0, alphabet.length - 1)];
  return s;
}

/** A random edit: an insertion of nasty or random text, a deletion, a duplication or a CRLF conversion. */
function randomEdit(rnd: Random, text: string): string {
  const at = rnd.int(0, text.length);
  const roll = rnd.next();
  if (roll < 0.35) return text.slice(0, at) + rnd.pick(NASTY) + text.slice(at);
  if (roll < 0.55) return text.slice(0, at) + text.slice(Math.min(text.length, at + rnd.int(1, 200)));
  if (roll < 0.7) return text.slice(0, at) + randomText(rnd, rnd.int(1, 80)) + text.slice(at);
  if (roll < 0.8) {
    const end = Math.min(text.length, at + rnd.int(1, 400));
    return text.slice(0, end) + text.slice(at, end) + text.slice(end);
  }
  if (roll < 0.86) return text.replace(/\r?\n/g, '\r\n');
  if (roll < 0.9) return '\uFEFF' + text;
  if (roll < 0.93) return text.slice(0, at) + 'x'.repeat(rnd.int(5_000, 60_000)) + text.slice(at); // a huge line
  if (roll < 0.96) return text.slice(0, at) + '\0'.repeat(rnd.int(1, 4)) + text.slice(at);
  return text.slice(0, at) + text.slice(at).split('').reverse().join('').slice(0, 300);
}

function positionIn(rnd: Random, text: string): Position {
  const lines = text.split('\n');
  const line = rnd.chance(0.1) ? lines.length + rnd.int(0, 5) : rnd.int(0, lines.length - 1);
  const length = lines[line]?.length ?? 0;
  // Sometimes past the end of the line, or inside a surrogate pair.
  return { line, character: rnd.chance(0.1) ? length + rnd.int(1, 50) : rnd.int(0, length) };
}

function rangeIn(rnd: Random, text: string): Range {
  const a = positionIn(rnd, text);
  const b = positionIn(rnd, text);
  return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
}

const CODES = ['section-missing', 'frontmatter-schema', 'outcome-missing', 'action-item-owner', 'blaming-language', 'lesson-id-malformed', 'lesson-missing-id', 'failure-mode-unknown', 'file-skipped', 'unknown-lesson'];

/** Diagnostics as the client would send them back, and forged ones with odd data. */
function diagnosticsFor(rnd: Random, client: LspClient, uri: string, text: string): Diagnostic[] {
  const published = client.lastDiagnostics(uri)?.diagnostics ?? [];
  const forged: Diagnostic[] = Array.from({ length: rnd.int(0, 3) }, () => ({
    range: rangeIn(rnd, text),
    message: 'forged',
    source: 'experiment-journal',
    code: rnd.pick(CODES),
    data: rnd.pick([undefined, null, {}, { section: 'Nope' }, { section: 'Results' }, { missingFields: ['id', 'title', 'status', 'bogus'] }, { missingFields: 'id' }, { suggestion: 42 }, { suggestion: 'L-7' }, { suggestions: ['a', 'b'] }, [1, 2]]),
  }));
  return [...published, ...forged];
}

describe('Fuzz: random and mutated documents through the protocol', () => {
  let client: LspClient;
  let root: string;
  const seeds: string[] = [];
  before(async () => {
    root = copyFixture('journal');
    client = await LspClient.start({ folders: [root], debounceMs: 0 });
    for (const dir of [join(fixturesRoot, 'journal'), join(repoRoot, 'examples', 'journal')]) {
      for (const path of markdownFiles(dir)) seeds.push(readFileSync(join(dir, path), 'utf8'));
    }
    for (const entry of readdirSync(join(fixturesRoot, 'second', 'experiments'))) seeds.push(readFileSync(join(fixturesRoot, 'second', 'experiments', entry), 'utf8'));
  });
  after(() => client?.stop());

  it(`Should answer every request for ${DOCUMENTS.toLocaleString('en-US')} documents and stay alive`, { timeout: 600_000 }, async () => {
    const rnd = createRandom(SEED);
    const uris = Array.from({ length: OPEN_AT_ONCE }, (_, i) =>
      i % 4 === 3 ? `untitled:fuzz-${i}.md` : client.uri(0, `${rnd.pick(['experiments', 'postmortems', 'notes'])}/fuzz-${i}.md`),
    );
    const open = new Set<string>();
    let documents = 0;
    let requests = 0;
    const failures: string[] = [];
    const sinceStart = client.mark();

    const ask = async <T>(name: string, send: () => Promise<T>): Promise<void> => {
      requests++;
      try {
        await send();
      } catch (error) {
        // Deliberate refusals (an invalid rename) are fine; an internal error or a crash is not.
        if (error instanceof ResponseError && error.code !== ErrorCodes.InternalError && error.code !== LSPErrorCodes.RequestFailed && error.code !== ErrorCodes.UnknownErrorCode) return;
        failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };

    while (documents < DOCUMENTS) {
      const pending: Promise<void>[] = [];
      for (let step = 0; step < STEPS_PER_BATCH && documents < DOCUMENTS; step++) {
        const uri = rnd.pick(uris);
        if (!open.has(uri)) {
          const base = rnd.chance(0.8) ? rnd.pick(seeds) : randomText(rnd, rnd.int(0, 3_000));
          let text = base;
          for (let k = rnd.int(0, 6); k > 0; k--) text = randomEdit(rnd, text);
          await client.open(uri, text);
          open.add(uri);
        } else if (rnd.chance(0.08)) {
          await client.close(uri);
          open.delete(uri);
          continue;
        } else {
          const current = client.text(uri);
          let changes: TextDocumentContentChangeEvent[];
          if (rnd.chance(0.2)) {
            changes = [{ text: randomEdit(rnd, current) }];
          } else {
            // Incremental: one to three range edits, each against the text left by the previous one.
            changes = [];
            let text = current;
            for (let k = rnd.int(1, 3); k > 0; k--) {
              const range = rangeIn(rnd, text);
              const insert = rnd.chance(0.5) ? rnd.pick(NASTY) : randomText(rnd, rnd.int(0, 40));
              changes.push({ range, text: insert });
              text = applyOne(text, range, insert);
            }
          }
          await client.change(uri, changes);
        }
        documents++;
        const text = client.text(uri);
        const doc = { uri };
        for (let r = rnd.int(1, 3); r > 0; r--) {
          const position = positionIn(rnd, text);
          switch (rnd.int(0, 12)) {
            case 0:
            case 1:
              pending.push(ask('completion', () => client.connection.sendRequest(CompletionRequest.type, { textDocument: doc, position })));
              break;
            case 2:
            case 3:
              pending.push(ask('hover', () => client.connection.sendRequest(HoverRequest.type, { textDocument: doc, position })));
              break;
            case 4:
              pending.push(ask('definition', () => client.connection.sendRequest(DefinitionRequest.type, { textDocument: doc, position })));
              break;
            case 5:
              pending.push(ask('references', () => client.connection.sendRequest(ReferencesRequest.type, { textDocument: doc, position, context: { includeDeclaration: rnd.chance(0.5) } })));
              break;
            case 6:
              pending.push(ask('documentSymbol', () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: doc })));
              break;
            case 7:
            case 8:
              pending.push(ask('codeAction', () => client.connection.sendRequest(CodeActionRequest.type, { textDocument: doc, range: rangeIn(rnd, text), context: { diagnostics: diagnosticsFor(rnd, client, uri, text) } })));
              break;
            case 9:
              pending.push(ask('prepareRename', () => client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: doc, position })));
              pending.push(ask('rename', () => client.connection.sendRequest(RenameRequest.type, { textDocument: doc, position, newName: rnd.pick(['L-NEW-1', 'EXP-NEW', 'bad name', '', 'L-0001', 'x'.repeat(300)]) })));
              break;
            case 10:
              pending.push(ask('codeLens', () => client.connection.sendRequest(CodeLensRequest.type, { textDocument: doc })));
              break;
            case 11:
              pending.push(ask('applyLesson', () => client.connection.sendRequest(ApplyLessonRequest, { uri, lessonId: rnd.pick(['L-0001', 'L-9999', 'L-', '']) })));
              pending.push(ask('noteInfo', () => client.connection.sendRequest(NoteInfoRequest, { uri })));
              break;
            default:
              pending.push(ask('addLesson', () => client.connection.sendRequest(AddLessonRequest, { uri, text: rnd.pick([undefined, '', 'A lesson.', '\0\r\n']) })));
          }
        }
      }
      await withTimeout(Promise.all(pending), 30_000, `a batch of ${pending.length} requests (at document ${documents})`);
      assert.deepEqual(failures, [], `seed ${SEED}`);
      assert.ok(client.alive, `the server died at document ${documents} (seed ${SEED}): ${client.stderr.slice(-2000)}`);
    }

    // The server still works: a status round trip, and diagnostics for a fresh note.
    const status = await client.connection.sendRequest(StatusRequest);
    assert.equal(typeof status.notes, 'number');
    const probe = client.uri(0, 'experiments/probe.md');
    await client.open(probe, '---\nid: EXP-PROBE\ntype: experiment\n---\n');
    await client.waitForDiagnostics(probe, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'frontmatter-schema'), 30_000);
    assert.ok(client.alive);
    assert.ok(requests >= DOCUMENTS, `${requests} requests`);
    // No handler threw: a caught exception is logged as "<name> failed: …".
    const errors = client.eventsOf('log', sinceStart).filter((e) => e.params.type === 1).map((e) => e.params.message.slice(0, 500));
    assert.deepEqual(errors, [], `seed ${SEED}`);
  });
});

function applyOne(text: string, range: Range, insert: string): string {
  return TextDocument.applyEdits(TextDocument.create('untitled:x', 'markdown', 0, text), [{ range, newText: insert }]);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not answered within ${ms} ms (seed ${SEED})`)), ms)))]).finally(() => clearTimeout(timer));
}

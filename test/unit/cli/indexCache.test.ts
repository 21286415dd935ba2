import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FsWorkspace } from '../../../src/cli/fsWorkspace';
import { readIndexCache, writeIndexCache } from '../../../src/cli/indexCache';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { JOURNAL } from '../index/journal';

const dir = mkdtempSync(join(tmpdir(), 'ej-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function journal(): Promise<{ root: string; index: JournalIndex }> {
  const root = mkdtempSync(join(dir, 'journal-'));
  for (const [path, text] of Object.entries(JOURNAL)) {
    const file = join(root, ...path.split('/'));
    (await import('node:fs')).mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  return { root, index: await JournalIndex.build(new FsWorkspace(root), DEFAULT_CONFIG, { today: '2026-06-01' }) };
}

describe('index cache file', () => {
  it('Should read back exactly the snapshot it wrote, and give a warm index equal to the cold one', async () => {
    const { root, index } = await journal();
    const file = join(dir, 'a', 'index');
    await writeIndexCache(file, 'test 1.0', index.snapshot());
    const read = await readIndexCache(file, 'test 1.0');
    assert.ok(read.snapshot);
    assert.deepEqual(read.snapshot, index.snapshot());
    const warm = await JournalIndex.build(new FsWorkspace(root), DEFAULT_CONFIG, { today: '2026-06-01', snapshot: read.snapshot });
    for (const path of index.paths()) {
      assert.deepEqual(warm.note(path), index.note(path));
      assert.deepEqual(warm.diagnosticsFor(path), index.diagnosticsFor(path));
    }
    assert.deepEqual(readdirSync(join(dir, 'a')), ['index'], 'no temporary file left behind');
  });

  it('Should ignore a cache of another program version, a missing one, and every truncation of a good one', async () => {
    const { index } = await journal();
    const file = join(dir, 'b');
    assert.deepEqual(await readIndexCache(file, 'test 1.0'), { snapshot: undefined, reason: 'missing', detail: 'ENOENT' });
    await writeIndexCache(file, 'test 1.0', index.snapshot());
    const other = await readIndexCache(file, 'test 2.0');
    assert.equal(other.snapshot, undefined);
    assert.equal(!other.snapshot && other.reason, 'stale');
    const bytes = readFileSync(file);
    const cut = join(dir, 'cut');
    for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 97))) {
      writeFileSync(cut, bytes.subarray(0, n));
      const read = await readIndexCache(cut, 'test 1.0');
      assert.equal(read.snapshot, undefined, `a file cut at ${n} of ${bytes.length} bytes is not used`);
    }
  });

  it('Should ignore a damaged cache instead of throwing', async () => {
    const { index } = await journal();
    const file = join(dir, 'c');
    await writeIndexCache(file, 'test 1.0', index.snapshot());
    const bytes = readFileSync(file);
    for (const at of [3, 20, Math.floor(bytes.length / 2)]) {
      const damaged = Buffer.from(bytes);
      for (let i = at; i < Math.min(bytes.length, at + 16); i++) damaged[i] = 0xff;
      writeFileSync(file, damaged);
      const read = await readIndexCache(file, 'test 1.0');
      if (read.snapshot) {
        // Damage inside a string can still deserialise; the entries must then still be whole objects.
        for (const e of Object.values(read.snapshot.entries)) assert.equal(typeof e.path, 'string');
      } else assert.equal(read.reason, 'damaged');
    }
    writeFileSync(file, 'not a cache at all');
    assert.equal((await readIndexCache(file, 'test 1.0')).snapshot, undefined);
  });

  it('Should keep the previous cache when a write fails midway', async () => {
    const { index } = await journal();
    const file = join(dir, 'd');
    await writeIndexCache(file, 'test 1.0', index.snapshot());
    const before = readFileSync(file);
    const bad = index.snapshot();
    (bad.entries as Record<string, unknown>)['x.md'] = { path: 'x.md', note: undefined, localDiagnostics: [], fn: () => 1 }; // not serialisable
    await assert.rejects(writeIndexCache(file, 'test 1.0', bad));
    assert.deepEqual(readFileSync(file), before);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('d.')), [], 'the temporary file is removed');
  });
});

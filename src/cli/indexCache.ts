import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { BuildStats, IndexEntry, IndexSnapshot } from '../core/index/journalIndex';

/**
 * The index persisted between runs (the CLI's `--cache`, the language server's workspace storage), so a
 * start where nothing changed stats the files instead of reading and parsing them.
 *
 * File layout: an 8-byte magic, then length-prefixed records (uint32 LE + V8-serialised value): a header
 * `{ program, snapshotVersion, configKey, count }`, one record per entry, and an empty record that marks
 * the end. Entries are serialised and read one at a time, so neither writing nor reading holds a second
 * copy of the whole index in memory; a file cut short (a crash while writing, a full disk) lacks the end
 * record and is ignored. Writes go to a temporary file renamed over the old one, so a reader never sees
 * half a file and an interrupted write leaves the previous cache intact.
 *
 * The cache holds only what the index derived from the notes; it is never the only copy of anything,
 * and any doubt (other program version, other format, damage) means it is ignored and rebuilt.
 */
const MAGIC = Buffer.from('EJIDX\u0000\u0001\n', 'latin1');
const BLOCK = 1 << 20;

interface Header {
  program: string;
  snapshotVersion: number;
  configKey: string;
  count: number;
}

export type CacheRead = { snapshot: IndexSnapshot } | { snapshot: undefined; reason: 'missing' | 'stale' | 'damaged'; detail?: string };

/**
 * Reads a cache written by `writeIndexCache` of the same `program` (name and version: a cache of
 * another build is not trusted to have the same shape). Never throws.
 */
export async function readIndexCache(file: string, program: string): Promise<CacheRead> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { snapshot: undefined, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'damaged', detail: code };
  }
  try {
    const reader = new RecordReader(async (buffer, offset, length, position) => (await handle.read(buffer, offset, length, position)).bytesRead);
    const magic = await reader.bytes(MAGIC.length);
    if (!magic || !MAGIC.equals(magic)) return { snapshot: undefined, reason: 'damaged', detail: 'not an index cache' };
    const header = (await reader.record()) as Header | undefined;
    if (!header || typeof header !== 'object') return { snapshot: undefined, reason: 'damaged', detail: reader.cutShort ? 'cut short' : 'no header' };
    if (header.program !== program) return { snapshot: undefined, reason: 'stale', detail: `written by ${String(header.program)}` };
    const entries: Record<string, IndexEntry> = {};
    for (let i = 0; i < header.count; i++) {
      const entry = (await reader.record()) as IndexEntry | undefined;
      if (!entry || typeof entry.path !== 'string') return { snapshot: undefined, reason: 'damaged', detail: reader.cutShort ? 'cut short' : `entry ${i + 1} of ${header.count} unreadable` };
      entries[entry.path] = entry;
    }
    if ((await reader.record()) !== END) return { snapshot: undefined, reason: 'damaged', detail: 'cut short' };
    return { snapshot: { version: header.snapshotVersion, configKey: header.configKey, entries } };
  } catch (error) {
    return { snapshot: undefined, reason: 'damaged', detail: (error as Error).message };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Writes the snapshot (atomically: a temporary file renamed into place). Throws on I/O errors; the caller decides how loud to be. */
export async function writeIndexCache(file: string, program: string, snapshot: IndexSnapshot): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  let renamed = false;
  try {
    const paths = Object.keys(snapshot.entries);
    const writer = new BlockWriter(async (buffer) => {
      await handle.write(buffer);
    });
    await writer.bytes(MAGIC);
    const header: Header = { program, snapshotVersion: snapshot.version, configKey: snapshot.configKey, count: paths.length };
    await writer.record(serialize(header));
    for (const path of paths) await writer.record(serialize(snapshot.entries[path]));
    await writer.record(new Uint8Array(0));
    await writer.flush();
    await handle.close();
    await rename(temporary, file);
    renamed = true;
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}

/**
 * Whether a build from `snapshot` left it exactly as it was: nothing read, every entry taken (none
 * vanished, none ignored for another configuration), so there is nothing new to write.
 */
export function snapshotStillCurrent(snapshot: IndexSnapshot | undefined, stats: BuildStats | undefined): boolean {
  return snapshot !== undefined && stats !== undefined && stats.read === 0 && stats.reused === Object.keys(snapshot.entries).length;
}

/** What `record()` returns for the empty end record. */
const END = Symbol('end');

class RecordReader {
  private buffer = Buffer.alloc(BLOCK);
  private start = 0;
  private end = 0;
  private position = 0;
  private eof = false;

  constructor(private readonly readAt: (buffer: Buffer, offset: number, length: number, position: number) => Promise<number>) {}

  /** Makes `n` bytes available from `start`; false at the end of the file. */
  private async fill(n: number): Promise<boolean> {
    while (this.end - this.start < n) {
      if (this.eof) return false;
      if (this.buffer.length - this.start < n) {
        // Move what is left to the front, growing the buffer for a record larger than it.
        const next = Buffer.alloc(Math.max(BLOCK, n * 2));
        this.buffer.copy(next, 0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
        this.buffer = next;
      }
      const read = await this.readAt(this.buffer, this.end, this.buffer.length - this.end, this.position);
      if (read === 0) this.eof = true;
      this.end += read;
      this.position += read;
    }
    return true;
  }

  /** The file ended inside a record. */
  cutShort = false;

  async bytes(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(n))) {
      this.cutShort = true;
      return undefined;
    }
    const out = this.buffer.subarray(this.start, this.start + n);
    this.start += n;
    return out;
  }

  /** The next record's value, `END` for the end record, undefined when the file ends first. */
  async record(): Promise<unknown> {
    const head = await this.bytes(4);
    if (!head) return undefined;
    const length = head.readUInt32LE(0);
    if (length === 0) return END;
    const body = await this.bytes(length);
    return body && deserialize(body);
  }
}

class BlockWriter {
  private buffer = Buffer.alloc(BLOCK);
  private used = 0;

  constructor(private readonly write: (buffer: Buffer) => Promise<void>) {}

  async bytes(data: Uint8Array): Promise<void> {
    if (this.used + data.length > this.buffer.length) await this.flush();
    if (data.length > this.buffer.length) {
      await this.write(Buffer.from(data.buffer, data.byteOffset, data.length));
      return;
    }
    this.buffer.set(data, this.used);
    this.used += data.length;
  }

  async record(data: Uint8Array): Promise<void> {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(data.length, 0);
    await this.bytes(head);
    await this.bytes(data);
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await this.write(this.buffer.subarray(0, this.used)); // awaited: the block is reused only after the write
    this.used = 0;
  }
}
